"""A day longer than the rep's day, clicked in the Calendar dock: a red line above its stops
says how long it is, how far past the rep's day and what to do. Before, only the grid's red
cell said so, and once a hand move's status message was gone a key customer moved onto
Tuesday sat last at 18:05 under a title like any other day's."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QApplication

from planner.day_length import long_days
from planner.i18n import set_language
from planner.stats import day_summary
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from tests.ui.one_rep_calendar import dated_one_rep_calendar

pytestmark = pytest.mark.usefixtures("isolated")


def test_a_day_longer_than_the_reps_says_so_in_red_above_its_stops(qtbot) -> None:
    set_language("ja")
    built, tid = dated_one_rep_calendar()
    days = day_summary(built, territory_id=tid).sort_values("hours")
    # the rep's day now ends between the shortest and the longest day of the calendar
    limit = round(float(days["hours"].median()) * 4) / 4
    short = built.replace(settings=dataclasses.replace(built.settings, day_hours=limit))
    over = long_days(short)
    assert 0 < len(over) < len(days)
    cal = CalendarPanel(PlanDocument(short))
    qtbot.addWidget(cal)
    cal.show()
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(tid))
    columns = cal.days()
    long_day = over.iloc[0]
    cal.grid.cellClicked.emit(int(long_day["week"]) - 1, columns.index(str(long_day["day"])))
    QApplication.processEvents()
    note = cal.day_warning
    assert note.isVisible() and "超過しています" in note.text()
    assert f"この日は{float(long_day['hours']):.1f}時間かかり" in note.text()
    assert f"1日{limit:g}時間" in note.text()
    assert "c62828" in note.styleSheet()  # in red, as the grid's cell
    fine = days[days["hours"] <= limit].iloc[0]
    cal.grid.cellClicked.emit(int(fine["week"]) - 1, columns.index(str(fine["day"])))
    QApplication.processEvents()
    assert not note.isVisible() and note.text() == ""
