"""Territories of whole areas (``whole=``) against the customer-by-customer design.

Run: ``python benchmarks/bench_design_areas.py [--sizes 1000:5,10000:20,100000:50]``.
The clustered customers of ``bench_design.py`` (seed 7) get addresses in compact districts:
each customer takes the nearest of n/25 (fine: a town's worth) or n/100 (coarse: a ward's
worth) random district centres. Designed on workload at tolerance 5 %: customer by customer
(the baseline), and with every district kept whole. Columns: seconds, largest deviation,
compactness (km), districts split between territories, contiguous (whole districts: on the
districts' graph).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy.spatial import cKDTree

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402

from planner import model as m  # noqa: E402
from planner.design import design_territories  # noqa: E402

KANJI = "東西南北中上下本新古大小高青赤白黒金銀山川森林谷野原島田沢岡浜松竹梅桜"


def districts(plan: m.Plan, count: int, seed: int = 1) -> m.Plan:
    c = plan.customers.copy()
    xy = np.column_stack([c[m.LON].to_numpy() * 0.81, c[m.LAT].to_numpy()])
    rng = np.random.default_rng(seed)
    centres = xy[rng.choice(len(xy), size=count, replace=False)]
    ward = cKDTree(centres).query(xy)[1]
    names = [f"{KANJI[i % len(KANJI)]}{KANJI[(i // len(KANJI)) % len(KANJI)]}"
             f"{KANJI[i // len(KANJI) ** 2]}区" for i in range(count)]
    c[m.ADDRESS] = [f"東京都{names[w]}本町1-1" for w in ward]
    return plan.replace(customers=c)


def split(plan: m.Plan) -> int:
    c = plan.customers
    pairs = c.groupby(m.ADDRESS)[m.TERRITORY].nunique()
    return int((pairs > 1).sum())


def case(n: int, k: int) -> None:
    base = datasets.clustered_plan(n, seed=7)
    print(f"{n:,} customers, {k} territories, tolerance 5 %")
    print("  districts            method          seconds  max dev  compact km  split  contiguous")
    for per in (25, 100):
        plan = districts(base, max(k, n // per))
        for name, whole in (("by customer", None), ("whole districts", "municipality")):
            t = time.perf_counter()
            r = design_territories(plan, count=k, tolerance=0.05, whole=whole)
            print(
                f"  {n // per:5,d} (~{per} each)   {name:<15} {time.perf_counter() - t:7.1f} "
                f"{r.max_deviation * 100:7.2f} % {r.compactness:10.2f} {split(r.plan):6d}  "
                f"{'yes' if r.contiguous else 'NO'}"
            )


if __name__ == "__main__":
    datasets.run_sizes(__doc__, case)
