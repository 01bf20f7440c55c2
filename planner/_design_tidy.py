"""Clean-up after the territory design: enclaved customers go to the territory around them.

The design's steps keep every territory in one piece on the customers' neighbour graph
(:mod:`planner._design_graph`), but a territory can still reach into its neighbour by a
single customer, or a thin chain of them: a shop whose neighbours nearly all belong to
another territory. A sales manager reads that as an enclave (飛び地), and the rep drives
past the other rep's customers to get there. :func:`tidy_enclaves` hands every such
customer to the territory that surrounds it, one at a time (a chain is peeled from its
tip), never a locked customer, never one the receiving rep cannot reach in a day, never
splitting the territory it leaves, and only while the loads stay within the tolerance:
when they leave the allowed band, boundary moves that create no new enclave bring them
back (:func:`planner._design_repair.boundary_swaps`). A round that leaves a larger
deviation than before, or territories less compact, is not kept.

Re-balancing a kept plan, where the loads have no room for a hand-over (at the tolerance's edge:
the README's sample chain with a ninth rep left 15 customers enclaved along the new borders),
a customer on the border nearby joins the territory the enclaved one leaves, in exchange
(:func:`_exchange`); failing that, the hand-over may take a load up to :data:`OVERSHOOT` ×
the tolerance and the boundary moves bring it back. A round that cannot be kept so is tried
as before, hand-overs within the tolerance alone.

Re-balancing a kept plan, the clean-up serves the re-balance: its boundary moves prefer
customers back in their original territory, and a round is not kept when it would take the
customers moved beyond :data:`KEEP_EXTRA` times those the re-balance itself moved, or
:data:`KEEP_FEW` more (disruption comes first there; benchmarks/README.md, "Design shapes").
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from planner._design_graph import NeighbourGraph, removable
from planner._design_repair import INSIDE, SwapModel, boundary_swaps

#: A customer is enclaved when at most this share of its neighbours are in its territory …
ENCLAVE_SHARE = 0.25
#: … and more than this share of them are in one other territory (the one around it).
SURROUND_SHARE = 0.5
#: Rounds of hand-overs and re-balancing.
ROUNDS = 4
#: Compactness (mean distance to the territory's centre) the clean-up may give up: 0.2 %.
SPREAD_ALLOWANCE = 0.002
#: Boundary-move passes bringing the loads back after a round of hand-overs.
REBALANCE = 3
#: Re-balancing a kept plan: the customers moved after the clean-up, at most this many times
#: those the re-balance moved, or this many more (a small re-balance of two territories that
#: moved 5 may move 9 to leave no customer cut off from its territory).
KEEP_EXTRA = 1.2
KEEP_FEW = 5
#: A hand-over that no exchange balances may take a load this many times the tolerance
#: beyond its share, when boundary moves can bring it back (tried after the exchanges).
OVERSHOOT = 1.5
#: Exchanges: how many steps from the enclaved customer the one joining its territory may be.
EXCHANGE_STEPS = 3


def enclaved(graph: NeighbourGraph, labels: np.ndarray) -> np.ndarray:
    """The territory surrounding each enclaved customer (module docstring), -1 elsewhere."""
    u, v = graph.edges()
    n = graph.n
    ok = (labels[u] >= 0) & (labels[v] >= 0)
    u, v = u[ok], v[ok]
    deg = np.bincount(u, minlength=n)
    own = np.bincount(u, weights=labels[u] == labels[v], minlength=n)
    out = np.full(n, -1, np.int64)
    other = labels[u] != labels[v]
    if not other.any():
        return out
    k = int(labels.max()) + 1
    key, counts = np.unique(u[other] * k + labels[v[other]], return_counts=True)
    who, terr = key // k, key % k
    order = np.lexsort((-counts, who))
    who, terr, counts = who[order], terr[order], counts[order]
    first = np.ones(len(who), bool)
    first[1:] = who[1:] != who[:-1]
    who, terr, counts = who[first], terr[first], counts[first]
    hit = (own[who] <= ENCLAVE_SHARE * deg[who]) & (counts > SURROUND_SHARE * deg[who])
    hit &= deg[who] >= 2
    out[who[hit]] = terr[hit]
    return out


def _surrounded_by(adj: list[list[int]], labels: np.ndarray, i: int) -> int:
    """:func:`enclaved` of one customer on the present labels."""
    near = [int(labels[j]) for j in adj[i] if labels[j] >= 0]
    if len(near) < 2:
        return -1
    own = sum(1 for t in near if t == labels[i])
    if own > ENCLAVE_SHARE * len(near):
        return -1
    values, counts = np.unique([t for t in near if t != labels[i]], return_counts=True)
    best = int(np.argmax(counts))
    return int(values[best]) if counts[best] > SURROUND_SHARE * len(near) else -1


def makes_enclave(adj: list[list[int]], labels: np.ndarray, i: int, dst: int) -> bool:
    """True when moving customer ``i`` to territory ``dst`` leaves it, or one of the
    neighbours it leaves behind, enclaved."""
    src = int(labels[i])
    labels[i] = dst
    try:
        if _surrounded_by(adj, labels, i) >= 0:
            return True
        return any(labels[j] == src and _surrounded_by(adj, labels, j) >= 0 for j in adj[i])
    finally:
        labels[i] = src


def near_moves(adj: list[list[int]], moved: np.ndarray) -> np.ndarray:
    """The customers ``moved`` (bool) and their neighbours, two steps out."""
    near = moved.copy()
    for _ in range(2):
        for i in np.flatnonzero(near).tolist():
            near[adj[i]] = True
    return near


def _spread(xy: np.ndarray, mass: np.ndarray, labels: np.ndarray, k: int) -> float:
    """Mean ``mass``-weighted distance to the territory's weighted centre (``stats``'s
    compactness)."""
    ok = labels >= 0
    lab, w = labels[ok], mass[ok]
    total = np.maximum(np.bincount(lab, weights=w, minlength=k), 1e-12)
    cx = np.bincount(lab, weights=w * xy[ok, 0], minlength=k) / total
    cy = np.bincount(lab, weights=w * xy[ok, 1], minlength=k) / total
    dist = np.hypot(xy[ok, 0] - cx[lab], xy[ok, 1] - cy[lab])
    return float((w * dist).sum() / max(float(w.sum()), 1e-12))


def _loads(model: SwapModel, labels: np.ndarray, k: int) -> np.ndarray:
    w = model.weight_in(labels)
    ok = labels >= 0
    return np.bincount(labels[ok], weights=w[ok], minlength=k) + model.offset


def _max_dev(loads: np.ndarray, shares: np.ndarray) -> float:
    target = float(loads.sum()) * shares
    return float(np.abs(loads / np.where(target > 0, target, 1.0) - 1.0).max())


def tidy_enclaves(
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
    limit: float,
    shares: np.ndarray | None = None,
    reach: np.ndarray | None = None,
    scope: np.ndarray | None = None,
    kept: np.ndarray | None = None,
) -> np.ndarray:
    """Hand enclaved customers to the territory around them (module docstring).

    ``limit`` (≤ ``tolerance``) is the deviation the loads are brought back within after
    the hand-overs (never above the present deviation); a hand-over never takes a load beyond
    the tolerance. ``scope`` (bool per customer) limits the hand-overs to those customers.
    ``kept`` (re-balancing a kept plan) is each customer's original territory (module
    docstring).
    Returns new labels: those of the last round whose loads could be brought back so.
    """
    k = len(centres)
    shares = np.full(k, 1.0 / k) if shares is None else shares
    start = labels
    labels = labels.copy()
    before = _max_dev(_loads(model_of(labels), labels, k), shares)
    limit = min(limit, max(before, 1e-9))  # never above the deviation before
    hard = tolerance * INSIDE
    counts = np.bincount(labels[labels >= 0], minlength=k)
    moved = 0 if kept is None else int((labels != kept).sum())
    budget = None if kept is None else max(int(moved * KEEP_EXTRA), moved + KEEP_FEW)

    def guard(current: np.ndarray, i: int, dst: int) -> bool:
        return not makes_enclave(adj, current, i, dst)

    def balanced(tried: np.ndarray | None) -> np.ndarray | None:
        """``tried`` brought back within the limit, or None when it cannot be kept."""
        if tried is None:
            return None
        for _ in range(REBALANCE):  # back within the limit by boundary moves (marginal loads)
            if _max_dev(_loads(model_of(tried), tried, k), shares) <= limit:
                break
            tried = boundary_swaps(
                graph, adj, tried, model_of(tried), locked=locked, xy=xy, mass=mass,
                centres=centres, tolerance=limit * 0.98, aim=limit * 0.95, shares=shares,
                reach=reach, guard=guard, stay=kept,
            )
        if _max_dev(_loads(model_of(tried), tried, k), shares) > limit + 1e-9:
            return None  # this round's hand-overs cannot be balanced
        if _spread(xy, mass, tried, k) > _spread(xy, mass, start, k) * (1 + SPREAD_ALLOWANCE):
            return None  # nor when the re-balancing costs more compactness than it may
        if budget is not None and int((tried != kept).sum()) > budget:
            return None  # nor, re-balancing a kept plan, when it moves more customers than it may
        return tried

    ways = [(False, hard)]  # a fresh design has room within the tolerance: hand-overs alone
    if kept is not None:
        ways[:0] = [(True, hard), (True, tolerance * OVERSHOOT)]
    for _ in range(ROUNDS):
        around = enclaved(graph, labels)
        cand = (around >= 0) & ~locked
        if scope is not None:
            cand &= scope
        if not cand.any():
            break
        kept_round = None
        # a kept plan: with exchanges; then also beyond the tolerance (brought back by
        # boundary moves); a round that cannot be kept either way: hand-overs alone
        for exchange, alone in ways:
            kept_round = balanced(_hand_over(
                adj, labels, np.flatnonzero(cand), model_of(labels), counts, shares, hard, reach,
                locked=locked, xy=xy, kept=kept, exchange=exchange, alone=alone))
            if kept_round is not None:
                break
        if kept_round is None:
            break  # the last round's result stays
        labels = kept_round
        counts = np.bincount(labels[labels >= 0], minlength=k)
    return labels


def _hand_over(
    adj: list[list[int]],
    labels: np.ndarray,
    cand: np.ndarray,
    model: SwapModel,
    counts: np.ndarray,
    shares: np.ndarray,
    hard: float,
    reach: np.ndarray | None,
    *,
    locked: np.ndarray,
    xy: np.ndarray,
    kept: np.ndarray | None = None,
    exchange: bool = True,
    alone: float | None = None,
) -> np.ndarray | None:
    """New labels with the enclaved customers ``cand`` handed to the territory around them,
    no load taken beyond ``hard``: where the hand-over alone would, a customer nearby joins the
    territory it leaves in exchange (``exchange``, :func:`_exchange`), or the hand-over goes
    alone within ``alone`` (default ``hard``; boundary moves bring the loads back after). None
    when none could go."""
    alone = hard if alone is None else alone
    labels = labels.copy()
    counts = counts.copy()
    loads = _loads(model, labels, len(counts))
    target = float(loads.sum()) * shares
    moved = 0

    def weight(i: int, t: int) -> float:
        return float(model.base[i] + model.factor[t] * model.proxy[i])

    def worst(changes: dict[int, float]) -> float:
        return max(abs((loads[t] + d) / target[t] - 1.0) for t, d in changes.items())

    for i in cand.tolist():
        dst = _surrounded_by(adj, labels, i)
        src = int(labels[i])
        if dst < 0 or counts[src] <= 1:
            continue
        if reach is not None and not reach[i, dst]:
            continue
        if not removable(adj, labels, i):
            continue
        change = {src: -weight(i, src), dst: weight(i, dst)}
        now = worst({src: 0.0, dst: 0.0})
        back = -1
        if worst(change) > max(hard, now) and exchange:
            back = _exchange(adj, labels, i, dst, change, worst, max(hard, now), weight,
                             counts, locked=locked, xy=xy, reach=reach, kept=kept)
        if back < 0 and worst(change) > max(alone, now):
            continue
        if back >= 0:
            x = int(labels[back])
            change[src] += weight(back, src)
            change[x] = change.get(x, 0.0) - weight(back, x)
        for who, to in ((i, dst), (back, src)) if back >= 0 else ((i, dst),):
            counts[int(labels[who])] -= 1
            counts[to] += 1
            labels[who] = to
            moved += 1
        for t, d in change.items():
            loads[t] += d
    return labels if moved else None


def _exchange(
    adj: list[list[int]],
    labels: np.ndarray,
    i: int,
    dst: int,
    change: dict[int, float],
    worst: Callable[[dict[int, float]], float],
    bound: float,
    weight: Callable[[int, int], float],
    counts: np.ndarray,
    *,
    locked: np.ndarray,
    xy: np.ndarray,
    reach: np.ndarray | None,
    kept: np.ndarray | None,
) -> int:
    """A customer within :data:`EXCHANGE_STEPS` of ``i``, on the border of ``i``'s territory,
    that can join it as ``i`` goes to ``dst``, the loads then within ``bound``: one going back
    to its original territory (``kept``) first, then the nearest; -1 when none. Never a
    locked customer, one that would split its territory, or one left enclaved."""
    src = int(labels[i])
    labels[i] = dst
    try:
        seen = {i}
        ring = [i]
        best: tuple[bool, float] | None = None
        pick = -1
        for _ in range(EXCHANGE_STEPS):
            ring = list(dict.fromkeys(h for p in ring for h in adj[p] if h not in seen))
            seen.update(ring)
            for j in ring:
                x = int(labels[j])
                if x in (src, -1) or locked[j] or counts[x] <= 1:
                    continue
                near = [int(labels[h]) for h in adj[j]]
                if near.count(src) < max(1, near.count(x)):  # on the far side of the border
                    continue
                if reach is not None and not reach[j, src]:
                    continue
                key = (kept is None or kept[j] != src, float(np.hypot(*(xy[j] - xy[i]))))
                if best is not None and key >= best:
                    continue
                after = dict(change)
                after[src] += weight(j, src)
                after[x] = after.get(x, 0.0) - weight(j, x)
                if worst(after) > bound or not removable(adj, labels, j):
                    continue
                if makes_enclave(adj, labels, j, src):
                    continue
                best, pick = key, j
        return pick
    finally:
        labels[i] = src
