"""The main window at 1k/10k/100k customers (offscreen Qt, the real map page).

* ``open``: building the window on a plan until the map says it has drawn it (``mapReady``);
* ``sort``: sorting the customer table by name, sales and territory (median of each);
* ``reassign``: assigning 10,000 selected customers (all of them below 10k) to another
  territory: the push with every synchronous view update (customer table, territory
  figures, calendar, selection), then until the map page has redrawn (``frameDrawn``);
* ``undo``: undoing that reassignment (synchronous part);
* ``select all``: every customer selected (as the map's lasso or Edit → Select all), until
  the window has repainted; ``(baseline)`` the same with the customer table's column header
  sharing the table's selection model, as before 2026-11-30 (it asked the model about every
  selected cell), measured in the same run;
* ``lasso``: the customers of the map's middle selected (a lasso: scattered rows of the
  table, sorted by name), until repainted; ``(baseline)`` each run of rows
  selected with Qt's Rows flag, as before 2026-11-30 (Qt widened 20,000 ranges itself);
* ``reselect while a selection stands``: Edit → Select all while that lasso's selection
  stands (``all/lasso``), and the lasso again while everyone is selected (``lasso/all``),
  until repainted; ``(baseline)`` the table's selection replaced in one step
  (``ClearAndSelect``), as before 2026-12-01 (Qt compared the two selections range by range).
* ``--drag`` (only this): a boundary vertex dragged in the map page (``TP.edit.dragVertex``)
  on a *designed* plan (``design_territories``: 8 territories at 1k, 30 above), the vertex of
  the territory with the most vertices pushed out by 20 %: ``freeze`` = the longest gap
  between the ticks of a 50 ms timer from the drag until the map has redrawn, ``total`` =
  until redrawn; ``(baseline)`` the same drag the way before 2026-12-01, undone between:
  the page's rounded vertices kept (``maps.actions.unrounded`` off, so the area given up is
  hundreds of slivers), the plain hand-over (``planner._hand_over.hand_over_plain``), the
  visit-day texts worded row by row (:func:`_words_by_row`) and every territory's figures
  computed afresh (no ``planner._group_figures`` cache); medians of ``--repeat``.
  ``handles`` = vertex handles shown, ``slivers`` = the pieces the rounded boundary cut
  the given-up area into the old way (now: the dragged corner only).

    python benchmarks/bench_window.py [--sizes 1000 10000 100000] [--repeat 3] [--drag [--plan F]]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import PySide6.QtWebEngineWidgets  # noqa: E402,F401 - before the QApplication
from PySide6.QtCore import QEventLoop, Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from planner import model as m  # noqa: E402
from planner.edits import AssignCustomers  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402
from planner.ui import settings_store, web_setup  # noqa: E402
from planner.ui.customer_model import COLUMNS  # noqa: E402


def wait_for(signal, timeout_ms: int = 120_000) -> bool:
    """Run the event loop until ``signal`` fires (True) or the timeout passes (False)."""
    loop = QEventLoop()
    fired = {"ok": False}

    def on_signal(*_args: object) -> None:
        fired["ok"] = True
        loop.quit()

    signal.connect(on_signal)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(on_signal)
    return fired["ok"]


def timed_until_drawn(map_view, action) -> tuple[float, float]:
    """Seconds for ``action()`` with the synchronous updates, and until the map drew it."""
    loop = QEventLoop()
    drawn = {"version": -1, "at": 0.0, "target": 1 << 60}

    def on_drawn(version: int) -> None:
        drawn["version"] = version
        drawn["at"] = time.perf_counter()
        if version >= drawn["target"]:
            loop.quit()

    map_view.frameDrawn.connect(on_drawn)
    t = time.perf_counter()
    action()
    QApplication.processEvents()
    sync = time.perf_counter() - t
    drawn["target"] = map_view.version
    if drawn["version"] < drawn["target"]:
        QTimer.singleShot(60_000, loop.quit)
        loop.exec()
    map_view.frameDrawn.disconnect(on_drawn)
    ok = drawn["version"] >= drawn["target"]
    return sync, (drawn["at"] - t) if ok else float("nan")


KEEP: list[object] = []


def column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def bench(n: int, repeat: int) -> dict[str, float]:
    from planner.ui.main_window import MainWindow

    plan = synthetic_plan(n, territories=30 if n >= 10_000 else 8, seed=1)
    t0 = time.perf_counter()
    window = MainWindow(plan)
    window.resize(1400, 860)
    window.show()
    built = time.perf_counter() - t0
    ready = window.is_ready() or wait_for(window.readyForScreenshot)
    opened = time.perf_counter() - t0
    ui = window.actions_ui
    model = ui.customer_panel.model
    sorts = []
    for key in (m.NAME, m.SALES, m.TERRITORY):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            t = time.perf_counter()
            model.sort(column(key), order)
            sorts.append(time.perf_counter() - t)
    searches = []
    for text in ("商", "商事", "c0001"):
        t = time.perf_counter()
        model.set_search(text)
        searches.append(time.perf_counter() - t)
    model.set_search("")
    doc = window.document
    ids = tuple(doc.plan.customers[m.CUSTOMER_ID][: min(10_000, n)])
    target = doc.plan.territories[-1].id
    pushes, drawn, undos = [], [], []
    for _ in range(repeat):
        doc.set_selection(ids)
        QApplication.processEvents()
        sync, on_map = timed_until_drawn(
            window.map_view, lambda: doc.push(AssignCustomers.to(ids, target))
        )
        pushes.append(sync)
        drawn.append(on_map)
        sync, _ = timed_until_drawn(window.map_view, doc.undo_stack.undo)
        undos.append(sync)
    # last: the map page is still busy with a 100,000-customer selection when this returns
    lassoed, lasso_base, lasso_n = lasso_times(window)
    reselected = reselect_times(window)
    selected, baseline = select_all_times(window)
    window.actions_ui.files.autosaver.stop()
    window.hide()  # kept alive: tearing down web views mid-run is not what we measure
    KEEP.append(window)
    return {
        "n": n,
        "build": built,
        "open": opened if ready else float("nan"),
        "sort": statistics.median(sorts),
        "sort_max": max(sorts),
        "search_first": searches[0],
        "search": statistics.median(searches[1:]),
        "reassign": statistics.median(pushes),
        "reassign_drawn": statistics.median(drawn),
        "undo": statistics.median(undos),
        "moved": len(ids),
        "select_all": selected,
        "select_baseline": baseline,
        "lasso": lassoed,
        "lasso_baseline": lasso_base,
        "lasso_n": lasso_n,
        **reselected,
    }


def lasso_times(window) -> tuple[float, float, int]:
    """Seconds to select the customers of the map's middle (a lasso: scattered rows of the
    table, sorted by name) and repaint: as the window is, and selecting each run
    of rows with Qt's Rows flag (the baseline, before 2026-11-30); and how many."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    doc = window.document
    panel = window.actions_ui.customer_panel
    ids = lasso_ids(window)
    panel.model.sort(column(m.NAME), Qt.SortOrder.AscendingOrder)  # the list by name: the
    QApplication.processEvents()  # lassoed customers lie in many short runs of rows

    def once() -> float:
        doc.set_selection(())
        QApplication.processEvents()
        t = time.perf_counter()
        doc.set_selection(ids)
        QApplication.processEvents()
        return time.perf_counter() - t

    lassoed = once()
    own = panel._select_rows_of_document

    def rows_flag(*, scroll: bool = False) -> None:  # the previous way
        rows = panel.model.view_rows_of(doc.selection)
        selection = QItemSelection()
        if len(rows):
            breaks = np.flatnonzero(np.diff(rows) != 1)
            starts = np.concatenate(([rows[0]], rows[breaks + 1]))
            ends = np.concatenate((rows[breaks], [rows[-1]]))
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
                selection.select(panel.model.index(a, 0), panel.model.index(b, 0))
        panel._syncing = True
        try:
            panel.view.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            panel._syncing = False

    panel._select_rows_of_document = rows_flag
    baseline = once()
    panel._select_rows_of_document = own
    doc.set_selection(())
    QApplication.processEvents()
    return lassoed, baseline, len(ids)


