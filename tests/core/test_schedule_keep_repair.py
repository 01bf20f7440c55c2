"""A day too long in a rebuild keeping the visit days: customers move before anyone leaves,
and a customer placed by hand is kept on its day, or moved, never dropped for smaller ones."""

from __future__ import annotations

import dataclasses

import numpy as np

from planner import model as m
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from tests.core.test_schedule_keep import _one_day


def test_a_kept_day_too_long_moves_a_customer_to_a_day_with_room_before_anyone_leaves() -> None:
    """Monday holds kept customers 0-2 and customer 3 moved there by hand (its 訪問曜日), one
    visit too many; Tuesday is empty. Before, a kept customer was left out."""
    cal = _one_day([100.0, 100.0, 100.0, 100.0], 330.0, n_days=2)
    cal.closed = {j: frozenset({1}) for j in range(4)}  # pinned on Monday
    cal.unpinned = {j: (frozenset(), None) for j in range(3)}  # kept: free without the pin
    cal.shop_closed = {3: frozenset()}  # set by hand, no closing day
    cal.importance = np.array([0, 1, 2, 3])
    cal.repair(full_reason="full")
    assert cal.removed_reason == {}
    assert 3 in cal.stops[(0, 0)]  # the manager's choice stands
    assert len(cal.stops[(0, 1)]) == 1 and cal.stops[(0, 1)][0] in {0, 1, 2}
    assert all(cal.length(k) <= 330.0 + 1e-6 for k in cal.stops)


def test_a_customer_set_by_hand_moves_to_another_day_rather_than_push_out_a_bigger_one() -> None:
    """The kept customers 0-2 (A accounts) are closed on Tuesday and cannot move; customer 3,
    a C account moved onto Monday by hand, goes to Tuesday instead of a kept A leaving."""
    cal = _one_day([100.0, 100.0, 100.0, 100.0], 330.0, n_days=2)
    cal.closed = {j: frozenset({1}) for j in range(4)}
    cal.unpinned = {j: (frozenset({1}), None) for j in range(3)}  # their own 定休日: Tuesday
    cal.shop_closed = {3: frozenset()}
    cal.importance = np.array([5, 6, 7, 1])
    cal.repair(full_reason="full")
    assert cal.removed_reason == {}
    assert cal.stops[(0, 1)] == [3] and cal.hand_moved == {3}
    # with no day to go to, the smallest account leaves: the hand-set C, not a kept A
    cal = _one_day([100.0, 100.0, 100.0, 100.0], 330.0, n_days=2)
    cal.closed = {j: frozenset({1}) for j in range(4)}
    cal.unpinned = {j: (frozenset({1}), None) for j in range(3)}
    cal.shop_closed = {3: frozenset({1})}  # closed on Tuesday too
    cal.importance = np.array([5, 6, 7, 1])
    cal.repair(full_reason="full")
    assert set(cal.removed_reason) == {3} and cal.hand_moved == set()


def test_a_kept_holiday_visit_never_pushes_out_a_bigger_account() -> None:
    """A kept C customer's visit of a holiday looks for room on Monday, which holds an A
    customer placed by hand: the A customer stays (before, it was taken out for it)."""
    from planner._schedule_keep_off import _evict_for

    cal = _one_day([200.0, 200.0], 330.0, n_days=2)
    cal.importance = np.array([9, 1])  # 0: A, set by hand; 1: C, kept
    cal._set_pattern(1, (1,), 0)
    assert _evict_for(cal, (0, 0), 1, kept={1}) is None
    assert cal.active[0] and 0 in cal.stops[(0, 0)]
    cal.importance = np.array([1, 9])  # a smaller account placed anew still gives way
    assert _evict_for(cal, (0, 0), 1, kept={1}) == [0]


def _weekly_plan(start: str | None) -> m.Plan:
    plan = synthetic_plan(85, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY], c[m.SERVICE_MINUTES] = 4.0, 20.0  # weekly, days nearly full
    c[m.CLOSED_DAYS], c[m.VISIT_DAYS], c[m.VISIT_TIME] = "", "", ""
    c[m.RANK] = "C"
    settings = dataclasses.replace(plan.settings, start_date=start or "",
                                   company_days_off=("2026-12-29/2027-01-03",) if start else ())
    return plan.replace(customers=c, settings=settings)


