"""Repair step of the territory designer: boundary swaps along the neighbour graph.

Customers on a territory's edge move one at a time to the lighter neighbouring
territory when that lowers the heavier of the two loads, never taking a locked
customer and never splitting the territory they leave (local articulation
test), cheapest compactness loss first. Load diffuses through chains of
neighbours over successive passes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from planner._design_flow import COST_POWER
from planner._design_graph import NeighbourGraph, removable
from planner._design_reach import reachable
from planner._design_route import route_moves
from planner._design_weights import Values

#: Re-balancing stops when every load is within this share of the tolerance (rounding margin).
INSIDE = 0.995
#: Re-balancing re-estimates the true loads after every move up to this many customers
#: (after every n // REFRESH_CUSTOMERS moves above: each estimate takes a k-d tree per territory).
REFRESH_CUSTOMERS = 20_000
#: Re-balancing stuck this many times is freed by routing the excess over the borders.
ROUTES = 3
#: Re-balancing stops when this many moves in a row leave the loads' true total excess no lower
#: than the best so far (and keeps that best): where locked customers hold a territory's load
#: beyond the tolerance, the re-estimated loads made the greedy hand customers back and forth
#: until it had moved as many as the plan has (minutes at 30,000 customers).
PATIENCE = 200
#: Re-balancing that must move at least this many typical customers' load, and at least
#: ``BULK_SHARE`` of the customers (a big hand-over: customers moved by hand, a territory
#: emptied: 6.7–22 % in ``bench_design_lasso.py``; the 10 % shift of ``bench_design.py
#: --rebalance``: 1.7 % at 10,000 customers, 1.9 % at 100,000) estimates the loads again only
#: every ``need // BULK_REFRESH`` moves and takes every move of a look at the boundary that
#: still lowers the excess on the loads as they stand, not one per look (one move per look
#: and estimate: minutes at 30,000).
BULK = 500
BULK_SHARE = 0.04
BULK_REFRESH = 50
#: A bulk look at the boundary weighs its best ``BULK_LOOK × territories`` moves only.
BULK_LOOK = 20


@dataclass(frozen=True)
class SwapModel:
    """Weight of customer i in territory t is ``base[i] + factor[t] * proxy[i]``.

    A territory's load is the sum of its customers' weights plus ``offset[t]``.
    """

    base: np.ndarray
    proxy: np.ndarray
    factor: np.ndarray
    offset: np.ndarray

    def weight_in(self, labels: np.ndarray) -> np.ndarray:
        """Weight of every customer in its current territory (0 where unassigned)."""
        out = self.base + self.factor[np.maximum(labels, 0)] * self.proxy
        return np.where(labels >= 0, out, 0.0)


def swap_model(v: Values, labels: np.ndarray, k: int, *, marginal: float = 1.0) -> SwapModel:
    """Per-customer weights whose territory sums plus offsets equal the true loads.

    A customer carries its service hours plus ``marginal`` times its share of the
    territory's travel (its visits × local spacing, calibrated to the estimate); the
    rest of the travel is a fixed offset of the territory (``design.MARGINAL`` discusses
    the value used).
    """
    if v.measure != "workload":
        return SwapModel(v.base_weight(), np.zeros(len(labels)), np.zeros(k), v.fixed(k))
    ok = labels >= 0
    travel = v.travel_hours(labels, k)
    proxy = v.travel_proxy
    psum = np.bincount(labels[ok], weights=proxy[ok], minlength=k)
    factor = np.where(psum > 0, travel / np.where(psum > 0, psum, 1.0), 0.0)
    return SwapModel(v.service, proxy, factor * marginal, travel * (1.0 - marginal) + v.fixed(k))


def boundary_swaps(
    graph: NeighbourGraph,
    adj: list[list[int]],
    labels: np.ndarray,
    model: SwapModel,
    *,
    locked: np.ndarray,
    xy: np.ndarray,
    mass: np.ndarray,
    centres: np.ndarray,
    tolerance: float,
    aim: float,
    stay: np.ndarray | None = None,
    shares: np.ndarray | None = None,
    max_passes: int = 40,
    reach: np.ndarray | None = None,
    guard: Callable[[np.ndarray, int, int], bool] | None = None,
) -> np.ndarray:
    """Move boundary customers until every load is within ``tolerance`` of its fair share.

    ``shares`` (summing to 1, default equal) are the territories' fair shares of the
    total load. A territory being fixed is brought to within ``aim`` (≤ ``tolerance``) of
    its share. ``stay[i]`` (re-balancing) is the customer's original territory:
    moving a customer back there is free, moving it away costs extra. ``reach`` (customer,
    territory: :mod:`planner._design_reach`) forbids moves to a rep who cannot reach the
    customer in a day. ``guard(labels, i, dst)`` (the clean-up: :mod:`planner._design_tidy`)
    may refuse a move.
    """
    labels = labels.copy()
    k = len(centres)
    shares = np.full(k, 1.0 / k) if shares is None else shares
    u_all, v_all = graph.edges()
    for _ in range(max_passes):
        w = model.weight_in(labels)
        loads = np.bincount(labels[labels >= 0], weights=w[labels >= 0], minlength=k)
        loads = loads + model.offset
        target = float(loads.sum()) * shares
        if not (target > 0).all():
            break
        dev = loads / target - 1.0
        if np.abs(dev).max() <= tolerance:
            break
        cross = (labels[u_all] >= 0) & (labels[v_all] >= 0) & (labels[u_all] != labels[v_all])
        cross &= ~locked[u_all]
        cu, cv = u_all[cross], labels[v_all[cross]]
        cu, cv = reachable(reach, cu, cv)
        pairs = np.unique(np.column_stack([cu, cv]), axis=0)
        if len(pairs) == 0:
            break
        ci, cb = pairs[:, 0], pairs[:, 1]
        ca = labels[ci]
        half = COST_POWER / 2.0
        cost = mass[ci] * (
            ((xy[ci] - centres[cb]) ** 2).sum(axis=1) ** half
            - ((xy[ci] - centres[ca]) ** 2).sum(axis=1) ** half
        )
        if stay is not None:
            # re-balancing: few moves first — heavy customers, back home free, leaving home dear
            scale = 4.0 * float(np.abs(cost).mean()) + 1e-9
            penalty = np.where(stay[ci] == ca, scale, 0.0) - np.where(stay[ci] == cb, scale, 0.0)
            wi = model.base[ci] + model.factor[ca] * model.proxy[ci]
            cost = (cost + penalty) / np.maximum(wi, 1e-9)
        order = np.argsort(cost, kind="stable")
        ci, cb, ca = ci[order], cb[order], ca[order]
        by_from = {int(t): ci[ca == t] for t in np.unique(ca)}
        by_from_b = {int(t): cb[ca == t] for t in np.unique(ca)}
        by_to = {int(t): (ci[cb == t], ca[cb == t]) for t in np.unique(cb)}
        counts = np.bincount(labels[labels >= 0], minlength=k)
        moved = 0
        for a in np.argsort(-np.abs(dev)):
            a = int(a)
            if abs(loads[a] / target[a] - 1.0) <= tolerance:
                continue
            if loads[a] > target[a]:
                cands = zip(by_from.get(a, ()), by_from_b.get(a, ()), strict=True)
                moves = ((int(i), a, int(b)) for i, b in cands)
            else:
                ii, aa = by_to.get(a, (np.empty(0, np.int64), np.empty(0, np.int64)))
                moves = ((int(i), int(f), a) for i, f in zip(ii, aa, strict=True))
            for i, src, dst in moves:
                if labels[i] != src or abs(loads[a] / target[a] - 1.0) <= aim:
                    if abs(loads[a] / target[a] - 1.0) <= aim:
                        break
                    continue
                wi_src = model.base[i] + model.factor[src] * model.proxy[i]
                wi_dst = model.base[i] + model.factor[dst] * model.proxy[i]
                before = max(abs(loads[src] / target[src] - 1), abs(loads[dst] / target[dst] - 1))
                after = max(
                    abs((loads[src] - wi_src) / target[src] - 1),
                    abs((loads[dst] + wi_dst) / target[dst] - 1),
                )
                if after >= before - 1e-12:
                    continue
                if counts[src] <= 1 or not any(labels[j] == dst for j in adj[i]):
                    continue
                if not removable(adj, labels, i):
                    continue
                if guard is not None and not guard(labels, i, dst):
                    continue
                labels[i] = dst
                counts[src] -= 1
                counts[dst] += 1
                loads[src] -= wi_src
                loads[dst] += wi_dst
                moved += 1
        if moved == 0:
            break
    return labels


def fill_empty(
    adj: list[list[int]],
    labels: np.ndarray,
    *,
    locked: np.ndarray,
    xy: np.ndarray,
    centres: np.ndarray,
    reach: np.ndarray | None = None,
) -> np.ndarray:
    """Give every empty territory the free customer nearest its centre that its rep can reach
    (``reach``, see :func:`boundary_swaps`), never emptying another."""
    labels = labels.copy()
    k = len(centres)
    counts = np.bincount(labels[labels >= 0], minlength=k)
    for t in np.flatnonzero(counts == 0).tolist():
        order = np.argsort(((xy - centres[t]) ** 2).sum(axis=1), kind="stable")
        for i in order.tolist():
            src = int(labels[i])
            if locked[i] or src < 0 or counts[src] <= 1:
                continue
            if reach is not None and not reach[i, t]:
                continue
            if not removable(adj, labels, i):
                continue
            labels[i] = t
            counts[src] -= 1
            counts[t] += 1
            break
    return labels


def _excess(load: np.ndarray, target: np.ndarray, tolerance: float) -> np.ndarray:
    """How far (share of its target) each load lies outside ``tolerance`` of the target."""
    return np.maximum(np.abs(load / target - 1.0) - tolerance, 0.0)


def _gain(loads: np.ndarray, target: np.ndarray, a: int, b: int, w_out: float, w_in: float,
          inner: float, room: float) -> float:
    """How much moving a customer (``w_out`` in ``a``, ``w_in`` in ``b``) lowers the loads'
    excess (:func:`_excess`; as the look's ``gain``, never above 0 past the ``room``)."""
    la, lb, ta, tb = float(loads[a]), float(loads[b]), float(target[a]), float(target[b])

    def ex(load: float, t: float) -> float:
        return max(abs(load / t - 1.0) - inner, 0.0)

    gain = ex(la, ta) - ex(la - w_out, ta) + ex(lb, tb) - ex(lb + w_in, tb)
    return gain if lb + w_in <= tb * (1 + room) else min(gain, 0.0)


def _customers_to_move(model: SwapModel, labels: np.ndarray, shares: np.ndarray,
                       inner: float) -> int:
    """About how many typical customers carry the load beyond ``inner`` of the fair shares."""
    own = labels >= 0
    if not own.any():
        return 0
    w = model.weight_in(labels)
    k = len(shares)
    loads = np.bincount(labels[own], weights=w[own], minlength=k) + model.offset
    target = float(loads.sum()) * shares
    over = np.maximum(np.abs(loads - target) - inner * target, 0.0).sum() / 2.0
    return int(over / max(float(np.median(w[own])), 1e-9))


def rebalance_few_moves(
    graph: NeighbourGraph,
    adj: list[list[int]],
    labels: np.ndarray,
    model_of: Callable[[np.ndarray], SwapModel],
    *,
    locked: np.ndarray,
    xy: np.ndarray,
    mass: np.ndarray,
    centres: np.ndarray,
    tolerance: float,
    shares: np.ndarray | None = None,
    max_moves: int | None = None,
    reach: np.ndarray | None = None,
    compact: bool = False,
    left_from: np.ndarray | None = None,
) -> np.ndarray:
    """Re-balance an existing assignment moving as few customers as the boundary allows.

    ``shares`` (summing to 1, default equal) are the territories' fair shares of the total.

    Greedy on the true loads (``model_of(labels)``: marginal weights whose sums plus
    offsets are the loads, see :class:`SwapModel`, re-estimated after every move).
    Each step moves the one boundary customer, to a neighbouring territory, that
    shrinks most the loads' total excess beyond the tolerance: heavy customers
    first, and a move from a heavy territory to a light one fixes two at once; ties
    go to the smaller loss of compactness. (One move per estimate: taking several
    between untouched territories measured 20 % more moves.) Never takes a locked customer,
    never splits or empties a territory, never pushes a receiver far past the
    mean, never hands a customer to a rep who cannot reach it in a day (``reach``, see
    :func:`boundary_swaps`); stops as soon as every load is within the tolerance. Stuck
    (no single move lowers the excess, a chain of them would), the excess is routed over
    the borders (:func:`planner._design_route.route_moves`), and the greedy goes on.
    ``compact`` (after a carve, :func:`planner._design_carve.hand_over`): the move that loses
    least compactness for the excess it removes first, instead of the one removing most.
    A customer is never handed back to a territory it left (nor to ``left_from[i]``, where
    it is not -1: the territory a carve took it from), and the re-balance stops (keeping
    the best assignment seen) after :data:`PATIENCE` moves that lower the true excess no
    further: locked customers holding a territory beyond the tolerance cannot keep it going.
    A big hand-over (:data:`BULK` customers or more) looks at the boundary and estimates the
    loads less often, several moves at a time.
    """
    labels = labels.copy()
    k = len(centres)
    shares = np.full(k, 1.0 / k) if shares is None else shares
    u_all, v_all = graph.edges()
    inner = tolerance * INSIDE
    room = tolerance * 0.9  # a receiver may go this far above the mean
    max_moves = len(labels) if max_moves is None else max_moves
    counts = np.bincount(labels[labels >= 0], minlength=k)
    moves = 0
    routes = ROUTES
    # big plans: the loads are estimated again every few moves (marginal updates between)
    refresh = max(1, len(labels) // REFRESH_CUSTOMERS)
    bulk: bool | None = None  # decided on the first estimate
    since = refresh
    left: dict[int, set[int]] = {}  # customer → the territories it was handed out of
    if left_from is not None:
        for i in np.flatnonzero(left_from >= 0).tolist():
            left[i] = {int(left_from[i])}
    best, best_labels, stale = np.inf, labels.copy(), 0
    while True:
        if since >= refresh:
            model = model_of(labels)
            w_all = model.weight_in(labels)
            own = labels >= 0
            loads = np.bincount(labels[own], weights=w_all[own], minlength=k) + model.offset
            since = 0
            if bulk is None:
                need = _customers_to_move(model, labels, shares, inner)
                bulk = need >= max(BULK, BULK_SHARE * len(labels))
                if bulk:
                    refresh = max(refresh, need // BULK_REFRESH)
            total = float(loads.sum())
            excess = float(_excess(loads, total * shares, inner).sum()) if total > 0 else 0.0
            if excess < best * (1 - 1e-9):
                best, best_labels, stale = excess, labels.copy(), 0
            elif stale >= PATIENCE:
                labels = best_labels
                break
        target = float(loads.sum()) * shares
        if not (target > 0).all():
            break
        dev = loads / target - 1.0
        if np.abs(dev).max() <= inner:
            if since == 0:
                break
            since = refresh  # confirm on the true loads
            continue
        cross = (labels[u_all] >= 0) & (labels[v_all] >= 0) & (labels[u_all] != labels[v_all])
        cross &= ~locked[u_all]
        ci, cb = u_all[cross], labels[v_all[cross]]
        ci, cb = reachable(reach, ci, cb)
        ca = labels[ci]
        w_out = model.base[ci] + model.factor[ca] * model.proxy[ci]
        w_in = model.base[ci] + model.factor[cb] * model.proxy[ci]
        half = COST_POWER / 2.0
        loss = mass[ci] * (
            ((xy[ci] - centres[cb]) ** 2).sum(axis=1) ** half
            - ((xy[ci] - centres[ca]) ** 2).sum(axis=1) ** half
        )
        gain = (
            _excess(loads[ca], target[ca], inner)
            - _excess(loads[ca] - w_out, target[ca], inner)
            + _excess(loads[cb], target[cb], inner)
            - _excess(loads[cb] + w_in, target[cb], inner)
        )
        # no receiver pushed past ``room`` unless that already counts against the gain
        gain = np.where(loads[cb] + w_in <= target[cb] * (1 + room), gain, np.minimum(gain, 0.0))
        idx = np.flatnonzero(gain > 1e-12)
        if compact:
            order = idx[np.argsort(loss[idx] / gain[idx], kind="stable")]
        else:
            order = idx[np.lexsort((loss[idx], -np.round(gain[idx], 9)))]
        moved = False
        if bulk:  # the first moves of each territory pair are near the front
            order = order[: max(BULK_LOOK * k, 1)]
        for j in order.tolist():
            i, src, dst = int(ci[j]), int(ca[j]), int(cb[j])
            if labels[i] != src:
                continue
            if bulk and moved and _gain(loads, target, src, dst, w_out[j], w_in[j], inner,
                                        room) <= 1e-12:
                continue  # an earlier move of this look took what this one would fix
            if dst in left.get(i, ()):  # never back where it was handed out of
                continue
            if counts[src] <= 1 or not removable(adj, labels, i):
                continue
            labels[i] = dst
            left.setdefault(i, set()).add(src)
            counts[src] -= 1
            counts[dst] += 1
            loads[src] -= w_out[j]
            loads[dst] += w_in[j]
            moves += 1
            since += 1
            stale += 1
            moved = True
            if not bulk or moves >= max_moves or since >= refresh:
                break
        if moves >= max_moves:
            break
        if not moved:
            if since == 0:
                if not routes:
                    break
                # stuck on the true loads: the excess goes along a chain of borders at once
                routes -= 1
                routed = route_moves(graph, adj, labels, model, locked=locked, xy=xy,
                                     mass=mass, centres=centres, shares=shares,
                                     tolerance=tolerance, reach=reach)
                if not (routed != labels).any():
                    break
                moves += int((routed != labels).sum())
                labels = routed
                counts = np.bincount(labels[labels >= 0], minlength=k)
            since = refresh
    return labels
