"""A hand move of visits gives the very plan it gave before the edit stopped reading the whole
calendar (2026-12-03): the days found among the rep's rows of the calendar the move was made
from, the routed days merged into that calendar's order (sorted once per calendar), only the
moved customers' rows read, and the one-day move's day timed again in the picker's order on
its own. The functions as they were are kept here and put back to make the plan of before;
both plans are compared cell for cell (calendar, customers, left-out list, notes), and so
are their undo and redo. The routing is made deterministic (days ordered as they stand), so
that any difference is the edit's."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd
import pytest

from planner import _calendar_edits as ce
from planner import _calendar_reroute as cr
from planner import _schedule_told as told
from planner import model as m
from planner import move_hours as mh
from planner import schedule_index
from planner._calendar_once import MoveVisitsOnce
from planner.edits import MoveVisits, apply_edit
from planner.errors import PlannerError
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def built() -> m.Plan:
    """60 customers, two reps, weekly to every 4 weeks, visiting hours for some; dates from
    2027-04-05 (Showa Day and Golden Week inside), a rep's day off, two company days off."""
    plan = synthetic_plan(60, territories=2, seed=11)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4.0, 2.0, 1.0, 8.0]), len(c))
    c[m.SERVICE_MINUTES] = 20.0
    c[m.VISIT_TIME] = np.resize(np.array(["", "", "10:00-12:00", "", "13:00-17:00"]), len(c))
    settings = dataclasses.replace(plan.settings, start_date="2027-04-05",
                                   company_days_off=("2027-04-16", "2027-04-20"))
    first = plan.territories[0].replace(days_off=("2027-04-13",))
    plan = plan.replace(customers=c, settings=settings,
                        territories=[first, *plan.territories[1:]])
    return build_schedule(plan)


# --- the functions as they were before 2026-12-03 ---------------------------------------


def _old_slot_finder(schedule: pd.DataFrame, base: object = None
                     ) -> Callable[[str, int, str], np.ndarray]:
    territories = pd.Index(pd.unique(schedule["territory"].to_numpy(dtype=object)))
    days = pd.Index(pd.unique(schedule["day"].to_numpy(dtype=object)))
    t_code = territories.get_indexer(schedule["territory"].to_numpy(dtype=object))
    d_code = days.get_indexer(schedule["day"].to_numpy(dtype=object))
    weeks = schedule["week"].to_numpy()

    def rows(territory: str, week: int, day: str) -> np.ndarray:
        t, d = territories.get_indexer([territory])[0], days.get_indexer([day])[0]
        if t < 0 or d < 0:
            return np.zeros(len(schedule), dtype=bool)
        return (t_code == t) & (d_code == d) & (weeks == week)

    return rows


def _old_merged_order(plan, schedule, keep, extra, base=None):  # type: ignore[no-untyped-def]
    kept = np.flatnonzero(keep)
    order = np.lexsort(cr._sort_keys(plan, (schedule, kept), (extra, None)))
    return np.concatenate([kept, len(schedule) + np.arange(len(extra))])[order], None


