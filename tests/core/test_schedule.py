"""Call-cycle calendar: visit patterns, day limits, unscheduled reasons, dates, progress."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner.errors import Cancelled, PlannerError
from planner.routing import parse_clock
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


def _plan(n: int = 60, *, territories: int = 2, seed: int = 3, **settings) -> m.Plan:
    plan = synthetic_plan(n, territories=territories, seed=seed)
    if settings:
        plan = plan.replace(settings=plan.settings.__class__(**settings))
    return plan


def _with_frequencies(plan: m.Plan, freqs: list[float]) -> m.Plan:
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array(freqs, dtype=float), len(c))
    return plan.replace(customers=c)


@pytest.fixture(scope="module")
def mixed() -> m.Plan:
    plan = _with_frequencies(_plan(70), [4, 2, 1, 8, 2, 1, 1, 4, 2, 1])
    return build_schedule(plan, route_seconds=0.02)


def test_every_customer_scheduled_or_listed(mixed: m.Plan) -> None:
    ids = set(mixed.customers[m.CUSTOMER_ID])
    scheduled = set(mixed.schedule["customer_id"])
    listed = set(mixed.unscheduled["customer_id"])
    assert scheduled | listed == ids
    assert not scheduled & listed
    assert list(mixed.schedule.columns[: len(m.SCHEDULE_COLUMNS)]) == list(m.SCHEDULE_COLUMNS)


def test_visit_patterns(mixed: m.Plan) -> None:
    s = mixed.schedule
    freq = mixed.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY]
    weeks = mixed.meta["schedule_weeks"]
    assert weeks == 4
    order = {d: i for i, d in enumerate(m.WEEKDAYS)}
    for cid, visits in s.groupby("customer_id"):
        f = freq[cid]
        assert len(visits) == f * weeks / 4, cid
        if f == 4:
            assert sorted(visits["week"]) == [1, 2, 3, 4] and visits["day"].nunique() == 1
        elif f == 2:
            w = sorted(visits["week"])
            assert w[1] - w[0] == 2 and visits["day"].nunique() == 1
        elif f == 8:
            for _, wk in visits.groupby("week"):
                nos = sorted(order[d] for d in wk["day"])
                assert len(nos) == 2 and nos[1] - nos[0] >= 2
            assert visits.groupby("week")["day"].apply(lambda d: tuple(sorted(d))).nunique() == 1


def test_days_within_limit_and_times_consistent(mixed: m.Plan) -> None:
    s = mixed.schedule
    start = parse_clock(mixed.settings.day_start)
    assert (s["day_hours"] <= 8.0 + 1e-9).all()
    for _, day in s.groupby(["territory", "week", "day"]):
        day = day.sort_values("seq")
        assert list(day["seq"]) == list(range(1, len(day) + 1))
        arr = day["arrival"].map(parse_clock).to_numpy()
        dep = day["departure"].map(parse_clock).to_numpy()
        assert abs(arr[0] - (start + day["travel_minutes"].iloc[0])) <= 1
        # the hour's lunch break (昼休憩) comes once, after the first visit ending from 12:00
        lunch = (day["lunch"] != "").to_numpy()
        breaks = np.where(lunch[1:], 60.0, 0.0)
        gaps = arr[1:] - (dep[:-1] + day["travel_minutes"].to_numpy()[1:])
        assert np.all(np.abs(gaps - breaks) <= 1.01)
        assert lunch.sum() == (1 if (dep[:-1] >= 12 * 60).any() else 0) and not lunch[0]
        if lunch.any():
            k = int(np.flatnonzero(lunch)[0])
            assert dep[k - 1] >= 12 * 60 and (k == 1 or dep[k - 2] < 12 * 60)
            assert day["lunch"].iloc[k] == day["departure"].iloc[k - 1]
        end = dep[-1] + day["return_minutes"].iloc[-1] - 60 * lunch.sum()
        assert end - start <= 8 * 60 + 1
        assert (day["return_km"].iloc[:-1] == 0).all() and day["return_km"].iloc[-1] > 0


def test_longer_frequencies_grow_the_horizon() -> None:
    plan = _with_frequencies(_plan(30, territories=1), [1, 0.5, 1 / 3, 4])
    out = build_schedule(plan, route_seconds=0.01)
    assert out.meta["schedule_weeks"] == 24
    counts = out.schedule.groupby("customer_id").size()
    freq = out.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY]
    for cid, n in counts.items():
        assert n == pytest.approx(freq[cid] * 24 / 4)
    assert out.meta["schedule_note"] == (
        "The calendar runs 24 weeks: the 4-week cycle repeated until the customers seen every "
        "8 or 12 weeks fit."
    )
    with pytest.raises(PlannerError, match="A 13-week cycle .* every 4, 8 or 12 weeks fit would run "
                                           "312 weeks, more than a year: choose a cycle of 24"):
        build_schedule(plan, weeks=13, route_seconds=0.01)


def test_a_frequency_without_a_rhythm_is_visited_at_the_nearest_and_said() -> None:
    plan = _with_frequencies(_plan(30, territories=1), [3, 4, 2])
    out = build_schedule(plan, route_seconds=0.01)
    counts = out.schedule.groupby("customer_id").size()
    freq = out.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY]
    assert set(counts[freq[counts.index] == 3]) == {4}  # weekly, as the note says
    assert out.meta["schedule_note"] == (
        "10 customers have a visit frequency the calendar has no rhythm for and are visited "
        "at the nearest one (visits per 4 weeks: 3 → 4)."
    )


def test_unassigned_unlocated_and_zero_frequency_are_reported() -> None:
    plan = _plan(30, territories=1)
    c = plan.customers.copy()
    c.loc[0, m.TERRITORY] = ""
    c.loc[1, m.LAT] = np.nan
    c.loc[2, m.FREQUENCY] = 0.0
    plan = plan.replace(customers=m.set_points(c))
    out = build_schedule(plan, route_seconds=0.01)
    reasons = out.unscheduled.set_index("customer_id")["reason"]
    ids = c[m.CUSTOMER_ID]
    assert "territory" in reasons[ids[0]]
    assert "position" in reasons[ids[1]]
    assert "0" in reasons[ids[2]]
    assert not set(ids[:3]) & set(out.schedule["customer_id"])


def test_overloaded_territory_lists_what_does_not_fit() -> None:
    plan = _with_frequencies(_plan(60, territories=1), [4])
    out = build_schedule(plan, day_hours=2.0, route_seconds=0.01)
    assert len(out.unscheduled) > 0
    assert (out.schedule["day_hours"] <= 2.0 + 1e-9).all()
    scheduled = out.schedule.groupby("customer_id").size()
    assert (scheduled == 4).all()  # nobody half-scheduled
    assert len(scheduled) + len(out.unscheduled) == 60


def test_no_home_base_starts_from_centre() -> None:
    plan = _plan(40, territories=2)
    first = plan.territories[0].replace(home_lat=None, home_lon=None)
    plan = plan.replace(territories=(first, *plan.territories[1:]))
    out = build_schedule(plan, route_seconds=0.01)
    assert out.meta["schedule_no_home"] == [first.id]
    assert out.meta["schedule_stale"] is False
    assert (out.schedule["territory"] == first.id).any()


def test_dates_and_holidays() -> None:
    plan = _plan(40, territories=1)
    keep = plan.replace(
        settings=plan.settings.__class__(
            start_date="2027-01-04", skip_holidays=False, day_hours=12.0
        )
    )
    out = build_schedule(keep, route_seconds=0.01)
    s = out.schedule
    first_mon = s[(s["week"] == 1) & (s["day"] == "mon")]
    assert len(first_mon) and (first_mon["date"] == "2027-01-04").all()
    second_mon = s[(s["week"] == 2) & (s["day"] == "mon")]
    assert len(second_mon) and (second_mon["date"] == "2027-01-11").all()
    assert (second_mon["holiday"] != "").all()  # 成人の日: worked, and marked
    assert (s.loc[s["date"] == "2027-01-05", "holiday"] == "").all()

    skip = plan.replace(settings=plan.settings.__class__(start_date="2027-01-04", day_hours=12.0))
    moved = build_schedule(skip, route_seconds=0.01)
    t = moved.schedule
    assert not (t["date"] == "2027-01-11").any() and (t["holiday"] == "").all()
    assert len(moved.unscheduled) == len(out.unscheduled) == 0
    assert len(t) == len(s)  # every visit kept, the holiday's ones on Tuesday of week 2
    weekly = moved.customers.loc[moved.customers[m.FREQUENCY] == 4, m.CUSTOMER_ID]
    in_week2 = t[t["week"] == 2].groupby("customer_id").size()
    assert (in_week2.reindex(weekly, fill_value=0) == 1).all()  # moved within the week
    assert not t.duplicated(["customer_id", "week", "day"]).any()
    assert t["day_hours"].max() <= skip.settings.day_hours


def test_holiday_visits_move_to_the_nearest_day_with_room() -> None:
    from planner._schedule_days import TerritoryDays
    from planner._schedule_off import move_off
    from planner._schedule_zones import Pattern

    # start point and four customers in a row, 10 minutes apart; all weekly on Monday
    pos = np.arange(5, dtype=float) * 10.0
    minutes = np.abs(pos[:, None] - pos[None, :])
    cal = TerritoryDays(
        minutes=minutes,
        service=np.full(4, 30.0),
        patterns=[Pattern(1, 1, False)] * 4,
        day_sets=[(0,)] * 4,
        offsets=[0] * 4,
        horizon=2,
        n_days=3,
        limit_minutes=200.0,
        route_seconds=0.01,
        active=np.ones(4, dtype=bool),
    )
    cal.route_all()
    lost = move_off(cal, {(1, 0)})  # week 2's Monday is a holiday
    assert lost == [] and cal.stops[(1, 0)] == []
    assert sorted(cal.stops[(1, 1)]) == [0, 1, 2, 3]  # all on Tuesday, the nearest day
    assert sorted(cal.stops[(0, 0)]) == [0, 1, 2, 3]  # week 1 untouched
    assert max(cal.length(k) for k in cal.stops) <= 200.0
    # a closed Tuesday too: Wednesday takes what fits (the limit), the rest is reported
    cal2 = TerritoryDays(
        minutes=minutes,
        service=np.full(4, 30.0),
        patterns=[Pattern(1, 1, False)] * 4,
        day_sets=[(0,)] * 4,
        offsets=[0] * 4,
        horizon=1,
        n_days=3,
        limit_minutes=130.0,
        route_seconds=0.01,
        active=np.ones(4, dtype=bool),
    )
    cal2.route_all()
    lost2 = move_off(cal2, {(0, 0), (0, 1)})
    assert cal2.stops[(0, 0)] == [] and cal2.stops[(0, 1)] == []
    assert 0 < len(cal2.stops[(0, 2)]) < 4 and cal2.length((0, 2)) <= 130.0
    assert sorted([i for i, _ in lost2] + cal2.stops[(0, 2)]) == [0, 1, 2, 3]
    assert all(key == (0, 0) for _, key in lost2)


def test_holiday_visits_that_fit_nowhere_are_listed() -> None:
    from planner._schedule_off import skipped_visits

    # Golden Week 2027: Mon 3, Tue 4 and Wed 5 May are holidays; short days leave no room
    plan = _with_frequencies(_plan(30, territories=1, seed=4), [4, 8, 4, 2])
    settings = plan.settings.__class__(start_date="2027-05-03", day_hours=3.0)
    out = build_schedule(plan.replace(settings=settings), route_seconds=0.01)
    s = out.schedule
    golden = ["2027-05-03", "2027-05-04", "2027-05-05"]
    assert not s["date"].isin(golden).any()
    assert s["day_hours"].max() <= 3.0
    skipped = skipped_visits(out)
    assert len(skipped) and skipped["date"].isin(golden).all()
    assert skipped["reason"].str.contains("2027-05-0").all()
    # their customers keep their other visits: listed as skipped visits, not as customers
    # left out of the calendar
    assert set(skipped["customer_id"]) <= set(s["customer_id"])
    assert not set(skipped["customer_id"]) & set(out.unscheduled["customer_id"])
    # twice-a-week customers are never seen twice on one day
    assert not s.duplicated(["customer_id", "week", "day"]).any()
    # each listed visit is missing from its week (week 1) of an otherwise kept pattern
    for cid in skipped["customer_id"]:
        weeks = s.loc[s["customer_id"] == cid, "week"]
        assert (weeks != 1).any()
    # weekly customers among them (they have only their week); their other weeks kept (a
    # twice-a-week one may keep its other visit of week 1 too)
    freq = out.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY]
    weekly = [c for c in skipped["customer_id"] if freq[c] >= 4]
    assert weekly
    later = set(range(2, int(s["week"].max()) + 1))
    assert all(later <= set(s.loc[s["customer_id"] == c, "week"]) for c in weekly)
    assert all(1 not in set(s.loc[s["customer_id"] == c, "week"])
               for c in weekly if freq[c] == 4)


def _calendar_in_a_row(
    service: list[float], patterns: list, day_sets: list[tuple[int, ...]], *, horizon: int,
    n_days: int, limit: float, weeks: dict[int, int] | None = None,
):
    """A territory's days for customers 10 minutes apart in a row from the start point."""
    from planner._schedule_days import TerritoryDays

    pos = np.arange(len(service) + 1, dtype=float) * 10.0
    cal = TerritoryDays(
        minutes=np.abs(pos[:, None] - pos[None, :]),
        service=np.array(service, dtype=float),
        patterns=patterns,
        day_sets=day_sets,
        offsets=[0] * len(service),
        horizon=horizon,
        n_days=n_days,
        limit_minutes=limit,
        route_seconds=0.01,
        active=np.ones(len(service), dtype=bool),
        weeks=weeks,
    )
    cal.route_all()
    return cal


