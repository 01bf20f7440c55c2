"""How long the move picker (「別の日に移動（この日だけ）…」) keeps the GUI thread before it
opens: before 2026-12-03 the whole of :func:`planner.move_choices.once_choices` (the days
and the 移動後 estimate) ran there under a wait cursor; now only
:func:`planner.move_choices.day_choices` does, the estimate (:func:`with_after`) following
in a worker. The plan of ``bench_move_once`` (``synthetic_plan`` + ``bench_morning
.with_calendar``, dated from 2026-12-07) with visiting hours for one customer in four; a
rep's first stop of week 1 Monday with visiting hours is the visit moved (medians of
``--repeat``).

    python benchmarks/bench_move_picker.py [--sizes 10000:20,100000:50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT, ROOT / "benchmarks"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from bench_morning import with_calendar  # noqa: E402

from planner import model as m  # noqa: E402
from planner.move_choices import day_choices, once_choices, with_after  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402


def median_of(repeat: int, fn):  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), out


def bench(n: int, k: int, repeat: int) -> tuple[float, float, float, int]:
    plan = synthetic_plan(n, territories=k, seed=1)
    c = plan.customers.copy()
    c[m.VISIT_TIME] = np.resize(np.array(["10:00-11:00", "", "", "14:00-16:00"]), len(c))
    plan = with_calendar(plan.replace(customers=c))
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    s = plan.schedule
    assert s is not None
    tid = sorted(set(s["territory"].astype(str)))[3]
    hours = c.set_index(m.CUSTOMER_ID)[m.VISIT_TIME]
    mine = s[(s["territory"] == tid) & (s["week"] == 1) & (s["day"] == "mon")]
    cid = next(str(v) for v in mine.sort_values("seq")["customer_id"] if hours[v])
    before, full = median_of(repeat, lambda: once_choices(plan, tid, [cid], (1, "mon")))
    now, days = median_of(repeat, lambda: day_choices(plan, tid, [cid], (1, "mon")))
    worker, after = median_of(repeat, lambda: with_after(plan, tid, [cid], days))
    assert [x.after for x in after] == [x.after for x in full]  # the same figures
    return before, now, worker, sum(x.choosable for x in days)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000:20,100000:50")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'customers':>9} {'reps':>4} {'days':>4} {'GUI before s':>12} "
          f"{'GUI now s':>9} {'worker s':>8}")
    for size in args.sizes.split(","):
        n, k = (int(v) for v in size.split(":"))
        before, now, worker, days = bench(n, k, args.repeat)
        print(f"{n:>9,} {k:>4} {days:>4} {before:>12.3f} {now:>9.3f} {worker:>8.3f}")


if __name__ == "__main__":
    main()
