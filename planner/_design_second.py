"""A second measure to keep even (``design_territories(..., also="sales")``).

Managers balance the work first and then want the sales, or the number of customers, not too
far apart either: a rep judged on sales should not get a territory of small shops. After the
design has balanced the first measure, boundary customers are handed over (one at a time, or
exchanged in pairs across a boundary when the first measure has no room left) whenever that
brings the second measure nearer its tolerance and keeps the first within its own. Exchanges
come first: a single move spends the first measure's room, which later exchanges need. The
weights are marginal estimates, so each change is checked on the true loads of both
measures and undone (and not tried again) when they disagree. Never a locked customer, never
a split territory; among single moves, the cheapest loss of compactness first.

Measured (``benchmarks/bench_design_also.py``): a Lagrangian price on the second measure in
the location–allocation flow reached it within 5 % in the flow, but as islands the contiguity
repair gave back (the sample plan: 3 % in the flow, 25 % after the repair), so it was not kept.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from planner._design_flow import COST_POWER
from planner._design_graph import NeighbourGraph, removable
from planner._design_reach import reachable
from planner._design_repair import INSIDE, SwapModel, _excess

#: Per territory pair, the boundary customers on each side an exchange considers.
PAIR_CANDIDATES = 40
#: A move's or an exchange's gain must exceed this share of the second measure's target.
EPS = 1e-9


class _State:
    """Loads and per-customer weights of both measures for the present assignment."""

    def __init__(
        self,
        labels: np.ndarray,
        k: int,
        first_of: Callable[[np.ndarray], SwapModel],
        second_of: Callable[[np.ndarray], SwapModel],
        shares: np.ndarray,
    ):
        self.models = (first_of(labels), second_of(labels))
        own = labels >= 0
        self.loads = []
        self.targets = []
        for model in self.models:
            w = model.weight_in(labels)
            load = np.bincount(labels[own], weights=w[own], minlength=k) + model.offset
            self.loads.append(load)
            self.targets.append(float(load.sum()) * shares)

    def excess(self, which: int, tolerance: float) -> float:
        """Total share by which measure ``which``'s loads lie beyond ``tolerance``."""
        return float(_excess(self.loads[which], self.targets[which], tolerance).sum())

    def weight_in(self, which: int, i: np.ndarray, t: int) -> np.ndarray:
        """Weight of customers ``i`` were they in territory ``t``, for measure ``which``."""
        return self.weights(which, i, np.full(len(i), t))

    def weights(self, which: int, i: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Weight of customers ``i`` in territories ``t`` for measure ``which``."""
        model = self.models[which]
        return model.base[i] + model.factor[t] * model.proxy[i]


def even_second(
    graph: NeighbourGraph,
    adj: list[list[int]],
    labels: np.ndarray,
    first_of: Callable[[np.ndarray], SwapModel],
    second_of: Callable[[np.ndarray], SwapModel],
    *,
    locked: np.ndarray,
    xy: np.ndarray,
    mass: np.ndarray,
    centres: np.ndarray,
    tolerance: float,
    second_tolerance: float,
    shares: np.ndarray,
    max_steps: int | None = None,
    cancelled: Callable[[], None] | None = None,
    reach: np.ndarray | None = None,
) -> np.ndarray:
    """``labels`` with the second measure brought within ``second_tolerance`` where the
    boundary allows, the first kept within ``tolerance`` (never made worse); no customer goes
    to a rep who cannot reach it in a day (``reach``: :mod:`planner._design_reach`)."""
    labels = labels.copy()
    k = len(centres)
    inner1 = tolerance * INSIDE
    inner2 = second_tolerance * INSIDE
    u_all, v_all = graph.edges()
    counts = np.bincount(labels[labels >= 0], minlength=k)
    tabu = np.zeros(len(labels), bool)  # moves the true loads refused
    steps = len(labels) if max_steps is None else max_steps
    s = _State(labels, k, first_of, second_of, shares)
    for _ in range(steps):
        if cancelled is not None:
            cancelled()
        l2, t2 = s.loads[1], s.targets[1]
        if not ((s.targets[0] > 0).all() and (t2 > 0).all()):
            break
        if np.abs(l2 / t2 - 1).max() <= inner2:
            break
        cross = (labels[u_all] >= 0) & (labels[v_all] >= 0) & (labels[u_all] != labels[v_all])
        cross &= ~locked[u_all] & ~tabu[u_all]
        ci, cb = u_all[cross], labels[v_all[cross]]
        key = np.unique(ci.astype(np.int64) * k + cb)  # each (customer, neighbour territory) once
        ci, cb = key // k, key % k
        ci, cb = reachable(reach, ci, cb)
        ca = labels[ci]
        # exchanges first: a single move spends the first measure's room, an exchange keeps it
        change = _exchange(s, labels, counts, adj, ci, ca, cb, inner1, inner2)
        if change is None:
            change = _single_move(s, labels, counts, adj, ci, ca, cb, xy, mass, centres, inner1,
                                  inner2)
        if change is None:
            break
        # the weights are marginal estimates: keep the change only if the true loads agree
        after = _State(labels, k, first_of, second_of, shares)
        if after.excess(0, inner1) > s.excess(0, inner1) + 1e-12 or after.excess(
            1, inner2
        ) >= s.excess(1, inner2):
            for i, old in change:
                counts[labels[i]] -= 1
                counts[old] += 1
                labels[i] = old
            tabu[change[0][0]] = True
            continue
        s = after
    return labels


def _loss(xy: np.ndarray, mass: np.ndarray, centres: np.ndarray, i: np.ndarray,
          src: np.ndarray, dst: np.ndarray) -> np.ndarray:
    """Compactness cost of moving customers ``i`` from ``src`` to ``dst``."""
    half = COST_POWER / 2.0
    return mass[i] * (
        ((xy[i] - centres[dst]) ** 2).sum(axis=1) ** half
        - ((xy[i] - centres[src]) ** 2).sum(axis=1) ** half
    )


def _single_move(
    s: _State, labels: np.ndarray, counts: np.ndarray, adj: list[list[int]],
    ci: np.ndarray, ca: np.ndarray, cb: np.ndarray, xy: np.ndarray, mass: np.ndarray,
    centres: np.ndarray, inner1: float, inner2: float,
) -> list[tuple[int, int]] | None:
    """Hand one boundary customer over when that helps the second measure: the
    [(customer, former territory)] changed, None when no move helps."""
    (l1, l2), (t1, t2) = s.loads, s.targets
    out1, in1 = s.weights(0, ci, ca), s.weights(0, ci, cb)
    out2, in2 = s.weights(1, ci, ca), s.weights(1, ci, cb)
    first_ok = (
        _excess(l1[ca] - out1, t1[ca], inner1) + _excess(l1[cb] + in1, t1[cb], inner1)
        <= _excess(l1[ca], t1[ca], inner1) + _excess(l1[cb], t1[cb], inner1) + 1e-12
    )
    gain = (
        _excess(l2[ca], t2[ca], inner2) + _excess(l2[cb], t2[cb], inner2)
        - _excess(l2[ca] - out2, t2[ca], inner2) - _excess(l2[cb] + in2, t2[cb], inner2)
    )
    idx = np.flatnonzero(first_ok & (gain > EPS))
    if not len(idx):
        return None
    loss = _loss(xy, mass, centres, ci[idx], ca[idx], cb[idx])
    for j in idx[np.lexsort((loss, -np.round(gain[idx], 9)))].tolist():
        i, src, dst = int(ci[j]), int(ca[j]), int(cb[j])
        if counts[src] > 1 and removable(adj, labels, i):
            labels[i] = dst
            counts[src] -= 1
            counts[dst] += 1
            return [(i, src)]
    return None


def _richness(s: _State, i: np.ndarray, t: int) -> np.ndarray:
    """Customers ``i``'s share of territory ``t``'s second measure less their share of its first."""
    return s.weight_in(1, i, t) / s.targets[1][t] - s.weight_in(0, i, t) / s.targets[0][t]


def _exchange(
    s: _State, labels: np.ndarray, counts: np.ndarray, adj: list[list[int]],
    ci: np.ndarray, ca: np.ndarray, cb: np.ndarray, inner1: float, inner2: float,
) -> list[tuple[int, int]] | None:
    """Exchange two boundary customers between neighbouring territories when that helps the
    second measure and keeps the first within its tolerance: the [(customer, former
    territory)] changed, None when no exchange helps."""
    (l1, l2), (t1, t2) = s.loads, s.targets
    dev2 = l2 / t2 - 1
    best: list[tuple[float, int, int, int, int]] = []
    pairs = np.unique(np.minimum(ca, cb) * len(l1) + np.maximum(ca, cb))
    for pair in pairs.tolist():
        a, b = divmod(pair, len(l1))
        if dev2[a] < dev2[b]:
            a, b = b, a  # the second measure flows from a to b
        before2 = _excess(l2[[a, b]], t2[[a, b]], inner2).sum()
        if before2 <= EPS:
            continue
        side_a = ci[(ca == a) & (cb == b)]
        side_b = ci[(ca == b) & (cb == a)]
        if not (len(side_a) and len(side_b)):
            continue
        # the richest of a's side in the second measure, the poorest of b's
        # a's customers rich in the second measure for their share of the first, b's poor ones
        side_a = side_a[np.argsort(-_richness(s, side_a, a))][:PAIR_CANDIDATES]
        side_b = side_b[np.argsort(_richness(s, side_b, b))][:PAIR_CANDIDATES]
        # change of a's load when i leaves a for b and j leaves b for a, and of b's (the
        # opposite, up to the travel factors of each territory)
        d1a = -s.weight_in(0, side_a, a)[:, None] + s.weight_in(0, side_b, a)[None, :]
        d1b = s.weight_in(0, side_a, b)[:, None] - s.weight_in(0, side_b, b)[None, :]
        d2a = -s.weight_in(1, side_a, a)[:, None] + s.weight_in(1, side_b, a)[None, :]
        d2b = s.weight_in(1, side_a, b)[:, None] - s.weight_in(1, side_b, b)[None, :]
        first_before = _excess(l1[[a, b]], t1[[a, b]], inner1).sum()
        first_after = _excess(l1[a] + d1a, t1[a], inner1) + _excess(l1[b] + d1b, t1[b], inner1)
        gain = before2 - _excess(l2[a] + d2a, t2[a], inner2) - _excess(l2[b] + d2b, t2[b], inner2)
        gain = np.where(first_after <= first_before + 1e-12, gain, -np.inf)
        x, y = np.unravel_index(int(np.argmax(gain)), gain.shape)
        if gain[x, y] > EPS:
            best.append((float(gain[x, y]), int(side_a[x]), int(side_b[y]), a, b))
    for _gain, i, j, a, b in sorted(best, key=lambda g: -g[0]):
        if counts[a] <= 1 or counts[b] <= 1 or not removable(adj, labels, i):
            continue
        labels[i] = b
        # j must still touch a (i may have been its only neighbour there) and leave b whole
        if any(labels[h] == a for h in adj[j]) and removable(adj, labels, j):
            labels[j] = a
            return [(i, a), (j, b)]
        labels[i] = a
    return None
