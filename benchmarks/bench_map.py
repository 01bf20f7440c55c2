"""Interactive map speed and memory at 1k/10k/100k customers (real QtWebEngine, offscreen).

Each size runs in a fresh process (``--child N``) so memory is per size:

* ``ready s``   — MapView created → page loaded, data fetched and drawn (``mapReady``)
* ``data MB``   — size of the data document the page fetches
* ``recolor ms``— an edit reassigning 2 % of the customers (what a boundary drag
  does) pushed on the document → the page reports the recoloured frame painted
  (apply + JSON + bridge + canvas redraw + paint), median of 5
* ``reshape ms``— the same through a real boundary drag (``ReshapeTerritory``), when
  the plan has boundaries and the edit exists
* ``days ms``   — colouring by visit day: a calendar edit moving every customer to another
  weekday pushed → the page reports the recoloured frame painted, median of 5
* ``pan ms``    — the map panned 300 px until the next frame is painted (timed in the page),
  median of 5; ``all sel`` the same with every customer selected (each drawn with its
  selection ring): what a standing selection costs every frame
* ``RSS MB``    — resident memory of the process plus its QtWebEngine children (/proc)

Run: ``python benchmarks/bench_map.py`` (tiles are blocked: offline outline).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

SIZES = (1_000, 10_000, 100_000)


def _rss_tree_mb(pid: int) -> float:
    """RSS of ``pid`` and all its descendants, from /proc (shared pages counted per process)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def child(n: int) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    import PySide6.QtWebEngineWidgets  # noqa: F401

    from planner.ui import web_setup

    web_setup.before_application()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineUrlRequestInterceptor
    from PySide6.QtWidgets import QApplication

    from planner import edits
    from planner import model as m
    from planner.maps import data
    from planner.synthetic import synthetic_plan
    from planner.ui.document import PlanDocument
    from planner.ui.map_view import MapView

    class Offline(QWebEngineUrlRequestInterceptor):
        def interceptRequest(self, info):  # noqa: N802
            if info.requestUrl().scheme() != "tpmap":
                info.block(True)

    _app = QApplication.instance() or QApplication([])
    interceptor = Offline()
    QWebEngineProfile.defaultProfile().setUrlRequestInterceptor(interceptor)
    from planner.geometry import boundaries_from_assignment

    plan = synthetic_plan(n, territories=8, seed=1)
    plan = plan.replace(territories=boundaries_from_assignment(plan))
    document = PlanDocument(plan)

    def wait(signal, predicate=lambda *a: True, timeout=120_000):
        loop = QEventLoop()
        result = {}

        def on(*args):
            if predicate(*args):
                result["ok"] = True
                loop.quit()

        signal.connect(on)
        QTimer.singleShot(timeout, loop.quit)
        loop.exec()
        signal.disconnect(on)
        if not result:
            raise SystemExit(f"timeout waiting at n={n}")

    t0 = time.perf_counter()
    view = MapView()
    view.resize(1200, 800)
    view.show()
    view.set_document(document)
    wait(view.mapReady)
    ready = time.perf_counter() - t0
    size_mb = len(data.data_document(plan)) / 1e6

    ids = plan.customers[m.CUSTOMER_ID].to_numpy()
    terr = plan.customers[m.TERRITORY].to_numpy()
    k = max(1, n // 50)
    times = []
    for rep in range(5):
        chosen = tuple(ids[rep * k : (rep + 1) * k])
        target = plan.territory_ids[(rep + 1) % len(plan.territory_ids)]
        t1 = time.perf_counter()
        document.push(edits.AssignCustomers.to(chosen, target))
        version = view.version
        wait(view.frameDrawn, lambda v, version=version: v >= version)
        times.append((time.perf_counter() - t1) * 1000)
    del terr
    # A real boundary drag in the page: move the vertex nearest the territory's centre
    # outwards by 3 km, then wait until the recoloured map is painted.
    territory = document.plan.territories[0]
    started = QEventLoop()
    view.run_js(f"TP.setTool('edit'); TP.edit.begin('{territory.id}')", lambda _r: started.quit())
    started.exec()
    c = territory.boundary.centroid
    drag = (
        "(function () {{ var best = null, d = Infinity;"
        " TP.edit.handles.forEach(function (h) {{ var ll = h.getLatLng();"
        "   var e = Math.abs(ll.lat - {lat}) + Math.abs(ll.lng - {lon});"
        "   if (e < d) {{ d = e; best = h; }} }});"
        " var ll = best.getLatLng(), k = 1 + {step} / Math.max(1e-6, d);"
        " TP.edit.dragVertex(best.path[0], best.path[1], best.path[2],"
        "   {lat} + (ll.lat - {lat}) * k, {lon} + (ll.lng - {lon}) * k); }})()"
    )
    reshapes = []
    for rep in range(6):  # out, in, out, … (the same vertex back and forth)
        script = drag.format(lat=c.y, lon=c.x, step=0.03 if rep % 2 == 0 else -0.025)
        t1 = time.perf_counter()
        view.run_js(script)
        wait(document.planChanged)
        version = view.version
        wait(view.frameDrawn, lambda v, version=version: v >= version)
        reshapes.append((time.perf_counter() - t1) * 1000)
    reshape = statistics.median(reshapes)
    import pandas as pd

    view.set_color_by("weekday")  # then calendars in which every customer changes weekday
    ids = document.plan.customers[m.CUSTOMER_ID].to_numpy()
    weekdays = [m.WEEKDAYS[(i + shift) % 5] for shift in range(6) for i in range(len(ids))]
    day_times = []
    for shift in range(6):
        calendar = pd.DataFrame({"customer_id": ids, "week": 1,
                                 "day": weekdays[shift * len(ids):(shift + 1) * len(ids)]})
        t1 = time.perf_counter()
        document.push(edits.SetSchedule(calendar))
        version = view.version
        wait(view.frameDrawn, lambda v, version=version: v >= version)
        if shift:  # the first one also carries the switch to visit-day colours
            day_times.append((time.perf_counter() - t1) * 1000)
    view.set_color_by("territory")
    pan_plain = _pan_ms(view, wait)
    document.set_selection(tuple(document.plan.customers[m.CUSTOMER_ID]))
    pan_selected = _pan_ms(view, wait)
    document.set_selection(())
    rss = _rss_tree_mb(os.getpid())
    view.close()
    return {
        "n": n,
        "ready_s": ready,
        "data_mb": size_mb,
        "recolor_ms": statistics.median(times),
        "reshape_ms": reshape,
        "days_ms": statistics.median(day_times),
        "pan_ms": pan_plain,
        "pan_selected_ms": pan_selected,
        "rss_mb": rss,
    }


def _pan_ms(view, wait) -> float:
    """Median ms (of 5, timed in the page) from a 300 px pan to the next painted frame."""
    from PySide6.QtCore import QEventLoop

    script = (
        "(function () { window.__pan = null; var t = performance.now();"
        " TP.map.panBy([%d, 0], {animate: false});"
        " requestAnimationFrame(function () { setTimeout(function () {"
        "   window.__pan = performance.now() - t; }, 0); }); })()"
    )
    def run(js: str) -> object:
        loop, out = QEventLoop(), []

        def back(result: object) -> None:
            out.append(result)
            loop.quit()

        view.run_js(js, back)
        loop.exec()
        return out[0]

    times = []
    for rep in range(6):
        run(script % (300 if rep % 2 == 0 else -300))
        value = None
        while value in (None, ""):  # null until the frame is painted
            value = run("window.__pan")
        if rep:  # the first pan also settles the selection's first drawing
            times.append(float(value))  # type: ignore[arg-type]
    del wait
    return statistics.median(times)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(child(int(sys.argv[2]))))
        return
    if any(a in ("-h", "--help") for a in sys.argv[1:]):
        print(f"usage: python benchmarks/bench_map.py [SIZE ...]  (default: {' '.join(map(str, SIZES))})")
        return
    sizes = [int(a) for a in sys.argv[1:]] or list(SIZES)
    print(
        f"{'customers':>9} {'ready s':>8} {'data MB':>8} {'recolor ms':>11} "
        f"{'reshape ms':>11} {'days ms':>8} {'pan ms':>7} {'all sel':>8} {'RSS MB':>8}"
    )
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(n)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['n']:>9} {r['ready_s']:>8.2f} {r['data_mb']:>8.1f} {r['recolor_ms']:>11.0f} "
            f"{r['reshape_ms']:>11.0f} {r['days_ms']:>8.0f} {r['pan_ms']:>7.0f} "
            f"{r['pan_selected_ms']:>8.0f} {r['rss_mb']:>8.0f}"
        )


if __name__ == "__main__":
    main()
