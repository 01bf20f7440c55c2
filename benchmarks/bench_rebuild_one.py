"""Rebuilding one rep's calendar mid-cycle: every rep built and one kept, or that rep alone.

Run: ``python benchmarks/bench_rebuild_one.py [--sizes 1000:5,10000:20] [--sample]``.
Each size is a plan of synthetic customers with route-sales visit lengths, territories
designed on workload (``bench_schedule.realistic_plan``), a dated four-week calendar from
Monday 2026-12-07 with the company's days off on 12/30–12/31 (the 1/1 holiday is in it
too). The first rep is then off sick on 12/16 and the calendar is built again from that day
keeping the days, for that rep only — the Schedule dialog's 「この担当者だけ / この日から」:

* ``whole then take``: the way before: :func:`build_schedule` for every rep, then the
  chosen rep's days taken (``splice``), the others' calendars thrown away;
* ``this rep only``: :func:`rebuild_from` as it is now: that rep's calendar alone.

Both run in the same process on the same plan, with the default workers (the cores: the
window's build); the script checks that the results are the same cell for cell (calendar,
unscheduled list — its rows, as the order of a rep's left-out customers differs between the
whole build's worker processes and one process —, every meta key but the two now reckoned
from the resulting calendar, the report's lines) and prints those two both ways (customers
kept on their days, reps in the record of the reps the told customers knew). ``--sample`` runs the README's chain
(import → frequency → design → schedule) on ``resources/sample`` and rebuilds 伊藤 alone.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_schedule import realistic_plan  # noqa: E402

from planner import model as m  # noqa: E402
from planner._calendar_reps import PREVIOUS_KEY  # noqa: E402
from planner._schedule_from import (  # noqa: E402
    check_partial,
    chosen_territories,
    from_report,
    rebuild_from,
    splice,
)
from planner._schedule_rep_part import KEPT_BY_KEY  # noqa: E402
from planner.edits import UpdateTerritory, apply_edit  # noqa: E402
from planner.schedule import build_schedule  # noqa: E402

SINCE = dt.date(2026, 12, 16)
#: Reckoned from the resulting calendar now, from the calendar of every rep built before:
#: the customers kept on their days, and the record of the reps the told customers knew.
APART = ("schedule_kept", PREVIOUS_KEY)


def whole_then_take(plan: m.Plan, only: list[str]) -> m.Plan:
    """The way before: every rep's calendar built keeping the days, the chosen ones taken."""
    ids = check_partial(plan, SINCE, only)
    return splice(plan, build_schedule(plan, keep_days=True), since=SINCE, territories=ids)


def same(a: m.Plan, b: m.Plan, only: list[str]) -> bool:
    """Whether two rebuilds give the same plan (all but the two meta keys now reckoned from
    the resulting calendar, :data:`APART`, and the customers kept per rep but those of the
    reps ``only``, :data:`KEPT_BY_KEY`)."""
    def rows(frame: pd.DataFrame) -> pd.DataFrame:
        # the order of a rep's left-out customers differs between the whole build's worker
        # processes and a build in one process (the whole build with workers=1 gives the
        # order the rep alone gives)
        return frame.sort_values(list(frame.columns)).reset_index(drop=True)

    try:
        pd.testing.assert_frame_equal(a.schedule, b.schedule)
        pd.testing.assert_frame_equal(rows(a.unscheduled), rows(b.unscheduled))
    except AssertionError:
        return False
    meta_a, meta_b = ({k: v for k, v in p.meta.items() if k not in APART} for p in (a, b))
    for meta in (meta_a, meta_b):
        # per rep, the customers kept on their days: the whole build's count of a rep left
        # out came from the calendar it made anew and threw away (as ``schedule_kept``)
        if isinstance(meta.get(KEPT_BY_KEY), dict):
            meta[KEPT_BY_KEY] = {t: n for t, n in meta[KEPT_BY_KEY].items() if t in only}
    return meta_a == meta_b and from_report(a) == from_report(b) and a.settings == b.settings


