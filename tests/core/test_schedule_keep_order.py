"""A rebuild keeping the visit days keeps each unchanged day's stop order and times
(planner._schedule_same_days): the route solver has a time limit, so a day solved anew
comes out in another order, or longer."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

import planner._schedule_days as days_module
from planner import model as m
from planner._routing_windows import evaluate, visiting_hours
from planner._schedule_told import changed_customers
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

CLOSURE = tuple((dt.date(2026, 12, 29) + dt.timedelta(days=k)).isoformat() for k in range(6))
HOURS = np.array(["-12:00", "", "13:00-", "", "", "10:00-15:00", "", "", "-11:30", ""],
                 dtype=object)


def _plan(start: str, *, closure: tuple[str, ...] = (), seed: int = 4) -> m.Plan:
    """Two reps, busy days, a customer in three with visiting hours, a dated calendar."""
    plan = synthetic_plan(110, territories=2, seed=seed)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 1, 2, 1, 1, 4, 2, 1], dtype=float), len(c))
    c[m.VISIT_TIME] = np.resize(HOURS, len(c))
    settings = dataclasses.replace(plan.settings, start_date=start, company_days_off=closure)
    return plan.replace(customers=c, settings=settings)


def _reversed_tours(monkeypatch: pytest.MonkeyPatch) -> None:
    """The route solver gives each tour the other way round (a rep's own habit: the same
    drive, another order)."""
    real = days_module.order_stops

    def backwards(*args: object, **kwargs: object) -> list[int]:
        tour = real(*args, **kwargs)  # type: ignore[arg-type]
        return [tour[0], *tour[:0:-1]]

    monkeypatch.setattr(days_module, "order_stops", backwards)


@pytest.fixture(scope="module")
def year_end() -> m.Plan:
    """Four weeks from 12/7 across the year end (closed 12/29–1/3, New Year's Day), built
    with every tour the other way round than the solver now gives it."""
    with pytest.MonkeyPatch.context() as mp:
        _reversed_tours(mp)
        first = build_schedule(_plan("2026-12-07", closure=CLOSURE), route_seconds=0.01)
    s = first.schedule
    assert s["moved_from"].isin(CLOSURE).any()  # visits moved off the year-end closure
    assert s["customer_id"].isin(first.customers.loc[
        first.customers[m.VISIT_TIME] != "", m.CUSTOMER_ID]).any()
    return first


def test_a_rebuild_with_nothing_changed_gives_the_same_schedule_table(year_end: m.Plan) -> None:
    """Every day holds the customers it held: the same order, the same times, no one told."""
    again = build_schedule(year_end, route_seconds=0.01, keep_days=True)
    pd.testing.assert_frame_equal(again.schedule, year_end.schedule)
    assert changed_customers(again) == {}
    pd.testing.assert_frame_equal(again.unscheduled, year_end.unscheduled)


def test_a_day_solved_longer_anew_keeps_its_previous_order_and_customers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The sample's C000379 (until 12:00, on a 7.96-hour day): the day re-solved came out
    8.08 hours and the visiting-hours pass moved the kept customer a week on. Here every
    day on the clock comes out of the solver the wrong way round (late for its morning
    customers): the previous order still holds, so the day keeps it and its customers."""
    first = build_schedule(_plan("2027-05-10"), route_seconds=0.01)  # no holiday in 4 weeks
    assert (first.schedule["moved_from"] == "").all()
    real = days_module.day_in_windows

    def worse(cal: days_module.TerritoryDays, idx: np.ndarray, sub: np.ndarray,
              tour: list[int], *, thorough: bool) -> days_module.WindowDay:
        day = real(cal, idx, sub, tour, thorough=thorough)
        return clock_day(cal, [0, *day.order[:0:-1]])

    def clock_day(cal: days_module.TerritoryDays, order: list[int]) -> days_module.WindowDay:
        service = [0.0, *(float(cal.service[j - 1]) for j in order[1:])]
        opens, closes = visiting_hours([None, *(cal.windows.get(j - 1) for j in order[1:])])
        day = evaluate(list(range(len(order))), cal.m[np.ix_(order, order)], service, opens,
                       closes, cal.day_start, cal.lunch)
        return days_module.WindowDay(list(order), day.minutes, day.late)

    monkeypatch.setattr(days_module, "day_in_windows", worse)
    again = build_schedule(first, route_seconds=0.01, keep_days=True)
    assert changed_customers(again) == {}
    cols = ["territory", "customer_id", "week", "day", "seq", "arrival"]
    pd.testing.assert_frame_equal(again.schedule[cols], first.schedule[cols])


def test_a_clearly_shorter_route_replaces_the_previous_order() -> None:
    """The rule keeps an order a rep knows, not a detour: a previous order driving more
    than SHORTER_BY more than the route solved anew gives way to it."""
    from planner._schedule_same_days import SHORTER_BY, SameDays, travel

    pts = np.array([[0, 0], [0, 10], [10, 10], [10, 0]], dtype=float)  # a square, home first
    minutes = np.sqrt(((pts[:, None, :] - pts[None, :, :]) ** 2).sum(axis=2))
    cal = days_module.TerritoryDays(
        minutes=minutes, service=np.full(3, 10.0), patterns=[], day_sets=[], offsets=[],
        horizon=1, n_days=1, limit_minutes=480.0, route_seconds=0.01,
        active=np.zeros(0, dtype=bool))
    cal.same = SameDays({(0, 0): [1, 0, 2]})  # crossing the square: longer
    solved = ([0, 1, 2, 3], cal._length([0, 1, 2, 3]))
    assert travel(cal, solved[0]) < (1 - SHORTER_BY) * travel(cal, [0, 2, 1, 3])
    assert cal.same.choose(cal, [0, 1, 2], solved, key=(0, 0)) is None
    cal.same = SameDays({(0, 0): [2, 1, 0]})  # the same square the other way round: kept
    kept = cal.same.choose(cal, [0, 1, 2], solved, key=(0, 0))
    assert kept is not None and kept[0] == [0, 3, 2, 1]
