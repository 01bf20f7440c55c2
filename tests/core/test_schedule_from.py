"""Rebuilding mid-cycle after a rep's day off: the days already past and the other reps'
calendars stay cell for cell, and the day off's visits go to later days of the same rep."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner._schedule_dates import dates_as_days
from planner._schedule_from import (
    FROM_KEY,
    MOVES_KEY,
    _say_left_out,
    chosen_territories,
    from_report,
    rebuild_from,
)
from planner.edits import UpdateTerritory, apply_edit
from planner.errors import PlannerError
from planner.i18n import set_language, tr
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.unscheduled import LATER_NO_ROOM, LATER_NO_ROOM_SAME_DAY, Reason, code_of

SICK = "2026-12-16"  # Wednesday of week 2
TODAY = dt.date(2026, 12, 16)
CELLS = ["territory", "customer_id", "week", "day", "seq", "arrival", "departure", "date",
         "travel_km", "day_hours", "moved_from"]


def _cells(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    return sorted(map(tuple, frame[CELLS].astype(str).to_numpy().tolist()))


def _dated(n: int, *, scale: float, seed: int = 4) -> m.Plan:
    plan = synthetic_plan(n, territories=3, seed=seed)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * scale
    c[m.FREQUENCY] = np.resize(np.array([4, 1, 2, 1, 1], dtype=float), len(c))
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07")
    return build_schedule(plan.replace(customers=c, settings=settings), route_seconds=0.01,
                          workers=1)


def _sick(plan: m.Plan, territory: str = "T01", date: str = SICK) -> m.Plan:
    """The rep of ``territory`` off on ``date``, by the edit the window's calendar uses; and
    a T02 customer now seen weekly, which a rebuild of every rep would place anew."""
    days = tuple(sorted(set(plan.territory(territory).days_off) | {date}))
    plan = apply_edit(plan, UpdateTerritory.of(territory, days_off=days))[0]
    c = plan.customers.copy()
    other = np.flatnonzero((c[m.TERRITORY] == "T02").to_numpy() & (c[m.FREQUENCY] == 1).to_numpy())
    c.loc[c.index[other[:3]], m.FREQUENCY] = 4.0
    return plan.replace(customers=c)


@pytest.fixture(scope="module")
def light() -> tuple[m.Plan, m.Plan]:
    """A calendar with room on every day, and the same plan with T01's rep off on 12/16."""
    before = _dated(120, scale=0.6)
    return before, rebuild_from(_sick(before), since=TODAY, only=["T01"], route_seconds=0.01,
                                workers=1)


@pytest.fixture(scope="module")
def full() -> tuple[m.Plan, m.Plan]:
    """Days so full that the day off's visits fit no day of the rest of the cycle as they are."""
    before = _dated(180, scale=2.2, seed=7)
    assert len(before.unscheduled)  # full: customers left out
    return before, rebuild_from(_sick(before), since=TODAY, only=["T01"], route_seconds=0.01,
                                workers=1)


@pytest.mark.parametrize("case", ["light", "full"])
def test_the_days_before_today_stay_exactly_as_they_were(
    case: str, request: pytest.FixtureRequest,
) -> None:
    before, after = request.getfixturevalue(case)
    old, new = before.schedule, after.schedule
    assert _cells(old[old["date"] < SICK]) == _cells(new[new["date"] < SICK])


@pytest.mark.parametrize("case", ["light", "full"])
def test_only_the_rep_concerned_changes(case: str, request: pytest.FixtureRequest) -> None:
    before, after = request.getfixturevalue(case)
    old, new = before.schedule, after.schedule
    assert _cells(old[old["territory"] != "T01"]) == _cells(new[new["territory"] != "T01"])
    others = before.unscheduled[before.unscheduled["territory"] != "T01"]
    assert sorted(others["customer_id"]) == sorted(
        after.unscheduled.loc[after.unscheduled["territory"] != "T01", "customer_id"])


