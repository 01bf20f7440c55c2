"""A rep's day off set after the build, clicked in the Calendar dock: a red line above its
stops says the rep is off and what moves the visits (before, only the grid's small 休み said
it, and the day's stops listed under a title like any working day's; then the line sat in
black in the title, while the long-day note beside it was red)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from planner.i18n import set_language
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from tests.core.test_handout_day_off import sick  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("isolated")


def test_the_day_off_with_visits_says_so_under_its_title(qtbot, sick) -> None:  # noqa: F811
    plan, tid, _iso = sick
    set_language("ja")
    cal = CalendarPanel(PlanDocument(plan))
    qtbot.addWidget(cal)
    cal.show()
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(tid))
    days = cal.days()
    cal.grid.cellClicked.emit(0, days.index("wed"))  # week 1's Wednesday: the day off
    QApplication.processEvents()
    assert cal.day_title.text().startswith("第1週 12/9(水): 訪問 ")
    assert "休みの日" not in cal.day_title.text()  # not in the black title
    rep = plan.territory(tid).rep or plan.territory(tid).name
    note = cal.day_warning
    assert note.isVisible()
    assert f"12/9(水)は{rep}の休みの日ですが、訪問が残っています。" in note.text()
    assert "c62828" in note.styleSheet()  # in red, as the long day's note
    assert cal.day_list.rowCount() > 0  # the visits are still listed
    cal.grid.cellClicked.emit(0, days.index("thu"))  # a working day: no such line
    QApplication.processEvents()
    assert "休みの日" not in cal.day_warning.text() + cal.day_title.text()
