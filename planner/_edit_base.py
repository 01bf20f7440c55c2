"""The edit machinery: change flags, the edit base class, the applier registry, helpers.

Import edits from :mod:`planner.edits`; this module only exists so the territory
edits (``planner/_territory_edits.py``) and the customer edits share it without a cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import tr


@dataclass(frozen=True)
class Changes:
    """What an edit touched, so each view redraws only that."""

    customers: bool = False  # positions, names, any customer field other than the ones below
    assignment: bool = False  # the territory column / locks
    territories: bool = False  # territory records (name, rep, colour, boundary, home …)
    frequencies: bool = False
    schedule: bool = False
    settings: bool = False
    customer_ids: tuple[str, ...] | None = None  # the customers touched, None = possibly all

    def __or__(self, other: Changes) -> Changes:
        ids: tuple[str, ...] | None
        if self.customer_ids is None or other.customer_ids is None:
            ids = None
            if not self._touches_customers() and other.customer_ids is not None:
                ids = other.customer_ids
            if not other._touches_customers() and self.customer_ids is not None:
                ids = self.customer_ids
        else:
            ids = tuple(dict.fromkeys(self.customer_ids + other.customer_ids))
        flags = {
            f.name: getattr(self, f.name) or getattr(other, f.name)
            for f in fields(self)
            if f.name != "customer_ids"
        }
        return Changes(**flags, customer_ids=ids)

    def _touches_customers(self) -> bool:
        return self.customers or self.assignment or self.frequencies

    @classmethod
    def everything(cls) -> Changes:
        return cls(True, True, True, True, True, True, None)


class Edit:
    """Base of all edit records (frozen dataclasses named as imperatives)."""

    #: short English description for the undo menu ("Assign 12 customers")
    def describe(self) -> str:
        return type(self).__name__

    def without_no_ops(self, plan: m.Plan) -> Edit:
        """The edit without its parts that would change nothing in ``plan`` (customers given
        the value they already have), so that nothing changed adds no undo step, leaves the
        plan unmodified and the calendar up to date. This one keeps every part."""
        return self

    def replays_on_redo(self) -> bool:
        """True when applying the edit again may give another plan (a time-limited search
        orders the days it touches): redo then replays the plan the first application gave
        (the inverse of its undo) instead of applying the edit again."""
        return False

    def keeps_figures(self) -> bool:
        """True when the territories' figures (customers, visits, workload, …) cannot change
        by this edit, so the open plan's figures hold for the edited plan too: a lock or an
        unlock (the figures never read the locks)."""
        return False

    def describe_for(self, plan: m.Plan) -> str:
        """:meth:`describe` naming territories as the manager knows them: "Merge 練馬エリア
        and 大宮エリア", not "Merge T04 and T05" (the id where a territory has no name)."""
        if not is_dataclass(self):
            return self.describe()
        names = {t.id: t.name for t in plan.territories if t.name}
        own = {
            f.name: names[value]
            for f in fields(self)  # type: ignore[arg-type]
            if f.name in ("territory_id", "other_id")
            and isinstance(value := getattr(self, f.name), str) and value in names
        }
        return replace(self, **own).describe() if own else self.describe()  # type: ignore[type-var]


_APPLIERS: dict[type, Callable[[m.Plan, Any], tuple[m.Plan, Edit, Changes]]] = {}


def applies(edit_type: type) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the function that applies ``edit_type``."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        _APPLIERS[edit_type] = fn
        return fn

    return register


def apply_edit(plan: m.Plan, edit: Edit) -> tuple[m.Plan, Edit, Changes]:
    """Apply ``edit`` to ``plan``; return the new plan, the inverse edit and the changes."""
    try:
        fn = _APPLIERS[type(edit)]
    except KeyError:
        raise TypeError(f"no applier for {type(edit).__name__}") from None
    return fn(plan, edit)


#: ``plan.meta`` key: True when the plan changed after its schedule was built.
SCHEDULE_STALE = "schedule_stale"


#: (buffer address, length) of a customer-id column → (the column, its Index); a few entries.
_ID_INDEX_CACHE: dict[tuple[int, int], tuple[np.ndarray, pd.Index]] = {}


def _id_index(ids: np.ndarray) -> pd.Index:
    """A hash index of the customer codes, reused while consecutive plans share the column."""
    key = (ids.__array_interface__["data"][0], len(ids))
    hit = _ID_INDEX_CACHE.get(key)
    if hit is not None and hit[0] is not ids and not np.shares_memory(hit[0], ids):
        hit = None
    if hit is None:
        if len(_ID_INDEX_CACHE) >= 4:
            _ID_INDEX_CACHE.pop(next(iter(_ID_INDEX_CACHE)))
        hit = (ids, pd.Index(ids))
        _ID_INDEX_CACHE[key] = hit  # holds ``ids`` so its memory is never reused meanwhile
    return hit[1]


def _rows(plan: m.Plan, customer_ids: tuple[str, ...]) -> np.ndarray:
    """Positional indices of ``customer_ids`` in the customer table (in that order)."""
    ids = plan.customers[m.CUSTOMER_ID].to_numpy()
    wanted = np.asarray(customer_ids, dtype=object)
    pos = _id_index(ids).get_indexer(wanted) if len(wanted) else np.zeros(0, dtype=np.intp)
    if (pos < 0).any() or not (ids[pos] == wanted).all():
        # a stale cache (a column changed in place) or really unknown codes: look again afresh
        _ID_INDEX_CACHE.clear()
        pos = pd.Index(ids).get_indexer(wanted)
    if (pos < 0).any():
        missing = [c for c, p in zip(customer_ids, pos, strict=True) if p < 0]
        raise PlannerError(tr("Unknown customer code(s): {codes}.", codes=", ".join(missing[:5])))
    return pos


