"""The Calendar dock's day list: a right-click on a stop offers 「別の日に移動（この日だけ）…」, a
picker of the rep's calendar days with their hours and, for the days the move is refused
on (the visit's own day, the customer's closing day, the rep's day off, a holiday, the
company closed, a visit there already), the reason; those cannot be chosen. The day chosen
moves that one visit for that day only, in one undo step."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from planner import model as m
from planner.i18n import set_language
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from planner.ui.move_day_dialog import MoveDayDialog
from tests.core.test_move_choices import small_plan, tuesday_shop

pytestmark = pytest.mark.usefixtures("isolated", "program_font")
PICTURES = os.environ.get("PLANNER_TEST_PICTURES", "")


def open_picker(qtbot, plan: m.Plan, cid: str) -> tuple[CalendarPanel, MoveDayDialog]:
    doc = PlanDocument(plan)
    cal = CalendarPanel(doc)
    qtbot.addWidget(cal)
    cal.resize(470, 560)
    cal.show()
    qtbot.waitExposed(cal)
    cal.grid.cellClicked.emit(1, cal.days().index("tue"))  # week 2 Tuesday, 12/15
    row = cal.day_ids.index(cid)
    cal.day_list.selectionModel().select(
        cal.day_list.model().index(row, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    assert doc.selection == {cid}
    # right-click the stop: its menu offers the move (triggered once the menu is up)
    offered: list[str] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        action = menu.findChild(QAction, "calendar_stop_move_once")
        offered.append(action.text() if action.isEnabled() else "")
        menu.close()
        action.trigger()

    QTimer.singleShot(0, pick)
    rect = cal.day_list.visualItemRect(cal.day_list.item(row, 2))
    cal.day_list.customContextMenuRequested.emit(rect.center())
    assert offered == ["別の日に移動（この日だけ）…"]
    dialog = cal.findChild(MoveDayDialog, "move_day_dialog")
    assert dialog is not None and dialog.isVisible()
    return cal, dialog


WHY = 3  # the column of why a day cannot be chosen (after the hours now and after the move)


def estimated(qtbot, dialog: MoveDayDialog) -> None:
    """Wait for the worker's 移動後 figures (「計算中…」 until then)."""
    table = dialog.table
    qtbot.waitUntil(lambda: all(table.item(r, 2).text() != "計算中…"
                                for r in range(table.rowCount())))


def states(dialog: MoveDayDialog) -> dict[str, tuple[bool, str]]:
    table = dialog.table
    out = {}
    for r in range(table.rowCount()):
        enabled = bool(table.item(r, 0).flags() & Qt.ItemFlag.ItemIsSelectable)
        out[table.item(r, 0).text()] = (enabled, table.item(r, WHY).text())
    return out


