"""Placing the visits a mid-cycle rebuild of one rep lost: every day tried routed, or only
the days whose lower bound leaves room.

Run: ``python benchmarks/bench_place_later.py [--sizes 1000:5,10000:20] [--sample]``.
The plans of ``bench_rebuild_one.py`` (a dated four-week calendar from 2026-12-07, company
days off 12/30–12/31, the first rep — on the README plan 伊藤 — off on 12/16), rebuilt from
12/16 for that rep only (:func:`planner._schedule_from.rebuild_from`), twice in the same
process:

* ``before``: every later day tried for a lost visit is routed again (``Placer._try`` as it
  was: the day's route searched, timed with visiting hours, then compared with the rep's
  hours);
* ``now``: a day whose visits and shortest possible round trip (the Held–Karp bound) pass the
  rep's hours is turned away without routing (``Placer._too_long``).

Printed per plan: the whole rebuild's seconds and the part spent placing the lost visits
(``_replace_lost``), both ways; the days tried, and how many the bound turned away; whether
the two results are the same cell for cell (calendar, unscheduled rows, meta, report lines).
The routing searches stop on the clock (0.05 s a day), so two runs could in principle order
a day differently; the same-plan test (tests/core/test_place_later_same.py) holds the
placing equal with the searches run to their end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_rebuild_one import SINCE, sample_plan_off, synthetic_plan_off  # noqa: E402

from planner import _schedule_from as sf  # noqa: E402
from planner import _schedule_place_later as pl  # noqa: E402
from planner import model as m  # noqa: E402
from planner._schedule_from import from_report, rebuild_from  # noqa: E402


def run(plan: m.Plan, only: list[str], *, bound: bool) -> tuple[m.Plan, float, float, int, int]:
    """(result, whole s, placing s, days tried, days the bound turned away)."""
    placing: list[float] = []
    tried: list[bool] = []
    replace_lost, too_long, try_ = sf._replace_lost, pl.Placer._too_long, pl.Placer._try

    def timed_lost(*args: Any, **kwargs: Any) -> m.Plan:
        t = time.perf_counter()
        out = replace_lost(*args, **kwargs)
        placing.append(time.perf_counter() - t)
        return out

    def counted_try(self: pl.Placer, *args: Any, **kwargs: Any) -> bool:
        tried.append(True)
        return try_(self, *args, **kwargs)

    turned: list[bool] = []

    def noted(self: pl.Placer, *args: Any) -> bool:
        answer = too_long(self, *args) if bound else False
        turned.append(answer)
        return answer

    sf._replace_lost, pl.Placer._too_long, pl.Placer._try = (  # type: ignore[method-assign]
        timed_lost, noted, counted_try)
    try:
        t = time.perf_counter()
        out = rebuild_from(plan, since=SINCE, only=only)
        total = time.perf_counter() - t
    finally:
        sf._replace_lost, pl.Placer._too_long, pl.Placer._try = (  # type: ignore[method-assign]
            replace_lost, too_long, try_)
    return out, total, sum(placing), len(tried), sum(turned)


def same(a: m.Plan, b: m.Plan) -> bool:
    import pandas as pd

    try:
        pd.testing.assert_frame_equal(a.schedule, b.schedule)
        pd.testing.assert_frame_equal(a.unscheduled, b.unscheduled)
    except AssertionError:
        return False
    return a.meta == b.meta and from_report(a) == from_report(b)


def measure(label: str, plan: m.Plan, only: list[str], _first: float) -> str:
    # now first: anything warmed up by the first run (imports, caches) helps before
    new, t_new, p_new, tries_new, turned = run(plan, only, bound=True)
    old, t_old, p_old, _tries, _ = run(plan, only, bound=False)
    return (f"{label:<22} {t_old:>8.1f} {t_new:>6.1f} {p_old:>12.2f} {p_new:>9.2f} "
            f"{p_old / p_new:>7.1f}x {tries_new:>5} {turned:>6} {'yes' if same(old, new) else 'NO':>9}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000:5,10000:20",
                        help="customers:reps, comma-separated (default 1000:5,10000:20)")
    parser.add_argument("--sample", action="store_true", help="also the README's sample plan")
    args = parser.parse_args()
    print(dt.date.today().isoformat(), "(rebuild from 12/16 of one rep; seconds)")
    print(f"{'plan':<22} {'before':>8} {'now':>6} {'placing before':>12} {'placing now':>9} "
          f"{'placing':>8} {'tried':>5} {'turned':>6} {'identical':>9}", flush=True)
    if args.sample:
        print(measure(*sample_plan_off()), flush=True)
    for size in filter(None, args.sizes.split(",")):
        n, k = (int(v) for v in size.split(":"))
        print(measure(*synthetic_plan_off(n, k)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
