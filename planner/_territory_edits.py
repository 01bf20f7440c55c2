"""Territory edits: create, delete, update fields (import them from ``edits``; merge, split and
reshape are in :mod:`planner._territory_shapes`).

Edits that move customers between territories return a :class:`SetTerritories`
inverse: the territory records as they were plus the moved customers' former
assignments, which restores everything in one step.
"""

from __future__ import annotations

import datetime as dt
import numbers
import re
from dataclasses import dataclass
from typing import Any

from shapely.geometry.base import BaseGeometry

from planner import model as m
from planner._edit_base import (
    SCHEDULE_STALE,
    Changes,
    Edit,
    _rows,
    _set_columns,
    applies,
    mark_stale,
    unassigned_unlocked,
)
from planner._schedule_dates import calendar_weeks, first_monday
from planner._territory_colours import free_colour
from planner.cells import text_key
from planner.days_off import normalize_dates
from planner.errors import PlannerError
from planner.geometry import polygonal
from planner.i18n import tr
from planner.japan_extent import in_japan
from planner.rep_days import normalize_days

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
#: Territory fields an :class:`UpdateTerritory` may set.
UPDATABLE = ("name", "rep", "color", "home_lat", "home_lon", "capacity_hours", "boundary",
             "working_days", "day_hours", "days_off", "day_start")


def _index(plan: m.Plan, territory_id: str) -> int:
    for i, t in enumerate(plan.territories):
        if t.id == territory_id:
            return i
    raise PlannerError(tr("Unknown territory: {id}.", id=territory_id))


def _check_fields(values: dict[str, Any]) -> None:
    """Raise :class:`PlannerError` when a territory field value is unusable."""
    if "name" in values and not str(values["name"]).strip():
        raise PlannerError(tr("A territory needs a name."))
    if "color" in values and not _COLOR.match(str(values["color"])):
        raise PlannerError(tr("A colour must look like #1f77b4."))
    if "capacity_hours" in values:
        cap = values["capacity_hours"]
        if not (isinstance(cap, numbers.Real) and 0 < float(cap) <= 168):
            raise PlannerError(tr("Capacity must be more than 0 and at most 168 hours a week."))
    if "home_lat" in values or "home_lon" in values:
        lat, lon = values.get("home_lat"), values.get("home_lon")
        if (lat is None) != (lon is None):
            raise PlannerError(tr("A position needs both a latitude and a longitude."))
        if (
            lat is not None
            and lon is not None
            and not in_japan(float(lat), float(lon))
        ):
            raise PlannerError(tr("That position is outside Japan."))
    if values.get("day_hours") is not None:
        hours = values["day_hours"]
        if not (isinstance(hours, numbers.Real) and 0 < float(hours) <= 24):
            raise PlannerError(tr("A working day must be between 0 and 24 hours."))
    days = values.get("working_days")
    if days is not None and tuple(days) != normalize_days(days):
        raise PlannerError(tr("Working days must be weekday codes in week order (mon … sun)."))
    start = values.get("day_start")
    if start:
        from planner.routing import parse_clock

        try:
            parse_clock(str(start))
        except PlannerError:
            raise PlannerError(tr("The start of the day must look like 09:00.")) from None
    off = values.get("days_off")
    if off is not None and tuple(off) != normalize_dates(off):
        raise PlannerError(tr("Days off must be dates like 2026-12-24, in order."))
    if "boundary" in values and values["boundary"] is not None:
        if not isinstance(values["boundary"], BaseGeometry):
            raise PlannerError(tr("The new boundary is not a shape."))


def free_name(plan: m.Plan, base: str) -> str:
    """``base`` when no territory has that name, else ``base 2``, ``base 3`` … the first
    free one (two territories of one name cannot be told apart in the menus and sheets)."""
    names = {t.name.strip() for t in plan.territories}
    if base.strip() not in names:
        return base
    stem = re.sub(r" \d+$", "", base.strip())
    k = 2
    while f"{stem} {k}" in names:
        k += 1
    return f"{stem} {k}"


def new_territory(plan: m.Plan, name: str, *, near: BaseGeometry | None = None,
                  **fields: Any) -> m.Territory:
    """A territory record with a fresh id and a colour no other territory uses; one that
    stands apart from the colours of the territories its area (``near``, else its
    ``boundary``) meets."""
    color = free_colour(plan, near=near if near is not None else fields.get("boundary"))
    tid = fields.pop("id", None) or plan.next_territory_id()
    values: dict[str, Any] = {"color": color, **fields}
    return m.Territory(id=tid, name=name, **values)


