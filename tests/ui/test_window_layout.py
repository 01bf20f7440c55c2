"""The window as a manager first sees it: the map dominant, a narrow left column, the banner."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from planner.i18n import set_language
from planner.model import CUSTOMER_ID
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow
from planner.ui.territory_model import COLUMNS

pytestmark = pytest.mark.usefixtures("isolated")


def in_window(window, widget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize("language", ["en", "ja"])
def test_map_dominates_and_the_banner_leaves_the_map_free(qtbot, language):
    set_language(language)
    window = MainWindow(synthetic_plan(300, territories=8, seed=2))
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.resize(1400, 860)
    ui = window.actions_ui
    ui.show_banner()
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()

    docks = ui.docks
    area = window.dockWidgetArea
    assert area(docks["territories"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert area(docks["calendar"]) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert area(docks["customers"]) == Qt.DockWidgetArea.BottomDockWidgetArea
    map_rect = in_window(window, window.map_view)
    left = docks["territories"].width()
    assert left <= 0.4 * window.width() and map_rect.width() >= 1.5 * left
    map_area = map_rect.width() * map_rect.height()
    assert all(map_area > d.width() * d.height() for d in docks.values())

    table = ui.territory_panel.view  # every figure visible without scrolling sideways
    assert table.horizontalScrollBar().maximum() == 0
    assert table.verticalScrollBar().maximum() == 0  # and every territory row

    banner = ui.banner
    assert banner is not None and banner.isVisible()
    banner_rect = in_window(window, banner)
    assert banner_rect.bottom() < map_rect.top()  # above the map: its controls stay free
    assert not banner_rect.intersects(map_rect)


def test_sales_column_is_short_with_the_exact_amount_in_its_tooltip(qtbot):
    window = MainWindow(synthetic_plan(300, territories=3, seed=2))
    qtbot.addWidget(window)
    model = window.actions_ui.territory_panel.model
    column = [key for key, _t, _e in COLUMNS].index("sales")
    shown = model.index(0, column).data()
    tip = model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
    assert "M" not in shown and len(shown) <= 7 and tip.startswith("¥")
    header = model.headerData(column, Qt.Orientation.Horizontal)
    assert header == "Sales ¥M"
    assert model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Sales"
    )


def test_customer_list_column_widths_are_remembered_between_sessions(qtbot):
    window = MainWindow(synthetic_plan(40, territories=2), "")
    qtbot.addWidget(window)
    window.show()
    header = window.actions_ui.customer_panel.view.horizontalHeader()
    header.resizeSection(1, 260)  # the name column, widened by the user
    header.resizeSection(2, 333)
    window.actions_ui.save_layout()  # as closing the window does
    again = MainWindow(synthetic_plan(40, territories=2), "")
    qtbot.addWidget(again)
    again.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    again.show()
    header = again.actions_ui.customer_panel.view.horizontalHeader()
    assert header.sectionSize(1) != 260
    again.actions_ui.restore_layout()  # as the next start does
    assert header.sectionSize(1) == 260 and header.sectionSize(2) == 333
    # still so after an edit redraws the list
    again.document.set_selection(list(again.document.plan.customers[CUSTOMER_ID][:3]))
    again.actions_ui.customer_panel.assign_selection("")
    assert header.sectionSize(1) == 260


def test_the_left_column_widens_when_the_territory_names_grow(qtbot, program_font):
    """The window opened on a list whose territories are its reps (鈴木 一郎); the homes file
    then named them 新横浜エリア… and the table's 売上 column hid behind a scroll bar: the
    left column now widens to show the table whole (within its 40 % of the window)."""
    from pathlib import Path

    from planner._territory_edits import SetTerritories
    from planner.homes import read_homes
    from planner.spreadsheet import read_customers

    set_language("ja")
    sample = Path(__file__).resolve().parents[2] / "resources" / "sample"
    plan = read_customers(str(sample / "sample_customers.xlsx")).to_plan()
    window = MainWindow(plan)
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.resize(1400, 860)
    window.show()
    qtbot.waitExposed(window)
    panel = window.actions_ui.territory_panel
    scroll = panel.view.horizontalScrollBar()
    QApplication.processEvents()
    assert scroll.maximum() == 0  # the reps' names fit
    named = read_homes(sample / "homes.csv", window.document.plan)
    window.document.push(SetTerritories(named, label="homes"))
    QApplication.processEvents()
    view = panel.view

    def whole() -> bool:
        columns = sum(view.columnWidth(c) for c in range(view.model().columnCount()))
        return columns <= view.viewport().width() and scroll.maximum() == 0

    qtbot.waitUntil(whole, timeout=5_000)
    assert window.actions_ui.docks["territories"].width() <= 1400 * 2 // 5
