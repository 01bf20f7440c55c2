"""Rolling a dated calendar on to the next period keeping the visit days: the customers the
last period did not visit (no room, or the year-end closure took their only visit) come
first, so that nobody goes two months without a visit while others could give way."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np

from planner import model as m
from planner._schedule_off import CLOSED_OUT_KEY
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

CLOSURE = tuple((dt.date(2026, 12, 29) + dt.timedelta(days=k)).isoformat() for k in range(6))


def _monthly_plan(n: int, **settings: object) -> m.Plan:
    """``n`` monthly C customers of one rep, 3 hours a visit: two visits fill a day, so the
    four weeks cannot hold them all. December from 12/7."""
    plan = synthetic_plan(n, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.RANK], c[m.FREQUENCY], c[m.SERVICE_MINUTES] = "C", 1.0, 180.0
    c[m.SALES] = np.arange(n, dtype=float) * 1000 + 100_000
    for col in (m.CLOSED_DAYS, m.VISIT_DAYS, m.VISIT_WEEK, m.VISIT_TIME):
        c[col] = ""
    s = dataclasses.replace(plan.settings, start_date="2026-12-07", day_hours=8.0, **settings)
    return plan.replace(customers=c, settings=s)


def _next_month(december: m.Plan) -> m.Plan:
    """``schedule --keep-days --start 2027-01-04``."""
    rolled = december.replace(settings=dataclasses.replace(
        december.settings, start_date="2027-01-04"))
    return build_schedule(rolled, route_seconds=0.01, keep_days=True)


def test_customers_left_out_last_period_are_placed_first_in_the_next() -> None:
    """The tester's C000600: left out in December for lack of room, and again in January
    (it gave way to everyone kept). Now it comes first: customers December visited give
    way, and the office is told both."""
    december = build_schedule(_monthly_plan(36, skip_holidays=False), route_seconds=0.01)
    out_december = set(december.unscheduled["customer_id"])
    assert len(out_december) >= 3  # the days are full
    january = _next_month(december)
    out_january = set(january.unscheduled["customer_id"])
    assert not out_december & out_january  # nobody two months running
    assert len(out_january) <= len(out_december)  # one in for one out, no more
    told = january.meta["schedule_changed_days"]
    for cid in out_december:  # placed now: told their day
        assert told[cid][0] == "" and told[cid][2] != ""
    for cid in out_january:  # visited in December, no visit now
        assert told[cid][0] != "" and told[cid][2] == ""
    # everyone else keeps the day December gave it
    assert set(told) == out_december | out_january


def test_customers_the_closure_left_without_a_visit_are_not_dropped_again() -> None:
    """The tester's 27 monthly customers whose only December visit fell on 12/29–12/31: kept
    on their day in January, they gave way to the kept customers' moves off 1/11 (成人の日)
    and to full days, and went two months without a visit. Now they keep their January
    visit; a customer December visited gives way instead."""
    december = build_schedule(_monthly_plan(30, company_days_off=CLOSURE), route_seconds=0.01)
    closed_out = {str(row[0]) for row in december.meta[CLOSED_OUT_KEY]}
    assert len(closed_out) >= 3
    january = _next_month(december)
    visited = set(january.schedule["customer_id"])
    assert closed_out <= visited
    assert not set(december.unscheduled["customer_id"]) & set(january.unscheduled["customer_id"])
    told = january.meta["schedule_changed_days"]
    assert not closed_out & set(told)  # back on the day they had: nothing to tell


def test_a_rebuild_within_the_same_period_still_leaves_them_out() -> None:
    """Rebuilding December again with nothing changed gives the same calendar: the
    customers it left out stay left out (they come first only in the next period)."""
    december = build_schedule(_monthly_plan(36, skip_holidays=False), route_seconds=0.01)
    again = build_schedule(december, route_seconds=0.01, keep_days=True)
    assert set(again.unscheduled["customer_id"]) == set(december.unscheduled["customer_id"])
    assert again.meta["schedule_changed_days"] == {}


def test_a_weekly_customer_making_room_is_not_moved_onto_a_holiday_week_day() -> None:
    """The tester's C000078 (weekly A, Thursdays) was moved to Mondays to make room, and lost
    its visit of 1/11 (成人の日). A kept customer moved to make room goes to a day with no
    closed day among its visits, or stays."""
    from planner._schedule_days import TerritoryDays
    from planner._schedule_zones import Pattern

    # two weeks of two days (Mon, Thu); customer 0 weekly on Thu, kept; Monday of week 2 a
    # holiday; customer 1 (monthly, placed anew) needs Thursday of week 1
    pts = np.array([[0.0, 0.0], [0.01, 0.0], [0.02, 0.0]])
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1))
    cal = TerritoryDays(
        minutes=minutes, service=np.array([60.0, 60.0]),
        patterns=[Pattern(1, 1, False), Pattern(2, 1, False)],
        day_sets=[(1,), (1,)], offsets=[0, 0], horizon=2, n_days=2, limit_minutes=100.0,
        route_seconds=0.01, active=np.ones(2, dtype=bool), weekday_no=[0, 3],
        closed={0: frozenset({0}), 1: frozenset({0})}, weeks={1: 0},
    )
    cal.route_all()
    cal.remove(1, "full")
    cal.unpinned = {0: (frozenset(), None)}
    cal.avoid = frozenset({(1, 0)})
    cal.reinsert(release=True)
    assert cal.day_sets[0] == (1,)  # still on Thursdays, its visit of week 2 kept
    assert set(cal.removed_reason) == {1}


def test_a_customer_without_a_visit_two_periods_running_is_on_the_changes_sheet(
    tmp_path,
) -> None:
    """The tester's third point: customers left out again were on no list for the office.
    One the new period cannot fit either is told: no visit last time, none this time."""
    from openpyxl import load_workbook

    from planner._schedule_roll import not_visited_again
    from planner._schedule_told import CHANGED_KEY
    from planner.export.excel import export_workbook
    from planner.i18n import set_language, tr

    set_language("en")
    plan = build_schedule(_monthly_plan(36, skip_holidays=False), route_seconds=0.01)
    c = plan.customers
    ids = c[m.CUSTOMER_ID].astype(str).to_numpy()
    out = {k for k, cid in enumerate(ids) if cid in set(plan.unscheduled["customer_id"])}
    told = not_visited_again(out | {0}, ids, c[m.TERRITORY].astype(str).to_numpy(),
                             plan.schedule)
    visited = set(plan.schedule["customer_id"])
    assert {ids[k] for k in out} <= set(told)  # not visited now either
    assert (ids[0] in told) == (ids[0] not in visited)  # a customer visited now is not
    cid = sorted(told)[0]
    assert told[cid] == ["", 0, "", 0, "T01", "T01"]
    ws = load_workbook(export_workbook(plan.replace(meta={**plan.meta, CHANGED_KEY: told}),
                                       tmp_path / "c.xlsx"))[tr("Changes to announce")]
    [row] = [r for r in ws.iter_rows(values_only=True) if r and r[0] == cid]
    assert tr("No visit in the previous calendar") in row
    assert tr("No visits in this calendar either") in row


def _hours_beyond_reach(plan: m.Plan, rows: list[int]) -> m.Plan:
    """``plan`` with the customers of ``rows`` given visiting hours no day can meet (half an
    hour, for a 3-hour visit)."""
    c = plan.customers.copy()
    for k in rows:
        c.loc[k, m.VISIT_TIME] = "9:00-9:30"
    return plan.replace(customers=c)


def _changes_rows(plan: m.Plan, tmp_path) -> dict[str, tuple[object, ...]]:
    """The exported workbook's changes to announce: customer id → row, and the note."""
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook
    from planner.i18n import tr

    ws = load_workbook(export_workbook(plan, tmp_path / "c.xlsx"))[tr("Changes to announce")]
    rows = list(ws.iter_rows(values_only=True))
    return {"note": rows[1], **{str(r[0]): r for r in rows[3:] if r and r[0]}}


