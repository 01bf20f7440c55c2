"""The Customers list's *Problems* column beside the name while a filter lists customers for
what is wrong with them (not in the calendar, moved or left out for holidays, problem rows):
the reason and what to change then read at a glance, instead of past the address at the far
right of the list. Another filter puts it back at the end. Only the order on screen moves:
the model's columns, and the widths kept between sessions, stay as they are."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView

from planner import model as m
from planner.ui.customer_model import COLUMNS

#: The filters whose customers are listed for a reason the Problems column gives.
REASON_FILTERS = frozenset(
    {"problems", "unscheduled", "unscheduled_fix", "unscheduled_room", "holidays"})
PROBLEMS_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.key == m.PROBLEMS)
NAME_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.key == m.NAME)
#: Wide enough for the start of a reason (「カレンダー外: 訪問時間帯（〜11:00）は…」).
READABLE_WIDTH = 320


def place_reason_column(header: QHeaderView, filter_key: str) -> None:
    """Move the Problems column beside the name for a filter of :data:`REASON_FILTERS`,
    else back to its own place (the last column)."""
    at = header.visualIndex(PROBLEMS_COLUMN)
    if filter_key in REASON_FILTERS:
        beside = header.visualIndex(NAME_COLUMN) + 1
        if at != beside:
            header.moveSection(at, beside if at > beside else beside - 1)
        if header.sectionSize(PROBLEMS_COLUMN) < READABLE_WIDTH:
            header.resizeSection(PROBLEMS_COLUMN, READABLE_WIDTH)
    elif at != PROBLEMS_COLUMN:
        header.moveSection(at, PROBLEMS_COLUMN)
