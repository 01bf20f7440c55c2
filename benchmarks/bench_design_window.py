"""The window's longest freeze while the design dialog runs an auto-design: thread vs process.

A 50 ms ``QTimer`` ticks on the GUI thread while ``DesignDialog.run()`` designs the plan,
once in a worker thread and once in a process of its own (``planner.ui.process_task``); the
row gives the design's wall time (until the dialog shows the result), the ticks seen and the
largest gap between two ticks (the longest the window could not repaint or answer) with the
second of the run it began at; ``result shown`` is the dialog's own work on the result (its
figures and before/after table, on the GUI thread whatever the route). Cases are ``customers:territories`` of a
``planner.synthetic`` plan (30 territories to start from), or ``sample:8`` for the bundled
sample plan (1,500 customers).

    python benchmarks/bench_design_window.py [--cases sample:8 100000:100 100000:300]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")


def measure(plan, count: int, in_process: bool) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Run the dialog's design once; wall seconds, ticks and the largest gap between ticks."""
    from PySide6.QtCore import QEventLoop, QTimer

    from planner.ui.design_dialog import DesignDialog
    from planner.ui.document import PlanDocument

    dialog = DesignDialog(PlanDocument(plan))
    dialog.count.setValue(count)
    dialog.in_process = in_process
    shown = {"seconds": 0.0}
    on_done = dialog._on_done

    def timed_on_done(result: object) -> None:  # the dialog's own work on the result
        t = time.perf_counter()
        on_done(result)
        shown["seconds"] = time.perf_counter() - t

    dialog._on_done = timed_on_done  # type: ignore[method-assign]
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    outcome = {"ok": False}

    def done(*_args: object) -> None:
        outcome["ok"] = True
        loop.quit()

    dialog.designed.connect(done)
    dialog.runFailed.connect(lambda message: (print(message), loop.quit()))
    timer.start()
    start = time.perf_counter()
    ticks.append(start)
    dialog.run()
    loop.exec()
    end = time.perf_counter()
    timer.stop()
    ticks.append(end)
    gaps = [b - a for a, b in zip(ticks, ticks[1:], strict=False)]
    longest = max(range(len(gaps)), key=gaps.__getitem__)
    dialog.deleteLater()
    return {"seconds": end - start, "ticks": len(ticks) - 2, "gap": gaps[longest],
            "gap_at": ticks[longest] - start, "shown": shown["seconds"], "ok": outcome["ok"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", default=["sample:8", "100000:100", "100000:300"])
    parser.add_argument("--routes", nargs="+", choices=["thread", "process"],
                        default=["thread", "process"])
    args = parser.parse_args()
    os.environ.setdefault("PLANNER_DATA_DIR", str(Path.home() / ".cache" / "tp-bench"))
    import PySide6.QtWebEngineWidgets  # noqa: F401 - before the QApplication
    from PySide6.QtWidgets import QApplication

    from planner.resources import sample_plan_path
    from planner.store import load_plan
    from planner.synthetic import synthetic_plan
    from planner.ui import settings_store, web_setup

    web_setup.before_application()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - must live
    settings_store.use_file(str(Path(os.environ["PLANNER_DATA_DIR"]) / "bench-settings.ini"))
    print(f"{'customers':>9} {'territories':>11} {'route':>8} {'design s':>9} {'ticks':>6} "
          f"{'longest freeze ms':>17} {'from s':>6} {'result shown ms':>15}")
    for case in args.cases:
        size, count = case.split(":")
        plan = (load_plan(sample_plan_path()) if size == "sample"
                else synthetic_plan(int(size), territories=30))
        for in_process in [route == "process" for route in args.routes]:
            r = measure(plan, int(count), in_process)
            print(f"{len(plan.customers):>9} {count:>11} {'process' if in_process else 'thread':>8} "
                  f"{r['seconds']:>9.1f} {r['ticks']:>6} {r['gap'] * 1e3:>17.0f} "
                  f"{r['gap_at']:>6.1f} {r['shown'] * 1e3:>15.0f}"
                  + ("" if r["ok"] else "  (failed)"), flush=True)
    sys.stdout.flush()
    os._exit(0)  # skip tearing down the web engine (it may crash at exit offscreen)


if __name__ == "__main__":
    raise SystemExit(main())