def test_the_picker_lists_the_reps_days_and_moves_the_visit_for_that_day_only(qtbot, tmp_path):
    plan, cid = tuesday_shop(small_plan())
    set_language("ja")
    cal, dialog = open_picker(qtbot, plan, cid)
    doc = cal._doc
    got = states(dialog)
    assert len(got) == 20  # 4 weeks × Mon–Fri, every day shown
    assert got["12/15(火)"] == (False, "今の訪問日")
    assert got["12/8(火)"] == (False, "この日はすでに訪問あり")  # its other weeks
    assert got["12/16(水)"] == (False, "顧客の定休日")
    assert got["12/18(金)"] == (False, "休み")  # the rep's day off
    assert got["12/29(火)"] == (False, "休業日")
    assert got["1/1(金)"][0] is False and got["1/1(金)"][1]  # 元日
    assert got["12/17(木)"] == (True, "")
    open_days = {k for k, (ok, _why) in got.items() if ok}
    assert open_days == {"12/7(月)", "12/10(木)", "12/11(金)", "12/14(月)", "12/17(木)",
                         "12/21(月)", "12/24(木)", "12/25(金)", "12/28(月)"}
    # hours planned / the rep's day, as the grid shows them
    thu = next(r for r in range(20) if dialog.table.item(r, 0).text() == "12/17(木)")
    cell = cal.grid.item(1, cal.days().index("thu")).text().split("\n")[1]
    assert dialog.table.item(thu, 1).text() == cell.removesuffix("時間") + " / 8時間"
    folder = Path(PICTURES) if PICTURES else tmp_path
    QApplication.processEvents()
    dialog.grab().save(str(folder / "move_day_picker_ja.png"))
    cal.grab().save(str(folder / "move_day_dock_ja.png"))
    # a refused day cannot be chosen: clicking it selects nothing, Move stays off
    closing = next(r for r in range(20) if dialog.table.item(r, 0).text() == "12/16(水)")
    dialog.table.clearSelection()
    rect = dialog.table.visualItemRect(dialog.table.item(closing, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.chosen() is None and not dialog.ok_button().isEnabled()
    # Thursday 12/17: exactly that visit moves, once
    rect = dialog.table.visualItemRect(dialog.table.item(thu, 0))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.chosen() == (2, "thu") and dialog.ok_button().isEnabled()
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    after, was = doc.plan.schedule, plan.schedule
    mine = after[after.customer_id == cid].sort_values("week")
    before = was[was.customer_id == cid].sort_values("week")
    assert list(before.day) == ["tue"] * 3  # 12/29: the company is closed
    assert list(mine.day) == ["tue", "thu", "tue"]
    assert list(mine.moved_from) == ["", "2026-12-15", ""]
    others = after.customer_id != cid
    assert (after[others].groupby(["week", "day"]).size()
            .equals(was[was.customer_id != cid].groupby(["week", "day"]).size()))
    assert doc.undo_stack.count() == 1
    assert "12/15(火)の訪問を12/17(木)に移動（この日だけ）" in doc.undo_stack.undoText()
    assert cal.shown == (cal.territory_id(), 2, "thu")
    QApplication.processEvents()
    cal.grab().save(str(folder / "move_day_dock_after_ja.png"))
    doc.undo_stack.undo()
    assert doc.plan.schedule.equals(plan.schedule)


def test_a_day_the_rep_does_not_work_shows_why_not_a_zero(qtbot, tmp_path):
    """休み, 休業日 and 元日 showed "0.0 / 8時間" as if the day were free and empty: they show
    no hours, only why they cannot be chosen. A working day refused for the customer (its
    closing day) keeps its hours."""
    plan, cid = tuesday_shop(small_plan())
    set_language("ja")
    _cal, dialog = open_picker(qtbot, plan, cid)
    table = dialog.table
    hours = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    why = states(dialog)
    for date in ("12/18(金)", "12/29(火)", "12/30(水)", "12/31(木)", "1/1(金)"):
        assert hours[date] == "" and why[date][1] and not why[date][0]
    assert hours["12/16(水)"].endswith(" / 8時間") and why["12/16(水)"][1] == "顧客の定休日"
    assert all(h.endswith(" / 8時間") for d, h in hours.items()
               if d not in ("12/18(金)", "12/29(火)", "12/30(水)", "12/31(木)", "1/1(金)"))
    folder = Path(PICTURES) if PICTURES else tmp_path
    table.scrollToBottom()
    QApplication.processEvents()
    dialog.grab().save(str(folder / "move_day_picker_days_off_ja.png"))


def test_each_day_says_how_long_it_becomes_with_the_visit(qtbot, tmp_path):
    """The picker showed only each day's hours now ("7.4 / 8時間"): whether the day would
    still fit with the visit was left to mental arithmetic. A column 移動後 gives the day's
    hours with the visit added, red past the rep's day; after the move the grid shows no
    more than that."""
    plan, cid = tuesday_shop(small_plan())
    set_language("ja")
    cal, dialog = open_picker(qtbot, plan, cid)
    estimated(qtbot, dialog)
    table = dialog.table
    assert table.horizontalHeaderItem(2).text() == "移動後"
    thu = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "12/17(木)")
    now = float(table.item(thu, 1).text().split(" / ")[0])
    after = table.item(thu, 2).text()
    assert after.endswith("時間") and float(after.removesuffix("時間")) > now
    # a day that cannot be chosen says why, not an hour figure
    assert table.item(next(r for r in range(table.rowCount())
                           if table.item(r, 0).text() == "12/16(水)"), 2).text() == ""
    folder = Path(PICTURES) if PICTURES else tmp_path
    QApplication.processEvents()
    dialog.grab().save(str(folder / "move_day_picker_after_ja.png"))
    rect = table.visualItemRect(table.item(thu, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    cell = cal.grid.item(1, cal.days().index("thu")).text().split("\n")[1]  # 7.7時間 ◆
    assert float(cell.split("時間")[0]) <= float(after.removesuffix("時間"))
