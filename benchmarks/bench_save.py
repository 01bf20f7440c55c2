"""Does the window keep painting while it saves, autosaves or opens a big plan?

The window's own work, as its actions run it, with its progress dialog, offscreen: Save
(``file_actions._save_making_room`` in a worker thread, as File → Save), the autosave
(``store.save_recovery`` in a worker thread, as the autosave timer) and File → Open
(``file_actions._load_for_map``: the file read and the map's data made, in a worker thread).
A 10 ms ``QTimer`` on the GUI thread records the gaps between its ticks; ``freeze`` is the
longest, ``total`` the time until the work's result is back on the GUI thread.

``before`` = every plan file written and read in the worker thread (GDAL holds Python's GIL
while it writes or reads a layer); ``after`` = in a child process
(:mod:`planner._store_child`) from 20,000 customers (the autosave from 5,000, Open from an
8 MB file). Both run in the same process, interleaved, by moving the
child's threshold. The plan: ``synthetic_plan`` with ten original spreadsheet columns
(``bench_store.imported_like``) and a four-week calendar of about two visits per customer.

    python benchmarks/bench_save.py [--sizes 1000 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "benchmarks"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from planner import _store_child, store  # noqa: E402
from planner import model as m  # noqa: E402

TICK_MS = 10


def with_calendar(plan: m.Plan, seed: int = 3) -> m.Plan:
    """``plan`` with a made-up four-week calendar: 1–4 visits per assigned customer."""
    rng = np.random.default_rng(seed)
    c = plan.customers
    visits = rng.integers(1, 5, len(c))
    rows = np.repeat(np.arange(len(c)), visits)
    n = len(rows)
    day = np.array(["mon", "tue", "wed", "thu", "fri"], dtype=object)[rng.integers(0, 5, n)]
    minutes = rng.integers(9 * 60, 17 * 60, n)
    hhmm = np.array([f"{v // 60:02d}:{v % 60:02d}" for v in minutes], dtype=object)
    schedule = pd.DataFrame({
        "territory": c[m.TERRITORY].to_numpy(dtype=object)[rows],
        "customer_id": c[m.CUSTOMER_ID].to_numpy(dtype=object)[rows],
        "week": rng.integers(1, 5, n).astype(np.int64),
        "day": day,
        "seq": rng.integers(1, 15, n).astype(np.int64),
        "arrival": hhmm,
        "departure": hhmm,
        "travel_km": rng.random(n) * 10,
        "travel_minutes": rng.random(n) * 20,
    })
    schedule = schedule[schedule["territory"] != ""].reset_index(drop=True)
    unscheduled = pd.DataFrame({"customer_id": pd.Series([], dtype=object),
                                "territory": pd.Series([], dtype=object),
                                "reason": pd.Series([], dtype=object)})
    return plan.replace(schedule=schedule, unscheduled=unscheduled,
                        meta={**plan.meta, "schedule_weeks": 4})


class Ticker:
    """Gaps between the ticks of a GUI-thread timer."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        self.timer.start()

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


def run(app: Any, ticker: Ticker, fn: Callable[[Any], Any], *, dialog: bool) -> tuple[float, float]:
    """Run ``fn(progress)`` as the window does (a worker thread, its progress dialog or none);
    (longest gap, total) in ms."""
    from planner.ui.workers import Task, run_task

    outcome: list[Any] = []
    start = time.perf_counter()
    ticker.start()
    if dialog:
        task = run_task(None, "Saving…", fn, on_done=outcome.append,
                        on_error=lambda message, _u: outcome.append(RuntimeError(message)))
    else:  # the autosave: no dialog
        task = Task(fn)
        task.finished.connect(outcome.append)
        task.failed.connect(lambda message, _u: outcome.append(RuntimeError(message)))
        task.start()
    while not outcome:
        app.processEvents()
        time.sleep(0.001)
    total = time.perf_counter() - start
    gap = ticker.stop()
    task.wait()
    if isinstance(outcome[0], Exception):
        raise outcome[0]
    return gap * 1000, total * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    from bench_store import imported_like
    from PySide6.QtWidgets import QApplication

    from planner.ui import file_actions

    app = QApplication.instance() or QApplication([])
    ticker = Ticker()
    threshold = _store_child.CHILD_FROM, _store_child.AUTOSAVE_FROM, _store_child.READ_APART_FROM
    modes = {"before": (10**12, 10**12, 10**18), "after": threshold}
    print(f"{'customers':>10} {'visits':>8} {'code':>7} | {'save freeze':>11} {'save total':>10} | "
          f"{'autosave freeze':>15} {'autosave total':>14} | {'open freeze':>11} "
          f"{'open total':>10}  (ms, median of {args.repeat})")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["PLANNER_DATA_DIR"] = str(folder / "data")
        for n in args.sizes:
            plan = with_calendar(imported_like(n))
            path = folder / f"plan{n}.gpkg"
            store.save_plan(plan, path)
            results: dict[str, list[tuple[float, ...]]] = {mode: [] for mode in modes}
            for _ in range(args.repeat):
                for mode, limits in modes.items():  # interleaved
                    (_store_child.CHILD_FROM, _store_child.AUTOSAVE_FROM,
                     _store_child.READ_APART_FROM) = limits
                    save = run(app, ticker, lambda p, plan=plan, path=path:
                               file_actions._save_making_room(plan, str(path), list, p),
                               dialog=True)
                    auto = run(app, ticker, lambda _p, plan=plan, path=path:
                               store.save_recovery(plan, path, 1, in_child=True), dialog=False)
                    opened = run(app, ticker, lambda p, path=path:
                                 file_actions._load_for_map(str(path), p), dialog=True)
                    results[mode].append((*save, *auto, *opened))
            (_store_child.CHILD_FROM, _store_child.AUTOSAVE_FROM,
             _store_child.READ_APART_FROM) = threshold
            visits = 0 if plan.schedule is None else len(plan.schedule)
            for mode, rows in results.items():
                med = [statistics.median(col) for col in zip(*rows, strict=True)]
                print(f"{n:>10,} {visits:>8,} {mode:>7} | {med[0]:>11,.0f} {med[1]:>10,.0f} | "
                      f"{med[2]:>15,.0f} {med[3]:>14,.0f} | {med[4]:>11,.0f} {med[5]:>10,.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
