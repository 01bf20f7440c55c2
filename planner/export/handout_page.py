"""The handouts' reused A4 page: its size and map rectangle, emptied for the next page, its
title lines, and the type sizes and figures its overview and day pages share."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from planner.export.common import display_width
from planner.export.handout_table import MAP_GAP, MAP_TOP, TABLE_TOP_UNDER_MAP
from planner.routing import clock_minutes

A4 = (8.27, 11.69)
#: left, bottom, width, height (figure fraction); a long day's map is shorter (day_map_rect)
MAP_RECT = (0.06, TABLE_TOP_UNDER_MAP + MAP_GAP, 0.88, MAP_TOP - MAP_GAP - TABLE_TOP_UNDER_MAP)


def day_map_rect(table_top: float) -> tuple[float, float, float, float]:
    """The day map's rectangle above a stop table whose header is at ``table_top``."""
    bottom = table_top + MAP_GAP
    return MAP_RECT[0], bottom, MAP_RECT[2], MAP_TOP - bottom


def reset_page(fig: Figure, *, with_map: bool = True,
               rect: tuple[float, float, float, float] = MAP_RECT) -> Axes:
    """Empty the reused page (faster than a new figure or ``fig.clear()``); return the map
    axes, placed at ``rect``."""
    for artist in [*fig.texts, *fig.lines, *fig.patches, *fig.artists]:
        artist.remove()
    if not fig.axes:
        fig.add_axes(rect)
    ax = fig.axes[0]
    ax.set_position(rect)
    for artist in [*ax.collections, *ax.lines, *ax.texts, *ax.patches, *ax.images]:
        artist.remove()
    legend = ax.get_legend()
    if legend is not None:
        legend.remove()
    ax.set_visible(with_map)
    return ax


def page_title(fig: Figure, title: str, subtitle: str) -> None:
    fig.text(0.06, 0.965, title, fontsize=15, va="top")
    # a long line of figures in smaller type rather than past the map's right edge
    size = fitting_size([subtitle], 0.88 * fig.get_figwidth() * 72 + 8.0, 9.5)
    fig.text(0.06, 0.938, subtitle, fontsize=size, va="top", color="#333333")


def fitting_size(texts: Iterable[str], width_pt: float, size: float) -> float:
    """The font size (at most ``size``, at least 6) at which the widest text fits a column."""
    widest = max((display_width(t) for t in texts), default=0)
    if widest == 0:
        return size
    # a half-width character is about 0.55 em in the embedded font; keep a gap of 8 points
    return max(6.0, min(size, (width_pt - 8.0) / (widest * 0.55)))


def service_minutes(rows: pd.DataFrame) -> np.ndarray:
    """Minutes on site at each stop (departure − arrival; 0 where unreadable)."""
    minutes = clock_minutes(rows["departure"]) - clock_minutes(rows["arrival"])
    return np.where(np.isfinite(minutes), np.maximum(minutes, 0.0), 0.0)


def map_aspect(fig: Figure, rect: tuple[float, float, float, float] = MAP_RECT) -> float:
    w, h = fig.get_size_inches()
    return (rect[2] * w) / (rect[3] * h)
