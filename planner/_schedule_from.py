"""Rebuilding the calendar mid-cycle: the days already past and the other reps stay as they are.

A rep is off sick on 12/16; the manager sets the day off and builds the calendar again
keeping the visit days. The days before today happened: their visits stay exactly (same
customers, order and times), and only the rep concerned gets a new calendar — every other
territory's stays cell for cell. :func:`rebuild_from` builds the calendars of the ``only``
territories alone keeping the days (:func:`planner.schedule.build_schedule` with ``only``:
everything plan-wide reckoned as for every rep, so the result is the one building every rep
gave, without the work on calendars it would throw away), then takes from it only the days
from ``since`` on, the rest from the present calendar. A visit the new build
put on a day already past (or that the new day off took) is placed on another working day
of the same rep from ``since`` on — its own week first, nearest day first, else a later
week — on a day that keeps within the rep's hours and every visit's hours; a customer seen
weekly only within its week (the other weeks already see it). ``meta[FROM_KEY]`` records
the days kept and the territories rebuilt, ``meta[MOVES_KEY]`` every visit of a rebuilt
territory from ``since`` on that is on another date now (``[id, territory, from, to]``,
``to`` "" when it fits nowhere: the reason is the customer's skipped visit or unscheduled
row).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from planner import model as m
from planner._design_subset import resolve
from planner._schedule_built_with import (
    WORKING_TIME_KEY,
    moved_between,
    moves_since,
    reps_changed,
    working_time,
)
from planner._schedule_dates import dates_as_days, first_monday
from planner._schedule_keep_report import KEEP_REPORT_KEY
from planner._schedule_off import CLOSED_OUT_KEY, GAVE_WAY_KEY, SKIPPED_KEY
from planner._schedule_place_later import Placer
from planner._schedule_told import CHANGED_KEY
from planner.build_figures import ASKED_KEY
from planner.errors import PlannerError
from planner.i18n import listing, retranslate, tr, trn
from planner.rep_days import rep_name, reps_names
from planner.unscheduled import LATER_NO_ROOM, LATER_NO_ROOM_SAME_DAY, Reason, unscheduled_frame

#: Plan meta: ``{"since": ISO date or "", "territories": [ids]}`` of the last partial rebuild.
FROM_KEY = "schedule_from"
#: Plan meta: ``[[customer_id, territory, from ISO date, to ISO date or ""], …]``.
MOVES_KEY = "schedule_from_moves"
#: Meta lists of ``[customer_id, territory, ISO date, …]`` rows, spliced like the calendar.
_DATED_KEYS = (SKIPPED_KEY, CLOSED_OUT_KEY, GAVE_WAY_KEY)


def check_partial(plan: m.Plan, since: dt.date | None, only: Sequence[str] | None, *,
                  weeks: int | None = None, days: Sequence[str] | None = None,
                  day_hours: float | None = None) -> tuple[str, ...]:
    """The territory ids a partial rebuild makes anew (every one without ``only``); refuses,
    in one sentence and before any work, what cannot keep days: no calendar, ``since``
    without dates or outside the calendar, another start (``plan.settings``) or number of
    ``weeks`` than the present calendar's; with ``only``, plan-wide ``days`` or
    ``day_hours`` that change a rep left out's day, or customers moved between a rep
    rebuilt and one left out."""
    ids = chosen_territories(plan, only) if only else tuple(plan.territory_ids)
    if only:
        _check_others(plan, ids, days, day_hours)
    if plan.schedule is None or plan.schedule.empty:
        raise PlannerError(tr("There is no calendar yet: build it first."))
    if since is not None:
        if first_monday(plan.settings) is None or "date" not in plan.schedule:
            raise PlannerError(tr("Keeping the days before a date needs a calendar with dates "
                                  "(a start date)."))
        dates = plan.schedule["date"].astype(str)
        dates = dates[dates != ""]
        if len(dates) and since.isoformat() > str(dates.max()):
            raise PlannerError(tr("{date} is after the calendar's last day: nothing is left "
                                  "to build again.", date=f"{since.month}/{since.day}"))
    if ((weeks is not None and weeks != plan.settings.cycle_weeks)
            or _monday(plan.schedule) != first_monday(plan.settings)):
        raise PlannerError(_same_calendar())
    return ids


def _check_others(plan: m.Plan, ids: Sequence[str], days: Sequence[str] | None,
                  day_hours: float | None) -> None:
    """Refuses a rebuild of only ``ids`` that would leave another rep's calendar wrong: the
    plan's new working days or day length are theirs too, or a customer moved between."""
    others = [t for t in plan.territory_ids if t not in set(ids)]
    s = plan.settings
    new = plan.replace(settings=dataclasses.replace(
        s, working_days=tuple(days or s.working_days),
        day_hours=float(s.day_hours if day_hours is None else day_hours)))
    changed = [t for t in others if working_time(new, [t]) != working_time(plan, [t])]
    if changed:
        raise PlannerError(trn(
            "New working days or hours for every rep change {reps}'s calendar too: build "
            "every rep again, or leave the plan's days and hours as they are.",
            "New working days or hours for every rep change the calendars of {reps} too: "
            "build every rep again, or leave the plan's days and hours as they are.",
            len(changed), reps=_names(plan, changed)))
    present = set(plan.territory_ids)  # a territory gone (merged, handed over) has no calendar
    crossing = sorted({p for p in moves_since(plan)
                       if all(p) and set(p) <= present and len(set(p) & set(ids)) == 1})
    if crossing:
        a, b = crossing[0]
        raise PlannerError(tr("Customers moved between {a} and {b} since the calendar was "
                              "built: build both reps' calendars again together.",
                              a=_names(plan, [a]), b=_names(plan, [b])))