def test_a_full_holiday_week_moves_a_fortnightly_visit_a_week_to_make_room() -> None:
    from planner._schedule_off import move_off
    from planner._schedule_zones import Pattern

    # customers 0 and 1 weekly on Mondays, 2 every two weeks on week 1's Tuesday, 10 minutes
    # apart in a row; a day holds two of them (110 minutes). Week 1's Monday is a holiday.
    def days(weeks: dict[int, int] | None = None):
        return _calendar_in_a_row(
            [30.0] * 3, [Pattern(1, 1, False), Pattern(1, 1, False), Pattern(2, 1, False)],
            [(0,), (0,), (1,)], horizon=2, n_days=2, limit=110.0, weeks=weeks,
        )

    cal = days()
    assert move_off(cal, {(0, 0)}) == []
    # the fortnightly visit went to week 2's free Tuesday, the weekly ones to week 1's
    assert sorted(cal.stops[(0, 1)]) == [0, 1] and cal.stops[(1, 1)] == [2]
    assert cal.stops[(0, 0)] == [] and sorted(cal.stops[(1, 0)]) == [0, 1]
    assert max(cal.length(k) for k in cal.stops) <= 110.0
    # with its visit week fixed (訪問週) it stays, and the weekly visits have no room
    fixed = days(weeks={2: 0})
    lost = move_off(fixed, {(0, 0)})
    assert sorted(lost) == [(0, (0, 0)), (1, (0, 0))]
    assert fixed.stops[(0, 1)] == [2] and fixed.stops[(1, 1)] == []


