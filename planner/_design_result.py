"""The designer's result: the designed plan, its figures, and the sentences that explain it.

:func:`planner.design.design_territories` returns a :class:`DesignResult`; the command line
and the design dialog print its figures and, when the design could not reach what was asked,
the sentence saying why (:func:`above_tolerance`, :func:`second_above_tolerance`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner import territories as tmod
from planner._design_graph import (
    NeighbourGraph,
    is_contiguous,
    islands_count,
    territory_components,
)
from planner._design_problem import Problem
from planner._edit_base import mark_stale
from planner.i18n import N_, listing, sentences, tr, trn
from planner.progress import Progress, report

#: The measures' names for people (translate with ``tr``).
MEASURE_NAMES = {"workload": N_("Workload"), "visits": N_("Visits"), "sales": N_("Sales"),
                 "customers": N_("Customers")}


@dataclass(frozen=True)
class DesignResult:
    """A designed plan and its figures; ``moves`` lists every customer whose territory changed."""

    plan: m.Plan
    moves: pd.DataFrame  # customer_id, from_territory, to_territory
    metrics: pd.DataFrame  # territories.territory_metrics of the new plan
    max_deviation: float
    cv: float
    compactness: float  # km, territories.compactness
    contiguous: bool
    iterations: int
    #: the second measure (``also``): measure, max_deviation, cv, tolerance and deviation (per
    #: territory id); None without one
    second: dict[str, Any] | None = None
    #: with whole areas: the heaviest area's name and its work as a share of its territory's
    #: fair share (above 1 + tolerance, no design of whole areas can be within the tolerance)
    largest_area: tuple[str, float] | None = None
    #: every territory left in separate pieces, as (territory id, why): ``"locked"`` (a locked
    #: customer lies apart), ``"reach"`` (only its rep reaches some customers in a day),
    #: ``"areas"`` (kept whole) or ``"other"``; empty when every territory is in one piece
    split: tuple[tuple[str, str], ...] = ()
    #: every territory left outside the tolerance, as (territory id, why): ``"locked"`` (its
    #: locked customers alone weigh more than its share allows), ``"held"`` (even with the
    #: others but for those) or ``"other"`` (:func:`outside_tolerance`)
    outside: tuple[tuple[str, str], ...] = ()


def split_territories(
    graph: NeighbourGraph,
    labels: np.ndarray,
    ids: list[str],
    *,
    locked: np.ndarray,
    reach: np.ndarray | None = None,
    why: str = "",
) -> tuple[tuple[str, str], ...]:
    """:attr:`DesignResult.split` of ``labels`` on ``graph`` (``why``: the reason for all)."""
    pieces = islands_count(graph, labels)
    if (pieces <= 1).all():
        return ()
    comp = territory_components(graph, labels)
    out = []
    for t in np.flatnonzero(pieces > 1).tolist():
        mine = labels == t
        main = int(np.argmax(np.bincount(comp[mine])))
        apart = mine & (comp != main)
        if why:
            reason = why
        elif locked[apart].any():
            reason = "locked"
        elif reach is not None and not reach[apart].all():
            reason = "reach"
        else:
            reason = "other"
        out.append((ids[t], reason))
    return tuple(out)


def split_warnings(result: DesignResult) -> list[str]:
    """One sentence per territory left in separate pieces, naming it and saying why."""
    names = {t.id: t.name or t.id for t in result.plan.territories}
    lines = []
    for tid, why in result.split:
        name = names.get(tid, tid)
        if why == "locked":
            lines.append(tr("Warning: {name} is split into separate pieces: a locked customer "
                            "of it lies among another territory's customers.", name=name))
        elif why == "reach":
            lines.append(tr("Warning: {name} is split into separate pieces: some of its "
                            "customers are within a day trip of its rep only.", name=name))
        elif why == "areas":
            lines.append(tr("Warning: {name} is split into separate pieces to keep the areas "
                            "whole.", name=name))
        else:
            lines.append(tr("Warning: {name} is split into separate pieces: no neighbouring "
                            "territory could take the detached customers within the "
                            "tolerance.", name=name))
    return lines


def second_above_tolerance(result: DesignResult) -> str:
    """The sentences for a second measure left above its tolerance, naming the territories
    outside it."""
    second = result.second or {}
    tol = float(second.get("tolerance", 0.0))
    measure = tr(MEASURE_NAMES[second.get("measure", "sales")])
    text = tr(
        "{measure} stays above its tolerance of {tol:.1%}: no exchange across a boundary "
        "evens it further without taking {first} out of its tolerance.",
        measure=measure, tol=tol, first=tr(MEASURE_NAMES[result.plan.settings.balance]).lower(),
    )
    names = {t.id: t.name or t.id for t in result.plan.territories}
    outside = [names.get(str(tid), str(tid))
               for tid, dev in (second.get("deviation") or {}).items()
               if np.isfinite(dev) and abs(float(dev)) > tol + 5e-4]
    if not outside:
        return text
    return sentences(text, tr("{measure} outside its tolerance: {names}.", measure=measure,
                              names=listing(outside)))


def above_tolerance(result: DesignResult) -> str:
    """The sentences for a design whose largest deviation stays above its tolerance: why, with
    the name of every territory outside it (:func:`outside_by_reason`)."""
    tol = result.plan.settings.tolerance
    named = _outside_sentences(result)
    if result.largest_area is not None:  # whole areas: why the areas cannot be evened out
        return sentences(_coarse_areas(result), *named)
    if named:
        return sentences(tr("Still above the tolerance of {tol:.1%}.", tol=tol), *named)
    if len(result.metrics) < len(result.plan.territories):  # designed some among themselves
        return tr(
            "Still above the tolerance of {tol:.1%}: locked customers, or a chosen territory "
            "that touches too few of the others, leave no move that helps. Choose its "
            "neighbours too, or raise the tolerance.",
            tol=tol,
        )
    return tr(
        "Still above the tolerance of {tol:.1%}: locked customers or the shape of the area "
        "leave no move that helps.",
        tol=tol,
    )


def outside_by_reason(result: DesignResult) -> dict[str, list[str]]:
    """The names of the territories the figures show outside the tolerance, by why
    (:attr:`DesignResult.outside`: ``"locked"``, ``"held"``, ``"other"``), in the table's
    order; a territory the figures show outside without a reason counts as ``"other"``."""
    names = {t.id: t.name or t.id for t in result.plan.territories}
    tol = result.plan.settings.tolerance
    why = dict(result.outside)
    out: dict[str, list[str]] = {"locked": [], "held": [], "other": []}
    if "deviation" not in result.metrics:
        return out
    for tid, dev in result.metrics["deviation"].items():
        if np.isfinite(dev) and abs(float(dev)) > tol + 5e-4:  # as the figures say it
            reason = why.get(str(tid), "other")
            out[reason if reason in out else "other"].append(names.get(str(tid), str(tid)))
    return out


def _outside_sentences(result: DesignResult) -> list[str]:
    """One sentence per reason a territory stays outside the tolerance, naming them all."""
    by = outside_by_reason(result)
    said = []
    if by["locked"]:
        said.append(trn(
            "{names} stays outside it, as its locked customers alone weigh more than its "
            "share allows.",
            "{names} stay outside it, as their locked customers alone weigh more than their "
            "share allows.", len(by["locked"]), names=listing(by["locked"])))
    names = {t.id: t.name or t.id for t in result.plan.territories}
    locking = [names.get(tid, tid) for tid, why in result.outside if why == "locked"]
    held = by["held"] if locking else []
    if held:
        said.append(trn(
            "{names} stays below its share, as the locked customers of {locked} take up more "
            "than a share; the rest is shared out evenly.",
            "{names} stay below their share, as the locked customers of {locked} take up more "
            "than a share; the rest is shared out evenly.", len(held), names=listing(held),
            locked=listing(locking)))
    other = by["other"] + [n for n in by["held"] if not locking]
    if not other:
        return said
    if result.largest_area is not None:
        said.append(trn("{names} stays outside it, as the areas are kept whole.",
                        "{names} stay outside it, as the areas are kept whole.", len(other),
                        names=listing(other)))
    elif len(result.metrics) < len(result.plan.territories):
        said.append(trn(
            "{names} stays outside it: locked customers, or a chosen territory that touches "
            "too few of the others, leave no move that helps. Choose its neighbours too, or "
            "raise the tolerance.",
            "{names} stay outside it: locked customers, or a chosen territory that touches "
            "too few of the others, leave no move that helps. Choose their neighbours too, or "
            "raise the tolerance.", len(other), names=listing(other)))
    else:
        said.append(trn(
            "{names} stays outside it, as locked customers or the shape of the area leave no "
            "move that helps.",
            "{names} stay outside it, as locked customers or the shape of the area leave no "
            "move that helps.", len(other), names=listing(other)))
    return said


def _coarse_areas(result: DesignResult) -> str:
    """Why a design of whole areas stays above the tolerance: the largest area's share."""
    assert result.largest_area is not None
    name, share = result.largest_area
    if result.plan.meta.get("design_whole") == "town":  # towns are the finest areas
        return tr(
            "Still above the tolerance of {tol:.1%}: whole towns are too coarse to share "
            "the work out evenly ({area}, the largest, is {share:.0%} of a territory's "
            "share). Add territories, or design without keeping areas whole.",
            tol=result.plan.settings.tolerance, area=name, share=share,
        )
    from planner._design_areas import towns_finer

    customers = result.plan.customers
    designed = customers[customers[m.TERRITORY].isin(result.metrics.index).to_numpy()]
    if not towns_finer(designed):  # towns no finer here: suggesting them changes nothing
        return tr(
            "Still above the tolerance of {tol:.1%}: whole municipalities are too coarse "
            "to share the work out evenly ({area}, the largest, is {share:.0%} of a "
            "territory's share), and towns are hardly finer here. Add territories, or "
            "design without keeping areas whole.",
            tol=result.plan.settings.tolerance, area=name, share=share,
        )
    return tr(
        "Still above the tolerance of {tol:.1%}: whole areas are too coarse to share the "
        "work out evenly ({area}, the largest, is {share:.0%} of a territory's share). "
        "Keep towns whole instead, or add territories.",
        tol=result.plan.settings.tolerance, area=name, share=share,
    )


