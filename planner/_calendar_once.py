"""A visit moved for one day only: 「今週の火曜だけ木曜に」.

The commonest change a route-sales manager makes to a calendar is not a new weekday but one
visit on another day this once (the customer asked, the rep has a meeting); the rhythm
stays. :class:`MoveVisitsOnce` moves the chosen customers' visits of one dated day to
another day and nothing else: the two days are routed again, every other day stays as it
was, and the customers' visit days and weeks (訪問曜日, 訪問週) are left as they are. The visit
keeps the date it was planned on in ``moved_from``, as a visit a holiday moved does, so
the Calendar, the route sheets and the hand-outs show it, the rep tells the customer at the
visit before, and a rebuild that keeps the days sees the customer's own day; the plan's
meta lists the one-off moves (:data:`ONE_OFF_KEY`) to tell them from the holidays' and to
make them again after such a rebuild (:func:`keep_one_off`). Dragged on to a third day
(a move of its series, :class:`planner.edits.MoveVisits`), the visit stays a one-off move
from the day it was planned on (:func:`moved_on`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from planner import model as m
from planner._edit_base import Changes, Edit, applies
from planner._schedule_dates import first_monday
from planner.closed_days import split_days
from planner.days_off import closed_cells
from planner.errors import PlannerError
from planner.i18n import sentences, tr, trn
from planner.rep_days import calendar_days, rep_name

#: The plan meta key of the visits moved by hand for one day only: ``[[customer_id,
#: territory, ISO date planned, ISO date now], …]``.
ONE_OFF_KEY = "schedule_one_off"


def one_off_moves(plan: m.Plan) -> set[tuple[str, str]]:
    """(customer id, ISO date planned) of the visits the calendar now holds on another day
    because the manager moved them for that day only (an entry a later edit undid is not)."""
    s = plan.schedule
    rows = (plan.meta or {}).get(ONE_OFF_KEY) or []
    if s is None or s.empty or not rows or "moved_from" not in s.columns or "date" not in s:
        return set()
    held = set(zip(s["customer_id"].astype(str), s["moved_from"].astype(str),
                   s["date"].astype(str), strict=True))
    return {(str(r[0]), str(r[2])) for r in rows if (str(r[0]), str(r[2]), str(r[3])) in held}


def day_text(iso: str) -> str:
    """``12/15(火)``."""
    from planner.export.common import day_label

    day = dt.date.fromisoformat(iso)
    return f"{day.month}/{day.day}({day_label(m.WEEKDAYS[day.weekday()])})"


def _date_of(plan: m.Plan, week: int, day: str) -> dt.date:
    monday = first_monday(plan.settings)
    if monday is None:
        raise PlannerError(tr("The calendar has no dates: give week 1 a date (Schedule → Build "
                              "calendar…) to move a visit for one day only."))
    return monday + dt.timedelta(weeks=int(week) - 1, days=m.WEEKDAYS.index(day))


@dataclass(frozen=True)
class MoveVisitsOnce(Edit):
    """Move ``customer_ids``' visits of ``source`` to ``target`` ((week, day), week 1-based)
    for that day only: their other visits, visit days and visit weeks stay as they are."""

    customer_ids: tuple[str, ...]
    source: tuple[int, str]
    target: tuple[int, str]

    def replays_on_redo(self) -> bool:
        """The two days are ordered again within a time limit (as :class:`MoveVisits`)."""
        return True

    def keeps_figures(self) -> bool:
        """The territories' figures never read the calendar, visit days or weeks."""
        return True

    def describe(self) -> str:
        return trn("Move the visit of {n} customer for one day only",
                   "Move the visits of {n} customers for one day only", len(self.customer_ids),
                   n=len(self.customer_ids))

    def describe_for(self, plan: m.Plan) -> str:
        """「株式会社○○の12/15(火)の訪問を12/17(木)に移動（この日だけ）」."""
        if plan.settings.start_date is None or first_monday(plan.settings) is None:
            return self.describe()
        was = day_text(_date_of(plan, *self.source).isoformat())
        now = day_text(_date_of(plan, *self.target).isoformat())
        if len(self.customer_ids) == 1:
            c = plan.customers
            names = c.loc[c[m.CUSTOMER_ID].astype(str) == self.customer_ids[0], m.NAME]
            who = str(names.iloc[0]) if len(names) and str(names.iloc[0]) else self.customer_ids[0]
        else:
            who = trn("{n} customer", "{n} customers", len(self.customer_ids),
                      n=len(self.customer_ids))
        return tr("Move the visit of {who} on {was} to {now} (this day only)", who=who, was=was,
                  now=now)


