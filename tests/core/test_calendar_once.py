"""A visit moved for one day only (「今週の火曜だけ木曜に」): the rhythm stays."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner._calendar_once import ONE_OFF_KEY, keep_one_off, one_off_moves
from planner.edits import MoveVisitsOnce, apply_edit
from planner.errors import PlannerError
from planner.i18n import set_language
from planner.routing import parse_clock
from planner.schedule import build_schedule
from planner.store import load_plan, save_plan
from tests.core import test_calendar_edits as _edits

KEY = ["territory", "week", "day"]


# 80 customers, two reps, weekly and less often; week 1 is Monday 2027-04-05: the calendar
# the series moves are tested on
built = _edits.built


def _weekly(plan: m.Plan, week: int = 2) -> tuple[str, str, str, str]:
    """A weekly customer without closing days, its territory, its day in ``week`` and a
    weekday of that week it is not visited on (not Thursday 4/29, Showa Day)."""
    s = plan.schedule
    c = plan.customers.set_index(m.CUSTOMER_ID)
    for rec in s[(s.week == week) & (s.moved_from == "")].itertuples(index=False):
        cid = str(rec.customer_id)
        if c.at[cid, m.FREQUENCY] != 4.0 or c.at[cid, m.CLOSED_DAYS]:
            continue
        taken = set(s.loc[(s.customer_id == cid) & (s.week == week), "day"])
        free = [d for d in ("mon", "tue", "wed", "thu", "fri") if d not in taken]
        if free:
            return cid, str(rec.territory), str(rec.day), free[-1]
    raise AssertionError("no weekly customer")


def _rows(plan: m.Plan, slots: set[tuple[str, int, str]], *, inside: bool) -> pd.DataFrame:
    s = plan.schedule
    mask = np.array([k in slots for k in zip(s.territory, s.week, s.day, strict=True)])
    out = s[mask if inside else ~mask]
    return out.sort_values([*KEY, "seq"]).reset_index(drop=True)


def test_only_that_visit_moves_and_the_rhythm_stays(built):
    cid, tid, day, target = _weekly(built)
    new, inverse, changes = apply_edit(built, MoveVisitsOnce((cid,), (2, day), (2, target)))
    s = new.schedule
    mine = s[s.customer_id == cid].sort_values("week")
    assert list(zip(mine.week, mine.day, strict=True)) == [
        (w, target if w == 2 else d) for w, d in zip(
            built.schedule.loc[built.schedule.customer_id == cid].sort_values("week").week,
            built.schedule.loc[built.schedule.customer_id == cid].sort_values("week").day,
            strict=True)]
    moved = mine[mine.week == 2].iloc[0]
    planned = (pd.Timestamp("2027-04-12") + pd.Timedelta(days=m.WEEKDAYS.index(day))).date()
    assert moved.moved_from == planned.isoformat()
    assert moved.date == (pd.Timestamp("2027-04-12")
                          + pd.Timedelta(days=m.WEEKDAYS.index(target))).date().isoformat()
    assert one_off_moves(new) == {(cid, planned.isoformat())}
    # the customer's visit days and weeks are as they were (the rhythm stays)
    for col in (m.VISIT_DAYS, m.VISIT_WEEK, m.HAND_DAYS):
        pd.testing.assert_series_equal(new.customers[col], built.customers[col])
    # every other day exactly as before; the two days routed again with times
    slots = {(tid, 2, day), (tid, 2, target)}
    pd.testing.assert_frame_equal(_rows(new, slots, inside=False),
                                  _rows(built, slots, inside=False))
    for _t, w, d in slots:
        one = s[(s.territory == tid) & (s.week == w) & (s.day == d)].sort_values("seq")
        assert list(one.seq) == list(range(1, len(one) + 1))
        arrivals = [parse_clock(a) for a in one.arrival]
        assert arrivals == sorted(arrivals)
    assert changes.schedule and not changes.customers
    back, _, _ = apply_edit(new, inverse)
    pd.testing.assert_frame_equal(back.schedule, built.schedule)
    assert (back.meta or {}).get(ONE_OFF_KEY, []) == (built.meta or {}).get(ONE_OFF_KEY, [])


def test_the_undo_text_names_the_customer_and_both_dates(built):
    cid, _tid, day, target = _weekly(built)
    name = str(built.customers.set_index(m.CUSTOMER_ID).at[cid, m.NAME])
    edit = MoveVisitsOnce((cid,), (2, day), (2, target))
    set_language("ja")
    try:
        text = edit.describe_for(built)
    finally:
        set_language("en")
    was = 12 + m.WEEKDAYS.index(day)
    now = 12 + m.WEEKDAYS.index(target)
    assert text.startswith(f"{name}の4/{was}(")
    assert f"の訪問を4/{now}(" in text and text.endswith("に移動（この日だけ）")


def test_refused_onto_closing_day_day_off_closed_date_or_a_day_holding_the_customer(built):
    cid, tid, day, target = _weekly(built)
    c = built.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == cid, m.CLOSED_DAYS] = target
    with pytest.raises(PlannerError, match="closing day"):
        apply_edit(built.replace(customers=c), MoveVisitsOnce((cid,), (2, day), (2, target)))
    target_date = (pd.Timestamp("2027-04-12")
                   + pd.Timedelta(days=m.WEEKDAYS.index(target))).date().isoformat()
    off = built.territory(tid).replace(days_off=(target_date,))
    plan = built.replace(territories=tuple(off if t.id == tid else t for t in built.territories))
    with pytest.raises(PlannerError, match="Day off"):
        apply_edit(plan, MoveVisitsOnce((cid,), (2, day), (2, target)))
    company = built.replace(settings=dataclasses.replace(
        built.settings, company_days_off=(target_date,)))
    with pytest.raises(PlannerError, match="not moved"):
        apply_edit(company, MoveVisitsOnce((cid,), (2, day), (2, target)))
    s = built.schedule
    other = s[(s.customer_id == cid) & (s.week == 3)].iloc[0].day
    with pytest.raises(PlannerError, match="already have a visit"):
        apply_edit(built, MoveVisitsOnce((cid,), (2, day), (3, other)))
    undated = built.replace(settings=dataclasses.replace(built.settings, start_date=None))
    with pytest.raises(PlannerError, match="no dates"):
        apply_edit(undated, MoveVisitsOnce((cid,), (2, day), (2, target)))


def test_a_rebuild_keeping_the_days_keeps_the_one_off_move(built):
    cid, _tid, day, target = _weekly(built)
    moved, _inv, _ch = apply_edit(built, MoveVisitsOnce((cid,), (2, day), (2, target)))
    again = build_schedule(moved, keep_days=True)
    s = again.schedule
    mine = s[s.customer_id == cid]
    assert list(mine.loc[mine.week == 2, "day"]) == [target]
    assert set(mine.loc[mine.week != 2, "day"]) == {day}
    assert len(one_off_moves(again)) == 1
    fresh = build_schedule(moved)  # built anew: back on the usual day, and the report says so
    assert one_off_moves(fresh) == set()
    assert "moved for one day only is back" in fresh.meta["schedule_note"]
    assert "one day only" not in (again.meta.get("schedule_note") or "")


def test_a_rebuild_that_kept_the_visit_where_it_was_moved_keeps_the_one_off_move(built):
    """A rebuild keeping the days may put the moved visit back where it was moved itself (as
    it does a holiday's move): it stays a one-off move, and nothing is said to be lost."""
    cid, _tid, day, target = _weekly(built)
    moved, _inv, _ch = apply_edit(built, MoveVisitsOnce((cid,), (2, day), (2, target)))
    again = keep_one_off(moved, moved, keep_days=True)
    assert one_off_moves(again) == one_off_moves(moved) != set()
    assert "one day only" not in (again.meta.get("schedule_note") or "")


def test_a_one_off_move_is_saved_with_the_plan(built, tmp_path):
    cid, _tid, day, target = _weekly(built)
    moved, _inv, _ch = apply_edit(built, MoveVisitsOnce((cid,), (2, day), (2, target)))
    path = tmp_path / "plan.gpkg"
    save_plan(moved, path)
    assert one_off_moves(load_plan(path)) == one_off_moves(moved) != set()


def test_the_route_sheet_and_the_hand_out_say_changed_for_this_day_only(built, tmp_path):
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook
    from planner.export.handout_notes import TellNotes

    cid, _tid, day, target = _weekly(built)
    moved, _inv, _ch = apply_edit(built, MoveVisitsOnce((cid,), (2, day), (2, target)))
    s = moved.schedule
    row = s[(s.customer_id == cid) & (s.week == 2)]
    planned = dt.date.fromisoformat(row.moved_from.iloc[0])
    said = f"Changed from {planned.month}/{planned.day}({day.title()}) (this day only)"
    assert TellNotes(moved).for_rows(row)[0].startswith(said)
    wb = load_workbook(export_workbook(moved, tmp_path / "plan.xlsx"), read_only=True)
    texts = [str(v) for ws in wb.worksheets for r in ws.iter_rows(values_only=True) for v in r
             if v]
    assert any(t.startswith(said) for t in texts)
    # not a holiday's change: the 祝日・休みの連絡 sheet does not list it
    from planner.export.excel_holidays import holiday_changes

    assert cid not in set(holiday_changes(moved)["customer_id"])
    # a holiday's move keeps its own note
    holiday = s[(s.moved_from != "") & (s.customer_id != cid)].iloc[:1]
    assert TellNotes(moved).for_rows(holiday)[0].startswith("Moved from ")


def test_a_series_move_from_the_day_of_a_one_off_visit_keeps_it_one_off(built):
    """Moved 月→金 this week only, then the manager drags Friday's visit on to Tuesday: it is
    still a change of that day only, from Monday (the rep tells the customer so), the usual
    day stays; back on Monday it is no move at all; undo finds the Friday move again."""
    from planner.edits import MoveVisits

    cid, _tid, day, target = _weekly(built)
    once = apply_edit(built, MoveVisitsOnce((cid,), (2, day), (2, target)))[0]
    planned = one_off_moves(once)
    other = next(d for d in ("tue", "wed", "thu", "mon", "fri") if d not in (day, target))
    after, inverse, _ = apply_edit(once, MoveVisits((cid,), (2, target), (2, other)))
    s = after.schedule
    visit = s[(s.customer_id == cid) & (s.week == 2)]
    assert list(visit.day) == [other]
    assert one_off_moves(after) == planned  # still told: 「…から変更（この日のみ）」
    assert list(visit.moved_from) == [next(iter(planned))[1]]
    assert one_off_moves(apply_edit(after, inverse)[0]) == planned
    back = apply_edit(once, MoveVisits((cid,), (2, target), (2, day)))[0]
    s = back.schedule
    assert list(s.loc[(s.customer_id == cid) & (s.week == 2), "moved_from"]) == [""]
    assert one_off_moves(back) == set()


def test_a_one_off_move_its_undo_and_redo_name_the_moved_customers(built):
    """The views redraw the moved customers' rows only (the customer list worded every
    customer's days again after a one-off move: 0.5 s at 100,000): the move, its undo and
    its redo name them, and the undo gives the calendar back."""
    cid, _tid, day, target = _weekly(built)
    new, inverse, changes = apply_edit(built, MoveVisitsOnce((cid,), (2, day), (2, target)))
    assert changes.schedule and changes.customer_ids == (cid,)
    back, redo, undone = apply_edit(new, inverse)
    assert undone.customer_ids == (cid,)
    pd.testing.assert_frame_equal(back.schedule, built.schedule)
    assert one_off_moves(back) == one_off_moves(built)
    again, _, redone = apply_edit(back, redo)
    assert redone.customer_ids == (cid,)
    pd.testing.assert_frame_equal(again.schedule, new.schedule)