def test_the_next_period_tells_a_customer_its_own_data_keeps_out_what_to_fix(
    tmp_path, english,
) -> None:
    """The tester's customer whose visiting hours no working day can meet was listed every
    period as 今回のカレンダーでも訪問なし, as if room were the problem. Its row now says why
    and what to change; the customers left out for want of room keep their words."""
    from planner.i18n import tr

    december = build_schedule(_hours_beyond_reach(
        _monthly_plan(36, skip_holidays=False), [5]), route_seconds=0.01)
    cid = str(december.customers[m.CUSTOMER_ID].iat[5])
    codes = dict(zip(december.unscheduled["customer_id"], december.unscheduled["reason_code"],
                     strict=True))
    assert codes[cid] == "visit_hours" and "no_room" in codes.values()
    january = _next_month(december)
    assert cid in set(january.unscheduled["customer_id"])  # nothing changed for it
    rows = _changes_rows(january, tmp_path)
    reason = january.unscheduled.set_index("customer_id").at[cid, "reason"]
    assert rows[cid][6] == tr("No visit in the previous calendar")
    assert rows[cid][7] == f"Not visited: {reason} Change its visiting hours."
    assert "1 customer cannot be visited until its data is changed" in str(rows["note"][0])
    # the others January has no room for (December visited them) say what they said
    room = {str(r) for r, code in zip(january.unscheduled["customer_id"],
                                      january.unscheduled["reason_code"], strict=True)
            if code == "no_room"}
    assert room and {rows[r][7] for r in room} == {tr("No visits in this calendar")}


def test_hours_no_day_can_meet_are_not_told_as_days_too_full_to_keep(english) -> None:
    """A customer December visited, given visiting hours no day can meet, and the calendar
    rebuilt keeping the days: the note does not say it did not fit around the kept days
    (building without keeping them would not help it)."""
    from planner._schedule_keep_report import keep_report

    december = build_schedule(_monthly_plan(20, skip_holidays=False), route_seconds=0.01)
    assert december.unscheduled.empty  # room for everyone
    again = build_schedule(_hours_beyond_reach(december, [3]), route_seconds=0.01,
                           keep_days=True)
    assert list(again.unscheduled["reason_code"]) == ["visit_hours"]
    assert not any("Left out" in line for line in keep_report(again))
