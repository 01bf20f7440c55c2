"""Every user edit as a small frozen record; ``apply_edit(plan, edit)`` applies one.

``apply_edit`` returns ``(new_plan, inverse_edit, changes)``: applying the
inverse to the new plan gives the original plan back, which is what undo does.
The UI wraps this in ONE generic QUndoCommand; the core never knows about Qt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner.errors import PlannerError


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


def _rows(plan: m.Plan, customer_ids: tuple[str, ...]) -> np.ndarray:
    """Positional indices of ``customer_ids`` in the customer table (in that order)."""
    index = pd.Index(plan.customers[m.CUSTOMER_ID])
    pos = index.get_indexer(list(customer_ids))
    if (pos < 0).any():
        missing = [c for c, p in zip(customer_ids, pos, strict=True) if p < 0]
        raise PlannerError(f"Unknown customer code(s): {', '.join(missing[:5])}.")
    return pos


def _set_column(
    plan: m.Plan, customer_ids: tuple[str, ...], column: str, values: tuple[Any, ...]
) -> tuple[m.Plan, tuple[Any, ...]]:
    """New plan with ``column`` set per customer; returns the old values too."""
    pos = _rows(plan, customer_ids)
    customers = plan.customers.copy()
    col = customers.columns.get_loc(column)
    old = tuple(customers.iloc[pos, col].tolist())
    arr = customers[column].to_numpy(copy=True)
    arr[pos] = np.asarray(values, dtype=arr.dtype)
    customers[column] = arr
    return plan.replace(customers=customers), old


# --- customer edits -----------------------------------------------------------


@dataclass(frozen=True)
class AssignCustomers(Edit):
    """Put customers into territories (one territory id per customer; "" = unassigned)."""

    customer_ids: tuple[str, ...]
    territories: tuple[str, ...]

    @classmethod
    def to(cls, customer_ids: Any, territory: str) -> AssignCustomers:
        ids = tuple(customer_ids)
        return cls(ids, (territory,) * len(ids))

    def describe(self) -> str:
        return f"Assign {len(self.customer_ids)} customers"


@applies(AssignCustomers)
def _assign(plan: m.Plan, edit: AssignCustomers) -> tuple[m.Plan, Edit, Changes]:
    known = set(plan.territory_ids) | {""}
    bad = set(edit.territories) - known
    if bad:
        raise PlannerError(f"Unknown territory: {', '.join(sorted(bad))}.")
    new, old = _set_column(plan, edit.customer_ids, m.TERRITORY, edit.territories)
    return (
        new,
        AssignCustomers(edit.customer_ids, old),
        Changes(assignment=True, customer_ids=edit.customer_ids),
    )


@dataclass(frozen=True)
class SetFrequency(Edit):
    """Set the visit frequency (visits per 4 weeks) of customers."""

    customer_ids: tuple[str, ...]
    frequencies: tuple[float, ...]

    def describe(self) -> str:
        return f"Set frequency of {len(self.customer_ids)} customers"


@applies(SetFrequency)
def _set_frequency(plan: m.Plan, edit: SetFrequency) -> tuple[m.Plan, Edit, Changes]:
    if any(not (f >= 0) for f in edit.frequencies):
        raise PlannerError("Visit frequencies cannot be negative.")
    new, old = _set_column(plan, edit.customer_ids, m.FREQUENCY, edit.frequencies)
    return (
        new,
        SetFrequency(edit.customer_ids, old),
        Changes(frequencies=True, customer_ids=edit.customer_ids),
    )


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
