"""Adding a customer by hand and removing customers (a shop that closed), as undoable edits.

Import them from ``edits``. :func:`without_customers` is also what a revised customer list
(:mod:`planner.update`) does with the customers no longer on it: they leave the plan with
their visits, and each day they leave keeps its other stops in their order, timed again.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._customer_details import DETAILS, typed_details
from planner._edit_base import Changes, Edit, applies, mark_stale
from planner._schedule_keep import planned_visits
from planner._schedule_told import CHANGED_KEY
from planner.errors import PlannerError
from planner.frequency import OVERRIDES_KEY, checked_frequency, overridden_ids
from planner.i18n import tr, trn
from planner.unscheduled import with_codes

#: ``plan.meta`` key: the visits :func:`calendar_without` took out of the calendar for a
#: reason (a customer that lost its map position), ``{customer id: [[territory, week, day],
#: …]}``, until the calendar is built again: the build tells those customers that this
#: calendar has no visit for them, as it tells the others the calendar left out.
TAKEN_OUT_KEY = "calendar_taken_out"


def _taken_out(meta: dict, schedule: pd.DataFrame, leaving: np.ndarray) -> dict:
    """The meta's :data:`TAKEN_OUT_KEY` with the ``leaving`` visits of ``schedule`` added, on
    the week and weekday they were planned on (a holiday's move undone)."""
    saved = {str(k): list(v) for k, v in (meta.get(TAKEN_OUT_KEY) or {}).items()}
    planned = planned_visits(schedule).loc[leaving]
    for cid, t, w, d in zip(planned["customer_id"], planned["territory"], planned["week"],
                            planned["day"], strict=True):
        saved.setdefault(str(cid), []).append([str(t), int(w), str(d)])
    return saved


def with_taken_out(visits: pd.DataFrame, plan: m.Plan) -> pd.DataFrame:
    """``visits`` (a calendar: ``customer_id``, ``territory``, ``week``, ``day`` …) with the
    visits the plan's calendar lost since its build (:data:`TAKEN_OUT_KEY`) of customers
    still in the plan and not in ``visits``."""
    saved = (plan.meta or {}).get(TAKEN_OUT_KEY) or {}
    known = set(plan.customers[m.CUSTOMER_ID].astype(str)) - set(
        visits["customer_id"].astype(str))
    rows = [[cid, *v] for cid, vs in saved.items() if cid in known for v in vs]
    if not rows:
        return visits
    extra = pd.DataFrame(rows, columns=["customer_id", "territory", "week", "day"])
    for column in visits.columns.difference(extra.columns):  # no date, not moved …
        extra[column] = ""
    return pd.concat([visits, extra.astype({"week": "int64"})], ignore_index=True)


def calendar_without(
    plan: m.Plan, ids: Iterable[str], *, reason: str | None = None, code: str = ""
) -> m.Plan:
    """``plan`` with the visits of ``ids`` taken out of the calendar (the days they leave
    keep their other stops in order, timed again). With ``reason`` they are listed as
    unscheduled with it and its ``code`` (:class:`planner.unscheduled.Reason`: a customer
    that lost its position); without, they are forgotten by
    the calendar: gone from the unscheduled list, the customers to tell and the hand-set
    frequencies (a customer leaving the plan)."""
    from planner._calendar_edits import _reroute

    gone = {str(i) for i in ids}
    schedule, unscheduled, meta = plan.schedule, with_codes(plan.unscheduled), dict(plan.meta)
    if reason is not None:  # only customers with visits leave the calendar for a reason
        visited = set() if schedule is None else set(schedule["customer_id"].astype(str))
        gone &= visited
    if not gone:
        return plan
    if reason is None:
        if meta.get(TAKEN_OUT_KEY):
            meta[TAKEN_OUT_KEY] = {k: v for k, v in meta[TAKEN_OUT_KEY].items() if k not in gone}
        if OVERRIDES_KEY in meta:
            meta[OVERRIDES_KEY] = sorted(overridden_ids(plan) - gone)
        if CHANGED_KEY in meta:
            meta[CHANGED_KEY] = {
                k: v for k, v in (meta.get(CHANGED_KEY) or {}).items() if k not in gone
            }
    if unscheduled is not None:
        unscheduled = unscheduled[~unscheduled["customer_id"].astype(str).isin(gone)]
        unscheduled = unscheduled.reset_index(drop=True)
    if schedule is not None:
        leaving = schedule["customer_id"].astype(str).isin(gone).to_numpy()
        if reason is not None and leaving.any():
            listed = schedule.loc[leaving, ["customer_id", "territory"]].drop_duplicates(
                "customer_id"
            )
            frame = pd.DataFrame(
                {
                    "customer_id": listed["customer_id"].to_numpy(dtype=object),
                    "territory": listed["territory"].to_numpy(dtype=object),
                    "reason": [reason] * len(listed),
                    "reason_code": [str(code)] * len(listed),
                }
            )
            unscheduled = (
                frame
                if unscheduled is None
                else pd.concat(
                    [unscheduled, frame.astype(unscheduled.dtypes.to_dict())], ignore_index=True
                )
            )
        if reason is not None and leaving.any():  # told at the next build (lost_visits)
            meta[TAKEN_OUT_KEY] = _taken_out(meta, schedule, leaving)
        if leaving.any():
            slots = {
                (str(t), int(w), str(d))
                for t, w, d in zip(
                    schedule.loc[leaving, "territory"],
                    schedule.loc[leaving, "week"],
                    schedule.loc[leaving, "day"],
                    strict=True,
                )
            }
            rest = schedule.loc[~leaving].reset_index(drop=True)
            schedule = _reroute(plan, rest, slots, keep_order=True)
    return plan.replace(schedule=schedule, unscheduled=unscheduled, meta=meta)


def without_customers(plan: m.Plan, ids: Iterable[str]) -> m.Plan:
    """``plan`` without the customers ``ids``, their visits and every mention of them."""
    gone = {str(i) for i in ids}
    plan = calendar_without(plan, gone)
    customers = plan.customers
    keep = ~customers[m.CUSTOMER_ID].astype(str).isin(gone).to_numpy()
    return plan.replace(customers=customers.loc[keep].reset_index(drop=True))


@dataclass(frozen=True)
class RemoveCustomers(Edit):
    """Take customers out of the plan (closed, lost), with their visits."""

    customer_ids: tuple[str, ...]

    def describe(self) -> str:
        return trn(
            "Remove {n} customer", "Remove {n} customers",
            len(self.customer_ids))


@dataclass(frozen=True)
class _RestorePlan(Edit):
    """The inverse of an add or a removal: the plan as it was."""

    plan: m.Plan
    label: str

    def describe(self) -> str:
        return self.label


@applies(_RestorePlan)
def _restore(plan: m.Plan, edit: _RestorePlan) -> tuple[m.Plan, Edit, Changes]:
    return edit.plan, _RestorePlan(plan, edit.label), Changes.everything()


@applies(RemoveCustomers)
def _remove(plan: m.Plan, edit: RemoveCustomers) -> tuple[m.Plan, Edit, Changes]:
    have = set(plan.customers[m.CUSTOMER_ID].astype(str))
    unknown = [i for i in edit.customer_ids if str(i) not in have]
    if unknown or not edit.customer_ids:
        raise PlannerError(tr("No such customer: {id}.", id=", ".join(unknown[:3]) or "—"))
    new = without_customers(plan, edit.customer_ids)
    return new, _RestorePlan(plan, edit.describe()), Changes.everything()


@dataclass(frozen=True)
class AddCustomer(Edit):
    """Add one customer typed in by hand (``values``: plan columns such as ``name``,
    ``address``, ``rank``, ``frequency`` (visits per 4 weeks or a word such as 隔週),
    ``service_minutes``, ``lat``/``lon``; ``customer_id`` "" takes a fresh code).
    ``territory`` None: the territory of its nearest customers when it has a position."""

    values: tuple[tuple[str, Any], ...] = ()
    territory: str | None = None

    @classmethod
    def of(cls, territory: str | None = None, **fields: Any) -> AddCustomer:
        """``AddCustomer.of(name="山田商店", rank="A", lat=35.6, lon=139.7)``."""
        return cls(tuple(fields.items()), territory)

    @property
    def fields(self) -> dict[str, Any]:
        return dict(self.values)

    def describe(self) -> str:
        return tr("Add customer {name}", name=str(self.fields.get(m.NAME, "")))


def fresh_code(plan: m.Plan, prefix: str = "N") -> str:
    """A customer code no customer of ``plan`` has (``N0001`` …)."""
    used = set(plan.customers[m.CUSTOMER_ID].astype(str))
    k = 1
    while f"{prefix}{k:04d}" in used:
        k += 1
    return f"{prefix}{k:04d}"


def _new_row(plan: m.Plan, edit: AddCustomer) -> dict[str, Any]:
    values = dict(edit.fields)
    settings = plan.settings
    # name, reading, address, phone, rank, minutes, sales, position: as a correction takes them
    details = typed_details({k: values.get(k) for k in DETAILS}, settings)
    # as the import reads a list's codes: Ｃ０００００１ typed by the input method is C000001
    code = unicodedata.normalize("NFKC", str(values.get(m.CUSTOMER_ID, "") or "")).strip()
    code = code or fresh_code(plan)
    if code in set(plan.customers[m.CUSTOMER_ID].astype(str)):
        raise PlannerError(tr("The customer code {code} is taken.", code=code))
    rank = details[m.RANK]
    freq = values.get(m.FREQUENCY)
    if freq in (None, ""):
        frequency = float(settings.frequency_by_rank.get(rank, settings.default_frequency))
    else:
        frequency = checked_frequency(freq)  # "at most 28 visits per 4 weeks" for a 100
    lat, lon = details[m.LAT], details[m.LON]
    located = bool(np.isfinite(lat) and np.isfinite(lon))
    territory = edit.territory
    if territory is None:
        from planner._update_areas import area_territory
        from planner._update_match import nearest_territory

        # territories of whole areas (design --whole): the one holding its town or municipality
        whole = bool(plan.meta.get("design_whole"))
        territory = area_territory(plan, details[m.ADDRESS]) if whole else ""
        if not territory:
            territory = nearest_territory(plan, lat, lon) if located else ""
    if territory and territory not in plan.territory_ids:
        raise PlannerError(tr("No such territory: {id}.", id=territory))
    return {
        m.CUSTOMER_ID: code,
        **details,
        m.FREQUENCY: frequency,
        m.TERRITORY: territory,
        m.GEOCODE: str(values.get(m.GEOCODE) or "manual") if located else "",  # nearby:chome …
        m.SOURCE_ROW: 0,
    }


@applies(AddCustomer)
def _add(plan: m.Plan, edit: AddCustomer) -> tuple[m.Plan, Edit, Changes]:
    row = _new_row(plan, edit)
    added = m.make_customers(pd.DataFrame([row]))
    added[m.SOURCE_ROW] = 0  # typed in, not from the sheet
    customers = plan.customers
    for column in customers.columns:  # the original sheet's columns: empty for this one
        if column not in added.columns:
            added[column] = ""
    joined = pd.concat([customers, added[list(customers.columns)]], ignore_index=True)
    new = plan.replace(customers=m.set_points(joined))
    if m.located_mask(added).any() and row[m.TERRITORY]:
        new, _flag, _changes = mark_stale(plan, new)
    return new, _RestorePlan(plan, edit.describe()), Changes.everything()
