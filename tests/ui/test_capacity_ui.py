"""A part-timer in the window: Working time… sets weekly hours; Auto-design gives a smaller share."""

from __future__ import annotations

import numpy as np
import pytest

from planner import edits as E
from planner import model as m
from planner import territories as tmod
from planner.synthetic import synthetic_plan
from planner.ui.design_dialog import DesignDialog
from planner.ui.document import PlanDocument
from planner.ui.territory_model import COLUMNS
from planner.ui.territory_panel import TerritoryPanel

pytestmark = pytest.mark.usefixtures("isolated")

TOOLTIP = 0x0003  # Qt.ToolTipRole


def test_working_time_dialog_sets_hours_and_days_in_one_step(qtbot) -> None:
    doc = PlanDocument(synthetic_plan(120, territories=3, seed=2))
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    menu = panel.territory_menu(1)
    action = next(a for a in menu.actions() if a.objectName() == "territory_working_days")
    assert action.text() == "Working time…"
    dialog = panel.working_days_dialog("T02")
    qtbot.addWidget(dialog)
    assert dialog.hours.value() == 40.0 and dialog.edit() is None
    dialog.hours.setValue(20.0)
    assert dialog.edit() == E.SetCapacity("T02", 20.0)  # hours alone: the calendar stays fresh
    dialog.own.click()
    dialog.day_checks.boxes["fri"].click()
    count = doc.undo_stack.count()
    with qtbot.waitSignal(panel.message, timeout=1000) as hint:
        panel.apply_working_days(dialog)
    assert "build the calendar again" in hint.args[0] and "Rebalance" in hint.args[0]
    assert doc.undo_stack.count() == count + 1  # hours and days: one undo step
    t = doc.plan.territory("T02")
    assert t.capacity_hours == 20.0 and t.working_days == ("mon", "tue", "wed", "thu")
    rep = [k for k, _t, _e in COLUMNS].index("rep")
    tip = panel.model.index(1, rep).data(TOOLTIP)
    assert "Weekly hours: 20" in tip and "Working days: Mon・Tue・Wed・Thu" in tip
    assert "Weekly hours" not in (panel.model.index(0, rep).data(TOOLTIP) or "")
    doc.undo_stack.undo()
    t = doc.plan.territory("T02")
    assert t.capacity_hours == 40.0 and t.working_days == ()


def test_design_dialog_shares_the_work_by_weekly_hours(qtbot) -> None:
    doc = PlanDocument(synthetic_plan(600, territories=4, seed=3))
    doc.push(E.SetCapacity("T02", 20.0))
    dialog = DesignDialog(doc)
    qtbot.addWidget(dialog)
    # a rep with fewer hours: the option is on, and the dialog says why
    assert dialog.by_capacity.isChecked() and dialog.options()["by_capacity"] is True
    assert "1 of 4 reps work fewer hours" in " ".join(
        w.text() for w in dialog.findChildren(type(dialog.figures))
    )
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        dialog.run()
    dialog.apply()
    plan = doc.plan
    assert plan.settings.balance_by_capacity
    metrics = tmod.territory_metrics(plan)
    assert np.abs(metrics["deviation"]).max() <= plan.settings.tolerance + 1e-9
    load = metrics["workload_hours_per_week"]
    assert load["T02"] / load.drop("T02").mean() == pytest.approx(0.5, abs=0.06)
    # the Territories dock measures each rep against that share and says so
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    dev = [k for k, _t, _e in COLUMNS].index("deviation")
    row = plan.territory_ids.index("T02")
    assert "fair share (14.3% of the total" in panel.model.index(row, dev).data(TOOLTIP)
    # switching the option off drops the designed result and measures against equal shares
    dialog2 = DesignDialog(doc)
    qtbot.addWidget(dialog2)
    with qtbot.waitSignal(dialog2.designed, timeout=60_000):
        dialog2.run()
    assert dialog2.apply_button.isEnabled()
    dialog2.by_capacity.setChecked(False)
    assert dialog2.result is None and not dialog2.apply_button.isEnabled()
    assert "Now: largest deviation" in dialog2.figures.text()
    share_dev = float(dialog2.figures.text().split("deviation ")[1].split("%")[0])
    assert share_dev > 30  # equal shares: the part-timer's half load is far off the mean


def test_hours_a_day_for_a_part_timer_and_the_calendar_marks_longer_days(qtbot) -> None:
    from planner.schedule import build_schedule
    from planner.ui.calendar_panel import CalendarPanel

    plan = build_schedule(synthetic_plan(120, territories=2, seed=5), route_seconds=0.01)
    doc = PlanDocument(plan)
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    dialog = panel.working_days_dialog("T01")
    qtbot.addWidget(dialog)
    assert dialog.day_hours.value() == 0.0
    assert dialog.day_hours.text() == "Same as the plan (8 h)"
    longest = float(plan.schedule.loc[plan.schedule["territory"] == "T01", "day_hours"].max())
    short = round(longest - 1.0, 1)  # shorter than the rep's longest day now
    dialog.day_hours.setValue(short)
    dialog.hours.setValue(25.0)
    edit = dialog.edit()
    assert edit == E.UpdateTerritory.of("T01", capacity_hours=25.0, day_hours=short)
    panel.apply_working_days(dialog)
    assert doc.plan.territory("T01").day_hours == short
    assert doc.plan.meta[E.SCHEDULE_STALE] is True  # the calendar must be built again
    rep = [k for k, _t, _e in COLUMNS].index("rep")
    assert f"Hours a day: {short:g}" in panel.model.index(0, rep).data(TOOLTIP)
    # the Calendar marks the days longer than this rep's own day, not the plan's 8 h
    cal = CalendarPanel(doc)
    qtbot.addWidget(cal)
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData("T01"))
    tips = [cal.grid.item(r, c).toolTip() for r in range(cal.grid.rowCount())
            for c in range(cal.grid.columnCount()) if cal.grid.item(r, c) is not None]
    assert f"Longer than the {short:g}-hour day" in tips
    again = panel.working_days_dialog("T01")
    qtbot.addWidget(again)
    assert again.own_day_hours() == short
    again.day_hours.setValue(0.0)  # back to the plan's day
    assert again.edit() == E.UpdateTerritory.of("T01", day_hours=None)


