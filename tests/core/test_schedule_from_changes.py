"""Which reps a mid-cycle rebuild concerns, and what it refuses: a rep's working time or
customers changed since the build (not only a day off), plan-wide days with ``--from``, and
the visits no later day has room for told to wait for the next cycle."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from planner import model as m
from planner._schedule_from import MOVES_KEY, rebuild_from, reps_to_rebuild
from planner.edits import UpdateTerritory, apply_edit
from planner.errors import PlannerError
from planner.export.excel_customers import _problems
from planner.i18n import set_language, tr
from planner.unscheduled import LATER_NO_ROOM_SAME_DAY
from tests.core.test_schedule_from import _dated

CUT = "2026-12-16"
KEY = ["territory", "customer_id", "week", "day", "seq", "arrival", "departure", "date"]


def _rows(frame: pd.DataFrame) -> list[tuple[object, ...]]:
    return sorted(map(tuple, frame[KEY].astype(str).to_numpy().tolist()))


@pytest.fixture(scope="module")
def built() -> m.Plan:
    return _dated(90, scale=0.6)


def _edit(plan: m.Plan, tid: str, **changes: object) -> m.Plan:
    return apply_edit(plan, UpdateTerritory.of(tid, **changes))[0]


@pytest.mark.parametrize("changes", [
    {"working_days": ("mon", "tue", "wed", "thu")},
    {"day_hours": 6.0},
    {"capacity_hours": 24.0},  # a part-timer now: 24 h over five days
    {"day_start": "10:00"},
    {"home_lat": 35.70, "home_lon": 139.70},
    {"days_off": (CUT,)},
])
def test_a_rep_whose_working_time_changed_is_the_one_concerned(
    built: m.Plan, changes: dict[str, object],
) -> None:
    assert reps_to_rebuild(built) == ()
    assert reps_to_rebuild(_edit(built, "T02", **changes)) == ("T02",)


def test_a_day_off_outside_the_calendar_concerns_nobody(built: m.Plan) -> None:
    assert reps_to_rebuild(_edit(built, "T02", days_off=("2027-06-01",))) == ()


def test_a_rep_left_out_of_a_rebuild_stays_concerned(built: m.Plan) -> None:
    changed = _edit(_edit(built, "T01", day_hours=6.0), "T03", working_days=("mon", "wed"))
    assert reps_to_rebuild(changed) == ("T01", "T03")
    after = rebuild_from(changed, only=["T01"], route_seconds=0.01, workers=1)
    assert reps_to_rebuild(after) == ("T03",)


def test_customers_moved_between_two_reps_concern_both_and_one_alone_is_refused(
    built: m.Plan,
) -> None:
    c = built.customers.copy()
    moved = c.index[(c[m.TERRITORY] == "T01").to_numpy()][:2]
    c.loc[moved, m.TERRITORY] = "T02"
    plan = built.replace(customers=c)
    assert reps_to_rebuild(plan) == ("T01", "T02")
    with pytest.raises(PlannerError, match="moved between"):
        rebuild_from(plan, only=["T01"], route_seconds=0.01, workers=1)
    both = rebuild_from(plan, only=["T01", "T02"], route_seconds=0.01, workers=1).schedule
    ids = set(c.loc[moved, m.CUSTOMER_ID])
    assert set(both.loc[both["customer_id"].isin(ids), "territory"]) == {"T02"}


def test_from_a_date_with_fewer_working_days_keeps_the_past_and_follows_them_after(
    built: m.Plan,
) -> None:
    old = built.schedule
    after = rebuild_from(built, since=dt.date.fromisoformat(CUT), days=("mon", "tue", "wed", "thu"),
                         route_seconds=0.01, workers=1)
    new = after.schedule
    assert _rows(old[old["date"] < CUT]) == _rows(new[new["date"] < CUT])
    assert (old["day"] == "fri").any()
    assert not ((new["date"] >= CUT) & (new["day"] == "fri")).any()
    # every Friday visit from 12/16 on went to another day, or is listed with why
    fridays = old[(old["date"] >= CUT) & (old["day"] == "fri")]
    moves = {(r[0], r[2]): r[3] for r in after.meta[MOVES_KEY]}
    for cid, date in zip(fridays["customer_id"], fridays["date"], strict=True):
        assert (cid, date) in moves
    assert after.settings.working_days == ("mon", "tue", "wed", "thu")


def test_new_days_for_every_rep_with_one_rep_only_is_refused(built: m.Plan) -> None:
    with pytest.raises(PlannerError, match="every rep"):
        rebuild_from(built, only=["T01"], days=("mon", "tue", "wed", "thu"), route_seconds=0.01,
                     workers=1)
    with pytest.raises(PlannerError, match="every rep"):
        rebuild_from(built, only=["T01"], day_hours=6.0, route_seconds=0.01, workers=1)
    # the reps with days of their own keep them: only they left out, nothing is refused
    own = built.replace(territories=tuple(
        t if t.id == "T01" else t.replace(working_days=("mon", "tue", "wed", "thu", "fri"))
        for t in built.territories))
    rebuild_from(own, only=["T01"], days=("mon", "tue", "wed", "thu"), route_seconds=0.01,
                 workers=1)


def test_a_visit_no_later_day_has_room_for_says_the_next_cycle_in_the_customer_sheet() -> None:
    """A day-off visit the build could not fit in its week, and no later day could take
    either: its reason (Customer list, workbook's problems column) says to see the customer
    in the next cycle, not only that its week was full."""
    before = _dated(180, scale=2.2, seed=7)
    sick = _edit(before, "T01", days_off=(CUT,))
    after = rebuild_from(sick, since=dt.date.fromisoformat(CUT), only=["T01"],
                         route_seconds=0.01, workers=1)
    gave = {str(g[0]) for g in after.meta["schedule_gave_way"]}
    out = [r for r in after.meta[MOVES_KEY] if not r[3] and r[0] not in gave]
    assert out
    set_language("ja")
    try:
        said = tr(LATER_NO_ROOM_SAME_DAY, origin=CUT).split("。")[-2]
        problems = dict(zip(after.customers[m.CUSTOMER_ID], _problems(after), strict=True))
    finally:
        set_language(None)
    assert said == "次のサイクルの最初の週に訪問してください"
    for cid, _tid, _was, _now in out:
        assert said in str(problems[cid]), problems[cid]
