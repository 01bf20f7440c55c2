"""A manager's morning on a big plan in the real main window: the GUI thread's longest freeze
per step.

The window (offscreen, 1920×1080, Japanese) opens a plan through File → Open: ``synthetic_plan``
customers designed into territories around the reps' homes (``design_territories``), with a
made-up four-week calendar (:func:`with_calendar`: 1–4 visits per customer, stops numbered in
order on each day, 1 % of the customers left out as "Working days full"). The plans are made
once and kept in ``--plans`` (default ``/tmp/s26/big``). Then the manager's morning, each step
through the window's own widgets, actions and dialogs:

open the file · pan and zoom the map (Leaflet's ``setView`` in the page) · select a territory
in the list · lasso 5,000 customers (the page's ``select`` message) · assign them to another
territory · undo · search a customer by name · sort the customer list by sales · filter
"Unscheduled" · set a frequency on 2,000 selected customers · open the calendar dock for a rep ·
move a visit (a day's first stop to another day) · open the Rebalance dialog · run it (keep
existing) and apply · export one rep's workbook · save.

``freeze`` = the longest gap between the ticks of a 10 ms ``QTimer`` on the GUI thread (as
``bench_save.py``), ``total`` = from the step's start until its work is done and the map page
has drawn the result.

``open_before`` / ``open_after`` (only with ``--ops``): File → Open as in a process that
has not shown a plan's stored texts yet, the patterns that put them in today's language made
when the window first shows one (before) or in the Open worker (after, 2026-12-02).

    python benchmarks/bench_morning.py [--sizes 10000:20 100000:50] [--ops open lasso …]
    python benchmarks/bench_morning.py --ops open_before open_after open_before open_after
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
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT, ROOT / "benchmarks"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from planner import model as m  # noqa: E402

ALL_OPS = ("open", "pan_zoom", "territory", "lasso", "assign", "undo", "search", "sort",
           "unscheduled", "frequency", "calendar_dock", "move_visit", "design_dialog", "design",
           "export", "save")
#: File → Open with the stored texts' patterns made when first shown (before 2026-12-02) or
#: in the Open worker, each in a process that has not made them yet: run them alternately
COMPARE_OPS = ("open_before", "open_after")
TICK_MS = 10
DAYS = ("mon", "tue", "wed", "thu", "fri")


def with_calendar(plan: m.Plan, seed: int = 3) -> m.Plan:
    """``plan`` with a made-up four-week calendar: 1–4 visits per assigned customer on random
    weekdays, each day's stops numbered 1, 2, … with arrivals spread from 9:00; 1 %
    of the customers left out instead ("Working days full")."""
    rng = np.random.default_rng(seed)
    c = plan.customers
    ids = c[m.CUSTOMER_ID].to_numpy(dtype=object)
    territory = c[m.TERRITORY].to_numpy(dtype=object)
    out = (rng.random(len(c)) < 0.01) & (territory != "")
    keep = np.flatnonzero(~out & (territory != ""))
    visits = rng.integers(1, 5, len(keep))
    rows = np.repeat(keep, visits)
    n = len(rows)
    week = rng.integers(1, 5, n).astype(np.int64)
    day = np.array(DAYS, dtype=object)[rng.integers(0, 5, n)]
    schedule = pd.DataFrame({"territory": territory[rows], "customer_id": ids[rows],
                             "week": week, "day": day})
    # one visit of a customer per day at most
    schedule = schedule.drop_duplicates(["customer_id", "week", "day"]).reset_index(drop=True)
    seq = schedule.groupby(["territory", "week", "day"]).cumcount().to_numpy() + 1
    stops = schedule.groupby(["territory", "week", "day"])["week"].transform("size").to_numpy()
    gap = 450 // stops  # the day's stops spread over 9:00–16:30
    minutes = 9 * 60 + (seq - 1) * gap
    arrival = np.array([f"{v // 60:02d}:{v % 60:02d}" for v in minutes], dtype=object)
    departure = np.array([f"{v // 60:02d}:{v % 60:02d}" for v in minutes + gap * 2 // 3],
                         dtype=object)
    schedule["seq"] = seq.astype(np.int64)
    schedule["arrival"] = arrival
    schedule["departure"] = departure
    schedule["travel_km"] = rng.random(len(schedule)) * 5
    schedule["travel_minutes"] = rng.random(len(schedule)) * 10
    # the columns a built calendar has besides (dates from Monday 2026-12-07)
    offset = (schedule["week"].to_numpy() - 1) * 7 + schedule["day"].map(
        {d: i for i, d in enumerate(DAYS)}).to_numpy()
    schedule["date"] = (np.datetime64("2026-12-07") + offset).astype(str).astype(object)
    schedule["holiday"] = ""
    last = ~schedule.duplicated(["territory", "week", "day"], keep="last").to_numpy()
    schedule["return_km"] = np.where(last, 3.0, 0.0)
    schedule["return_minutes"] = np.where(last, 6.0, 0.0)
    schedule["day_hours"] = 7.8
    schedule["lunch"] = ""
    schedule["moved_from"] = ""
    unscheduled = pd.DataFrame({"customer_id": ids[out], "territory": territory[out],
                                "reason": "Working days full", "reason_code": "no_room"})
    meta = {**plan.meta, "schedule_weeks": 4, "schedule_cycle_weeks": 4,
            "schedule_days": list(DAYS), "schedule_day_hours": 8.0, "schedule_stale": False,
            "schedule_travel": "straight-line",
            "schedule_territories": {t.id: {"name": t.name, "rep": t.rep}
                                     for t in plan.territories}}
    return plan.replace(schedule=schedule, unscheduled=unscheduled, meta=meta)


def plan_file(folder: Path, n: int, k: int) -> Path:
    """The designed plan of ``n`` customers and ``k`` reps with its calendar (made once)."""
    path = folder / f"morning-{n}-{k}.gpkg"
    if not path.exists():
        from planner.design import design_territories
        from planner.store import save_plan
        from planner.synthetic import synthetic_plan

        folder.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        plan = synthetic_plan(n, territories=k, seed=1)
        plan = design_territories(plan, count=k, seeds="homes").plan
        save_plan(with_calendar(plan), path)
        print(f"made {path} in {time.perf_counter() - t:.0f} s", flush=True)
    return path


def main_make(argv: list[str]) -> int:
    """``--make``: only make the plan files."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--make", action="store_true")
    parser.add_argument("--plans", default="/tmp/s26/big")
    parser.add_argument("--sizes", nargs="+", default=["10000:20", "100000:50"])
    args = parser.parse_args(argv)
    for size in args.sizes:
        n, k = (int(x) for x in size.split(":"))
        plan_file(Path(args.plans), n, k)
    return 0




