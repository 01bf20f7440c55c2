"""Where the map's placing pin starts, and how close the map zooms to it (pure, no Qt).

A manager placing a customer by hand drags the pin to the shop's street: the map flies to
the best guess of where the shop is, at street level (:data:`STREET_ZOOM`), so that the
drag is a short one (offline, where the map has no streets, the page flies no closer than a
town's customers: ``OFFLINE_ZOOM`` in tp_place.js). The best guess, best first:

1. the customer's own position, when it is a trusted one (found for its address, placed
   by hand, given by the list: :func:`planner._geocode_nearby.trusted_mask`);
2. the middle of the plan's other customers of its address's 丁目, else of its town
   (:class:`planner._geocode_nearby.NearbyPlaces`): a shop whose address was corrected
   offline still sits at its previous address;
3. its position, whatever it is (approximate, the previous address's);
4. the middle of the customers of its municipality, less close (:data:`CITY_ZOOM`);
5. nothing: the pin at the middle of the map as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner import model as m
from planner._geocode_nearby import nearby_places, trusted_mask

#: Street level: a 丁目 fills the map, its streets can be told apart.
STREET_ZOOM = 16
#: A municipality's customers: the pin starts somewhere in the town, not on its street.
CITY_ZOOM = 13


@dataclass(frozen=True)
class PinStart:
    """Where the pin starts (``lat``, ``lon``), the zoom to show it at, and why
    (``own``, ``chome``, ``town``, ``position``, ``city``)."""

    lat: float
    lon: float
    zoom: int
    source: str

    @property
    def at(self) -> tuple[float, float]:
        return (self.lat, self.lon)


def customer_pin_start(plan: m.Plan, customer_id: str) -> PinStart | None:
    """The best guess of where ``customer_id`` is (see the module's list); None when the
    plan knows nothing that places it."""
    c = plan.customers
    mine = (c[m.CUSTOMER_ID] == customer_id).to_numpy()
    if not mine.any():
        return None
    pos = int(mine.argmax())
    row = c.iloc[pos]
    lat, lon = float(row[m.LAT]), float(row[m.LON])
    located = math.isfinite(lat) and math.isfinite(lon)
    if located and bool(trusted_mask(c.iloc[[pos]])[0]):
        return PinStart(lat, lon, STREET_ZOOM, "own")
    address = row[m.ADDRESS] if m.ADDRESS in c else ""
    match = nearby_places(c.loc[~mine], [address]).find(address)
    if match is not None and match.quality != "city":
        return PinStart(match.lat, match.lon, STREET_ZOOM, match.quality)
    if located:
        return PinStart(lat, lon, STREET_ZOOM, "position")
    if match is not None:
        return PinStart(match.lat, match.lon, CITY_ZOOM, "city")
    return None


def home_pin_start(plan: m.Plan, territory_id: str) -> PinStart | None:
    """Where a rep's home base pin starts: at the home base, at street level (None when the
    territory has none)."""
    t = plan.territory(territory_id)
    if not t.has_home:
        return None
    return PinStart(float(t.home_lat), float(t.home_lon), STREET_ZOOM, "own")  # type: ignore[arg-type]
