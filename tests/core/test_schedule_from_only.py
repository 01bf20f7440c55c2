"""Rebuilding some reps mid-cycle builds those reps' calendars alone: the result is the one
building every rep and keeping the chosen ones' days gave (calendar, unscheduled list, meta,
notes, moves), without the work on the calendars it threw away."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner import schedule as sched
from planner._calendar_reps import PREVIOUS_KEY
from planner._schedule_from import check_partial, from_report, rebuild_from, splice
from planner._schedule_parallel import run_territories
from planner._schedule_rep_part import KEPT_BY_KEY
from planner._schedule_told import CHANGED_KEY
from planner.edits import UpdateTerritory, apply_edit
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

SICK = "2026-12-16"  # Wednesday of week 2
BUILD = dict(route_seconds=0.01, workers=1)


def _built(seed: int, scale: float) -> m.Plan:
    """Four reps, a dated 4-week calendar over the year's end: the company's days off on
    12/30–12/31 and the 1/1 holiday; T03's rep has a day off of its own."""
    plan = synthetic_plan(160, territories=4, seed=seed)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * scale
    c[m.FREQUENCY] = np.resize(np.array([4, 1, 2, 1, 8, 1], dtype=float), len(c))
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07",
                                   company_days_off=("2026-12-30", "2026-12-31"))
    plan = plan.replace(customers=c, settings=settings)
    plan = apply_edit(plan, UpdateTerritory.of("T03", days_off=("2026-12-22",)))[0]
    return build_schedule(plan, **BUILD)  # type: ignore[arg-type]


def _changed(plan: m.Plan, grown: Sequence[str] = ("T01", "T02", "T04")) -> m.Plan:
    """T01's rep off on 12/16; customers of T01, T02 and T04 seen more often now (a rebuild
    of every rep places T02's and T04's anew, one of T01 alone keeps theirs)."""
    plan = apply_edit(plan, UpdateTerritory.of("T01", days_off=(SICK,)))[0]
    c = plan.customers.copy()
    for tid in grown:
        rare = np.flatnonzero((c[m.TERRITORY] == tid).to_numpy() & (c[m.FREQUENCY] == 1).to_numpy())
        c.loc[c.index[rare[:3]], m.FREQUENCY] = 4.0
    return plan.replace(customers=c)


def _whole_then_take(plan: m.Plan, since: dt.date | None, only: Sequence[str]) -> m.Plan:
    """The way before: every rep's calendar built keeping the days, the chosen ones taken."""
    ids = check_partial(plan, since, only)
    return splice(plan, build_schedule(plan, keep_days=True, **BUILD),  # type: ignore[arg-type]
                  since=since, territories=ids)


def _kept(before: m.Plan, after: m.Plan, rebuilt: Sequence[str]) -> int:
    """The customers a rebuild of the territories ``rebuilt`` leaves on their days, counted
    on its result: those of the present calendar still in it, but those of the rebuilt reps
    told of a new day or week (``meta[CHANGED_KEY]``) and those of the reps left out seen
    more often now (told as well, though their calendar stays as it was)."""
    c = after.customers
    mine = set(c.loc[c[m.TERRITORY].isin(rebuilt), m.CUSTOMER_ID])
    told = {cid for cid, e in after.meta[CHANGED_KEY].items()
            if cid in mine and (e[:2] != e[2:4] or e[4] != e[5] or len(e) > 6)}
    grown = set(c.loc[before.customers[m.FREQUENCY].to_numpy() != c[m.FREQUENCY].to_numpy(),
                      m.CUSTOMER_ID]) - mine
    assert before.schedule is not None and after.schedule is not None
    present = set(before.schedule["customer_id"]) & set(after.schedule["customer_id"])
    return len(present - told - grown)


@pytest.fixture(scope="module", params=[(3, 0.6), (8, 2.2)], ids=["room", "full"])
def plans(request: pytest.FixtureRequest) -> tuple[m.Plan, m.Plan]:
    """The plan the calendar was built from, and the plan changed since."""
    seed, scale = request.param
    built = _built(seed, scale)
    return built, _changed(built)


