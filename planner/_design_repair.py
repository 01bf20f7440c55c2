"""Repair step of the territory designer: boundary swaps along the neighbour graph.

Customers on a territory's edge move one at a time to the lighter neighbouring
territory when that lowers the heavier of the two loads, never taking a locked
customer and never splitting the territory they leave (local articulation
test), cheapest compactness loss first. Load diffuses through chains of
neighbours over successive passes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner._design_flow import COST_POWER
from planner._design_graph import NeighbourGraph, removable


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
    max_passes: int = 40,
) -> np.ndarray:
    """Move boundary customers until every load is within ``tolerance`` of the mean.

    A territory being fixed is brought to within ``aim`` (≤ ``tolerance``) of
    the mean. ``stay[i]`` (re-balancing) is the customer's original territory:
    moving a customer back there is free, moving it away costs extra.
    """
    labels = labels.copy()
    k = len(centres)
    u_all, v_all = graph.edges()
    for _ in range(max_passes):
        w = model.weight_in(labels)
        loads = np.bincount(labels[labels >= 0], weights=w[labels >= 0], minlength=k)
        loads = loads + model.offset
        target = float(loads.mean())
        if target <= 0:
            break
        dev = loads / target - 1.0
        if np.abs(dev).max() <= tolerance:
            break
        cross = (labels[u_all] >= 0) & (labels[v_all] >= 0) & (labels[u_all] != labels[v_all])
        cross &= ~locked[u_all]
        cu, cv = u_all[cross], labels[v_all[cross]]
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
            if abs(loads[a] / target - 1.0) <= tolerance:
                continue
            if loads[a] > target:
                cands = zip(by_from.get(a, ()), by_from_b.get(a, ()), strict=True)
                moves = ((int(i), a, int(b)) for i, b in cands)
            else:
                ii, aa = by_to.get(a, (np.empty(0, np.int64), np.empty(0, np.int64)))
                moves = ((int(i), int(f), a) for i, f in zip(ii, aa, strict=True))
            for i, src, dst in moves:
                if labels[i] != src or abs(loads[a] / target - 1.0) <= aim:
                    if abs(loads[a] / target - 1.0) <= aim:
                        break
                    continue
                wi_src = model.base[i] + model.factor[src] * model.proxy[i]
                wi_dst = model.base[i] + model.factor[dst] * model.proxy[i]
                before = max(abs(loads[src] / target - 1), abs(loads[dst] / target - 1))
                after = max(
                    abs((loads[src] - wi_src) / target - 1), abs((loads[dst] + wi_dst) / target - 1)
                )
                if after >= before - 1e-12:
                    continue
                if counts[src] <= 1 or not any(labels[j] == dst for j in adj[i]):
                    continue
                if not removable(adj, labels, i):
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
) -> np.ndarray:
    """Give every empty territory the free customer nearest its centre (never emptying another)."""
    labels = labels.copy()
    k = len(centres)
    counts = np.bincount(labels[labels >= 0], minlength=k)
    for t in np.flatnonzero(counts == 0).tolist():
        order = np.argsort(((xy - centres[t]) ** 2).sum(axis=1), kind="stable")
        for i in order.tolist():
            src = int(labels[i])
            if locked[i] or src < 0 or counts[src] <= 1:
                continue
            if not removable(adj, labels, i):
                continue
            labels[i] = t
            counts[src] -= 1
            counts[t] += 1
            break
    return labels