def lasso_ids(window) -> tuple[str, ...]:
    """The customers of the map's middle (what :func:`lasso_times` selects)."""
    c = window.document.plan.customers
    lat, lon = c[m.LAT].to_numpy(dtype=float), c[m.LON].to_numpy(dtype=float)
    box = ((abs(lat - np.nanmedian(lat)) < np.nanstd(lat) * 0.6)
           & (abs(lon - np.nanmedian(lon)) < np.nanstd(lon) * 0.6))
    return tuple(c.loc[box, m.CUSTOMER_ID])


def reselect_times(window) -> dict[str, float]:
    """Seconds to select everyone while the lasso's selection stands, and the lasso while
    everyone is selected (the list sorted by name), until repainted: as the window is, and
    replacing the table's selection in one step (``ClearAndSelect``, the baseline)."""
    from PySide6.QtCore import QItemSelectionModel

    doc = window.document
    panel = window.actions_ui.customer_panel
    every, lasso = tuple(doc.plan.customers[m.CUSTOMER_ID]), lasso_ids(window)
    panel.model.sort(column(m.NAME), Qt.SortOrder.AscendingOrder)

    def timed(first: tuple[str, ...], then: tuple[str, ...]) -> float:
        doc.set_selection(first)
        QApplication.processEvents()
        t = time.perf_counter()
        doc.set_selection(then)
        QApplication.processEvents()
        return time.perf_counter() - t

    out = {"all_over_lasso": timed(lasso, every), "lasso_over_all": timed(every, lasso)}
    model = panel.view.selectionModel()
    clear, select = model.clearSelection, model.select

    def in_one_step(selection, _flags) -> None:  # the previous way
        select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)

    model.clearSelection, model.select = (lambda: None), in_one_step
    try:
        out["all_over_lasso_baseline"] = timed(lasso, every)
        out["lasso_over_all_baseline"] = timed(every, lasso)
    finally:
        model.clearSelection, model.select = clear, select
    doc.set_selection(())
    QApplication.processEvents()
    return out


