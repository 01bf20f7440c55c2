"""How honest is the weekly travel estimate? It against the program's own calendars.

The territory figures (``planner.territories``) estimate each rep's driving a week as
``(2 · r · trips · LINE_HAUL_FACTOR + LOCAL_FACTOR · β · sqrt(V · A)) · detour``: a line-haul
part (out to the day's zone and back) and a local part (between the day's stops). This
script builds real calendars (``build_schedule``: day zones, routed days) on two data sets —
the bundled sample plan (1,500 customers, 8 reps) and the calendar benchmark's 2,000 customers
of 10 reps designed on workload — and for every territory prints the estimate's two parts,
the estimate with the module's factors, and the calendar's km a week. It then fits the two
factors by least squares on the relative error (the numbers the module holds were fitted
this way) and prints the error of the estimate before (both factors 1.0) and now.

Run: ``python benchmarks/bench_travel_estimate.py`` (about two minutes).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_schedule import realistic_plan  # noqa: E402

from planner import model as m  # noqa: E402
from planner import territories as tm  # noqa: E402
from planner.resources import sample_plan_path  # noqa: E402
from planner.schedule import build_schedule  # noqa: E402
from planner.store import load_plan  # noqa: E402


def _parts(plan: m.Plan) -> pd.DataFrame:
    """Per territory: line-haul and local km a week (factors 1.0), the estimate as the
    module gives it, and the calendar's km a week."""
    fitted = (tm.LINE_HAUL_FACTOR, tm.LOCAL_FACTOR)
    try:
        tm.LINE_HAUL_FACTOR, tm.LOCAL_FACTOR = 1.0, 0.0
        haul = tm.territory_metrics(plan)["travel_km_per_week"]
        tm.LINE_HAUL_FACTOR, tm.LOCAL_FACTOR = 0.0, 1.0
        local = tm.territory_metrics(plan)["travel_km_per_week"]
    finally:
        tm.LINE_HAUL_FACTOR, tm.LOCAL_FACTOR = fitted
    now = tm.territory_metrics(plan)["travel_km_per_week"]
    s = plan.schedule
    km = s.groupby("territory")["travel_km"].sum() + s.groupby("territory")["return_km"].sum()
    weeks = int(s["week"].max())
    return pd.DataFrame({"line_haul": haul, "local": local, "estimate": now,
                         "calendar": km.reindex(haul.index).fillna(0.0) / weeks})


def main() -> int:
    t0 = time.perf_counter()
    sample = build_schedule(load_plan(sample_plan_path()), weeks=4)
    bench, _secs = realistic_plan(2000, 10)
    bench = build_schedule(bench, weeks=4)
    tables = {"sample (1,500 / 8)": _parts(sample), "bench (2,000 / 10)": _parts(bench)}
    print(f"calendars built in {time.perf_counter() - t0:.0f} s; km a week per territory")
    print(f"module factors now: LINE_HAUL_FACTOR {tm.LINE_HAUL_FACTOR}, LOCAL_FACTOR "
          f"{tm.LOCAL_FACTOR}")
    print(f"{'data':20} {'terr':5} {'haul':>7} {'local':>7} {'raw est':>8} {'estimate':>9} "
          f"{'calendar':>9} {'raw err':>8} {'err now':>8}")
    rows = []
    for name, table in tables.items():
        for tid, r in table.iterrows():
            raw = r.line_haul + r.local
            print(f"{name:20} {tid:5} {r.line_haul:7.1f} {r.local:7.1f} {raw:8.1f} "
                  f"{r.estimate:9.1f} {r.calendar:9.1f} {raw / r.calendar - 1:+8.1%} "
                  f"{r.estimate / r.calendar - 1:+8.1%}")
            rows.append((r.line_haul, r.local, r.calendar, raw, r.estimate))
    a = np.array(rows)
    weight = 1.0 / a[:, 2]
    fit, *_ = np.linalg.lstsq(a[:, :2] * weight[:, None], a[:, 2] * weight, rcond=None)
    raw_err = np.abs(a[:, 3] / a[:, 2] - 1)
    now_err = np.abs(a[:, 4] / a[:, 2] - 1)
    fit_err = np.abs(a[:, :2] @ fit / a[:, 2] - 1)
    print(f"raw estimate (factors 1.0): mean |error| {raw_err.mean():.1%}, worst {raw_err.max():.1%}")
    print(f"with the module's factors:  mean |error| {now_err.mean():.1%}, worst {now_err.max():.1%}")
    print(f"least-squares fit: LINE_HAUL_FACTOR {fit[0]:.3f}, LOCAL_FACTOR {fit[1]:.3f} "
          f"(mean |error| {fit_err.mean():.1%}, worst {fit_err.max():.1%})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
