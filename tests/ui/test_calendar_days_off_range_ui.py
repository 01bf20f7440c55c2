"""A rep off sick Wednesday–Friday, from the Calendar dock in one go: select the three days
(click, shift-click, a drag over them, or shift+arrows), right-click one of them → *伊藤 由美をこの3日間
（12/16〜12/18）休みにする*: one undo step, one sentence; the company's days in a range are
left and said so once; *休みを登録…* does a from–to range. Before, each day was marked on its
own: three clicks, three undo steps, three status messages."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu

from planner import model as m
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.days_off_dialog import DaysOffDialog
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(scope="module")
def plan() -> m.Plan:
    p = synthetic_plan(40, territories=1, seed=3)
    p = p.replace(settings=dataclasses.replace(
        p.settings, start_date="2026-12-07", company_days_off=("2026-12-30", "2026-12-31")))
    return build_schedule(p, route_seconds=0.01)


def shown(qtbot, plan: m.Plan) -> tuple[PlanDocument, CalendarPanel]:
    set_language("ja")
    doc = PlanDocument(plan)
    cal = CalendarPanel(doc)
    qtbot.addWidget(cal)
    cal.resize(520, 520)
    cal.show()
    qtbot.waitExposed(cal)
    return doc, cal


def cell(cal: CalendarPanel, week: int, day: str) -> QPoint:
    index = cal.grid.model().index(week - 1, cal.days().index(day))
    return cal.grid.visualRect(index).center()


def drag_over(cal: CalendarPanel, points: list[QPoint]) -> None:
    """Press the left button on the first point, move over the others, release on the last."""
    viewport = cal.grid.viewport()
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton

    def send(kind: QEvent.Type, at: QPoint, button: Qt.MouseButton,
             buttons: Qt.MouseButton) -> None:
        pos = QPointF(at)
        QApplication.sendEvent(viewport, QMouseEvent(
            kind, pos, viewport.mapToGlobal(pos), button, buttons,
            Qt.KeyboardModifier.NoModifier))

    send(QEvent.Type.MouseButtonPress, points[0], left, left)
    for at in points[1:]:
        send(QEvent.Type.MouseMove, at, none, left)
    send(QEvent.Type.MouseButtonRelease, points[-1], left, none)


def right_click_and_pick(qtbot, cal: CalendarPanel, at: QPoint, name: str) -> list[str]:
    """Right-click the grid at ``at`` with the mouse; in the menu that opens, trigger the
    action ``name``; the menu's texts."""
    seen: list[str] = []

    def in_menu() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        seen.extend(a.text() for a in menu.actions())
        action = next(a for a in menu.actions() if a.objectName() == name)
        menu.close()
        action.trigger()

    QTimer.singleShot(0, in_menu)
    viewport = cal.grid.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.RightButton, pos=at)  # keeps the selection
    # what the window system sends after a right-click (QTest's click does not)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, at, viewport.mapToGlobal(at))
    QApplication.sendEvent(viewport, event)
    qtbot.waitUntil(lambda: bool(seen))
    return seen


def test_three_selected_days_are_one_day_off_edit_and_one_undo_step(qtbot, plan) -> None:
    doc, cal = shown(qtbot, plan)
    rep = doc.plan.territory("T01").rep
    said: list[str] = []
    cal.visitsMoved.connect(lambda text, _long: said.append(text))
    viewport = cal.grid.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=cell(cal, 2, "wed"))
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     pos=cell(cal, 2, "fri"))
    assert len(cal.grid.selectedIndexes()) == 3
    steps = doc.undo_stack.count()
    texts = right_click_and_pick(qtbot, cal, cell(cal, 2, "thu"), "calendar_days_off")
    assert f"{rep}をこの3日間（12/16〜12/18）休みにする（病欠・研修など）" in texts
    # the single day's item is not offered beside the range's
    assert not any("この日（12/17）" in t for t in texts)
    days = ("2026-12-16", "2026-12-17", "2026-12-18")
    assert doc.plan.territory("T01").days_off == days
    assert doc.undo_stack.count() == steps + 1
    assert doc.undo_stack.undoText() == f"{rep}の休みを3日登録"
    assert len(said) == 1 and said[0].startswith(
        f"{rep}を12/16(水)〜12/18(金)の3日間休みにしました。休みの日の訪問")
    doc.undo_stack.undo()  # one step gives the three days back
    assert doc.plan.territory("T01").days_off == ()
    doc.undo_stack.redo()
    assert doc.plan.territory("T01").days_off == days
    # selected again with the keyboard: the menu takes the three days back in one step
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=cell(cal, 2, "wed"))
    for _ in range(2):
        qtbot.keyClick(cal.grid, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert len(cal.grid.selectedIndexes()) == 3
    right_click_and_pick(qtbot, cal, cell(cal, 2, "wed"), "calendar_days_back")
    assert doc.plan.territory("T01").days_off == ()
    assert said[-1].startswith(f"{rep}の12/16(水)〜12/18(金)の3日間の休みを取り消しました。")
    doc.undo_stack.undo()
    assert doc.plan.territory("T01").days_off == days


def test_the_company_days_in_a_range_are_left_and_said_once(qtbot, plan) -> None:
    doc, cal = shown(qtbot, plan)
    said: list[str] = []
    cal.visitsMoved.connect(lambda text, _long: said.append(text))
    drag_over(cal, [cell(cal, 4, d) for d in ("mon", "tue", "wed", "thu")])  # a drag
    assert len(cal.grid.selectedIndexes()) == 4
    right_click_and_pick(qtbot, cal, cell(cal, 4, "tue"), "calendar_days_off")
    assert doc.plan.territory("T01").days_off == ("2026-12-28", "2026-12-29")
    assert said[-1].count("休業日") == 1
    assert said[-1].endswith("12/30(水)〜12/31(木)（休業日）はそのままです。")


def test_set_days_off_dialog_sets_a_from_to_range(qtbot, plan) -> None:
    doc, cal = shown(qtbot, plan)
    said: list[str] = []
    cal.visitsMoved.connect(lambda text, _long: said.append(text))
    right_click_and_pick(qtbot, cal, cell(cal, 2, "wed"), "calendar_days_off_dialog")
    dialog = cal.findChild(DaysOffDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.first_edit.date() == QDate(2026, 12, 16)
    dialog.last_edit.setDate(QDate(2026, 12, 31))
    preview = dialog.preview.text()
    assert preview.startswith("OKで ") and "（休業日）はそのままです。" in preview
    steps = doc.undo_stack.count()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    days_off = doc.plan.territory("T01").days_off
    assert days_off[0] == "2026-12-16" and days_off[-1] == "2026-12-29"
    assert "2026-12-19" not in days_off  # a Saturday is no working day to be off on
    assert doc.undo_stack.count() == steps + 1 and len(said) == 1
    doc.undo_stack.undo()
    assert doc.plan.territory("T01").days_off == ()
