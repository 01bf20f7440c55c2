"""Call-cycle calendar: speed, completeness, day lengths and travel against a naive baseline.

Run: ``python benchmarks/bench_schedule.py [--large] [--workers N]``. Each case starts from
``planner.synthetic`` customers with visits of route-sales length (the synthetic
service minutes halved: A ≈ 24, B ≈ 17, C ≈ 12 min), then designs the territories
as a manager would before building a calendar (``design_territories(count=k,
balance="workload", seeds="homes")``), so that the reps' working hours can hold the
visits. It prints the capacity check (visit hours alone vs. working hours, per
territory), then for our calendar, for the travel-only search (``zones-travel``: no
evening out of day lengths) and for the naive baseline on the SAME
territories (weekday by equal-count angle sector around the home base, weeks in
list order, each day routed the same way, days not repaired) the travel, km per
visit, longest day, days over the limit, unscheduled customers and seconds, and per
territory the std and max−min of day hours and the km.
``--large`` adds 20,000 customers / 60 reps (minutes on a busy machine).
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
from planner.schedule import build_schedule  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402


def _km(plan: m.Plan) -> float:
    s = plan.schedule
    return float(s["travel_km"].sum() + s["return_km"].sum())


def _visit_hours(plan: m.Plan, weeks: int) -> dict[str, float]:
    """Service hours alone per territory over ``weeks`` (a lower bound on the work)."""
    c = plan.customers
    hours = c[m.SERVICE_MINUTES] * c[m.FREQUENCY] * weeks / 4 / 60
    return hours.groupby(c[m.TERRITORY]).sum().to_dict()


def realistic_plan(n: int, territories: int) -> tuple[m.Plan, float]:
    """Synthetic customers with route-sales visit lengths, territories designed on workload."""
    plan = synthetic_plan(n, territories=territories)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.5
    t0 = time.perf_counter()
    designed = design_territories(
        plan.replace(customers=c), count=territories, balance="workload", seeds="homes"
    )
    return designed.plan, time.perf_counter() - t0


def _row(name: str, plan: m.Plan, secs: float, limit: float) -> str:
    s = plan.schedule
    km = _km(plan)
    day_h = s.groupby(["territory", "week", "day"])["day_hours"].first()
    within = day_h.groupby(level=0).std().mean()
    return (
        f"  {name:<7} {len(s):>7} {km:>9.0f} {km / max(1, len(s)):>7.2f} {day_h.max():>7.2f} "
        f"{int((day_h > limit + 1e-9).sum()):>5} {within:>6.2f} {len(plan.unscheduled):>7} "
        f"{secs:>7.1f}"
    )


def run_case(n: int, territories: int, *, naive: bool = True, verbose: bool = False,
             workers: int | None = None) -> None:
    plan, design_secs = realistic_plan(n, territories)
    last = [-1]

    def progress(fraction: float, message: str) -> None:
        if verbose and int(fraction * 10) != last[0]:
            last[0] = int(fraction * 10)
            print(f"    {fraction * 100:3.0f}% {message}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    ours = build_schedule(plan, progress=progress, workers=workers)
    secs = time.perf_counter() - t0
    weeks = int(ours.meta["schedule_weeks"])
    days = len(ours.meta["schedule_days"])
    limit = float(ours.meta["schedule_day_hours"])
    capacity = weeks * days * limit
    need = _visit_hours(plan, weeks)
    over = sum(1 for v in need.values() if v > capacity)
    print(f"\n{n} customers, {territories} reps (designed on workload in {design_secs:.1f} s), "
          f"cycle {plan.settings.cycle_weeks} weeks, horizon {weeks} weeks, {limit:g} h days")
    print(f"  visit hours alone per territory: {min(need.values()):.0f}–{max(need.values()):.0f} "
          f"of {capacity:.0f} working hours; territories over capacity: {over}")
    print("  method   visits  travel km  km/visit  max day  >limit  std h  unsched  seconds")
    print(_row("ours", ours, secs, limit))
    if naive:
        t0 = time.perf_counter()
        travel = build_schedule(plan, strategy="zones-travel", workers=workers)
        tsecs = time.perf_counter() - t0
        print(_row("travel", travel, tsecs, limit))
        t0 = time.perf_counter()
        base = build_schedule(plan, strategy="naive", workers=workers)
        bsecs = time.perf_counter() - t0
        print(_row("naive", base, bsecs, limit))
        _compare(_km(ours), len(ours.schedule), _km(base), len(base.schedule), "naive")
        _compare(_km(travel), len(travel.schedule), _km(base), len(base.schedule),
                 "naive (travel only, before evening out)")
        _per_territory({"ours": ours, "travel": travel, "naive": base})


def _per_territory(plans: dict[str, m.Plan]) -> None:
    """Std and max−min of day hours per territory, and km, for each calendar."""
    print("  day hours per territory: std / max-min (h), km")
    print("  territory " + "".join(f"{name:>24}" for name in plans))
    stats = {}
    for name, plan in plans.items():
        s = plan.schedule
        day_h = s.groupby(["territory", "week", "day"])["day_hours"].first()
        by = day_h.groupby(level=0)
        km = (s["travel_km"] + s["return_km"]).groupby(s["territory"]).sum()
        stats[name] = (by.std(), by.max() - by.min(), km)
    for t in stats[next(iter(plans))][0].index:
        cells = "".join(
            f"{st[0][t]:>9.2f} /{st[1][t]:>5.2f} {st[2][t]:>7.0f}" for st in stats.values()
        )
        print(f"  {t:<9} {cells}")
    cells = "".join(
        f"{st[0].mean():>9.2f} /{st[1].mean():>5.2f} {st[2].sum():>7.0f}" for st in stats.values()
    )
    print(f"  {'mean/sum':<9} {cells}")


def _compare(km: float, visits: int, base_km: float, base_visits: int, name: str) -> None:
    if visits == base_visits:
        print(f"  travel vs {name}: {100 * (km / base_km - 1):+.1f} % (same visits)")
    else:
        per = (km / visits) / (base_km / base_visits)
        print(f"  travel per visit vs {name}: {100 * (per - 1):+.1f} % "
              f"({visits} vs {base_visits} visits scheduled)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", action="store_true", help="add 20,000 customers / 60 reps")
    parser.add_argument("--workers", type=int, default=None,
                        help="processes building the territories (default: the cores)")
    args = parser.parse_args()
    np.set_printoptions(precision=2)
    run_case(2000, 10, workers=args.workers)
    if args.large:
        run_case(20_000, 60, naive=False, verbose=True, workers=args.workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