def timed(fn: Callable[[], m.Plan]) -> tuple[m.Plan, float]:
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def sick(plan: m.Plan, territory: str) -> m.Plan:
    """``territory``'s rep off on 12/16, by the edit the window's calendar uses."""
    days = tuple(sorted(set(plan.territory(territory).days_off) | {SINCE.isoformat()}))
    return apply_edit(plan, UpdateTerritory.of(territory, days_off=days))[0]


def measure(label: str, plan: m.Plan, only: list[str], first: float) -> str:
    old, t_old = timed(lambda: whole_then_take(plan, only))
    new, t_new = timed(lambda: rebuild_from(plan, since=SINCE, only=only))
    kept = f"{old.meta.get('schedule_kept', 0)}/{new.meta.get('schedule_kept', 0)}"
    reps = f"{len(old.meta.get(PREVIOUS_KEY) or {})}/{len(new.meta.get(PREVIOUS_KEY) or {})}"
    return (f"{label:<22} {first:>9.1f} {t_old:>15.1f} {t_new:>13.1f} {t_old / t_new:>7.1f}x "
            f"{'yes' if same(old, new, only) else 'NO':>9} {kept:>11} {reps:>10}")


def synthetic_case(n: int, k: int) -> str:
    label, plan, only, first = synthetic_plan_off(n, k)
    return measure(label, plan, only, first)


def synthetic_plan_off(n: int, k: int) -> tuple[str, m.Plan, list[str], float]:
    """(label, the plan with its first rep off on 12/16, [that territory], first build s)."""
    plan, _design = realistic_plan(n, k)
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07",
                                   company_days_off=("2026-12-30", "2026-12-31"))
    built, first = timed(lambda: build_schedule(plan.replace(settings=settings)))
    t01 = built.territory_ids[0]
    return f"{n:,} / {k} reps", sick(built, t01), [t01], first


def sample_case() -> str:
    """The README's chain on the sample list, then 伊藤 off on 12/16 and rebuilt alone."""
    return measure(*sample_plan_off())


def sample_plan_off() -> tuple[str, m.Plan, list[str], float]:
    """(label, the README plan with 伊藤 off on 12/16, [伊藤's territory], first build s)."""
    from planner.store import load_plan

    sample = ROOT / "resources" / "sample"
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "plan.gpkg")
        steps = [
            ["import", str(sample / "sample_customers.xlsx"), "-o", path,
             "--report", str(Path(tmp) / "report.json")],
            ["frequency", path, "--rule", "A=4", "--rule", "B=2", "--rule", "C=1"],
            ["design", path, "--territories", "8", "--homes", str(sample / "homes.csv")],
        ]
        for step in steps:
            subprocess.run([sys.executable, "-m", "planner", *step], check=True, cwd=ROOT,
                           capture_output=True)
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "planner", "schedule", path, "--quiet",
                        "--start", "2026-12-07", "--company-days-off",
                        "2026-12-30,2026-12-31"], check=True, cwd=ROOT, capture_output=True)
        first = time.perf_counter() - t
        plan = load_plan(path)
    ito = chosen_territories(plan, ["伊藤"])[0]
    n = len(plan.customers)
    return f"README {n:,} / {len(plan.territories)} (伊藤)", sick(plan, ito), [ito], first


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000:5,10000:20",
                        help="customers:reps, comma-separated (default 1000:5,10000:20)")
    parser.add_argument("--sample", action="store_true", help="also the README's sample plan")
    args = parser.parse_args()
    print(dt.date.today().isoformat(), "(old = whole then take, new = this rep only)")
    print(f"{'plan':<22} {'first build s':>9} {'whole then take s':>15} "
          f"{'this rep only s':>13} {'speed':>8} {'identical':>9} {'kept old/new':>11} "
          f"{'reps known':>10}",
          flush=True)
    if args.sample:
        print(sample_case(), flush=True)
    for size in filter(None, args.sizes.split(",")):
        n, k = (int(v) for v in size.split(":"))
        print(synthetic_case(n, k), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
