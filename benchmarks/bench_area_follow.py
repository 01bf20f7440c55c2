"""Assigning customers by hand in the window while the areas follow (``AssignWithAreas``).

On a plan with boundaries (``synthetic_plan`` + ``boundaries_from_assignment``: 8 territories
at 1k, 30 above), in the main window with the real map page (offscreen):

* ``lasso``: the 2 % of the customers of one territory nearest to a neighbour's customer (a
  lasso at their border), assigned to that neighbour;
* ``10k``: the first 10,000 customers (scattered over every territory, ``bench_window.py``'s
  reassign case), assigned to the last territory;

each as the window now pushes it (the areas following) and as before 2026-12-02
(``AssignCustomers``: the areas stay), undone between: ``push`` = the push with every
synchronous view update, ``+map`` = until the map page has redrawn, ``undo`` = the undo's
synchronous part, ``core`` = ``apply_edit`` alone; medians of ``--repeat``.

    python benchmarks/bench_area_follow.py [--sizes 1000 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_window import KEEP, timed_until_drawn, wait_for  # noqa: E402

from planner import model as m  # noqa: E402
from planner.edits import AssignCustomers, AssignWithAreas, apply_edit  # noqa: E402
from planner.geometry import boundaries_from_assignment  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402


def border_lasso(plan: m.Plan) -> tuple[tuple[str, ...], str]:
    """2 % of the customers (of one territory) nearest to a customer of the territory beside
    them, and that territory's id."""
    c = plan.customers
    lat, lon = c[m.LAT].to_numpy(dtype=float), c[m.LON].to_numpy(dtype=float)
    terr = c[m.TERRITORY].to_numpy(dtype=object)
    source = plan.territory_ids[0]
    mine = np.flatnonzero(terr == source)
    others = np.flatnonzero((terr != source) & (terr != ""))
    centre = mine[len(mine) // 2]
    d = np.hypot(lat[others] - lat[centre], lon[others] - lon[centre])
    near = others[d.argmin()]  # the other territory's customer nearest to the middle one
    d = np.hypot(lat[mine] - lat[near], (lon[mine] - lon[near]) * 0.81)
    take = mine[np.argsort(d)[: max(1, len(c) // 50)]]
    return tuple(c[m.CUSTOMER_ID].to_numpy()[take].tolist()), str(terr[near])


def bench(n: int, repeat: int) -> list[dict[str, float]]:
    from PySide6.QtWidgets import QApplication

    from planner.ui.main_window import MainWindow

    plan = synthetic_plan(n, territories=30 if n >= 10_000 else 8, seed=1)
    plan = plan.replace(territories=boundaries_from_assignment(plan))
    window = MainWindow(plan)
    window.resize(1400, 860)
    window.show()
    window.is_ready() or wait_for(window.readyForScreenshot)
    doc = window.document
    lasso, neighbour = border_lasso(plan)
    scattered = tuple(plan.customers[m.CUSTOMER_ID][: min(10_000, n)])
    rows = []
    for case, ids, target in (("lasso", lasso, neighbour),
                              ("10k", scattered, plan.territories[-1].id)):
        for way, kind in (("areas follow", AssignWithAreas), ("before", AssignCustomers)):
            pushes, drawn, undos, core = [], [], [], []
            for _ in range(repeat):
                t = time.perf_counter()
                apply_edit(doc.plan, kind.to(ids, target))
                core.append(time.perf_counter() - t)
                doc.set_selection(ids)
                QApplication.processEvents()
                edit = kind.to(ids, target)
                sync, on_map = timed_until_drawn(window.map_view, functools.partial(doc.push, edit))
                pushes.append(sync)
                drawn.append(on_map)
                sync, _ = timed_until_drawn(window.map_view, doc.undo_stack.undo)
                undos.append(sync)
            rows.append({"n": n, "case": case, "moved": len(ids), "way": way,
                         "core": statistics.median(core), "push": statistics.median(pushes),
                         "drawn": statistics.median(drawn), "undo": statistics.median(undos)})
    window.actions_ui.files.autosaver.stop()
    window.hide()
    KEEP.append(window)
    return rows


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from planner.ui import settings_store, web_setup

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("PLANNER_DATA_DIR", str(Path.home() / ".cache" / "tp-bench"))
    web_setup.before_application()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - must live
    settings_store.use_file(str(Path(os.environ["PLANNER_DATA_DIR"]) / "bench-settings.ini"))
    print(f"{'customers':>9} {'case':>5} {'moved':>6} {'way':>12} {'core ms':>8} "
          f"{'push ms':>8} {'+map ms':>8} {'undo ms':>8}", flush=True)
    for n in args.sizes:
        for r in bench(n, args.repeat):
            print(f"{r['n']:>9} {r['case']:>5} {r['moved']:>6} {r['way']:>12} "
                  f"{r['core'] * 1e3:>8.0f} {r['push'] * 1e3:>8.0f} {r['drawn'] * 1e3:>8.0f} "
                  f"{r['undo'] * 1e3:>8.0f}", flush=True)
    sys.stdout.flush()
    os._exit(0)  # skip tearing down the web engine (it may crash at exit offscreen)


if __name__ == "__main__":
    raise SystemExit(main())