# --- restoring snapshot ---------------------------------------------------------------


@dataclass(frozen=True)
class SetTerritories(Edit):
    """Set all territory records and the assignment of some customers (the inverse of big edits)."""

    territories: tuple[m.Territory, ...]
    customer_ids: tuple[str, ...] = ()
    assignments: tuple[str, ...] = ()
    schedule_stale: bool | None = None
    label: str = ""
    locks: tuple[bool, ...] = ()  # the customers' lock flags to restore (inverses)

    def describe(self) -> str:
        return self.label or tr("Change territories")


def _apply_territories(
    plan: m.Plan,
    territories: tuple[m.Territory, ...],
    customer_ids: tuple[str, ...],
    assignments: tuple[str, ...],
    schedule_stale: bool | None,
    label: str,
    locks: tuple[bool, ...] = (),
) -> tuple[m.Plan, Edit, Changes]:
    """Shared by every territory-level edit: set records, move customers, return the inverse.

    A lock keeps a customer in its territory, so a customer left without one is unlocked
    (``locks``, set by inverses, gives the flags instead)."""
    ids = [t.id for t in territories]
    if len(set(ids)) != len(ids):
        raise PlannerError(tr("Two territories share the same id."))
    if len(assignments) != len(customer_ids):
        raise ValueError("one assignment per customer expected")
    known = set(ids) | {""}
    bad = set(assignments) - known
    if bad:
        raise PlannerError(tr("Unknown territory: {id}.", id=", ".join(sorted(bad))))
    new = plan.replace(territories=tuple(territories))
    old_assign: tuple[str, ...] = ()
    old_locks: tuple[bool, ...] = ()
    if customer_ids:
        rows = _rows(plan, customer_ids)
        columns: dict[str, tuple[Any, ...]] = {m.TERRITORY: assignments}
        lock_flags = unassigned_unlocked(plan, rows, assignments, locks)
        if lock_flags is not None:
            columns[m.LOCKED] = lock_flags
        new, old = _set_columns(new, rows, columns)
        old_assign = old[m.TERRITORY]
        old_locks = tuple(bool(f) for f in old.get(m.LOCKED, ()))
    orphans = set(new.customers[m.TERRITORY].unique()) - known
    if orphans:
        raise PlannerError(tr("Unknown territory: {id}.", id=", ".join(sorted(orphans))))
    flag: bool | None = None
    stale = Changes()
    homes_changed = _homes(plan.territories) != _homes(territories)
    days_changed = {t.id: t.working_days for t in plan.territories if t.working_days} != {
        t.id: t.working_days for t in territories if t.working_days}
    if customer_ids or homes_changed or days_changed or schedule_stale is not None:
        new, flag, stale = mark_stale(plan, new, schedule_stale)
    elif plan.schedule is not None:
        flag = bool(plan.meta.get(SCHEDULE_STALE, False))
    inverse = SetTerritories(plan.territories, customer_ids, old_assign, flag, label, old_locks)
    changes = Changes(territories=True, assignment=bool(customer_ids), customer_ids=customer_ids)
    return new, inverse, changes | stale


def _homes(territories: tuple[m.Territory, ...]) -> dict[str, tuple[float | None, float | None]]:
    return {t.id: (t.home_lat, t.home_lon) for t in territories}


@applies(SetTerritories)
def _set_territories(plan: m.Plan, edit: SetTerritories) -> tuple[m.Plan, Edit, Changes]:
    return _apply_territories(
        plan, edit.territories, edit.customer_ids, edit.assignments, edit.schedule_stale, edit.label,
        edit.locks,
    )


# --- create / delete ----------------------------------------------------------------


@dataclass(frozen=True)
class CreateTerritory(Edit):
    """Add a territory (at ``index``, default last); see :func:`new_territory` for a fresh id."""

    territory: m.Territory
    index: int | None = None

    def describe(self) -> str:
        return tr("Create territory {name}", name=self.territory.name)


@applies(CreateTerritory)
def _create(plan: m.Plan, edit: CreateTerritory) -> tuple[m.Plan, Edit, Changes]:
    t = edit.territory
    if not t.id.strip():
        raise PlannerError(tr("A territory needs an id."))
    if t.id in plan.territory_ids:
        raise PlannerError(tr("A territory with the id {id} already exists.", id=t.id))
    _check_fields({f: getattr(t, f) for f in UPDATABLE})
    if t.boundary is not None:
        t = t.replace(boundary=polygonal(t.boundary))
    territories = list(plan.territories)
    territories.insert(len(territories) if edit.index is None else edit.index, t)
    new = plan.replace(territories=tuple(territories))
    # the undo gives the territories back as they were and the calendar its flag (a plain
    # delete would mark the calendar stale: the territories' homes differ)
    flag = None if plan.schedule is None else bool(plan.meta.get(SCHEDULE_STALE, False))
    inverse = SetTerritories(plan.territories, schedule_stale=flag, label=edit.describe())
    return new, inverse, Changes(territories=True)


