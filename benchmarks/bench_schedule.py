"""Call-cycle calendar: speed, completeness, day lengths and travel against a naive baseline.

Run: ``python benchmarks/bench_schedule.py [--large]``. For each case prints the
build time, visits, unscheduled customers, the capacity check (visit hours alone
vs. working hours, per territory), the longest and the spread of day lengths,
and the travel of our calendar vs. the naive baseline (weekday by angle around
the home base, weeks in list order, routed the same way) in the same run.
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


def run_case(n: int, territories: int, *, naive: bool = True, verbose: bool = False) -> None:
    plan = synthetic_plan(n, territories=territories)
    last = [-1]

    def progress(fraction: float, message: str) -> None:
        if verbose and int(fraction * 10) != last[0]:
            last[0] = int(fraction * 10)
            print(f"    {fraction * 100:3.0f}% {message}", file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    ours = build_schedule(plan, progress=progress)
    secs = time.perf_counter() - t0
    weeks = int(ours.meta["schedule_weeks"])
    days = len(ours.meta["schedule_days"])
    capacity = weeks * days * float(ours.meta["schedule_day_hours"])
    need = _visit_hours(plan, weeks)
    over = sum(1 for v in need.values() if v > capacity)
    s = ours.schedule
    day_h = s.groupby(["territory", "week", "day"])["day_hours"].first()
    print(f"\n{n} customers, {territories} reps, horizon {weeks} weeks")
    print(f"  built in {secs:.1f} s; {len(s)} visits; {len(ours.unscheduled)} customers unscheduled")
    print(f"  territories whose visit hours alone exceed the {capacity:.0f} working hours: {over}")
    lost_ok = ours.unscheduled[
        ours.unscheduled["territory"].map(lambda t: need.get(t, 0.0) <= 0.8 * capacity)
    ]
    print(f"  unscheduled in territories with >= 20 % spare capacity: {len(lost_ok)}")
    within = day_h.groupby(level=0).std().mean()
    print(f"  longest day {day_h.max():.2f} h (limit {ours.meta['schedule_day_hours']:g}); "
          f"day length mean {day_h.mean():.2f} h, std within a territory {within:.2f} h")
    km = _km(ours)
    print(f"  travel {km:.0f} km, {km / max(1, len(s)):.2f} km per visit")
    if naive:
        t0 = time.perf_counter()
        base = build_schedule(plan, strategy="naive")
        bsecs = time.perf_counter() - t0
        bkm = _km(base)
        bday = base.schedule.groupby(["territory", "week", "day"])["day_hours"].first()
        print(f"  naive baseline ({bsecs:.1f} s): travel {bkm:.0f} km, "
              f"{bkm / max(1, len(base.schedule)):.2f} km per visit, longest day {bday.max():.2f} h, "
              f"{int((bday > ours.meta['schedule_day_hours']).sum())} days over the limit")
        _compare(km, len(s), bkm, len(base.schedule), "naive")
        fixed = build_schedule(plan, strategy="naive-repaired")
        fkm = _km(fixed)
        fday = fixed.schedule.groupby(["territory", "week", "day"])["day_hours"].first()
        print(f"  naive + the same day-limit repair: travel {fkm:.0f} km, "
              f"{len(fixed.unscheduled)} unscheduled, "
              f"std within a territory {fday.groupby(level=0).std().mean():.2f} h")
        _compare(km, len(s), fkm, len(fixed.schedule), "naive + repair")


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
    args = parser.parse_args()
    np.set_printoptions(precision=2)
    run_case(2000, 10)
    run_case(2000, 25)
    if args.large:
        run_case(20_000, 60, naive=False, verbose=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
