"""The PDF day pages' Google Maps links: a stop's name and address open the directions to
it, and the foot of the page links to the day's route in legs (:mod:`planner.export.nav_links`).
A PDF viewer on the phone opens them in Google Maps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from planner import model as m
from planner.export.handout_table import FOOTER_Y, LINK_COLOR, PAGE_POINTS, print_cells
from planner.export.nav_links import Leg, leg_title, route_legs, stop_url
from planner.i18n import tr

#: The type size of the route links at the foot of the page, beside the page number.
LEGS_SIZE = 7.5
#: The route links run from the table's left edge to at most here (the page number beyond).
LEGS_RIGHT = 0.36


def stop_links(rows: pd.DataFrame, lat: np.ndarray, lon: np.ndarray) -> dict[str, str]:
    """Per stop number (as the table prints it) the directions link to that stop (``lat``,
    ``lon``: the day's stops' positions, NaN for none: no link)."""
    out = {}
    for seq, a, o in zip(rows["seq"], lat, lon, strict=True):
        url = stop_url(a, o)
        if url:
            out[str(int(seq))] = url
    return out


def day_legs(t: m.Territory, rows: pd.DataFrame, lat: np.ndarray, lon: np.ndarray) -> list[Leg]:
    """The day's route from the rep's start point through its stops and back, in legs."""
    start = (float(t.home_lat), float(t.home_lon)) if t.has_home else None  # type: ignore[arg-type]
    return route_legs([(int(s), a, o) for s, a, o in zip(rows["seq"], lat, lon, strict=True)],
                      start=start)


def draw_legs(fig: Figure, legs: Sequence[Leg]) -> None:
    """The day's route links at the foot of the page, left of the page number:
    「Googleマップで道順（1/3） （2/3） （3/3）」, each a link to its leg."""
    x = 0.06
    for k, leg in enumerate(legs, start=1):
        # the later legs by their number only: 「（2/3）」
        text = leg_title(k, len(legs)) if k == 1 else tr("({number}/{legs})", number=k,
                                                           legs=len(legs))
        width = (print_cells(text) + 1) * LEGS_SIZE / 2 / PAGE_POINTS
        if x + width > LEGS_RIGHT and k > 1:
            break  # (a day of over 40 stops: the first legs; its stops link one by one)
        fig.text(x, FOOTER_Y, text, fontsize=LEGS_SIZE, color=LINK_COLOR, url=leg.url)
        x += width
