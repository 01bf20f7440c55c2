"""What the design's progress says and when: every progress call of one auto-design, its gaps.

A ``planner.synthetic`` plan (reps' homes; the dialog's default ``seeds="homes"``) designed
into its territories, once called in this thread (as the dialog's worker thread calls it) and
once through :class:`planner.ui.process_task.ProcessTask` (the spawned child, what the window
hears after the child's 50 ms throttle). Prints each new text with its time and fraction, the
longest gaps between two calls, and for the preparation (before "Finding each customer's
neighbours…") the calls with a fraction in (0, 1) and its longest gap.

    python benchmarks/bench_design_progress.py [--size 100000:50] [--routes thread process]
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

FIRST_STEP = "Finding each customer's neighbours…"


def in_thread(plan, count: int) -> tuple[list[tuple[float, float, str]], float]:  # type: ignore[no-untyped-def]
    from planner.design import design_territories

    calls: list[tuple[float, float, str]] = []
    t0 = time.perf_counter()
    design_territories(plan, count=count, seeds="homes",
                       progress=lambda f, msg: calls.append((time.perf_counter() - t0, f, msg)))
    return calls, time.perf_counter() - t0


def in_process(plan, count: int) -> tuple[list[tuple[float, float, str]], float]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from planner._design_transfer import design_light
    from planner.ui.process_task import ProcessTask

    _app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    calls: list[tuple[float, float, str]] = []
    task = ProcessTask(functools.partial(design_light, plan, count=count, seeds="homes"))
    loop = QEventLoop()
    t0 = time.perf_counter()
    task.progressed.connect(lambda f, msg: calls.append((time.perf_counter() - t0, f, msg)))
    task.finished.connect(lambda *_args: loop.quit())
    task.failed.connect(lambda *args: (print(args), loop.quit()))
    task.start()
    loop.exec()
    return calls, time.perf_counter() - t0


def summary(calls: list[tuple[float, float, str]], end: float) -> None:
    last = None
    for t, f, msg in calls:
        if msg != last:
            print(f"  {t:7.3f} s  {f:5.3f}  {msg}")
            last = msg
    times = [c[0] for c in calls] + [end]
    gaps = sorted(((b - a, i) for i, (a, b) in enumerate(zip(times, times[1:], strict=False))),
                  reverse=True)
    print(f"  {len(calls)} calls in {end:.1f} s; longest gaps: " + ", ".join(
        f"{g * 1e3:.0f} ms after {calls[i][2]!r} (at {calls[i][0]:.1f} s)" for g, i in gaps[:3]))
    start = next(i for i, c in enumerate(calls) if c[2] == "Preparing the design…")
    first = next(i for i, c in enumerate(calls) if c[2] == FIRST_STEP)
    prep = calls[start:first + 1]
    longest = max((b[0] - a[0], a[0]) for a, b in zip(prep, prep[1:], strict=False))
    moving = sum(0.0 < c[1] < 1.0 for c in prep[:-1])
    print(f"  preparation {prep[0][0]:.2f}–{prep[-1][0]:.2f} s: {len(prep) - 1} calls, {moving} "
          f"with a fraction in (0, 1), longest gap {longest[0] * 1e3:.0f} ms (at {longest[1]:.2f} s)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="100000:50", help="customers:territories")
    parser.add_argument("--routes", nargs="+", choices=["thread", "process"],
                        default=["thread", "process"])
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from planner.synthetic import synthetic_plan

    n, k = (int(x) for x in args.size.split(":"))
    plan = synthetic_plan(n, territories=k)
    for route in args.routes:
        print(f"{n:,} customers into {k}, {route}:", flush=True)
        summary(*(in_thread if route == "thread" else in_process)(plan, k))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
