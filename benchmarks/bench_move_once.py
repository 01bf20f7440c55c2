"""One visit moved to another day for that day only (``MoveVisitsOnce``, the core alone), at
10k/100k customers: the plan of ``bench_visit_move`` (``synthetic_plan`` +
``bench_morning.with_calendar``) dated from 2026-12-07; a rep's first movable stop of week 1
Monday moved to Wednesday, the edit and its undo timed (medians of ``--repeat``). The move
routes the two days again (``ROUTE_SECONDS`` each) and holds the target day to the move
picker's estimate (:func:`planner.move_hours.no_longer_than_inserted`).

    python benchmarks/bench_move_once.py [--sizes 10000:20,100000:50] [--repeat 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT, ROOT / "benchmarks"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

from bench_morning import with_calendar  # noqa: E402

from planner._calendar_once import MoveVisitsOnce  # noqa: E402
from planner.edits import apply_edit  # noqa: E402
from planner.errors import PlannerError  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402


def bench(n: int, k: int, repeat: int) -> tuple[float, float]:
    plan = with_calendar(synthetic_plan(n, territories=k, seed=1))
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    s = plan.schedule
    assert s is not None
    tid = sorted(set(s["territory"].astype(str)))[3]
    mine = s[(s["territory"] == tid) & (s["week"] == 1) & (s["day"] == "mon")]
    for cid in mine.sort_values("seq")["customer_id"].astype(str):
        edit = MoveVisitsOnce((cid,), (1, "mon"), (1, "wed"))
        try:
            apply_edit(plan, edit)
            break
        except PlannerError:
            continue
    moves, undos = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        new, inverse, _ = apply_edit(plan, edit)
        moves.append(time.perf_counter() - t)
        t = time.perf_counter()
        apply_edit(new, inverse)
        undos.append(time.perf_counter() - t)
    return statistics.median(moves), statistics.median(undos)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000:20,100000:50")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print("| customers | one-day move, edit (ms) | its undo (ms) |")
    print("|---|---|---|")
    for item in args.sizes.split(","):
        n, k = (int(x) for x in item.split(":"))
        move, undo = bench(n, k, args.repeat)
        print(f"| {n:,} | {move * 1000:,.0f} | {undo * 1000:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
