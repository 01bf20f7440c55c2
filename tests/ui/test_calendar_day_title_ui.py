"""The Calendar dock's day shown keeps its room for the stops: the visits the day gave up to
customers' only visit of the cycle are counted in one line under the day's title, each said
in full in the title's tooltip. Before, a sentence each stood in the title: on the sample's
busy December days four of them left the stop list two or three rows and clipped the
title's first line (the day and its hours) in the window."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication

from planner.gave_way_notes import customer_names, day_text, given_up
from planner.i18n import set_language
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from tests.core.test_schedule_give_way import december_plan

pytestmark = pytest.mark.usefixtures("isolated", "program_font")


def test_the_visits_a_day_gave_up_leave_the_stop_list_its_rows(qtbot) -> None:
    plan = december_plan()
    gone = given_up(plan)
    per_day: dict[tuple[str, str], list] = {}
    for g in gone:
        per_day.setdefault((g.territory, g.date), []).append(g)
    (tid, date), busiest = max(per_day.items(), key=lambda kv: len(kv[1]))
    assert len(busiest) >= 2
    on = dt.date.fromisoformat(date)
    week = (on - dt.date(2026, 12, 7)).days // 7
    set_language("ja")
    cal = CalendarPanel(PlanDocument(plan))
    qtbot.addWidget(cal)
    cal.resize(470, 440)  # the dock on a laptop screen
    cal.show()
    qtbot.waitExposed(cal)
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(tid))
    cal.grid.cellClicked.emit(week, on.weekday())
    QApplication.processEvents()
    lines = cal.day_title.text().split("\n")
    assert lines[0].startswith(f"第{week + 1}週 {on.month}/{on.day}(")
    assert lines[1:] == [f"⇄ この日の訪問 {len(busiest)}件をほかの顧客に譲りました（マウスを重ねると詳細）"]
    names = customer_names(plan)
    for g in busiest:  # whose visit gave way to whom: each in the tooltip
        assert day_text(g, names) in cal.day_title.toolTip()
    # the title is not clipped, and the stops have the room under it
    title = cal.day_title
    assert title.height() >= title.heightForWidth(title.width())
    assert cal.day_list.viewport().height() >= 4 * cal.day_list.rowHeight(0)
    # a day without such visits has no note and no tooltip
    plain = next((w, d) for w in range(4) for d in range(5)
                 if (tid, (dt.date(2026, 12, 7) + dt.timedelta(weeks=w, days=d)).isoformat())
                 not in per_day and cal.grid.item(w, d) is not None)
    cal.grid.cellClicked.emit(*plain)
    assert "\n" not in cal.day_title.text() and cal.day_title.toolTip() == ""
