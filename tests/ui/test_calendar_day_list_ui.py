"""The Calendar dock's day list: the stops of the day shown, whatever the calendar holds,
and a tooltip that says what a manager can do with them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from planner import model as m
from planner._schedule_table import EXTRA_COLUMNS
from planner.i18n import set_language
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from tests.core.test_move_choices import small_plan

pytestmark = pytest.mark.usefixtures("isolated", "program_font")


def shown_panel(qtbot, plan: m.Plan) -> CalendarPanel:
    cal = CalendarPanel(PlanDocument(plan))
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
