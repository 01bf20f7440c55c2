"""Territory design quality and speed against plain k-means and k-means-constrained.

Run: ``python benchmarks/bench_design.py [--big] [--sizes 10000:20]``. Prints one row
per (n, k, method): seconds, max |deviation| of workload, its CV, compactness
(km, visit-weighted mean distance to the territory centre, as ``stats`` reports
it) and whether every territory is contiguous on the Delaunay neighbour graph.
Then a re-balance row: workload shifted on 10 % of the customers, ``keep_existing``
design, customers moved against the "perfect" minimum. ``--big`` adds the
100,000 × 50 case (expensive; run it once). ``--rebalance`` prints only the designs and
their re-balance rows (``--rebalance --big``: the 10,000 and 100,000 ones, ~2 min). ``--scan`` prints, for the 10,000-customer
data, design against plain k-means for several territory counts, and the ratio that
high-resolution quantisation theory predicts between them (the "price of balance").
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import datasets  # noqa: E402

from planner import model as m  # noqa: E402
from planner import territories as tmod  # noqa: E402
from planner._design_flow import kmeans_pp, sq_dist  # noqa: E402
from planner._design_graph import is_contiguous, neighbour_graph, project_km  # noqa: E402
from planner.design import design_territories  # noqa: E402


def _with_labels(plan: m.Plan, labels: np.ndarray) -> m.Plan:
    k = int(labels.max()) + 1
    terrs = tuple(m.Territory(id=f"T{i + 1:02d}", name=f"T{i + 1:02d}") for i in range(k))
    customers = plan.customers.copy()
    customers[m.TERRITORY] = np.array([t.id for t in terrs], dtype=object)[labels]
    return plan.replace(customers=customers, territories=terrs)


def _labels_of(plan: m.Plan) -> np.ndarray:
    ids = {t: i for i, t in enumerate(plan.territory_ids)}
    return np.array([ids.get(t, -1) for t in plan.customers[m.TERRITORY]], dtype=np.int64)


def _figures(plan: m.Plan, graph) -> tuple[float, float, float, bool]:  # type: ignore[no-untyped-def]
    metrics = tmod.territory_metrics(plan, balance="workload")
    summary = tmod.balance_summary(metrics, "workload")
    return (
        summary["max_deviation"],
        summary["cv"],
        tmod.compactness(plan),
        is_contiguous(graph, _labels_of(plan)),
    )


def kmeans(
    xy: np.ndarray, w: np.ndarray, k: int, *, seed: int = 0, rounds: int = 100
) -> np.ndarray:
    """Plain (unbalanced) Lloyd k-means weighted by ``w`` (visits, or ones), best of 3
    k-means++ starts."""
    best, best_cost = None, np.inf
    for start in range(3):
        rng = np.random.default_rng(seed + start)
        c = kmeans_pp(xy, w, k, rng)
        for _ in range(rounds):
            lab = sq_dist(xy, c).argmin(axis=1)
            new = c.copy()
            for j in range(k):
                sel = lab == j
                if sel.any():
                    new[j] = np.average(xy[sel], axis=0, weights=w[sel])
            if np.allclose(new, c):
                break
            c = new
        lab = sq_dist(xy, c).argmin(axis=1)
        cost = float((w * ((xy - c[lab]) ** 2).sum(axis=1)).sum())
        if cost < best_cost:
            best, best_cost = lab, cost
    assert best is not None
    return best


def constrained(xy: np.ndarray, k: int, *, seed: int = 0) -> np.ndarray:
    """k-means-constrained with equal customer counts (Bradley, Bennett & Demiriz 2000)."""
    from k_means_constrained import KMeansConstrained

    n = len(xy)
    model = KMeansConstrained(
        n_clusters=k,
        size_min=n // k,
        size_max=-(-n // k),
        n_init=1,
        max_iter=30,
        random_state=seed,
    )
    return np.asarray(model.fit_predict(xy), dtype=np.int64)


def run_case(
    n: int, k: int, tolerance: float, *, with_constrained: bool, rebalance_only: bool = False
) -> list[str]:
    plan = datasets.clustered_plan(n, seed=7)
    lat = plan.customers[m.LAT].to_numpy(dtype=float)
    lon = plan.customers[m.LON].to_numpy(dtype=float)
    xy = project_km(lat, lon)
    graph = neighbour_graph(xy)
    w = tmod.visits_per_week(plan.customers, settings=plan.settings)
    rows = []

    def row(method: str, seconds: float, target: m.Plan) -> None:
        dev, cv, comp, contig = _figures(target, graph)
        rows.append(
            f"| {n:,} | {k} | {method} | {seconds:.1f} | {dev * 100:.2f} % | {cv:.4f} | "
            f"{comp:.2f} | {'yes' if contig else 'NO'} |"
        )

    t = time.perf_counter()
    result = design_territories(plan, count=k, balance="workload", tolerance=tolerance)
    row(f"design (workload, tol {tolerance:.0%})", time.perf_counter() - t, result.plan)
    if rebalance_only:
        return [*rows, rebalance_row(result.plan, k, graph)]
    t = time.perf_counter()
    lab = kmeans(xy, w, k)
    row("k-means (visit-weighted, unbalanced)", time.perf_counter() - t, _with_labels(plan, lab))
    t = time.perf_counter()
    lab = kmeans(xy, np.ones(len(xy)), k)
    row("k-means (unweighted, unbalanced)", time.perf_counter() - t, _with_labels(plan, lab))
    if with_constrained:
        t = time.perf_counter()
        lab = constrained(xy, k)
        row("k-means-constrained (equal counts)", time.perf_counter() - t, _with_labels(plan, lab))
    if n <= 20_000:
        rows.append(rebalance_row(result.plan, k, graph))
        rows.append(capacity_row(plan, k, tolerance, graph))
    return rows


def capacity_row(plan: m.Plan, k: int, tolerance: float, graph) -> str:  # type: ignore[no-untyped-def]
    """Every fifth rep works three days (24 h): shares in proportion to the weekly hours."""
    terrs = tuple(
        m.Territory(
            id=f"T{i + 1:02d}",
            name=f"T{i + 1:02d}",
            working_days=("mon", "wed", "fri") if i % 5 == 4 else (),
        )
        for i in range(k)
    )
    t = time.perf_counter()
    result = design_territories(
        plan.replace(territories=terrs), count=k, balance="workload", tolerance=tolerance,
        by_capacity=True,
    )
    seconds = time.perf_counter() - t
    dev, cv, comp, contig = _figures(result.plan, graph)
    load = tmod.territory_metrics(result.plan)["workload_hours_per_week"].to_numpy()
    part = np.arange(k) % 5 == 4
    ratio = load[part].mean() / load[~part].mean()
    return (
        f"| {len(plan.customers):,} | {k} | design by capacity, {int(part.sum())} reps on 3 days "
        f"(24 h: part-time load / full-time load {ratio:.3f}, ideal 0.600; max dev from each "
        f"rep's share) | {seconds:.1f} | {dev * 100:.2f} % | {cv:.4f} | {comp:.2f} | "
        f"{'yes' if contig else 'NO'} |"
    )


def rebalance_row(designed: m.Plan, k: int, graph) -> str:  # type: ignore[no-untyped-def]
    tolerance = 0.05
    shifted = datasets.shift_workload(designed, fraction=0.10, seed=3)
    before = tmod.balance_summary(tmod.territory_metrics(shifted, balance="workload"), "workload")
    metrics = tmod.territory_metrics(shifted, balance="workload")
    loads = metrics["workload_hours_per_week"].to_numpy(dtype=float)
    labels = _labels_of(shifted)
    service = tmod.service_hours_per_week(shifted.customers, shifted.settings)
    travel_share = (
        metrics["travel_hours_per_week"].to_numpy()
        / np.maximum(np.bincount(labels, weights=service, minlength=k), 1e-9)
    )[labels]
    weight = service * (1 + travel_share)
    perfect = datasets.perfect_moves(loads, labels, weight, tolerance)
    t = time.perf_counter()
    result = design_territories(
        shifted, count=k, balance="workload", tolerance=tolerance, keep_existing=True
    )
    seconds = time.perf_counter() - t
    dev, cv, comp, contig = _figures(result.plan, graph)
    return (
        f"| {len(labels):,} | {k} | keep_existing after 10 % workload shift "
        f"(before: max dev {before['max_deviation'] * 100:.1f} %; moved {len(result.moves)}, "
        f"perfect ≈ {perfect}, ratio {len(result.moves) / max(perfect, 1):.2f}) | {seconds:.1f} | "
        f"{dev * 100:.2f} % | {cv:.4f} | {comp:.2f} | {'yes' if contig else 'NO'} |"
    )


def price_of_balance(xy: np.ndarray, w: np.ndarray, bandwidth_km: float = 3.0) -> float:
    """Asymptotic compactness of equal-load territories over k-means territories, same data.

    Many territories, each small enough that the visit density ρ is even inside it: a
    territory of area a has mean distance ∝ √a. Equal-load territories have area ∝ 1/ρ,
    k-means (squared distance) puts centres with density ∝ √ρ (Gersho 1979); the ratio of the
    two mean distances is √M·(∫√ρ)^½ / ∫ρ^¾ (M = all visits), ≥ 1 by Hölder's inequality.
    ρ is a histogram of 0.5 km cells smoothed by a Gaussian of ``bandwidth_km``.
    """
    from scipy.ndimage import gaussian_filter

    cell = 0.5
    lo, hi = xy.min(axis=0) - 4 * bandwidth_km, xy.max(axis=0) + 4 * bandwidth_km
    grid, _, _ = np.histogram2d(
        xy[:, 0], xy[:, 1], bins=[np.arange(lo[0], hi[0], cell), np.arange(lo[1], hi[1], cell)],
        weights=w,
    )
    rho = gaussian_filter(grid, bandwidth_km / cell) / cell**2
    rho = rho[rho > 1e-12 * rho.max()]
    area = cell**2
    mass = float((rho * area).sum())
    return float(
        np.sqrt(mass) * np.sqrt((np.sqrt(rho) * area).sum()) / (rho**0.75 * area).sum()
    )


def scan(n: int, counts: list[int]) -> None:
    """Design (tolerance 2 %) against plain k-means for several territory counts."""
    plan = datasets.clustered_plan(n, seed=7)
    lat = plan.customers[m.LAT].to_numpy(dtype=float)
    lon = plan.customers[m.LON].to_numpy(dtype=float)
    xy = project_km(lat, lon)
    w = tmod.visits_per_week(plan.customers, settings=plan.settings)
    print(f"{n:,} customers; predicted price of balance (many territories): "
          + ", ".join(f"{price_of_balance(xy, w, b):.3f} (ρ smoothed {b:g} km)" for b in (1, 3, 8)))
    print("  k  design km  max|dev|  k-means km  design / k-means")
    for k in counts:
        result = design_territories(plan, count=k, balance="workload", tolerance=0.02)
        plain = tmod.compactness(_with_labels(plan, kmeans(xy, w, k)))
        print(f"{k:3d}  {result.compactness:9.3f}  {result.max_deviation * 100:6.2f} %  "
              f"{plain:10.3f}  {result.compactness / plain:16.3f}", flush=True)


def visits_rows(n: int, k: int, tolerance: float, *, with_constrained: bool) -> list[str]:
    """Balanced on visits per cycle (訪問件数): its deviation, the workload's, compactness;
    k-means-constrained (equal customer counts) on the same data as the peer."""
    plan = datasets.clustered_plan(n, seed=7)
    xy = project_km(plan.customers[m.LAT].to_numpy(dtype=float),
                    plan.customers[m.LON].to_numpy(dtype=float))
    graph = neighbour_graph(xy)
    rows = []

    def row(method: str, seconds: float, target: m.Plan) -> None:
        dev = {b: tmod.balance_summary(tmod.territory_metrics(target, balance=b), b)
               for b in ("visits", "workload")}
        _d, _cv, comp, contig = _figures(target, graph)
        rows.append(
            f"| {n:,} | {k} | {method} | {seconds:.1f} | "
            f"{dev['visits']['max_deviation'] * 100:.2f} % | "
            f"{dev['workload']['max_deviation'] * 100:.1f} % | {comp:.2f} | "
            f"{'yes' if contig else 'NO'} |"
        )

    t = time.perf_counter()
    result = design_territories(plan, count=k, balance="visits", tolerance=tolerance)
    row(f"design (visits, tol {tolerance:.0%})", time.perf_counter() - t, result.plan)
    if with_constrained:
        t = time.perf_counter()
        lab = constrained(xy, k)
        row("k-means-constrained (equal counts)", time.perf_counter() - t, _with_labels(plan, lab))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--big", action="store_true", help="add the 100,000 × 50 case")
    parser.add_argument("--sizes", default="10000:20", help="n:k pairs, comma separated")
    parser.add_argument(
        "--rebalance", action="store_true", help="only the designs and their re-balance rows"
    )
    parser.add_argument(
        "--scan", action="store_true", help="design vs k-means over territory counts, and theory"
    )
    parser.add_argument(
        "--visits", action="store_true", help="balanced on visits per cycle at 1k/10k/100k"
    )
    args = parser.parse_args()
    if args.visits:
        print("| n | k | method | seconds | max\\|dev\\| visits | max\\|dev\\| workload | "
              "compactness km | contiguous |")
        print("|---|---|---|---|---|---|---|---|")
        for n, k, tol in ((1_000, 5, 0.02), (10_000, 20, 0.02), (100_000, 50, 0.03)):
            for line in visits_rows(n, k, tol, with_constrained=n <= 20_000):
                print(line, flush=True)
        return
    if args.scan:
        scan(10_000, [10, 15, 20, 25, 30, 40, 60])
        return
    cases = [tuple(int(x) for x in pair.split(":")) for pair in args.sizes.split(",") if pair]
    print("| n | k | method | seconds | max\\|dev\\| workload | cv | compactness km | contiguous |")
    print("|---|---|---|---|---|---|---|---|")
    for n, k in cases:
        for line in run_case(n, k, 0.02, with_constrained=n <= 20_000,
                             rebalance_only=args.rebalance):
            print(line, flush=True)
    if args.big:
        for line in run_case(100_000, 50, 0.03, with_constrained=False,
                             rebalance_only=args.rebalance):
            print(line, flush=True)


if __name__ == "__main__":
    main()
