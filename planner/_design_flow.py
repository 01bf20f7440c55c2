"""Allocation step of the territory designer: micro-clusters, seeding and the balanced assignment.

The balanced assignment is a transportation problem solved as a min-cost flow
(OR-Tools SimpleMinCostFlow): units (micro-clusters of nearby customers) supply
their weight, each territory must take between a lower and an upper bound, and
a unit's cost is its customers' visit-weighted distance to the territory
centre (plus a penalty for leaving its current territory when a plan is
re-balanced) — the location–allocation model of Hess & Samuels (1971), with the
plain distance (p-median) instead of their squared distance because the plain
distance is what ``territories.compactness`` reports (it measured more compact).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from ortools.graph.python import min_cost_flow
from scipy.optimize import linear_sum_assignment

from planner._design_graph import NeighbourGraph

if TYPE_CHECKING:
    from planner._design_problem import Problem
    from planner._design_repair import SwapModel

#: Above this many customers, customers are grouped into micro-clusters before the flow.
UNIT_TARGET = 6000
SUPPLY_SCALE = 2_000_000
COST_SCALE = 10_000_000
#: Cost exponent of the distance: 2 = moment of inertia (Hess & Samuels), 1 = p-median.
COST_POWER = 1.0


@dataclass(frozen=True)
class Units:
    """Micro-clusters: ``of[i]`` is customer i's unit; per-unit centroid, count and key."""

    of: np.ndarray
    xy: np.ndarray
    count: np.ndarray

    @property
    def n(self) -> int:
        return len(self.count)


def make_units(xy: np.ndarray, key: np.ndarray, *, target: int | None = None) -> Units:
    """Group customers into quadtree cells of at most a few customers sharing ``key``.

    ``key`` (int per customer) keeps apart customers that must not share a unit
    (different locked territories or, when re-balancing, different current territories).
    """
    n = len(xy)
    target = UNIT_TARGET if target is None else target
    cap = max(1, int(np.ceil(n / max(target, 1) * 0.6)))
    if cap <= 1:
        of = np.arange(n, dtype=np.int64)
        return Units(of, xy.copy(), np.ones(n, dtype=np.int64))
    lo = xy.min(axis=0)
    span = float(max(np.ptp(xy[:, 0]), np.ptp(xy[:, 1]), 1e-6))
    cell_id = np.full(n, -1, dtype=np.int64)
    active = np.arange(n)
    next_id = 0
    for level in range(1, 30):
        size = span / (2**level)
        cx = np.floor((xy[active, 0] - lo[0]) / size).astype(np.int64)
        cy = np.floor((xy[active, 1] - lo[1]) / size).astype(np.int64)
        code = np.column_stack([cx, cy, key[active]])
        _, inv, counts = np.unique(code, axis=0, return_inverse=True, return_counts=True)
        inv = inv.ravel()
        done = (counts[inv] <= cap) | (size < 0.05) | (level == 29)
        if done.any():
            _, local = np.unique(inv[done], return_inverse=True)
            cell_id[active[done]] = next_id + local.ravel()
            next_id += int(local.max()) + 1
        active = active[~done]
        if len(active) == 0:
            break
    count = np.bincount(cell_id, minlength=next_id)
    cxy = np.column_stack(
        [np.bincount(cell_id, weights=xy[:, d], minlength=next_id) / count for d in range(2)]
    )
    return Units(cell_id, cxy, count)


def kmeans_pp(xy: np.ndarray, weight: np.ndarray, k: int, rng: np.random.Generator) -> np.ndarray:
    """k-means++ seeding on weighted points (Arthur & Vassilvitskii 2007)."""
    w = np.maximum(weight, 0) + 1e-12
    centres = np.empty((k, 2))
    centres[0] = xy[rng.choice(len(xy), p=w / w.sum())]
    d2 = ((xy - centres[0]) ** 2).sum(axis=1)
    for c in range(1, k):
        p = w * d2
        total = p.sum()
        idx = rng.choice(len(xy), p=p / total) if total > 0 else rng.integers(len(xy))
        centres[c] = xy[idx]
        d2 = np.minimum(d2, ((xy - centres[c]) ** 2).sum(axis=1))
    return centres


