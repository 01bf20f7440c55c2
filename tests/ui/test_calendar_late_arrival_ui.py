"""A stop the rep reaches after their day ends (18:05 on a 9:00–17:00 day), in the Calendar
dock's stop list: its arrival is red and its tooltip says it is past the day's end (before,
only the day's note said the day was long, and nothing pointed at the stops it pushed out);
picked, its row keeps the red (the selection's white on blue hid it on the very stop the
manager was looking at)."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from planner import model as m
from planner.day_length import day_end
from planner.i18n import set_language
from planner.routing import clock_minutes, format_clock
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from tests.ui.one_rep_calendar import dated_one_rep_calendar

pytestmark = pytest.mark.usefixtures("isolated")

RED = QColor("#c62828")


def _busiest_day_cut_short(qtbot) -> tuple[CalendarPanel, m.Plan, float, int]:
    """The Calendar dock on the busiest day of a rep whose day now ends at that day's median
    arrival (some stops come before, some after); the plan, the day's end, its stop count."""
    built, tid = dated_one_rep_calendar()
    s = built.schedule
    assert s is not None
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
    return cal, short, end, len(day)


def _late_rows(cal: CalendarPanel, end: float) -> list[int]:
    listed = cal.day_list
    return [r for r in range(listed.rowCount())
            if clock_minutes([listed.item(r, 1).text().rstrip(" !")])[0] > end]


def test_a_stop_after_the_days_end_has_its_arrival_in_red(qtbot) -> None:
    set_language("ja")
    cal, _plan, end, stops = _busiest_day_cut_short(qtbot)
    listed = cal.day_list
    assert listed.rowCount() == stops
    late_rows = _late_rows(cal, end)
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


def _red_pixels(cal: CalendarPanel, row: int) -> int:
    """How many pixels of the row's arrival cell, as drawn, are the marks' red."""
    listed = cal.day_list
    listed.scrollToItem(listed.item(row, 1))
    QApplication.processEvents()
    rect = listed.visualItemRect(listed.item(row, 1))
    image = listed.viewport().grab(rect).toImage()
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if _near_red(image.pixelColor(x, y)))


def _near_red(c: QColor) -> bool:
    return c.red() > 150 and c.green() < 110 and c.blue() < 110


def test_a_picked_late_stop_keeps_its_red_arrival(qtbot) -> None:
    set_language("ja")
    cal, _plan, end, _stops = _busiest_day_cut_short(qtbot)
    listed = cal.day_list
    late = _late_rows(cal, end)
    on_time = [r for r in range(listed.rowCount())
               if r not in late and "!" not in listed.item(r, 1).text()]
    assert late and on_time
    listed.setFocus()
    for r in (late[0], on_time[0]):
        listed.selectRow(r)
        QApplication.processEvents()
        assert listed.item(r, 1).isSelected()
        # the late stop's arrival is still drawn in red when picked; an on-time one is not red
        assert (_red_pixels(cal, r) > 10) == (r in late), (r, late)
