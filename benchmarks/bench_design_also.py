"""A second measure kept even (``also=``) against the workload-only design and k-means-constrained.

Run: ``python benchmarks/bench_design_also.py [--sizes 1000:5,10000:20,100000:50]``.
The clustered customers of ``bench_design.py`` (seed 7), designed on workload at tolerance 3 %,
then the same design asked to keep sales (10 % and 5 %) or the number of customers (5 %) even
as well; k-means-constrained (equal counts, the closest open peer) on the same data. Columns:
seconds; largest deviation of workload, sales and customer count from the average; compactness
(km, as ``stats``); every territory in one piece on the Delaunay graph. ``--no-peer`` skips
k-means-constrained (slow at 100k).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402
from bench_design import _labels_of, _with_labels, constrained  # noqa: E402

from planner import model as m  # noqa: E402
from planner import territories as tmod  # noqa: E402
from planner._design_graph import is_contiguous, neighbour_graph, project_km  # noqa: E402
from planner.design import design_territories  # noqa: E402

TOLERANCE = 0.03


def _dev(plan: m.Plan, measure: str) -> float:
    metrics = tmod.territory_metrics(plan, balance=measure)
    return float(tmod.balance_summary(metrics, measure)["max_deviation"])


def case(n: int, k: int, *, peer: bool) -> None:
    plan = datasets.clustered_plan(n, seed=7)
    xy = project_km(plan.customers[m.LAT].to_numpy(dtype=float),
                    plan.customers[m.LON].to_numpy(dtype=float))
    graph = neighbour_graph(xy)
    print(f"{n:,} customers, {k} territories, workload tolerance {TOLERANCE:.0%}")
    print("  method                     seconds  workload     sales  customers  compact km  one piece")

    def row(name: str, seconds: float, result: m.Plan) -> None:
        print(
            f"  {name:<26} {seconds:7.1f} {_dev(result, 'workload') * 100:8.2f} % "
            f"{_dev(result, 'sales') * 100:7.2f} % {_dev(result, 'customers') * 100:8.2f} % "
            f"{tmod.compactness(result):10.2f}  {'yes' if is_contiguous(graph, _labels_of(result)) else 'NO'}"
        )

    for name, options in (
        ("workload only", {}),
        ("+ sales within 10 %", {"also": "sales", "also_tolerance": 0.10}),
        ("+ sales within 5 %", {"also": "sales", "also_tolerance": 0.05}),
        ("+ customers within 5 %", {"also": "customers", "also_tolerance": 0.05}),
    ):
        t = time.perf_counter()
        result = design_territories(plan, count=k, tolerance=TOLERANCE, **options)  # type: ignore[arg-type]
        row(name, time.perf_counter() - t, result.plan)
    if peer:
        t = time.perf_counter()
        labels = constrained(xy, k)
        row("k-means-constrained", time.perf_counter() - t, _with_labels(plan, labels))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000:5,10000:20,100000:50")
    parser.add_argument("--no-peer", action="store_true")
    args = parser.parse_args()
    for n, k in datasets.sizes(args.sizes):
        case(n, k, peer=not args.no_peer and n <= 10_000)


if __name__ == "__main__":
    main()
