"""How many reps: the workload estimate against the designed territories it leads to.

Run: ``python benchmarks/bench_sizing.py [--sizes 1000,10000,100000] [--no-design-above N]``.
For each size, the clustered customers of ``bench_design.py`` (seed 7): ``reps_needed`` (85 %
of a 40-hour week) and its seconds; the baseline is the textbook count from the visit hours
alone (Talley's method without travel: ceil(visit hours / 34 h)). Each count is then checked
the way a manager would: territories designed on workload with that many reps, and the real
figures of the result (mean and largest workload a week, as ``stats`` reports them).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402

from planner import model as m  # noqa: E402
from planner import territories as tmod  # noqa: E402
from planner.design import design_territories  # noqa: E402
from planner.sizing import reps_needed  # noqa: E402


def check(plan: m.Plan, k: int) -> str:
    t = time.perf_counter()
    designed = design_territories(plan, count=k, tolerance=0.05).plan
    seconds = time.perf_counter() - t
    hours = tmod.territory_metrics(designed)["workload_hours_per_week"].to_numpy(dtype=float)
    return f"{hours.mean():6.1f} h {hours.max():6.1f} h {(hours > 34.0).mean() * 100:5.0f} % ({seconds:.0f} s)"


def case(n: int, design_up_to: int) -> None:
    plan = datasets.clustered_plan(n, seed=7)
    c = plan.customers.copy()
    c[m.FREQUENCY] = c[m.FREQUENCY].to_numpy(dtype=float) * 0.25  # route-sales visit rhythm
    plan = plan.replace(customers=c)
    t = time.perf_counter()
    sizing = reps_needed(plan)
    seconds = time.perf_counter() - t
    service = float(np.nansum(tmod.service_hours_per_week(plan.customers, plan.settings)))
    visits_only = math.ceil(service / 34.0)
    best = next(r for r in sizing.rows if r.reps == sizing.suggested)
    print(f"{n:,} customers: {service:,.0f} visit hours a week; estimate {seconds:.2f} s")
    print("  method        reps  estimated h   designed: mean h  max h  reps over 34 h")
    for name, k, est in (("workload", sizing.suggested, f"{best.hours:8.1f} h"),
                         ("visits only", visits_only, f"{service / visits_only:8.1f} h")):
        checked = check(plan, k) if n <= design_up_to else "(not designed)"
        print(f"  {name:<12} {k:5d}  {est}      {checked}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--no-design-above", type=int, default=100_000)
    args = parser.parse_args()
    for item in args.sizes.split(","):
        case(int(item), args.no_design_above)


if __name__ == "__main__":
    main()
