"""Customers' fixed visit weeks (訪問週): reading, storing, a calendar that keeps to them, hand
moves that survive a rebuild (weekday and weeks), and the edit."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
from calendar_helpers import assert_customers_and_schedule_equal, free_customer

from planner import model as m
from planner import store
from planner._schedule_days import TerritoryDays
from planner._schedule_zones import Pattern
from planner.columns import detect_columns
from planner.edits import MoveVisits, SetVisitWeek, apply_edit
from planner.errors import PlannerError
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.spreadsheet import read_customers
from planner.synthetic import synthetic_plan
from planner.visit_weeks import first_week, fixed_offset, parse_visit_week, visit_week_label

WORKDAYS = ("mon", "tue", "wed", "thu", "fri")
PERIOD = {2.0: 2, 1.0: 4, 0.5: 8}  # visits per 4 weeks -> weeks between visits


pytestmark = pytest.mark.usefixtures("english")


# --- reading a visit-week cell ------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "week"),
    [
        (1, 1),
        ("1", 1),
        (2.0, 2),
        (np.int64(3), 3),
        ("第1週", 1),
        ("第２週", 2),
        ("1週目", 1),
        ("3週", 3),
        ("week 2", 2),
        ("Week2", 2),
        ("2nd week", 2),
        ("第2週から", 2),
        ("", 0),
        (None, 0),
        (float("nan"), 0),
        (0, 0),
        ("0", 0),
        ("指定なし", 0),
        ("-", 0),
    ],
)
def test_visit_week_cells_are_read(cell: object, week: int) -> None:
    assert parse_visit_week(cell) == week


@pytest.mark.parametrize("cell", ["abc", 1.5, -1, 53, "第2火曜", "隔週", "week", True])
def test_unreadable_visit_weeks_are_none(cell: object) -> None:
    assert parse_visit_week(cell) is None


def test_offsets_first_weeks_and_labels() -> None:
    assert fixed_offset("2", 2) == 1 and fixed_offset("3", 2) == 0 and fixed_offset("6", 4) == 1
    assert fixed_offset("2", 1) is None and fixed_offset("", 4) is None
    assert first_week([2, 4, 6, 8], 2) == 2 and first_week([7, 3], 4) == 3
    assert first_week([5], 4) == 1 and first_week([1, 2], 1) == 0
    assert visit_week_label("2") == "week 2" and visit_week_label("") == ""
    set_language("ja")
    assert visit_week_label("2") == "第2週"


# --- import ---------------------------------------------------------------------------------
ROWS = [
    ("A001", "喫茶みどり", 35.60, 139.70, 2, "第2週"),
    ("A002", "山田医院", 35.61, 139.71, 1, "1週目"),
    ("A003", "スーパー北", 35.62, 139.72, 2, "毎週"),
    ("A004", "田中商店", 35.63, 139.73, 1, None),
    ("A005", "ホテル港", 35.64, 139.74, 1, 3),
    ("A006", "酒店西", 35.65, 139.75, 2, "week 2"),
]


def test_import_xlsx_with_a_visit_week_column(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客コード", "顧客名", "緯度", "経度", "訪問頻度", "訪問週"])
    for row in ROWS:
        ws.append(list(row))
    path = tmp_path / "customers.xlsx"
    wb.save(path)
    result = read_customers(path)
    assert result.mapping[m.VISIT_WEEK] == "訪問週"
    c = result.customers.set_index(m.CUSTOMER_ID)
    assert list(c[m.VISIT_WEEK]) == ["2", "1", "", "", "3", "2"]
    assert len(c) == 6  # the unreadable row is still a customer
    (problem,) = result.report.problems
    assert (problem.row, problem.column, problem.value, problem.kept) == (4, "訪問週", "毎週", True)
    assert "visit week is not readable" in problem.reason


@pytest.mark.parametrize("header", ["訪問週", "週指定", "第何週", "visit week", "Visit Week"])
def test_visit_week_headers_are_recognised(header: str) -> None:
    found = detect_columns(["顧客名", "住所", "訪問頻度", "訪問曜日", header])
    assert found.get(m.VISIT_WEEK) == header
    assert found.get(m.VISIT_DAYS) == "訪問曜日" and found.get(m.FREQUENCY) == "訪問頻度"


# --- plan files -------------------------------------------------------------------------------
def test_visit_weeks_written_as_numbers_load_as_text(tmp_path: Path) -> None:
    plan = synthetic_plan(4, territories=1, seed=1)
    c = plan.customers.copy()
    c[m.VISIT_WEEK] = pd.Series([2, 0, 3, 0], dtype=np.int64)
    store.save_plan(plan.replace(customers=c), tmp_path / "n.gpkg")
    loaded = store.load_plan(tmp_path / "n.gpkg")
    assert list(loaded.customers[m.VISIT_WEEK]) == ["2", "", "3", ""]


# --- the calendar -----------------------------------------------------------------------------
FREQS = [2.0, 1.0, 0.5, 4.0, 2.0, 1.0, 8.0, 2.0]
WEEKS = ["2", "3", "6", "2", "1", "", "1", "4"]
VISITS = ["tue", "", "thu", "", "", "fri", "", "mon,wed"]
CLOSINGS = ["", "wed", "", "", "mon", "", "", ""]


def _week_plan(n: int = 80, *, start_date: str = "", service: float = 10.0) -> m.Plan:
    plan = synthetic_plan(n, territories=2, seed=7)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array(FREQS), len(c))
    c[m.SERVICE_MINUTES] = service
    c[m.VISIT_WEEK] = np.resize(np.array(WEEKS, dtype=object), len(c))
    c[m.VISIT_DAYS] = np.resize(np.array(VISITS, dtype=object), len(c))
    c[m.CLOSED_DAYS] = np.resize(np.array(CLOSINGS, dtype=object), len(c))
    settings = dataclasses.replace(plan.settings, start_date=start_date)
    return plan.replace(customers=c, settings=settings)


@pytest.fixture(scope="module")
def week_calendar() -> m.Plan:
    # big enough territories for every search (ruin-and-recreate needs more than 30 customers)
    return build_schedule(_week_plan(160, service=5.0), route_seconds=0.01)


def _in_visit_weeks(plan: m.Plan) -> int:
    """Assert every visit of a customer with a visit week and a period above one falls in a
    week ≡ visit week (mod period), and on an allowed day; returns how many were checked."""
    s = plan.schedule
    assert s is not None
    c = plan.customers.set_index(m.CUSTOMER_ID)
    checked = 0
    for cid, visits in s.groupby("customer_id"):
        week, freq = c.loc[cid, m.VISIT_WEEK], float(c.loc[cid, m.FREQUENCY])
        visit, closed = c.loc[cid, m.VISIT_DAYS], c.loc[cid, m.CLOSED_DAYS]
        assert not set(visits["day"]) & set(closed.split(",")), cid
        assert not visit or set(visits["day"]) <= set(visit.split(",")), cid
        if week and freq in PERIOD:
            p = PERIOD[freq]
            assert all((w - 1) % p == (int(week) - 1) % p for w in visits["week"]), (
                cid, week, sorted(visits["week"]))
            checked += 1
    return checked


def test_visits_fall_in_the_visit_weeks_on_allowed_days(week_calendar: m.Plan) -> None:
    assert _in_visit_weeks(week_calendar) >= 80
    # a far customer whose one visit day of the cycle is too full stays out, with the reason
    un = week_calendar.unscheduled
    assert len(un) <= 2 and un["reason"].str.contains("working days are full").all()
    s = week_calendar.schedule
    assert set(s["customer_id"]) | set(un["customer_id"]) == set(
        week_calendar.customers[m.CUSTOMER_ID]
    )
    freq = week_calendar.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY]
    weeks = int(week_calendar.meta["schedule_weeks"])
    assert weeks == 8
    for cid, visits in s.groupby("customer_id"):  # every pattern keeps its number of visits
        assert len(visits) == freq[cid] * weeks / 4, cid
        if freq[cid] < 4:
            assert visits["day"].nunique() == 1


def test_visit_weeks_are_kept_when_holidays_move_visits() -> None:
    # Golden Week 2027: Mon 3 – Wed 5 May are holidays, so week 1's visits move within week 1
    out = build_schedule(_week_plan(60, start_date="2027-05-03"), route_seconds=0.01)
    assert not out.schedule["date"].isin(["2027-05-03", "2027-05-04", "2027-05-05"]).any()
    assert _in_visit_weeks(out) > 0


def test_visit_weeks_of_weekly_customers_change_nothing() -> None:
    plan = synthetic_plan(60, territories=2, seed=3)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4.0, 8.0, 2.0, 1.0]), len(c))
    before = build_schedule(plan.replace(customers=c), route_seconds=0.01).schedule
    weekly = c[m.FREQUENCY] >= 4
    c.loc[weekly, m.VISIT_WEEK] = "2"  # kept, but not used: weekly and twice-a-week customers
    after = build_schedule(plan.replace(customers=c), route_seconds=0.01).schedule
    key = ["customer_id", "week", "day"]
    pd.testing.assert_frame_equal(
        before[key].sort_values(key).reset_index(drop=True),
        after[key].sort_values(key).reset_index(drop=True),
    )


def test_a_full_visit_week_leaves_customers_unscheduled_never_in_another_week() -> None:
    plan = synthetic_plan(40, territories=1, seed=5)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 2.0  # every two weeks …
    c[m.SERVICE_MINUTES] = 60.0
    c[m.VISIT_WEEK] = "1"  # … all in the odd weeks: far more than their days can hold
    out = build_schedule(plan.replace(customers=c), day_hours=4.0, route_seconds=0.01)
    assert len(out.unscheduled) > 0
    assert out.unscheduled["reason"].str.contains("working days are full").any()
    assert set(out.schedule["week"]) <= {1, 3}
    assert not out.schedule.groupby(["week", "day"])["day_hours"].max().gt(4.0 + 1e-6).any()


def test_territory_days_offer_only_the_visit_week() -> None:
    n = 3
    minutes = np.ones((n + 1, n + 1)) - np.eye(n + 1)
    cal = TerritoryDays(
        minutes=minutes, service=np.full(n, 5.0),
        patterns=[Pattern(4, 1, False), Pattern(2, 1, False), Pattern(1, 2, False)],
        day_sets=[(0,), (1,), (0, 2)], offsets=[1, 0, 0], horizon=4, n_days=5,
        limit_minutes=480.0, route_seconds=0.01, active=np.ones(n, dtype=bool),
        closed={0: frozenset({3})}, weeks={0: 1, 2: 1},
    )
    options = cal._options(0, include_current=True)
    assert options and {o for _d, o in options} == {1}
    assert all(3 not in d for d, _o in options)
    assert {o for _d, o in cal._options(1)} == {0, 1}  # no visit week: every offset
    assert cal.weeks == {0: 1}  # a weekly pattern keeps no visit week
    assert cal.allows(0, (2,), 1) and not cal.allows(0, (2,), 2) and not cal.allows(0, (3,), 1)


def test_recreate_inserts_only_into_the_visit_week() -> None:
    from planner._schedule_search import _cheapest, _SingleDayOptions

    n = 2
    minutes = np.ones((n + 1, n + 1)) - np.eye(n + 1)
    cal = TerritoryDays(
        minutes=minutes, service=np.full(n, 5.0), patterns=[Pattern(2, 1, False)] * n,
        day_sets=[(0,), (1,)], offsets=[0, 0], horizon=2, n_days=5, limit_minutes=480.0,
        route_seconds=0.01, active=np.ones(n, dtype=bool), weeks={0: 1},
    )
    where = {k: j for j, k in enumerate(cal.stops)}
    extra = np.array([0.0 if w == 0 else 10.0 for w, _d in cal.stops])  # week 1 is dearer
    fits = np.ones(len(extra), dtype=bool)
    single = _SingleDayOptions(cal, where)
    assert _cheapest(cal, 0, extra, fits, where, single)[1] == 1  # its visit week all the same
    assert _cheapest(cal, 1, extra, fits, where, single)[1] == 0  # free: the cheaper week


# --- hand moves -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def free_calendar() -> m.Plan:
    """A calendar whose customers have no visit week, day or closing day yet."""
    plan = synthetic_plan(60, territories=2, seed=11)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([2.0, 1.0, 4.0, 8.0]), len(c))
    c[m.SERVICE_MINUTES] = 10.0
    return build_schedule(plan.replace(customers=c), route_seconds=0.01)


def _move_to_other_weeks(plan: m.Plan, cid: str, period: int) -> tuple[m.Plan, Any, str, int]:
    s = plan.schedule
    mine = s[s["customer_id"] == cid]
    day, week = str(mine["day"].iloc[0]), int(mine["week"].min())
    target_day = next(d for d in ("wed", "thu", "tue") if d != day)
    target_week = week + 1 if week < period else week - 1  # the other half / another quarter
    moved, inverse, changes = apply_edit(
        plan, MoveVisits((cid,), (week, day), (target_week, target_day))
    )
    assert changes.customers and changes.schedule
    return moved, inverse, target_day, target_week


def test_moving_an_every_two_weeks_customer_sets_visit_week_and_days_and_undo_restores(
    free_calendar: m.Plan,
) -> None:
    cid = free_customer(free_calendar, 2.0)
    moved, inverse, day, week = _move_to_other_weeks(free_calendar, cid, 2)
    c = moved.customers.set_index(m.CUSTOMER_ID)
    assert (c.loc[cid, m.VISIT_DAYS], c.loc[cid, m.VISIT_WEEK]) == (day, str(week))
    r = moved.schedule
    horizon = int(moved.meta["schedule_weeks"]) + 1
    assert sorted(r.loc[r["customer_id"] == cid, "week"]) == list(range(week, horizon, 2))
    others = free_calendar.customers[m.CUSTOMER_ID] != cid
    assert (moved.customers.loc[others, m.VISIT_WEEK] == "").all()
    back, _again, _ = apply_edit(moved, inverse)
    assert_customers_and_schedule_equal(back, free_calendar)


def test_moving_a_weekly_customer_leaves_its_visit_week_alone(free_calendar: m.Plan) -> None:
    cid = free_customer(free_calendar, 4.0)
    c = free_calendar.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == cid, m.VISIT_WEEK] = "3"  # kept, though not used
    plan = free_calendar.replace(customers=c)
    s = plan.schedule
    day = str(s.loc[s["customer_id"] == cid, "day"].iloc[0])
    target = next(d for d in WORKDAYS if d != day)
    moved, inverse, _ = apply_edit(plan, MoveVisits((cid,), (1, day), (1, target)))
    assert moved.customers.set_index(m.CUSTOMER_ID).loc[cid, m.VISIT_WEEK] == "3"
    back, _again, _ = apply_edit(moved, inverse)
    assert_customers_and_schedule_equal(back, plan)


def test_a_rebuild_after_a_hand_move_keeps_weekday_and_weeks(free_calendar: m.Plan) -> None:
    two = free_customer(free_calendar, 2.0)
    four = free_customer(free_calendar, 1.0)
    plan, _inv, day2, week2 = _move_to_other_weeks(free_calendar, two, 2)
    plan, _inv, day4, week4 = _move_to_other_weeks(plan, four, 4)
    c = plan.customers.set_index(m.CUSTOMER_ID)
    assert (c.loc[two, m.VISIT_WEEK], c.loc[four, m.VISIT_WEEK]) == (str(week2), str(week4))
    rebuilt = build_schedule(plan, route_seconds=0.01)
    r = rebuilt.schedule
    horizon = int(rebuilt.meta["schedule_weeks"]) + 1
    assert set(r.loc[r["customer_id"] == two, "day"]) == {day2}
    assert sorted(r.loc[r["customer_id"] == two, "week"]) == list(range(week2, horizon, 2))
    assert set(r.loc[r["customer_id"] == four, "day"]) == {day4}
    assert sorted(r.loc[r["customer_id"] == four, "week"]) == list(range(week4, horizon, 4))
    assert _in_visit_weeks(rebuilt) == 2


# --- the edit ---------------------------------------------------------------------------------
def test_set_visit_week_and_its_inverse(week_calendar: m.Plan) -> None:
    ids = tuple(week_calendar.customers[m.CUSTOMER_ID].iloc[:3])
    assert not week_calendar.meta.get("schedule_stale")
    new, inverse, changes = apply_edit(week_calendar, SetVisitWeek(ids, ("第3週", "", "4")))
    assert new.customers[m.VISIT_WEEK].iloc[:3].tolist() == ["3", "", "4"]
    assert new.meta["schedule_stale"] is True and changes.schedule and changes.customers
    assert "visit week" in SetVisitWeek.to(ids, "2").describe()
    back, _again, _ = apply_edit(new, inverse)
    assert_customers_and_schedule_equal(back, week_calendar)
    with pytest.raises(PlannerError):
        apply_edit(week_calendar, SetVisitWeek(ids[:1], ("every week",)))


# --- exports ----------------------------------------------------------------------------------
def test_workbook_shows_visit_weeks_and_re_imports_them(
    tmp_path: Path, week_calendar: m.Plan
) -> None:
    from planner.export.excel import export_workbook

    path = export_workbook(week_calendar, tmp_path / "plan.xlsx")
    ws = openpyxl.load_workbook(path)["Customer list"]
    headers = [cell.value for cell in ws[1]]
    col = headers.index("Visit week") + 1
    assert headers[col - 2] == "Visit days"
    weeks = list(week_calendar.customers[m.VISIT_WEEK])
    shown = [ws.cell(row=r, column=col).value for r in range(2, len(weeks) + 2)]
    assert shown[:3] == ["week 2", "week 3", "week 6"] and shown[5] is None
    again = read_customers(path)
    assert again.mapping[m.VISIT_WEEK] == "Visit week"
    assert list(again.customers[m.VISIT_WEEK]) == weeks
