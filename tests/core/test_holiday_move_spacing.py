"""A biweekly customer's visit moved off a holiday stays in its own week (its spacing even)
when a customer seen every four weeks can move its visit of a day there a week instead."""

from __future__ import annotations

import numpy as np

from planner._schedule_days import TerritoryDays
from planner._schedule_off import move_off
from planner._schedule_zones import Pattern


def _calendar() -> TerritoryDays:
    # 0: every two weeks on Monday of weeks 2 and 4 (Monday of week 2 is 成人の日)
    # 1: every four weeks on Tuesday of week 2; 2: weekly on Tuesday, a long visit
    patterns = [Pattern(2, 1, False), Pattern(4, 1, False), Pattern(1, 1, False)]
    minutes = np.ones((4, 4)) - np.eye(4)  # a minute between any two places
    cal = TerritoryDays(
        minutes=minutes, service=np.array([60.0, 60.0, 150.0]), patterns=patterns,
        day_sets=[(0,), (1,), (1,)], offsets=[1, 1, 0], horizon=4, n_days=2,
        limit_minutes=240.0, route_seconds=0.01, active=np.ones(3, dtype=bool),
    )
    cal.route_all()
    return cal


def test_a_biweekly_visit_moved_off_a_holiday_stays_in_its_week() -> None:
    cal = _calendar()
    assert 0 in cal.stops[(1, 0)] and 1 in cal.stops[(1, 1)]
    moved: dict = {}
    lost = move_off(cal, {(1, 0)}, moved)
    assert lost == []
    # the Tuesday of its week, not a Monday a week before or after (7 days from its next visit)
    assert 0 in cal.stops[(1, 1)] and moved[((1, 1), 0)] == (1, 0)
    # the four-weekly customer's visit moved a week instead, and says from where
    week_of_1 = [w for (w, d), stops in cal.stops.items() if 1 in stops]
    assert week_of_1 in ([0], [2])
    assert (1, 1) in moved.values()
    assert all(2 in cal.stops[(w, 1)] for w in range(4))  # the weekly customer stays
