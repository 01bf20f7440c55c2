"""The calendar put together after a hand edit (:func:`planner._calendar_reroute.assemble`):
the untouched rows kept as slices and the routed days put in once must give the very calendar
of concatenating, dating and sorting it all again (``assemble_by_sorting``), holidays, a rep's
day off and the company's days off included; and :func:`add_dates` dates each row as the
row-by-row look-up did."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from planner import _calendar_reroute as cr
from planner import model as m
from planner._schedule_dates import add_dates, first_monday, holiday_name
from planner.edits import MoveVisits, apply_edit
from planner.errors import PlannerError
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def built() -> m.Plan:
    """60 customers, two reps, weekly to every 4 weeks; dates from 2027-04-05 (Showa Day 4/29
    and Golden Week inside), a day off of the first rep, two company days off."""
    plan = synthetic_plan(60, territories=2, seed=7)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4.0, 2.0, 1.0, 8.0]), len(c))
    c[m.SERVICE_MINUTES] = 20.0
    settings = dataclasses.replace(plan.settings, start_date="2027-04-05",
                                   company_days_off=("2027-04-16", "2027-04-20"))
    first = plan.territories[0].replace(days_off=("2027-04-13",))
    plan = plan.replace(customers=c, settings=settings,
                        territories=[first, *plan.territories[1:]])
    return build_schedule(plan)


def _reference_dates(schedule: pd.DataFrame, settings: m.Settings) -> tuple[list, list]:
    """Each row's date and holiday as add_dates found them before, one row at a time."""
    monday = first_monday(settings)
    assert monday is not None
    dates = [monday + dt.timedelta(weeks=int(w) - 1, days=m.WEEKDAYS.index(d))
             for w, d in zip(schedule["week"], schedule["day"], strict=True)]
    return [d.isoformat() for d in dates], [holiday_name(d) for d in dates]


def _touched(plan: m.Plan, slots: list[tuple[str, int, str]], to: tuple[int, str]):
    """The rows kept and the days "routed": each slot's stops in reverse order, numbered
    again, the last slot's moved to ``to`` (another date, maybe a holiday)."""
    s = plan.schedule
    assert s is not None
    find = cr._slot_finder(s)
    keep = np.ones(len(s), dtype=bool)
    days = []
    for i, slot in enumerate(slots):
        here = find(*slot)
        keep &= ~here
        day = s.loc[here].iloc[::-1].copy()
        day["seq"] = np.arange(1, len(day) + 1)
        if i == len(slots) - 1:
            day["week"], day["day"] = to
        days.append(day)
    return keep, days


def _some_slots(plan: m.Plan) -> list[tuple[str, int, str]]:
    s = plan.schedule
    assert s is not None
    sizes = s.groupby(["territory", "week", "day"]).size()
    return [(str(t), int(w), str(d)) for t, w, d in sizes.index[[0, 3, len(sizes) - 1]]]


def test_the_calendar_put_together_once_is_the_one_sorted_again(built):
    slots = _some_slots(built)
    keep, days = _touched(built, slots, (4, "thu"))  # onto Showa Day
    fast = cr.assemble(built, built.schedule, keep, days)
    pd.testing.assert_frame_equal(fast, cr.assemble_by_sorting(built, built.schedule, keep, days))
    assert (fast["holiday"] != "").any()
    assert list(fast.index) == list(range(len(fast)))


@pytest.mark.parametrize("pieces", [0, 10_000])  # taken row by row, or as many slices
def test_an_unsorted_calendar_is_put_together_as_sorting_it(built, monkeypatch, pieces):
    monkeypatch.setattr(cr, "_MAX_PIECES", pieces)
    s = built.schedule.sample(frac=1.0, random_state=3).reset_index(drop=True)
    shuffled = built.replace(schedule=s)
    keep, days = _touched(shuffled, _some_slots(shuffled), (2, "tue"))
    pd.testing.assert_frame_equal(cr.assemble(shuffled, s, keep, days),
                                  cr.assemble_by_sorting(shuffled, s, keep, days))


def test_add_dates_dates_every_row_as_one_at_a_time(built):
    s = built.schedule.copy()
    s["date"], s["holiday"] = "", ""
    s.loc[s.index[:5], "week"], s.loc[s.index[:5], "day"] = 4, "thu"  # Showa Day, 4/29
    add_dates(s, built.settings)
    dates, holidays = _reference_dates(s, built.settings)
    assert list(s["date"]) == dates
    assert list(s["holiday"]) == holidays
    assert holidays[0] == holiday_name(dt.date(2027, 4, 29)) != ""


def _deterministic(monkeypatch):
    """Days ordered as they stand (no time-limited search: the same on any machine)."""
    monkeypatch.setattr(cr, "order_day", lambda minutes, *a, **k: list(range(len(minutes))))


def _moves(plan: m.Plan):
    s = plan.schedule
    assert s is not None
    for rec in s.itertuples(index=False):
        for day in ("mon", "tue", "wed", "thu", "fri"):
            if day != rec.day:
                yield MoveVisits((str(rec.customer_id),), (int(rec.week), str(rec.day)),
                                 (int(rec.week), day))


def test_moves_and_their_undo_are_those_of_the_calendar_sorted_again(built, monkeypatch):
    _deterministic(monkeypatch)
    done = 0
    for edit in _moves(built):
        try:
            monkeypatch.setattr(cr, "assemble", cr.assemble_by_sorting)
            want, _, _ = apply_edit(built, edit)
        except PlannerError:
            continue
        monkeypatch.undo()
        _deterministic(monkeypatch)
        got, inverse, _ = apply_edit(built, edit)
        pd.testing.assert_frame_equal(got.schedule, want.schedule)
        assert got.meta == want.meta
        back, redo, _ = apply_edit(got, inverse)
        pd.testing.assert_frame_equal(back.schedule, built.schedule)
        assert back.meta == built.meta
        again, _, _ = apply_edit(back, redo)
        pd.testing.assert_frame_equal(again.schedule, got.schedule)
        done += 1
        if done == 12:
            break
    assert done == 12
