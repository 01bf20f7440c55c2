"""Rebuilding a dated calendar keeping the visit days over holidays and the year-end closure:
the kept customers' holiday moves come first, and nothing changes when nothing changed."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner._schedule_off import CLOSED_OUT_KEY, GAVE_WAY_KEY, skipped_visits
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

CLOSURE = tuple((dt.date(2026, 12, 29) + dt.timedelta(days=k)).isoformat() for k in range(6))


def _visits(plan: m.Plan) -> pd.Series:
    """Per customer: the set of (territory, week, day, date) of its visits."""
    s = plan.schedule
    return s.groupby("customer_id").apply(
        lambda v: frozenset(zip(v["territory"], v["week"], v["day"], v["date"], strict=True)))


@pytest.fixture(scope="module", params=[(5, 1.0), (3, 1.3)], ids=["seed5", "seed3-busy"])
def december(request: pytest.FixtureRequest) -> m.Plan:
    """Four weeks of full days (customers left out) from 12/7, the year-end closure
    12/29–1/3 taking Tuesday to Friday of week 4: monthly customers lose their visit, or
    take the place of a weekly customer's visit."""
    seed, scale = request.param
    plan = synthetic_plan(150, territories=2, seed=seed)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * scale
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 1, 2, 1, 1, 4, 2, 1], dtype=float), len(c))
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07",
                                   company_days_off=CLOSURE)
    first = build_schedule(plan.replace(customers=c, settings=settings), route_seconds=0.01)
    assert len(first.unscheduled)  # full: customers left out
    # the closure took monthly customers' only visits: left out, or given a weekly one's
    assert first.meta[CLOSED_OUT_KEY] or first.meta[GAVE_WAY_KEY]
    assert (first.schedule["moved_from"] != "").any() and not skipped_visits(first).empty
    return first


def test_a_rebuild_over_the_closure_with_nothing_changed_gives_the_same_calendar(
    december: m.Plan,
) -> None:
    """The tester's plan: kept customers lost their only December visit to customers the
    calendar had left out, and one whose visit stayed on its date was told a new day."""
    again = build_schedule(december, route_seconds=0.01, keep_days=True)
    before, after = _visits(december), _visits(again)
    assert set(after.index) == set(before.index)
    assert (after.reindex(before.index) == before).all()
    assert set(again.unscheduled["customer_id"]) == set(december.unscheduled["customer_id"])
    assert sorted(map(tuple, again.meta[CLOSED_OUT_KEY])) == sorted(
        map(tuple, december.meta[CLOSED_OUT_KEY]))
    assert sorted(map(tuple, again.meta[GAVE_WAY_KEY])) == sorted(  # the same visits given
        map(tuple, december.meta[GAVE_WAY_KEY]))
    assert again.meta["schedule_changed_days"] == {}


def test_rolling_on_over_a_holiday_places_the_left_out_before_the_visited(
    december: m.Plan,
) -> None:
    """Rolled on to 2027-01-04 (成人の日 on Monday 1/11): a customer December did not visit
    (no room, or the closure took its visit) is placed before a customer December visited
    keeps a visit moved off the holiday (the manager: nobody two months without a visit);
    customers back on their day are not told a new one."""
    rolled = december.replace(settings=dataclasses.replace(
        december.settings, start_date="2027-01-04"))
    again = build_schedule(rolled, route_seconds=0.01, keep_days=True)
    s = again.schedule
    closed_out = {str(r[0]) for r in december.meta[CLOSED_OUT_KEY]}
    assert closed_out <= set(s["customer_id"])  # the closure took their visit: back now
    twice = set(december.unscheduled["customer_id"]) & set(again.unscheduled["customer_id"])
    assert len(twice) <= 1
    # every kept visit of the holiday moved (noted as such) or, when no day had room, left out
    holiday = s[s["date"] == "2027-01-11"]
    assert holiday.empty
    told = again.meta["schedule_changed_days"]
    for cid in twice:  # no visit either time: the office tells it
        assert told[cid][:4] == ["", 0, "", 0]
    # left out by the closure and back on their rhythm: told only when moved to make room
    for cid in closed_out & set(told):
        assert told[cid][0] and told[cid][2] and told[cid][:2] != told[cid][2:4]


def _one_day(service: list[float], limit: float, importance: list[int]):
    from planner._schedule_days import TerritoryDays
    from planner._schedule_zones import Pattern

    n = len(service)
    pts = np.vstack([[0.05, 0.05], np.column_stack([np.arange(n) * 0.02, np.zeros(n)])])
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 2.0
    cal = TerritoryDays(
        minutes=minutes, service=np.array(service), patterns=[Pattern(1, 1, False)] * n,
        day_sets=[(0,)] * n, offsets=[0] * n, horizon=1, n_days=1, limit_minutes=limit,
        route_seconds=0.01, active=np.ones(n, dtype=bool),
    )
    cal.route_all()
    cal.importance = np.array(importance)
    return cal


def test_on_a_full_day_the_smaller_account_leaves_whether_changed_or_left_out_last_time(
) -> None:
    """Kept customer 0; customer 1 (rank C) changed; customer 2 (rank A) left out by the
    previous calendar: the day holds two, and the C customer leaves (the A one did)."""
    cal = _one_day([100.0, 100.0, 90.0], 230.0, importance=[1, 0, 2])
    cal.unpinned = {0: (frozenset(), None)}
    cal.yielding = {2}
    cal.repair(full_reason="full")
    assert set(cal.removed_reason) == {1}


