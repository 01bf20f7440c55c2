"""The Calendar dock's day list: the stops of the day shown, whatever the calendar holds,
and a tooltip that says what a manager can do with them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from planner import model as m
from planner._schedule_table import EXTRA_COLUMNS
from planner.i18n import set_language
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from tests.core.test_move_choices import small_plan

pytestmark = pytest.mark.usefixtures("isolated", "program_font")


def shown_panel(qtbot, plan: m.Plan, document: PlanDocument | None = None) -> CalendarPanel:
    cal = CalendarPanel(document or PlanDocument(plan))
    qtbot.addWidget(cal)
    cal.resize(470, 560)
    cal.show()
    qtbot.waitExposed(cal)
    cal.grid.cellClicked.emit(1, cal.days().index("tue"))  # week 2 Tuesday, 12/15
    QApplication.processEvents()
    return cal


@pytest.mark.parametrize("missing", [["return_km"], list(EXTRA_COLUMNS)])
def test_a_calendar_without_the_drives_home_still_shows_its_day(qtbot, missing) -> None:
    """Plans saved by older versions (and calendars read back from files) have no
    ``return_km`` (nor, the oldest, the other timed columns): the day's stops and title
    show with the kilometres there are."""
    plan = small_plan()
    s = plan.schedule
    assert s is not None
    day = s[(s.week == 2) & (s.day == "tue")]
    legs = float(day["travel_km"].sum())
    older = plan.replace(schedule=s.drop(columns=missing))
    set_language("ja")
    cal = shown_panel(qtbot, older)
    assert cal.day_list.rowCount() == len(day)
    assert cal.day_ids == [str(c) for c in day.sort_values("seq").customer_id]
    title = cal.day_title.text()
    assert title.startswith("第2週 12/15(火)") and f"{legs:.0f}km" in title


def tooltip_at(widget, pos: QPoint) -> str:
    """The tooltip a manager's pointer resting at ``pos`` of ``widget`` brings up."""
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, pos, widget.mapToGlobal(pos))
    QApplication.sendEvent(widget, event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_hovering_the_day_list_tells_of_the_right_click_moves(qtbot, tmp_path) -> None:
    """The one-off move (right-click a stop) was said nowhere: a stop's own tooltip (which
    hides the list's) ends with both ways of moving it, and the list's tooltip says them."""
    set_language("ja")
    cal = shown_panel(qtbot, small_plan())
    hint = "右クリックで「別の日に移動（この日だけ）…」、カレンダーの別の日へドラッグでいつもの訪問日を変更"
    view = cal.day_list.viewport()
    stop = cal.day_list.visualItemRect(cal.day_list.item(0, 2)).center()
    assert tooltip_at(view, stop).endswith("\n" + hint)
    assert "右クリック" in cal.day_list.toolTip() and "この日だけ" in cal.day_list.toolTip()
    below = QPoint(10, view.height() - 5)  # under the last stop
    assert cal.day_list.indexAt(below).row() == -1
    assert "右クリック" in tooltip_at(view, below)
    folder = Path(os.environ.get("PLANNER_TEST_PICTURES", "") or tmp_path)
    tooltip_at(view, stop)
    cal.grab().save(str(folder / "calendar_day_list_ja.png"))
    for tip in (w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel")):
        if tip.isVisible():
            tip.grab().save(str(folder / "calendar_day_list_tip_ja.png"))


def test_a_stop_given_to_another_territory_since_the_build_is_greyed_and_says_whose(
        qtbot) -> None:
    """Customers carved into another territory on the map stayed on their old rep's days
    looking like any other stop: the day list now greys them, its title counts them and a
    stop's tooltip names the territory it is in now; undo puts them back."""
    from planner.edits import AssignCustomers, CreateTerritory, new_territory

    set_language("ja")
    doc = PlanDocument(small_plan())
    cal = shown_panel(qtbot, doc.plan, doc)
    first, second = cal.day_ids[0], cal.day_ids[1]
    doc.push(CreateTerritory(new_territory(doc.plan, "北エリア")))
    north = doc.plan.territories[-1].id
    doc.push(AssignCustomers.to((first,), north))
    QApplication.processEvents()
    assert cal.day_ids[:2] == [first, second]  # still this rep's visit until a new build
    row = cal.day_ids.index(first)
    grey = cal.day_list.item(row, 2).foreground().color()
    other = cal.day_list.item(cal.day_ids.index(second), 2).foreground().color()
    assert grey != other
    assert "現在は北エリアの顧客です。" in cal.day_list.item(row, 2).toolTip()
    assert "現在は" not in cal.day_list.item(cal.day_ids.index(second), 2).toolTip()
    assert cal.day_title.text().endswith("うち1件は作成後にほかのテリトリーへ移った顧客です（灰色）。")
    doc.undo_stack.undo()
    QApplication.processEvents()
    assert "灰色" not in cal.day_title.text()
    assert "現在は" not in cal.day_list.item(row, 2).toolTip()