def outside_tolerance(ids: list[str], loads: np.ndarray, locked_loads: np.ndarray,
                      shares: np.ndarray, tolerance: float) -> tuple[tuple[str, str], ...]:
    """:attr:`DesignResult.outside` from the territories' ``loads``, their locked customers'
    part of them and their ``shares`` of the total: ``"locked"`` when its locked customers
    alone weigh more than its share allows, ``"held"`` when it is within the tolerance of an
    even share of what those leave to the others, else ``"other"``."""
    target = float(loads.sum()) * shares
    dev = np.abs(loads / np.maximum(target, 1e-12) - 1.0)
    locked = locked_loads > target * (1.0 + tolerance)
    rest = ~locked
    even = target.copy()
    if locked.any() and shares[rest].sum() > 0:
        even[rest] = float(loads[rest].sum()) * shares[rest] / float(shares[rest].sum())
    around = np.abs(loads / np.maximum(even, 1e-12) - 1.0) <= tolerance + 1e-9
    out = []
    for t in np.flatnonzero(dev > tolerance + 1e-9).tolist():
        why = "locked" if locked[t] else "held" if locked.any() and around[t] else "other"
        out.append((ids[t], why))
    return tuple(out)


def design_result(
    plan: m.Plan,
    terrs: list[m.Territory],
    prob: Problem,
    labels: np.ndarray,
    graph: NeighbourGraph,
    balance: str,
    iterations: int,
    follow: tuple[np.ndarray, np.ndarray] | None = None,
    progress: Progress | None = None,
) -> DesignResult:
    """The designed plan and its figures; ``follow`` (rows, territory index) assigns customers
    outside the design (no map position) along with their area."""
    customers = plan.customers.copy()
    old = customers[m.TERRITORY].to_numpy(dtype=object).copy()
    new = old.copy()
    ids = np.array([t.id for t in terrs], dtype=object)
    kept = set(ids.tolist())
    others = np.array([t not in kept for t in new])
    new[others] = ""
    new[prob.rows] = ids[labels]
    if follow is not None:
        new[follow[0]] = ids[follow[1]]
    customers[m.TERRITORY] = new
    result_plan = plan.replace(customers=customers, territories=tuple(terrs))
    builder = getattr(tmod, "boundaries_from_assignment", None)
    if builder is not None:
        drawn = builder(result_plan, step=lambda share: report(
            progress, 0.97 + 0.02 * share, tr("Drawing the boundaries…")))
        result_plan = result_plan.replace(territories=tuple(drawn))
    changed = new != old
    if changed.any():
        # the calendar was built for the old territories: keep it, but mark it stale
        result_plan, _flag, _changes = mark_stale(plan, result_plan)
    moves = pd.DataFrame(
        {
            "customer_id": customers[m.CUSTOMER_ID].to_numpy(dtype=object)[changed],
            "from_territory": old[changed],
            "to_territory": new[changed],
        }
    )
    metrics = tmod.territory_metrics(result_plan, balance=balance)
    summary = tmod.balance_summary(metrics, balance)
    return DesignResult(
        plan=result_plan,
        moves=moves,
        metrics=metrics,
        max_deviation=float(summary["max_deviation"]),
        cv=float(summary["cv"]),
        compactness=float(tmod.compactness(result_plan)),
        contiguous=is_contiguous(graph, labels),
        iterations=iterations,
        split=split_territories(graph, labels, [t.id for t in terrs], locked=prob.fixed >= 0,
                                reach=prob.reach),
    )


def reps_over_hours(plan: m.Plan, metrics: pd.DataFrame | None = None) -> tuple[list[int], int]:
    """The territories (positions in ``plan.territories``) whose workload is above their
    rep's weekly hours, and the busiest of them by share of its hours (-1: none);
    ``metrics``: the plan's territory figures when the caller has them."""
    if not plan.territories:
        return [], -1
    figures = tmod.territory_metrics(plan) if metrics is None else metrics
    hours = figures["workload_hours_per_week"].reindex(plan.territory_ids).to_numpy(dtype=float)
    capacity = tmod.capacity_hours(plan.territories, plan.settings)
    over = [i for i, (h, c) in enumerate(zip(hours, capacity, strict=True)) if h > c + 0.05]
    busiest = max(over, key=lambda i: hours[i] / max(capacity[i], 1e-9)) if over else -1
    return over, busiest

