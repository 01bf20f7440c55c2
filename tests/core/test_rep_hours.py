"""A rep's own day length (a part-timer's 4 hours): stored, edited, scheduled, counted."""

from __future__ import annotations

import numpy as np
import pytest

from planner import edits as E
from planner import model as m
from planner import store
from planner._edit_base import apply_edit
from planner.cli import main
from planner.errors import PlannerError
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.stats import plan_stats
from planner.synthetic import synthetic_plan
from planner.territories import capacity_hours


def _plan() -> m.Plan:
    plan = synthetic_plan(120, territories=2, seed=8)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = 40.0
    plan = plan.replace(customers=c)
    t1, t2 = plan.territories
    return plan.replace(territories=(t1.replace(day_hours=4.0), t2))


@pytest.fixture(scope="module")
def built() -> m.Plan:
    return build_schedule(_plan(), route_seconds=0.01)


def test_no_day_of_the_part_timer_is_longer_than_their_hours(built: m.Plan) -> None:
    s = built.schedule
    day = s.groupby(["territory", "week", "day"])["day_hours"].first()
    assert day["T01"].max() <= 4.0 + 1e-9
    assert day["T02"].max() > 4.0  # the full-timer works the plan's 8-hour days
    assert day["T02"].max() <= 8.0 + 1e-9
    assert built.meta["schedule_day_hours_by_territory"] == {"T01": 4.0}
    # what does not fit in the short days is listed, saying how long the day is
    left = built.unscheduled[built.unscheduled["territory"] == "T01"]
    assert len(left) > 0
    assert left["reason"].str.contains("4 hours a day").all()
    stats = plan_stats(built)
    hours = {t["id"]: t["day_hours"] for t in stats["territories"]}
    assert hours == {"T01": 4.0, "T02": 8.0}


def test_capacity_is_at_most_the_days_times_the_reps_hours() -> None:
    plan = _plan()
    assert list(capacity_hours(plan.territories, plan.settings)) == [20.0, 40.0]  # 5 × 4 h
    t1, t2 = plan.territories
    mixed = (t1.replace(working_days=("mon", "wed", "fri")), t2)
    assert list(capacity_hours(mixed, plan.settings)) == [12.0, 40.0]


def test_day_hours_are_one_undoable_edit_that_marks_the_calendar_stale(
    built: m.Plan, tmp_path
) -> None:
    new, inverse, _changes = apply_edit(built, E.UpdateTerritory.of("T02", day_hours=6.0))
    assert new.territory("T02").day_hours == 6.0
    assert new.meta[E.SCHEDULE_STALE] is True
    back, _inv, _c = apply_edit(new, inverse)
    assert back.territory("T02").day_hours is None and back.meta[E.SCHEDULE_STALE] is False
    with pytest.raises(PlannerError):
        apply_edit(built, E.UpdateTerritory.of("T02", day_hours=30.0))
    path = tmp_path / "p.gpkg"
    store.save_plan(new, path)
    assert [t.day_hours for t in store.load_plan(path).territories] == [4.0, 6.0]


def _plan_and_homes(tmp_path, column: str, t01_value: str):
    """A saved 2-territory plan and a HOMES.csv giving T01 ``column`` = ``t01_value``."""
    plan = synthetic_plan(120, territories=2, seed=8)
    path = tmp_path / "p.gpkg"
    store.save_plan(plan, path)
    homes = tmp_path / "homes.csv"
    t1, t2 = plan.territories
    homes.write_text(
        f"territory,lat,lon,{column}\n"
        f"T01,{t1.home_lat},{t1.home_lon},{t01_value}\nT02,{t2.home_lat},{t2.home_lon},\n",
        encoding="utf-8",
    )
    return path, homes


def test_homes_csv_day_hours_and_the_schedule_command(tmp_path, capsys) -> None:
    path, homes = _plan_and_homes(tmp_path, "day_hours", "4.5")
    set_language("en")
    try:
        assert main(["design", str(path), "-n", "2", "--homes", str(homes)]) == 0
        assert [t.day_hours for t in store.load_plan(path).territories] == [4.5, None]
        assert main(["schedule", str(path), "--quiet"]) == 0
        out = capsys.readouterr().out
        assert "T01 works at most 4.5 hours a day." in out
        s = store.load_plan(path).schedule
        day = s[s["territory"] == "T01"].groupby(["week", "day"])["day_hours"].first()
        assert np.all(day <= 4.5 + 1e-9)
        homes.write_text("territory,lat,lon,day_hours\nT01,35.6,139.7,30\n", encoding="utf-8")
        assert main(["design", str(path), "-n", "2", "--homes", str(homes)]) == 1
        assert "hours a day must be a number more than 0 and at most 24" in capsys.readouterr().err
    finally:
        set_language(None)