def _old_series(plan: m.Plan, schedule: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    days = schedule["day"].to_numpy(dtype=object).copy()
    weeks = schedule["week"].to_numpy(dtype=np.int64).copy()
    monday = None
    if "moved_from" in schedule and plan.settings.start_date:
        from planner._schedule_dates import first_monday

        monday = first_monday(plan.settings)
    if monday is None:
        return days, weeks
    for i, was in enumerate(schedule["moved_from"].to_numpy(dtype=object)):
        if was:
            date = dt.date.fromisoformat(str(was))
            days[i] = m.WEEKDAYS[date.weekday()]
            weeks[i] = (date - monday).days // 7 + 1
    return days, weeks


def _old_moved_rows(plan: m.Plan, schedule: pd.DataFrame, edit: MoveVisits):
    src_week, src_day = int(edit.source[0]), edit.source[1]
    days, weeks = _old_series(plan, schedule)
    ids = schedule["customer_id"].astype(str).to_numpy(dtype=object)
    now_day = schedule["day"].to_numpy(dtype=object)
    now_week = schedule["week"].to_numpy(dtype=np.int64)
    mine = np.isin(ids, list(edit.customer_ids))
    at_source = mine & (now_day == src_day) & (now_week == src_week)
    regular = at_source & (days == now_day) & (weeks == now_week)
    own = np.isin(ids, ids[regular])
    other = np.isin(ids, ids[at_source & ~regular]) & ~own
    moved = (own & (days == src_day)) | (other & (now_day == src_day))
    return moved, np.where(own, weeks, now_week)


def _old_customers_mask(table: pd.DataFrame, ids, column: str = "customer_id"):  # type: ignore[no-untyped-def]
    return table[column].astype(str).isin([str(i) for i in ids]).to_numpy()


def _old_no_longer_than_inserted(plan, routed, customer_ids, target):  # type: ignore[no-untyped-def]
    s = plan.schedule
    if s is None or "day_hours" not in routed:
        return routed
    ids = {str(c) for c in customer_ids}
    week, day = int(target[0]), str(target[1])
    moved = s[s["customer_id"].astype(str).isin(ids)]
    out = routed
    for territory in sorted(set(moved["territory"].astype(str))):
        mine = ids & set(moved.loc[moved["territory"].astype(str) == territory, "customer_id"]
                         .astype(str))
        best = mh.insertions(plan, territory, sorted(mine), [(week, day)]).get((week, day))
        here = ((out["territory"].astype(str) == territory) & (out["week"] == week)
                & (out["day"] == day)).to_numpy()
        if best is None or not best.in_hours or set(best.order) != set(
                out.loc[here, "customer_id"].astype(str)):
            continue
        alt = out.copy()
        rank = {cid: k + 1 for k, cid in enumerate(best.order)}
        alt.loc[here, "seq"] = [rank[str(c)] for c in alt.loc[here, "customer_id"]]
        alt = cr.reroute(plan, alt, {(territory, week, day)}, keep_order=True)
        at = ((alt["territory"].astype(str) == territory) & (alt["week"] == week)
              & (alt["day"] == day)).to_numpy()
        if float(alt.loc[at, "day_hours"].max()) < float(out.loc[here, "day_hours"].max()) - 1e-6:
            out = alt
    return out


def _as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cr, "_slot_finder", _old_slot_finder)
    monkeypatch.setattr(cr, "_merged_order", _old_merged_order)
    monkeypatch.setattr(cr, "assemble", cr.assemble_by_sorting)  # the calendar sorted again
    monkeypatch.setattr(ce, "_moved_rows", _old_moved_rows)
    monkeypatch.setattr(ce, "customers_mask", _old_customers_mask)
    monkeypatch.setattr(told, "customers_mask", _old_customers_mask)
    monkeypatch.setattr(mh, "no_longer_than_inserted", _old_no_longer_than_inserted)


def _deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    """Days ordered as they stand (no time-limited search: the same on any run)."""
    def as_they_stand(minutes, *_a, **_k):  # type: ignore[no-untyped-def]
        return list(range(len(minutes)))

    monkeypatch.setattr(cr, "order_day", as_they_stand)
    monkeypatch.setattr(mh, "order_day", as_they_stand)


# --- the comparison -----------------------------------------------------------------------


def _same_plan(got: m.Plan, want: m.Plan) -> None:
    pd.testing.assert_frame_equal(got.schedule, want.schedule)
    pd.testing.assert_frame_equal(got.customers, want.customers)
    if want.unscheduled is None:
        assert got.unscheduled is None
    else:
        pd.testing.assert_frame_equal(got.unscheduled, want.unscheduled)
    assert got.meta == want.meta


def _moves(plan: m.Plan, kind: type, every: int) -> Iterator[object]:
    s = plan.schedule
    assert s is not None
    for k, rec in enumerate(s.itertuples(index=False)):
        if k % every:
            continue
        for day in ("mon", "tue", "wed", "thu", "fri"):
            if day != rec.day:
                yield kind((str(rec.customer_id),), (int(rec.week), str(rec.day)),
                           (int(rec.week) % 4 + 1 if day == "wed" else int(rec.week), day))


def _shuffled(plan: m.Plan) -> m.Plan:
    """The calendar's rows in another order (as a made-up calendar may come): the edit sorts
    it, as before."""
    s = plan.schedule
    assert s is not None
    return plan.replace(schedule=s.sample(frac=1.0, random_state=5).reset_index(drop=True))


