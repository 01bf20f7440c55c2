"""Rebuilding a calendar after a month of changes: who keeps their day, at what cost.

Run: ``python benchmarks/bench_rebuild.py [--large]``. The 2,000 customers / 10 reps of
``bench_schedule.py`` (route-sales visit lengths, territories designed on workload) get a
calendar; then a month of changes: 5 % of the customers leave, 5 % new ones arrive (each
in the territory of its nearest customer), 2 % change frequency (weekly ↔ every two weeks).
The calendar is then rebuilt twice on the same changed plan: from scratch (the baseline)
and with ``keep_days=True``. For the customers that did not change, the table gives the
share that keep their weekday(s) and, for those seen every 2 weeks or less, their week
too; then the travel, the longest day, the day-hours spread, the unscheduled count and
the seconds. ``--large`` adds 20,000 / 60.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_schedule import _km, realistic_plan  # noqa: E402

from planner import model as m  # noqa: E402
from planner.schedule import build_schedule  # noqa: E402
from planner.synthetic import synthetic_customers, synthetic_plan  # noqa: E402


def month_of_changes(plan: m.Plan, *, seed: int = 5) -> tuple[m.Plan, set[str]]:
    """The plan after 5 % leave, 5 % arrive, 2 % change frequency; and the unchanged ids."""
    rng = np.random.default_rng(seed)
    c = plan.customers.copy()
    n = len(c)
    stay = rng.random(n) >= 0.05
    c = c[stay].reset_index(drop=True)
    freq = c[m.FREQUENCY].to_numpy(dtype=float).copy()
    change = rng.random(len(c)) < 0.02
    freq[change & (freq == 4.0)] = 2.0
    freq[change & (freq == 2.0)] = 4.0
    c[m.FREQUENCY] = freq
    unchanged = set(c.loc[~change, m.CUSTOMER_ID].astype(str))
    new = synthetic_customers(int(n * 0.05), seed=seed + 100)
    new[m.CUSTOMER_ID] = [f"N{i + 1:06d}" for i in range(len(new))]
    new[m.SERVICE_MINUTES] = new[m.SERVICE_MINUTES] * 0.5
    tree = cKDTree(np.column_stack([c[m.LAT], c[m.LON]]))
    _d, near = tree.query(np.column_stack([new[m.LAT], new[m.LON]]))
    new[m.TERRITORY] = c[m.TERRITORY].to_numpy(dtype=object)[near]
    both = m.set_points(pd.concat([c, new], ignore_index=True))
    return plan.replace(customers=both), unchanged


def _positions(plan: m.Plan) -> tuple[pd.Series, pd.Series]:
    """Per customer: its weekdays (sorted tuple) and its visit weeks (sorted tuple)."""
    s = plan.schedule
    days = s.groupby("customer_id")["day"].agg(lambda d: tuple(sorted(set(d))))
    weeks = s.groupby("customer_id")["week"].agg(lambda w: tuple(sorted(set(w))))
    return days, weeks


def _row(name: str, rebuilt: m.Plan, before: m.Plan, unchanged: set[str], secs: float) -> str:
    days0, weeks0 = _positions(before)
    days1, weeks1 = _positions(rebuilt)
    ids = sorted(unchanged & set(days0.index))
    d0, d1 = days0.reindex(ids), days1.reindex(ids)
    same_day = float((d0 == d1).mean())
    w0, w1 = weeks0.reindex(ids), weeks1.reindex(ids)
    horizon = int(before.meta["schedule_weeks"])
    periodic = w0.map(len) < horizon  # seen every 2 weeks or less often
    same_both = float(((d0 == d1) & (w0 == w1))[periodic].mean())
    s = rebuilt.schedule
    day_h = s.groupby(["territory", "week", "day"])["day_hours"].first()
    spread = day_h.groupby(level=0).std().mean()
    return (
        f"  {name:<9} {100 * same_day:>7.1f} % {100 * same_both:>9.1f} % {_km(rebuilt):>9.0f} "
        f"{day_h.max():>7.2f} {spread:>6.2f} {len(rebuilt.unscheduled):>7} {secs:>7.1f}"
    )


def run_case(n: int, territories: int) -> None:
    plan, _design = realistic_plan(n, territories)
    before = build_schedule(plan)
    changed, unchanged = month_of_changes(before)
    print(f"\n{n} customers, {territories} reps; after a month: {len(changed.customers)} "
          f"customers, {len(unchanged & set(before.schedule['customer_id']))} unchanged with a "
          f"visit; calendar before: {_km(before):.0f} km, {len(before.unscheduled)} unscheduled")
    print("  rebuild   same day  same day+week  travel km  max day  std h  unsched  seconds")
    t0 = time.perf_counter()
    fresh = build_schedule(changed)
    print(_row("fresh", fresh, before, unchanged, time.perf_counter() - t0))
    t0 = time.perf_counter()
    kept = build_schedule(changed, keep_days=True)
    print(_row("keep", kept, before, unchanged, time.perf_counter() - t0))
    print(f"  keep vs fresh travel: {100 * (_km(kept) / _km(fresh) - 1):+.1f} %; customers kept: "
          f"{kept.meta['schedule_kept']}")


def _fake_calendar(n: int) -> m.Plan:
    """``n`` synthetic customers with a plausible 8-week calendar (no routing: for timing the
    bookkeeping only): one weekday each, weeks by frequency."""
    plan = synthetic_plan(n, territories=max(2, n // 2000), seed=1)
    c = plan.customers
    rng = np.random.default_rng(0)
    freq = c[m.FREQUENCY].to_numpy(dtype=float)
    parts = []
    for period in (1, 2, 4, 8):
        pick = (4.0 / np.maximum(freq, 1e-9)).round().clip(1, 8) == period
        idx = np.flatnonzero(pick)
        for w in range(1, 9):
            on = idx[(w - 1) % period == idx % period] if period > 1 else idx
            parts.append(pd.DataFrame({"customer_id": c[m.CUSTOMER_ID].to_numpy()[on],
                                       "territory": c[m.TERRITORY].to_numpy()[on], "week": w}))
    sched = pd.concat(parts, ignore_index=True)
    day = dict(zip(c[m.CUSTOMER_ID], rng.choice(list(m.WEEKDAYS[:5]), size=len(c)), strict=True))
    sched["day"] = sched["customer_id"].map(day)
    sched["seq"] = 1
    return plan.replace(schedule=sched)


def positions_table() -> None:
    """Seconds to read the kept positions and to list the changes, 1k / 10k / 100k customers."""
    from planner._schedule_keep import kept_positions
    from planner._schedule_told import changed_days

    print("\n  customers   visits  kept_positions s  changed_days s")
    for n in (1_000, 10_000, 100_000):
        plan = _fake_calendar(n)
        day_sets = {t.id: plan.settings.working_days for t in plan.territories}
        freq = plan.customers[m.FREQUENCY].to_numpy(dtype=float)
        t0 = time.perf_counter()
        kept_positions(plan, freq=freq, day_sets=day_sets)
        kept_s = time.perf_counter() - t0
        moved = plan.schedule.copy()
        moved.loc[moved.index % 7 == 0, "day"] = "fri"
        t0 = time.perf_counter()
        changed_days(plan.schedule, moved)
        print(f"  {n:>9,} {len(moved):>8,} {kept_s:>17.2f} {time.perf_counter() - t0:>15.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--large", action="store_true", help="add 20,000 customers / 60 reps")
    parser.add_argument(
        "--positions", action="store_true",
        help="only time reading kept positions and listing changes at 1k/10k/100k",
    )
    args = parser.parse_args()
    if args.positions:
        positions_table()
        return
    run_case(2000, 10)
    if args.large:
        run_case(20_000, 60)


if __name__ == "__main__":
    main()
