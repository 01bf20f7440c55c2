"""Ranks from sales (ABC analysis): what the Frequency rules dialog recomputes on each change.

Run: ``python benchmarks/bench_abc.py [--sizes 1000:5,10000:20,100000:50]``. For each size, the
clustered customers of ``bench_design.py`` (seed 7) designed on workload; timed (best of 3):
``abc_ranks`` alone, and the dialog's whole preview with *Ranks from sales* ticked
(``rank_by_sales`` + ``apply_frequency_rules`` + ``frequency_impact``) against the same preview
without it (the baseline: rank rules alone). Also prints the ranks found at 70/90 %.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402

from planner import model as m  # noqa: E402
from planner.abc import abc_ranks, rank_by_sales  # noqa: E402
from planner.design import design_territories  # noqa: E402
from planner.frequency import apply_frequency_rules  # noqa: E402
from planner.frequency_impact import frequency_impact  # noqa: E402

RULES = {"A": 4.0, "B": 2.0, "C": 1.0}


def best_of(fn, repeat: int = 3) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def preview(plan: m.Plan, abc: bool) -> None:
    base = rank_by_sales(plan)[0] if abc else plan
    frequency_impact(plan, apply_frequency_rules(base, by_rank=RULES))


def case(n: int, k: int) -> None:
    plan = design_territories(datasets.clustered_plan(n, seed=7), count=k, tolerance=0.05).plan
    sales = plan.customers[m.SALES].to_numpy(dtype=float)
    found = abc_ranks(sales)
    counts = "/".join(f"{found.counts[r]:,}" for r in ("A", "B", "C"))
    t_abc = best_of(lambda: abc_ranks(sales))
    t_with = best_of(lambda: preview(plan, True))
    t_without = best_of(lambda: preview(plan, False))
    print(f"{n:>9,} {counts:>22} {t_abc:>8.3f} {t_with:>12.3f} {t_without:>12.3f}"
          f" {t_with / t_without:>6.2f}")


if __name__ == "__main__":
    print(f"{'customers':>9} {'A/B/C at 70/90 %':>22} {'abc s':>8} {'preview s':>12}"
          f" {'rules only s':>12} {'ratio':>6}")
    datasets.run_sizes(__doc__, case)