def test_the_day_off_visits_go_to_later_days_of_its_week_when_they_have_room(
    light: tuple[m.Plan, m.Plan],
) -> None:
    before, after = light
    old, new = before.schedule, after.schedule
    sick = old[(old["territory"] == "T01") & (old["date"] == SICK)]
    assert len(sick) and not (new[(new["territory"] == "T01")]["date"] == SICK).any()
    moves = {(r[0], r[2]): r[3] for r in after.meta[MOVES_KEY]}
    for cid in sick["customer_id"]:
        to = moves[(cid, SICK)]
        assert "2026-12-17" <= to <= "2026-12-18"  # later, in the same week
        placed = new[(new["customer_id"] == cid) & (new["date"] == to)]
        assert len(placed) == 1 and placed["territory"].iat[0] == "T01"
    assert set(sick["customer_id"]) <= set(new["customer_id"])
    assert not set(sick["customer_id"]) & set(after.unscheduled["customer_id"])
    limit = after.settings.day_hours
    assert new.loc[new["territory"] == "T01", "day_hours"].max() <= limit + 1e-6


def test_a_visit_on_a_full_week_goes_later_or_is_listed_never_on_a_past_day(
    full: tuple[m.Plan, m.Plan],
) -> None:
    before, after = full
    old, new = before.schedule, after.schedule
    sick = old[(old["territory"] == "T01") & (old["date"] == SICK)]
    assert len(sick)
    moves = {(r[0], r[2]): r[3] for r in after.meta[MOVES_KEY]}
    skipped = {(str(r[0]), str(r[2])) for r in after.meta["schedule_skipped"]}
    unscheduled = set(after.unscheduled["customer_id"])
    for cid in sick["customer_id"]:
        to = moves[(cid, SICK)]
        if to:
            assert to > SICK
        else:  # left out: the output says why (a skipped visit, or the customer unscheduled)
            assert (cid, SICK) in skipped or cid in unscheduled
        # a customer whose only visit it was is seen later in the cycle when any day can hold
        # it: nobody seen before 12/16 is counted twice, nobody had a visit moved to the past
        mine = new[new["customer_id"] == cid]
        assert not ((mine["date"] < SICK) & ~mine["date"].isin(
            old.loc[old["customer_id"] == cid, "date"])).any()
    assert new.loc[new["territory"] == "T01", "day_hours"].max() <= after.settings.day_hours + 1e-6


def test_a_customer_whose_only_visit_the_day_off_took_is_not_left_out_while_another_gives_way(
    full: tuple[m.Plan, m.Plan],
) -> None:
    before, after = full
    old, new = before.schedule, after.schedule
    sick = old[(old["territory"] == "T01") & (old["date"] == SICK)]
    only = [cid for cid in sick["customer_id"] if (old["customer_id"] == cid).sum() == 1]
    assert only
    assert set(only) <= set(new["customer_id"])  # a weekly customer gave one visit
    gave = [g for g in after.meta["schedule_gave_way"] if g[3] in only]
    for giver, _tid, date, _cid in gave:
        assert date > SICK and (new["customer_id"] == giver).sum() >= 2


def test_reps_are_named_as_the_manager_writes_them() -> None:
    plan = synthetic_plan(20, territories=3, seed=1)
    reps = [dataclasses.replace(t, rep=r) for t, r in
            zip(plan.territories, ["鈴木 一郎", "鈴木 花子", "田中 健太"], strict=True)]
    plan = plan.replace(territories=tuple(reps))
    assert chosen_territories(plan, ["田中"]) == ("T03",)
    assert chosen_territories(plan, ["鈴木一郎", "T03"]) == ("T01", "T03")
    assert chosen_territories(plan, [plan.territories[1].name]) == ("T02",)
    with pytest.raises(PlannerError, match="鈴木"):
        chosen_territories(plan, ["鈴木"])  # two reps called 鈴木: which one?
    with pytest.raises(PlannerError):
        chosen_territories(plan, ["佐藤"])


def test_keeping_the_past_needs_a_dated_calendar(light: tuple[m.Plan, m.Plan]) -> None:
    before, _after = light
    undated = before.replace(settings=dataclasses.replace(before.settings, start_date=""))
    with pytest.raises(PlannerError, match="date"):
        rebuild_from(undated, since=TODAY, route_seconds=0.01, workers=1)
    with pytest.raises(PlannerError, match="calendar"):
        rebuild_from(before.replace(schedule=None), only=["T01"], route_seconds=0.01, workers=1)


