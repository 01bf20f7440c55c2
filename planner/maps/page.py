"""The interactive map page: a folium (Leaflet) skeleton plus the project's own scripts.

folium builds the map, the base tile layers and the layer control; everything
interactive (the canvas point layer, territories, tools, the bridge client) is
the project's JavaScript in ``planner/maps/static``. No file comes from the
internet: folium's CDN links are replaced per map instance by URLs under
``base`` (the view's custom scheme), and only map tiles go online.
"""

from __future__ import annotations

from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from planner import model as m
from planner.i18n import language, tr
from planner.maps.data import dumps
from planner.maps.leaflet_words import LEAFLET_WORDS, SCRIPT
from planner.maps.tiles import BASE_MAPS

#: Scheme and host the map view serves the page and its files from.
SCHEME = "tpmap"
BASE_URL = f"{SCHEME}://app/"

#: The project's scripts, in load order (each one concern, see the files).
SCRIPTS = (
    "tp_core.js",
    SCRIPT,  # tp_leaflet_words.js: Leaflet's own buttons in the page's language
    "tp_points.js",
    "tp_layers.js",
    "tp_label_place.js",
    "tp_labels.js",
    "tp_select.js",
    "tp_edit.js",
    "tp_tools.js",
    "tp_place.js",
    "tp_fit.js",
)
STYLES = ("tp.css",)


#: Centre of the default view (Tokyo) before data arrives.
DEFAULT_CENTER = (35.68, 139.69)


def page_strings() -> dict[str, Any]:
    """The page's user-visible words in the current language."""
    words = {
        "osm": "OpenStreetMap",
        "gsi_std": "GSI map (standard)",
        "gsi_pale": "GSI map (pale)",
        "outline": "Outline (offline)",
        "customers": "Customer markers",
        "territories": "Territories",
        "homes": "Home bases",
        "route": "Route",
        "legend": "Territories",
        "fold": "Click to show or hide the list",
        "unassigned": "Unassigned",
        "locked": "Locked",
        "approximate": "Approximate position: check it on the map",
        "address": "Address",
        "rank": "Rank",
        "frequency": "Visits / 4 weeks",
        "territory": "Territory",
        "rep": "Rep",
        "home": "Home base",
        "tool_pan": "Pan / click to select",
        "tool_lasso": "Lasso select",
        "tool_rect": "Rectangle select",
        "tool_edit": "Edit boundaries",
        "tool_draw": "Draw territory",
        "tool_move": "Move customer",
        "short_pan": "Select",
        "short_lasso": "Lasso",
        "short_rect": "Box",
        "short_edit": "Edit",
        "short_draw": "Draw",
        "short_move": "Move",
        **LEAFLET_WORDS,  # zoom_in, zoom_out, layers (the shared file has the same)
        "size_by": "Marker size",
        "size_none": "Same size",
        "size_sales": "By sales",
        "size_rank": "By rank",
        "draw_hint": "Click to add corners; double-click or click the first corner to finish.",
        "edit_hint": "Click a territory, then drag its corners. Double-click a corner to delete it.",
        "place_hint": "Drag the pin to the right place, then confirm (Esc cancels).",
        "place_confirm": "Confirm",
        "place_cancel": "Cancel",
        "offline": "Map tiles unavailable: showing the offline outline.",
        "offline_badge": "Offline map",
        "offline_tip": "Map tiles cannot be loaded (offline?), so the map shows only the "
                       "outline of Japan. Once connected, click here to load the map again.",
        "closed": "Closing days",
        "visit": "Visit days",
        "week": "Visit week",
        "week_n": "week {n}",
        "hours": "Visiting hours",
        "visit_day": "Visit day (calendar)",
        "several_days": "Several days",
        "no_visits": "Not in the calendar",
        **{f"day_{d}": title for d, title in m.WEEKDAY_TITLES.items()},
    }
    # "lang": the page's language, for the browser's line breaks (a Japanese notice breaks
    # between phrases, not inside オフライン)
    japanese = language() == "ja"
    return {key: tr(text) for key, text in words.items()} | {
        "lang": language(),
        # a customer's tooltip: its frequency in the list's words, its rep in brackets of
        # the page's language (「東エリア（佐藤）」, "東エリア (佐藤)"), its visit week said once
        "frequency_words": tr("Visit frequency"),  # its words come with the data
        "gap": "\u3000" if japanese else " · ",
        "bracket": tr("{a} ({b})"),
        "week_line": tr("Visit week: {n}"),
    }


class _Boot(MacroElement):
    """Hands folium's map, layer control and base layers to the project's script."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
TP.boot({{ this._parent.get_name() }}, {{ this.control.get_name() }}, {
{%- for key, layer in this.bases.items() %}"{{ key }}": {{ layer.get_name() }},{% endfor -%}
}, {{ this.config }});
{% endmacro %}
"""
    )

    def __init__(self, control: folium.LayerControl, bases: dict[str, Any], config: str):
        super().__init__()
        self._name = "TPBoot"
        self.control = control
        self.bases = bases
        self.config = config


def _script_json(value: Any) -> str:
    """JSON safe to embed inside a <script> element."""
    return dumps(value).replace("</", "<\\/").replace("<!--", "<\\!--")


def build_page(*, base: str = BASE_URL, config: dict[str, Any] | None = None) -> str:
    """The page's HTML. ``base`` is where ``leaflet/``, ``static/``, ``font/`` … are served."""
    fmap = folium.Map(
        location=DEFAULT_CENTER,
        zoom_start=10,
        tiles=None,
        prefer_canvas=False,
        control_scale=False,  # TP.boot adds it in kilometres only
        zoom_control=True,
    )
    # Per instance: folium's class-level lists point at CDNs (and add_js_link mutates them).
    fmap.default_js = [("leaflet", f"{base}leaflet/leaflet.js")] + [
        (name.removesuffix(".js"), f"{base}static/{name}") for name in SCRIPTS
    ]
    fmap.default_js.insert(1, ("qwebchannel", f"{base}qwebchannel.js"))
    fmap.default_css = [("leaflet_css", f"{base}leaflet/leaflet.css")] + [
        (name.removesuffix(".css"), f"{base}static/{name}") for name in STYLES
    ]
    words = page_strings()
    bases = {
        key: folium.TileLayer(
            tiles=url,
            attr=attribution,
            name=words[key],
            max_zoom=19,
            max_native_zoom=native,
            min_zoom=5,
            show=key == "gsi_pale",
        )
        for key, (url, attribution, native) in BASE_MAPS.items()
    }
    for layer in bases.values():
        layer.add_to(fmap)
    control = folium.LayerControl(position="topright", collapsed=True)
    control.add_to(fmap)
    full_config = {
        "base": base,
        "strings": words,
        "palette": list(m.PALETTE),
        "days": list(m.WEEKDAYS),
        "day_colors": list(m.DAY_GROUP_COLORS),
        "outline": f"{base}japan/prefectures.geojson",
        **(config or {}),
    }
    _Boot(control, bases, _script_json(full_config)).add_to(fmap)
    html = fmap.get_root().render()
    return html.replace(
        '<meta http-equiv="content-type" content="text/html; charset=UTF-8" />',
        '<meta charset="utf-8" />',
        1,
    )
