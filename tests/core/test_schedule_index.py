"""A calendar's rows by rep, grouped once per calendar (:mod:`planner.schedule_index`): the
very rows filtering the whole calendar by its text columns gives, for any rep and day, a new
calendar grouped anew, and customers found by code as an index of them all finds them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner.edits import MoveVisits, apply_edit
from planner.schedule import build_schedule
from planner.schedule_index import customer_positions, day_rows, territory_rows
from planner.stats import day_summary
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def built() -> m.Plan:
    """Three reps, dated (Golden Week's holidays inside), a day off of the first rep."""
    plan = synthetic_plan(60, territories=3, seed=11)
    settings = dataclasses.replace(plan.settings, start_date="2027-04-26")
    first = plan.territories[0].replace(days_off=("2027-04-28",))
    return build_schedule(plan.replace(settings=settings,
                                       territories=[first, *plan.territories[1:]]))


def _filtered(s: pd.DataFrame, tid: str, week: int | None = None, day: str | None = None):
    mask = s["territory"].astype(str) == tid
    if week is not None:
        mask &= (s["week"] == week) & (s["day"] == day)
    return s[mask]


def test_a_reps_rows_and_days_are_those_the_text_filter_gives(built):
    s = built.schedule
    for tid in [*built.territory_ids, "nobody"]:
        pd.testing.assert_frame_equal(territory_rows(s, tid), _filtered(s, tid))
        for week in range(1, int(s["week"].max()) + 1):
            for day in ("mon", "tue", "wed", "thu", "fri"):
                pd.testing.assert_frame_equal(day_rows(s, tid, week, day),
                                              _filtered(s, tid, week, day))


def test_a_new_calendar_is_grouped_anew(built):
    s = built.schedule
    tid = built.territory_ids[0]
    before = territory_rows(s, tid)
    rec = s[s["territory"] == tid].iloc[0]
    target = next(d for d in ("mon", "tue", "wed", "thu", "fri")
                  if d != rec.day and d != "wed")
    moved, _, _ = apply_edit(built, MoveVisits((str(rec.customer_id),),
                                               (int(rec.week), str(rec.day)),
                                               (int(rec.week), target)))
    after = territory_rows(moved.schedule, tid)
    pd.testing.assert_frame_equal(after, _filtered(moved.schedule, tid))
    assert not after.equals(before)
    # the day summary (the grid's figures) reads it the same way
    pd.testing.assert_frame_equal(
        day_summary(moved, territory_id=tid),
        day_summary(moved.replace(schedule=moved.schedule.copy()), territory_id=tid))
    # another calendar with a row more of that rep has it
    grown = pd.concat([s, s.iloc[:1].assign(territory=tid)], ignore_index=True)
    assert len(territory_rows(grown, tid)) == len(_filtered(grown, tid))


@pytest.mark.parametrize("few", [0, 1000])  # an index of them all, or looked for one by one
def test_customers_are_found_by_code_as_an_index_of_them_all_finds_them(built, monkeypatch,
                                                                          few):
    from planner import schedule_index

    monkeypatch.setattr(schedule_index, "_FEW", few)
    c = built.customers
    ids = np.array([*c[m.CUSTOMER_ID].iloc[[5, 0, 7]], "nobody"], dtype=object)
    want = pd.Index(c[m.CUSTOMER_ID].to_numpy(dtype=object)).get_indexer(ids)
    assert list(customer_positions(c, ids)) == list(want)
    assert list(customer_positions(c, ids))[-1] == -1
