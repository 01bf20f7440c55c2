"""Re-balance after a block of customers was moved by hand (bench_manager.py's lasso), core only.

The plan of ``bench_manager.py``: ``synthetic_plan`` customers designed around the reps' homes
(30,000 × 40 by default); the 2,000 customers nearest the third territory's home (a disc) are
assigned to the fourth territory, as is, with their frequency set to 8 visits, or locked; then
``design_territories(keep_existing=True, seeds="homes")`` is timed, stage by stage with
``--stages``. Prints one row per case: seconds, customers moved, max deviation, contiguous, and
the territories left outside the tolerance (why).

    python benchmarks/bench_design_lasso.py [--size 30000:40] [--cases assign frequency lock]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner import model as m  # noqa: E402
from planner.design import design_territories  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402

CASES = ("assign", "frequency", "lock")


def lassoed(plan: m.Plan, case: str, count: int = 2000) -> m.Plan:
    """``plan`` with the ``count`` customers nearest the third territory's home assigned to the
    fourth (``case``: also their frequency set to 8, or locked)."""
    c = plan.customers.copy()
    home = plan.territories[2]
    lat, lon = c[m.LAT].to_numpy(float), c[m.LON].to_numpy(float)
    d = (lat - home.home_lat) ** 2 + ((lon - home.home_lon) * 0.81) ** 2
    block = np.argsort(np.nan_to_num(d, nan=np.inf))[:count]
    terr = c[m.TERRITORY].to_numpy(object).copy()
    terr[block] = plan.territories[3].id
    c[m.TERRITORY] = terr
    if case == "frequency":
        freq = c[m.FREQUENCY].to_numpy(float).copy()
        freq[block] = 8.0
        c[m.FREQUENCY] = freq
    if case == "lock":
        locked = c[m.LOCKED].to_numpy(bool).copy()
        locked[block] = True
        c[m.LOCKED] = locked
    return plan.replace(customers=c)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="30000:40", help="n:k")
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=CASES)
    parser.add_argument("--stages", action="store_true", help="print each stage's start")
    args = parser.parse_args()
    n, k = (int(x) for x in args.size.split(":"))
    t = time.perf_counter()
    plan = design_territories(synthetic_plan(n, territories=k, seed=1), count=k,
                              seeds="homes").plan
    print(f"designed {n:,} × {k} in {time.perf_counter() - t:.1f} s", flush=True)
    print("| case | seconds | moved | max\\|dev\\| | contiguous | outside the tolerance |")
    print("|---|---|---|---|---|---|")
    for case in args.cases:
        start = time.perf_counter()
        last = [""]

        def progress(fraction: float, message: str = "", start: float = start,
                     last: list[str] = last) -> bool:
            if args.stages and message != last[0]:
                print(f"    {time.perf_counter() - start:6.1f} s  {message}", flush=True)
                last[0] = message
            return True

        result = design_territories(lassoed(plan, case), count=k, keep_existing=True,
                                    seeds="homes", progress=progress)
        seconds = time.perf_counter() - start
        outside = ", ".join(f"{t} ({why})" for t, why in getattr(result, "outside", ())) or "–"
        print(f"| {case} | {seconds:.1f} | {len(result.moves):,} | "
              f"{result.max_deviation * 100:.2f} % | {'yes' if result.contiguous else 'NO'} | "
              f"{outside} |", flush=True)


if __name__ == "__main__":
    main()
