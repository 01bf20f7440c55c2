"""A customer's only visit on a closed day (the year-end closure): placed where a neighbour
moving makes room before the customer is left out; and a rebuild keeping the days leaves the
days nobody works to the moves off closed days (no one leaves for a day off that is full)."""

from __future__ import annotations

from typing import Any

import numpy as np

from planner._schedule_last_visit import place_last_visits
from planner._schedule_off import move_off
from planner._schedule_zones import Pattern


def _week(service: list[float], patterns: list[Pattern], days: list[tuple[int, ...]],
          offsets: list[int], *, horizon: int = 1, n_days: int = 3, limit: float = 230.0,
          **kwargs: Any) -> Any:
    """Customers close to one another (travel of a few seconds) on ``days`` of a calendar of
    ``n_days`` working days."""
    from planner._schedule_days import TerritoryDays

    n = len(service)
    pts = np.vstack([[0.05, 0.05], np.column_stack([np.arange(n) * 0.02, np.zeros(n)])])
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 2.0
    cal = TerritoryDays(
        minutes=minutes, service=np.array(service), patterns=patterns, day_sets=days,
        offsets=offsets, horizon=horizon, n_days=n_days, limit_minutes=limit,
        route_seconds=0.01, active=np.ones(n, dtype=bool), **kwargs,
    )
    cal.route_all()
    return cal


def _fragmented() -> Any:
    """Customer 0's only visit falls on Wednesday, closed; Monday (1: 100 min, 2: 40) and
    Tuesday (3: 100, 4: 50) each have room for less than its 100 minutes, together plenty."""
    weekly = Pattern(1, 1, False)
    return _week([100.0, 100.0, 40.0, 100.0, 50.0], [weekly] * 5,
                 [(2,), (0,), (0,), (1,), (1,)], [0] * 5)


def test_a_visit_with_no_room_left_moves_in_where_a_neighbour_makes_room() -> None:
    """Before, customer 0 was left out (no day had room for it); now customer 4 moves to
    Monday and customer 0 takes Tuesday, the day nearest its closed Wednesday."""
    cal, closed, moved = _fragmented(), {(0, 2)}, {}
    lost = move_off(cal, closed, moved)
    assert lost == [(0, (0, 2))]  # no day has room for it as the days are
    assert place_last_visits(cal, closed, moved, lost) == []
    assert 0 in cal.stops[(0, 1)] and moved[((0, 1), 0)] == (0, 2)  # told: moved from Wed
    assert cal.stops[(0, 0)] == [1, 2, 4] and cal.day_sets[4] == (0,)  # its whole pattern
    assert all(cal.length(k) <= 230.0 + 1e-6 for k in cal.stops if k not in closed)
    assert all(cal.active)


def test_no_customer_on_days_set_by_hand_is_moved_and_then_the_visit_stays_out() -> None:
    """Customers 2 and 4 on days set by hand (訪問曜日, a hand move): no one else can make
    room, so customer 0 stays out, with its closed day's reason."""
    cal, closed, moved = _fragmented(), {(0, 2)}, {}
    cal.shop_closed = {2: frozenset(), 4: frozenset()}
    lost = move_off(cal, closed, moved)
    assert place_last_visits(cal, closed, moved, lost) == [(0, (0, 2))]
    assert cal.stops[(0, 0)] == [1, 2] and cal.stops[(0, 1)] == [3, 4]  # nothing changed


def test_a_customer_kept_on_its_day_is_released_only_to_make_room() -> None:
    """Keeping the days, customer 4 (kept on Tuesday) moves to Monday for customer 0 and is
    no longer pinned (the rebuild tells it its new day)."""
    cal, closed, moved = _fragmented(), {(0, 2)}, {}
    cal.unpinned = {j: (frozenset(), None) for j in (1, 2, 3, 4)}
    cal.closed = {1: frozenset({1, 2}), 2: frozenset({1, 2}), 3: frozenset({0, 2}),
                  4: frozenset({0, 2})}
    lost = move_off(cal, closed, moved)
    assert place_last_visits(cal, closed, moved, lost) == []
    assert 0 in cal.stops[(0, 1)] and 4 not in cal.unpinned and 2 in cal.unpinned