def test_the_excel_summary_names_the_reps_own_day(built: m.Plan, tmp_path) -> None:
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook
    from planner.i18n import tr

    set_language("ja")
    try:
        ws = load_workbook(export_workbook(built, tmp_path / "p.xlsx"))[tr("Summary")]
        col = [c.value for c in ws[3]].index(tr("Working days")) + 1
        days = {ws.cell(row=r, column=1).value: ws.cell(row=r, column=col).value for r in (4, 5)}
    finally:
        set_language(None)
    assert days["T01"].endswith("（1日最大 4時間）")
    assert "時間" not in days["T02"]



def test_a_reps_own_start_of_the_day(tmp_path, capsys) -> None:
    """A part-timer from 10:30: their days start then (and a hand move keeps it); HOMES.csv
    day_start sets it; an unreadable time is refused."""
    plan = synthetic_plan(120, territories=2, seed=8)
    plan = apply_edit(plan, E.UpdateTerritory.of("T01", day_start="10:30"))[0]
    built = build_schedule(plan, route_seconds=0.01)
    s = built.schedule
    first = s.sort_values("seq").groupby(["territory", "week", "day"])["arrival"].first()
    assert (first.loc["T01"] >= "10:30").all() and (first.loc["T02"] < "10:30").any()
    # a hand move times both days from the rep's own start
    one = s[s["territory"] == "T01"].iloc[0]
    other = next(d for d in built.settings.working_days if d != one["day"])
    moved = apply_edit(built, E.MoveVisits((str(one["customer_id"]),), (int(one["week"]),
                                            str(one["day"])), (int(one["week"]), other)))[0]
    t = moved.schedule[moved.schedule["territory"] == "T01"]
    assert (t.sort_values("seq").groupby(["week", "day"])["arrival"].first() >= "10:30").all()
    with pytest.raises(PlannerError, match="09:00"):
        apply_edit(plan, E.UpdateTerritory.of("T01", day_start="morning"))

    path, homes = _plan_and_homes(tmp_path, "day_start", "10時")
    set_language("en")
    try:
        assert main(["design", str(path), "-n", "2", "--homes", str(homes)]) == 0
        assert [t.day_start for t in store.load_plan(path).territories] == ["10:00", ""]
        homes.write_text("territory,lat,lon,day_start\nT01,35.6,139.7,朝\n", encoding="utf-8")
        assert main(["design", str(path), "-n", "2", "--homes", str(homes)]) == 1
        assert "start of the day must look like 09:00" in capsys.readouterr().err
    finally:
        set_language(None)


def test_a_part_timers_weekly_hours_are_shared_over_their_days() -> None:
    """A rep on 30 hours a week, with no day length of their own, works 6-hour days over five
    days (their weeks near 30 hours), not the plan's 8-hour days; 40 hours stay full-time."""
    plan = synthetic_plan(120, territories=2, seed=8)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = 70.0
    t1, t2 = plan.territories
    plan = plan.replace(customers=c, territories=(t1.replace(capacity_hours=30.0), t2))
    s = build_schedule(plan, route_seconds=0.01).schedule
    day = s.groupby(["territory", "week", "day"])["day_hours"].first()
    assert 5.0 < day["T01"].max() <= 6.0 + 1e-9
    assert day["T01"].groupby(level="week").sum().max() <= 30.0 + 1e-6
    assert day["T02"].max() > 6.0


def test_a_part_timers_shorter_day_is_reported_like_an_own_day() -> None:
    """30 hours on five days: stats and the calendar's notes say 6 hours a day."""
    plan = synthetic_plan(60, territories=2, seed=8)
    t1, t2 = plan.territories
    plan = plan.replace(territories=(t1.replace(capacity_hours=30.0), t2))
    built = build_schedule(plan, route_seconds=0.01)
    assert built.meta["schedule_day_hours_by_territory"] == {"T01": 6.0}
    days = {t["id"]: t["day_hours"] for t in plan_stats(built)["territories"]}
    assert days == {"T01": 6.0, "T02": 8.0}
