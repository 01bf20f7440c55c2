"""Comparing two plans: ``compare_plans`` against what a manager would otherwise run.

Run: ``python benchmarks/bench_compare.py [--sizes 1000:5,10000:20,100000:50]``. For each
size, the clustered customers of ``bench_design.py`` (seed 7) designed on workload (plan A);
plan B is A re-balanced with ``keep_existing`` after a 10 % workload shift (the alternative a
manager weighs). Times ``compare_plans(A, B)`` (figures of both, each territory, the customers
who move and where) against the baseline of the two plans' ``stats`` figures alone
(``plan_stats`` twice), and checks the moved customers against a plain per-customer loop.
The "cal" rows give both plans a calendar (two visits per customer, on random weekdays of
weeks 1 and 3: nearly every customer's days differ), so the visit days are compared and
worded too.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402

from planner import model as m  # noqa: E402
from planner.compare import compare_plans  # noqa: E402
from planner.design import design_territories  # noqa: E402
from planner.stats import plan_stats  # noqa: E402


def best_of(fn, repeat: int = 3) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def calendar(plan: m.Plan, seed: int) -> m.Plan:
    """A stand-in calendar: each customer twice (weeks 1 and 3) on a random weekday."""
    rng = np.random.default_rng(seed)
    c = plan.customers
    n = len(c)
    days = np.array(["mon", "tue", "wed", "thu", "fri"])[rng.integers(0, 5, 2 * n)]
    frame = pd.DataFrame({
        "territory": np.repeat(c[m.TERRITORY].astype(str).to_numpy(), 2),
        "customer_id": np.repeat(c[m.CUSTOMER_ID].astype(str).to_numpy(), 2),
        "week": np.tile([1, 3], n), "day": days, "seq": 1, "arrival": "09:00",
        "departure": "09:30", "travel_km": 1.0, "travel_minutes": 3.0,
    })
    return plan.replace(schedule=frame.reindex(columns=list(m.SCHEDULE_COLUMNS)), meta={})


def case(n: int, k: int) -> None:
    a = design_territories(datasets.clustered_plan(n, seed=7), count=k, tolerance=0.03).plan
    shifted = datasets.shift_workload(a, fraction=0.10, seed=1)
    b = design_territories(shifted, count=k, tolerance=0.05, keep_existing=True).plan
    measure(n, k, "", a, b)
    measure(n, k, " cal", calendar(a, 1), calendar(b, 2))


def measure(n: int, k: int, tag: str, a: m.Plan, b: m.Plan) -> None:
    seconds, c = best_of(lambda: compare_plans(a, b))
    baseline, _ = best_of(lambda: (plan_stats(a), plan_stats(b)))
    ta = dict(zip(a.customers[m.CUSTOMER_ID], a.customers[m.TERRITORY], strict=True))
    loop = sum(ta[i] != t for i, t in zip(b.customers[m.CUSTOMER_ID], b.customers[m.TERRITORY],
                                          strict=True))
    assert loop == len(c.moved)  # type: ignore[attr-defined]
    dev = c.overall.loc["max_deviation"].to_numpy(dtype=float)  # type: ignore[attr-defined]
    print(f"{n:>9,}{tag:<4} {k:>4} {len(c.moved):>7,} {len(c.flows()):>6}"  # type: ignore[attr-defined]
          f" {dev[0]:>7.1%} {dev[1]:>7.1%} {seconds:>10.3f} {baseline:>10.3f}"
          f" {seconds / baseline:>6.2f}")


if __name__ == "__main__":
    print(f"{'customers':>9}{'':<4} {'k':>4} {'moved':>7} {'flows':>6} {'A dev':>7} {'B dev':>7}"
          f" {'compare s':>10} {'2x stats s':>10} {'ratio':>6}")
    datasets.run_sizes(__doc__, case)