def test_a_visit_moved_off_a_holiday_is_not_pushed_a_week_further_for_another() -> None:
    """Customers 0 and 1 weekly on Mondays, 2 every four weeks on week 1's Tuesday; both
    Mondays of weeks 1 and 2 are holidays. Week 1: 2 makes room by moving to week 2. Week 2
    cannot push it on to week 3, two weeks from its day (its next visit is then days away):
    week 2's weekly visits are left out instead."""
    from planner._schedule_off import move_off
    from planner._schedule_zones import Pattern

    cal = _calendar_in_a_row(
        [30.0] * 3, [Pattern(1, 1, False), Pattern(1, 1, False), Pattern(4, 1, False)],
        [(0,), (0,), (1,)], horizon=4, n_days=2, limit=110.0,
    )
    moved: dict = {}
    lost = move_off(cal, {(0, 0), (1, 0)}, moved)
    assert [w for w in range(4) for d in range(2) if 2 in cal.stops[(w, d)]] == [1]
    assert moved[((1, 1), 2)] == (0, 1)
    assert lost and all(key == (1, 0) for _i, key in lost)  # week 2's weekly visits


def test_a_twice_a_week_visit_moved_off_a_holiday_keeps_two_days_from_the_other() -> None:
    """Customer 0 twice a week, Monday and Thursday; Monday is a holiday. Tuesday is nearest,
    but Wednesday is the day before Thursday's visit: the visit goes to Tuesday, never to a
    day next to Thursday; with Tuesday closed too it is left out rather than put on Wednesday."""
    from planner._schedule_off import move_off
    from planner._schedule_zones import Pattern

    def days():
        return _calendar_in_a_row([30.0], [Pattern(1, 2, False)], [(0, 3)], horizon=1,
                                  n_days=5, limit=200.0)

    cal = days()
    assert move_off(cal, {(0, 0)}) == [] and cal.stops[(0, 1)] == [0]
    cal = days()
    assert move_off(cal, {(0, 0), (0, 1)}) == [(0, (0, 0))]
    assert [d for d in range(5) if 0 in cal.stops[(0, d)]] == [3]