def select_all_times(window) -> tuple[float, float]:
    """Seconds to select every customer and repaint: as the window is, and with the header
    sharing the table's selection model (the baseline)."""
    doc = window.document
    every = tuple(doc.plan.customers[m.CUSTOMER_ID])
    view = window.actions_ui.customer_panel.view

    def once() -> float:
        doc.set_selection(())
        QApplication.processEvents()
        t = time.perf_counter()
        doc.set_selection(every)
        QApplication.processEvents()
        return time.perf_counter() - t

    selected = once()
    header = view.horizontalHeader()
    own = header.selectionModel()
    header.setSelectionModel(view.selectionModel())
    baseline = once()
    header.setSelectionModel(own)
    doc.set_selection(())
    QApplication.processEvents()
    return selected, baseline


class Ticks:
    """A 50 ms timer on the GUI thread; ``worst`` = the longest gap between its ticks."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self.tick)
        self.last, self.worst = 0.0, 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def start(self) -> None:
        self.last, self.worst = time.perf_counter(), 0.0
        self.timer.start()

    def stop(self) -> float:
        self.timer.stop()
        self.tick()
        return self.worst


def run_js(view, script: str) -> object:
    loop, out = QEventLoop(), []
    view.run_js(script, lambda v: (out.append(v), loop.quit()))
    loop.exec()
    return out[0]


def _words_by_row(masks, weeks: int) -> list[str]:
    """``compare._words`` as before 2026-12-01 (a Python tuple per customer), the baseline."""
    from planner.compare import MAX_MASK_WEEK, visit_pattern

    cache: dict[tuple[int, ...], str] = {}
    out = []
    for row in map(tuple, masks.tolist()):
        if row not in cache:
            by_day = {m.WEEKDAYS[d]: [w + 1 for w in range(MAX_MASK_WEEK) if bits >> w & 1]
                      for d, bits in enumerate(row) if bits}
            cache[row] = visit_pattern(by_day, cycle_weeks=weeks) if by_day else ""
        out.append(cache[row])
    return out


def _old_way(on: bool) -> None:
    """Switch the drag's three steps to the way before 2026-12-01 (``on``) or back."""
    from planner import _group_figures, _hand_over, compare
    from planner.maps import actions

    saved = KEEP_WAYS.setdefault("new", (_hand_over.hand_over, actions.unrounded, compare._words))
    if on:
        _hand_over.hand_over = _hand_over.hand_over_plain
        actions.unrounded = lambda polygon, _boundary: polygon
        compare._words = _words_by_row
        _group_figures.FIGURES.get = lambda _kind, _arrays, compute: compute()  # no cache
    else:
        _hand_over.hand_over, actions.unrounded, compare._words = saved
        _group_figures.FIGURES.__dict__.pop("get", None)