def test_a_bigger_account_left_out_last_time_takes_the_place_of_a_smaller_one_placed_anew(
) -> None:
    """The tester's C000934 (B, handed to another rep) left out while C000466 (C, left out
    last time) was placed: whoever is being placed, the smaller account gives way."""
    from planner._schedule_territory import reclaim

    cal = _one_day([100.0, 100.0, 100.0], 230.0, importance=[1, 0, 2])
    cal.remove(2, "full")  # the bigger account, left out last time (yielding)
    cal.unpinned = {0: (frozenset(), None)}
    cal.yielding = {2}
    reclaim(cal, "full", avoid=frozenset(), kept=frozenset({0}))
    assert set(cal.removed_reason) == {1}
    assert sorted(cal.stops[(0, 0)]) == [0, 2]


def test_the_keep_report_names_ten_customers_and_counts_the_rest() -> None:
    from planner._schedule_keep_report import KEEP_REPORT_KEY, NAMED, keep_report
    from planner.i18n import set_language

    plan = synthetic_plan(NAMED + 2, territories=1, seed=2)
    ids = sorted(plan.customers[m.CUSTOMER_ID])
    record = {"T01": {"moved": [], "visits": 0, "hand": [], "out": [[c, "Full."] for c in ids]}}
    plan = plan.replace(meta={**plan.meta, KEEP_REPORT_KEY: record})
    set_language("en")
    lines = keep_report(plan)
    assert lines[1].endswith(": 12 customers left out.")
    assert ids[0] in lines[2] and "and 2 more" in lines[2] and ids[-1] not in lines[2]
    set_language("ja")
    try:
        assert "、" + ids[1] in keep_report(plan)[2] and "ほか2件" in keep_report(plan)[2]
    finally:
        set_language("en")


def test_a_rebuild_names_the_customers_that_did_not_fit(december: m.Plan) -> None:
    from planner._schedule_keep_report import keep_report

    settings = dataclasses.replace(december.settings, day_hours=4.0)
    again = build_schedule(december.replace(settings=settings), route_seconds=0.01,
                           keep_days=True)
    out = set(again.unscheduled["customer_id"]) - set(december.unscheduled["customer_id"])
    note = "\n".join(keep_report(again))  # per rep, the customers left out
    assert out and " left out." in note
    assert min(out) in note


def test_week_one_is_read_from_a_visit_that_stayed_on_its_day() -> None:
    """The first row of a calendar may be a visit a holiday moved; with its planned week
    put back (as a rebuild reads it) its date no longer tells where week 1 begins."""
    from planner._schedule_keep import _week1, planned_visits

    calendar = pd.DataFrame({
        "customer_id": ["a", "b"], "territory": ["T01", "T01"], "week": [1, 2],
        "day": ["mon", "mon"], "date": ["2026-12-07", "2026-12-14"],
        "moved_from": ["2026-12-30", ""],
    })
    assert _week1(calendar) == dt.date(2026, 12, 7)
    assert _week1(planned_visits(calendar)) == dt.date(2026, 12, 7)


def test_a_kept_customer_released_for_a_new_one_leaves_the_room_of_a_holiday_move() -> None:
    """The tester's C000007 (monthly, its visit of 元日 moved to 12/11 last time) lost its
    only visit: C000204, handed over, took C000943's day, and C000943, released, took the
    room of 12/11 before the holiday moves came. The room a kept customer's moved visit goes
    back to is counted as taken while others are placed: the new customer yields."""
    from planner._schedule_days import TerritoryDays
    from planner._schedule_keep_off import move_off_kept
    from planner._schedule_keep_room import remembered_room
    from planner._schedule_zones import Pattern

    # two weeks of two days, every customer every other week, 60 minutes a visit, 100 a day:
    # 0 kept on (week 2, day 0), a holiday, moved to (week 1, day 0) last time; 1 kept on
    # (week 1, day 1); 2 placed anew, closed on day 0; 3 kept on (week 2, day 1)
    pts = np.array([[0.0, 0.0], [0.01, 0.0], [0.02, 0.0], [0.03, 0.0], [0.04, 0.0]])
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    cal = TerritoryDays(
        minutes=minutes, service=np.full(4, 60.0), patterns=[Pattern(2, 1, False)] * 4,
        day_sets=[(0,), (1,), (1,), (1,)], offsets=[1, 0, 0, 1], horizon=2, n_days=2,
        limit_minutes=100.0, route_seconds=0.01, active=np.ones(4, dtype=bool),
        closed={0: frozenset({1}), 1: frozenset({0}), 2: frozenset({0}), 3: frozenset({0})},
        weeks={0: 1, 1: 0, 3: 1},
    )
    cal.route_all()
    cal.remove(2, "full")
    cal.unpinned = {0: (frozenset(), None), 1: (frozenset(), None), 3: (frozenset({0}), None)}
    holiday, memory = {(1, 0)}, {0: [((1, 0), (0, 0))]}
    with remembered_room(cal, holiday, memory):
        cal.avoid = frozenset(holiday)
        cal.reinsert(release=True)
        cal.avoid = frozenset()
    moved: dict = {}
    lost = move_off_kept(cal, holiday, moved, kept={0, 1, 3}, memory=memory, reason="full")
    assert lost == []
    assert cal.stops[(0, 0)] == [0] and moved == {((0, 0), 0): (1, 0)}
    assert cal.stops[(0, 1)] == [1] and cal.stops[(1, 1)] == [3]
    assert set(cal.removed_reason) == {2}  # the customer placed anew yields
