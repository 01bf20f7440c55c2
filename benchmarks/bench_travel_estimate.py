"""How honest is the weekly travel estimate? It against the program's own calendars.

The territory figures (``planner.territories``) estimate each rep's driving a week as
``(2 · r · trips · LINE_HAUL_FACTOR + LOCAL_FACTOR · β_k · Σ w_i / sqrt(ρ_i)) · detour``: a
line-haul part (out to the day's zone and back) and a local part (between the day's stops,
from the customers' own density ρ). This script builds real calendars (``build_schedule``: day
zones, routed days) on three data sets — customers spread evenly over a 40 × 30 km plain (1,000
customers, 4 reps around their homes), the bundled sample plan (1,500 customers, 8 reps) and
the calendar benchmark's 2,000 town-clustered customers of 10 reps designed on workload — and
for every territory prints the estimate's two parts (factors 1.0), the estimate as the module
gives it, the calendar's km a week, and the earlier convex-hull form of the local part
(``β_k · sqrt(V · A)``, factor 1.0, the estimate before 2026-12-01). It then fits the local
factor by least squares on the relative error (the number the module holds was fitted this
way) and prints the errors per data set.

Run: ``python benchmarks/bench_travel_estimate.py`` (about four minutes).
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_schedule import realistic_plan  # noqa: E402

from planner import model as m  # noqa: E402
from planner import territories as tm  # noqa: E402
from planner.design import design_territories  # noqa: E402
from planner.resources import sample_plan_path  # noqa: E402
from planner.schedule import build_schedule  # noqa: E402
from planner.store import load_plan  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402


def even_plan(n: int = 1000, k: int = 4, seed: int = 5) -> m.Plan:
    """Customers spread evenly over 40 × 30 km, four reps at home in the quarters."""
    plan = synthetic_plan(n, territories=k, seed=seed)
    rng = np.random.default_rng(seed)
    lat0, lon0 = 35.95, 139.55
    km_lon = 111.32 * np.cos(np.radians(lat0))
    c = plan.customers.copy()
    c[m.LAT] = lat0 + rng.uniform(-15, 15, n) / tm.KM_PER_DEG_LAT
    c[m.LON] = lon0 + rng.uniform(-20, 20, n) / km_lon
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.5  # route-sales visits, as bench_schedule
    c = c.set_geometry(shapely.points(c[m.LON], c[m.LAT]))
    homes = [(-10, -7), (10, -7), (-10, 7), (10, 7)]
    terrs = [dataclasses.replace(t, home_lat=lat0 + hy / tm.KM_PER_DEG_LAT,
                                 home_lon=lon0 + hx / km_lon)
             for t, (hx, hy) in zip(plan.territories, homes, strict=True)]
    plan = plan.replace(customers=c, territories=terrs)
    return design_territories(plan, count=k, balance="workload", seeds="homes").plan


def _hull_local(plan: m.Plan) -> np.ndarray:
    """The convex-hull form of the local part, ``β_k · sqrt(V · A) · detour`` (factor 1.0)."""
    metrics = tm.territory_metrics(plan)
    codes = tm._codes(plan)
    c = plan.customers
    lat, lon = c[m.LAT].to_numpy(dtype=float), c[m.LON].to_numpy(dtype=float)
    ok = (codes >= 0) & np.isfinite(lat) & np.isfinite(lon)
    n = len(plan.territories)
    lat0 = np.array([np.nanmean(lat[ok & (codes == g)]) for g in range(n)])
    x, y = tm._local_xy(lat[ok], lon[ok], lat0[codes[ok]])
    area = tm._hull_areas_km2(codes[ok], x, y, n)
    visits = metrics["visits_per_cycle"].to_numpy() / plan.settings.cycle_weeks
    trips = np.minimum(metrics["days_per_week"].to_numpy(), visits)
    k = visits / np.maximum(trips, 1e-12)
    beta = tm.BHH_BETA * (1.0 + tm.SMALL_TOUR_CORRECTION / np.maximum(k, 1.0))
    return beta * np.sqrt(visits * area) * plan.settings.detour_factor


def _parts(plan: m.Plan) -> pd.DataFrame:
    """Per territory: line-haul and local km a week (factors 1.0), the estimate as the
    module gives it, the hull form's local part and the calendar's km a week."""
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
    return pd.DataFrame({"line_haul": haul, "local": local, "hull_local": _hull_local(plan),
                         "estimate": now,
                         "calendar": km.reindex(haul.index).fillna(0.0) / weeks})


def _errors(label: str, errors: dict[str, list[float]]) -> None:
    every = np.abs(np.concatenate([np.array(v) for v in errors.values()]))
    per = "; ".join(f"{name.split()[0]} {np.mean(v):+.1%} (worst {np.max(np.abs(v)):.1%})"
                    for name, v in errors.items())
    print(f"{label:34} mean |error| {every.mean():5.1%}, worst {every.max():5.1%} | {per}")


def main() -> int:
    t0 = time.perf_counter()
    bench, _secs = realistic_plan(2000, 10)
    tables = {
        "even (1,000 / 4)": _parts(build_schedule(even_plan(), weeks=4)),
        "sample (1,500 / 8)": _parts(build_schedule(load_plan(sample_plan_path()), weeks=4)),
        "bench (2,000 / 10)": _parts(build_schedule(bench, weeks=4)),
    }
    print(f"calendars built in {time.perf_counter() - t0:.0f} s; km a week per territory")
    print(f"module factors now: LINE_HAUL_FACTOR {tm.LINE_HAUL_FACTOR}, LOCAL_FACTOR "
          f"{tm.LOCAL_FACTOR}, DENSITY_NEIGHBOURS {tm.DENSITY_NEIGHBOURS}")
    print(f"{'data':20} {'terr':5} {'haul':>7} {'local':>7} {'estimate':>9} {'calendar':>9} "
          f"{'error':>7} {'hull form':>10} {'its error':>9}")
    rows = []
    now: dict[str, list[float]] = {}
    hull: dict[str, list[float]] = {}
    for name, table in tables.items():
        for tid, r in table.iterrows():
            old = r.line_haul + r.hull_local
            print(f"{name:20} {tid:5} {r.line_haul:7.1f} {r.local:7.1f} {r.estimate:9.1f} "
                  f"{r.calendar:9.1f} {r.estimate / r.calendar - 1:+7.1%} {old:10.1f} "
                  f"{old / r.calendar - 1:+9.1%}")
            now.setdefault(name, []).append(r.estimate / r.calendar - 1)
            hull.setdefault(name, []).append(old / r.calendar - 1)
            rows.append((name, r.line_haul, r.local, r.hull_local, r.calendar))
    _errors("estimate as the module gives it", now)
    _errors("convex-hull form (before)", hull)
    a = np.array([r[1:] for r in rows], dtype=float)
    weight = 1.0 / a[:, 3]
    for label, col in (("density", 1), ("convex hull", 2)):
        fit = float(np.linalg.lstsq((a[:, col] * weight)[:, None], (a[:, 3] - a[:, 0]) * weight,
                                    rcond=None)[0][0])
        fitted: dict[str, list[float]] = {}
        for r, (h, lo_d, lo_h, cal) in zip(rows, a, strict=True):
            local = lo_d if col == 1 else lo_h
            fitted.setdefault(r[0], []).append((h + fit * local) / cal - 1)
        _errors(f"{label} local part fitted: {fit:.3f}", fitted)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