if __name__ == "__main__" and "--make" in sys.argv:
    raise SystemExit(main_make(sys.argv[1:]))

import PySide6.QtWebEngineWidgets  # noqa: E402,F401 - before the QApplication
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog  # noqa: E402

from planner.ui import file_actions, settings_store, web_setup  # noqa: E402


class Ticker:
    """A 10 ms timer on the GUI thread: the longest gap between its ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = self.longest = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self._tick()
        self.timer.stop()
        return self.longest


Step = tuple[Callable[[], object], Callable[[], bool]]


class Morning:
    """The manager's steps, one after another, each started from the event loop."""

    def __init__(self, window: Any, path: Path, out_dir: Path, ops: tuple[str, ...]) -> None:
        self.window, self.path, self.out_dir = window, path, out_dir
        self.ui = window.actions_ui
        self.doc = window.document
        self.ops = list(ops)
        self.rows: list[dict[str, object]] = []
        self.ticker = Ticker()
        self.loop = QEventLoop()
        self.poll = QTimer()
        self.poll.setInterval(5)
        self.poll.timeout.connect(self._check)
        self.current: tuple[str, Callable[[], bool], float] | None = None
        self.lassoed: tuple[str, ...] = ()
        self.target = ""
        self.dialog: QDialog | None = None
        self.page_flag = False

    # -- the runner -----------------------------------------------------------------------
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
        start, done = getattr(self, f"op_{op}")()  # preparing the step: not measured
        self.ticker.start()
        self.current = (op, done, time.perf_counter())
        start()

    def _check(self) -> None:
        if self.current is None:
            return
        op, done, t = self.current
        timed_out = time.perf_counter() - t > 900
        if not (timed_out or (done() and self.window.map_view.is_up_to_date())):
            return
        self.current = None
        total = time.perf_counter() - t
        freeze = self.ticker.stop()
        self.rows.append({"op": op, "freeze": freeze, "total": total, "timed_out": timed_out})
        print(f"  {op:<14} freeze {freeze * 1e3:7.0f} ms  total {total * 1e3:7.0f} ms"
              f"{'  TIMED OUT' if timed_out else ''}", flush=True)
        QTimer.singleShot(300, self._next)  # a breath between steps, as a manager's click

    def _idle(self) -> bool:
        task = getattr(self.ui.files, "task", None)
        return task is None or bool(task.done)

    def _pushed(self) -> Callable[[], bool]:
        index = self.doc.undo_stack.index()
        return lambda: self.doc.undo_stack.index() != index

    def _modal(self, kind: type) -> Any:
        w = QApplication.activeModalWidget()
        return w if isinstance(w, kind) and w.isVisible() else None

    def _in_page(self, script: str) -> Step:
        """Run ``script`` in the map page; done once the page has painted after its last
        ``moveend``."""
        self.page_flag = False

        def asked(value: object) -> None:
            self.page_flag = bool(value)

        def done() -> bool:
            if not self.page_flag:
                self.window.map_view.run_js("window.__benchDone === 1", asked)
            return self.page_flag
        wrapped = ("window.__benchDone = 0; TP.map.once('moveend', function () {"
                   " TP.afterPaint(function () { window.__benchDone = 1; }); });" + script)
        return lambda: self.window.map_view.run_js(wrapped), done

    def _near(self, territory: m.Territory, count: int) -> tuple[str, ...]:
        c = self.doc.plan.customers
        lat, lon = c[m.LAT].to_numpy(float), c[m.LON].to_numpy(float)
        mine = (c[m.TERRITORY] == territory.id).to_numpy()
        home = (territory.home_lat, territory.home_lon) if territory.has_home else (
            float(np.nanmedian(lat[mine])), float(np.nanmedian(lon[mine])))
        d = (lat - home[0]) ** 2 + ((lon - home[1]) * 0.81) ** 2
        nearest = np.argsort(np.nan_to_num(d, nan=np.inf))[:count]
        return tuple(c[m.CUSTOMER_ID].to_numpy()[nearest].tolist())

    # -- the steps --------------------------------------------------------------------------
    def op_open(self) -> Step:
        opened: list[str] = []
        self.ui.files.planOpened.connect(opened.append)
        self.ui.files.ask_save_changes = lambda: file_actions.DISCARD  # opened again: no asking
        return (lambda: self.ui.files.open_path(str(self.path), asked=True),
                lambda: bool(opened) and self._idle())

    def _open_cold(self, *, ahead: bool) -> Step:
        """File → Open in a process that has not shown a stored text yet (the patterns of
        :func:`planner.i18n.retranslate` forgotten); ``ahead``: made in the worker (since
        2026-12-02), else when the window first shows a stored text, as before."""
        from planner import i18n

        i18n._field_templates.cache_clear()
        i18n._templates.cache_clear()
        i18n._retranslate.cache_clear()
        file_actions.prepare_retranslate = i18n.prepare_retranslate if ahead else lambda: None
        return self.op_open()

    def op_open_before(self) -> Step:
        return self._open_cold(ahead=False)

    def op_open_after(self) -> Step:
        return self._open_cold(ahead=True)

    def op_pan_zoom(self) -> Step:
        t = self.doc.plan.territories[len(self.doc.plan.territories) // 2]
        c = self.doc.plan.customers
        mine = (c[m.TERRITORY] == t.id).to_numpy()
        lat = float(np.nanmedian(c[m.LAT].to_numpy(float)[mine]))
        lon = float(np.nanmedian(c[m.LON].to_numpy(float)[mine]))
        # in, along, and out again: three moves, done after the last
        return self._in_page(
            f"TP.map.setView([{lat}, {lon}], 13, {{animate: false}});"
            "TP.map.panBy([300, 200], {animate: false});"
            "TP.map.setZoom(TP.map.getZoom() - 4, {animate: false});")

    def op_territory(self) -> Step:
        from PySide6.QtTest import QTest

        view = self.ui.territory_panel.view

        def start() -> None:
            rect = view.visualRect(view.model().index(2, 0))
            QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        return start, lambda: True

    def op_lasso(self) -> Step:
        plan = self.doc.plan
        self.lassoed = self._near(plan.territories[2], 5_000)
        self.target = plan.territories[3].id
        text = json.dumps({"type": "select", "ids": list(self.lassoed), "mode": "replace"})
        return (lambda: self.window.map_view._on_bridge_received(text),
                lambda: len(self.doc.selection) == len(self.lassoed))

    def op_assign(self) -> Step:
        return (lambda: self.ui.customer_panel.assign_selection(self.target), self._pushed())

    def op_undo(self) -> Step:
        return self.ui.actions["undo"].trigger, self._pushed()

    def op_search(self) -> Step:
        panel = self.ui.customer_panel
        c = self.doc.plan.customers
        name = str(c[m.NAME].iloc[len(c) // 3])
        before = panel.model.rowCount()

        def start() -> None:
            panel.focus_search()
            panel.search.setText(name)  # as the input method commits it
        return start, lambda: (not panel._search_timer.isActive()
                               and panel.model.rowCount() < before)

    def op_sort(self) -> Step:
        from planner.ui.customer_model import COLUMNS

        panel = self.ui.customer_panel
        panel.search.clear()
        panel.search.search_now()  # the whole list again (not measured)
        column = [col.key for col in COLUMNS].index(m.NAME)
        state = {"sorted": False}

        def start() -> None:
            panel.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
            state["sorted"] = True
        return start, lambda: state["sorted"]

    def op_unscheduled(self) -> Step:
        panel = self.ui.customer_panel
        un = self.doc.plan.unscheduled
        wanted = 0 if un is None else un["customer_id"].nunique()
        return (lambda: panel.show_filter("unscheduled"),
                lambda: panel.model.rowCount() == wanted)

    def op_frequency(self) -> Step:
        panel = self.ui.customer_panel
        panel.show_filter("all")
        ids = self._near(self.doc.plan.territories[5], 2_000)
        self.doc.set_selection(ids)
        return (lambda: panel.set_selection_frequency(8.0), self._pushed())

    def op_calendar_dock(self) -> Step:
        dock, panel = self.ui.docks["calendar"], self.ui.calendar_panel
        dock.hide()

        def start() -> None:
            dock.show()
            dock.raise_()
            panel.rep_combo.setCurrentIndex(min(3, panel.rep_combo.count() - 1))
        return start, lambda: dock.isVisible()

    def op_move_visit(self) -> Step:
        panel = self.ui.calendar_panel
        days = panel.days()
        panel._on_grid_cellClicked(0, 0)  # week 1, the first day: its route shown
        first = panel.day_customers(1, days[0])[:1]
        self.doc.set_selection(first)
        pushed = self._pushed()
        return lambda: panel.move_selected_to(1, days[2]), pushed

    def op_design_dialog(self) -> Step:
        from planner.ui.design_dialog import DesignDialog

        def done() -> bool:
            self.dialog = self._modal(DesignDialog)
            return self.dialog is not None
        return lambda: QTimer.singleShot(0, self.ui.actions["rebalance"].trigger), done

    def op_design(self) -> Step:
        dialog = self.dialog
        assert dialog is not None
        pushed = self._pushed()

        def start() -> None:
            dialog.designed.connect(lambda _r: dialog.apply())
            dialog.runFailed.connect(lambda text: (print("  design failed:", text),
                                                   dialog.reject()))
            dialog.run()
        return start, lambda: pushed() and not dialog.isVisible()

    def op_export(self) -> Step:
        from planner.ui.export_choice import ExportChoice

        files = self.ui.files
        target = self.out_dir / "route-sheet.xlsx"
        rep = self.doc.plan.territories[0].id
        files.ask_export_choice = lambda *_a, **_k: ExportChoice(reps=(rep,))
        files.ask_save_path = lambda *_a, **_k: str(target)
        files.ask_export_stale = lambda: True
        return self.ui.actions["export_excel"].trigger, lambda: target.exists() and self._idle()

    def op_save(self) -> Step:
        stack = self.doc.undo_stack
        return self.ui.actions["save"].trigger, lambda: stack.isClean() and self._idle()


def bench(source: Path, ops: tuple[str, ...]) -> list[dict[str, object]]:
    from planner.synthetic import synthetic_plan
    from planner.ui.main_window import MainWindow

    out_dir = Path(tempfile.mkdtemp(prefix="tp-morning-"))
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
    first = ops[:1] == ("open",)  # else opened first, not listed
    morning = Morning(window, path, out_dir, ops if first else ("open", *ops))
    rows = morning.run()
    if not first:
        rows = rows[1:]
    window.hide()
    KEEP.append(window)
    return rows


KEEP: list[object] = []


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", nargs="+", default=["10000:20", "100000:50"],
                        help="customers:reps")
    parser.add_argument("--ops", nargs="+", choices=ALL_OPS + COMPARE_OPS, default=list(ALL_OPS),
                        help="these steps in this order (open comes first anyway)")
    parser.add_argument("--plans", default="/tmp/s26/big", help="where the plans are kept")
    args = parser.parse_args()
    os.environ.setdefault("PLANNER_DATA_DIR", tempfile.mkdtemp(prefix="tp-morning-data-"))
    from planner.i18n import set_language

    set_language("ja")
    web_setup.before_application()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    settings_store.use_file(str(Path(os.environ["PLANNER_DATA_DIR"]) / "bench-settings.ini"))
    from planner.ui.qt_translation import install_qt_translator

    install_qt_translator(app)
    tables = []
    for size in args.sizes:
        n, k = (int(x) for x in size.split(":"))
        source = plan_file(Path(args.plans), n, k)
        print(f"{n} customers, {k} reps", flush=True)
        tables.append((n, k, bench(source, tuple(args.ops))))
    print(f"\n{'customers':>9} {'reps':>4}  {'step':<14} {'freeze ms':>9} {'total ms':>9}")
    for n, k, rows in tables:
        for r in rows:
            print(f"{n:>9} {k:>4}  {r['op']:<14} {r['freeze'] * 1e3:>9.0f} "
                  f"{r['total'] * 1e3:>9.0f}" + ("  (timed out)" if r["timed_out"] else ""))
    sys.stdout.flush()
    os._exit(0)  # skip tearing down the web engine (it may crash at exit offscreen)


if __name__ == "__main__":
    raise SystemExit(main())