def test_territory_name_tooltip_lists_its_areas(qtbot) -> None:
    from planner.areas import areas_text, territory_areas

    doc = PlanDocument(synthetic_plan(120, territories=3, seed=2))
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    name = [k for k, _t, _e in COLUMNS].index("name")
    tip = panel.model.index(0, name).data(TOOLTIP)
    expected = areas_text(territory_areas(doc.plan)["T01"])
    assert tip.splitlines()[:2] == [doc.plan.territory("T01").name, f"Areas: {expected}"]
    # customers handed to another territory: the list follows
    moved = tuple(doc.plan.customers.loc[doc.plan.customers["territory"] == "T01",
                                         "customer_id"].head(20))
    doc.push(E.AssignCustomers(moved, ("T02",) * len(moved)))
    after = areas_text(territory_areas(doc.plan)["T01"])
    assert after != expected
    assert panel.model.index(0, name).data(TOOLTIP).splitlines()[1] == f"Areas: {after}"


def test_a_week_longer_than_the_reps_hours_shows_red(qtbot) -> None:
    from planner.ui.territory_model import AMBER, RED

    doc = PlanDocument(synthetic_plan(120, territories=3, seed=2))
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    col = [k for k, _t, _e in COLUMNS].index("workload_hours_per_week")
    foreground = 0x0009  # Qt.ForegroundRole
    metrics = tmod.territory_metrics(doc.plan)
    hours = float(metrics.loc["T02", "workload_hours_per_week"])
    assert hours < 40 * 0.95 and panel.model.index(1, col).data(foreground) is None
    doc.push(E.SetCapacity("T02", round(hours * 0.8, 1)))  # now over the rep's hours
    assert panel.model.index(1, col).data(foreground) == RED
    tip = panel.model.index(1, col).data(TOOLTIP)
    assert f"{hours:.1f} h a week of the rep's {round(hours * 0.8, 1):g} h (125%)" in tip
    assert "visits" in tip and "driving" in tip
    doc.push(E.SetCapacity("T02", round(hours / 0.97, 1)))  # nearly full
    assert panel.model.index(1, col).data(foreground) == AMBER


def test_visits_per_cycle_show_the_half_visits_of_customers_seen_every_8_weeks(qtbot) -> None:
    from planner import model as m

    plan = synthetic_plan(30, territories=1, seed=2)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 1.0
    c.loc[c.index[0], m.FREQUENCY] = 0.5  # every 8 weeks: half a visit per 4-week cycle
    panel = TerritoryPanel(PlanDocument(plan.replace(customers=c)))
    qtbot.addWidget(panel)
    col = [k for k, _t, _e in COLUMNS].index("visits_per_4_weeks")
    assert panel.model.index(0, col).data() == "29.5"  # as the workbook and stats say


def test_a_territory_without_customers_names_its_reps_hours_in_the_tooltip(qtbot) -> None:
    """It read "0.0 h a week of the rep's 0 h (0%)" for a rep of 40 hours."""
    plan = synthetic_plan(60, territories=3, seed=2)
    c = plan.customers.copy()
    c.loc[c[m.TERRITORY] == "T03", m.TERRITORY] = "T01"
    doc = PlanDocument(plan.replace(customers=c))
    doc.push(E.SetCapacity("T03", 32.0))
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    work = [k for k, _t, _e in COLUMNS].index("workload_hours_per_week")
    tip = panel.model.index(2, work).data(TOOLTIP)
    assert tip.startswith("0.0 h a week of the rep's 32 h (0%)"), tip


def test_a_two_week_cycle_shows_whole_visits_per_4_weeks_as_stats_and_the_workbook_do(
    qtbot,
) -> None:
    """Customers seen every 4 weeks with a 2-week cycle made 36.5 visits "per cycle"."""
    import dataclasses

    plan = synthetic_plan(41, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 2.0
    c.loc[c.index[:9], m.FREQUENCY] = 1.0
    plan = plan.replace(customers=c, settings=dataclasses.replace(plan.settings, cycle_weeks=2))
    panel = TerritoryPanel(PlanDocument(plan))
    qtbot.addWidget(panel)
    col = [k for k, _t, _e in COLUMNS].index("visits_per_4_weeks")
    assert panel.model.index(0, col).data() == "73"
    from PySide6.QtCore import Qt

    from planner.i18n import tr

    tip = panel.model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip == tr("Visits / 4 weeks")  # said per 4 weeks, the frequencies' period
