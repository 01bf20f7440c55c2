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
    assert cal.summary.text() == "8 weeks (2 working days): 2 visits, 40 km"


def test_the_docks_kilometres_are_the_ones_stats_and_the_workbook_give(qtbot, tmp_path) -> None:
    """A December calendar closed 12/29〜1/3: the dock said 「4週間で16日、…462km」, `stats`
    put 577 beside the estimate and the workbook 144.3 km/週 for the same rep. The dock says
    the rep's working days and km in the calendar's weeks, the very figure `stats` and the
    workbook's summary call 「カレンダーの移動km（4週）」."""
    import dataclasses
    import datetime as dt

    from openpyxl import load_workbook

    from planner.days_off import parse_days_off
    from planner.export.excel import export_workbook
    from planner.i18n import set_language
    from planner.schedule import build_schedule
    from planner.stats import plan_stats

    plan = synthetic_plan(80, territories=2, seed=3)
    c = plan.customers.copy()
    c[m.FREQUENCY] = c[m.FREQUENCY].clip(lower=1.0)  # a 4-week calendar
    settings = dataclasses.replace(
        plan.settings, start_date="2026-12-07",
        company_days_off=parse_days_off("12/29〜1/3", start=dt.date(2026, 12, 7)))
    december = build_schedule(plan.replace(customers=c, settings=settings),
                              route_seconds=0.01)
    mine = december.schedule[december.schedule["territory"] == "T01"]
    km = float(mine["travel_km"].sum() + mine["return_km"].fillna(0).sum())
    set_language("ja")
    try:
        window = MainWindow(december, "")
        qtbot.addWidget(window)
        window.show()
        window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
        cal = window.actions_ui.calendar_panel
        assert cal.territory_id() == "T01"
        assert cal.summary.text().startswith(
            f"4週（稼働16日）: 訪問{len(mine)}件、移動{km:,.0f}km")
        stats = {t["id"]: t for t in plan_stats(december)["territories"]}
        assert f"{stats['T01']['scheduled_travel_km']:,.0f}" == f"{km:,.0f}"
        summary = load_workbook(export_workbook(december, tmp_path / "dec.xlsx"))["サマリー"]
        assert summary["H3"].value.replace("\n", "") == "カレンダーの移動km（4週）"
        assert f"{summary['H4'].value:,.0f}" == f"{km:,.0f}"
    finally:
        set_language(None)