def _names(plan: m.Plan, ids: Sequence[str]) -> str:
    """The reps of territories ``ids`` as a sentence names them (a former one by its id)."""
    known = {t.id: rep_name(t) for t in plan.territories}
    return listing(known.get(t, t) for t in ids)


def _same_calendar() -> str:
    """Why a partial rebuild is refused when the calendar would not be the same one."""
    return tr("Keeping past days or other reps' calendars needs the same calendar: the same "
              "start, weeks and working days.")


def chosen_territories(plan: m.Plan, only: Sequence[str]) -> tuple[str, ...]:
    """The territory ids ``only`` names: ids or names (as ``design --only``), or reps — the
    full name (spaces ignored) or the family name alone when only one rep has it."""
    def bare(text: str) -> str:
        return "".join(str(text).split())

    named: list[str] = []
    for item in only:
        text = bare(item)
        if not text:
            continue
        reps = [t.id for t in plan.territories if t.rep and bare(t.rep) == text]
        if not reps:
            reps = [t.id for t in plan.territories
                    if t.rep and str(t.rep).split()[0] == text]
        if len(reps) > 1:
            raise PlannerError(tr("More than one rep is called “{name}”: give the full name or "
                                  "the territory.", name=str(item).strip()))
        named.append(reps[0] if reps else str(item).strip())
    return resolve(plan, named)


def rebuild_from(
    plan: m.Plan, *, since: dt.date | None = None, only: Sequence[str] | None = None,
    **build: Any,
) -> m.Plan:
    """The plan with its calendar built again keeping the visit days, where only the days from
    ``since`` on of the territories ``only`` names (ids, names) change; ``build`` goes to
    :func:`planner.schedule.build_schedule` (weeks, days, day hours, progress, workers)."""
    from planner.schedule import build_schedule

    ids = check_partial(plan, since, only, weeks=build.get("weeks"), days=build.get("days"),
                        day_hours=build.get("day_hours"))
    old = plan.schedule
    assert old is not None
    # only the territories rebuilt are built: the others' calendars would be thrown away
    new = build_schedule(plan, keep_days=True, only=ids, **build)
    if new.meta.get("schedule_weeks") != plan.meta.get("schedule_weeks") or (
            since is not None and _monday(old) != first_monday(new.settings)):
        raise PlannerError(_same_calendar())  # the frequencies grew the cycle's weeks
    return splice(plan, new, since=since, territories=ids)


