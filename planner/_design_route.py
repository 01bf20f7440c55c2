"""Re-balancing by routes: how much load crosses each border, then the customers that carry it.

The few-moves re-balance (:func:`planner._design_repair.rebalance_few_moves`) judges each move
by the change of the loads' total excess beyond the tolerance. It gets stuck where a heavy
territory's neighbours are all near the upper bound (or a light one's near the lower): no
single move lowers the excess, though a chain of moves through them would. At 100,000
customers / 50 territories one territory was left at +7.8 % and the fine-tuning afterwards
moved 549 customers to fix it. Here the territories' own graph decides instead: a min-cost
flow (a small linear programme, HiGHS through scipy) sends the excess over the borders to
territories with room, every load ending within the tolerance, costing one customer per
customer weight carried (each border's boundary customers, heaviest first, then a typical
customer's weight), so the flow takes the fewest customers; each border's flow is then carried
by its heaviest boundary customers that fit what is left (transshipment on the territory
adjacency graph, as in the flow models of districting: Hess & Samuels 1971).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import coo_matrix, vstack

from planner._design_flow import COST_POWER
from planner._design_graph import NeighbourGraph, removable
from planner._design_reach import reachable

if TYPE_CHECKING:
    from planner._design_repair import SwapModel

#: The flow aims this far inside the tolerance (a customer's weight is not divisible).
AIM = 0.99
#: Boundary customers per border the flow counts one by one (the rest: one arc).
ARCS = 30
#: A customer may carry at most this share of a border's flow left beyond it.
OVERSHOOT = 1.0
#: Passes over the borders (each pass finds the boundary the last one left).
PASSES = 30


def border_flows(
    src: np.ndarray,
    dst: np.ndarray,
    capacity: np.ndarray,
    cost: np.ndarray,
    loads: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
) -> np.ndarray | None:
    """Load to send over each arc ``src[e] → dst[e]`` (at most ``capacity[e]``, at
    ``cost[e]`` a unit) so that every load ends within ``lower``..``upper`` at the least
    cost; None when the arcs cannot carry it (territories cut off from each other)."""
    k = len(loads)
    m = len(src)
    if m == 0:
        return None
    # net outflow of each territory: its arcs out minus its arcs in
    out = coo_matrix(
        (np.r_[np.ones(m), -np.ones(m)], (np.r_[src, dst], np.tile(np.arange(m), 2))),
        shape=(k, m),
    ).tocsr()
    res = linprog(  # lower ≤ loads − outflow ≤ upper
        cost,
        A_ub=vstack([-out, out]),
        b_ub=np.r_[upper - loads, loads - lower],
        bounds=np.column_stack([np.zeros(m), capacity]),
        method="highs",
    )
    return np.asarray(res.x) if res.status == 0 else None


def _arcs(
    ca: np.ndarray, cb: np.ndarray, w: np.ndarray, k: int, typical: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The flow's arcs: per border ``ca → cb``, one per boundary customer (its weight ``w`` the
    capacity, a customer per weight the cost: the heavy ones carry most for a move), the
    heaviest :data:`ARCS` of them, then one without limit at the lighter of the border's
    lightest and the giving territory's ``typical`` weight."""
    key = ca.astype(np.int64) * k + cb
    order = np.lexsort((-w, key))
    key, w = key[order], w[order]
    first = np.r_[True, key[1:] != key[:-1]]
    start = np.flatnonzero(first)
    rank = np.arange(len(key)) - np.repeat(start, np.diff(np.r_[start, len(key)]))
    top = rank < ARCS
    borders = key[first]
    tail = np.minimum(typical[borders // k], np.minimum.reduceat(w, start))
    src = np.r_[key[top] // k, borders // k]
    dst = np.r_[key[top] % k, borders % k]
    capacity = np.r_[w[top], np.full(len(borders), np.inf)]
    cost = 1.0 / np.maximum(np.r_[w[top], tail], 1e-9)
    return src, dst, capacity, cost


def _candidates(
    u: np.ndarray, v: np.ndarray, labels: np.ndarray, locked: np.ndarray,
    reach: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (boundary customer, neighbouring territory) moves allowed now."""
    cross = (labels[u] >= 0) & (labels[v] >= 0) & (labels[u] != labels[v]) & ~locked[u]
    k = int(labels.max()) + 1
    key = np.unique(u[cross].astype(np.int64) * k + labels[v[cross]])
    return reachable(reach, key // k, key % k)


def route_moves(
    graph: NeighbourGraph,
    adj: list[list[int]],
    labels: np.ndarray,
    model: SwapModel,
    *,
    locked: np.ndarray,
    xy: np.ndarray,
    mass: np.ndarray,
    centres: np.ndarray,
    shares: np.ndarray,
    tolerance: float,
    reach: np.ndarray | None = None,
) -> np.ndarray:
    """Move boundary customers along the borders the flow chose until each has carried its
    load (module docstring): the heaviest customer that overshoots what is left by at most
    :data:`OVERSHOOT` of it first, ties to the smaller loss of compactness; never splitting
    or emptying a territory nor taking a locked customer or one the receiving rep cannot
    reach (``reach``). ``model`` gives the customers' weights and the loads now, ``shares``
    each territory's fair share of their total."""
    k = len(shares)
    labels = labels.copy()
    own = labels >= 0
    w_all = model.weight_in(labels)
    loads = np.bincount(labels[own], weights=w_all[own], minlength=k) + model.offset
    target = float(loads.sum()) * shares
    counts = np.bincount(labels[own], minlength=k)
    typical = np.ones(k)
    for t in np.flatnonzero(counts).tolist():
        typical[t] = float(np.median(w_all[labels == t]))
    u_all, v_all = graph.edges()
    ci, cb = _candidates(u_all, v_all, labels, locked, reach)
    src, dst, capacity, cost = _arcs(labels[ci], cb, w_all[ci], k, typical)
    band = tolerance * AIM
    flows = border_flows(src, dst, capacity, cost, loads, target * (1 - band),
                         target * (1 + band))
    if flows is None:
        return labels
    left: dict[int, float] = {}  # border a * k + b → load still to carry
    for key, f in zip((src * k + dst).tolist(), flows.tolist(), strict=True):
        if f > 1e-9:
            left[key] = left.get(key, 0.0) + f
    half = COST_POWER / 2.0
    for _ in range(PASSES):
        if not left:
            break
        ci, cb = _candidates(u_all, v_all, labels, locked, reach)
        ca = labels[ci]
        want = np.isin(ca.astype(np.int64) * k + cb, list(left))
        ci, cb, ca = ci[want], cb[want], ca[want]
        w = model.base[ci] + model.factor[ca] * model.proxy[ci]
        loss = mass[ci] * (
            ((xy[ci] - centres[cb]) ** 2).sum(axis=1) ** half
            - ((xy[ci] - centres[ca]) ** 2).sum(axis=1) ** half
        )
        moved = False
        for j in np.lexsort((loss, -w)).tolist():  # heaviest first, then the least loss
            i, a, b = int(ci[j]), int(ca[j]), int(cb[j])
            r = left.get(a * k + b)
            if r is None or labels[i] != a or w[j] - r > OVERSHOOT * r:
                continue
            if counts[a] <= 1 or not removable(adj, labels, i):
                continue
            labels[i] = b
            counts[a] -= 1
            counts[b] += 1
            moved = True
            if r - w[j] > 0:
                left[a * k + b] = r - float(w[j])
            else:
                del left[a * k + b]
        if not moved:
            break
    return labels