def test_zones_travel_less_than_naive_baseline() -> None:
    plan = _plan(300, territories=8, seed=5)
    ours = build_schedule(plan, route_seconds=0.02)
    naive = build_schedule(plan, route_seconds=0.02, strategy="naive")
    assert len(ours.unscheduled) == 0 and len(naive.unscheduled) == 0

    def km(p: m.Plan) -> float:
        return float(p.schedule["travel_km"].sum() + p.schedule["return_km"].sum())

    assert km(ours) < km(naive)
    assert ours.schedule["day_hours"].max() <= 8.0


def test_cancel_leaves_plan_untouched() -> None:
    plan = _plan(40, territories=2)
    calls: list[float] = []

    def progress(fraction: float, message: str) -> bool:
        calls.append(fraction)
        return len(calls) < 3

    with pytest.raises(Cancelled):
        build_schedule(plan, progress=progress, route_seconds=0.01)
    assert plan.schedule is None
    seen: list[float] = []
    build_schedule(plan, progress=lambda f, msg: seen.append(f), route_seconds=0.01)
    assert seen[-1] == 1.0 and seen == sorted(seen)


@pytest.mark.parametrize(
    "kwargs", [{"weeks": 0}, {"days": ["mon", "xyz"]}, {"day_hours": 30}, {"days": []}]
)
def test_bad_options_are_user_errors(kwargs: dict) -> None:
    with pytest.raises(PlannerError):
        build_schedule(_plan(10, territories=1), **kwargs)


