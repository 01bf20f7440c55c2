"""Designing some territories among themselves (``design_territories(..., only=...)``).

A manager whose neighbouring reps drifted apart re-balances just those territories: their
customers are designed into ``count`` territories on their own (a plan holding only them),
and the result goes back into the whole plan. Every other territory, its customers and its
boundary stay exactly as they were. The balance is measured among the chosen territories,
since their total is all the design can share out.

A rep who leaves (退職・異動) hands their customers to the reps around them: ``retire``
names that territory; it is designed with the territories touching it
(:func:`touching_territories`) into one territory fewer, and it is the one that goes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from planner import model as m
from planner import territories as tmod
from planner._design_graph import LONG_EDGE_FACTOR, neighbour_graph, project_km
from planner._edit_base import mark_stale
from planner.errors import PlannerError
from planner.geometry import boundaries_from_assignment
from planner.i18n import listing, tr

if TYPE_CHECKING:
    from planner.design import DesignResult


def resolve(plan: m.Plan, only: Sequence[str]) -> tuple[str, ...]:
    """The territory ids named by ``only`` (ids or names, in plan order, each once)."""
    by_name = {t.name: t.id for t in plan.territories}
    ids = set(plan.territory_ids)
    chosen: set[str] = set()
    for item in only:
        text = str(item).strip()
        tid = text if text in ids else by_name.get(text)
        if tid is None:
            raise PlannerError(tr("There is no territory “{name}” in the plan.", name=text))
        chosen.add(tid)
    if not chosen:
        raise PlannerError(tr("Choose at least one territory to design."))
    return tuple(t for t in plan.territory_ids if t in chosen)


def sub_plan(plan: m.Plan, ids: tuple[str, ...], *, last: str | None = None) -> m.Plan:
    """A plan of ``ids``' territories and their customers only (no calendar); ``last`` (a
    territory to retire) is put at the end, where a design into fewer territories drops it."""
    inside = plan.customers[m.TERRITORY].isin(ids).to_numpy()
    if not inside.any():
        raise PlannerError(tr("The chosen territories have no customers to design."))
    chosen = [t for t in plan.territories if t.id in ids]
    chosen = [t for t in chosen if t.id != last] + [t for t in chosen if t.id == last]
    return plan.replace(
        customers=plan.customers[inside].copy(),
        territories=tuple(chosen),
        schedule=None,
        unscheduled=None,
        meta={},
    )


def _fresh(plan: m.Plan, ids: tuple[str, ...], designed: Sequence[m.Territory]) -> dict[str, str]:
    """New ids for territories the design added whose id another territory already has."""
    held = plan.taken_territory_ids()  # the plan's, and those its calendar still names
    taken = held | {t.id for t in designed}
    renamed: dict[str, str] = {}
    n = 1
    for t in designed:
        if t.id in ids or t.id not in held:
            continue
        while f"T{n:02d}" in taken:
            n += 1
        renamed[t.id] = f"T{n:02d}"
        taken.add(renamed[t.id])
    return renamed


def merge(plan: m.Plan, ids: tuple[str, ...], designed: m.Plan) -> tuple[m.Plan, dict[str, str]]:
    """``plan`` with ``ids``' customers and territories replaced by ``designed``'s.

    Territories the design dropped (fewer requested) are gone, added ones come after the
    others, with ids, names and colours no other territory has. Only the designed
    territories' boundaries are redrawn. Returns the plan and the ids renamed on the way.
    """
    renamed = _fresh(plan, ids, designed.territories)
    new_terrs = [t.replace(id=renamed.get(t.id, t.id)) for t in designed.territories]
    labels = designed.customers[m.TERRITORY].to_numpy(dtype=object)
    labels = np.array([renamed.get(x, x) for x in labels], dtype=object)
    customers = plan.customers.copy()
    inside = customers[m.TERRITORY].isin(ids).to_numpy()
    column = customers[m.TERRITORY].to_numpy(dtype=object).copy()
    column[inside] = labels
    customers[m.TERRITORY] = column
    by_id = {t.id: t for t in new_terrs}
    out: list[m.Territory] = []
    for t in plan.territories:
        if t.id not in ids:
            out.append(t)
        elif t.id in by_id:
            out.append(by_id.pop(t.id))
        # else: the design dropped it (fewer territories requested)
    names = {t.name for t in out}
    colours = {t.color for t in out}
    for t in sorted(by_id.values(), key=lambda t: t.id):  # added by the design
        digits = t.id.lstrip("T")  # T05 is "Territory 5" when that name is free
        n = int(digits) if digits.isdigit() else len(out) + 1
        while (name := tr("Territory {n}", n=n)) in names:
            n += 1
        colour = t.color
        free = [c for c in m.PALETTE if c not in colours]
        if colour in colours and free:
            colour = free[0]
        names.add(name)
        colours.add(colour)
        out.append(t.replace(name=name, color=colour))
    merged = plan.replace(customers=customers, territories=tuple(out), settings=designed.settings)
    designed_ids = {t.id for t in new_terrs}
    drawn = {t.id: t.boundary for t in boundaries_from_assignment(merged)}
    merged = merged.replace(
        territories=tuple(
            t.replace(boundary=drawn[t.id]) if t.id in designed_ids else t for t in out
        )
    )
    if (column != plan.customers[m.TERRITORY].to_numpy(dtype=object)).any() or len(out) != len(
        plan.territories
    ):
        merged = mark_stale(plan, merged)[0]
    return merged, renamed


def check_touching(a: np.ndarray, b: np.ndarray, labels: np.ndarray, names: Sequence[str]) -> None:
    """Refuse chosen territories that fall apart into groups no customer can move between.

    ``a``–``b`` are the chosen customers' neighbour pairs (none across another territory),
    ``labels`` each customer's present territory (index into ``names``); a customer whose
    territory the design drops (-1: a retiring or merged territory's) links its neighbours."""
    if (labels < 0).any():  # free customers are one more "territory" that joins the others
        labels = np.where(labels >= 0, labels, len(names))
        names = [*names, ""]
    present = np.unique(labels[labels >= 0])
    if len(present) < 2:
        return
    cross = (labels[a] >= 0) & (labels[b] >= 0) & (labels[a] != labels[b])
    k = len(names)
    touch = coo_matrix((np.ones(int(cross.sum())), (labels[a][cross], labels[b][cross])),
                       shape=(k, k))
    group = connected_components(touch, directed=False)[1][present]
    if len(set(group.tolist())) > 1:
        first = [names[t] for t, g in zip(present, group, strict=True)
                 if g == group[0] and names[t]]
        others = [names[t] for t, g in zip(present, group, strict=True)
                  if g != group[0] and names[t]]
        raise PlannerError(
            tr(
                "{first} and {others} do not touch, so no customer can move between them; "
                "choose the territories in between too.",
                first=listing(first),
                others=listing(others),
            )
        )


def touching_territories(plan: m.Plan, territory: str) -> list[str]:
    """The territories whose customers neighbour ``territory``'s (id or name) on the map, the
    longest shared boundary first. A territory reached only across a gap (a bay, open
    country: an edge far longer than the customers' spacing) counts only when nothing else
    touches."""
    tid = resolve(plan, [territory])[0]
    c = plan.customers
    ok = m.located_mask(c) & (c[m.TERRITORY] != "").to_numpy()
    labels = c[m.TERRITORY].to_numpy(dtype=object)[ok]
    if not (labels == tid).any():
        return []
    xy = project_km(c[m.LAT].to_numpy(dtype=float)[ok], c[m.LON].to_numpy(dtype=float)[ok])
    a, b = neighbour_graph(xy).edges()
    length = np.hypot(*(xy[a] - xy[b]).T)
    inside = (labels[a] == tid) & (labels[b] == tid)
    cross = (labels[a] != labels[b]) & ((labels[a] == tid) | (labels[b] == tid))
    other = np.where(labels[a] == tid, labels[b], labels[a])[cross].astype(str)
    if not len(other):
        return []
    # the territory's own long links (its 90th percentile edge) set what still "touches"
    reach = LONG_EDGE_FACTOR * float(np.quantile(length[inside], 0.9)) if inside.any() else np.inf
    short = length[cross] <= reach
    if short.any():  # reached across a gap only: not a neighbour to hand customers to
        other = other[short]
    names, counts = np.unique(other, return_counts=True)
    order = {t: i for i, t in enumerate(plan.territory_ids)}
    ranked = sorted(zip(names.tolist(), counts.tolist(), strict=True),
                    key=lambda item: (-item[1], order.get(item[0], 0)))
    return [t for t, _n in ranked]


def retire_group(plan: m.Plan, retire: str, only: Sequence[str] | None) -> tuple[str, ...]:
    """The territories a retiring one is designed with: ``only`` (it included), else it and
    the territories touching it. Refused when none touches it or it has locked customers."""
    tid = resolve(plan, [retire])[0]
    name = plan.territory(tid).name
    c = plan.customers
    if not (c[m.TERRITORY] == tid).any():
        raise PlannerError(tr("{name} has no customers to hand over: delete it instead.",
                              name=name))
    locked = int((c[m.LOCKED].to_numpy(dtype=bool) & (c[m.TERRITORY] == tid).to_numpy()).sum())
    if locked:
        raise PlannerError(tr("{name} has {n} locked customers: unlock them before handing its "
                              "customers over.", name=name, n=locked))
    group = resolve(plan, [*(only or touching_territories(plan, tid)), tid])
    if len(group) < 2:
        raise PlannerError(tr("No territory touches {name}, so nobody can take over its "
                              "customers; choose the territories to hand them to.", name=name))
    return group


def design_only(
    design: Callable[..., DesignResult], plan: m.Plan, only: Sequence[str], *,
    retire: str | None = None, **options: Any
) -> DesignResult:
    """``design`` (:func:`planner.design.design_territories`) run on ``only``'s territories;
    ``retire`` (one of them) is the territory left out when there are fewer."""
    ids = resolve(plan, only)
    c = plan.customers
    others = ~c[m.TERRITORY].isin(ids).to_numpy() & m.located_mask(c)
    outside = (c[m.LAT].to_numpy(dtype=float)[others], c[m.LON].to_numpy(dtype=float)[others])
    last = resolve(plan, [retire])[0] if retire is not None else None
    result = design(sub_plan(plan, ids, last=last), outside=outside, **options)
    merged, renamed = merge(plan, ids, result.plan)
    moves = result.moves.copy()
    for col in ("from_territory", "to_territory"):
        moves[col] = [renamed.get(x, x) for x in moves[col]]
    metrics = result.metrics.rename(index=lambda x: renamed.get(x, x))
    second = result.second
    if second is not None:
        second = second | {
            "deviation": {renamed.get(t, t): d for t, d in second["deviation"].items()}
        }
    return dataclasses.replace(
        result,
        second=second,
        split=tuple((renamed.get(t, t), why) for t, why in result.split),
        outside=tuple((renamed.get(t, t), why) for t, why in result.outside),
        plan=merged,
        moves=moves,
        metrics=metrics,
        compactness=float(tmod.compactness(merged)),
    )


def group_summary(plan: m.Plan, only: Sequence[str], measure: str) -> dict[str, Any]:
    """:func:`planner.territories.balance_summary` of ``only``'s territories among themselves."""
    ids = resolve(plan, only)
    sub = plan.replace(
        customers=plan.customers[plan.customers[m.TERRITORY].isin(ids).to_numpy()],
        territories=tuple(t for t in plan.territories if t.id in ids),
    )
    return tmod.balance_summary(tmod.territory_metrics(sub, balance=measure), measure)


def handover_lines(before: m.Plan, result: DesignResult, retire: str) -> list[str]:
    """Where a retired territory's customers went, and the reps it leaves above their hours."""
    tid = resolve(before, [retire])[0]
    name = before.territory(tid).name
    moves = result.moves
    gone = moves[moves["from_territory"] == tid]
    names = {t.id: t.name for t in result.plan.territories}
    counts = gone.groupby("to_territory").size().sort_values(ascending=False, kind="stable")
    lines = [tr("{name}'s {n} customers go to {where}.", name=name, n=f"{len(gone):,}",
                where=listing(f"{names.get(t, t)} {int(k):,}" for t, k in counts.items()))]
    use = result.metrics["capacity_use"].dropna()
    over = use[use > 1.0].sort_values(ascending=False)
    if len(over):
        lines.append(tr("{n} reps are now above their weekly hours: {names}. Lower visit "
                        "frequencies, or keep a rep.", n=len(over),
                        names=listing(f"{names.get(t, t)} {u:.0%}" for t, u in over.items())))
    return lines
