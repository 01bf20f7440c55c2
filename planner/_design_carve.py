"""A rep added to a kept plan: their territory carved as one compact area out of those around it.

The new territory grows from the customer nearest its centre (its rep's home, when given),
nearest customers first along the neighbour graph, up to its share of the load, each
territory giving at most :data:`GIVE_CAP` × its part of the new ones' load (so the others
need not hand the rest along a chain of borders: few customers move). The growth stays
within the disc that would hold the share if every neighbour gave freely: where the
neighbours near the centre have given their part, it stops at their border instead of
reaching around them. (Without that limit, the README's sample chain — a ninth rep with
``--keep-existing`` — got a territory 50 km long: from the dense centre between 東京 and
新横浜 it went round 練馬 and down the whole western side of 新横浜, taking a few customers
from each of the eight territories.) What the disc leaves short, the few-moves hand-over
brings in across the new territory's border (:func:`planner._design_repair.rebalance_few_moves`).
(Also holding the hand-over within twice the disc's radius made the new territory tighter
still — 2.98 km instead of 3.63 at 100,000 customers — but moved 8 % more customers there.)

The hand-over takes the heaviest customers first (fewest moves), and heavy means sparse: where
the territories around the new one have given their part, the shortfall can come from far
along a coast. :func:`hand_over` then does it again with the moves that lose least compactness
for the excess they remove first — the neighbour gives its customers nearest the new centre and
takes from its own neighbours — when the first left a new territory's customers on average
beyond the disc's radius (a compact area holding the share lies within it, ⅔ of it on average).
(Found on the README's sample chain with a ninth rep living in 川崎: 新横浜's rep, next door,
gave its part and the rest came from 藤沢's customers down the coast to 三浦, 30.8 km from
home, the territory drawn in 4 pieces. Always so: the sample's ninth rep without a home moved
258 customers instead of 191, more than the flow's 227, whose snake was then kept.)
"""

from __future__ import annotations

import heapq
from collections.abc import Callable

import numpy as np

from planner._design_join import BESIDE_GIVES, far_slice

#: How much more than its share a territory may give to a rep added to a kept plan.
GIVE_CAP = 1.5


def _grow(
    adj: list[list[int]],
    labels: np.ndarray,
    counts: np.ndarray,
    t: int,
    start: int,
    *,
    dist: np.ndarray,
    weight: np.ndarray,
    target: float,
    free: np.ndarray,
    limit: float = np.inf,
    given: np.ndarray | None = None,
    cap: np.ndarray | None = None,
) -> float:
    """Grow territory ``t`` from ``start``, nearest customers (``dist``) first along the graph,
    until its load reaches ``target``: only ``free`` customers within ``limit``, and from each
    territory at most ``cap`` (counted in ``given``); never empties a territory. Changes
    ``labels``, ``counts`` and ``given`` in place; returns the distance of the farthest
    customer taken (0 when none)."""
    heap = [(float(dist[start]), start)]
    seen = {start}
    load = 0.0
    farthest = 0.0
    while heap and load < target:
        _d, i = heapq.heappop(heap)
        src = int(labels[i])
        if src != t and (not free[i] or counts[src] <= 1 or dist[i] > limit):
            continue
        if src != t:  # (already the new territory's: grown on from, as the start)
            if given is not None and cap is not None:
                if given[src] + weight[i] > cap[src]:
                    continue
                given[src] += float(weight[i])
            labels[i] = t
            counts[src] -= 1
            counts[t] += 1
            farthest = max(farthest, float(dist[i]))
        load += float(weight[i])
        for j in adj[i]:
            if j not in seen:
                seen.add(j)
                heapq.heappush(heap, (float(dist[j]), j))
    return farthest