def test_empty_plan_gives_empty_schedule() -> None:
    plan = _plan(10, territories=1)
    c = plan.customers.copy()
    c[m.TERRITORY] = ""
    out = build_schedule(plan.replace(customers=c))
    assert isinstance(out.schedule, pd.DataFrame) and len(out.schedule) == 0
    assert len(out.unscheduled) == 10


def test_calendar_searches_shorten_and_keep_patterns_and_limits() -> None:
    from planner._schedule_days import TerritoryDays
    from planner._schedule_search import ruin_recreate, swap
    from planner._schedule_zones import Pattern

    rng = np.random.default_rng(1)
    pts = np.vstack([[0.0, 0.0], rng.uniform(-20, 20, size=(40, 2))])
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 2.0
    patterns = [Pattern(1, 1, False), Pattern(2, 1, False), Pattern(4, 1, False)] * 13 + [
        Pattern(1, 1, False)
    ]
    cal = TerritoryDays(
        minutes=minutes,
        service=np.full(40, 20.0),
        patterns=patterns,
        day_sets=[(i % 3,) for i in range(40)],  # scattered on purpose
        offsets=[i % p.period for i, p in enumerate(patterns)],
        horizon=4,
        n_days=3,
        limit_minutes=480.0,
        route_seconds=0.01,
        active=np.ones(40, dtype=bool),
    )
    cal.route_all()
    before = sum(cal.length(k) for k in cal.stops)
    swap(cal)
    ruin_recreate(cal, iterations=30, size=8)
    after = sum(cal.length(k) for k in cal.stops)
    assert after < before
    for i, p in enumerate(patterns):
        where = sorted(k for k, v in cal.stops.items() if i in v)
        assert where == sorted(cal.keys_of(i))
        assert len(where) == 4 // p.period and len(cal.day_sets[i]) == 1
    assert max(cal.length(k) for k in cal.stops) <= 480.0 + 1e-6
    for key, (order, length) in cal.routes.items():
        assert sorted(order[1:]) == sorted(x + 1 for x in cal.stops[key])
        assert length == pytest.approx(cal._length(order))


