"""A stop reached after the rep's day ends (start plus the rep's hours): the rule the Calendar
dock's stop list uses to put the arrival in red (planner.day_length.day_end, late_arrivals)."""

from __future__ import annotations

import dataclasses

from planner.day_length import day_end, late_arrivals
from planner.synthetic import synthetic_plan


def test_the_days_end_is_the_reps_start_plus_their_hours() -> None:
    plan = synthetic_plan(20, territories=2, seed=3)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, day_start="09:00",
                                                     day_hours=8.0))
    first, second = plan.territories[:2]
    part = dataclasses.replace(first, day_start="10:00", day_hours=5.5)
    plan = plan.replace(territories=[part, second, *plan.territories[2:]])
    assert day_end(plan, part.id) == 15 * 60 + 30  # 10:00 + 5.5 h
    assert day_end(plan, second.id) == 17 * 60  # the plan's 9:00 + 8 h
    assert day_end(plan, "gone") == 17 * 60  # a former territory: the plan's day


def test_arrivals_after_the_end_are_late() -> None:
    late = late_arrivals(["09:36", "16:59", "17:00", "17:01", "18:05", "25:10", "", "?"],
                         17 * 60)
    assert late.tolist() == [False, False, False, True, True, True, False, False]
    assert late_arrivals([], 17 * 60).tolist() == []
