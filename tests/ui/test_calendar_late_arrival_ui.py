"""A stop the rep reaches after their day ends (18:05 on a 9:00–17:00 day), in the Calendar
dock's stop list: its arrival is red and its tooltip says it is past the day's end (before,
only the day's note said the day was long, and nothing pointed at the stops it pushed out)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from planner.day_length import day_end
from planner.i18n import set_language
from planner.routing import clock_minutes, format_clock
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")

RED = QColor("#c62828")


def test_a_stop_after_the_days_end_has_its_arrival_in_red(qtbot) -> None:
    set_language("ja")
    plan = synthetic_plan(60, territories=1, seed=7)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    built = build_schedule(plan, route_seconds=0.01, workers=1)
    tid = built.territories[0].id
    s = built.schedule
    assert s is not None
    # the rep's day now ends at the median arrival: some stops come before, some after
    busiest = s.groupby(["week", "day"]).size().idxmax()
    day = s[(s["week"] == busiest[0]) & (s["day"] == busiest[1])].sort_values("seq")
    minutes = clock_minutes(day["arrival"].astype(str))
    start = clock_minutes([built.settings.day_start])[0]
    cut = float(sorted(minutes)[len(minutes) // 2])
    short = built.replace(settings=dataclasses.replace(
        built.settings, day_hours=(cut - start) / 60))
    end = day_end(short, tid)
    assert end == cut
    cal = CalendarPanel(PlanDocument(short))
    qtbot.addWidget(cal)
    cal.show()
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(tid))
    cal.grid.cellClicked.emit(int(busiest[0]) - 1, cal.days().index(str(busiest[1])))
    QApplication.processEvents()
    listed = cal.day_list
    assert listed.rowCount() == len(day)
    late_rows = [r for r in range(listed.rowCount())
                 if clock_minutes([listed.item(r, 1).text().rstrip(" !")])[0] > end]
    on_time = [r for r in range(listed.rowCount()) if r not in late_rows]
    assert late_rows and on_time
    said = f"担当者の1日の終わり（{format_clock(end)}）を過ぎて到着します。"
    for r in late_rows:
        arrival = listed.item(r, 1)
        assert arrival.foreground().color() == RED
        assert said in arrival.toolTip()
    for r in on_time:
        assert said not in listed.item(r, 1).toolTip()
        assert listed.item(r, 1).foreground().color() != RED or "!" in listed.item(r, 1).text()
