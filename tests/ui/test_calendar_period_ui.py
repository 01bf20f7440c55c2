"""The Calendar dock says the period its kilometres cover."""

from __future__ import annotations

import pandas as pd
import pytest

from planner import model as m
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


def test_the_docks_kilometres_say_the_weeks_they_cover(qtbot) -> None:
    """Customers seen every 8 weeks make the calendar run 8 weeks on a 4-week cycle: "2 days,
    2 visits, 40 km" did not say the km were 8 weeks', twice the 4-week estimate's period."""
    plan = synthetic_plan(50, territories=2, seed=2)
    rows = [("T01", "C000001", 1, "mon", 1, "09:20", "09:50", 10.0, 20.0),
            ("T01", "C000002", 7, "mon", 1, "10:00", "10:30", 30.0, 10.0),
            ("T02", "C000003", 2, "tue", 1, "09:10", "10:00", 8.0, 10.0)]  # fmt: skip
    schedule = pd.DataFrame(rows, columns=list(m.SCHEDULE_COLUMNS))
    window = MainWindow(plan.replace(schedule=schedule, meta={"schedule_weeks": 8}), "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    cal = window.actions_ui.calendar_panel
    assert cal.territory_id() == "T01" and cal.grid.rowCount() == 8
    assert cal.summary.text() == "2 days in 8 weeks, 2 visits, 40 km"