@pytest.mark.parametrize("kind", [MoveVisits, MoveVisitsOnce])
@pytest.mark.parametrize("sorted_calendar", [True, False])
def test_a_move_and_its_undo_and_redo_are_as_before(built, monkeypatch, kind, sorted_calendar):
    plan = built if sorted_calendar else _shuffled(built)
    done = 0
    for edit in _moves(plan, kind, every=11):
        with monkeypatch.context() as before:
            _deterministic(before)
            _as_before(before)
            try:
                want, want_inverse, _ = apply_edit(plan, edit)
            except PlannerError:
                continue
            want_back, _, _ = apply_edit(want, want_inverse)
        with monkeypatch.context() as now:
            _deterministic(now)
            got, inverse, _ = apply_edit(plan, edit)
            _same_plan(got, want)
            back, redo, _ = apply_edit(got, inverse)
            _same_plan(back, want_back)
            pd.testing.assert_frame_equal(back.schedule, plan.schedule)  # the very calendar
            again, _, _ = apply_edit(back, redo)
            _same_plan(again, got)
            # a move of the calendar the move made (its order kept, not sorted again)
            for second in _moves(got, kind, every=31):
                try:
                    twice, _, _ = apply_edit(got, second)
                except PlannerError:
                    continue
                _as_before(now)
                twice_before, _, _ = apply_edit(got, second)
                _same_plan(twice, twice_before)
                now.undo()
                _deterministic(now)
                break
        done += 1
    assert done > 12


def test_a_move_of_a_calendar_a_move_made_sorts_no_calendar(built, monkeypatch):
    """The calendar a move makes keeps its order: moving a visit of it again sorts only the
    days routed again (``_sort_keys`` of the whole calendar: 40 ms at 100,000 customers)."""
    _deterministic(monkeypatch)
    edits = (e for e in _moves(built, MoveVisits, every=3))
    for edit in edits:
        try:
            first, _, _ = apply_edit(built, edit)
            break
        except PlannerError:
            continue
    sizes: list[int] = []
    keys = cr._sort_keys

    def counted(plan, *parts):  # type: ignore[no-untyped-def]
        out = keys(plan, *parts)
        sizes.append(len(out[0]))
        return out

    monkeypatch.setattr(cr, "_sort_keys", counted)
    assert first.schedule is not None
    for edit in _moves(first, MoveVisits, every=5):
        try:
            apply_edit(first, edit)
            break
        except PlannerError:
            continue
    assert sizes
    assert max(sizes) < len(first.schedule) // 4


def test_the_rows_of_a_day_are_found_among_the_reps_rows(built):
    s = built.schedule
    assert s is not None
    find, old = cr._slot_finder(s), _old_slot_finder(s)
    for t, w, d in {*zip(s["territory"], s["week"], s["day"], strict=True),
                    ("nobody", 1, "mon"), (str(s["territory"].iloc[0]), 9, "sun")}:
        assert (find(t, w, d) == old(t, w, d)).all()
    grown = pd.concat([s, s.iloc[:3]], ignore_index=True)  # rows added after the base's
    find = cr._slot_finder(grown, s)
    old = _old_slot_finder(grown)
    for t, w, d in set(zip(grown["territory"], grown["week"], grown["day"], strict=True)):
        assert (find(t, w, d) == old(t, w, d)).all()
    assert schedule_index.customers_mask(s, ["nobody"]).sum() == 0


def test_the_calendar_a_move_makes_is_known_as_grouping_and_sorting_it_gives(built):
    """The rows by rep and the order the move keeps for its calendar are those grouping and
    sorting that calendar gives."""
    for edit in _moves(built, MoveVisits, every=9):
        try:
            got, _, _ = apply_edit(built, edit)
        except PlannerError:
            continue
        s = got.schedule
        assert s is not None
        fresh = schedule_index._Groups(s).positions
        assert set(fresh) == set(s["territory"])
        for t, rows in fresh.items():
            assert list(schedule_index.territory_positions(s, t)) == list(rows)
        ranked = schedule_index.sort_order(s, [t.id for t in got.territories], lambda _s: (
            pytest.fail("the order of the calendar a move made is sorted again")))
        assert ranked is not None
        keys = cr._sort_keys(got, (s, None))
        assert list(ranked[0]) == list(np.lexsort(keys)) == list(range(len(s)))
        assert list(np.argsort(ranked[1], kind="stable")) == list(range(len(s)))


def test_the_pickers_estimate_of_one_day_is_the_one_of_all_days(built, monkeypatch):
    """:func:`planner.move_hours.insertions` of one day reads that day's customers only (the
    rep's whole calendar made a 2,000-point matrix per move at 100,000 customers): the same
    insertion, order and hours as asked with all the rep's days."""
    _deterministic(monkeypatch)
    s = built.schedule
    assert s is not None
    for territory in sorted(set(s["territory"].astype(str))):
        mine = s[s["territory"].astype(str) == territory]
        slots = sorted({(int(w), str(d)) for w, d in zip(mine["week"], mine["day"],
                                                          strict=True)})
        for cid in list(dict.fromkeys(mine["customer_id"].astype(str)))[::5]:
            every = mh.insertions(built, territory, [cid], slots)
            assert every
            for slot in slots[::3]:
                assert mh.insertions(built, territory, [cid], [slot]).get(slot) == every.get(slot)
