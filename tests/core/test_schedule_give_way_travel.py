"""The customer giving way to a monthly customer's only visit is chosen with the driving in
mind: among customers alike in importance, the one whose visit, replaced, saves the route
the most; a less important customer still gives way first."""

from __future__ import annotations

from typing import Any

import numpy as np

from planner._schedule_give_way import give_way
from planner._schedule_zones import Pattern

#: The start point, weekly customer 1 next door, monthly customer 0 beside it, weekly
#: customer 2 far out on the same road (minutes along it).
PLACES = np.array([0.0, 11.0, 10.0, 60.0])


def _month(importance: list[int]) -> Any:
    """Four weeks of Monday and Tuesday: customers 1 and 2 weekly on Monday, customer 0's
    only visit on Tuesday of week 4, a closed day, taken out; the days have room for one
    more, no neighbour can move (the last resort's case)."""
    from planner._schedule_days import TerritoryDays

    minutes = np.abs(PLACES[:, None] - PLACES[None, :])
    cal = TerritoryDays(
        minutes=minutes, service=np.array([30.0, 30.0, 30.0]),
        patterns=[Pattern(4, 1, False), Pattern(1, 1, False), Pattern(1, 1, False)],
        day_sets=[(1,), (0,), (0,)], offsets=[3, 0, 0], horizon=4, n_days=2,
        limit_minutes=480.0, route_seconds=0.01, active=np.ones(3, dtype=bool),
    )
    cal.route_all()
    cal.importance = np.array(importance, dtype=np.int64)
    cal._take_out((3, 1), 0)
    return cal


def test_of_two_alike_weekly_customers_the_one_far_out_gives_way() -> None:
    """Customer 2's Monday visit 60 minutes out: replaced by customer 0 (next to customer 1),
    the day drives 98 minutes less; customer 1's, the same day, saves nothing. Chosen by
    importance alone, the tie went to customer 1, and the day kept its long drive."""
    cal, moved, given = _month([0, 0, 0]), {}, set()
    assert give_way(cal, 0, (3, 1), {(3, 1)}, moved, given) == (2, (3, 0), 0)
    assert sorted(cal.stops[(3, 0)]) == [0, 1] and given == {2}
    assert moved[((3, 0), 0)] == (3, 1)
    assert cal.routes[(3, 0)][1] == 22.0 + 60.0  # start → 1 → 0 → start, and two visits


def test_a_less_important_customer_still_gives_way_first() -> None:
    """Customer 1 a smaller account than customer 2 (another tenth of the rep's customers):
    it gives way, though customer 2's visit would save more driving."""
    cal, moved, given = _month([5, 0, 9]), {}, set()
    assert give_way(cal, 0, (3, 1), {(3, 1)}, moved, given) == (1, (3, 0), 0)
    assert sorted(cal.stops[(3, 0)]) == [0, 2]
