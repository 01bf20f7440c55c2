"""Why a customer that lies outside its territory finds no room: the detour, in km.

After a revised list moved ten shops' addresses into other reps' areas (the rep kept them),
the rebuild left seven of them out with 「稼働日が埋まっています。」 alone: true (every day of
those reps held 7.5–8 of its 8 hours), yet it hid what made them not fit where their
neighbours did — a new address 9–39 km from the nearest customer their rep visits, whose
detour fits no day (placing them anew rather than on their kept day left as many out). The
reason says so, with the distance and the territory whose area holds the address.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely

from planner import model as m
from planner.i18n import tr
from planner.travel import haversine_km
from planner.unscheduled import FAR_IN_AREA, FAR_OUTSIDE, Reason


def far_reasons(
    territory: m.Territory,
    territories: Sequence[m.Territory],
    lost: list[tuple[int, str, str]],
    visited: np.ndarray,
    lat: np.ndarray,
    lon: np.ndarray,
    *,
    hours: float,
) -> list[tuple[int, str, str]]:
    """``lost`` (row, reason, code) with the reason of each customer left out for lack of
    room (:attr:`Reason.NO_ROOM`) that lies outside ``territory``'s boundary saying how far
    its address is from the nearest of the ``visited`` rows (and whose area holds it)."""
    boundary = territory.boundary
    if boundary is None or boundary.is_empty or not len(visited):
        return lost
    out: list[tuple[int, str, str]] = []
    for i, reason, code in lost:
        if code != Reason.NO_ROOM or not np.isfinite(lat[i]) or not np.isfinite(lon[i]):
            out.append((i, reason, code))
            continue
        point = shapely.Point(float(lon[i]), float(lat[i]))
        if shapely.covers(boundary, point):
            out.append((i, reason, code))
            continue
        km = float(np.min(haversine_km(lat[visited], lon[visited],
                                       np.full(len(visited), lat[i]),
                                       np.full(len(visited), lon[i]))))
        area = next((t.name or t.rep or t.id for t in territories
                     if t.id != territory.id and t.boundary is not None
                     and shapely.covers(t.boundary, point)), "")
        text = (tr(FAR_IN_AREA, hours=hours, km=km, area=area) if area
                else tr(FAR_OUTSIDE, hours=hours, km=km))
        out.append((i, text, code))
    return out
