"""``day_summary`` of a rep is kept per calendar (the dock and the move's effect share it) and
``_week1`` finds week 1 from the first dated rows: both give what they gave before."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from planner import model as m
from planner import stats
from planner._schedule_keep import _first_row, _week1
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


def _plan() -> m.Plan:
    plan = synthetic_plan(60, territories=2, seed=4)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    return build_schedule(plan, route_seconds=0.01)


def test_a_kept_table_follows_the_day_start_and_the_rep() -> None:
    plan = _plan()
    s = plan.schedule
    assert s is not None
    plan = plan.replace(schedule=s.drop(columns="day_hours"))  # hours from the day's start
    tid, other = plan.territories[0].id, plan.territories[1].id
    first = stats.day_summary(plan, territory_id=tid)
    assert stats.day_summary(plan, territory_id=tid) is first  # once per calendar
    later = plan.replace(settings=dataclasses.replace(plan.settings, day_start="06:30"))
    assert later.schedule is plan.schedule
    got = stats.day_summary(later, territory_id=tid)
    assert got.equals(stats._day_summary(later, tid)) and not got.equals(first)
    assert stats.day_summary(plan, territory_id=other).equals(stats._day_summary(plan, other))


def _week1_before(calendar: pd.DataFrame) -> dt.date | None:
    """``_week1`` as it was: a filter of the whole calendar."""
    if calendar.empty or "date" not in calendar.columns:
        return None
    dated = calendar[calendar["date"].astype(str) != ""]
    if "moved_from" in dated.columns:
        unmoved = dated[dated["moved_from"].astype(str) == ""]
        dated = unmoved if len(unmoved) else dated
    if dated.empty:
        return None
    day = dt.date.fromisoformat(str(dated["date"].iloc[0]))
    return day - dt.timedelta(days=day.weekday(), weeks=int(dated["week"].iloc[0]) - 1)


def test_week1_as_before_with_undated_and_moved_rows_first() -> None:
    s = _plan().schedule
    assert s is not None and "moved_from" in s.columns
    n = len(s)
    kept = int(s.index[(s["moved_from"] == "") & (s.index > n // 2)][0])  # a row not moved
    others = s.index != kept
    moved = s.copy()
    moved.loc[others, "moved_from"] = "2026-12-01"  # all but one moved, their week
    moved.loc[others, "week"] = moved.loc[others, "week"] + 1  # the planned one
    every = moved.copy()
    every["moved_from"] = "2026-12-01"  # all moved: the first dated row
    blank = moved.copy()
    blank.loc[: kept - 2, "date"] = ""  # the first dated row moved, the next one not
    undated = s.copy()
    undated["date"] = ""
    cases = [s, s.drop(columns="moved_from"), s.iloc[:0], moved, every, blank, undated]
    for k, case in enumerate(cases):
        assert _week1(case) == _week1_before(case), k
        for block in (1, 7, 100):  # the rows are looked at a block at a time
            for was_moved in (False, True):
                assert (_first_row(case, moved=was_moved, block=block)
                        == _first_row(case, moved=was_moved)), (k, block)
    assert _week1(moved) != _week1(every)  # the moved rows' week is not week 1's
