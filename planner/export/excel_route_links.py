"""The route sheet's Google Maps links (:mod:`planner.export.nav_links`): the row under a
day's title linking to its route, a cell a leg, and the looks of a linking cell."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from planner.export.excel_cells import ROW_POINTS
from planner.export.nav_links import Leg, leg_title, route_legs

#: The type of a cell linking to Google Maps: dark blue, underlined (prints legibly in grey).
LINK_BLUE = "1F3F8F"

#: A route sheet row: its values, cell looks (style ids) and height; maybe the web address a
#: cell links to, by column.
Row = tuple[Any, ...]

#: The columns a day's route links take, a leg each, widest first (name, address, notes);
#: a day of more than 30 stops goes on in the narrower ones.
_LEG_COLUMNS = (3, 4, 7, 5, 9, 2, 1)


def legs_widest(
    rows: pd.DataFrame, lat: np.ndarray, home: tuple[Any, Any] | None, nav: bool, width: int,
) -> list[list[Any]]:
    """A row of the longest route link texts the sheet's days give (none without links):
    the columns are made as wide as their links' text, up to their most."""
    if not nav:
        return []
    located = pd.Series(np.isfinite(lat), index=rows.index)
    most = int(located.groupby([rows["week"], rows["day"]]).sum().max() or 0)
    legs = len(route_legs([(k + 1, 35.0, 139.0) for k in range(most)],
                          start=(35.0, 139.0) if home else None))
    return [legs_row([Leg("", 0, 0, ())] * legs, width, 0)[0]] if legs else []


def legs_row(legs: list[Leg], width: int, look: int) -> Row:
    """The row under a day's title linking to its route in Google Maps, a cell per leg
    (one row for them all, not one a leg: a long day still fits its page)."""
    values: list[Any] = [None] * width
    looks = [0] * width
    links = {}
    for k, (leg, j) in enumerate(zip(legs, _LEG_COLUMNS, strict=False), start=1):
        values[j] = leg_title(k, len(legs))
        looks[j] = look
        links[j] = leg.url
    return values, looks, ROW_POINTS, links