def test_each_option_alone(light: tuple[m.Plan, m.Plan]) -> None:
    """``--from`` alone keeps every rep's past and rebuilds every rep from that day; ``--only``
    alone rebuilds the whole of that rep's calendar and keeps every other rep's."""
    before, _after = light
    sick = _sick(before)
    old = before.schedule
    past = rebuild_from(sick, since=TODAY, route_seconds=0.01, workers=1)
    assert _cells(old[old["date"] < SICK]) == _cells(past.schedule[past.schedule["date"] < SICK])
    assert not ((past.schedule["territory"] == "T01") & (past.schedule["date"] == SICK)).any()
    one = rebuild_from(sick, only=["T01"], route_seconds=0.01, workers=1)
    new = one.schedule
    assert _cells(old[old["territory"] != "T01"]) == _cells(new[new["territory"] != "T01"])
    assert not ((new["territory"] == "T01") & (new["date"] == SICK)).any()


def test_a_visit_left_out_from_the_first_day_rebuilt_names_that_day_once(
    full: tuple[m.Plan, m.Plan],
) -> None:
    """「12/16(水): 12/16(水) からカレンダーの最終日までに、12/16(水) の訪問を…」 said the day three
    times: the reason, and the output's line, name it once."""
    _before, after = full
    assert any(r[2] == SICK and not r[3] for r in after.meta[MOVES_KEY])
    reasons = [str(r[3]) for r in after.meta["schedule_skipped"] if str(r[2]) == SICK]
    reasons += [str(r) for r in after.unscheduled["reason"] if SICK in str(r)]
    assert reasons
    for reason in reasons:
        assert reason.count(SICK) == 1, reason
    seen = str(after.schedule["customer_id"].iat[0])  # a visit that found no later day
    told = _say_left_out(after, [(seen, SICK)], [], SICK).meta["schedule_skipped"][-1]
    assert told[:3] == [seen, after.schedule["territory"].iat[0], SICK]
    assert str(told[3]).count(SICK) == 1, told[3]
    assert code_of(told[3]) == Reason.CLOSED_DAY
    day = dates_as_days(SICK)
    lines = [line for line in from_report(after) if day in line]
    assert lines
    for line in lines:
        assert line.count(day) == 1, line


@pytest.mark.parametrize("language", ["en", "ja"])
def test_older_plans_read_the_code_of_the_reason_said_with_two_dates(language: str) -> None:
    set_language(language)
    try:
        old = tr(LATER_NO_ROOM, date="2026-12-14", origin="2026-12-16")
        new = tr(LATER_NO_ROOM_SAME_DAY, origin="2026-12-16")
    finally:
        set_language(None)
    assert code_of(old) == code_of(new) == Reason.CLOSED_DAY
    assert new.count("2026-12-16") == 1


def test_a_visit_moved_twice_names_the_day_it_was_planned_on_last() -> None:
    """A visit the company's day off moved (12/16 → another day of its week), then the rep
    off on that day: the route sheet says it comes from that day, the one the customer was
    told, not from 12/16."""
    plan = _dated(120, scale=0.6)
    settings = dataclasses.replace(plan.settings, company_days_off=(SICK,))
    before = build_schedule(plan.replace(settings=settings), route_seconds=0.01, workers=1)
    old = before.schedule
    shifted = old[(old["territory"] == "T01") & (old["moved_from"].astype(str) == SICK)]
    assert len(shifted)
    day = str(shifted["date"].iat[0])
    after = rebuild_from(_sick(before, date=day), since=dt.date.fromisoformat(day),
                         only=["T01"], route_seconds=0.01, workers=1)
    new = after.schedule
    moved = [r for r in after.meta[MOVES_KEY] if r[2] == day and r[3]]
    assert {r[0] for r in moved} & set(shifted.loc[shifted["date"] == day, "customer_id"])
    for cid, _tid, was, now in moved:
        row = new[(new["customer_id"] == cid) & (new["date"] == now)]
        assert list(row["moved_from"]) == [was]