def carve_new_territories(
    adj: list[list[int]],
    labels: np.ndarray,
    *,
    locked: np.ndarray,
    xy: np.ndarray,
    centres: np.ndarray,
    weight: np.ndarray,
    target: np.ndarray,
    reach: np.ndarray | None = None,
    beside: int | None = None,
    homes: dict[int, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Give every empty territory (a rep added to a kept plan) a compact area around its centre,
    at most its share of the load (``target``), within the disc that would hold the share
    (module docstring). Never takes a locked customer, nor one its rep cannot reach
    (``reach``, see :func:`planner._design_repair.boundary_swaps`), nor empties a territory;
    the caller repairs any territory this leaves in pieces. ``beside`` (a rep joining beside
    that territory, :mod:`planner._design_join`) may give up to ``BESIDE_GIVES`` of the new
    ones' load, from its far side cut straight across (:func:`planner._design_join.far_slice`);
    a customer of another territory nearer a rep's home (``homes``: territory → km) than the
    new territory's centre stays with that rep (so the new one does not grow round the
    clicked territory's home side, from where that territory takes back what it gave).
    Returns the labels and each territory's disc radius (inf but for the carved ones)."""
    labels = labels.copy()
    k = len(centres)
    discs = np.full(k, np.inf)
    counts = np.bincount(labels[labels >= 0], minlength=k)
    empty = np.flatnonzero(counts == 0)
    # each territory gives about its share of the new ones' load, not a whole region of its own
    have = np.bincount(labels[labels >= 0], weights=weight[labels >= 0], minlength=k)
    cap = have * GIVE_CAP * len(empty) / max(k, 1)
    if beside is not None:
        cap[beside] = max(cap[beside], BESIDE_GIVES * float(target[empty].sum()))
    given = np.zeros(k)
    for t in empty.tolist():
        dist = np.sqrt(((xy - centres[t]) ** 2).sum(axis=1))
        free = ~locked & (labels >= 0)
        if reach is not None:
            free &= reach[:, t]
        for j, home in (homes or {}).items():  # not carved around another rep's home
            if j == beside:  # its far side, cut straight across; no other's round its home
                free &= np.where(labels == j, far_slice(labels, j, home, centres[t], xy=xy,
                                                        weight=weight, give=float(cap[j])),
                                 dist < np.sqrt(((xy - home) ** 2).sum(axis=1)))
            elif j not in empty:
                free &= dist < np.sqrt(((xy - home) ** 2).sum(axis=1))
        if not free.any():
            continue
        start = int(np.flatnonzero(free)[np.argmin(dist[free])])
        # the disc that would hold the share with every neighbour giving freely
        disc = _grow(adj, labels.copy(), counts.copy(), t, start, dist=dist, weight=weight,
                     target=float(target[t]), free=free)
        discs[t] = disc
        if beside is not None:  # first from the territory the rep joins beside, up to its cap
            _grow(adj, labels, counts, t, start, dist=dist, weight=weight,
                  target=float(cap[beside]), free=free & (labels == beside),
                  given=given, cap=cap)
        _grow(adj, labels, counts, t, start, dist=dist, weight=weight, target=float(target[t]),
              free=free, limit=disc, given=given, cap=cap)
    return labels, discs


def beyond_disc(labels: np.ndarray, discs: np.ndarray, *, xy: np.ndarray, mass: np.ndarray,
                centres: np.ndarray) -> float:
    """The largest ratio, among the carved territories (finite ``discs``), of their customers'
    ``mass``-weighted mean distance from the centre to the disc's radius (0 without any)."""
    worst = 0.0
    for t in np.flatnonzero(np.isfinite(discs) & (discs > 0)).tolist():
        mine = labels == t
        if mine.any():
            d = np.hypot(*(xy[mine] - centres[t]).T)
            worst = max(worst, float(np.average(d, weights=mass[mine])) / float(discs[t]))
    return worst


def hand_over(run: Callable[..., np.ndarray], labels: np.ndarray, discs: np.ndarray | None, *,
              xy: np.ndarray, mass: np.ndarray, centres: np.ndarray,
              beside: bool = False) -> np.ndarray:
    """``run(labels)`` (the few-moves hand-over); after a carve (``discs``) whose new
    territory that leaves spread beyond its disc, ``run(labels, compact=True)`` instead when
    it brings them closer (module docstring). ``beside`` (a rep joining beside a territory):
    both are tried whatever the spread, and the compact one is kept when its new territories
    lie a tenth closer."""
    out = run(labels)
    if discs is None:
        return out
    spread = beyond_disc(out, discs, xy=xy, mass=mass, centres=centres)
    if beside:
        near = run(labels, compact=True)
        closer = beyond_disc(near, discs, xy=xy, mass=mass, centres=centres)
        return near if closer < 0.9 * spread else out
    if spread <= 1.0:
        return out
    near = run(labels, compact=True)
    return near if beyond_disc(near, discs, xy=xy, mass=mass, centres=centres) < spread else out