def splice(plan: m.Plan, new: m.Plan, *, since: dt.date | None,
           territories: Sequence[str]) -> m.Plan:
    """``new`` (built from ``plan`` keeping the days) with ``plan``'s calendar outside the
    ``territories`` and before ``since``, the visits that lost their day placed again."""
    old, built = plan.schedule, new.schedule
    assert old is not None and built is not None
    chosen = set(territories)
    cut = since.isoformat() if since is not None else ""

    def later(frame: pd.DataFrame) -> pd.Series:
        mine = frame["territory"].astype(str).isin(chosen)
        if not cut:
            return mine
        return mine & (frame["date"].astype(str) >= cut)

    out = pd.concat([old[~later(old)], built[later(built)]], ignore_index=True)
    out = out.astype(built.dtypes.to_dict())
    meta = dict(new.meta)
    for key in _DATED_KEYS:
        meta[key] = ([r for r in plan.meta.get(key) or [] if not _later(r, chosen, cut)]
                     + [r for r in new.meta.get(key) or [] if _later(r, chosen, cut)])
    changed = {k: v for k, v in (plan.meta.get(CHANGED_KEY) or {}).items()
               if k not in _customers(new, chosen)}
    meta[ASKED_KEY] = {**(plan.meta.get(ASKED_KEY) or {}), **{  # the other reps' as built
        t: v for t, v in (new.meta.get(ASKED_KEY) or {}).items() if t in chosen}}
    if ASKED_KEY not in plan.meta:  # built before it was recorded: no sum to tell
        meta.pop(ASKED_KEY)
    meta[KEEP_REPORT_KEY] = {t: v for t, v in (new.meta.get(KEEP_REPORT_KEY) or {}).items()
                             if t in chosen}  # the other reps kept everything
    meta[CHANGED_KEY] = {**changed, **{k: v for k, v in (new.meta.get(CHANGED_KEY) or {}).items()
                                       if k in _customers(new, chosen)}}
    # the reps kept were built with their working time then: a change since stays to offer
    meta[WORKING_TIME_KEY] = {**(plan.meta.get(WORKING_TIME_KEY) or {}), **{
        t: v for t, v in (new.meta.get(WORKING_TIME_KEY) or {}).items() if t in chosen}}
    result = _replace_lost(plan, new.replace(schedule=out, meta=meta), built, cut, chosen)
    return _finish(plan, result, cut, chosen)


def _later(row: Sequence[Any], chosen: set[str], cut: str) -> bool:
    """Whether a dated meta row (id, territory, date, …) belongs to the rebuilt part."""
    return str(row[1]) in chosen and str(row[2]) >= cut


def _customers(plan: m.Plan, chosen: set[str]) -> set[str]:
    c = plan.customers
    return set(c.loc[c[m.TERRITORY].astype(str).isin(chosen), m.CUSTOMER_ID].astype(str))


def _monday(schedule: pd.DataFrame) -> dt.date | None:
    """Week 1's Monday of a dated calendar (None without dates)."""
    rows = schedule[schedule.get("date", pd.Series("", index=schedule.index)).astype(str) != ""]
    if rows.empty:
        return None
    first = rows.iloc[0]
    day = dt.date.fromisoformat(str(first["date"]))
    return day - dt.timedelta(weeks=int(first["week"]) - 1, days=day.weekday())