def _lopsided_calendar():  # type: ignore[no-untyped-def]
    """Every-4-weeks customers piled on the first day of week 1: one long day, many short ones."""
    from planner._schedule_days import TerritoryDays
    from planner._schedule_zones import Pattern

    rng = np.random.default_rng(2)
    pts = np.vstack([[0.0, 0.0], rng.uniform(-10, 10, size=(30, 2))])
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 2.0
    patterns = [Pattern(1, 1, False)] * 10 + [Pattern(4, 1, False)] * 20
    cal = TerritoryDays(
        minutes=minutes,
        service=np.full(30, 15.0),
        patterns=patterns,
        day_sets=[(i % 3,) for i in range(10)] + [(0,)] * 20,
        offsets=[0] * 30,
        horizon=4,
        n_days=3,
        limit_minutes=600.0,
        route_seconds=0.01,
        active=np.ones(30, dtype=bool),
    )
    cal.route_all()
    return cal, patterns


def test_even_out_makes_days_similar_and_keeps_patterns_and_limits() -> None:
    from planner._schedule_search import even_out

    cal, patterns = _lopsided_calendar()
    before = np.std([cal.length(k) for k in cal.stops])
    ticks = []
    moved = even_out(cal, tick=lambda: ticks.append(1))
    cal.reoptimise()
    after = np.std([cal.length(k) for k in cal.stops])
    assert moved > 0 and after < 0.5 * before
    assert ticks  # the search lets the caller check for cancel as it goes
    for i, p in enumerate(patterns):
        where = sorted(k for k, v in cal.stops.items() if i in v)
        assert where == sorted(cal.keys_of(i)) and len(where) == 4 // p.period
    assert max(cal.length(k) for k in cal.stops) <= 600.0 + 1e-6


def test_travel_searches_call_back_for_cancel() -> None:
    from planner._schedule_search import ruin_recreate, swap

    cal, _ = _lopsided_calendar()
    ticks: list[int] = []
    swap(cal, tick=lambda: ticks.append(1))
    cal.improve(tick=lambda: ticks.append(2))
    ruin_recreate(cal, iterations=5, size=4, tick=lambda: ticks.append(3))
    cal.reoptimise(lambda: ticks.append(4))
    assert {1, 2, 3, 4} <= set(ticks) and ticks.count(3) == 5


def test_calendar_days_more_similar_than_travel_only(mixed: m.Plan) -> None:
    def spread(plan: m.Plan) -> float:
        s = plan.schedule
        day_h = s.groupby(["territory", "week", "day"])["day_hours"].first()
        return float(day_h.groupby(level=0).std().mean())

    even = build_schedule(mixed, route_seconds=0.01)
    travel = build_schedule(mixed, route_seconds=0.01, strategy="zones-travel")
    assert len(even.schedule) == len(travel.schedule)
    assert spread(even) < spread(travel)


def test_ruin_recreate_with_spread_weight_evens_days() -> None:
    from planner._schedule_search import ruin_recreate

    cal, patterns = _lopsided_calendar()
    before = np.std([cal.length(k) for k in cal.stops])
    assert ruin_recreate(cal, iterations=20, size=6, weight=50.0) > 0
    assert np.std([cal.length(k) for k in cal.stops]) < before
    for i, p in enumerate(patterns):
        where = sorted(k for k, v in cal.stops.items() if i in v)
        assert where == sorted(cal.keys_of(i)) and len(where) == 4 // p.period
    assert max(cal.length(k) for k in cal.stops) <= 600.0 + 1e-6


