"""The territories a calendar names, remembered with their name and rep, so that one the plan
no longer has stays known: a rep who left (``design --retire``), fewer territories designed,
a territory deleted or merged into another in the window.

The calendar built before the hand-over still has that territory's visits: it is the
previous calendar a rebuild keeping the visit days starts from, and its customers are told
they have a new rep — "new rep (was 田中)" — on the route sheets and in the list of
changes. The plan meta keeps, under :data:`TERRITORIES_KEY`, the id, name and rep of every
territory its calendar (its visits, left-out customers and listed changes) names; it is
brought up to date whenever a calendar is built, a plan read or saved
(:func:`remember_territories`), each as it was when the calendar was built: a rep replaced
since in the same territory (山田 → 佐藤) is still the rep the customers know, so the next
rebuild tells them "new rep (was 山田)". The build keeps the previous calendar's record of the
territories whose customers it tells (:data:`PREVIOUS_KEY`, :class:`RepNames`), to name the
rep they knew. A saved calendar's row under a territory neither the plan
nor that record knows (an id typed in a database viewer) still counts as damaged
(:mod:`planner._store_calendar`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from planner import model as m
from planner.cells import text_key

#: The plan meta key: ``{territory id: {"name": …, "rep": …}}`` of the territories the
#: calendar names
TERRITORIES_KEY = "schedule_territories"
#: The plan meta key: the previous calendar's record (as :data:`TERRITORIES_KEY`) of the
#: territories the last build tells customers they left, to name the rep they knew
PREVIOUS_KEY = "schedule_previous_territories"


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
    from planner._schedule_off import CLOSED_OUT_KEY, SKIPPED_KEY
    from planner._schedule_told import CHANGED_KEY

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


def remember_territories(plan: m.Plan, *, built: bool = False) -> m.Plan:
    """``plan`` with the record of the territories its calendar names brought up to date:
    those it names that the record lacks added as they are now, the others kept as
    remembered (the rep the calendar was built with); ``built``: the calendar was just
    built, the plan's own territories recorded as they are now."""
    meta = dict(plan.meta or {})
    saved = meta.get(TERRITORIES_KEY)
    before = dict(saved) if isinstance(saved, Mapping) else {}
    now = {t.id: t for t in plan.territories}
    record: dict[str, dict[str, str]] = {}
    for tid in sorted(named_territories(plan)):
        if isinstance(before.get(tid), Mapping) and not (built and tid in now):
            record[tid] = _entry(before[tid])
        elif tid in now:
            record[tid] = {"name": now[tid].name or "", "rep": now[tid].rep or ""}
    if record == before or (not record and TERRITORIES_KEY not in meta):
        return plan
    if record:
        meta[TERRITORIES_KEY] = record
    else:
        meta.pop(TERRITORIES_KEY, None)
    return plan.replace(meta=meta)


def _entry(info: Mapping[str, Any]) -> dict[str, str]:
    return {"name": str(info.get("name") or ""), "rep": str(info.get("rep") or "")}


def built_record(plan: m.Plan, ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """The record of territories ``ids`` as the plan's calendar was built with them (the
    plan's own as they are now where the record lacks one): what a rebuild keeps under
    :data:`PREVIOUS_KEY`."""
    saved = (plan.meta or {}).get(TERRITORIES_KEY)
    saved = saved if isinstance(saved, Mapping) else {}
    now = {t.id: t for t in plan.territories}
    out: dict[str, dict[str, str]] = {}
    for tid in sorted(set(ids)):
        if isinstance(saved.get(tid), Mapping):
            out[tid] = _entry(saved[tid])
        elif tid in now:
            out[tid] = {"name": now[tid].name or "", "rep": now[tid].rep or ""}
    return out


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


def _territories(record: object) -> dict[str, m.Territory]:
    if not isinstance(record, Mapping):
        return {}
    return {str(tid): m.Territory(id=str(tid), name=str(info.get("name") or ""),
                                  rep=str(info.get("rep") or ""))
            for tid, info in record.items() if isinstance(info, Mapping)}


def _rep_key(territory: m.Territory | None, tid: str) -> str:
    """Who the rep of territory ``tid`` is, for telling a change of rep: the rep's name
    (山田太郎 = 山田 太郎), else the territory."""
    return (text_key(territory.rep) if territory is not None else "") or f"#{tid}"


@dataclass(frozen=True)
class RepNames:
    """The reps the customers knew (the previous calendar's) and have now, per territory id:
    whether a listed change (:func:`planner._schedule_told.changed_days`) gives a customer
    another rep — another territory with another rep, or the same territory whose rep was
    replaced — and how to name them."""

    before: Mapping[str, m.Territory]
    now: Mapping[str, m.Territory]
    title: Callable[[m.Territory], str]

    @classmethod
    def of(cls, plan: m.Plan, title: Callable[[m.Territory], str]) -> RepNames:
        """As the plan's last build told its customers: the previous calendar's territories
        as it had them, the plan's (and those gone, as remembered) now."""
        now = {t.id: t for t in calendar_territories(plan)}
        return cls({**now, **_territories((plan.meta or {}).get(PREVIOUS_KEY))}, now, title)

    @classmethod
    def building(cls, plan: m.Plan) -> RepNames:
        """For a build from ``plan``: its calendar's territories as they were built, and the
        plan's now."""
        now = {t.id: t for t in plan.territories}
        return cls({**now, **_territories((plan.meta or {}).get(TERRITORIES_KEY))}, now,
                   lambda t: t.rep or t.name or t.id)

    @classmethod
    def plain(cls, titles: Mapping[str, str] | None) -> RepNames:
        """Reps named ``titles`` (territory id → name): another territory, another rep."""
        every = {tid: m.Territory(id=tid, name=str(name)) for tid, name in (titles or {}).items()}
        return cls(every, every, lambda t: t.name)

    def changed(self, old: object, new: object) -> bool:
        """Whether a customer of territory ``old`` in the previous calendar has another rep
        in territory ``new``."""
        old, new = str(old), str(new)
        if old == new and old not in self.before:
            return False
        return _rep_key(self.before.get(old), old) != _rep_key(self.now.get(new), new)

    def previous(self, old: object) -> str:
        """The rep the customers of territory ``old`` knew, named."""
        t = self.before.get(str(old))
        return (self.title(t) if t is not None else "") or str(old)

    def current(self, tid: object) -> str:
        """The rep of territory ``tid`` now, named."""
        t = self.now.get(str(tid))
        return (self.title(t) if t is not None else "") or str(tid)
