"""A rep leaves: their customers handed to the territories touching theirs, against the whole plan.

Run: ``python benchmarks/bench_design_retire.py [--sizes 1000:5,10000:20,100000:50]``. For each
size: the clustered customers designed on workload (tolerance 2 %); then T01's rep leaves.
Two ways, same run, tolerance 5 %, both moving as few customers as they can
(``keep_existing``):

* ``retire``: ``design_territories(..., retire="T01")`` — T01 and the territories touching it
  designed into one fewer (the Territories dock's *Hand over to the neighbouring territories*);
* ``whole``: the whole plan re-balanced into k − 1 territories, T01 the one dropped (baseline).

Columns: seconds, T01's customers, other customers moved, territories that gained or lost
customers, the largest deviation among the territories that took over (against their own
mean) and over the whole plan.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402

from planner import model as m  # noqa: E402
from planner import territories as tmod  # noqa: E402
from planner._design_subset import group_summary, touching_territories  # noqa: E402
from planner.design import design_territories  # noqa: E402

TOLERANCE = 0.05


def row(name: str, before: m.Plan, seconds: float, after: m.Plan, group: list[str]) -> str:
    old = before.customers[m.TERRITORY].to_numpy(dtype=object)
    new = after.customers[m.TERRITORY].to_numpy(dtype=object)
    leaving = old == "T01"
    others = int(((old != new) & ~leaving).sum())
    changed = old != new
    touched = len((set(old[changed]) | set(new[changed])) - {"T01"})
    among = group_summary(after, group, "workload")["max_deviation"]
    whole = tmod.balance_summary(tmod.territory_metrics(after, balance="workload"), "workload")
    return (f"  {name:<6} {seconds:8.2f} {int(leaving.sum()):7,d} {others:7,d} {touched:8d} "
            f"{among * 100:9.2f} % {whole['max_deviation'] * 100:9.2f} %")


def case(n: int, k: int) -> None:
    plan = datasets.clustered_plan(n, seed=7)
    designed = design_territories(plan, count=k, balance="workload", tolerance=0.02).plan
    group = touching_territories(designed, "T01")
    print(f"{n:,} customers, {k} territories; T01 leaves, {len(group)} territories touch it")
    print("  method  seconds    T01's  others  touched  group dev  whole dev")
    t = time.perf_counter()
    retired = design_territories(designed, count=len(group), retire="T01", keep_existing=True,
                                 tolerance=TOLERANCE)
    print(row("retire", designed, time.perf_counter() - t, retired.plan, group))
    last = designed.replace(territories=(*designed.territories[1:], designed.territories[0]))
    t = time.perf_counter()
    whole = design_territories(last, count=k - 1, keep_existing=True, tolerance=TOLERANCE)
    assert "T01" not in whole.plan.territory_ids
    print(row("whole", designed, time.perf_counter() - t, whole.plan, group))


if __name__ == "__main__":
    datasets.run_sizes(__doc__, case)