def _set_columns(
    plan: m.Plan, pos: np.ndarray, values: dict[str, Any]
) -> tuple[m.Plan, dict[str, tuple[Any, ...]]]:
    """New plan with each column of ``values`` set at rows ``pos``; returns the old values too."""
    customers = plan.customers.copy(deep=False)  # copy-on-write: columns are replaced, not mutated
    old: dict[str, tuple[Any, ...]] = {}
    for column, new in values.items():
        arr = customers[column].to_numpy(copy=True)
        old[column] = tuple(arr[pos].tolist())
        arr[pos] = np.asarray(new, dtype=arr.dtype)
        # keep the column's dtype (pandas would infer ``str`` for a fresh array of texts)
        customers[column] = pd.Series(arr, index=customers.index, dtype=customers[column].dtype)
    return plan.replace(customers=customers), old


def _set_column(
    plan: m.Plan, customer_ids: tuple[str, ...], column: str, values: tuple[Any, ...]
) -> tuple[m.Plan, tuple[Any, ...]]:
    """New plan with ``column`` set per customer; returns the old values too."""
    if len(values) != len(customer_ids):
        raise ValueError("one value per customer expected")
    new, old = _set_columns(plan, _rows(plan, customer_ids), {column: values})
    return new, old[column]


def changing(
    plan: m.Plan, customer_ids: tuple[str, ...], column: str, values: tuple[Any, ...]
) -> np.ndarray:
    """Mask of the customers whose ``column`` would change by taking ``values`` (NaN = NaN)."""
    if len(values) != len(customer_ids):
        raise ValueError("one value per customer expected")
    now = plan.customers[column].to_numpy()[_rows(plan, customer_ids)]
    new = np.asarray(values, dtype=now.dtype if now.dtype.kind in "bif" else object)
    same = now == new
    if now.dtype.kind == "f":
        same |= np.isnan(now) & np.isnan(new)
    return ~np.asarray(same, dtype=bool)


def only(edit: Any, keep: np.ndarray, *names: str) -> Any:
    """``edit`` (a dataclass) with its per-customer tuples ``customer_ids`` and ``names`` cut
    to the customers of ``keep``; ``edit`` itself when it keeps them all."""
    if keep.all():
        return edit
    picked = {
        name: tuple(v for v, k in zip(getattr(edit, name), keep.tolist(), strict=True) if k)
        for name in ("customer_ids", *names)
    }
    return replace(edit, **picked)


def unassigned_unlocked(
    plan: m.Plan, rows: np.ndarray, assignments: tuple[str, ...], locks: tuple[bool, ...] = ()
) -> tuple[bool, ...] | None:
    """The lock flags of the customers at ``rows`` once given ``assignments``: those left
    without a territory unlocked (a lock means "keep in this territory"), or ``locks`` when
    given; None when no flag changes."""
    before = plan.customers[m.LOCKED].to_numpy(dtype=bool)[rows]
    if locks:
        after = np.asarray(locks, dtype=bool)
    else:
        after = before & (np.asarray(assignments, dtype=object) != "")
    return tuple(after.tolist()) if (after != before).any() else None


def mark_stale(
    before: m.Plan, after: m.Plan, value: bool | None = None
) -> tuple[m.Plan, bool | None, Changes]:
    """``after`` with its schedule marked stale (or set to ``value``).

    Returns the plan, the flag the inverse edit must restore (None when there is no
    schedule) and ``Changes(schedule=True)`` when the flag flipped.
    """
    if before.schedule is None:
        return after, None, Changes()
    old = bool(before.meta.get(SCHEDULE_STALE, False))
    new = True if value is None else bool(value)
    meta = dict(after.meta)
    meta[SCHEDULE_STALE] = new  # written out either way, as build_schedule does
    return after.replace(meta=meta), old, Changes(schedule=old != new)


def record_overrides(
    before: m.Plan,
    after: m.Plan,
    customer_ids: tuple[str, ...],
    frequencies: tuple[float, ...],
    restore: tuple[str, ...] | None,
    restore_absent: bool,
) -> tuple[m.Plan, tuple[str, ...], bool]:
    """``after`` with ``meta["frequency_overrides"]`` updated for a hand-set frequency edit.

    A number marks the customer as hand-set (frequency rules keep it); NaN (= use the
    rank rule) clears the mark. ``restore`` (set by inverses) puts back an earlier
    list exactly (``restore_absent``: the plan had none). Returns the plan and the
    list and absence flag the inverse edit must restore.
    """
    from planner.frequency import OVERRIDES_KEY

    meta = dict(after.meta)
    absent = OVERRIDES_KEY not in before.meta
    previous = tuple(str(v) for v in before.meta.get(OVERRIDES_KEY, ()) or ())
    if restore is not None:
        if restore_absent:
            meta.pop(OVERRIDES_KEY, None)
        else:
            meta[OVERRIDES_KEY] = list(restore)
    else:
        marks = set(previous)
        for cid, freq in zip(customer_ids, frequencies, strict=True):
            if np.isnan(float(freq)):
                marks.discard(str(cid))
            else:
                marks.add(str(cid))
        if absent and not marks:
            meta.pop(OVERRIDES_KEY, None)
        else:
            meta[OVERRIDES_KEY] = sorted(marks)
    return after.replace(meta=meta), previous, absent
