"""The territories a calendar names, remembered with their name and rep, so that one the plan
no longer has stays known: a rep who left (``design --retire``), fewer territories designed,
a territory deleted or merged into another in the window.

The calendar built before the hand-over still has that territory's visits: it is the
previous calendar a rebuild keeping the visit days starts from, and its customers are told
they have a new rep — "new rep (was 田中)" — on the route sheets and in the list of
changes. The plan meta keeps, under :data:`TERRITORIES_KEY`, the id, name and rep of every
territory its calendar (its visits, left-out customers and listed changes) names; it is
brought up to date whenever a calendar is built, a plan read or saved
(:func:`remember_territories`). A saved calendar's row under a territory neither the plan
nor that record knows (an id typed in a database viewer) still counts as damaged
(:mod:`planner._store_calendar`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from planner import model as m

#: The plan meta key: ``{territory id: {"name": …, "rep": …}}`` of the territories the
#: calendar names
TERRITORIES_KEY = "schedule_territories"


def remembered_ids(meta: Mapping[str, Any] | None) -> set[str]:
    """The territory ids the plan meta ``meta`` remembers for its calendar: its record, and
    those the program wrote in the calendar's lists (a plan saved before the record was
    kept: the rep who left is then named by the territory's id)."""
    saved = (meta or {}).get(TERRITORIES_KEY)
    return ({str(k) for k in saved} if isinstance(saved, Mapping) else set()) | _listed(meta)


def named_territories(plan: m.Plan) -> set[str]:
    """The territory ids the plan's calendar names: in its visits, its left-out customers,
    and its lists (:func:`_listed`)."""
    ids = _listed(plan.meta)
    for table in (plan.schedule, plan.unscheduled):
        if table is not None and "territory" in table.columns:
            ids.update(str(t) for t in table["territory"].unique())
    ids.discard("")
    return ids


def _listed(meta: Mapping[str, Any] | None) -> set[str]:
    """The territory ids the plan meta's calendar lists name: the changes it lists (the
    previous and the new rep), the visits it left out on closed days and those of a damaged
    saved calendar."""
    from planner._schedule_damaged import DAMAGED_KEY
    from planner._schedule_keep import CHANGED_KEY
    from planner._schedule_off import CLOSED_OUT_KEY, SKIPPED_KEY

    def entries(key: str) -> Iterable[Any]:
        value = (meta or {}).get(key)
        return value.values() if isinstance(value, Mapping) else value or ()

    ids: set[str] = set()
    for change in entries(CHANGED_KEY):
        if isinstance(change, (list, tuple)) and len(change) >= 6:
            ids.update((str(change[4]), str(change[5])))
    for key in (SKIPPED_KEY, CLOSED_OUT_KEY):
        ids.update(str(row[1]) for row in entries(key)
                   if isinstance(row, (list, tuple)) and len(row) > 1)
    for damaged in entries(DAMAGED_KEY):
        if isinstance(damaged, Mapping):
            ids.update(str(v[0]) for v in damaged.get("visits") or ()
                       if isinstance(v, (list, tuple)) and v)
    ids.discard("")
    return ids


def remember_territories(plan: m.Plan) -> m.Plan:
    """``plan`` with the record of the territories its calendar names brought up to date:
    the plan's own as they are now, the others (gone from the plan) as remembered."""
    meta = dict(plan.meta or {})
    saved = meta.get(TERRITORIES_KEY)
    before = dict(saved) if isinstance(saved, Mapping) else {}
    now = {t.id: t for t in plan.territories}
    record: dict[str, dict[str, str]] = {}
    for tid in sorted(named_territories(plan)):
        if tid in now:
            record[tid] = {"name": now[tid].name or "", "rep": now[tid].rep or ""}
        elif isinstance(before.get(tid), Mapping):
            record[tid] = {"name": str(before[tid].get("name") or ""),
                           "rep": str(before[tid].get("rep") or "")}
    if record == before or (not record and TERRITORIES_KEY not in meta):
        return plan
    if record:
        meta[TERRITORIES_KEY] = record
    else:
        meta.pop(TERRITORIES_KEY, None)
    return plan.replace(meta=meta)


def former_territories(plan: m.Plan) -> tuple[m.Territory, ...]:
    """The territories the calendar names that the plan no longer has, as remembered (id,
    name and rep)."""
    saved = (plan.meta or {}).get(TERRITORIES_KEY)
    if not isinstance(saved, Mapping):
        return ()
    have = set(plan.territory_ids)
    return tuple(m.Territory(id=str(tid), name=str(info.get("name") or ""),
                             rep=str(info.get("rep") or ""))
                 for tid, info in saved.items() if str(tid) not in have
                 and isinstance(info, Mapping))


def calendar_territories(plan: m.Plan) -> tuple[m.Territory, ...]:
    """The plan's territories, then those its calendar names that it no longer has: for
    naming the previous rep of a customer who changed hands."""
    return (*plan.territories, *former_territories(plan))
