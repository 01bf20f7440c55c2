"""The window without a mouse: calendar days, the customer list's Delete and Ctrl+F, Enter in
the auto-design dialog."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


def open_window(qtbot, plan):
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    return window


def test_arrow_keys_and_enter_show_a_calendar_day_as_a_click_does(qtbot, monkeypatch):
    window = open_window(qtbot, build_schedule(synthetic_plan(120, territories=2)))
    routes = []
    monkeypatch.setattr(window.map_view, "show_route", routes.append)
    cal = window.actions_ui.calendar_panel
    grid = cal.grid
    grid.setFocus()
    days = cal.days()
    grid.setCurrentCell(0, 0)
    shown = cal.shown
    QTest.keyClick(grid, Qt.Key.Key_Right)
    assert grid.currentColumn() == 1
    assert cal.shown == (cal.territory_id(), 1, days[1]) and cal.shown != shown
    assert routes and len(routes[-1]) >= 2  # the map shows the day's route
    assert cal.day_list.rowCount() > 0  # and the list its stops
    QTest.keyClick(grid, Qt.Key.Key_Down)
    assert cal.shown == (cal.territory_id(), 2, days[1])
    # Enter shows the current day (here: when none is shown)
    cal.shown = None
    count = len(routes)
    QTest.keyClick(grid, Qt.Key.Key_Return)
    assert cal.shown == (cal.territory_id(), 2, days[1]) and len(routes) == count + 1
    # a click shows its day once (the current cell moving under the mouse adds no route)
    count = len(routes)
    rect = grid.visualRect(grid.model().index(0, 0))
    QTest.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert cal.shown == (cal.territory_id(), 1, days[0]) and len(routes) == count + 1
    # the grid made again (another rep) does not show a day by itself
    cal.shown = None
    cal.rep_combo.setCurrentIndex(1)
    assert cal.shown is None