def _closed_week(hours: bool = False) -> Any:
    """Two weeks of one working day, week 2's a closed day: weekly customers 0 and 1 and
    customer 2 every two weeks (week 2) make it too long; week 1 holds 0 and 1. All kept on
    their day by a rebuild keeping the days."""
    weekly, fortnightly = Pattern(1, 1, False), Pattern(2, 1, False)
    cal = _week([30.0 if hours else 100.0, 100.0, 100.0], [weekly, weekly, fortnightly],
                [(0,)] * 3, [0, 0, 1], horizon=2, n_days=1,
                windows={0: (600.0, 720.0)} if hours else None, day_start=540.0)
    cal.unpinned = {j: (frozenset(), None) for j in range(3)}
    cal.importance = np.array([0, 5, 5])
    cal.avoid = frozenset({(1, 0)})  # as the rebuild sets it: the closed days
    return cal


def test_a_rebuild_keeping_the_days_takes_no_one_out_for_a_closed_day_too_long() -> None:
    """Before, the day-limit repair took weekly customer 0 out of the calendar — all its
    visits — because the closed day, which no one works, was too long."""
    cal = _closed_week()
    assert cal.length((1, 0)) > 230.0 and cal.length((0, 0)) <= 230.0
    cal.repair(full_reason="full")
    assert cal.removed_reason == {} and cal.stops[(1, 0)] == [0, 1, 2]
    # the moves off closed days then give week 1 to the weekly customers, as always
    lost = move_off(cal, {(1, 0)}, {})
    assert sorted(lost) == [(0, (1, 0)), (1, (1, 0)), (2, (1, 0))]
    assert cal.stops[(0, 0)] == [0, 1]


def test_a_rebuild_keeping_the_days_times_no_closed_day_for_visiting_hours() -> None:
    """Before, the visiting-hours pass took customer 0, set by hand with hours (10:00–12:00),
    out of the calendar because the closed day holding it ran past the working day."""
    from planner._schedule_windows import fit_windows

    cal = _closed_week(hours=True)
    cal.unpinned.pop(0)
    cal.shop_closed = {0: frozenset()}  # set by hand
    cal.importance = np.array([9, 1, 1])
    cal.limit = 200.0
    assert cal.length((1, 0)) > 200.0 and cal.length((0, 0)) <= 200.0
    fit_windows(cal, reason=lambda i: "late", full_reason="full")
    assert cal.removed_reason == {} and cal.active.all()


def _december(**kwargs: Any) -> Any:
    """Four weeks of Monday and Tuesday, every day full with two weekly customers (1 and 2
    on Mondays, 3 and 4 on Tuesdays, 100 minutes each); monthly customer 0's only visit
    falls on week 4's Tuesday, closed (the year-end closure), as do 3's and 4's visits."""
    weekly, monthly = Pattern(1, 1, False), Pattern(4, 1, False)
    cal = _week([100.0] * 5, [monthly] + [weekly] * 4, [(1,), (0,), (0,), (1,), (1,)],
                [3, 0, 0, 0, 0], horizon=4, n_days=2, **kwargs)
    cal.importance = np.array([1, 5, 3, 4, 1])
    return cal


def _after_room(cal: Any, closed: set[Any], moved: dict[Any, Any]) -> list[Any]:
    """The visits of ``closed`` no day has room for, and no neighbour moving makes any."""
    lost = move_off(cal, closed, moved)
    assert sorted(lost) == [(0, (3, 1)), (3, (3, 1)), (4, (3, 1))]
    return lost


