"""Every user edit as a small frozen record; ``apply_edit(plan, edit)`` applies one.

``apply_edit`` returns ``(new_plan, inverse_edit, changes)``: applying the
inverse to the new plan gives the original plan back, which is what undo does.
The UI wraps this in ONE generic QUndoCommand; the core never knows about Qt.

Schedule staleness: an edit that changes assignments, frequencies, customers,
home bases or settings keeps ``plan.schedule`` but sets
``plan.meta["schedule_stale"] = True`` (when a schedule exists); its inverse
carries the previous flag in its ``schedule_stale`` field, so undo restores it.
Setting customers' closing days (:class:`SetClosedDays`), visit days (:class:`SetVisitDays`)
or visit weeks (:class:`SetVisitWeek`), or visiting hours (:class:`SetVisitTime`), or a rep's own working days (:class:`SetWorkingDays`), marks the calendar stale too;
setting customers' rank (:class:`SetRank`, ``planner/_customer_rank.py``) does when their visits change.
The territory edits (create, delete, rename, merge, split, reshape …) live in
``planner/_territory_edits.py``, the calendar's hand edits (move visits to another day) in
``planner/_calendar_edits.py``, the customers' closing and visit days, visit week and hours in
``planner/_customer_texts.py``; all are importable from here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import geopandas as gpd
import numpy as np
import shapely

from planner import model as m
from planner._edit_base import (
    SCHEDULE_STALE,
    Changes,
    Edit,
    _rows,
    _set_column,
    _set_columns,
    applies,
    apply_edit,
    changing,
    mark_stale,
    only,
    record_overrides,
    unassigned_unlocked,
)
from planner._position_notes import settled_by_hand
from planner.errors import PlannerError
from planner.i18n import tr, trn
from planner.japan_extent import in_japan

# --- customer edits -----------------------------------------------------------


@dataclass(frozen=True)
class AssignCustomers(Edit):
    """Put customers into territories (one territory id per customer; "" = unassigned, which
    also unlocks them: a lock keeps a customer in its territory)."""

    customer_ids: tuple[str, ...]
    territories: tuple[str, ...]
    schedule_stale: bool | None = None  # set by inverses: the flag to restore
    locks: tuple[bool, ...] = ()  # set by inverses: the lock flags to restore

    @classmethod
    def to(cls, customer_ids: Any, territory: str) -> AssignCustomers:
        ids = tuple(customer_ids)
        return cls(ids, (territory,) * len(ids))

    def describe(self) -> str:
        if self.territories and not any(self.territories):  # taken out of their territories
            return trn("Unassign {n} customer", "Unassign {n} customers",
                       len(self.customer_ids))
        return trn(
            "Assign {n} customer", "Assign {n} customers",
            len(self.customer_ids))

    def describe_for(self, plan: m.Plan) -> str:
        """:meth:`describe` naming the territory when every customer goes to the same one
        (the undo menu's 「3件の顧客を練馬エリアに割り当て」)."""
        into = set(self.territories)
        names = {t.id: t.name or t.id for t in plan.territories}
        if len(into) != 1 or (tid := next(iter(into))) not in names:
            return self.describe()
        return trn("Assign {n} customer to {name}", "Assign {n} customers to {name}",
                   len(self.customer_ids), name=names[tid])

    def without_no_ops(self, plan: m.Plan) -> AssignCustomers:
        """Only the customers not in their territory yet, or locked without one (an undo,
        which restores the calendar's flag, keeps them all)."""
        if self.schedule_stale is not None:
            return self
        keep = changing(plan, self.customer_ids, m.TERRITORY, self.territories)
        flags = unassigned_unlocked(plan, _rows(plan, self.customer_ids), self.territories,
                                    self.locks)
        if flags is not None:
            keep |= changing(plan, self.customer_ids, m.LOCKED, flags)
        return only(self, keep, "territories", *(("locks",) if self.locks else ()))


@applies(AssignCustomers)
def _assign(plan: m.Plan, edit: AssignCustomers) -> tuple[m.Plan, Edit, Changes]:
    known = set(plan.territory_ids) | {""}
    bad = set(edit.territories) - known
    if bad:
        raise PlannerError(tr("Unknown territory: {id}.", id=", ".join(sorted(bad))))
    edit = edit.without_no_ops(plan)
    if not edit.customer_ids and edit.schedule_stale is None:
        return plan, edit, Changes()  # everyone is there already: nothing changes
    rows = _rows(plan, edit.customer_ids)
    columns: dict[str, tuple[Any, ...]] = {m.TERRITORY: edit.territories}
    flags = unassigned_unlocked(plan, rows, edit.territories, edit.locks)
    if flags is not None:
        columns[m.LOCKED] = flags
    new, old = _set_columns(plan, rows, columns)
    new, flag, stale = mark_stale(plan, new, edit.schedule_stale)
    # the undo puts every lock back as it was, even one this assignment kept: an older plan's
    # customer locked without a territory, assigned, is unassigned and locked again
    old_locks = tuple(plan.customers[m.LOCKED].to_numpy(dtype=bool)[rows].tolist())
    return (
        new,
        AssignCustomers(edit.customer_ids, old[m.TERRITORY], flag, old_locks),
        Changes(assignment=True, customer_ids=edit.customer_ids) | stale,
    )


@dataclass(frozen=True)
class SetFrequency(Edit):
    """Set the visit frequency (visits per 4 weeks) of customers."""

    customer_ids: tuple[str, ...]
    frequencies: tuple[float, ...]
    schedule_stale: bool | None = None
    # set by inverses: the hand-set list (meta["frequency_overrides"]) to restore, and
    # whether the plan had none; otherwise the ids are marked hand-set (NaN clears the mark)
    overrides: tuple[str, ...] | None = None
    overrides_absent: bool = False

    def describe(self) -> str:
        return trn(
            "Set frequency of {n} customer", "Set frequency of {n} customers",
            len(self.customer_ids))

    def without_no_ops(self, plan: m.Plan) -> SetFrequency:
        """Only the customers whose frequency changes: one set to the frequency it has is
        not marked hand-set (an undo, which restores the marks, keeps them all)."""
        if self.schedule_stale is not None or self.overrides is not None:
            return self
        return only(
            self, changing(plan, self.customer_ids, m.FREQUENCY, self.frequencies),
            "frequencies",
        )


@applies(SetFrequency)
def _set_frequency(plan: m.Plan, edit: SetFrequency) -> tuple[m.Plan, Edit, Changes]:
    freq = np.asarray(edit.frequencies, dtype=float)
    if (freq < 0).any():  # NaN (= use the rank rule) is allowed, as the importer leaves it
        raise PlannerError(tr("Visit frequencies cannot be negative."))
    edit = edit.without_no_ops(plan)
    if not edit.customer_ids and edit.schedule_stale is None and edit.overrides is None:
        return plan, edit, Changes()  # every frequency is that already: nothing changes
    new, old = _set_column(plan, edit.customer_ids, m.FREQUENCY, edit.frequencies)
    new, marks, absent = record_overrides(
        plan, new, edit.customer_ids, edit.frequencies, edit.overrides, edit.overrides_absent
    )
    new, flag, stale = mark_stale(plan, new, edit.schedule_stale)
    return (
        new,
        SetFrequency(edit.customer_ids, old, flag, marks, absent),
        Changes(frequencies=True, customer_ids=edit.customer_ids) | stale,
    )


@dataclass(frozen=True)
class LockCustomers(Edit):
    """Lock customers to their territory (True) or unlock them; one flag for all or one each."""

    customer_ids: tuple[str, ...]
    locked: bool | tuple[bool, ...] = True

    def keeps_figures(self) -> bool:
        return True

    def describe(self) -> str:
        if self.locked is False:
            return trn(
            "Unlock {n} customer", "Unlock {n} customers",
            len(self.customer_ids))
        return trn(
            "Lock {n} customer", "Lock {n} customers",
            len(self.customer_ids))

    def flags(self) -> tuple[bool, ...]:
        """One lock flag per customer."""
        if isinstance(self.locked, (bool, np.bool_)):
            return (bool(self.locked),) * len(self.customer_ids)
        return tuple(bool(f) for f in self.locked)

    def without_no_ops(self, plan: m.Plan) -> LockCustomers:
        """Only the customers not locked (or unlocked) that way yet; locking all, only those
        in a territory (a lock keeps a customer in its territory; an undo's flags are kept)."""
        keep = changing(plan, tuple(self.customer_ids), m.LOCKED, self.flags())
        if isinstance(self.locked, (bool, np.bool_)):
            if self.locked:
                keep &= plan.customers[m.TERRITORY].to_numpy(dtype=object)[
                    _rows(plan, tuple(self.customer_ids))] != ""
            return only(self, keep)  # one flag for all
        return only(self, keep, "locked")


@applies(LockCustomers)
def _lock(plan: m.Plan, edit: LockCustomers) -> tuple[m.Plan, Edit, Changes]:
    edit = edit.without_no_ops(plan)
    ids = tuple(edit.customer_ids)
    if not ids:
        return plan, edit, Changes()  # all locked (or unlocked) already: nothing changes
    flags = edit.flags()
    new, old = _set_column(plan, ids, m.LOCKED, flags)
    return new, LockCustomers(ids, tuple(old)), Changes(assignment=True, customer_ids=ids)


@dataclass(frozen=True)
class MoveCustomer(Edit):
    """Place a customer at ``lat``/``lon`` by hand (NaN, NaN takes the position away)."""

    customer_id: str
    lat: float
    lon: float
    geocode: str = "manual"
    schedule_stale: bool | None = None
    #: set by inverses: the position as the plan had it, put back as it is (one typed in
    #: another program outside Japan is not refused on undo)
    stored: bool = False
    #: set by inverses: the customer's problems as they were (a position placed by hand
    #: drops the import's notes on the position, :mod:`planner._position_notes`)
    problems: str | None = None

    def describe(self) -> str:
        return tr("Move customer {id}", id=self.customer_id)

    def describe_for(self, plan: m.Plan) -> str:
        """:meth:`describe` by the shop's name, as the manager knows it (the undo menu's
        「元に戻す 「山崎クリニック」の位置を変更」, not its code C000001)."""
        c = plan.customers
        names = c.loc[c[m.CUSTOMER_ID] == self.customer_id, m.NAME]
        name = str(names.iloc[0]).strip() if len(names) else ""
        return tr("Move {name}", name=name) if name else self.describe()


def _check_position(lat: float, lon: float) -> None:
    """Refuse a position outside Japan, or half a position, with one sentence."""
    if np.isfinite(lat) and np.isfinite(lon):
        if not in_japan(lat, lon):
            raise PlannerError(tr("That position is outside Japan."))
    elif np.isfinite(lat) or np.isfinite(lon):
        raise PlannerError(tr("A position needs both a latitude and a longitude."))


def _text(value: object) -> str:
    """A stored text cell as text ("" for an empty one, NaN or None)."""
    return "" if value is None or (isinstance(value, float) and not np.isfinite(value)) else str(value)


@applies(MoveCustomer)
def _move(plan: m.Plan, edit: MoveCustomer) -> tuple[m.Plan, Edit, Changes]:
    lat, lon = float(edit.lat), float(edit.lon)
    located = np.isfinite(lat) and np.isfinite(lon)
    if not edit.stored:
        _check_position(lat, lon)
    pos = _rows(plan, (edit.customer_id,))
    problems = edit.problems
    if problems is None:  # placed by hand: "placed roughly", "not located" … no longer hold
        problems = _text(plan.customers[m.PROBLEMS].iloc[pos[0]])
        if located and edit.geocode == "manual":
            problems = settled_by_hand(problems)
    new, old = _set_columns(plan, pos, {m.LAT: (lat,), m.LON: (lon,), m.GEOCODE: (edit.geocode,),
                                        m.PROBLEMS: (problems,)})
    customers = new.customers
    geometry = customers.geometry.to_numpy().copy()
    geometry[pos[0]] = shapely.points(lon, lat) if located else None
    customers = customers.set_geometry(gpd.GeoSeries(geometry, index=customers.index, crs=m.CRS))
    new, flag, stale = mark_stale(plan, new.replace(customers=customers), edit.schedule_stale)
    inverse = MoveCustomer(edit.customer_id, old[m.LAT][0], old[m.LON][0], old[m.GEOCODE][0], flag,
                           stored=True, problems=_text(old[m.PROBLEMS][0]))
    return new, inverse, Changes(customers=True, customer_ids=(edit.customer_id,)) | stale


# --- plan-wide edits --------------------------------------------------------------

#: Settings whose change leaves the figures valid but not the calendar.
_CALENDAR_FREE_SETTINGS = frozenset(
    {"balance", "tolerance", "geocoder", "gsi_url", "nominatim_url"}
)


@dataclass(frozen=True)
class UpdateSettings(Edit):
    """Replace the plan's settings."""

    settings: m.Settings
    schedule_stale: bool | None = None

    def describe(self) -> str:
        return tr("Change settings")


@applies(UpdateSettings)
def _update_settings(plan: m.Plan, edit: UpdateSettings) -> tuple[m.Plan, Edit, Changes]:
    edit.settings.validate()
    old = plan.settings
    new = plan.replace(settings=edit.settings)
    differ = {f.name for f in fields(old) if getattr(old, f.name) != getattr(edit.settings, f.name)}
    flag: bool | None = None
    stale = Changes()
    if edit.schedule_stale is not None or differ - _CALENDAR_FREE_SETTINGS:
        new, flag, stale = mark_stale(plan, new, edit.schedule_stale)
    elif plan.schedule is not None:
        flag = bool(plan.meta.get(SCHEDULE_STALE, False))
    return new, UpdateSettings(old, flag), Changes(settings=True) | stale


@dataclass(frozen=True)
class Batch(Edit):
    """Several edits as one undo step (applied in order; the inverse undoes them backwards)."""

    edits: tuple[Edit, ...]
    label: str = ""

    def describe(self) -> str:
        if self.label:
            return self.label
        return self.edits[0].describe() if len(self.edits) == 1 else tr("Several changes")

    def replays_on_redo(self) -> bool:
        return any(step.replays_on_redo() for step in self.edits)

    def describe_for(self, plan: m.Plan) -> str:
        if self.label or len(self.edits) != 1:
            return self.describe()
        return self.edits[0].describe_for(plan)


@applies(Batch)
def _batch(plan: m.Plan, edit: Batch) -> tuple[m.Plan, Edit, Changes]:
    inverses: list[Edit] = []
    changes = Changes()
    for step in edit.edits:
        plan, inverse, ch = apply_edit(plan, step)
        inverses.append(inverse)
        changes = changes | ch
    return plan, Batch(tuple(reversed(inverses)), edit.label), changes


@dataclass(frozen=True)
class ReplacePlan(Edit):
    """Replace the whole plan (result of auto-design, a calendar build, frequency rules)."""

    plan: m.Plan
    label: str = "Replace plan"
    changes: Changes = Changes.everything()

    def describe(self) -> str:
        return self.label


@applies(ReplacePlan)
def _replace(plan: m.Plan, edit: ReplacePlan) -> tuple[m.Plan, Edit, Changes]:
    return edit.plan, ReplacePlan(plan, edit.label, edit.changes), edit.changes


# The territory and calendar edits register themselves on import; re-exported for callers.
from planner._area_follow import AssignWithAreas  # noqa: E402
from planner._calendar_edits import MoveVisits, SetSchedule  # noqa: E402
from planner._calendar_once import MoveVisitsOnce, SetOneOff  # noqa: E402
from planner._customer_details import EditCustomer  # noqa: E402
from planner._customer_edits import AddCustomer, RemoveCustomers  # noqa: E402
from planner._customer_rank import SetRank, rank_text  # noqa: E402
from planner._customer_texts import (  # noqa: E402
    SetClosedDays,
    SetVisitDays,
    SetVisitTime,
    SetVisitWeek,
)
from planner._days_off_edits import SetDaysOff  # noqa: E402
from planner._territory_edits import (  # noqa: E402
    CreateTerritory,
    DeleteTerritory,
    RecolorTerritory,
    RenameTerritory,
    SetCapacity,
    SetHome,
    SetRep,
    SetTerritories,
    SetWorkingDays,
    UpdateTerritory,
    free_name,
    new_territory,
)
from planner._territory_shapes import MergeTerritories, ReshapeTerritory, SplitTerritory  # noqa: E402

__all__ = [
    "SCHEDULE_STALE",
    "AddCustomer",
    "AssignCustomers",
    "AssignWithAreas",
    "Batch",
    "Changes",
    "CreateTerritory",
    "DeleteTerritory",
    "Edit",
    "EditCustomer",
    "LockCustomers",
    "MergeTerritories",
    "MoveCustomer",
    "MoveVisits",
    "MoveVisitsOnce",
    "RecolorTerritory",
    "RenameTerritory",
    "RemoveCustomers",
    "ReplacePlan",
    "ReshapeTerritory",
    "SetOneOff",
    "SetSchedule",
    "SetCapacity",
    "SetClosedDays",
    "SetDaysOff",
    "SetVisitDays",
    "SetVisitWeek",
    "SetVisitTime",
    "SetFrequency",
    "SetHome",
    "SetRank",
    "SetRep",
    "SetTerritories",
    "SetWorkingDays",
    "SplitTerritory",
    "UpdateSettings",
    "UpdateTerritory",
    "applies",
    "apply_edit",
    "mark_stale",
    "free_name",
    "new_territory",
    "rank_text",
]
