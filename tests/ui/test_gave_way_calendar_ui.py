"""The Calendar on a working day that lost a visit to a customer's only visit of the cycle
(planner._schedule_give_way): its cell is marked ⇄ and its tooltip, like the day's title
once shown, says whose visit gave way to whom; the customer placed there and the one giving
way say so in their rows' tooltips. Before, only closed days spoke of visits left out."""

from __future__ import annotations

import datetime as dt

from planner import model as m
from planner.gave_way_notes import given_up
from planner.i18n import set_language
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from tests.core.test_schedule_give_way import december_plan


def test_the_day_that_lost_a_visit_says_to_whom(qtbot) -> None:
    plan = december_plan()
    gone = given_up(plan)
    assert gone
    g = gone[0]
    names = dict(zip(plan.customers[m.CUSTOMER_ID], plan.customers[m.NAME], strict=True))
    giver, placed = names[g.giver], names[g.placed]
    closed = dt.date.fromisoformat(g.closed)
    week, weekday = divmod((dt.date.fromisoformat(g.date) - dt.date(2026, 12, 7)).days, 7)
    set_language("en")
    try:
        cal = CalendarPanel(PlanDocument(plan))
        qtbot.addWidget(cal)
        cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(g.territory))
        said = (f"{giver}'s visit gave way to {placed}, whose only visit of the cycle fell on "
                f"the closed day {closed.month}/{closed.day}.")
        cell = cal.grid.item(week, weekday)
        assert cell.text().endswith(" ⇄") and said in cell.toolTip()
        # no other day of the rep's says it
        others = [cal.grid.item(r, c) for r in range(cal.grid.rowCount())
                  for c in range(cal.grid.columnCount()) if (r, c) != (week, weekday)]
        assert not any(said in item.toolTip() for item in others if item is not None)
        cal.grid.cellClicked.emit(week, weekday)
        assert said in cal.day_title.toolTip()  # the title counts them (one line)
        row = cal.day_ids.index(g.placed)
        assert (f"In the place of {giver} (no visit this week)"
                in cal.day_list.item(row, 2).toolTip())
        # the customer giving way, on a day it is visited: which visit it gave up
        s = plan.schedule
        other = s[(s.customer_id == g.giver)].iloc[0]
        cal.grid.cellClicked.emit(int(other.week) - 1, cal.days().index(other.day))
        row = cal.day_ids.index(g.giver)
        date = dt.date.fromisoformat(g.date)
        assert (f"Its visit of {date.month}/{date.day} was given up for {placed}."
                in cal.day_list.item(row, 2).toolTip())
        set_language("ja")  # and in Japanese
        cal = CalendarPanel(PlanDocument(plan))
        qtbot.addWidget(cal)
        cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(g.territory))
        assert (f"{giver}の訪問は、{closed.month}/{closed.day} の休業でサイクル中ただ1回の訪問を"
                f"失う{placed}に譲りました。") in cal.grid.item(week, weekday).toolTip()
        cal.grid.cellClicked.emit(week, weekday)
        assert (f"{giver}（今週は訪問なし）の枠に入る"
                in cal.day_list.item(cal.day_ids.index(g.placed), 2).toolTip())
    finally:
        set_language("en")