@dataclass(frozen=True)
class DeleteTerritory(Edit):
    """Remove a territory; its customers become unassigned and unlocked (undo restores all)."""

    territory_id: str

    def describe(self) -> str:
        return tr("Delete territory {id}", id=self.territory_id)


@applies(DeleteTerritory)
def _delete(plan: m.Plan, edit: DeleteTerritory) -> tuple[m.Plan, Edit, Changes]:
    i = _index(plan, edit.territory_id)
    territories = plan.territories[:i] + plan.territories[i + 1 :]
    members = _members(plan, edit.territory_id)
    return _apply_territories(
        plan, territories, members, ("",) * len(members), None, edit.describe()
    )


def _members(plan: m.Plan, territory_id: str) -> tuple[str, ...]:
    mask = plan.customers[m.TERRITORY].to_numpy(dtype=object) == territory_id
    return tuple(plan.customers[m.CUSTOMER_ID].to_numpy(dtype=object)[mask].tolist())


# --- field updates -------------------------------------------------------------------


@dataclass(frozen=True)
class UpdateTerritory(Edit):
    """Set fields of one territory (``fields`` as (name, value) pairs from :data:`UPDATABLE`)."""

    territory_id: str
    fields: tuple[tuple[str, Any], ...]
    schedule_stale: bool | None = None
    #: set by inverses: the fields as the territory had them, put back as they are (an older
    #: plan's territory without a name, or named as another, is not refused on undo)
    stored: bool = False

    @classmethod
    def of(cls, territory_id: str, **values: Any) -> UpdateTerritory:
        return cls(territory_id, tuple(values.items()))

    def describe(self) -> str:
        if {k for k, _v in self.fields} == {"days_off"}:  # a rep off sick: not the territory
            return tr("Set the days off of {id}", id=self.territory_id)
        return tr("Change territory {id}", id=self.territory_id)


@applies(UpdateTerritory)
def _update(plan: m.Plan, edit: UpdateTerritory) -> tuple[m.Plan, Edit, Changes]:
    values = dict(edit.fields)
    unknown = set(values) - set(UPDATABLE)
    if unknown:
        raise ValueError(f"not a territory field: {', '.join(sorted(unknown))}")
    i = _index(plan, edit.territory_id)
    old_t = plan.territories[i]
    if not edit.stored:
        _check_new_fields(plan, i, values)
    new_t = old_t.replace(**values)
    if not edit.stored:
        _check_fields({"home_lat": new_t.home_lat, "home_lon": new_t.home_lon})
    territories = plan.territories[:i] + (new_t,) + plan.territories[i + 1 :]
    new = plan.replace(territories=territories)
    changes = Changes(territories=True)
    flag: bool | None = None
    moved_home = (old_t.home_lat, old_t.home_lon) != (new_t.home_lat, new_t.home_lon)
    own_time = (old_t.working_days, old_t.day_hours, old_t.day_start,
                old_t.capacity_hours) != (
        new_t.working_days, new_t.day_hours, new_t.day_start,
        new_t.capacity_hours,  # a part-timer's weekly hours make their days
    ) or _days_off_in_calendar(plan, set(old_t.days_off) ^ set(new_t.days_off))
    if moved_home or own_time or edit.schedule_stale is not None:
        new, flag, stale = mark_stale(plan, new, edit.schedule_stale)
        changes = changes | stale
    inverse = UpdateTerritory(
        edit.territory_id, tuple((k, getattr(old_t, k)) for k in values), flag, stored=True
    )
    return new, inverse, changes


def _days_off_in_calendar(plan: m.Plan, dates: set[str]) -> bool:
    """Whether days off set or taken back (ISO) change the present calendar: not when each
    lies outside its dates (January's 1/15 off, typed while December's calendar is handed
    out, left it 「作成後にプランが変更されました」 and its exports asking)."""
    if not dates:
        return False
    first = first_monday(plan.settings)
    if first is None or plan.schedule is None:
        return True  # no dates to tell: as before
    last = first + dt.timedelta(weeks=calendar_weeks(plan), days=-1)
    try:
        return any(first <= dt.date.fromisoformat(d) <= last for d in dates)
    except ValueError:
        return True