@dataclass(frozen=True, eq=False)
class SetOneOff(Edit):
    """Replace the calendar and the list of one-off moves (the undo of :class:`MoveVisitsOnce`);
    ``customer_ids``: the customers whose visits it moves back (the views redraw theirs
    only), empty when not known."""

    schedule: pd.DataFrame | None
    one_off: tuple[tuple[str, ...], ...]
    customer_ids: tuple[str, ...] = ()

    def describe(self) -> str:
        return tr("Change the calendar")

    def keeps_figures(self) -> bool:
        """The territories' figures never read the calendar, visit days or weeks."""
        return True


def _entries(plan: m.Plan) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(str(v) for v in r) for r in (plan.meta or {}).get(ONE_OFF_KEY) or [])


def _with_entries(plan: m.Plan, entries: tuple[tuple[str, ...], ...]) -> m.Plan:
    return plan.replace(meta={**(plan.meta or {}), ONE_OFF_KEY: [list(r) for r in entries]})


@applies(SetOneOff)
def _set_one_off(plan: m.Plan, edit: SetOneOff) -> tuple[m.Plan, Edit, Changes]:
    inverse = SetOneOff(plan.schedule, _entries(plan), edit.customer_ids)
    new = _with_entries(plan, edit.one_off).replace(schedule=edit.schedule)
    return new, inverse, Changes(schedule=True, customer_ids=edit.customer_ids or None)


@applies(MoveVisitsOnce)
def _move_visits_once(plan: m.Plan, edit: MoveVisitsOnce) -> tuple[m.Plan, Edit, Changes]:
    from planner._calendar_edits import (
        _refuse_closed_date,
        _refuse_closing_day,
        _refuse_day_off,
        _reroute,
    )
    from planner.move_hours import no_longer_than_inserted

    schedule = plan.schedule
    if schedule is None or schedule.empty:
        raise PlannerError(tr("There is no calendar yet: build it first."))
    weeks = int((plan.meta or {}).get("schedule_weeks") or schedule["week"].max())
    (src_week, src_day), (dst_week, dst_day) = edit.source, edit.target
    for week, day in (edit.source, edit.target):
        if day not in m.WEEKDAYS or not 1 <= int(week) <= weeks:
            raise PlannerError(
                tr("The calendar has no day {day} of week {week}.", day=day, week=week))
    new_date = _date_of(plan, dst_week, dst_day).isoformat()
    if (src_week, src_day) == (dst_week, dst_day):
        return plan, SetOneOff(schedule, _entries(plan)), Changes()
    ids = schedule["customer_id"].astype(str)
    moved = (ids.isin(set(edit.customer_ids)) & (schedule["week"] == int(src_week))
             & (schedule["day"] == src_day)).to_numpy()
    if not moved.any():
        raise PlannerError(tr("None of these customers is visited on that day."))
    _refuse_closing_day(plan, schedule.loc[moved, "customer_id"], dst_day)
    _refuse_day_off(plan, schedule.loc[moved, "territory"], dst_day)
    _refuse_closed_date(plan, schedule.loc[moved, "territory"], int(dst_week), dst_day, weeks)
    there = set(ids[(schedule["week"] == int(dst_week)) & (schedule["day"] == dst_day)])
    clash = sorted(set(ids[moved]) & there)
    if clash:
        raise PlannerError(tr("{codes} already have a visit on that day.",
                              codes=", ".join(clash[:3])))
    out = schedule.copy()
    if "moved_from" not in out:
        out["moved_from"] = ""
    if "date" not in out:
        out["date"] = ""
    old_date = _date_of(plan, src_week, src_day).isoformat()
    planned = [str(v) or old_date for v in out.loc[moved, "moved_from"]]
    slots = set(zip(out.loc[moved, "territory"], out.loc[moved, "week"], out.loc[moved, "day"],
                    strict=True))
    out.loc[moved, "week"] = int(dst_week)
    out.loc[moved, "day"] = dst_day
    # back on the day it was planned on: no longer moved
    out.loc[moved, "moved_from"] = [p if p != new_date else "" for p in planned]
    slots |= {(t, int(dst_week), dst_day) for t in out.loc[moved, "territory"]}
    entries = [r for r in _entries(plan)
               if not any(r[0] == c and r[2] == p for c, p in zip(ids[moved], planned,
                                                                    strict=True))]
    entries += [(str(c), str(t), p, new_date) for c, t, p in
                zip(ids[moved], out.loc[moved, "territory"], planned, strict=True)
                if p != new_date]
    out = _reroute(plan, out, slots, base=schedule)
    # the day the visits went to: never longer than the picker said (planner.move_hours)
    out = no_longer_than_inserted(plan, out, ids[moved], edit.target)
    new = _with_entries(plan, tuple(entries)).replace(schedule=out)
    # the moved customers' visit days are all the views word again (the customer list
    # reworded every customer's: 0.5 s at 100,000)
    touched = tuple(dict.fromkeys(ids[moved]))
    return (new, SetOneOff(schedule, _entries(plan), touched),
            Changes(schedule=True, customer_ids=touched))


