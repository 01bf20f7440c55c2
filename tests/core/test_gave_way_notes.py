"""A visit that gave way to a customer's only visit of the cycle, on the route sheet: the
customer placed in its stead says whose place it took on the day concerned, and the
customer giving way is told at its visit before that there is no visit that week, and why
(planner.gave_way_notes)."""

from __future__ import annotations

from pathlib import Path

from planner import model as m
from planner.gave_way_notes import given_up
from planner.i18n import set_language
from tests.core.test_schedule_give_way import december  # noqa: F401  (the fixture)


def _short(iso: str) -> str:
    return f"{int(iso[5:7])}/{int(iso[8:10])}"


def test_the_route_sheet_says_on_the_day_whose_visit_gave_way(
    december: m.Plan, tmp_path: Path,  # noqa: F811
) -> None:
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook

    gone = given_up(december)
    assert gone and len(gone) == len(december.meta["schedule_gave_way"])
    set_language("en")
    try:
        wb = load_workbook(export_workbook(december, tmp_path / "plan.xlsx"))
    finally:
        set_language(None)
    names = dict(zip(december.customers[m.CUSTOMER_ID], december.customers[m.NAME],
                     strict=True))
    notes: dict[str, list[str]] = {}  # per customer code, the notes of its visits in order
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            if len(row) > 7 and isinstance(row[2], str) and row[2] in names:
                notes.setdefault(row[2], []).append(" ".join(str(row[7] or "").split()))
    s = december.schedule
    for g in gone:
        giver, placed = names[g.giver], names[g.placed]
        # the customer placed: its only visit, on the day concerned, says whose place it took
        assert len(notes[g.placed]) == 1
        assert f"In the place of {giver} (no visit this week)" in notes[g.placed][0]
        assert f"Moved from {_short(g.closed)}" in notes[g.placed][0]
        # the customer giving way: told at the visit before it, when it has one
        if (s[s.customer_id == g.giver].date < g.date).any():
            # in words the rep can say to the customer: the other customer is not named
            told = [n for n in notes[g.giver] if "(the holiday schedule)" in n]
            assert len(told) == 1 and placed not in told[0]
