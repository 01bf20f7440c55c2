"""A rep joins a kept plan: ``design_territories(count=k + 1, keep_existing=True)``.

Run: ``python benchmarks/bench_design_add.py [--sizes 1000:5,10000:20,100000:50]``; the sample
plan (8 reps → 9) first. For each plan, designed on workload at 2 % (the sample as
`design --homes` leaves it), one territory more, tolerance 5 %, three ways in the same run:

* ``kept``: what the program does — the new territory carved whole out of those around it,
  then the few-moves hand-over, or the flow rounds alone, whichever ends within the
  tolerance with fewer customers moved;
* ``flow``: the flow rounds alone (the program before 2026-11-30, the baseline);
* ``fresh``: a fresh design of k + 1 territories (no keeping);
* ``beside``: a rep joining beside the first territory (the territory list's 「ここに担当者を追加」,
  ``joining=Joining(T01)``, since 2026-12-02): "from T01" is the share of the new rep's
  customers that territory gives, "homes" whether every rep keeps the 3 customers nearest
  their home (with homes; "-" without).

Columns: seconds, customers moved, largest deviation, compactness (km: visit-weighted mean
distance to the territory's centre, as ``stats --json`` reports it), the new territory's own
compactness ("new km": a snake winding round its neighbours reads several times a compact
area's), contiguous.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402
import numpy as np  # noqa: E402

from planner import model as m  # noqa: E402
from planner import territories as tmod  # noqa: E402
from planner._design_graph import project_km  # noqa: E402
from planner._design_join import Joining  # noqa: E402
from planner.design import _design_once, design_territories  # noqa: E402
from planner.resources import sample_plan_path  # noqa: E402
from planner.store import load_plan  # noqa: E402

OPTIONS = {"balance": "workload", "tolerance": 0.05, "seeds": None, "by_capacity": None,
           "seed": 0, "progress": None}


def new_km(before: m.Plan, after: m.Plan) -> float:
    """Compactness (km) of the territories ``after`` has and ``before`` had not."""
    c = after.customers
    new = c[~c[m.TERRITORY].isin(before.territory_ids)].reset_index(drop=True)
    return tmod.compactness(after.replace(customers=new))


def rows(label: str, plan: m.Plan, k: int) -> None:
    print(f"{label}: {k} territories → {k + 1}")
    print("  method  seconds   moved  max dev  compactness   new km  contiguous")
    for name, run in (
        ("kept", lambda: design_territories(plan, count=k + 1, keep_existing=True,
                                            tolerance=0.05)),
        ("flow", lambda: _design_once(plan, count=k + 1, keep_existing=True, **OPTIONS)),
        ("fresh", lambda: design_territories(plan, count=k + 1, tolerance=0.05)),
        ("beside", lambda: design_territories(plan, count=k + 1, keep_existing=True,
                                              tolerance=0.05, joining=Joining("T01"))),
    ):
        t = time.perf_counter()
        r = run()
        extra = ""
        if name == "beside":
            moves = r.moves[~r.moves["to_territory"].isin(plan.territory_ids)]
            extra = (f"  from T01 {(moves['from_territory'] == 'T01').mean():.0%}, "
                     f"homes {homes_kept(plan, r.plan)}")
        print(f"  {name:<6} {time.perf_counter() - t:8.2f} {len(r.moves):7,d} "
              f"{r.max_deviation * 100:7.2f} % {r.compactness:9.2f} km "
              f"{new_km(plan, r.plan):6.2f} km  "
              f"{'yes' if r.contiguous else 'NO'}{extra}")


def homes_kept(before: m.Plan, after: m.Plan) -> str:
    """"yes" when every rep keeps their customers among the 3 nearest their home."""
    c = before.customers
    was = c[m.TERRITORY].to_numpy(dtype=object)
    now = after.customers[m.TERRITORY].to_numpy(dtype=object)
    homes = [t for t in before.territories if t.has_home]
    for t in homes:
        xy = project_km(np.r_[c[m.LAT].to_numpy(float), t.home_lat],
                        np.r_[c[m.LON].to_numpy(float), t.home_lon])
        d = np.hypot(*(xy[:-1] - xy[-1]).T)
        near = np.argsort(np.where(np.isfinite(d), d, np.inf))[:3]
        if (now[near[was[near] == t.id]] != t.id).any():
            return "NO"
    return "yes" if homes else "-"


def case(n: int, k: int) -> None:
    plan = design_territories(datasets.clustered_plan(n, seed=7), count=k, tolerance=0.02).plan
    rows(f"{n:,} customers", plan, k)


if __name__ == "__main__":
    sample = load_plan(sample_plan_path())
    rows("sample plan", sample, len(sample.territories))
    datasets.run_sizes(__doc__, case)
