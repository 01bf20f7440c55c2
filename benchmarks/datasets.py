"""Clustered benchmark point sets for the territory designer (wraps planner.synthetic).

Customers cluster around real town centres of Tokyo/Kanagawa/Saitama (dense
centres, sparse suburbs), never in Tokyo Bay or Sagami Bay, with mixed visit
frequencies (twice a week … every eight weeks) and service times.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

import numpy as np

from planner import model as m
from planner.synthetic import synthetic_customers


def sizes(text: str) -> list[tuple[int, int]]:
    """``"1000:5,10000:20"`` as [(customers, territories), …] (the scripts' ``--sizes``)."""
    return [(int(a), int(b)) for a, b in (item.split(":") for item in text.split(","))]


def run_sizes(doc: str | None, case: Callable[[int, int], None],
              default: str = "1000:5,10000:20,100000:50") -> None:
    """A benchmark script's command line: ``--sizes``, then ``case(n, k)`` for each size."""
    parser = argparse.ArgumentParser(description=doc)
    parser.add_argument("--sizes", default=default)
    for n, k in sizes(parser.parse_args().sizes):
        case(n, k)


def clustered_plan(n: int, *, seed: int = 0) -> m.Plan:
    """A plan of ``n`` clustered customers with no territories yet."""
    return m.new_plan(synthetic_customers(n, seed=seed))


def shift_workload(plan: m.Plan, *, fraction: float = 0.10, seed: int = 0) -> m.Plan:
    """Move about ``fraction`` of the customers' workload around between territories.

    Half of the territories gain visits (a random ``fraction`` of their customers
    are visited twice as often), the other half lose them (the same share is
    visited half as often), as when ranks are revised after a year.
    """
    rng = np.random.default_rng(seed)
    customers = plan.customers.copy()
    freq = customers[m.FREQUENCY].to_numpy(dtype=float).copy()
    terr = customers[m.TERRITORY].to_numpy(dtype=object)
    ids = plan.territory_ids
    gainers = set(ids[::2])
    pick = rng.random(len(freq)) < fraction
    up = pick & np.array([t in gainers for t in terr])
    down = pick & ~up & (terr != "")
    freq[up] *= 2.0
    freq[down] *= 0.5
    customers[m.FREQUENCY] = freq
    return plan.replace(customers=customers)


def perfect_moves(
    loads: np.ndarray, labels: np.ndarray, weight: np.ndarray, tolerance: float
) -> int:
    """Fewest customers whose workload covers every territory's excess above the upper bound."""
    mean = float(loads.mean())
    upper = mean * (1 + tolerance)
    total = 0
    for t, load in enumerate(loads):
        excess = load - upper
        if excess <= 0:
            continue
        w = np.sort(weight[labels == t])[::-1]
        total += int(np.searchsorted(np.cumsum(w), excess) + 1)
    return total


def border_perfect_moves(
    loads: np.ndarray,
    labels: np.ndarray,
    weight: np.ndarray,
    tolerance: float,
    pairs: np.ndarray,
    locked: np.ndarray | None = None,
) -> int | None:
    """:func:`perfect_moves` along the borders: the fewest customers carrying the load each
    territory must hand to its neighbours in a contiguous re-balance.

    Load only reaches a territory across its borders, so a territory far from the excess is
    filled through those between. The least transshipment over the touching territory
    ``pairs`` ((a, b) rows; a unit of load costs a typical customer of the giver) that brings
    every load within ``tolerance`` of the mean — a territory whose ``locked`` customers alone
    weigh more may stay at their weight — is what each territory passes on; each territory's
    outflow is then covered by its heaviest free customers, wherever they lie in it (as
    :func:`perfect_moves` covers the excess). None when the borders cannot carry it.
    """
    from planner._design_route import border_flows

    k = len(loads)
    held = np.zeros(k)
    free = np.ones(len(labels), bool) if locked is None else ~locked
    if locked is not None:
        held = np.bincount(labels[locked], weights=weight[locked], minlength=k)
    mean = float(loads.mean())
    lower = np.full(k, mean * (1 - tolerance))
    upper = np.maximum(mean * (1 + tolerance), held)
    typical = np.full(k, float(np.mean(weight)))
    for t in range(k):
        if (labels == t).any():
            typical[t] = float(np.mean(weight[labels == t]))
    pairs = np.unique(np.r_[pairs, pairs[:, ::-1]], axis=0)
    src, dst = pairs[:, 0], pairs[:, 1]
    flows = border_flows(src, dst, np.full(len(src), np.inf), 1.0 / typical[src], loads,
                         lower, upper)
    if flows is None:
        return None
    out = np.bincount(src, weights=flows, minlength=k)
    total = 0
    for t in np.flatnonzero(out > 1e-9).tolist():
        w = np.sort(weight[(labels == t) & free])[::-1]
        total += int(min(np.searchsorted(np.cumsum(w), out[t]) + 1, len(w)))
    return total
