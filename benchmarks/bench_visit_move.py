"""One visit moved to another day in the real main window (offscreen), at 1k/10k/100k customers.

The plan: ``synthetic_plan`` customers in territories around the reps' homes with the made-up
four-week calendar of ``bench_morning.with_calendar``. The Calendar dock shows a rep's week 1
Monday, its first stop is selected and moved to Wednesday (``CalendarPanel.move_selected_to``,
the right-click menu's action), then undone; each row is the median of ``--repeat`` moves:

* ``edit``: :func:`planner.edits.apply_edit` of the ``MoveVisits`` alone (the core);
* ``UI``: the views' work after the edit (the document's ``planChanged`` with every dock,
  list and the map's handler, ``PlanDocument._set_plan``);
* ``move``: the whole step, from the menu's action until the events it posted are done;
* ``undo``: Ctrl+Z of the move, the same way;
* ``UI (baseline)``: the same move with the views refreshed as before 2026-12-03, measured in
  the same run: the customer list reset (re-sorted) with every customer's calendar days
  worded again (``visit_day_texts`` of all) and every row told changed, the Rep box made
  again from ``rep_choices`` made twice (each reading every visit's territory), the
  calendar dock's left-out customers worked out twice. (Not redone: the day list filled
  twice, the left-out tooltip's dict of every customer's name: the baseline is a lower bound.)

``--builder-order``: the made-up calendar's rows put in the order the calendar builder gives
them (by territory, week, weekday and stop), as a real calendar comes; without it they are in
the made-up order, so each move sorts the whole calendar again.

    python benchmarks/bench_visit_move.py [--sizes 1000:5,10000:20,100000:50] [--repeat 3]
                                          [--builder-order]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _folder in (ROOT, ROOT / "benchmarks"):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import PySide6.QtWebEngineWidgets  # noqa: E402,F401 - before the QApplication
from bench_morning import with_calendar  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from planner import edits  # noqa: E402
from planner import model as m  # noqa: E402
from planner.errors import PlannerError  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402
from planner.ui import calendar_grid, calendar_notes, calendar_panel  # noqa: E402
from planner.ui.customer_days import CalendarWords  # noqa: E402
from planner.ui.customer_model import CustomerTableModel  # noqa: E402

KEEP: list[object] = []


@contextmanager
def before_style() -> Iterator[None]:
    """The views refreshed as before 2026-12-03 (see the module's text)."""
    panel = calendar_panel.CalendarPanel
    saved = (CalendarWords.reword, CustomerTableModel._order_kept,
             CustomerTableModel._changed_runs, panel._fill_reps, calendar_notes.left_out)

    def reword_all(self: CalendarWords, _before, plan, _changes, _rows) -> None:  # type: ignore[no-untyped-def]
        self._plan = None  # every customer's days worded again
        self.of(plan)

    def twice(plan):  # type: ignore[no-untyped-def]
        for _ in range(2):  # each read every visit's territory then
            set(plan.schedule["territory"].astype(str))
        calendar_grid.rep_choices(plan)
        return calendar_grid.rep_choices(plan)

    def left_twice(plan, tid):  # type: ignore[no-untyped-def]
        saved[4](plan, tid)
        return saved[4](plan, tid)

    def old_fill_reps(self):  # type: ignore[no-untyped-def]
        """``CalendarPanel._fill_reps`` as it was: the box made again on every change."""
        current = self.rep_combo.currentData()
        was_former = current in self._former_listed
        self.rep_combo.blockSignals(True)
        self.rep_combo.clear()
        for label, tid in twice(self._doc.plan):  # rep_choices was made twice
            self.rep_combo.addItem(label, tid)
        self._former_listed = {tid for _l, tid in calendar_grid.rep_choices(self._doc.plan)
                               if calendar_grid.is_former(self._doc.plan, tid)}
        index = self.rep_combo.findData(current)
        if index >= 0 and calendar_grid.is_former(self._doc.plan, str(current)) and (
                not was_former):
            index = 0
        self.rep_combo.setCurrentIndex(max(0, index))
        self.rep_combo.blockSignals(False)
        self._fill_grid()

    CalendarWords.reword = reword_all  # type: ignore[method-assign]
    CustomerTableModel._order_kept = lambda self, _c: False  # type: ignore[method-assign]
    CustomerTableModel._changed_runs = (  # type: ignore[method-assign]
        lambda self, _c: [(0, self.rowCount() - 1)])
    panel._fill_reps = old_fill_reps  # type: ignore[method-assign]
    calendar_notes.left_out = left_twice
    try:
        yield
    finally:
        (CalendarWords.reword, CustomerTableModel._order_kept, CustomerTableModel._changed_runs,
         panel._fill_reps, calendar_notes.left_out) = saved


def builder_order(plan: m.Plan) -> m.Plan:
    """``plan`` with its calendar's rows sorted as the calendar builder gives them."""
    s = plan.schedule
    assert s is not None
    territory = pd.Index([t.id for t in plan.territories]).get_indexer(
        s["territory"].to_numpy(dtype=object))
    day = pd.Index(m.WEEKDAYS).get_indexer(s["day"].to_numpy(dtype=object))
    order = np.lexsort((s["seq"].to_numpy(), day, s["week"].to_numpy(), territory))
    return plan.replace(schedule=s.iloc[order].reset_index(drop=True))


def bench(n: int, k: int, repeat: int, *, sort: bool = False) -> dict[str, float]:
    from planner.ui.main_window import MainWindow

    plan = with_calendar(synthetic_plan(n, territories=k, seed=1))
    if sort:
        plan = builder_order(plan)
    window = MainWindow(plan)
    window.resize(1600, 1000)
    window.show()
    app = QApplication.instance()
    for _ in range(20):  # the first paint and the map's start
        app.processEvents()
        time.sleep(0.05)
    doc = window.document
    panel = window.actions_ui.calendar_panel
    panel.rep_combo.setCurrentIndex(min(3, panel.rep_combo.count() - 1))
    days = panel.days()
    ui_times: list[float] = []
    original = doc._set_plan

    def timed_set_plan(new_plan, changes):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        original(new_plan, changes)
        ui_times.append(time.perf_counter() - t)

    doc._set_plan = timed_set_plan  # type: ignore[method-assign]
    rows: dict[str, list[float]] = {"edit": [], "ui": [], "move": [], "undo": [], "base": []}

    def one_move(record: Callable[[float, float, float], None]) -> None:
        panel._on_grid_cellClicked(0, 0)  # week 1, its first day shown
        for cid in panel.day_customers(1, days[0]):  # the first stop that may move there
            edit = edits.MoveVisits((cid,), (1, days[0]), (1, days[2]))
            t = time.perf_counter()
            try:
                edits.apply_edit(doc.plan, edit)
            except PlannerError:  # already visited that day, closed then …
                continue
            core = time.perf_counter() - t
            break
        doc.set_selection([cid])
        app.processEvents()
        ui_times.clear()
        t = time.perf_counter()
        assert panel.move_selected_to(1, days[2])
        app.processEvents()
        whole = time.perf_counter() - t
        ui = ui_times[-1]
        t = time.perf_counter()
        doc.undo_stack.undo()
        app.processEvents()
        record(core, ui, whole)
        rows["undo"].append(time.perf_counter() - t)

    for _ in range(repeat):
        one_move(lambda core, ui, whole: (rows["edit"].append(core), rows["ui"].append(ui),
                                          rows["move"].append(whole)))
        with before_style():
            one_move(lambda _core, ui, _whole: rows["base"].append(ui))
    window.actions_ui.files.autosaver.stop()
    window.hide()
    KEEP.append(window)
    return {key: statistics.median(values) for key, values in rows.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000:5,10000:20,100000:50")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--builder-order", action="store_true",
                        help="the calendar's rows in the builder's order")
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv)
    KEEP.append(app)
    print("| customers | edit (ms) | UI after the edit (ms) | UI (baseline) (ms) | move, whole "
          "step (ms) | undo (ms) |")
    print("|---|---|---|---|---|---|")
    for item in args.sizes.split(","):
        n, k = (int(x) for x in item.split(":"))
        r = bench(n, k, args.repeat, sort=args.builder_order)
        print(f"| {n:,} | {r['edit'] * 1000:,.0f} | {r['ui'] * 1000:,.0f} | "
              f"{r['base'] * 1000:,.0f} | {r['move'] * 1000:,.0f} | {r['undo'] * 1000:,.0f} |",
              flush=True)


if __name__ == "__main__":
    main()
