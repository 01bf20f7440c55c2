"""A dated one-rep calendar for the Calendar dock's tests: 60 synthetic customers of one
territory, built from Monday 2026-12-07 (the day-length tests cut the rep's day on it)."""

from __future__ import annotations

import dataclasses

from planner import model as m
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


def dated_one_rep_calendar() -> tuple[m.Plan, str]:
    """The plan with its calendar built (dates from 2026-12-07), and its territory's id."""
    plan = synthetic_plan(60, territories=1, seed=7)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    built = build_schedule(plan, route_seconds=0.01, workers=1)
    return built, built.territories[0].id