def test_the_only_visit_of_the_month_takes_the_place_of_a_weekly_visit() -> None:
    """Before, monthly customer 0 went all month without a visit while the weekly ones kept
    three or four; now the least important weekly customer keeping all its visits (2) gives
    up the one nearest the closed day (week 4's Monday) and keeps the other three."""
    cal, closed, moved = _december(), {(3, 1)}, {}
    gave: list[Any] = []
    lost = _after_room(cal, closed, moved)
    assert place_last_visits(cal, closed, moved, lost, gave) == [(3, (3, 1)), (4, (3, 1))]
    assert gave == [(2, (3, 0), 0)]
    assert cal.stops[(3, 0)] == [1, 0] and moved[((3, 0), 0)] == (3, 1)
    assert [w for w in range(4) if 2 in cal.stops[(w, 0)]] == [0, 1, 2]  # keeps the others
    assert all(cal.length(k) <= 230.0 + 1e-6 for k in cal.stops)
    # the weekly customers that lost their closed day's visit keep the other three
    assert all(sum(j in s for s in cal.stops.values()) == 3 for j in (3, 4))


def test_no_visit_on_a_day_set_by_hand_gives_way_and_a_long_gap_comes_last() -> None:
    """Customers 1 and 2 on days set by hand: the visit given is one of a customer that lost
    one already (3 or 4, left with a three-week gap), the least important of them (4)."""
    cal, closed, moved = _december(), {(3, 1)}, {}
    cal.shop_closed = {1: frozenset(), 2: frozenset()}
    gave: list[Any] = []
    lost = _after_room(cal, closed, moved)
    assert place_last_visits(cal, closed, moved, lost, gave) == [(3, (3, 1)), (4, (3, 1))]
    [(j, key, i)] = gave
    assert (j, i) == (4, 0) and key[1] == 1 and cal.stops[key] == [3, 0]
    assert all(1 in cal.stops[(w, 0)] and 2 in cal.stops[(w, 0)] for w in range(4))


def test_a_customer_would_keep_one_visit_only_gives_none() -> None:
    """Customers seen every two weeks (two visits in the four weeks) give no visit away: the
    monthly customer stays out, with its closed day's reason, and nothing changed (Tuesdays
    are the rep's days off)."""
    fortnightly, monthly = Pattern(2, 1, False), Pattern(4, 1, False)
    cal = _week([100.0] * 5, [monthly] + [fortnightly] * 4, [(1,), (0,), (0,), (0,), (0,)],
                [3, 0, 0, 1, 1], horizon=4, n_days=2)
    closed, moved = {(w, 1) for w in range(4)}, {}
    lost = move_off(cal, closed, moved)
    before = {k: list(v) for k, v in cal.stops.items()}
    assert place_last_visits(cal, closed, moved, lost, gave := []) == [(0, (3, 1))]
    assert gave == [] and cal.stops == before


def test_the_day_given_stays_within_the_working_day_and_the_customers_closing_days() -> None:
    """Customer 2's visits are short (40 minutes): leaving, they free too little, so the
    visit given is the next least important's (customer 1's, 100 minutes); and customer 0,
    closed on Mondays, takes a Tuesday: the least important customer there (4, as 3 lost
    its week-4 visit as well)."""
    cal, closed, moved = _december(), {(3, 1)}, {}
    cal.service = np.array([100.0, 100.0, 40.0, 100.0, 100.0])
    cal.route_all()
    lost = move_off(cal, closed, moved)
    assert (0, (3, 1)) in lost
    gave: list[Any] = []
    place_last_visits(cal, closed, moved, lost, gave)
    assert [(j, i) for j, _k, i in gave] == [(1, 0)]
    assert all(cal.length(k) <= 230.0 + 1e-6 for k in cal.stops)

    cal, closed, moved = _december(closed={0: frozenset({0})}), {(3, 1)}, {}
    lost = _after_room(cal, closed, moved)
    gave = []
    place_last_visits(cal, closed, moved, lost, gave)
    [(j, (_w, d), i)] = gave
    assert (j, d, i) == (4, 1, 0)


def test_a_customer_kept_on_its_day_by_a_rebuild_gives_way_alike() -> None:
    """Keeping the days (every customer kept, 訪問曜日 none): the same visit gives way."""
    cal, closed, moved = _december(), {(3, 1)}, {}
    cal.unpinned = {j: (frozenset(), None) for j in range(5)}
    gave: list[Any] = []
    lost = _after_room(cal, closed, moved)
    place_last_visits(cal, closed, moved, lost, gave)
    assert gave == [(2, (3, 0), 0)]