def test_edges_update_matches_a_rebuild_and_vector_options_match_the_loop() -> None:
    from planner._schedule_search import _cheapest, _Edges, _SingleDayOptions

    cal, patterns = _lopsided_calendar()
    edges = _Edges(cal)
    where = {k: j for j, k in enumerate(cal.stops)}
    single = _SingleDayOptions(cal, where)
    for i in (3, 12, 25):
        touched = cal.keys_of(i)
        cal._set_pattern(i, ((cal.day_sets[i][0] + 1) % 3,), (cal.offsets[i] + 1) % 4)
        edges.update(sorted(set(touched) | set(cal.keys_of(i))))
        fresh = _Edges(cal)
        for name in ("a", "b", "base", "start", "length"):
            assert np.allclose(getattr(edges, name), getattr(fresh, name))
        extra = edges.insertion(cal.m, i + 1) + cal.service[i]
        fits = edges.length + extra <= cal.limit
        best = None
        for days, offset in cal._options(i, include_current=True):
            cols = [where[(w, d)] for w in cal.weeks_of(i, offset) for d in days]
            if fits[cols].all() and (best is None or extra[cols].sum() < best[0]):
                best = (float(extra[cols].sum()), days, offset)
        assert best is not None
        assert _cheapest(cal, i, extra, fits, where, single) == (best[1], best[2])
    for order, length in cal.routes.values():  # lengths kept up to date on every edit
        assert length == pytest.approx(cal._length(order))



def test_a_moved_visit_never_joins_another_visit_of_its_customer_in_a_week() -> None:
    from planner._schedule_off import move_off
    from planner._schedule_zones import Pattern

    # customer 0 every two weeks on Tuesdays of weeks 1 and 3 (a 3-week horizon); week 2 is
    # free. Week 1's and week 3's Tuesdays are closed and their Mondays full: only week 2
    # could take them (Monday and Tuesday), and it takes one.
    cal = _calendar_in_a_row(
        [30.0, 100.0, 100.0], [Pattern(2, 1, False), Pattern(1, 1, False), Pattern(1, 1, False)],
        [(1,), (0,), (0,)], horizon=3, n_days=2, limit=150.0,
    )
    for j in (1, 2):  # week 2 is free: room for customer 0 on either day
        cal._take_out((1, 0), j)
    lost = move_off(cal, {(0, 1), (2, 1)})
    in_week = [sum(0 in cal.stops[(w, d)] for d in range(2)) for w in range(3)]
    assert in_week == [0, 1, 0]  # one visit moved into week 2, never two
    assert lost == [(0, (2, 1))]  # the other is left out


def test_progress_never_goes_back_on_a_slow_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The searches' periodic ticks fire only after 0.2 s; on a busy machine a tick of one
    phase can come after the next phase's report. Made to fire every time here."""
    from planner import _schedule_territory

    real = _schedule_territory._ticker
    monkeypatch.setattr(_schedule_territory, "_ticker",
                        lambda progress, fraction, every=0.2: real(progress, fraction, -1.0))
    seen: list[float] = []
    build_schedule(_plan(40, territories=2), progress=lambda f, msg: seen.append(f),
                   route_seconds=0.01)
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_a_three_times_a_week_visit_moved_off_a_holiday_takes_the_nearest_day() -> None:
    """Monday, Wednesday and Friday: no day is two from both others, so the two-day rule of
    twice-a-week customers does not hold it back; Monday's visit moves to Tuesday."""
    from planner._schedule_off import move_off
    from planner._schedule_zones import Pattern

    cal = _calendar_in_a_row([30.0], [Pattern(1, 3, False)], [(0, 2, 4)], horizon=1,
                             n_days=5, limit=200.0)
    assert move_off(cal, {(0, 0)}) == []
    assert [d for d in range(5) if 0 in cal.stops[(0, d)]] == [1, 2, 4]


def test_a_visit_longer_than_the_day_is_said_to_be_long_not_far() -> None:
    """A 10-hour visit 1 km from the home base read "Too far from the start point"."""
    plan = synthetic_plan(20, territories=1, seed=2)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES].astype(float)
    c.loc[0, m.SERVICE_MINUTES] = 600.0
    out = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    reasons = out.unscheduled.set_index("customer_id")["reason"]
    first = str(c[m.CUSTOMER_ID].iloc[0])
    assert reasons[first].startswith("The visit takes 10.0 hours, and with the drive")
    assert "Too far" not in reasons[first]


def test_importance_ranks_before_sales_before_frequency() -> None:
    from planner.schedule import importance_order

    rank = np.array(["C", "A", "B", "", "A", "A"], dtype=object)
    sales = np.array([9e9, 1e6, 5e6, 9e9, 2e6, 2e6])
    freq = np.array([1.0, 4.0, 2.0, 4.0, 2.0, 4.0])
    order = importance_order(rank, sales, freq)
    # no rank < C < B < A; among the A's the bigger sales, then the more frequent
    assert list(np.argsort(order, kind="stable")) == [3, 0, 2, 1, 4, 5]
    assert importance_order(rank[[1, 1]], sales[[1, 1]], freq[[1, 1]]).tolist() == [0, 0]


