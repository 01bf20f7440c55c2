"""The Customers list's columns: which plan column each shows, its title (English source
text, translated when shown) and whether it is edited in place (:mod:`planner.ui.customer_model`)."""

from __future__ import annotations

from dataclasses import dataclass

from planner import model as m


@dataclass(frozen=True)
class Column:
    key: str  # plan column, or a derived key
    title: str  # English source text (translated when shown)
    editable: bool = False


COLUMNS = (
    Column(m.CUSTOMER_ID, "Code"),
    Column(m.NAME, "Name"),
    Column(m.TERRITORY, "Territory", editable=True),
    Column(m.RANK, "Rank"),
    Column(m.FREQUENCY, "Frequency", editable=True),
    Column(m.CLOSED_DAYS, "Closed", editable=True),
    Column(m.VISIT_DAYS, "Visit days", editable=True),
    Column(m.VISIT_WEEK, "Visit week", editable=True),
    Column(m.VISIT_TIME, "Visiting hours", editable=True),
    Column("calendar", "In the calendar"),  # the calendar's days in words: 毎週 火
    Column(m.SALES, "Sales"),
    Column(m.LOCKED, "Locked", editable=True),
    Column("located", "Located"),
    Column(m.PHONE, "Phone"),  # to call ahead or from the road
    Column(m.ADDRESS, "Address"),
    Column(m.PROBLEMS, "Problems"),
)