def _replace_lost(plan: m.Plan, result: m.Plan, new_sched: pd.DataFrame, cut: str,
                  chosen: set[str]) -> m.Plan:
    """Visits the splice lost or doubled set right: a customer with fewer visits than the
    new build gave it (one it put on a day now kept as it was), or than its visits the new
    days off took (dates the previous calendar saw it on), gets them on later days; one
    with more (kept on a past day, and put on a later one too) loses the later extra."""
    if not cut:
        return result
    old, out = plan.schedule, result.schedule
    assert old is not None and out is not None
    built: dict[str, Any] = dict(result.meta)
    ids = sorted(_customers(result, chosen))
    had = _dates_by_customer(old)
    now = _dates_by_customer(out)
    wanted = _dates_by_customer(new_sched)
    dropped: dict[str, list[str]] = {}  # new days off took these dates the customer had
    for row in (built.get(SKIPPED_KEY) or []) + (built.get(CLOSED_OUT_KEY) or []):
        cid, date = str(row[0]), str(row[2])
        if str(row[1]) in chosen and date >= cut and date in had.get(cid, []):
            dropped.setdefault(cid, []).append(date)
    for key in (SKIPPED_KEY, CLOSED_OUT_KEY):
        built[key] = list(built.get(key) or [])
    unplaced: list[tuple[str, str]] = []
    placer = Placer(result, cut, given={str(g[0]) for g in built.get(GAVE_WAY_KEY) or []})
    for cid in ids:
        want = len(wanted.get(cid, [])) + len(set(dropped.get(cid, [])))
        have = now.get(cid, [])
        if not have and any(d >= cut for d in had.get(cid, [])):
            want = max(want, 1)  # seen in the cycle before: not left out while a day can take it
        if len(have) > want and want > 0:
            extra = [d for d in sorted(have, reverse=True)
                     if d >= cut and d not in had.get(cid, [])][: len(have) - want]
            placer.remove(cid, extra)
        missing = want - len(have)
        if missing <= 0:
            continue
        gone = sorted(d for d in had.get(cid, []) if d >= cut and d not in have)
        gone += sorted(set(dropped.get(cid, [])) - set(gone))
        origins = (gone + [cut] * missing)[:missing]
        for origin in origins:
            to = placer.place(cid, origin)
            if to:
                for key in (SKIPPED_KEY, CLOSED_OUT_KEY):
                    built[key] = [r for r in built[key]
                                  if not (str(r[0]) == cid and str(r[2]) == origin)]
            else:
                unplaced.append((cid, origin))
    done = placer.plan()
    return _say_left_out(done.replace(meta=built), unplaced, placer.gave, cut)


def _say_left_out(plan: m.Plan, unplaced: Sequence[tuple[str, str]], gave: list[list[str]],
                  cut: str) -> m.Plan:
    """Every visit that found no later day is told: a customer left with none is unscheduled
    (unless it is already), one with other visits has the visit listed as left out; the
    visits given to another's only visit are listed with those left out."""
    built = dict(plan.meta)
    out = plan.schedule
    assert out is not None
    seen = set(out["customer_id"].astype(str))
    listed = set() if plan.unscheduled is None else set(plan.unscheduled["customer_id"].astype(str))
    skipped = {(str(r[0]), str(r[2])) for r in built[SKIPPED_KEY]}
    terr = dict(zip(plan.customers[m.CUSTOMER_ID].astype(str),
                    plan.customers[m.TERRITORY].astype(str), strict=True))
    rows = []
    unscheduled = plan.unscheduled
    for cid, origin in unplaced:
        reason = (tr(LATER_NO_ROOM_SAME_DAY, origin=origin) if origin == cut
                  else tr(LATER_NO_ROOM, date=cut, origin=origin))
        if cid not in seen and cid in listed and unscheduled is not None:
            # left out for room by the build, after every later day was tried: say so
            mine = (unscheduled["customer_id"].astype(str) == cid) & unscheduled[
                "reason_code"].astype(str).isin([str(Reason.CLOSED_DAY), str(Reason.NO_ROOM)])
            unscheduled = unscheduled.copy()
            unscheduled.loc[mine, "reason"] = reason
            unscheduled.loc[mine, "reason_code"] = str(Reason.CLOSED_DAY)
        elif cid not in seen:
            rows.append((cid, terr.get(cid, ""), reason, str(Reason.CLOSED_DAY)))
            listed.add(cid)
        elif cid in seen and (cid, origin) not in skipped:
            built[SKIPPED_KEY].append([cid, terr.get(cid, ""), origin, reason])
        else:  # the build's reason named its week; no later day had room: the next cycle
            built[SKIPPED_KEY] = [[*r[:3], reason, *r[4:]] if (str(r[0]), str(r[2])) == (
                cid, origin) else r for r in built[SKIPPED_KEY]]
    for giver, tid, date, cid in gave:
        name = f"{cid} {_name(plan, cid)}".strip()
        built[SKIPPED_KEY].append([giver, tid, date, tr(
            "The visit of {date} gave way to the only visit of {customer} this cycle.",
            date=date, customer=name)])
    built[GAVE_WAY_KEY] = list(built.get(GAVE_WAY_KEY) or []) + gave
    if rows:
        parts = [f for f in (unscheduled, unscheduled_frame(rows)) if f is not None and len(f)]
        unscheduled = pd.concat(parts, ignore_index=True)
    return plan.replace(meta=built, unscheduled=unscheduled)