KEEP_WAYS: dict[str, tuple] = {}


def drag_bench(n: int, repeat: int, path: str = "") -> dict[str, float]:
    """A vertex drag on a designed plan (or the plan at ``path``), new way against old."""
    import json

    import shapely

    from planner.design import design_territories
    from planner.synthetic import synthetic_customers
    from planner.ui.main_window import MainWindow

    t0 = time.perf_counter()
    if path:
        from planner.store import load_plan

        plan = load_plan(path)
        n = len(plan.customers)
    else:
        plan = m.new_plan(synthetic_customers(n, seed=1))
        plan = design_territories(plan, count=30 if n >= 10_000 else 8).plan
    designed = time.perf_counter() - t0
    tid = max(
        (t for t in plan.territories if t.boundary is not None),
        key=lambda t: len(shapely.get_coordinates(t.boundary)),
    ).id
    window = MainWindow(plan)
    window.resize(1400, 860)
    window.show()
    window.is_ready() or wait_for(window.readyForScreenshot)
    view, doc = window.map_view, window.document
    run_js(
        view,
        f"TP.setTool('edit'); TP.map.fitBounds(L.geoJSON(TP.layers.byId['{tid}'].geometry)"
        f".getBounds(), {{animate: false}}); TP.edit.begin('{tid}'); 1",
    )
    handles = json.loads(str(run_js(view, "JSON.stringify(TP.edit.handles.map(function (h) {"
                                           " var ll = h.getLatLng(); return h.path.concat("
                                           "[ll.lat, ll.lng]); }))")))
    c = plan.territory(tid).boundary.centroid
    pi, ri, vi, lat, lon = handles[len(handles) // 3]
    script = (f"TP.edit.dragVertex({pi}, {ri}, {vi}, {lat + 0.2 * (lat - c.y)},"
              f" {lon + 0.2 * (lon - c.x)}); 1")
    given = shapely.difference(
        plan.territory(tid).boundary,
        shapely.geometry.shape(json.loads(str(run_js(view, "JSON.stringify(TP.edit.geometry())")))),
    )
    ticks = Ticks()
    out: dict[str, list[float]] = {"plain": [], "fast": [], "plain_total": [], "fast_total": []}
    drawn = {"v": -1}
    view.frameDrawn.connect(lambda v: drawn.__setitem__("v", v))
    for _ in range(repeat):
        for way in ("plain", "fast"):
            _old_way(way == "plain")
            ticks.start()
            t = time.perf_counter()
            view.run_js(script)
            wait_for(doc.planChanged)
            while drawn["v"] < view.version:
                QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
            out[way + "_total"].append(time.perf_counter() - t)
            out[way].append(ticks.stop())
            _old_way(False)
            doc.undo_stack.undo()
            run_js(view, f"TP.edit.begin('{tid}'); 1")
    window.actions_ui.files.autosaver.stop()
    window.hide()
    KEEP.append(window)
    return {
        "n": n,
        "designed": designed,
        "vertices": len(shapely.get_coordinates(plan.territory(tid).boundary)),
        "handles": len(handles),
        "pieces": len(shapely.get_parts(given)),
        **{k: statistics.median(v) for k, v in out.items()},
    }


def main_drag(sizes: list[int], repeat: int, path: str = "") -> None:
    print(f"{'customers':>9} {'design s':>8} {'vertices':>8} {'handles':>7} {'slivers':>7} "
          f"{'freeze ms':>9} {'(baseline)':>10} {'total ms':>8} {'(baseline)':>10}")
    for n in [0] if path else sizes:
        r = drag_bench(n, repeat, path)
        print(f"{r['n']:>9} {r['designed']:>8.1f} {r['vertices']:>8} {r['handles']:>7} "
              f"{r['pieces']:>7} {r['fast'] * 1e3:>9.0f} {r['plain'] * 1e3:>10.0f} "
              f"{r['fast_total'] * 1e3:>8.0f} {r['plain_total'] * 1e3:>10.0f}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--drag", action="store_true", help="only the boundary vertex drag")
    parser.add_argument("--plan", default="", help="--drag on this plan file, not designed ones")
    args = parser.parse_args()
    os.environ.setdefault("PLANNER_DATA_DIR", str(Path.home() / ".cache" / "tp-bench"))
    web_setup.before_application()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - must live
    settings_store.use_file(str(Path(os.environ["PLANNER_DATA_DIR"]) / "bench-settings.ini"))
    if args.drag:
        main_drag(args.sizes, args.repeat, args.plan)
        sys.stdout.flush()
        os._exit(0)
    rows = [bench(n, args.repeat) for n in args.sizes]
    print(
        f"{'customers':>9} {'build s':>8} {'open s':>7} {'sort ms':>8} {'sort max':>9} "
        f"{'search ms':>9} {'(first)':>7} {'moved':>6} {'reassign ms':>12} {'+map ms':>8} "
        f"{'undo ms':>8} {'select all ms':>13} {'(baseline)':>10} {'lassoed':>8} "
        f"{'lasso ms':>8} {'(baseline)':>10} {'all/lasso ms':>12} {'(baseline)':>10} "
        f"{'lasso/all ms':>12} {'(baseline)':>10}"
    )
    for r in rows:
        print(
            f"{r['n']:>9} {r['build']:>8.2f} {r['open']:>7.2f} {r['sort'] * 1e3:>8.0f} "
            f"{r['sort_max'] * 1e3:>9.0f} {r['search'] * 1e3:>9.0f} {r['search_first'] * 1e3:>7.0f} "
            f"{r['moved']:>6} {r['reassign'] * 1e3:>12.0f} "
            f"{r['reassign_drawn'] * 1e3:>8.0f} {r['undo'] * 1e3:>8.0f} "
            f"{r['select_all'] * 1e3:>13.0f} {r['select_baseline'] * 1e3:>10.0f} "
            f"{r['lasso_n']:>8} {r['lasso'] * 1e3:>8.0f} {r['lasso_baseline'] * 1e3:>10.0f} "
            f"{r['all_over_lasso'] * 1e3:>12.0f} {r['all_over_lasso_baseline'] * 1e3:>10.0f} "
            f"{r['lasso_over_all'] * 1e3:>12.0f} {r['lasso_over_all_baseline'] * 1e3:>10.0f}"
        )
    sys.stdout.flush()
    os._exit(0)  # skip tearing down the web engine (it may crash at exit offscreen)


if __name__ == "__main__":
    raise SystemExit(main())
