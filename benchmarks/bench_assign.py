"""Territory geometry and figures: point-in-polygon assignment, reshape, metrics, a big reassign.

Measured at 1k/10k/100k customers (30 territories whose boundaries come from
``boundaries_from_assignment``):

* ``assign_by_polygons`` (bounding-box pre-filter + shapely 2 ``intersects_xy``) against the
  baseline measured in the same run: ``geopandas.sjoin(points, polygons, predicate="within")``
  including building the GeoDataFrames, as a naive caller would do it;
* ``reshape_territory`` of one territory (grown by 2 km into its neighbours);
* ``territory_metrics`` (all figures of all territories, worked out from nothing: the
  per-territory cache of ``planner._group_figures`` is cleared before each run);
* ``apply_edit(AssignCustomers)`` of 10,000 customers (of the 100k plan only), with its undo;
* the travel estimate against solved tours (2-opt) for uniform points: the ratio estimate/tour,
  for one tour and for a week of day routes (the case the estimate is made for).

    python benchmarks/bench_assign.py [--sizes 1000 10000 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from planner import edits as E  # noqa: E402
from planner import model as m  # noqa: E402
from planner._group_figures import FIGURES  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402
from planner.territories import (  # noqa: E402
    assign_by_polygons,
    boundaries_from_assignment,
    estimate_travel_km_per_week,
    reshape_territory,
    territory_metrics,
)


def best_of(fn: Callable[[], object], repeat: int) -> float:
    """Smallest wall time (ms) of ``repeat`` runs (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return min(times)


def sjoin_baseline(lat: np.ndarray, lon: np.ndarray, polys: list) -> np.ndarray:
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(lon, lat), crs=m.CRS)
    areas = gpd.GeoDataFrame({"k": np.arange(len(polys))}, geometry=polys, crs=m.CRS)
    joined = gpd.sjoin(points, areas, how="left", predicate="within")
    joined = joined[~joined.index.duplicated()]
    return joined["k"].fillna(-1).to_numpy(dtype=int)


def tour_ratio(k: int, seeds: int = 6) -> float:
    """Mean of estimate / 2-opt tour for ``k`` uniform stops in a 10 km square, home at a corner."""
    ratios = []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        x, y = rng.uniform(0, 10, k), rng.uniform(0, 10, k)
        lat = 35.0 + y / 110.574
        lon = 139.0 + x / (111.32 * np.cos(np.radians(35.0)))
        s = m.Settings(working_days=("mon",), detour_factor=1.0)
        est = estimate_travel_km_per_week(lat, lon, np.ones(k), home=(35.0, 139.0), settings=s)
        ratios.append(est / _two_opt(np.append(x, 0.0), np.append(y, 0.0)))
    return float(np.mean(ratios))


def week_ratio(n: int, home: str, seeds: int = 5) -> float:
    """Estimate / a real week of routes: ``n`` weekly customers in a 15 km square, 5 days.

    The reference week cuts the customers into five equal angular sectors around the
    home (a sweep, as reps plan their days) and routes each day with 2-opt from home.
    """
    ratios = []
    for seed in range(seeds):
        rng = np.random.default_rng(seed)
        x, y = rng.uniform(0, 15, n), rng.uniform(0, 15, n)
        hx, hy = (7.5, 7.5) if home == "centre" else (-5.0, -5.0)
        days = np.array_split(np.argsort(np.arctan2(y - hy, x - hx)), 5)
        week = sum(_two_opt(np.append(x[g], hx), np.append(y[g], hy)) for g in days)
        km_lon = 111.32 * np.cos(np.radians(35.0))
        est = estimate_travel_km_per_week(
            35.0 + y / 110.574,
            139.0 + x / km_lon,
            np.ones(n),
            home=(35.0 + hy / 110.574, 139.0 + hx / km_lon),
            settings=m.Settings(detour_factor=1.0),
        )
        ratios.append(est / week)
    return float(np.mean(ratios))


def _two_opt(x: np.ndarray, y: np.ndarray) -> float:
    pts = np.column_stack([x, y])
    n = len(pts)
    d = np.hypot(pts[:, None, 0] - pts[None, :, 0], pts[:, None, 1] - pts[None, :, 1])
    order = [0]
    left = set(range(1, n))
    while left:
        nxt = min(left, key=lambda j: d[order[-1], j])
        order.append(nxt)
        left.remove(nxt)
    improved = True
    while improved:
        improved = False
        for i in range(1, n - 1):
            for j in range(i + 1, n):
                a, b, c, e = order[i - 1], order[i], order[j], order[(j + 1) % n]
                if d[a, c] + d[b, e] < d[a, b] + d[c, e] - 1e-9:
                    order[i : j + 1] = order[i : j + 1][::-1]
                    improved = True
    return float(sum(d[order[i], order[(i + 1) % n]] for i in range(n)))


def measure(n: int, repeat: int) -> str:
    """One table row for ``n`` customers."""
    plan = synthetic_plan(n, territories=30, seed=1)
    t0 = time.perf_counter()
    territories = boundaries_from_assignment(plan)
    bounds_ms = (time.perf_counter() - t0) * 1000
    plan = plan.replace(territories=territories)
    polys = [t.boundary for t in territories]
    lat = plan.customers[m.LAT].to_numpy()
    lon = plan.customers[m.LON].to_numpy()
    ours = assign_by_polygons(lat, lon, polys)
    same = bool((ours == sjoin_baseline(lat, lon, polys)).all())
    t_ours = best_of(lambda: assign_by_polygons(lat, lon, polys), repeat)
    t_sjoin = best_of(lambda: sjoin_baseline(lat, lon, polys), repeat)
    target = territories[0]
    grown = shapely.buffer(target.boundary, 0.02)  # about 2 km
    t_reshape = best_of(lambda: reshape_territory(plan, target.id, grown), repeat)
    t_metrics = best_of(lambda: (FIGURES.clear(), territory_metrics(plan)), repeat)
    reassign = "-"
    if n >= 100_000:
        ids = tuple(plan.customers[m.CUSTOMER_ID].iloc[:: n // 10_000][:10_000])
        edit = E.AssignCustomers.to(ids, territories[1].id)

        def do_and_undo() -> None:
            new, inverse, _ = E.apply_edit(plan, edit)
            E.apply_edit(new, inverse)

        reassign = f"{best_of(do_and_undo, repeat) / 2:.1f}"
    return (
        f"{n:>9,}  {t_ours:>9.1f}  {t_sjoin:>8.1f}  {'yes' if same else 'NO':>4}  "
        f"{t_reshape:>10.1f}  {t_metrics:>10.1f}  {bounds_ms:>13.0f}  {reassign:>15}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{'customers':>9}  {'assign ms':>9}  {'sjoin ms':>8}  {'same':>4}  "
        f"{'reshape ms':>10}  {'metrics ms':>10}  {'boundaries ms':>13}  {'reassign 10k ms':>15}"
    )
    for n in args.sizes:
        print(measure(n, args.repeat), flush=True)
    print()
    print("travel estimate / 2-opt tour (uniform stops, 10 km square, home at a corner):")
    print("  " + "  ".join(f"k={k}: {tour_ratio(k):.2f}" for k in (5, 10, 20, 40)))
    print("travel estimate / a week of sweep-zoned 2-opt day routes (15 km square, 5 days):")
    for home in ("centre", "corner"):
        cells = "  ".join(f"n={n}: {week_ratio(n, home):.2f}" for n in (25, 50, 100))
        print(f"  home at {home:<6}  {cells}")


if __name__ == "__main__":
    main()