def _name(plan: m.Plan, cid: str) -> str:
    c = plan.customers
    hit = c.loc[c[m.CUSTOMER_ID].astype(str) == cid, m.NAME]
    return str(hit.iat[0]) if len(hit) else ""


def _dates_by_customer(schedule: pd.DataFrame) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for cid, date in zip(schedule["customer_id"].astype(str), schedule["date"].astype(str),
                         strict=True):
        out.setdefault(cid, []).append(date)
    return out


def _finish(plan: m.Plan, result: m.Plan, cut: str, chosen: set[str]) -> m.Plan:
    """The unscheduled list (other territories as before; a customer with visits is not
    unscheduled) and the record of what moved."""
    out = result.schedule
    assert out is not None
    seen = set(out["customer_id"].astype(str))
    old_un, new_un = plan.unscheduled, result.unscheduled
    parts = []
    if old_un is not None:
        parts.append(old_un[~old_un["territory"].astype(str).isin(chosen)])
    if new_un is not None:
        parts.append(new_un[new_un["territory"].astype(str).isin(chosen)
                            & ~new_un["customer_id"].astype(str).isin(seen)])
    unscheduled = (pd.concat(parts, ignore_index=True) if parts else new_un)
    meta = dict(result.meta)
    meta[FROM_KEY] = {"since": cut, "territories": sorted(chosen)}
    meta[MOVES_KEY] = moves(plan.schedule, out, cut, chosen)  # type: ignore[arg-type]
    out = _last_planned(out, meta[MOVES_KEY])
    # a customer with a visit is no longer one a closed day left without any
    meta[CLOSED_OUT_KEY] = [r for r in meta.get(CLOSED_OUT_KEY) or [] if str(r[0]) not in seen]
    return result.replace(schedule=out, unscheduled=unscheduled, meta=meta)


def _last_planned(schedule: pd.DataFrame, moved: list[list[str]]) -> pd.DataFrame:
    """``schedule`` with each visit moved by the rebuild noting the day it was planned on
    last (the day the customer was told), not an older day a holiday moved it from: a
    customer moved off 1/1 to 12/16, then by the rebuild to 12/18, is told 「12/16 から振替」."""
    if not moved or "moved_from" not in schedule:
        return schedule
    lost: dict[str, set[str]] = {}
    for cid, _tid, was, _now in moved:
        lost.setdefault(cid, set()).add(was)
    out = schedule.copy()
    ids, dates = out["customer_id"].astype(str), out["date"].astype(str)
    noted = out["moved_from"].astype(str)
    for cid, _tid, was, now in moved:
        if not now:
            continue
        here = (ids == cid) & (dates == now) & ~noted.isin(lost[cid])  # the placer's: exact
        out.loc[here, "moved_from"] = was
    return out