def sq_dist(xy: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Squared distances (n, k)."""
    return ((xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)


def distance_cost(xy: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Per unit of visits, the cost of serving each point from each centre: distance ** COST_POWER."""
    return sq_dist(xy, centres) ** (COST_POWER / 2.0)


def lloyd(
    xy: np.ndarray, count: np.ndarray, centres: np.ndarray, fixed: np.ndarray, *, rounds: int = 10
) -> np.ndarray:
    """A few plain (unbalanced) k-means rounds on units; ``fixed`` centres stay where they are."""
    centres = centres.copy()
    k = len(centres)
    for _ in range(rounds):
        label = sq_dist(xy, centres).argmin(axis=1)
        new = centroids(xy, count, label, k, centres)
        new[fixed] = centres[fixed]
        if np.allclose(new, centres):
            break
        centres = new
    return centres


def centroids(
    xy: np.ndarray, count: np.ndarray, label: np.ndarray, k: int, previous: np.ndarray
) -> np.ndarray:
    """Count-weighted centroid of each territory's units (previous centre when empty)."""
    ok = label >= 0
    c = np.bincount(label[ok], weights=count[ok], minlength=k).astype(float)
    out = previous.copy()
    has = c > 0
    for d in range(2):
        s = np.bincount(label[ok], weights=(xy[ok, d] * count[ok]), minlength=k)
        out[has, d] = s[has] / c[has]
    return out


def balanced_assign(
    units: Units,
    weight: np.ndarray,
    mass: np.ndarray,
    centres: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    *,
    fixed: np.ndarray,
    current: np.ndarray,
    move_penalty: float,
    candidates: int = 8,
    allowed: tuple[np.ndarray, np.ndarray] | None = None,
    reach: np.ndarray | None = None,
) -> np.ndarray:
    """Territory index per unit from the min-cost flow (module docstring).

    ``weight`` (the balanced measure) and ``mass`` (visits, for compactness) are per unit; ``fixed[u]`` ≥ 0 forces unit ``u`` (locked customers);
    ``current[u]`` ≥ 0 is its present territory (moving costs ``move_penalty`` per
    customer). ``allowed`` (unit, territory) pairs, when given, replace the nearest
    ``candidates`` territories as the first try (re-balancing: only neighbouring
    territories). ``reach`` (unit, territory), when given, drops the arcs to territories whose
    rep cannot reach the unit in a day (every unit keeps one: :mod:`planner._design_reach`).
    Bounds are relaxed step by step when they cannot all be met.
    """
    k = len(centres)
    d2 = distance_cost(units.xy, centres)
    move = np.zeros_like(d2)
    if move_penalty > 0:
        has = current >= 0
        move[has] = move_penalty
        move[has, current[has]] = 0.0
    total_cost = d2 * mass[:, None] + move * units.count[:, None]  # cost of the whole unit
    label = np.full(units.n, -1, dtype=np.int64)
    pos = weight > 0
    for relax in (1.0, 2.0, 4.0, None):
        tries: list[int | tuple[np.ndarray, np.ndarray]] = [min(candidates, k), k]
        if allowed is not None:
            tries.insert(0, allowed)
        for cand in tries:
            result = _solve(total_cost, weight, pos, lower, upper, fixed, current, cand, relax,
                            reach)
            if result is not None:
                label = result
                break
        else:
            continue
        break
    # weightless units: nearest (cheapest) territory
    zero = ~pos | (label < 0)
    if zero.any():
        cheapest = total_cost[zero] if reach is None else np.where(reach[zero], total_cost[zero],
                                                                   np.inf)
        label[zero] = cheapest.argmin(axis=1)
    forced = fixed >= 0
    label[forced] = fixed[forced]
    return label


def _solve(
    total_cost: np.ndarray,
    weight: np.ndarray,
    pos: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    fixed: np.ndarray,
    current: np.ndarray,
    cand: int | tuple[np.ndarray, np.ndarray],
    relax: float | None,
    reach: np.ndarray | None = None,
) -> np.ndarray | None:
    n, k = total_cost.shape
    units = np.flatnonzero(pos)
    wsum = float(weight[units].sum())
    if wsum <= 0:
        return np.full(n, -1, dtype=np.int64)
    supply = np.maximum(1, np.round(weight[units] / wsum * SUPPLY_SCALE)).astype(np.int64)
    total = int(supply.sum())
    scale = total / wsum
    mean = (lower + upper) / 2.0
    if relax is None:
        lo = np.zeros(k, dtype=np.int64)
        hi = np.full(k, total, dtype=np.int64)
    else:
        lo = np.floor((mean - (mean - lower) * relax) * scale).clip(0).astype(np.int64)
        hi = np.ceil((mean + (upper - mean) * relax) * scale).astype(np.int64)
    forced = fixed[units]
    locked_supply = np.bincount(forced[forced >= 0], weights=supply[forced >= 0], minlength=k)
    hi = np.maximum(hi, np.ceil(locked_supply).astype(np.int64))
    if lo.sum() > total or hi.sum() < total:
        return None
    # arcs unit → territory (locked units: only their territory)
    cost = total_cost[units] / supply[:, None]
    free = forced < 0
    ureach = reach[units] if reach is not None else None
    # the candidates are picked among the reachable territories (the others cost infinity)
    pick = cost if ureach is None else np.where(ureach, cost, np.inf)
    if isinstance(cand, tuple):
        where = np.full(n, -1, np.int64)
        where[units] = np.arange(len(units))
        au, at = cand
        sel = where[au] >= 0
        cur = current[units]
        if ureach is not None:  # a present territory out of reach is no home to fall back on
            cur = np.where((cur >= 0) & ureach[np.arange(len(units)), np.maximum(cur, 0)], cur, -1)
        own = np.where(cur >= 0, cur, pick.argmin(axis=1))
        rows = np.concatenate([where[au[sel]], np.arange(len(units))])
        heads = np.concatenate([at[sel].astype(np.int64), own])
    elif cand < k:
        part = np.argpartition(pick, cand - 1, axis=1)[:, :cand]
        cols = [part]
        cur = current[units]
        cols.append(np.where(cur >= 0, cur, part[:, 0])[:, None])  # may repeat a column
        allc = np.concatenate(cols, axis=1)
        rows = np.repeat(np.arange(len(units)), allc.shape[1])
        heads = allc.ravel()
    else:
        rows = np.repeat(np.arange(len(units)), k)
        heads = np.tile(np.arange(k), len(units))
    keep = free[rows]
    if ureach is not None:  # a unit keeps its reachable arcs: there is one at least
        keep &= ureach[rows, heads]
    rows, heads = rows[keep], heads[keep]
    # (a repeated unit→territory pair is a harmless parallel arc: no de-duplication needed)
    lrows = np.flatnonzero(~free)
    rows = np.concatenate([rows, lrows])
    heads = np.concatenate([heads, forced[lrows]])
    c = cost[rows, heads]
    cmax = float(c.max()) if len(c) else 1.0
    c_int = np.round(c / max(cmax, 1e-12) * COST_SCALE).astype(np.int64)
    nu = len(units)
    sink = nu + k
    smcf = min_cost_flow.SimpleMinCostFlow()
    tails = np.concatenate([rows, nu + np.arange(k)]).astype(np.int32)
    hds = np.concatenate([nu + heads, np.full(k, sink)]).astype(np.int32)
    caps = np.concatenate([supply[rows], hi - lo]).astype(np.int64)
    costs = np.concatenate([c_int, np.zeros(k, np.int64)])
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(tails, hds, caps, costs)
    supplies = np.concatenate([supply, -lo, [-(total - int(lo.sum()))]]).astype(np.int64)
    smcf.set_nodes_supplies(np.arange(nu + k + 1, dtype=np.int32), supplies)
    if smcf.solve() != smcf.OPTIMAL:
        return None
    flows = smcf.flows(arcs[: len(rows)])
    order = np.lexsort((-flows, rows))  # a split unit goes where most of it flows
    r, h = rows[order], heads[order]
    first = np.ones(len(r), bool)
    first[1:] = r[1:] != r[:-1]
    label = np.full(n, -1, dtype=np.int64)
    label[units[r[first]]] = h[first]
    return label


def initial_centres(
    k: int,
    xy: np.ndarray,
    mass: np.ndarray,
    *,
    anchors: Mapping[int, np.ndarray],
    homes: Mapping[int, np.ndarray],
    known_labels: Sequence[np.ndarray],
    rebalancing: bool,
    units: Units,
    unit_w: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Anchored centres at homes; the rest by k-means++ and Lloyd, matched to the territories.

    ``known_labels`` (locked, then present territory per customer, -1 for none) give a
    territory's present visit-weighted centroid: where a re-balanced territory's centre
    starts, and what a new centre is matched to when the territory has no home.
    """
    centres = np.zeros((k, 2))
    known = np.zeros(k, bool)
    for j, h in anchors.items():
        centres[j] = h
        known[j] = True
    ref = np.full((k, 2), np.nan)
    for src in known_labels:
        ok = src >= 0
        if ok.any():
            c = np.bincount(src[ok], weights=mass[ok], minlength=k)
            has = (c > 0) & np.isnan(ref[:, 0])
            for d in range(2):
                s = np.bincount(src[ok], weights=mass[ok] * xy[ok, d], minlength=k)
                ref[has, d] = s[has] / c[has]
    if rebalancing:
        take = ~known & np.isfinite(ref[:, 0])
        centres[take] = ref[take]
        known |= take
    free = np.flatnonzero(~known)
    if len(free):
        seeds = kmeans_pp(units.xy, unit_w, len(free), rng)
        all_c = np.vstack([centres[known], seeds])
        fixed = np.zeros(len(all_c), bool)
        fixed[: int(known.sum())] = True
        all_c = lloyd(units.xy, units.count, all_c, fixed)
        new = all_c[int(known.sum()) :]
        # match new centres to territories: near their home, else their present customers
        cost = np.zeros((len(free), len(new)))
        for a, j in enumerate(free.tolist()):
            r = homes.get(j)
            if r is None and np.isfinite(ref[j, 0]):
                r = ref[j]
            if r is not None:
                cost[a] = np.hypot(*(new - r).T)
        ra, cb = linear_sum_assignment(cost)
        centres[free[ra]] = new[cb]
    return centres


def neighbour_pairs(
    graph: NeighbourGraph, units: Units, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(unit, territory) pairs where a unit's customer touches a customer of that territory."""
    u, v = graph.edges()
    cross = labels[u] != labels[v]
    k = int(labels.max()) + 1
    key = np.unique(units.of[u[cross]].astype(np.int64) * k + labels[v[cross]])
    return key // k, key % k


def flow_round(
    prob: Problem,
    units: Units,
    model: SwapModel,
    labels: np.ndarray,
    centres: np.ndarray,
    band: float,
    move_penalty: float,
    allowed: tuple[np.ndarray, np.ndarray] | None = None,
    reach: np.ndarray | None = None,
) -> np.ndarray:
    """One balanced assignment of ``prob``'s customers (``units``: their micro-clusters) to
    ``centres``, each territory's load (``model``'s weights of ``labels``) held within ``band``
    of its share; moving a customer from its current territory costs ``move_penalty``."""
    weight = model.weight_in(labels)
    target = (float(weight.sum()) + float(model.offset.sum())) * prob.shares
    uw = np.bincount(units.of, weights=weight, minlength=units.n)
    um = np.bincount(units.of, weights=prob.values.vpw + 1e-6, minlength=units.n)
    ufixed = np.full(units.n, -1, np.int64)
    ufixed[units.of] = prob.fixed
    ucur = np.full(units.n, -1, np.int64)
    ucur[units.of] = prob.current
    lower = target * (1 - band) - model.offset
    upper = target * (1 + band) - model.offset
    ulabel = balanced_assign(
        units,
        uw,
        um,
        centres,
        lower,
        upper,
        fixed=ufixed,
        current=ucur,
        move_penalty=move_penalty,
        allowed=allowed,
        reach=reach,
    )
    return ulabel[units.of]