@pytest.mark.parametrize(("since", "only"), [
    (dt.date(2026, 12, 16), ["T01"]),
    (dt.date(2026, 12, 16), ["T01", "T03"]),
    (None, ["T03"]),
], ids=["one-rep-from-date", "two-reps-from-date", "one-rep-whole-cycle"])
def test_building_the_chosen_reps_alone_gives_the_calendar_building_all_gave(
    plans: tuple[m.Plan, m.Plan], since: dt.date | None, only: list[str],
) -> None:
    built, plan = plans
    old = _whole_then_take(plan, since, only)
    new = rebuild_from(plan, since=since, only=only, **BUILD)  # type: ignore[arg-type]
    assert old.schedule is not None and new.schedule is not None
    pd.testing.assert_frame_equal(new.schedule, old.schedule)
    pd.testing.assert_frame_equal(new.unscheduled, old.unscheduled)
    pd.testing.assert_frame_equal(new.customers, old.customers)
    assert new.settings == old.settings
    assert new.territories == old.territories
    # every meta key but three reckoned from the resulting calendar (told apart below)
    apart = {"schedule_kept", KEPT_BY_KEY, PREVIOUS_KEY}
    assert {k: v for k, v in new.meta.items() if k not in apart} == {
        k: v for k, v in old.meta.items() if k not in apart}
    assert new.meta["schedule_note"] == old.meta["schedule_note"]
    for language in ("ja", None):
        set_language(language)
        try:
            assert from_report(new) == from_report(old)
        finally:
            set_language(None)
    # the count of customers kept on their days is the result's: the reps left out keep
    # theirs (building them anew moved some, and the count said so of a calendar dropped)
    assert new.meta["schedule_kept"] == _kept(built, new, only)
    assert old.meta["schedule_kept"] <= new.meta["schedule_kept"]
    # per rep: the rebuilt reps' as building every rep gave; the sum is the count
    mine, whole = new.meta[KEPT_BY_KEY], old.meta[KEPT_BY_KEY]
    assert {t: mine.get(t, 0) for t in only} == {t: whole.get(t, 0) for t in only}
    assert sum(mine.values()) == new.meta["schedule_kept"]
    # the reps the told customers knew: those of the rebuilt reps' customers told, as
    # before; no more a rep left out whose customers the calendar dropped had moved
    told = {str(e[4]) for cid, e in new.meta[CHANGED_KEY].items()
            if cid in set(plan.customers.loc[plan.customers[m.TERRITORY].isin(only),
                                             m.CUSTOMER_ID])}
    record = new.meta[PREVIOUS_KEY]
    assert told <= set(record)
    assert record == {t: v for t, v in old.meta[PREVIOUS_KEY].items() if t in record}


def test_a_rebuild_of_one_rep_builds_that_reps_calendar_alone(
    plans: tuple[m.Plan, m.Plan], monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = plans[1]
    built: list[str] = []

    def spy(jobs, **options):  # type: ignore[no-untyped-def]
        built.extend(str(j.options["territory"]) for j in jobs)
        return run_territories(jobs, **options)

    monkeypatch.setattr(sched, "run_territories", spy)
    rebuild_from(plan, since=dt.date(2026, 12, 16), only=["T01"], **BUILD)  # type: ignore[arg-type]
    assert built == ["T01"]
    built.clear()
    rebuild_from(plan, since=dt.date(2026, 12, 16), **BUILD)  # type: ignore[arg-type]
    assert built == ["T01", "T02", "T03", "T04"]


def test_the_count_of_customers_kept_is_the_resulting_calendars(
    plans: tuple[m.Plan, m.Plan],
) -> None:
    """Building every rep moved customers of the reps left out, and the count of customers
    on their days said they were placed anew, while their calendar stayed as it was."""
    built, plan = plans
    new = rebuild_from(plan, since=dt.date(2026, 12, 16), only=["T01"], **BUILD)  # type: ignore[arg-type]
    assert new.meta["schedule_kept"] == _kept(built, new, ["T01"])


def test_with_nothing_changed_for_the_reps_left_out_even_the_count_kept_is_the_same() -> None:
    plan = _changed(_built(8, 2.2), grown=("T01",))
    since = dt.date(2026, 12, 16)
    old = _whole_then_take(plan, since, ["T01"])
    new = rebuild_from(plan, since=since, only=["T01"], **BUILD)  # type: ignore[arg-type]
    pd.testing.assert_frame_equal(new.schedule, old.schedule)
    pd.testing.assert_frame_equal(new.unscheduled, old.unscheduled)
    assert new.meta == old.meta