def _december_plan() -> tuple[m.Plan, str]:
    """A small plan dated from 2026-12-07 with the company off 12/29–1/3, days well filled,
    and a weekly A customer moved by hand from Friday onto Monday, which it makes too long;
    and that customer's id."""
    from planner.edits import MoveVisits, apply_edit

    plan = synthetic_plan(90, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4, 1, 1, 2, 1], dtype=float), len(c))
    c[m.SERVICE_MINUTES], c[m.RANK] = 20.0, "C"
    c[m.CLOSED_DAYS], c[m.VISIT_DAYS], c[m.VISIT_TIME] = "", "", ""
    off = ("2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03")
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07", skip_holidays=True,
                                   company_days_off=off)
    first = build_schedule(plan.replace(customers=c, settings=settings), route_seconds=0.01)
    assert first.unscheduled.empty
    s, c = first.schedule, first.customers.copy()
    weekly = set(c.loc[c[m.FREQUENCY] == 4, m.CUSTOMER_ID])
    cid = s[(s["week"] == 1) & (s["day"] == "fri") & s["customer_id"].isin(weekly)][
        "customer_id"].iloc[0]
    c.loc[c[m.CUSTOMER_ID] == cid, [m.RANK, m.SALES]] = ["A", 9e7]
    moved, _, _ = apply_edit(first.replace(customers=c), MoveVisits((cid,), (1, "fri"),
                                                                    (1, "mon")))
    mondays = moved.schedule[moved.schedule["day"] == "mon"]
    assert mondays["day_hours"].max() > 8  # the hand move made Mondays too long
    return moved, cid


def test_a_rebuild_keeping_days_keeps_a_weekly_a_customer_moved_by_hand_onto_a_full_day() -> None:
    """The tester's case, small: rebuilt keeping the days over the year-end days off, the
    weekly A customer moved by hand lost all its visits (a kept C customer's holiday visit
    took its place) and Monday's C customers were left out; now the Monday customers that
    do not fit move to days with room, and the report says so per rep."""
    from planner._schedule_keep_report import keep_report

    moved, cid = _december_plan()
    again = build_schedule(moved, keep_days=True, route_seconds=0.01)
    s = again.schedule
    mine = s[s["customer_id"] == cid]
    assert set(mine["day"]) == {"mon"} and len(mine) == 4  # every Monday, 12/28 included
    assert again.unscheduled.empty  # no one left out: there was room on other days
    assert s.groupby(["week", "day"])["day_hours"].max().max() <= 8 + 1e-6
    entry = again.meta["schedule_keep_report"]["T01"]
    assert entry["moved"] and entry["out"] == [] and cid not in entry["moved"]
    assert set(entry["moved"]) <= set(again.meta["schedule_changed_days"])  # told, marked
    set_language("en")
    lines = keep_report(again)
    rep = again.territories[0].rep or again.territories[0].name or "T01"
    assert lines[0] == "Keeping the visit days:"
    n = entry["visits"]
    assert lines[1] == f"  {rep}: {n} visit{'s' if n > 1 else ''} moved to " + (
        "other days with room." if n > 1 else "another day with room.")
    assert len(lines) == 2  # nobody left out: nothing more to say


def test_the_keep_report_says_per_rep_what_moved_and_who_was_left_out_and_why() -> None:
    from planner._schedule_keep_report import KEEP_REPORT_KEY, keep_report

    plan = synthetic_plan(6, territories=2, seed=1)
    ids = list(plan.customers[m.CUSTOMER_ID])
    names = dict(zip(ids, plan.customers[m.NAME], strict=True))
    record = {"T02": {"moved": [ids[0], ids[1]], "visits": 5, "hand": [[ids[0], "tue", "wed"]],
                      "out": [[ids[2], "The working days are full: the visits do not fit in "
                                       "8 hours a day."]]}}
    plan = plan.replace(meta={**plan.meta, KEEP_REPORT_KEY: record})
    rep = plan.territory("T02").rep or plan.territory("T02").name
    set_language("en")
    assert keep_report(plan) == [
        "Keeping the visit days:",
        f"  {rep}: 5 visits moved to other days with room. 1 customer left out.",
        f"    {ids[0]} {names[ids[0]]}: its day set by hand (Tue) has no room, so it is now "
        "visited on Wed.",
        f"    Left out ({ids[2]} {names[ids[2]]}): The working days are full: the visits do "
        "not fit in 8 hours a day.",
        "  Building the calendar without keeping the days may make room for them.",
    ]
    set_language("ja")
    try:
        ja = keep_report(plan)
        assert ja[1] == f"  {rep}: 5件の訪問を空きのある別の日に移しました。1件の顧客を外しました。"
        assert "火" in ja[2] and "水" in ja[2] and "days" not in " ".join(ja)
    finally:
        set_language("en")
    assert keep_report(plan.replace(meta={})) == []
