"""Rebalancing one overloaded territory with its neighbours only, against the whole plan.

Run: ``python benchmarks/bench_design_only.py [--sizes 1000:5,10000:20,100000:50]``.
For each size: the clustered customers designed on workload (tolerance 2 %), then one
territory (T01) gains about 15 % workload (a third of its customers seen twice as often).
Two ways back, same run, same tolerance:

* ``only``: ``design_territories(..., only=[T01 and the territories touching it],
  keep_existing=True)`` (the Territories dock's *Rebalance the selected territories…*);
* ``whole``: the whole plan re-balanced with ``keep_existing=True`` (the baseline).

Columns: seconds, customers moved, territories that gained or lost customers, the largest
deviation among the chosen group (against the group's own mean) and over the whole plan.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402

from planner import model as m  # noqa: E402
from planner import territories as tmod  # noqa: E402
from planner._design_subset import group_summary, touching_territories  # noqa: E402
from planner.design import design_territories  # noqa: E402

TOLERANCE = 0.02


def overload(plan: m.Plan, tid: str, *, seed: int = 3) -> m.Plan:
    """A third of ``tid``'s customers seen twice as often (a rank revision in one area)."""
    c = plan.customers.copy()
    pick = (c[m.TERRITORY] == tid).to_numpy() & (np.random.default_rng(seed).random(len(c)) < 0.15)
    freq = c[m.FREQUENCY].to_numpy(dtype=float).copy()
    freq[pick] *= 2.0
    c[m.FREQUENCY] = freq
    return plan.replace(customers=c)


def touching(plan: m.Plan, tid: str) -> list[str]:
    """``tid`` and the territories whose customers are its neighbours (plan order)."""
    near = set(touching_territories(plan, tid))
    return [tid] + [t for t in plan.territory_ids if t in near]


def row(name: str, before: m.Plan, seconds: float, after: m.Plan, group: list[str]) -> str:
    old = before.customers[m.TERRITORY].to_numpy(dtype=object)
    new = after.customers[m.TERRITORY].to_numpy(dtype=object)
    changed = old != new
    touched = len(set(old[changed]) | set(new[changed]))
    among = group_summary(after, group, "workload")["max_deviation"]
    whole = tmod.balance_summary(tmod.territory_metrics(after, balance="workload"), "workload")
    return (
        f"  {name:<6} {seconds:8.2f} {int(changed.sum()):7,d} {touched:8d} "
        f"{among * 100:9.2f} % {whole['max_deviation'] * 100:9.2f} %"
    )


def case(n: int, k: int) -> None:
    plan = datasets.clustered_plan(n, seed=7)
    designed = design_territories(plan, count=k, balance="workload", tolerance=TOLERANCE).plan
    shifted = overload(designed, "T01")
    group = touching(shifted, "T01")
    before_all = tmod.balance_summary(tmod.territory_metrics(shifted), "workload")
    before_group = group_summary(shifted, group, "workload")
    print(
        f"{n:,} customers, {k} territories; T01 overloaded: largest deviation "
        f"{before_all['max_deviation'] * 100:.1f} % (whole plan), "
        f"{before_group['max_deviation'] * 100:.1f} % among T01 and its {len(group) - 1} neighbours"
    )
    print("  method  seconds   moved  touched  group dev  whole dev")
    t = time.perf_counter()
    only = design_territories(
        shifted, count=len(group), only=group, keep_existing=True, tolerance=TOLERANCE
    )
    print(row("only", shifted, time.perf_counter() - t, only.plan, group))
    t = time.perf_counter()
    whole = design_territories(shifted, count=k, keep_existing=True, tolerance=TOLERANCE)
    print(row("whole", shifted, time.perf_counter() - t, whole.plan, group))


if __name__ == "__main__":
    datasets.run_sizes(__doc__, case)
