"""What each rep's calendar was built with, to tell which reps' working time or customers
changed since: those a rebuild of only some reps concerns.

A build records, per territory, the rep's working time as the calendar used it
(:data:`WORKING_TIME_KEY`): the weekdays worked, the longest day (own hours, or weekly
hours shared over the days), the start of the day, the home base routes start from, and
the days off. :func:`reps_changed` compares it with the plan now; a plan built before the
record was kept is compared on what its meta has (own days and own day hours) and on the
days off that still hold visits. :func:`moved_between` names the territories whose
customers moved in or out since (added, deleted, given to another rep): rebuilding one
side alone would leave the customer on both calendars or on neither.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from planner import model as m
from planner.rep_days import rep_day_hours, rep_day_start, territory_days

#: Plan meta: ``{territory id: {"days": […], "hours": h, "start": "HH:MM", "home": [lat, lon]
#: or None, "off": [ISO dates]}}`` as the calendar was built for each rep.
WORKING_TIME_KEY = "schedule_working_time"


def working_time(plan: m.Plan, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Territory id → its rep's working time under the plan's settings (every territory, or
    those of ``ids``)."""
    s = plan.settings
    wanted = None if ids is None else set(ids)
    out: dict[str, dict[str, Any]] = {}
    for t in plan.territories:
        if wanted is not None and t.id not in wanted:
            continue
        days = territory_days(t, s.working_days)
        home = [round(float(t.home_lat), 7), round(float(t.home_lon), 7)] if t.has_home else None  # type: ignore[arg-type]
        out[t.id] = {"days": list(days),
                     "hours": round(rep_day_hours(t, s.day_hours, len(days)), 4),
                     "start": rep_day_start(t, s.day_start), "home": home,
                     "off": sorted(str(d) for d in t.days_off)}
    return out


def record_working_time(plan: m.Plan, keep: Mapping[str, Any] | None = None,
                        ids: Iterable[str] | None = None) -> m.Plan:
    """``plan`` with its working-time record: the territories ``ids`` (every one) as they are
    now, the others as ``keep`` (a previous record) has them."""
    record = {k: v for k, v in dict(keep or {}).items() if k in set(plan.territory_ids)}
    record.update(working_time(plan, ids))
    return plan.replace(meta={**plan.meta, WORKING_TIME_KEY: record})


def reps_changed(plan: m.Plan) -> tuple[str, ...]:
    """The territories whose rep's working time differs from the calendar's record (days off
    compared within the calendar's dates); without a record, those whose own days or day
    hours differ from the build's or whose days off still hold visits."""
    s = plan.schedule
    if s is None or s.empty:
        return ()
    dates = set(s["date"].astype(str)) if "date" in s else set()
    now = working_time(plan)
    saved = (plan.meta or {}).get(WORKING_TIME_KEY)
    if isinstance(saved, Mapping):
        first, last = (min(dates - {""}, default=""), max(dates - {""}, default=""))

        def within(off: Iterable[str]) -> set[str]:
            return {d for d in off if first <= d <= last}

        changed = list(_changed_before_record(plan, now, dates, set(now) - set(saved)))
        for tid, was in saved.items():
            if tid not in now or not isinstance(was, Mapping):
                continue
            new = now[tid]
            if any(new[k] != was.get(k) for k in ("days", "hours", "start", "home")) or (
                    within(new["off"]) != within(was.get("off") or ())):
                changed.append(tid)
        return tuple(t for t in plan.territory_ids if t in changed)
    return _changed_before_record(plan, now, dates, set(now))


def _changed_before_record(plan: m.Plan, now: Mapping[str, Mapping[str, Any]],
                           dates: set[str], ids: set[str]) -> tuple[str, ...]:
    """:func:`reps_changed` of the territories ``ids`` the record lacks (a calendar built
    before it was kept)."""
    meta = plan.meta or {}
    s = plan.schedule
    assert s is not None
    plan_days = list(meta.get("schedule_days") or plan.settings.working_days)
    own_days = meta.get("schedule_days_by_territory") or {}
    plan_hours = float(meta.get("schedule_day_hours") or plan.settings.day_hours)
    own_hours = meta.get("schedule_day_hours_by_territory") or {}
    out = []
    for t in plan.territories:
        if t.id not in ids:
            continue
        days = list(own_days.get(t.id) or plan_days)
        hours = round(float(own_hours.get(t.id, plan_hours)), 2)
        off = dates & set(t.days_off)
        if (now[t.id]["days"] != days or round(now[t.id]["hours"], 2) != hours
                or (off and ((s["territory"] == t.id) & s["date"].astype(str).isin(off)).any())):
            out.append(t.id)
    return tuple(out)


def moves_since(plan: m.Plan) -> set[tuple[str, str]]:
    """The (territory before, territory now) of every customer that moved since the calendar
    was built: now of another territory than its visits (or its unscheduled row); ``""``
    for one added since, or one the plan no longer has."""
    s = plan.schedule
    if s is None or s.empty:
        return set()
    was: dict[str, str] = {}
    for table in (plan.unscheduled, s):  # the calendar's visits win
        if table is not None and len(table):
            was.update(zip(table["customer_id"].astype(str), table["territory"].astype(str),
                           strict=True))
    c = plan.customers
    now = dict(zip(c[m.CUSTOMER_ID].astype(str), c[m.TERRITORY].astype(str), strict=True))
    pairs = {(was.get(cid, ""), tid) for cid, tid in now.items() if was.get(cid, "") != tid}
    return pairs | {(tid, "") for cid, tid in was.items() if cid not in now}


def moved_between(plan: m.Plan) -> tuple[str, ...]:
    """The territories whose customers moved in or out since the calendar was built
    (:func:`moves_since`): rebuilding one side alone would leave a customer on both
    calendars or on neither."""
    touched = {t for pair in moves_since(plan) for t in pair}
    return tuple(t for t in plan.territory_ids if t in touched)
