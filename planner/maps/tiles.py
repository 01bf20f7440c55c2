"""The online base maps (the only requests that may leave the machine), in one place."""

from __future__ import annotations

GSI_ATTRIBUTION = (
    '<a href="https://maps.gsi.go.jp/development/ichiran.html" target="_blank">地理院タイル</a>'
)
OSM_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright" target="_blank">'
    "OpenStreetMap</a> contributors"
)

#: key → (URL template, attribution, highest zoom the server has)
BASE_MAPS: dict[str, tuple[str, str, int]] = {
    "gsi_pale": ("https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png", GSI_ATTRIBUTION, 18),
    "gsi_std": ("https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png", GSI_ATTRIBUTION, 18),
    "osm": ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", OSM_ATTRIBUTION, 19),
}

#: Hosts of the tile servers.
TILE_HOSTS = ("tile.openstreetmap.org", "cyberjapandata.gsi.go.jp")
