"""Customers' visiting hours (訪問時間帯): reading, storing, ordering a day within them, a
calendar that keeps every visit inside them, hand moves, and the edit."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from planner import model as m
from planner._routing_windows import evaluate, order_day, order_in_windows, visiting_hours
from planner.columns import detect_columns
from planner.edits import MoveVisits, SetVisitTime, apply_edit
from planner.errors import PlannerError
from planner.i18n import set_language
from planner.routing import clock_minutes, order_stops, stop_times
from planner.schedule import build_schedule
from planner.spreadsheet import read_customers
from planner.synthetic import synthetic_plan
from planner.visit_times import (
    parse_visit_time_cell,
    visit_time_label,
    window_minutes,
)

pytestmark = pytest.mark.usefixtures("english")


# --- reading a cell -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("午前", "-12:00"),
        ("午前中のみ", "-12:00"),
        ("AM", "-12:00"),
        ("午後", "13:00-"),
        ("14時以降", "14:00-"),
        ("14:00以降", "14:00-"),
        ("11時まで", "-11:00"),
        ("〜11:00", "-11:00"),
        ("11時前", "-11:00"),
        ("10:00-12:00", "10:00-12:00"),
        ("10時〜12時", "10:00-12:00"),
        ("１０：００～１２：００", "10:00-12:00"),
        ("午後2時〜4時", "14:00-16:00"),
        ("10時〜2時", "10:00-14:00"),
        ("9時半〜11時", "09:30-11:00"),
        ("10時から12時まで", "10:00-12:00"),
        ("13:00-15:00頃", "13:00-15:00"),
        ("2pm-4pm", "14:00-16:00"),
        ("after 14", "14:00-"),
        ("before 11:30", "-11:30"),
        ("夕方", "16:00-"),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
        ("指定なし", ""),
        ("-", ""),
    ],
)
def test_visiting_hours_cells_are_read(cell: object, stored: str) -> None:
    assert parse_visit_time_cell(cell) == stored


@pytest.mark.parametrize("cell", ["ランチ後", "25時", "12-10", "10時〜12時、14時〜16時", 10, "x時"])
def test_unreadable_visiting_hours_are_none(cell: object) -> None:
    assert parse_visit_time_cell(cell) is None


def test_windows_and_labels() -> None:
    assert window_minutes("10:00-12:00") == (600.0, 720.0)
    assert window_minutes("14:00-") == (840.0, 1440.0)
    assert window_minutes("-09:30") == (0.0, 570.0)
    assert window_minutes("") is None
    assert visit_time_label("09:30-11:00") == "9:30–11:00"  # an en dash in English
    assert visit_time_label("14:00-") == "from 14:00"
    assert visit_time_label("-11:00") == "until 11:00"
    set_language("ja")
    try:
        assert visit_time_label("09:30-11:00") == "9:30〜11:00"
        assert visit_time_label("14:00-") == "14:00〜"
        assert visit_time_label("-11:00") == "〜11:00"
    finally:
        set_language("en")
    assert visit_time_label("") == ""


def test_import_xlsx_with_a_visiting_hours_column(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客名", "緯度", "経度", "訪問時間(分)", "訪問時間帯"])
    rows = [("A店", "午前", 20), ("B店", "14時以降", 30), ("C店", "ランチ後", 15), ("D店", None, 10)]
    for k, (name, hours, minutes) in enumerate(rows):
        ws.append([name, 35.6 + k * 0.01, 139.7, minutes, hours])
    path = tmp_path / "customers.xlsx"
    wb.save(path)
    result = read_customers(path)
    assert result.mapping[m.VISIT_TIME] == "訪問時間帯"
    assert result.mapping[m.SERVICE_MINUTES] == "訪問時間(分)"
    c = result.customers
    assert list(c[m.VISIT_TIME]) == ["-12:00", "14:00-", "", ""]
    assert list(c[m.SERVICE_MINUTES]) == [20, 30, 15, 10]
    (problem,) = result.report.problems
    assert (problem.row, problem.value, problem.kept) == (4, "ランチ後", True)
    assert "visiting hours could not be read" in problem.reason


@pytest.mark.parametrize("header", ["訪問時間帯", "時間指定", "希望訪問時間帯", "納品時間帯", "time window"])
def test_visiting_hours_headers_are_recognised(header: str) -> None:
    found = detect_columns(["顧客名", "住所", "訪問時間", header])
    assert found.get(m.VISIT_TIME) == header
    assert found.get(m.SERVICE_MINUTES) == "訪問時間"


# --- ordering a day within visiting hours -----------------------------------------------------
def _day(n: int, seed: int, share: float = 0.5) -> tuple[np.ndarray, np.ndarray, list]:
    rng = np.random.default_rng(seed)
    pts = rng.uniform(0, 12, (n + 1, 2))
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 2.6
    service = np.r_[0.0, rng.uniform(10, 30, n)]
    choices = [(0.0, 720.0), (780.0, 1440.0), (600.0, 720.0)]
    windows: list = [None]
    for _ in range(n):
        windows.append(choices[rng.integers(3)] if rng.random() < share else None)
    return minutes, service, windows


@pytest.mark.parametrize("seed", range(12))
def test_a_small_day_is_ordered_as_well_as_by_trying_every_order(seed: int) -> None:
    minutes, service, windows = _day(7, seed)
    opens, closes = visiting_hours(windows)
    found = order_in_windows(minutes, service, opens, closes, day_start=540.0)
    best = min(
        (evaluate([0, *p], minutes, service, opens, closes, 540.0) for p in
         itertools.permutations(range(1, 8))),
        key=lambda d: (d.late > 1e-9, d.minutes),
    )
    assert sorted(found.order) == list(range(8)) and found.order[0] == 0
    assert found.late == pytest.approx(best.late, abs=1e-6)
    assert found.minutes == pytest.approx(best.minutes, abs=1e-6)


def test_a_day_keeps_every_visit_inside_its_hours_where_the_shortest_tour_does_not() -> None:
    checked = 0
    for seed in range(20):
        minutes, service, windows = _day(15, seed, share=0.3)
        opens, closes = visiting_hours(windows)
        tour = order_stops(minutes, time_limit=0.05)
        day = order_in_windows(minutes, service, opens, closes, day_start=540.0, tour=tour)
        shortest = evaluate(tour, minutes, service, opens, closes, 540.0)
        assert day.late == 0.0
        if shortest.late > 0:
            checked += 1
        times = stop_times(day.order, minutes, service, 540.0, opens)
        for st in times:  # the visit starts at opening time or later, ends by closing time
            assert opens[st.stop] - 1e-6 <= st.arrival
            assert st.departure <= closes[st.stop] + 1e-6
        assert times[-1].departure + minutes[day.order[-1], 0] - 540.0 == pytest.approx(
            day.minutes
        )
    assert checked >= 5  # the shortest tour alone would have been late on these days


def test_order_day_is_the_shortest_tour_without_visiting_hours() -> None:
    minutes, service, _windows = _day(12, 3)
    plain = order_day(minutes, service, [None] * 13, day_start=540.0, time_limit=0.05)
    assert plain == order_stops(minutes, start=0, end=0, time_limit=0.05)


# --- the calendar -----------------------------------------------------------------------------
HOURS = ["-12:00", "", "13:00-", "", "10:00-11:30", "", "", "-10:30", "", "14:00-16:00"]


def _hours_plan(n: int = 160, *, hours: list[str] = HOURS, service: float = 12.0) -> m.Plan:
    plan = synthetic_plan(n, territories=2, seed=7)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4.0, 2.0, 1.0, 2.0]), len(c))
    c[m.SERVICE_MINUTES] = service
    c[m.VISIT_TIME] = np.resize(np.array(hours, dtype=object), len(c))
    return plan.replace(customers=c)


def _outside_hours(plan: m.Plan) -> list[str]:
    """Visits that start before their opening time or end after their closing time."""
    s = plan.schedule
    assert s is not None
    hours = dict(zip(plan.customers[m.CUSTOMER_ID], plan.customers[m.VISIT_TIME], strict=True))
    arrival, departure = clock_minutes(s["arrival"]), clock_minutes(s["departure"])
    bad = []
    for cid, a, d in zip(s["customer_id"], arrival, departure, strict=True):
        window = window_minutes(hours[cid])
        if window and (a < window[0] - 0.5 or d > window[1] + 0.5):
            bad.append(cid)
    return bad


@pytest.fixture(scope="module")
def hours_calendar() -> m.Plan:
    return build_schedule(_hours_plan(), route_seconds=0.01)


def test_every_visit_falls_in_its_visiting_hours(hours_calendar: m.Plan) -> None:
    s = hours_calendar.schedule
    with_hours = set(hours_calendar.customers.loc[hours_calendar.customers[m.VISIT_TIME] != "",
                                                 m.CUSTOMER_ID])
    assert len(set(s["customer_id"]) & with_hours) >= 60
    assert _outside_hours(hours_calendar) == []
    assert hours_calendar.unscheduled.empty
    assert s["day_hours"].max() <= hours_calendar.settings.day_hours + 1e-6
    # a day's hours count the waiting: the clock from the day start until back, but the
    # lunch break
    days = s.groupby(["territory", "week", "day"])
    first, last = days.first(), days.last()
    lunch = days["lunch"].apply(lambda v: (v != "").any()).to_numpy()
    assert lunch.mean() > 0.5
    back = clock_minutes(last["departure"]) + last["return_minutes"].to_numpy() - 60.0 * lunch
    assert np.allclose((back - 540.0) / 60.0, first["day_hours"].to_numpy(), atol=0.02)


def test_the_calendar_with_visiting_hours_is_the_same_each_time(hours_calendar: m.Plan) -> None:
    again = build_schedule(_hours_plan(), route_seconds=0.01)
    assert again.schedule.equals(hours_calendar.schedule)


def test_without_hours_the_same_plan_would_visit_some_customers_outside_them() -> None:
    plain = _hours_plan(hours=[""])
    out = build_schedule(plain, route_seconds=0.01)
    judged = out.replace(customers=_hours_plan().customers)
    assert len(_outside_hours(judged)) >= 10  # what the hours prevent


def test_too_many_early_customers_move_to_other_days_or_are_listed_with_the_reason() -> None:
    # every customer before 11:00: each morning holds only a few visits
    plan = _hours_plan(60, hours=["-11:00"], service=20.0)
    out = build_schedule(plan, route_seconds=0.01)
    assert _outside_hours(out) == []
    un = out.unscheduled
    assert len(un) > 0 and len(out.schedule) > 0
    assert un["reason"].str.contains("visiting hours (until 11:00)", regex=False).all()
    assert un["reason"].str.startswith("No working day has room for its visit within").sum() >= 5
    scheduled = set(out.schedule["customer_id"])
    assert scheduled.isdisjoint(set(un["customer_id"]))
    assert scheduled | set(un["customer_id"]) == set(plan.customers[m.CUSTOMER_ID])


def test_hours_no_day_can_meet_are_listed_before_building() -> None:
    plan = _hours_plan(40, hours=[""])
    c = plan.customers.copy()
    c.loc[0, m.VISIT_TIME] = "10:00-10:05"  # shorter than the 12-minute visit
    c.loc[1, m.VISIT_TIME] = "-09:01"  # closes before anyone can get there from 09:00
    c.loc[2, m.VISIT_TIME] = "18:00-"  # opens after the working day (9–18 with lunch)
    out = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    reasons = dict(zip(out.unscheduled["customer_id"], out.unscheduled["reason"], strict=True))
    ids = list(c[m.CUSTOMER_ID])
    assert "shorter than its 12-minute visit" in reasons[ids[0]]
    assert "end before the rep, starting at 09:00" in reasons[ids[1]]
    assert "begin too late" in reasons[ids[2]] and "09:00–18:00" in reasons[ids[2]]
    assert len(reasons) == 3


def test_a_hand_move_orders_the_new_day_within_the_hours(hours_calendar: m.Plan) -> None:
    c = hours_calendar.customers.set_index(m.CUSTOMER_ID)
    s = hours_calendar.schedule
    cid = next(x for x in s["customer_id"] if c.loc[x, m.VISIT_TIME] == "13:00-"
               and c.loc[x, m.FREQUENCY] == 4.0)
    day = str(s.loc[s["customer_id"] == cid, "day"].iloc[0])
    target = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d != day)
    moved, inverse, _ = apply_edit(hours_calendar, MoveVisits((cid,), (1, day), (1, target)))
    assert _outside_hours(moved) == []
    r = moved.schedule
    assert set(r.loc[r["customer_id"] == cid, "day"]) == {target}
    back, _again, _ = apply_edit(moved, inverse)
    assert back.schedule.equals(hours_calendar.schedule)


def test_set_visiting_hours_and_its_inverse(hours_calendar: m.Plan) -> None:
    ids = tuple(hours_calendar.customers[m.CUSTOMER_ID].iloc[:3])
    new, inverse, changes = apply_edit(hours_calendar, SetVisitTime.to(ids, "14時以降"))
    assert list(new.customers[m.VISIT_TIME].iloc[:3]) == ["14:00-"] * 3
    assert new.meta["schedule_stale"] is True and changes.customers
    back, _again, _ = apply_edit(new, inverse)
    assert list(back.customers[m.VISIT_TIME]) == list(hours_calendar.customers[m.VISIT_TIME])
    assert back.meta["schedule_stale"] is False
    with pytest.raises(PlannerError, match="not a time of day"):
        apply_edit(hours_calendar, SetVisitTime.to(ids, "ランチ後"))


def test_a_later_day_start_moves_the_hours_that_can_be_met(hours_calendar: m.Plan) -> None:
    plan = _hours_plan(40)
    late = plan.replace(settings=dataclasses.replace(plan.settings, day_start="10:30"))
    out = build_schedule(late, route_seconds=0.01)
    un = dict(zip(out.unscheduled["customer_id"], out.unscheduled["reason"], strict=True))
    early = set(plan.customers.loc[plan.customers[m.VISIT_TIME] == "-10:30", m.CUSTOMER_ID])
    assert early and all("end before the rep, starting at 10:30" in un[x] for x in early)
    assert _outside_hours(out) == []


def test_stats_count_visits_a_hand_edit_left_outside_the_hours(hours_calendar: m.Plan) -> None:
    from planner.stats import schedule_summary

    assert schedule_summary(hours_calendar)["outside_hours"] == 0
    s = hours_calendar.schedule
    morning = s.loc[s["arrival"] < "11:00", "customer_id"].iloc[0]
    visits = int((s["customer_id"] == morning).sum())
    late, _inverse, _ = apply_edit(hours_calendar, SetVisitTime.to([morning], "16:00-17:00"))
    assert 1 <= schedule_summary(late)["outside_hours"] <= visits


def test_a_kept_customer_whose_day_cannot_hold_it_in_its_hours_moves_rather_than_drops() -> None:
    from planner._schedule_days import TerritoryDays
    from planner._schedule_windows import fit_windows
    from planner._schedule_zones import Pattern

    # two weekly customers before 10:00, 50 minutes each, both kept on Monday (pinned as
    # closed on Tuesday): one Monday morning cannot hold both before 10:00
    minutes = np.full((3, 3), 5.0) - 5.0 * np.eye(3)
    cal = TerritoryDays(
        minutes=minutes, service=np.full(2, 50.0), patterns=[Pattern(1, 1, False)] * 2,
        day_sets=[(0,), (0,)], offsets=[0, 0], horizon=1, n_days=2, limit_minutes=480.0,
        route_seconds=0.01, active=np.ones(2, dtype=bool),
        closed={0: frozenset({1}), 1: frozenset({1})},
        windows={0: (0.0, 600.0), 1: (0.0, 600.0)}, day_start=540.0,
    )
    cal.unpinned = {0: (frozenset(), None), 1: (frozenset(), None)}
    cal.route_all()
    fit_windows(cal, reason=lambda i: "left out")
    assert not cal.removed_reason and cal.active.all()
    assert sorted(cal.stops[(0, 0)] + cal.stops[(0, 1)]) == [0, 1]
    assert len(cal.stops[(0, 0)]) == len(cal.stops[(0, 1)]) == 1
    moved = cal.stops[(0, 1)][0]
    assert moved not in cal.unpinned and 1 not in cal.closed.get(moved, ())  # released
    assert len(cal.unpinned) == 1  # the other keeps its day


def test_visits_moved_off_a_holiday_stay_inside_their_hours() -> None:
    plan = _hours_plan(80)
    # Golden Week 2027: Mon 3 – Wed 5 May are holidays; their visits move within week 1
    holidays = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2027-05-03"))
    out = build_schedule(holidays, route_seconds=0.01)
    assert not out.schedule["date"].isin(["2027-05-03", "2027-05-04", "2027-05-05"]).any()
    assert _outside_hours(out) == []


def test_stats_text_says_how_many_visits_are_outside_their_hours(hours_calendar: m.Plan) -> None:
    from planner._cli.stats_cmd import format_stats
    from planner.stats import plan_stats

    assert "outside the customer's visiting hours" not in format_stats(plan_stats(hours_calendar))
    s = hours_calendar.schedule
    morning = s.loc[s["arrival"] < "11:00", "customer_id"].iloc[0]
    late, _inverse, _ = apply_edit(hours_calendar, SetVisitTime.to([morning], "16:00-17:00"))
    n = plan_stats(late)["schedule"]["outside_hours"]
    visits = "visit" if n == 1 else "visits"
    assert f"; {n} {visits} outside the customer's visiting hours" in format_stats(
        plan_stats(late))


def test_a_customer_without_hours_can_leave_a_day_made_long_by_waiting() -> None:
    from planner._schedule_days import TerritoryDays
    from planner._schedule_windows import fit_windows
    from planner._schedule_zones import Pattern

    # Monday: B (no hours, 30 min) and C (from 16:00, shut on Tuesday); 6-hour days from 9:00,
    # so waiting for C makes Monday too long; Tuesday is free
    minutes = np.full((3, 3), 5.0) - 5.0 * np.eye(3)
    cal = TerritoryDays(
        minutes=minutes, service=np.array([30.0, 10.0]), patterns=[Pattern(1, 1, False)] * 2,
        day_sets=[(0,), (0,)], offsets=[0, 0], horizon=1, n_days=2, limit_minutes=360.0,
        route_seconds=0.01, active=np.ones(2, dtype=bool), closed={1: frozenset({1})},
        windows={1: (960.0, 1440.0)}, day_start=540.0,
    )
    cal.route_all()
    fit_windows(cal, reason=lambda i: "no room")
    assert cal.removed_reason == {1: "no room"}  # C fits no day
    assert cal.active[0] and cal.stops[(0, 0)] + cal.stops[(0, 1)] == [0]


def test_a_day_that_cannot_hold_an_important_customer_in_its_hours_drops_a_smaller_one() -> None:
    from planner._schedule_days import TerritoryDays
    from planner._schedule_windows import fit_windows
    from planner._schedule_zones import Pattern

    # one 2-hour working day from 9:00; customer 0 (the biggest account) is seen 9:00–10:00
    def day(service: list[float], windows: dict) -> TerritoryDays:
        n = len(service)
        cal = TerritoryDays(
            minutes=np.full((n + 1, n + 1), 5.0) - 5.0 * np.eye(n + 1),
            service=np.array(service), patterns=[Pattern(1, 1, False)] * n,
            day_sets=[(0,)] * n, offsets=[0] * n, horizon=1, n_days=1, limit_minutes=120.0,
            route_seconds=0.01, active=np.ones(n, dtype=bool), windows=windows,
            day_start=540.0,
        )
        cal.importance = np.arange(n)[::-1].copy()  # customer 0 the most important
        cal.route_all()
        return cal

    # a small customer without hours makes the day too long: it leaves, for lack of room
    cal = day([40.0, 20.0, 50.0], {0: (540.0, 600.0)})
    fit_windows(cal, reason=lambda i: "no room in its hours", full_reason="full")
    assert cal.removed_reason == {2: "full"} and sorted(cal.stops[(0, 0)]) == [0, 1]
    # a smaller one with the same hours: it leaves, with its hours as the reason
    cal = day([40.0, 40.0], {0: (540.0, 600.0), 1: (540.0, 600.0)})
    fit_windows(cal, reason=lambda i: "no room in its hours", full_reason="full")
    assert cal.removed_reason == {1: "no room in its hours"} and cal.stops[(0, 0)] == [0]
