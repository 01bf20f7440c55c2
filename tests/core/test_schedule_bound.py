"""A faster calendar, the same calendar: the lower bound on a day's round trip
(:mod:`planner._tour_bound`) lets :func:`planner._schedule_windows.fits_with` answer "does not
fit" without routing the day, and the route search's one-stop Or-opt moves are searched once.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pandas as pd
import pytest

from planner import _routing_search, _schedule_days, _schedule_windows, routing
from planner import model as m
from planner._schedule_days import TerritoryDays
from planner._schedule_windows import fits_with
from planner._schedule_zones import Pattern
from planner._tour_bound import tour_lower_bound
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

#: Every route search ends when it stops improving, never on the clock: two builds of the same
#: input are then the same calendar (tests/core/test_schedule_parallel.py).
ROUTE_SECONDS = 30.0


def _shortest(d: np.ndarray) -> float:
    """The cheapest round trip from point 0, by trying every order."""
    n = len(d)
    return min(
        routing.route_cost(d, [0, *perm], closed=True)
        for perm in itertools.permutations(range(1, n))
    )


@pytest.mark.parametrize("seed", range(6))
def test_the_bound_is_never_above_the_shortest_round_trip(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n = 4 + seed % 4
    xy = rng.uniform(0, 20, size=(n, 2))
    even = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1)) * 2.0
    skew = even * rng.uniform(0.8, 1.3, size=(n, n))  # one-way streets: either direction
    np.fill_diagonal(skew, 0.0)
    for d in (even, skew):
        best = _shortest(d)
        bound = tour_lower_bound(d, list(range(n)))
        assert bound <= best + 1e-9
        assert bound >= 0.8 * best  # a bound worth asking (not 0)


def test_the_bound_is_close_to_a_day_s_round_trip() -> None:
    rng = np.random.default_rng(3)
    for n in (12, 20, 30):
        xy = rng.uniform(0, 15, size=(n, 2))
        d = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1)) * 2.2
        tour = routing.order_stops(d, time_limit=ROUTE_SECONDS)
        length = routing.route_cost(d, tour, closed=True)
        bound = tour_lower_bound(d, tour)
        assert 0.95 * length <= bound <= length + 1e-9
        # asked only whether it passes a threshold, it stops once it does
        assert tour_lower_bound(d, tour, above=0.5 * length) > 0.5 * length


def _full_day() -> TerritoryDays:
    """One Monday of 12 visits, one of them with visiting hours, about 6 of the 8 hours
    taken; customer 12, a 90-minute visit 40 minutes away, cannot join it in any order."""
    rng = np.random.default_rng(1)
    xy = np.vstack([[0.0, 0.0], rng.uniform(-4, 4, size=(12, 2)), [[20.0, 0.0]]])
    minutes = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1)) * 2.0
    n = len(xy) - 1
    service = np.r_[np.full(12, 25.0), 90.0]
    cal = TerritoryDays(
        minutes=minutes, service=service, patterns=[Pattern(1, 1, False)] * n,
        day_sets=[(0,)] * 12 + [(1,)], offsets=[0] * n, horizon=1, n_days=2,
        limit_minutes=480.0, route_seconds=ROUTE_SECONDS, active=np.ones(n, dtype=bool),
        windows={0: (540.0, 720.0)}, day_start=540.0,
    )
    cal.route_all()
    return cal


def test_a_day_no_order_can_fit_is_not_routed(monkeypatch: pytest.MonkeyPatch) -> None:
    cal = _full_day()
    assert cal.length((0, 0)) <= cal.limit
    routed: list[int] = []
    solve = _schedule_days.order_stops

    def counted(*args: object, **kwargs: object) -> list[int]:
        routed.append(1)
        return solve(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(_schedule_days, "order_stops", counted)
    fits, _minutes = fits_with(cal, (0, 0), 12)
    assert not fits and routed == []  # answered by the bound alone
    # the answer routing would give
    monkeypatch.setattr(_schedule_windows, "least_minutes", lambda *_a: -np.inf)
    assert fits_with(cal, (0, 0), 12)[0] is False and len(routed) == 1
    assert cal.routes[(0, 0)][1] > cal.limit or cal.window_days[
        frozenset([*cal.stops[(0, 0)], 12])].minutes > cal.limit


def test_a_day_that_fits_is_still_routed_and_timed() -> None:
    cal = _full_day()
    cal.limit = 720.0  # now a 12-hour day holds customer 12 too
    fits, minutes = fits_with(cal, (0, 0), 12)
    day = cal.window_days[frozenset([*cal.stops[(0, 0)], 12])]
    assert fits and minutes == day.minutes


def _hours_plan() -> m.Plan:
    """Two reps, customers with visiting hours, dates with company days off: every path of
    the calendar that asks :func:`fits_with` (the visiting-hours repair, visits moved off
    closed days, an only visit given room)."""
    plan = synthetic_plan(60, territories=2, seed=11)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4.0, 2.0, 1.0, 4.0, 8.0, 1.0]), len(c))
    c[m.SERVICE_MINUTES] = np.resize(np.array([25.0, 15.0, 30.0]), len(c))
    c[m.VISIT_TIME] = np.resize(
        np.array(["-11:00", "", "13:00-", "", "", "10:00-11:30", ""], dtype=object), len(c))
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07",
                                   company_days_off=("2026-12-29", "2026-12-30", "2026-12-31"))
    return plan.replace(customers=c, settings=settings)


def test_the_calendar_is_the_same_with_the_bound_as_without(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = _hours_plan()
    skipped: list[int] = []
    least = _schedule_windows.least_minutes

    def noted(cal: TerritoryDays, key: tuple[int, int], i: int) -> float:
        value = least(cal, key, i)
        if value > cal.limit + _schedule_windows.BOUND_MARGIN:
            skipped.append(i)
        return value

    monkeypatch.setattr(_schedule_windows, "least_minutes", noted)
    fast = build_schedule(plan, route_seconds=ROUTE_SECONDS, workers=1)
    assert len(skipped) >= 5  # days the bound spared routing
    monkeypatch.setattr(_schedule_windows, "least_minutes", lambda *_a: -np.inf)
    slow = build_schedule(plan, route_seconds=ROUTE_SECONDS, workers=1)
    assert len(fast.schedule) > 100 and len(fast.meta["schedule_skipped"]) > 0
    pd.testing.assert_frame_equal(fast.schedule, slow.schedule)
    pd.testing.assert_frame_equal(fast.unscheduled, slow.unscheduled)
    assert fast.meta == slow.meta


class _EveryOrOpt(_routing_search._LocalSearch):
    """The Or-opt search as it was: a one-stop segment tried with ``a`` first and last, and
    from both its ends (four times the same moves); and the 2-opt search as it was."""

    def _improve_2opt(self, a: int) -> list[int] | None:
        d, pos, n, t = self.d, self.pos, self.n, self.tour
        for forward in (True, False):
            pa = pos[a]
            b = t[(pa + 1) % n] if forward else t[pa - 1]
            for c in self.neigh[a]:
                g1 = d[a][b] - d[a][c]
                if g1 <= _routing_search._EPS:
                    break
                pc = pos[c]
                e = t[(pc + 1) % n] if forward else t[pc - 1]
                if c == b or e == a:
                    continue
                if g1 + d[c][e] - d[b][e] > _routing_search._EPS:
                    if forward:
                        self._reverse(pos[b], pos[c])
                    else:
                        self._reverse(pos[a], pos[e])
                    return [a, b, c, e]
        return None

    def cost(self) -> float:
        d, t = self.d, self.tour
        return sum(d[t[i - 1]][t[i]] for i in range(self.n))

    def _improve_oropt(self, a: int) -> list[int] | None:
        d, n, t, pos, neigh = self.d, self.n, self.tour, self.pos, self.neigh
        pa = pos[a]
        for length in (1, 2, 3):
            if length + 2 >= n:
                break
            for head_first in (True, False):
                ps1 = pa if head_first else (pa - length + 1) % n
                s1, s2 = t[ps1], t[(ps1 + length - 1) % n]
                p, nx = t[ps1 - 1], t[(ps1 + length) % n]
                g_rem = d[p][s1] + d[s2][nx] - d[p][nx]
                if g_rem <= _routing_search._EPS:
                    continue
                for end_node, other in ((s1, s2), (s2, s1)):
                    for c in neigh[end_node]:
                        dc = d[end_node][c]
                        if dc >= g_rem - _routing_search._EPS:
                            break
                        pc = pos[c]
                        if (pc - ps1) % n < length:
                            continue
                        for e in (t[(pc + 1) % n], t[pc - 1]):
                            if (pos[e] - ps1) % n < length or (c == p and e == nx) or (
                                    c == nx and e == p):
                                continue
                            if g_rem - (dc + d[other][e] - d[c][e]) > _routing_search._EPS:
                                self._move_segment(s1, length, c, e, end_node)
                                return [p, nx, s1, s2, c, e]
        return None


def test_the_route_search_finds_the_same_tours_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(8)
    days = []
    for n in (9, 15, 22, 31):
        for _ in range(3):
            xy = rng.uniform(0, 15, size=(n, 2))
            days.append(np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1)) * 2.2)
    now = [routing.order_stops(d, time_limit=ROUTE_SECONDS, stall_kicks=300) for d in days]
    monkeypatch.setattr(_routing_search, "_LocalSearch", _EveryOrOpt)
    before = [routing.order_stops(d, time_limit=ROUTE_SECONDS, stall_kicks=300) for d in days]
    assert now == before


def test_the_cheapest_insertion_is_numpy_s_to_the_bit() -> None:
    rng = np.random.default_rng(4)
    xy = rng.uniform(0, 30, size=(40, 2))
    minutes = np.round(np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(-1)) * 2.0, 1)  # ties
    for dtype in (np.float64, np.float32):
        cal = TerritoryDays(
            minutes=minutes.astype(dtype), service=np.full(39, 20.0),
            patterns=[Pattern(1, 1, False)] * 39, day_sets=[(0,)] * 39, offsets=[0] * 39,
            horizon=1, n_days=1, limit_minutes=480.0, route_seconds=0.01,
            active=np.ones(39, dtype=bool),
        )
        for _ in range(200):
            order = [0, *rng.permutation(np.arange(1, 40))[: int(rng.integers(0, 25))].tolist()]
            x = int(rng.choice([j for j in range(1, 40) if j not in order]))
            o = np.asarray(order)
            nxt = np.roll(o, -1)
            extra = cal.m[o, x] + cal.m[x, nxt] - cal.m[o, nxt]
            assert cal._cheapest(order, x) == (int(np.argmin(extra)), float(extra.min()))