def test_full_days_leave_out_the_small_accounts_not_the_big_ones() -> None:
    """One territory whose 5-hour days cannot hold every visit (customers close together, so
    none is too far): the customers left out for full days are C accounts, never an A one
    seen every week, and everyone kept has all of its visits, within the day."""
    plan = _plan(60, territories=1)
    c = plan.customers.copy()
    c[m.LAT] = 35.68 + (c[m.LAT] - c[m.LAT].mean()) * 0.2
    c[m.LON] = 139.7 + (c[m.LON] - c[m.LON].mean()) * 0.2
    out = build_schedule(plan.replace(customers=c), day_hours=5.0, route_seconds=0.01)
    rank = out.customers.set_index(m.CUSTOMER_ID)[m.RANK]
    full = out.unscheduled[out.unscheduled["reason"].str.contains("working days are full")]
    assert len(full) == len(out.unscheduled) > 0
    assert set(rank[full["customer_id"]]) == {"C"}
    assert (out.schedule["day_hours"] <= 5.0 + 1e-9).all()
    visits = out.schedule.groupby("customer_id").size()
    expected = out.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY].reindex(visits.index)
    assert (visits == expected).all()


def test_a_full_day_leaves_out_its_least_important_customer() -> None:
    """Day repair at the calendar level: customer 0 (a big account, long visit) and 1 (a
    small one) share the only day, which holds one of them; the small one leaves."""
    from planner._schedule_zones import Pattern

    cal = _calendar_in_a_row([60.0, 20.0], [Pattern(1, 1, False)] * 2, [(0,), (0,)],
                             horizon=1, n_days=1, limit=90.0)
    cal.importance = np.array([1, 0])
    cal.repair(full_reason="full")
    assert cal.removed_reason == {1: "full"} and cal.stops[(0, 0)] == [0]


def test_a_monthly_visit_on_a_closed_day_moves_to_any_week_of_the_cycle_with_room() -> None:
    """One working day a week, week 4's closed (年末年始). Customer 0 is on it; customers 1 and
    2 fill weeks 2 and 3 (10 minutes apart in a row, a day holds 110 minutes). Seen every 4
    weeks, customer 0 goes to week 1, two weeks from the week beside it; seen every 2 weeks
    (weeks 2 and 4) it keeps the week before or after, and its visit is left out."""
    from planner._schedule_off import closed_day_losses
    from planner._schedule_zones import Pattern

    def days(first: Pattern, offset: int, week_one: float | None = None):
        service = [30.0, 60.0, 40.0] + ([week_one] if week_one else [])
        patterns = [first, Pattern(4, 1, False), Pattern(4, 1, False)]
        cal = _calendar_in_a_row(service, patterns + [Pattern(4, 1, False)] * (len(service) - 3),
                                 [(0,)] * len(service), horizon=4, n_days=1, limit=110.0)
        for i, o in enumerate([offset, 1, 2, 0][: len(service)]):
            cal._set_pattern(i, (0,), o)
        return cal

    closed = {(3, 0): ("2026-12-29", "")}
    cal, moved = days(Pattern(4, 1, False), 3), {}
    assert closed_day_losses(cal, closed, company=set(closed), moved=moved) == []
    assert cal.stops[(0, 0)] == [0] and cal.stops[(3, 0)] == []
    assert moved == {((0, 0), 0): (3, 0)}
    assert max(cal.length(k) for k in cal.stops) <= 110.0
    # week 1 full too: no week of the cycle has room, and the reason says how far it looked
    cal = days(Pattern(4, 1, False), 3, week_one=70.0)
    [(i, date, reason)] = closed_day_losses(cal, closed, company=set(closed))
    assert (i, date) == (0, "2026-12-29") and "3 weeks before or after" in reason
    # every two weeks (weeks 2 and 4): only the week beside it, which is full
    cal = days(Pattern(2, 1, False), 1)
    [(i, _date, reason)] = closed_day_losses(cal, closed, company=set(closed))
    assert i == 0 and "weeks beside it" in reason and cal.stops[(0, 0)] == []
