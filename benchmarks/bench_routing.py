"""Route ordering quality and speed: TSPLIB instances vs. published optima and OR-Tools.

Run: ``python benchmarks/bench_routing.py [--time-limit 1.0]``. Prints one row per
instance: optimum, our tour (gap %, seconds) and OR-Tools' default routing
(PATH_CHEAPEST_ARC + GUIDED_LOCAL_SEARCH, same time limit), then a 30-stop day.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tsp_instances as tsp  # noqa: E402

from planner.routing import order_stops, route_cost  # noqa: E402


def ortools_tour(d: np.ndarray, seconds: float) -> list[int]:
    """OR-Tools routing, out of the box: cheapest arc + guided local search."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    n = len(d)
    manager = pywrapcp.RoutingIndexManager(n, 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    di = d.astype(np.int64).tolist()

    def cost(i: int, j: int) -> int:
        return di[manager.IndexToNode(i)][manager.IndexToNode(j)]

    cb = routing.RegisterTransitCallback(cost)
    routing.SetArcCostEvaluatorOfAllVehicles(cb)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    sol = routing.SolveWithParameters(params)
    idx = routing.Start(0)
    order = []
    while not routing.IsEnd(idx):
        order.append(manager.IndexToNode(idx))
        idx = sol.Value(routing.NextVar(idx))
    return order


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=1.0)
    parser.add_argument("--no-ortools", action="store_true")
    args = parser.parse_args()
    print(f"time limit {args.time_limit:.2f} s per instance")
    print(f"{'instance':<10}{'n':>5}{'optimum':>10}{'ours':>10}{'gap %':>8}{'s':>7}"
          f"{'OR-Tools':>10}{'gap %':>8}")
    gaps, or_gaps = [], []
    for name in tsp.INSTANCES:
        d = tsp.tsplib_matrix(name)
        opt = tsp.optimum(name)
        t0 = time.perf_counter()
        order = order_stops(d, time_limit=args.time_limit)
        secs = time.perf_counter() - t0
        ours = route_cost(d, order)
        if ours < opt:
            raise SystemExit(f"{name}: tour {ours} below the published optimum: bad coordinates")
        gap = 100 * (ours / opt - 1)
        gaps.append(gap)
        row = f"{name:<10}{len(d):>5}{opt:>10}{ours:>10.0f}{gap:>8.2f}{secs:>7.2f}"
        if not args.no_ortools:
            ort = route_cost(d, ortools_tour(d, args.time_limit))
            or_gaps.append(100 * (ort / opt - 1))
            row += f"{ort:>10.0f}{or_gaps[-1]:>8.2f}"
        print(row)
    print(f"ours: mean gap {np.mean(gaps):.2f} %, worst {np.max(gaps):.2f} %")
    if or_gaps:
        print(f"OR-Tools: mean gap {np.mean(or_gaps):.2f} %, worst {np.max(or_gaps):.2f} %")
    # a typical day: 30 stops around a home base, a 0.3 s budget vs. a 5 s reference
    rng = np.random.default_rng(7)
    xy = rng.normal(size=(31, 2)) * 5
    d30 = np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(axis=2))
    t0 = time.perf_counter()
    short = route_cost(d30, order_stops(d30, time_limit=0.3))
    secs = time.perf_counter() - t0
    ref = route_cost(d30, order_stops(d30, time_limit=5.0, stall_kicks=10**9, seed=1))
    print(f"30-stop day: {secs:.3f} s, {100 * (short / ref - 1):.2f} % above a 5 s run")
    return 0


if __name__ == "__main__":
    sys.exit(main())
