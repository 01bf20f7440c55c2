"""A manager's week in the real main window: how long each step blocks the UI thread.

The window (offscreen, 1920×1080, Japanese) opens a *designed* plan from its file
(``planner.synthetic`` customers, ``design_territories`` around the reps' homes; cached in
``$PLANNER_DATA_DIR``), then goes through the manager's steps with the window's own actions
and dialogs: select a territory in the list, open the Rebalance dialog and run it (keep
existing) and apply, lasso 2,000 customers on the map (the page's ``select`` message), assign
them to the next territory, undo, redo, change their frequency, lock them, build the
calendar, show the calendar dock and a rep's day, search a customer by name, export one rep's
workbook (route sheets), save.

Each step is started from the event loop and ends when its work is done and the map page has
drawn the result. ``freeze`` = the longest gap between the ticks of a 50 ms ``QTimer`` on the
GUI thread (how long the window could not repaint or answer), ``total`` = until done,
``feedback`` = what the manager saw meanwhile (a progress dialog, the step's own dialog, a
busy cursor; ``note`` = a status-bar sentence afterwards).

    python benchmarks/bench_manager.py [--sizes 30000:40 100000:50] [--ops open lasso …]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import PySide6.QtWebEngineWidgets  # noqa: E402,F401 - before the QApplication
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog  # noqa: E402

from planner import model as m  # noqa: E402
from planner.ui import settings_store, web_setup  # noqa: E402

# the Rebalance runs on the plan as opened: after the 2,000 customers moved by hand it took
# 50 s instead of 4 (with their frequency changed too, or locked, more than 10 minutes); that
# case in the core alone: bench_design_lasso.py (seconds since 2026-12-02)
ALL_OPS = ("open", "territory", "design_dialog", "design", "lasso", "reassign", "undo", "redo",
           "frequency", "lock", "calendar", "calendar_dock", "calendar_day", "search", "export",
           "save")
CORE_OPS = ("open", "lasso", "reassign", "undo", "redo", "frequency", "lock", "save")


def plan_file(n: int, k: int) -> Path:
    """The designed plan of ``n`` customers and ``k`` reps (designed once, then cached)."""
    path = Path(os.environ["PLANNER_DATA_DIR"]) / f"manager-{n}-{k}.gpkg"
    if not path.exists():
        from planner.design import design_territories
        from planner.store import save_plan
        from planner.synthetic import synthetic_plan

        plan = synthetic_plan(n, territories=k, seed=1)
        save_plan(design_territories(plan, count=k, seeds="homes").plan, path)
    return path


class Probe:
    """A 50 ms heartbeat on the GUI thread (longest gap between ticks) that also notes the
    feedback visible at each tick."""

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        self.window = window
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.tick)
        self.last = self.worst = 0.0
        self.seen: set[str] = set()

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now
        for w in QApplication.topLevelWidgets():
            if w.isVisible() and isinstance(w, QProgressDialog):
                self.seen.add("progress")
            elif w.isVisible() and isinstance(w, QDialog):
                self.seen.add("dialog")
        if QApplication.overrideCursor() is not None:
            self.seen.add("busy cursor")

    def start(self) -> None:
        self.last, self.worst, self.seen = time.perf_counter(), 0.0, set()
        self.timer.start()

    def stop(self) -> float:
        self.tick()
        self.timer.stop()
        return self.worst


class Week:
    """The manager's steps, one after another, each started from the event loop."""

    def __init__(self, window, path: Path, out_dir: Path, ops: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        self.window, self.path, self.out_dir = window, path, out_dir
        self.ui = window.actions_ui
        self.doc = window.document
        self.ops = [op for op in ALL_OPS if op in ops]
        self.rows: list[dict[str, object]] = []
        self.probe = Probe(window)
        self.loop = QEventLoop()
        self.poll = QTimer()
        self.poll.setInterval(10)
        self.poll.timeout.connect(self._check)
        self.current: tuple[str, Callable[[], bool], float, float] | None = None
        self.ids: tuple[str, ...] = ()
        self.target = ""
        self.dialog: QDialog | None = None

    # -- the runner ---------------------------------------------------------------------
    def run(self) -> list[dict[str, object]]:
        QTimer.singleShot(0, self._next)
        self.poll.start()
        self.loop.exec()
        return self.rows

    def _next(self) -> None:
        if not self.ops:
            self.poll.stop()
            self.loop.quit()
            return
        op = self.ops.pop(0)
        start, done = getattr(self, f"op_{op}")()
        self.status_before = self.window.statusBar().currentMessage()
        self.probe.start()
        t = time.perf_counter()
        self.current = (op, done, t, 0.0)
        start()
        self.current = (op, done, t, time.perf_counter() - t)

    def _check(self) -> None:
        if self.current is None:
            return
        op, done, t, sync = self.current
        timed_out = time.perf_counter() - t > 600
        if os.environ.get("BENCH_DEBUG") and int((time.perf_counter() - t) * 100) % 500 == 0:
            print("   waiting:", op, done(), self.window.map_view.is_up_to_date(), flush=True)
        if not (timed_out or (done() and self.window.map_view.is_up_to_date())):
            return
        self.current = None
        total = time.perf_counter() - t
        freeze = self.probe.stop()
        seen = sorted(self.probe.seen)
        note = self.window.statusBar().currentMessage()
        if note and note != self.status_before:
            seen.append("note")
        self.rows.append({"op": op, "freeze": freeze, "total": total, "sync": sync,
                          "feedback": ", ".join(seen) or "-", "timed_out": timed_out})
        print(f"  {op:<14} freeze {freeze * 1e3:7.0f} ms  total {total * 1e3:7.0f} ms  "
              f"({', '.join(seen) or '-'}){'  TIMED OUT' if timed_out else ''}", flush=True)
        QTimer.singleShot(200, self._next)  # a breath between steps, as a manager's click

    def _idle(self) -> bool:
        task = getattr(self.ui.files, "task", None)
        return task is None or bool(task.done)

    # -- the steps ----------------------------------------------------------------------
    def op_open(self):  # type: ignore[no-untyped-def]
        target = str(self.path.resolve())
        return (lambda: self.ui.files.open_path(str(self.path), asked=True),
                lambda: self.doc.path == target and self._idle())

    def op_territory(self):  # type: ignore[no-untyped-def]
        view = self.ui.territory_panel.view

        def start() -> None:
            rect = view.visualRect(view.model().index(2, 0))
            QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        return start, lambda: True

    def op_lasso(self):  # type: ignore[no-untyped-def]
        plan = self.doc.plan
        first = plan.territories[2]
        c = plan.customers
        lat, lon = c[m.LAT].to_numpy(float), c[m.LON].to_numpy(float)
        home = (first.home_lat, first.home_lon) if first.has_home else (
            float(np.nanmedian(lat[c[m.TERRITORY] == first.id])),
            float(np.nanmedian(lon[c[m.TERRITORY] == first.id])))
        d = (lat - home[0]) ** 2 + ((lon - home[1]) * 0.81) ** 2
        nearest = np.argsort(np.nan_to_num(d, nan=np.inf))[:2000]
        self.ids = tuple(c[m.CUSTOMER_ID].to_numpy()[nearest].tolist())
        # the territory most of them are not in: the next one in the list
        self.target = plan.territories[3].id
        text = json.dumps({"type": "select", "ids": list(self.ids), "mode": "replace"})
        return (lambda: self.window.map_view._on_bridge_received(text),
                lambda: len(self.doc.selection) == len(self.ids))

    def _pushed(self) -> Callable[[], bool]:
        index = self.doc.undo_stack.index()
        return lambda: self.doc.undo_stack.index() != index

    def op_reassign(self):  # type: ignore[no-untyped-def]
        return (lambda: self.ui.customer_panel.assign_selection(self.target), self._pushed())

    def op_undo(self):  # type: ignore[no-untyped-def]
        return self.ui.actions["undo"].trigger, self._pushed()

    def op_redo(self):  # type: ignore[no-untyped-def]
        return self.ui.actions["redo"].trigger, self._pushed()

    def op_lock(self):  # type: ignore[no-untyped-def]
        return self.ui.actions["lock"].trigger, self._pushed()

    def op_frequency(self):  # type: ignore[no-untyped-def]
        return (lambda: self.ui.customer_panel.set_selection_frequency(8.0), self._pushed())

    def _modal(self, kind: type) -> QDialog | None:
        w = QApplication.activeModalWidget()
        return w if isinstance(w, kind) and w.isVisible() else None

    def op_design_dialog(self):  # type: ignore[no-untyped-def]
        from planner.ui.design_dialog import DesignDialog

        def done() -> bool:
            self.dialog = self._modal(DesignDialog)
            return self.dialog is not None
        return lambda: QTimer.singleShot(0, self.ui.actions["rebalance"].trigger), done

    def op_design(self):  # type: ignore[no-untyped-def]
        dialog = self.dialog
        assert dialog is not None
        pushed = self._pushed()

        def start() -> None:
            dialog.designed.connect(lambda _r: dialog.apply())
            dialog.runFailed.connect(lambda text: (print("  design failed:", text),
                                                   dialog.reject()))
            dialog.run()
        return start, lambda: pushed() and not dialog.isVisible()

    def op_calendar(self):  # type: ignore[no-untyped-def]
        from planner.ui.schedule_dialog import ScheduleDialog

        self.ui.docks["calendar"].hide()  # shown by the next step
        pushed = self._pushed()
        state = {"ran": False}

        def done() -> bool:
            dialog = self._modal(ScheduleDialog)
            if dialog is not None and not state["ran"]:
                state["ran"] = True
                dialog.run()
            box = self.ui.report_box
            if pushed() and box is not None and box.isVisible():
                box.close()
                return True
            return False
        return lambda: QTimer.singleShot(0, self.ui.actions["schedule"].trigger), done

    def op_calendar_dock(self):  # type: ignore[no-untyped-def]
        dock, panel = self.ui.docks["calendar"], self.ui.calendar_panel

        def start() -> None:
            dock.show()
            dock.raise_()
            panel.rep_combo.setCurrentIndex(min(3, panel.rep_combo.count() - 1))
        return start, lambda: dock.isVisible()

    def op_calendar_day(self):  # type: ignore[no-untyped-def]
        grid = self.ui.calendar_panel.grid

        def start() -> None:
            rect = grid.visualItemRect(grid.item(0, 1)) if grid.item(0, 1) else \
                grid.visualRect(grid.model().index(0, 1))
            QTest.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        return start, lambda: True

    def op_search(self):  # type: ignore[no-untyped-def]
        panel = self.ui.customer_panel
        c = self.doc.plan.customers
        name = str(c[m.NAME].iloc[len(c) // 2])
        before = panel.model.rowCount()

        def start() -> None:
            panel.focus_search()
            panel.search.setText(name)  # as the input method commits it (keyClicks: ASCII)
        return start, lambda: (not panel._search_timer.isActive()
                               and panel.model.rowCount() < before)

    def op_export(self):  # type: ignore[no-untyped-def]
        from planner.ui.export_choice import ExportChoice

        files = self.ui.files
        target = self.out_dir / "route-sheet.xlsx"
        rep = self.doc.plan.territories[0].id
        files.ask_export_choice = lambda *_a, **_k: ExportChoice(reps=(rep,))
        files.ask_save_path = lambda *_a, **_k: str(target)
        files.ask_export_stale = lambda: True
        return self.ui.actions["export_excel"].trigger, lambda: target.exists() and self._idle()

    def op_save(self):  # type: ignore[no-untyped-def]
        stack = self.doc.undo_stack
        return self.ui.actions["save"].trigger, lambda: stack.isClean() and self._idle()


def bench(n: int, k: int, ops: tuple[str, ...]) -> list[dict[str, object]]:
    from planner.synthetic import synthetic_plan
    from planner.ui.main_window import MainWindow

    source = plan_file(n, k)
    out_dir = Path(tempfile.mkdtemp(prefix="tp-manager-"))
    path = out_dir / source.name  # saved over: a copy
    shutil.copy(source, path)
    window = MainWindow(synthetic_plan(50, territories=2, seed=1))
    window.resize(1920, 1080)
    window.show()
    loop = QEventLoop()
    window.readyForScreenshot.connect(loop.quit)
    if not window.is_ready():
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
    window.actions_ui.files.autosaver.stop()
    week = Week(window, path, out_dir, ops)
    if "open" not in ops:
        week.ops.insert(0, "open")
    rows = week.run()
    if "open" not in ops:
        rows = rows[1:]
    window.hide()
    KEEP.append(window)
    return rows


KEEP: list[object] = []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["30000:40", "100000:50"],
                        help="customers:reps; the first gets every step, the others --ops")
    parser.add_argument("--ops", nargs="+", choices=ALL_OPS,
                        help="only these steps (default: every step at the first size, "
                             f"then {' '.join(CORE_OPS)})")
    args = parser.parse_args()
    os.environ.setdefault("PLANNER_DATA_DIR", str(Path.home() / ".cache" / "tp-bench"))
    from planner.i18n import set_language

    set_language("ja")
    web_setup.before_application()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - must live
    settings_store.use_file(str(Path(os.environ["PLANNER_DATA_DIR"]) / "bench-settings.ini"))
    from planner.ui.qt_translation import install_qt_translator

    install_qt_translator(app)
    tables = []
    for i, size in enumerate(args.sizes):
        n, k = (int(x) for x in size.split(":"))
        ops = tuple(args.ops) if args.ops else ALL_OPS if i == 0 else CORE_OPS
        print(f"{n} customers, {k} reps", flush=True)
        tables.append((n, k, bench(n, k, ops)))
    print(f"\n{'customers':>9} {'reps':>4}  {'step':<14} {'freeze ms':>9} {'total ms':>9}  feedback")
    for n, k, rows in tables:
        for r in rows:
            print(f"{n:>9} {k:>4}  {r['op']:<14} {r['freeze'] * 1e3:>9.0f} "
                  f"{r['total'] * 1e3:>9.0f}  {r['feedback']}"
                  + ("  (timed out)" if r["timed_out"] else ""))
    sys.stdout.flush()
    os._exit(0)  # skip tearing down the web engine (it may crash at exit offscreen)


if __name__ == "__main__":
    raise SystemExit(main())
