"""A rep's own working days in the window: the Working days dialog, the Calendar dock's columns."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest

from planner import edits as E
from planner import model as m
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument
from planner.ui.schedule_dialog import ScheduleDialog
from planner.ui.territory_model import COLUMNS
from planner.ui.territory_panel import TerritoryPanel

pytestmark = pytest.mark.usefixtures("isolated")

MON_THU = ("mon", "tue", "wed", "thu")
TUE_THU_SAT = ("tue", "thu", "sat")


def _built() -> m.Plan:
    plan = synthetic_plan(80, territories=3, seed=4)
    t1, t2, t3 = plan.territories
    plan = plan.replace(
        territories=(t1.replace(working_days=MON_THU), t2.replace(working_days=TUE_THU_SAT), t3),
        settings=dataclasses.replace(plan.settings, day_hours=10.0),
    )
    return build_schedule(plan, route_seconds=0.01)


def test_working_days_dialog_pushes_one_undoable_edit(qtbot) -> None:
    plan = build_schedule(synthetic_plan(60, territories=2, seed=2), route_seconds=0.01)
    doc = PlanDocument(plan)
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    menu = panel.territory_menu(0)
    assert any(a.objectName() == "territory_working_days" for a in menu.actions())
    dialog = panel.working_days_dialog("T01")
    qtbot.addWidget(dialog)
    assert dialog.same.isChecked() and not dialog.day_checks.isEnabled()
    assert dialog.edit() is None  # nothing changed: nothing to push
    dialog.own.click()  # own days: the boxes (the plan's days ticked) can be changed
    assert dialog.day_checks.isEnabled() and dialog.days() == m.Settings().working_days
    dialog.day_checks.boxes["fri"].click()
    dialog.day_checks.boxes["sat"].setChecked(True)
    assert dialog.days() == ("mon", "tue", "wed", "thu", "sat")
    count = doc.undo_stack.count()
    panel.apply_working_days(dialog)
    assert doc.undo_stack.count() == count + 1
    assert doc.plan.territory("T01").working_days == ("mon", "tue", "wed", "thu", "sat")
    assert doc.plan.meta[E.SCHEDULE_STALE] is True
    # the row's tooltip names the rep's days; the other territory's does not
    name = [k for k, _t, _e in COLUMNS].index("name")
    tip = panel.model.index(0, name).data(0x0003)  # Qt.ToolTipRole
    assert "Working days: Mon・Tue・Wed・Thu・Sat" in tip
    assert "Working days" not in panel.model.index(1, name).data(0x0003)
    doc.undo_stack.undo()
    assert doc.plan.territory("T01").working_days == ()
    assert doc.plan.meta[E.SCHEDULE_STALE] is False
    # "Same as the plan" clears own days again
    doc.undo_stack.redo()
    again = panel.working_days_dialog("T01")
    qtbot.addWidget(again)
    assert again.own.isChecked() and again.day_checks.days() == doc.plan.territory("T01").working_days
    again.same.setChecked(True)
    assert again.edit() == E.SetWorkingDays("T01", ())
    panel.apply_working_days(again)
    assert doc.plan.territory("T01").working_days == ()


def test_calendar_grid_follows_the_reps_days(qtbot) -> None:
    plan = _built()
    doc = PlanDocument(plan)
    cal = CalendarPanel(doc)
    qtbot.addWidget(cal)

    def headers() -> list[str]:
        return [cal.grid.horizontalHeaderItem(c).text() for c in range(cal.grid.columnCount())]

    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData("T01"))
    assert cal.days() == list(MON_THU) and headers() == ["Mon", "Tue", "Wed", "Thu"]
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData("T02"))
    assert cal.days() == list(TUE_THU_SAT) and headers() == ["Tue", "Thu", "Sat"]
    sat = cal.days().index("sat")
    filled = [r for r in range(cal.grid.rowCount()) if cal.grid.item(r, sat) is not None]
    assert filled  # the Saturday column has the rep's Saturday visits
    cal.grid.cellClicked.emit(filled[0], sat)
    assert cal.shown == ("T02", filled[0] + 1, "sat") and cal.day_list.rowCount() > 0
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData("T03"))
    assert cal.days() == list(plan.settings.working_days) and len(headers()) == 5
    # a new own day shows at once (an empty column until the calendar is built again)
    doc.push(E.SetWorkingDays("T03", ("mon", "tue", "wed", "thu", "fri", "sat")))
    assert headers()[-1] == "Sat"
    assert all(cal.grid.item(r, 5) is None for r in range(cal.grid.rowCount()))


def test_schedule_dialog_says_when_reps_have_their_own_days(qtbot) -> None:
    plan = _built()
    dialog = ScheduleDialog(PlanDocument(plan))
    qtbot.addWidget(dialog)
    assert "2 reps have their own working days" in dialog.own_days_note.text()
    assert not dialog.own_days_note.isHidden()
    plain = ScheduleDialog(PlanDocument(synthetic_plan(20, territories=2, seed=1)))
    qtbot.addWidget(plain)
    assert plain.own_days_note.isHidden()
    assert np.all(dialog.day_checks.days() == plan.settings.working_days)


def test_days_off_from_the_working_time_dialog_to_the_dated_calendar(qtbot) -> None:
    from PySide6.QtCore import QDate

    doc = PlanDocument(synthetic_plan(80, territories=2, seed=2))
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    build = ScheduleDialog(doc)
    qtbot.addWidget(build)
    assert not build.dated.isChecked() and not build.start.isEnabled()
    assert build.start.date().dayOfWeek() == 1  # next Monday is offered
    build.dated.setChecked(True)
    build.start.setDate(QDate(2026, 12, 7))
    with qtbot.waitSignal(build.built, timeout=60_000):
        build.run()
    assert doc.plan.settings.start_date == "2026-12-07"
    s = doc.plan.schedule
    assert ((s.territory == "T01") & (s.date == "2026-12-09")).any()

    dialog = panel.working_days_dialog("T01")
    qtbot.addWidget(dialog)
    dialog.days_off.setText("12/9、12/24")
    assert dialog.edit() == E.UpdateTerritory.of("T01", days_off=("2026-12-09", "2026-12-24"))
    said: list[str] = []
    panel.message.connect(said.append)
    on_9th = int(((s.territory == "T01") & s.date.isin(["2026-12-09", "2026-12-24"])).sum())
    panel.apply_working_days(dialog)
    # a day off is no change of working time: what becomes of the day's visits, no rebalance
    rep = doc.plan.territory("T01").rep or doc.plan.territory("T01").name
    assert said == [f"{rep} is off on 12/9(Wed), 12/24(Thu): its {on_9th} visits stay planned until you "
                    "build the calendar again (keeping the visit days), which moves them to "
                    "other days of the same week, or leaves out those no day has room for."]
    assert doc.plan.territory("T01").days_off == ("2026-12-09", "2026-12-24")
    assert doc.plan.meta[E.SCHEDULE_STALE] is True
    name = [k for k, _t, _e in COLUMNS].index("name")
    assert "Days off: 12/9, 12/24" in panel.model.index(0, name).data(0x0003)
    # before the rebuild, the day's visits are still planned: the cell says it is now closed
    stale = CalendarPanel(doc)
    qtbot.addWidget(stale)
    stale.rep_combo.setCurrentIndex(stale.rep_combo.findData("T01"))
    marked = stale.grid.item(0, stale.days().index("wed"))
    assert "visits Day off\n" in marked.text()

    again = ScheduleDialog(doc)
    qtbot.addWidget(again)
    assert again.dated.isChecked() and again.start.date() == QDate(2026, 12, 7)
    with qtbot.waitSignal(again.built, timeout=60_000):
        again.run()
    s = doc.plan.schedule
    assert not ((s.territory == "T01") & (s.date == "2026-12-09")).any()
    cal = CalendarPanel(doc)
    qtbot.addWidget(cal)
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData("T01"))
    cell = cal.grid.item(0, cal.days().index("wed"))  # week 1's Wednesday, 12/9
    assert cell.text() == "Day off" and "on 12/9(Wed)." in cell.toolTip()
    assert cal.grid.verticalHeaderItem(1).text() == "Week 2\nfrom 12/14"  # each week's Monday

    bad = panel.working_days_dialog("T01")
    qtbot.addWidget(bad)
    bad.days_off.setText("来週")
    with pytest.raises(Exception, match="is not a date"):
        bad.edit()


def test_working_time_dialog_sets_the_reps_own_start(qtbot) -> None:
    from PySide6.QtCore import QTime

    doc = PlanDocument(synthetic_plan(40, territories=2, seed=2))
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    dialog = panel.working_days_dialog("T02")
    qtbot.addWidget(dialog)
    assert not dialog.own_start.isChecked() and not dialog.start_time.isEnabled()
    assert dialog.start_time.time() == QTime(9, 0)  # the plan's, shown
    dialog.own_start.setChecked(True)
    dialog.start_time.setTime(QTime(10, 0))
    assert dialog.edit() == E.UpdateTerritory.of("T02", day_start="10:00")
    panel.apply_working_days(dialog)
    assert doc.plan.territory("T02").day_start == "10:00"
    name = [k for k, _t, _e in COLUMNS].index("name")
    assert "Day starts at 10:00" in panel.model.index(1, name).data(0x0003)
    again = panel.working_days_dialog("T02")
    qtbot.addWidget(again)
    assert again.own_start.isChecked() and again.start_time.time() == QTime(10, 0)
    again.own_start.setChecked(False)  # back to the plan's start
    assert again.edit() == E.UpdateTerritory.of("T02", day_start="")


def test_company_days_off_from_the_build_calendar_dialog(qtbot, monkeypatch) -> None:
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QMessageBox

    from planner._schedule_off import skipped_visits

    doc = PlanDocument(synthetic_plan(80, territories=2, seed=2))
    build = ScheduleDialog(doc)
    qtbot.addWidget(build)
    assert not build.company.isEnabled()  # dates first
    build.dated.setChecked(True)
    assert build.company.isEnabled()
    build.start.setDate(QDate(2026, 12, 7))
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    build.company.setText("年末")
    assert build.run() is None and "is not a date" in warned[0]
    assert doc.plan.schedule is None  # nothing built, nothing changed
    build.company.setText("12/29〜1/3")
    with qtbot.waitSignal(build.built, timeout=60_000):
        build.run()
    plan = doc.plan
    assert plan.settings.company_days_off[0] == "2026-12-29"
    assert not plan.schedule.date.isin(plan.settings.company_days_off).any()
    if len(skipped_visits(plan)):
        assert "their customers keep their other visits" in build.report
    cal = CalendarPanel(doc)
    qtbot.addWidget(cal)
    for tid in ("T01", "T02"):  # every rep's 12/29–12/31 are closed
        cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(tid))
        for day in ("tue", "wed", "thu"):
            cell = cal.grid.item(3, cal.days().index(day))
            assert cell.text() == "Company closed", (tid, day)
            assert "The company is closed on 12/" in cell.toolTip()
        assert cal.grid.item(3, cal.days().index("fri")).text() == "New Year's Day"  # 元日
        # a closed day offers no move there (the edit would be refused)
        menu = cal.day_menu(3, cal.days().index("wed"))
        move = next(a for a in menu.actions() if a.objectName() == "calendar_move_here")
        assert not move.isEnabled() and move.text() == "No visits on this day (Company closed)"
        left = skipped_visits(plan)
        for date, n in left[left.territory == tid].groupby("date").size().items():
            week, weekday = divmod((dt.date.fromisoformat(date) - dt.date(2026, 12, 7)).days, 7)
            tip = cal.grid.item(week, weekday).toolTip()
            said = ("1 visit of this day fits no other day and is left out." if n == 1 else
                    f"{n} visits of this day fit no other day and are left out.")
            assert said in tip
    # a visit moved off a closed day is marked ◇ in the day's list, its tooltip says from where
    moved = plan.schedule[plan.schedule.moved_from != ""].iloc[0]
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(moved.territory))
    cal.grid.cellClicked.emit(int(moved.week) - 1, cal.days().index(moved.day))
    row = cal.day_ids.index(moved.customer_id)
    item = cal.day_list.item(row, 2)
    # the date as the dock writes a day, 12/30(Wed), not 2026-12-30
    from planner._calendar_once import day_text

    assert item.text().startswith("◇")
    assert f"Moved here from {day_text(moved.moved_from)}" in item.toolTip()
    # the Customer list finds the customers to call: a visit moved or left out
    from planner.ui.customer_model import CustomerTableModel

    model = CustomerTableModel(doc)
    model.set_filter("holidays")
    expected = set(plan.schedule.loc[plan.schedule.moved_from != "", "customer_id"]) | set(
        left["customer_id"])
    assert set(model.shown_ids()) == expected and expected
    again = ScheduleDialog(doc)
    qtbot.addWidget(again)
    assert again.company.text() == "12/29–1/3"  # the plan keeps them (English: an en dash)


def test_next_period_rolls_the_calendar_on_keeping_every_customers_day(qtbot) -> None:
    from PySide6.QtCore import QDate

    doc = PlanDocument(synthetic_plan(60, territories=2, seed=4))
    first = ScheduleDialog(doc)
    qtbot.addWidget(first)
    assert not first.next_period.isEnabled()  # no dated calendar yet
    first.dated.setChecked(True)
    first.start.setDate(QDate(2026, 12, 7))
    with qtbot.waitSignal(first.built, timeout=60_000):
        first.run()
    before = doc.plan.schedule
    weeks = int(doc.plan.meta["schedule_weeks"])
    again = ScheduleDialog(doc)
    qtbot.addWidget(again)
    assert again.next_period.isEnabled()
    again.next_period.click()
    expected = dt.date(2026, 12, 7) + dt.timedelta(weeks=weeks)
    assert again.start.date() == QDate(expected.year, expected.month, expected.day)
    assert again.keep.isChecked()
    with qtbot.waitSignal(again.built, timeout=60_000):
        again.run()
    plan = doc.plan
    assert plan.settings.start_date == expected.isoformat()
    assert plan.schedule["date"].min() >= expected.isoformat()
    # every customer on its usual weekdays still (a holiday's move counted where it was
    # planned), and nothing to announce
    from planner._schedule_keep import planned_visits, usual_days

    usual = usual_days(planned_visits(before), "customer_id")
    now = usual_days(planned_visits(plan.schedule), "customer_id")
    both = usual.index.intersection(now.index)
    assert len(both) == 60 and (usual[both] == now[both]).all()
    assert plan.meta["schedule_changed_days"] == {}