def test_the_report_gives_the_reasons_in_the_language_it_is_read_in(
    full: tuple[m.Plan, m.Plan],
) -> None:
    """A calendar rebuilt in English, then read in Japanese: the lines of the visits that
    found no day say why in Japanese."""
    _before, after = full
    set_language("en")
    try:
        english = tr("The visit of {date} gave way to the only visit of {customer} this cycle.",
                     date="x", customer="y")
        assert any(english.split("x")[0] in str(r[3]) for r in after.meta["schedule_skipped"])
        set_language("ja")
        lines = from_report(after)
    finally:
        set_language(None)
    told = [x for x in lines if x.startswith("  ") and "→" not in x]  # those left out
    assert told
    assert not any("The visit" in x or "No day" in x for x in told), told


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_visit_moved_off_a_holiday_and_left_out_now_says_why(language: str) -> None:
    """A biweekly customer's 12/29 visit (the company's day off) had gone to 12/25; rebuilt,
    12/29 finds no room: its line said 「12/25(金)」 and nothing more, the reason being kept
    under 12/29. A monthly customer moved off 12/31 to 12/17, the rep now off on 12/17: its
    line said 「12/17(木): 12/31(木) の訪問は会社の休日に当たり…」, never that 12/17 is the
    rep's day off."""
    from planner._schedule_from import FROM_KEY, SKIPPED_KEY
    from planner.unscheduled import unscheduled_frame

    set_language(language)
    try:
        plan = synthetic_plan(10, territories=1, seed=1)
        first, second = (str(x) for x in plan.customers[m.CUSTOMER_ID].iloc[:2])
        plan = apply_edit(plan, UpdateTerritory.of("T01", days_off=("2026-12-17",)))[0]
        holiday = tr("The visit of {date} falls on {what}, and no day of that week or the weeks "
                     "beside it has room for it.", date="2026-12-29", what=tr("a company holiday"))
        far = tr("The visit of {date} falls on {what}, and no day up to {weeks} weeks before or "
                 "after it has room for it.", date="2026-12-31", what=tr("a company holiday"),
                 weeks=3)
        plan = plan.replace(
            unscheduled=unscheduled_frame([(second, "T01", far, "closed_day")]),
            meta={**plan.meta, FROM_KEY: {"territories": ["T01"], "since": ""},
                  MOVES_KEY: [[first, "T01", "2026-12-25", ""],
                              [second, "T01", "2026-12-17", ""]],
                  SKIPPED_KEY: [[first, "T01", "2026-12-29", holiday]]})
        lines = [line.split("  ", 2)[-1] for line in from_report(plan) if line.startswith("  ")]
        day_off = tr("{date} (the rep's day off)", date=dates_as_days("2026-12-17"))
        off_words = "担当者の休み" if language == "ja" else "the rep's day off"
        wanted = [f"{dates_as_days('2026-12-25')}: {dates_as_days(holiday)}",
                  f"{day_off}: {dates_as_days(far)}"]
    finally:
        set_language(None)
    assert lines == wanted
    assert off_words in lines[1]


def test_a_whole_build_after_a_partial_one_reports_no_partial_rebuild(
        light: tuple[m.Plan, m.Plan]) -> None:
    """The record of the last partial rebuild (its reps, its visits moved) stayed in the
    plan through a later build of every rep, whose report then said 「T01 のカレンダーを作り
    直しました。ほかの担当者のカレンダーはそのままです」 and listed the earlier moves."""
    _before, after = light
    assert after.meta.get(FROM_KEY) and from_report(after)
    whole = build_schedule(after, route_seconds=0.01, workers=1)
    assert FROM_KEY not in whole.meta and MOVES_KEY not in whole.meta
    assert from_report(whole) == []
    kept = build_schedule(after, keep_days=True, route_seconds=0.01, workers=1)
    assert from_report(kept) == []
    # a partial rebuild after it records its own again
    again = rebuild_from(whole, only=["T02"], route_seconds=0.01, workers=1)
    assert again.meta[FROM_KEY]["territories"] == ["T02"]