def moves(old: pd.DataFrame, new: pd.DataFrame, cut: str, chosen: set[str]) -> list[list[str]]:
    """Per customer of the rebuilt territories, each date from ``cut`` on it lost, paired in
    order with a date it gained (``""`` when none): ``[id, territory, from, to]``."""
    def dated(frame: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
        mine = frame[frame["territory"].astype(str).isin(chosen)
                     & (frame["date"].astype(str) >= cut)]
        out: dict[tuple[str, str], list[str]] = {}
        for cid, tid, date in zip(mine["customer_id"].astype(str), mine["territory"].astype(str),
                                  mine["date"].astype(str), strict=True):
            out.setdefault((cid, tid), []).append(date)
        return out

    before, after = dated(old), dated(new)
    now_by_id: dict[str, list[str]] = {}
    for (cid, _tid), dates in after.items():
        now_by_id.setdefault(cid, []).extend(dates)
    rows: list[list[str]] = []
    for (cid, tid), dates in sorted(before.items()):
        now = now_by_id.get(cid, [])
        lost = sorted(set(dates) - set(now))
        gained = sorted(set(now) - set(dates))
        for k, date in enumerate(lost):
            rows.append([cid, tid, date, gained[k] if k < len(gained) else ""])
    return rows



def from_report(plan: m.Plan) -> list[str]:
    """What the last partial rebuild kept and moved, in lines for the output and the window:
    the days kept and the reps rebuilt, then each visit on another date now
    (``C000917 株式会社… 12/16(水) → 12/18(金)``) and each left out, with why."""
    record = plan.meta.get(FROM_KEY) or {}
    if not record:
        return []
    reps = reps_names(plan, [str(t) for t in record.get("territories") or []])
    since = str(record.get("since") or "")
    every = set(record.get("territories") or []) >= set(plan.territory_ids)
    if since and every:
        lines = [tr("The days before {date} are kept as they were; the days from it on are "
                    "built again.", date=dates_as_days(since))]
    elif since:
        lines = [tr("Kept as they were: the days before {date} and the other reps' calendars; "
                    "built again: {reps}.", date=dates_as_days(since), reps=reps)]
    else:
        lines = [tr("Built again: {reps}; the other reps' calendars are kept as they were.",
                    reps=reps)]
    c = plan.customers
    name = dict(zip(c[m.CUSTOMER_ID].astype(str), c[m.NAME].astype(str), strict=True))
    why = {(str(r[0]), str(r[2])): str(r[3]) for r in plan.meta.get(SKIPPED_KEY) or []}
    if plan.unscheduled is not None:
        for cid, reason in zip(plan.unscheduled["customer_id"].astype(str),
                               plan.unscheduled["reason"].astype(str), strict=True):
            why.setdefault((cid, ""), reason)
    # a visit moved off a closed day before (12/29 → 12/25) and left out now is listed under
    # the day it had been moved to, its reason under the day it belongs to: the customer's
    # reason of another day, rather than none
    for (cid, _date), reason in sorted(why.items()):
        why.setdefault((cid, ""), reason)
    off = {(t.id, d) for t in plan.territories for d in t.days_off}
    moved = [r for r in plan.meta.get(MOVES_KEY) or [] if r[3]]
    out = [r for r in plan.meta.get(MOVES_KEY) or [] if not r[3]]
    if moved:
        lines.append(trn("{n} visit moved to another day:", "{n} visits moved to other days:",
                         len(moved), n=len(moved)))
        lines += [f"  {cid} {name.get(cid, '')}  {dates_as_days(was)} → {dates_as_days(now)}"
                  for cid, _t, was, now in moved]
    if out:
        lines.append(trn("{n} visit found no other day:", "{n} visits found no other day:",
                         len(out), n=len(out)))
        for cid, tid, was, _now in out:
            reason = dates_as_days(retranslate(why.get((cid, was)) or why.get((cid, ""), "")))
            day = dates_as_days(was)  # said once: before the reason only when it names none
            if day not in reason and (str(tid), was) in off:  # the reason names another day
                day = tr("{date} (the rep's day off)", date=day)
            said = f"{day}: {reason}" if dates_as_days(was) not in reason else reason
            lines.append(f"  {cid} {name.get(cid, '')}  {said}".rstrip(": "))
    return lines


def reps_to_rebuild(plan: m.Plan) -> tuple[str, ...]:
    """The territories a rebuild concerns: those whose calendar still has visits on one of
    their rep's days off, whose rep's working time changed since the build (working days,
    day hours, weekly hours, start of the day, home base, days off: from the Calendar or
    Working time), and those whose customers moved in or out since."""
    s = plan.schedule
    if s is None or s.empty:
        return ()
    dates = s["date"].astype(str) if "date" in s else pd.Series("", index=s.index)
    off = {t.id for t in plan.territories
           if t.days_off and ((s["territory"] == t.id) & dates.isin(t.days_off)).any()}
    concerned = off | set(reps_changed(plan)) | set(moved_between(plan))
    return tuple(t for t in plan.territory_ids if t in concerned)


def today_inside(plan: m.Plan, today: dt.date) -> bool:
    """Whether ``today`` falls within the dated calendar's weeks (after its first day)."""
    first = first_monday(plan.settings)
    s = plan.schedule
    if first is None or s is None or s.empty or "date" not in s:
        return False
    weeks = int(plan.meta.get("schedule_weeks") or s["week"].max())
    return first < today < first + dt.timedelta(weeks=weeks)
