"""Update customers from a revised list in the real window (offscreen): compare, apply, undo.

Uses the lists of ``bench_update.py`` (run it first: it writes them under /tmp). For each size
the main window opens the plan imported from the old list; the Update dialog compares the new
list in its worker (reading included), then the update is applied as one undo step and undone.
Apply and undo include Qt's event processing (tables, docks; the map redraws in its page).
The peer is opening a fresh import of the new list in the window (what a manager would do
without an update, losing the plan's work), in the same run.

    python benchmarks/bench_update_window.py [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import PySide6.QtWebEngineWidgets  # noqa: E402,F401 - before the QApplication

from planner.ui import web_setup  # noqa: E402

web_setup.before_application()

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from planner.spreadsheet import read_customers  # noqa: E402
from planner.ui.main_window import MainWindow  # noqa: E402
from planner.ui.update_dialog import UpdateDialog  # noqa: E402

CACHE = Path("/tmp/territory_planner_bench_update")


def settle(app: QApplication, seconds: float = 1.0) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
        time.sleep(0.02)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    app = QApplication([])
    print(f"{'customers':>9} {'compare s':>10} {'apply s':>8} {'undo s':>7} {'fresh open s':>13}"
          f"  summary")  # fmt: skip
    for n in [int(s) for s in args.sizes.split(",")]:
        old, new = CACHE / f"old_{n}.csv", CACHE / f"new_{n}.csv"
        if not old.exists() or not new.exists():
            raise SystemExit(f"run benchmarks/bench_update.py --sizes {n} first")
        window = MainWindow(read_customers(old).to_plan())
        window.resize(1400, 900)
        window.show()
        settle(app, 2.0)
        dialog = UpdateDialog(str(new), window.document.plan, window)
        loop = QEventLoop()
        dialog.imported.connect(lambda *_a, lp=loop: lp.quit())
        start = time.perf_counter()
        dialog.start_import()
        QTimer.singleShot(300_000, loop.quit)
        loop.exec()
        compare = time.perf_counter() - start
        update = dialog.update
        assert update is not None
        start = time.perf_counter()
        window.actions_ui.files.apply_update(update, new.name)
        app.processEvents()
        apply = time.perf_counter() - start
        start = time.perf_counter()
        window.document.undo_stack.undo()
        app.processEvents()
        undo = time.perf_counter() - start
        fresh_plan = read_customers(new).to_plan()
        start = time.perf_counter()
        window.document.reset(fresh_plan)
        app.processEvents()
        fresh = time.perf_counter() - start
        summary = f"{len(update.added)} new, {len(update.removed)} removed, {len(update.changed)} changed"
        print(f"{n:>9,} {compare:>10.2f} {apply:>8.2f} {undo:>7.2f} {fresh:>13.2f}  {summary}")
        dialog.deleteLater()
        window.close()
        window.deleteLater()
        settle(app, 1.0)


if __name__ == "__main__":
    main()