def keep_one_off(before: m.Plan, after: m.Plan, *, keep_days: bool) -> m.Plan:
    """``after`` (a new calendar built from ``before``) with ``before``'s one-off moves made
    again when the build kept the days, and a sentence in the build's note for each one it
    could not keep (or, built anew, for all of them: their customers are back on their own
    day)."""
    from planner._calendar_edits import _reroute

    wanted = [r for r in _entries(before) if (r[0], r[2]) in one_off_moves(before)]
    if not wanted:
        return after.replace(meta={**(after.meta or {}), ONE_OFF_KEY: []}) if (
            after.meta or {}).get(ONE_OFF_KEY) else after
    names = dict(zip(after.customers[m.CUSTOMER_ID].astype(str),
                     after.customers[m.NAME].astype(str), strict=False))
    s = after.schedule
    monday = first_monday(after.settings)
    notes: list[str] = []
    if not keep_days or s is None or monday is None:
        notes.append(trn(
            "{n} visit moved for one day only is back on its customer's usual day: the "
            "calendar was built without keeping the days.",
            "{n} visits moved for one day only are back on their customers' usual days: the "
            "calendar was built without keeping the days.", len(wanted), n=len(wanted)))
        meta = {**(after.meta or {}), ONE_OFF_KEY: []}
        meta["schedule_note"] = sentences(str(meta.get("schedule_note") or ""), *notes)
        return after.replace(meta=meta)
    out = s.copy()
    if "moved_from" not in out:
        out["moved_from"] = ""
    kept: list[tuple[str, ...]] = []
    slots: set[tuple[str, int, str]] = set()
    held = set(zip(out["customer_id"].astype(str), out["moved_from"].astype(str),
                   out["date"].astype(str), strict=True))
    for cid, territory, planned, new in wanted:
        if (cid, planned, new) in held:  # the rebuild kept the visit where it was moved
            kept.append((cid, territory, planned, new))
            continue
        why = _why_not(after, out, cid, planned, new, monday)
        if why:
            notes.append(tr("The visit of {name} moved from {was} to {now} for that day only "
                            "was not kept: {why}", name=f"{cid} {names.get(cid, '')}".strip(),
                            was=day_text(planned), now=day_text(new), why=why))
            continue
        row = _row(out, cid, planned)
        target = dt.date.fromisoformat(new)
        week, day = (target - monday).days // 7 + 1, m.WEEKDAYS[target.weekday()]
        slots |= {(str(out.at[row, "territory"]), int(out.at[row, "week"]),
                   str(out.at[row, "day"])), (str(out.at[row, "territory"]), week, day)}
        out.at[row, "week"], out.at[row, "day"] = week, day
        out.at[row, "moved_from"] = planned
        kept.append((cid, str(out.at[row, "territory"]), planned, new))
    if slots:
        out = _reroute(after, out, slots)
    meta = {**(after.meta or {}), ONE_OFF_KEY: [list(r) for r in kept]}
    if notes:
        meta["schedule_note"] = sentences(str(meta.get("schedule_note") or ""), *notes)
    return after.replace(schedule=out, meta=meta)


