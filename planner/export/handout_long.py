"""The PDF hand-outs' mark on a day longer than the rep's day (:mod:`planner.day_length`):
a red line on the day's page saying how long it is and what to do, the day's cell in red on
the rep's overview, and a red line under the overview's table naming those days."""

from __future__ import annotations

from matplotlib.figure import Figure

from planner.day_length import long_day_note, long_days_text
from planner.export.common import display_width

#: The red of a day too long (the route sheets' red).
LONG_RED = "#c00000"


def fitting_size(text: str, width_pt: float, size: float) -> float:
    """The type size (at most ``size``, at least 6) at which ``text`` fits ``width_pt``."""
    wide = display_width(text)
    # a half-width character is about 0.55 em in the embedded font
    return size if not wide else max(6.0, min(size, width_pt / (wide * 0.55)))


def mark_long_day(fig: Figure, long: tuple[float, float], rep: str, *, y: float) -> None:
    """The red line at ``y`` (top, figure fraction) of a day's page whose (hours, the rep's
    day) ``long`` is too long, in a red frame."""
    mark_red_line(fig, long_day_note(*long, rep=rep), y=y)


def mark_red_line(fig: Figure, text: str, *, y: float) -> None:
    """``text`` at ``y`` (top, figure fraction) of a day's page, red in a red frame: what
    the rep must know before setting out (a day too long, a day off with visits left)."""
    size = fitting_size(text, 0.86 * fig.get_figwidth() * 72, 9.5)
    fig.text(0.07, y, text, fontsize=size, va="top", color=LONG_RED, fontweight="bold",
             bbox={"facecolor": "white", "edgecolor": LONG_RED, "pad": 2.5})


#: The room the red line takes above a long day's map (figure fraction).
LONG_LINE_ROOM = 0.024


def mark_long_days(fig: Figure, records: list[dict[str, object]], *, y: float) -> None:
    """Under the overview's table (at ``y``): the rep's days longer than their day, in red;
    the sentence on one line, the days under it."""
    text = long_days_text(records)  # type: ignore[arg-type]
    if not text:
        return
    head, sep, days = text.partition("：" if "：" in text else ": ")
    fig.text(0.06, y, head + sep.strip(), fontsize=9.5, va="top", color=LONG_RED,
             fontweight="bold")
    size = fitting_size(days, 0.88 * fig.get_figwidth() * 72, 9.0)
    fig.text(0.06, y - 0.018, days, fontsize=size, va="top", color=LONG_RED, fontweight="bold")
