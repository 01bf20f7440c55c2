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


def test_delete_removes_the_selected_customers_and_ctrl_f_goes_to_the_search(
    qtbot, monkeypatch
):
    from planner import model as m

    window = open_window(qtbot, synthetic_plan(60, territories=2))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    panel = window.actions_ui.customer_panel
    doc = window.document
    asked = []
    answer = {"yes": False}
    panel.ask_remove = lambda n: asked.append(n) or answer["yes"]  # the confirmation
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    panel.view.selectRow(0)
    QTest.keyClick(panel.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = set(doc.selection)
    assert len(chosen) == 2
    QTest.keyClick(panel.view, Qt.Key.Key_Delete)
    assert asked == [2] and len(doc.plan.customers) == 60  # asked; "No" keeps them
    answer["yes"] = True
    QTest.keyClick(panel.view, Qt.Key.Key_Delete)
    assert asked == [2, 2] and len(doc.plan.customers) == 58
    assert not chosen & set(doc.plan.customers[m.CUSTOMER_ID])
    window.actions_ui.actions["undo"].trigger()  # one undo step, as from the menu
    assert len(doc.plan.customers) == 60
    # Ctrl+F from anywhere in the window: the search box, ready to type over
    panel.search.setText("abc")
    window.actions_ui.calendar_panel.grid.setFocus()
    qtbot.waitUntil(window.actions_ui.calendar_panel.grid.hasFocus)
    QTest.keyClick(window.actions_ui.calendar_panel.grid, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier)
    assert panel.search.hasFocus() and panel.search.selectedText() == "abc"
    # both are listed in Help → Keyboard shortcuts, and the menu shows Delete
    from PySide6.QtWidgets import QTableWidget

    from planner.ui import about_dialog

    listed = []
    monkeypatch.setattr(about_dialog, "show_shortcuts", lambda _w, items: listed.extend(items))
    window.actions_ui.show_shortcuts()
    dialog = about_dialog.shortcuts_dialog(window, listed)
    qtbot.addWidget(dialog)
    table = dialog.findChild(QTableWidget)
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["Remove from plan…"] == "Del" and rows["Find customers"] == "Ctrl+F"
    doc.set_selection(sorted(chosen))
    assert panel.remove_action in panel.selection_menu(window).actions()


def test_enter_in_the_design_dialog_runs_the_design_then_applies_it(qtbot):
    from planner.ui.design_dialog import DesignDialog
    from planner.ui.document import PlanDocument

    doc = PlanDocument(synthetic_plan(200, territories=3))
    before = doc.plan
    dialog = DesignDialog(doc, keep_existing=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.count.setFocus()
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        QTest.keyClick(dialog.count, Qt.Key.Key_Return)  # no design yet: Enter runs it
    assert doc.plan is before and dialog.isVisible()  # nothing applied yet
    QTest.keyClick(dialog.count, Qt.Key.Key_Return)  # a design to apply: Enter applies it
    assert doc.plan is not before and doc.undo_stack.count() == 1
    assert dialog.result is not None and not dialog.isVisible()
    # an option changed after a run: Enter runs again (the old result is not applied)
    again = DesignDialog(doc)
    qtbot.addWidget(again)
    again.show()
    with qtbot.waitSignal(again.designed, timeout=60_000):
        QTest.keyClick(again.count, Qt.Key.Key_Enter)
    again.tolerance.setValue(again.tolerance.value() + 1)
    assert again.run_button.isDefault() and not again.apply_button.isDefault()
