"""A lower bound on the shortest round trip through a day's stops (Held & Karp 1970, 1971).

The calendar asks many times whether a day with visiting hours still fits the working day
with one more customer (:func:`planner._schedule_windows.fits_with`); the answer used to
route the day on the clock each time (a 0.05 s route search, then the timed order), even
when the day cannot fit whatever the order. Every order's minutes are at least its travel
plus the visits, and its travel at least the shortest round trip's, which is at least the
Held–Karp bound: the cheapest 1-tree (a spanning tree of the stops but the start, plus the
start's two cheapest edges) under node penalties ``π`` found by subgradient steps (Polyak's
step towards a known tour's cost). Any ``π`` gives a valid bound, so the steps stop as soon
as the bound passes the question's threshold. On a day's 10–35 stops it comes within about
1 % of the shortest round trip in ~1 ms.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

#: Subgradient steps at most.
ITERATIONS = 80
#: Steps without a better bound before the step factor is halved.
PATIENCE = 5


def tour_lower_bound(
    matrix: np.ndarray, tour: Sequence[int], *, above: float = math.inf,
    iterations: int = ITERATIONS,
) -> float:
    """A lower bound on the cost of every round trip through all points of square ``matrix``
    (either direction of each edge: an asymmetric matrix is bounded by its cheaper one).

    ``tour`` is one round trip through them (every index once) whose cost guides the steps;
    the search stops once the bound exceeds ``above``.
    """
    n = len(matrix)
    m = np.asarray(matrix, dtype=float)
    w: list[list[float]] = np.minimum(m, m.T).tolist()
    if n < 3:
        return 2.0 * w[0][1] if n == 2 else 0.0
    upper = sum(w[tour[k - 1]][tour[k]] for k in range(n))
    pi = [0.0] * n
    best = -math.inf
    factor, stale = 2.0, 0
    for _ in range(iterations):
        total, degree = _one_tree(w, pi)
        bound = total - 2.0 * sum(pi)
        if bound > best:
            best, stale = bound, 0
        else:
            stale += 1
            if stale >= PATIENCE:
                factor, stale = factor * 0.5, 0
        if best > above:
            break
        norm = sum((g - 2) ** 2 for g in degree)
        step = factor * (upper - bound) / norm if norm else 0.0
        if step <= 0.0 or factor < 1e-3:
            break  # a tour (the bound is exact), or no more progress
        for k in range(n):
            pi[k] += step * (degree[k] - 2)
    return best


def _one_tree(w: list[list[float]], pi: list[float]) -> tuple[float, list[int]]:
    """Cost and degrees of the cheapest 1-tree under penalties ``pi``: a spanning tree of
    points 1… (Prim) and point 0's two cheapest edges."""
    n = len(w)
    degree = [0] * n
    row, p1 = w[1], pi[1]
    key = [row[j] + p1 + pi[j] for j in range(n)]
    parent = [1] * n
    left = list(range(2, n))
    total = 0.0
    while left:
        j = min(left, key=key.__getitem__)
        left.remove(j)
        total += key[j]
        degree[j] += 1
        degree[parent[j]] += 1
        rj, pj = w[j], pi[j]
        for k in left:
            v = rj[k] + pj + pi[k]
            if v < key[k]:
                key[k] = v
                parent[k] = j
    r0, p0 = w[0], pi[0]
    first = second = math.inf
    a = b = 1
    for k in range(1, n):
        v = r0[k] + p0 + pi[k]
        if v < first:
            second, b, first, a = first, a, v, k
        elif v < second:
            second, b = v, k
    degree[0] = 2
    degree[a] += 1
    degree[b] += 1
    return total + first + second, degree
