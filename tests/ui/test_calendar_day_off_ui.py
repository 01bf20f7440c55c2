"""A rep off sick on 12/16, from the Calendar dock: right-click the day → *Day off for 鈴木 一郎*
sets it as Territories → Working time… → Days off does (one undo step, the same sentence in
the status bar), and the same menu gives the working day back. Before, the day's menu had no
such item: the manager looking at the rep's week had to know that a day off is set in another
dock's menu, in a dialog, typing the date."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtGui import QAction

from planner import model as m
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def built(start: str) -> m.Plan:
    plan = synthetic_plan(40, territories=1, seed=3)
    plan = plan.replace(settings=dataclasses.replace(
        plan.settings, start_date=start, company_days_off=("2026-12-30",)))
    return build_schedule(plan, route_seconds=0.01)


def day_off_action(cal: CalendarPanel, week: int, day: str) -> QAction | None:
    menu = cal.day_menu(week - 1, cal.days().index(day))
    return menu.findChild(QAction, "calendar_day_off")


def test_a_rep_off_sick_is_set_from_the_day_and_taken_back(qtbot) -> None:
    set_language("ja")
    doc = PlanDocument(built("2026-12-07"))
    cal = CalendarPanel(doc)
    qtbot.addWidget(cal)
    rep = doc.plan.territory("T01").rep
    said: list[str] = []
    cal.visitsMoved.connect(lambda text, _long: said.append(text))
    on_day = len(cal.day_customers(2, "wed"))
    assert on_day
    steps = doc.undo_stack.count()
    action = day_off_action(cal, 2, "wed")
    assert action is not None and action.isEnabled()
    assert action.text() == f"{rep}をこの日（12/16）休みにする（病欠・研修など）"
    action.trigger()
    assert doc.plan.territory("T01").days_off == ("2026-12-16",)
    assert doc.undo_stack.count() == steps + 1
    # the sentence of Working time…: the day's visits stay until the calendar is built again
    # the day with its weekday, as the calendar names days (it said 12/16 alone)
    assert said and said[-1].startswith(
        f"{rep}を 12/16(水) の休みにしました。休みの日の訪問{on_day}件は")
    # on the rep's day off, the same menu gives the day back
    back = day_off_action(cal, 2, "wed")
    assert back is not None and back.text() == f"{rep}のこの日（12/16）の休みを取り消す"
    back.trigger()
    assert doc.plan.territory("T01").days_off == ()
    doc.undo_stack.undo()  # one step each
    assert doc.plan.territory("T01").days_off == ("2026-12-16",)
    doc.undo_stack.undo()
    assert doc.plan.territory("T01").days_off == ()


def test_no_day_off_on_a_company_holiday_or_an_undated_calendar(qtbot) -> None:
    set_language("en")
    cal = CalendarPanel(PlanDocument(built("2026-12-07")))
    qtbot.addWidget(cal)
    assert day_off_action(cal, 4, "wed") is None  # 12/30: nobody works
    action = day_off_action(cal, 1, "mon")
    assert action is not None and action.text().startswith("Day off for ")
    cal = CalendarPanel(PlanDocument(built("")))  # no dates: nothing to be off on
    qtbot.addWidget(cal)
    assert day_off_action(cal, 2, "wed") is None