def _row(s: pd.DataFrame, cid: str, planned: str) -> object | None:
    """The label of ``cid``'s visit on ``planned``, on its own day (None when it has none)."""
    hit = s.index[(s["customer_id"].astype(str) == cid) & (s["date"].astype(str) == planned)
                  & (s["moved_from"].astype(str) == "")]
    return hit[0] if len(hit) else None


def _why_not(
    plan: m.Plan, s: pd.DataFrame, cid: str, planned: str, new: str, monday: dt.date
) -> str:
    """Why ``cid``'s one-off move from ``planned`` to ``new`` cannot be made on the rebuilt
    calendar ``s`` ("" when it can)."""
    row = _row(s, cid, planned)
    if row is None:
        return tr("the new calendar has no visit of that customer on {date}.",
                  date=day_text(planned))
    tid = str(s.at[row, "territory"])
    target = dt.date.fromisoformat(new)
    day = m.WEEKDAYS[target.weekday()]
    week = (target - monday).days // 7 + 1
    weeks = int((plan.meta or {}).get("schedule_weeks") or s["week"].max())
    if not 1 <= week <= weeks:
        return tr("{date} is outside the new calendar.", date=day_text(new))
    if ((s["customer_id"].astype(str) == cid) & (s["date"].astype(str) == new)).any():
        return tr("the customer already has a visit on {date}.", date=day_text(new))
    c = plan.customers
    closing = c.loc[c[m.CUSTOMER_ID].astype(str) == cid, m.CLOSED_DAYS]
    if len(closing) and day in split_days(closing.iloc[0]):
        return tr("{date} is the customer's closing day.", date=day_text(new))
    if tid not in plan.territory_ids or day not in calendar_days(plan, tid):
        return tr("{rep} does not work on {date}.", rep=rep_name(plan.territory(tid))
                  if tid in plan.territory_ids else tid, date=day_text(new))
    days = list(m.WEEKDAYS)
    if (week - 1, days.index(day)) in closed_cells(plan.territory(tid), plan.settings, weeks,
                                                    days):
        return tr("{date} is a day without visits.", date=day_text(new))
    return ""



def moved_on(plan: m.Plan, out: pd.DataFrame, kept: set[tuple[str, str]]) -> m.Plan:
    """``plan`` with the calendar ``out``, where the one-off visits ``kept`` (customer id,
    date planned) were moved on by a move of their series (:class:`planner.edits.MoveVisits`):
    still one-off moves from the day they were planned on (the rep tells the customer),
    unless back on that very day. The earlier entries stay, so that an undo finds its
    one-off move again."""
    if not kept:
        return plan.replace(schedule=out)
    out = out.copy()
    entries = list(_entries(plan))
    col = out.columns.get_loc("moved_from")
    for row, (cid, tid, planned, now) in enumerate(zip(
            out["customer_id"].astype(str), out["territory"].astype(str),
            out["moved_from"].astype(str), out["date"].astype(str), strict=True)):
        if (cid, planned) not in kept:
            continue
        if planned == now:  # back on the day it was planned on: no longer moved
            out.iloc[row, col] = ""  # type: ignore[index]
        elif now:
            entries.append((cid, tid, planned, now))
    return _with_entries(plan, tuple(dict.fromkeys(entries))).replace(schedule=out)