def _check_new_fields(plan: m.Plan, i: int, values: dict[str, Any]) -> None:
    """Refuse unusable values for territory ``i`` (with one sentence); a new boundary in
    ``values`` becomes polygonal."""
    _check_fields({k: v for k, v in values.items() if k not in ("home_lat", "home_lon")})
    name = str(values.get("name") or "").strip()
    if name and name != plan.territories[i].name and any(
        t.name.strip() == name for k, t in enumerate(plan.territories) if k != i
    ):  # two rows of one name: the assign menu and the route sheets could not tell them apart
        raise PlannerError(
            tr("Another territory is already called {name}; choose another name.", name=name)
        )
    if values.get("boundary") is not None:
        values["boundary"] = polygonal(values["boundary"])


@dataclass(frozen=True)
class RenameTerritory(Edit):
    """Give a territory a new name."""

    territory_id: str
    name: str

    def describe(self) -> str:
        return tr("Rename territory {id}", id=self.territory_id)


@dataclass(frozen=True)
class RecolorTerritory(Edit):
    """Give a territory a new colour (``#rrggbb``)."""

    territory_id: str
    color: str

    def describe(self) -> str:
        return tr("Change colour of {id}", id=self.territory_id)


@dataclass(frozen=True)
class SetRep(Edit):
    """Set the rep (担当) who works a territory."""

    territory_id: str
    rep: str

    def describe(self) -> str:
        return tr("Set rep of {id}", id=self.territory_id)


@dataclass(frozen=True)
class SetHome(Edit):
    """Set (or clear with None) the rep's start point of a territory."""

    territory_id: str
    lat: float | None
    lon: float | None

    def describe(self) -> str:
        return tr("Set home base of {id}", id=self.territory_id)


@dataclass(frozen=True)
class SetCapacity(Edit):
    """Set the hours per week a territory's rep can work."""

    territory_id: str
    hours: float

    def describe(self) -> str:
        return tr("Set capacity of {id}", id=self.territory_id)


@dataclass(frozen=True)
class SetWorkingDays(Edit):
    """Set the weekdays a territory's rep works (``()`` = the plan's working days)."""

    territory_id: str
    days: tuple[str, ...]

    def describe(self) -> str:
        return tr("Set working days of {id}", id=self.territory_id)


def _as_update(edit: Any) -> UpdateTerritory:
    if isinstance(edit, RenameTerritory):
        return UpdateTerritory.of(edit.territory_id, name=edit.name)
    if isinstance(edit, RecolorTerritory):
        return UpdateTerritory.of(edit.territory_id, color=edit.color)
    if isinstance(edit, SetRep):
        return UpdateTerritory.of(edit.territory_id, rep=edit.rep)
    if isinstance(edit, SetHome):
        lat = None if edit.lat is None else float(edit.lat)
        lon = None if edit.lon is None else float(edit.lon)
        return UpdateTerritory.of(edit.territory_id, home_lat=lat, home_lon=lon)
    if isinstance(edit, SetWorkingDays):
        return UpdateTerritory.of(edit.territory_id, working_days=normalize_days(edit.days))
    return UpdateTerritory.of(edit.territory_id, capacity_hours=float(edit.hours))


def _named_update(plan: m.Plan, edit: Edit) -> tuple[m.Plan, Edit, Changes]:
    update = _as_update(edit)
    if isinstance(edit, SetRep):
        update = _name_follows_rep(plan, edit, update)
    return _update(plan, update)


def _name_follows_rep(plan: m.Plan, edit: SetRep, update: UpdateTerritory) -> UpdateTerritory:
    """A territory named after its rep (as an imported 担当 column names them) takes the new
    rep's name with the rep, so the map, the calendar and the hand-outs name the new rep, not
    the old; a name of its own (東京エリア) stays. A rep given a second territory named after
    them: it is told apart as ``山田太郎 2`` (never left with the old rep's name)."""
    old = plan.territories[_index(plan, edit.territory_id)]
    new_rep = edit.rep.strip()
    if not new_rep or not old.rep.strip() or text_key(old.name) != text_key(old.rep):
        return update
    others = plan.replace(territories=tuple(t for t in plan.territories if t.id != old.id))
    return UpdateTerritory.of(edit.territory_id, rep=edit.rep, name=free_name(others, new_rep))


for _type in (RenameTerritory, RecolorTerritory, SetRep, SetHome, SetCapacity, SetWorkingDays):
    applies(_type)(_named_update)
