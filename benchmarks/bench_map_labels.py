"""Territory names on the map: what placing them costs each move (real QtWebEngine, offscreen).

A synthetic plan of N customers in T territories with boundaries from
``geometry.boundaries_from_assignment`` (100,000 × 50 by default), the map 1200 × 800:

* ``place ms`` — the page's own placing of every name for the view (``TP.layers.declutter``,
  what runs on every ``moveend``), timed in the page with ``performance.now()``, median and
  fastest of 21 calls, at zoom 8 (the whole region), 11, 14 and 16 over a border between two
  territories
* ``pan ms``   — a 300 px pan until the next frame is painted (the customers' canvas redrawn and
  the names placed), timed in the page, median of 5, at the same views
* ``vertices`` — vertices of all boundaries the page holds; ``shown`` names drawn in the view

Run: ``python benchmarks/bench_map_labels.py [CUSTOMERS TERRITORIES]`` (tiles blocked).
"""

from __future__ import annotations

import json
import os
import statistics
import sys

ZOOMS = (8, 11, 14, 16)


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    import PySide6.QtWebEngineWidgets  # noqa: F401

    from planner.ui import web_setup

    web_setup.before_application()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineUrlRequestInterceptor
    from PySide6.QtWidgets import QApplication

    from planner import model as m
    from planner.geometry import boundaries_from_assignment
    from planner.synthetic import synthetic_plan
    from planner.ui.document import PlanDocument
    from planner.ui.map_view import MapView

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    k = int(sys.argv[2]) if len(sys.argv) > 2 else 50

    class Offline(QWebEngineUrlRequestInterceptor):
        def interceptRequest(self, info):  # noqa: N802
            if info.requestUrl().scheme() != "tpmap":
                info.block(True)

    _app = QApplication.instance() or QApplication([])
    interceptor = Offline()
    QWebEngineProfile.defaultProfile().setUrlRequestInterceptor(interceptor)
    plan = synthetic_plan(n, territories=k, seed=1)
    plan = plan.replace(territories=boundaries_from_assignment(plan))
    view = MapView()
    view.resize(1200, 800)
    view.show()
    view.set_document(PlanDocument(plan))
    loop = QEventLoop()
    view.mapReady.connect(loop.quit)
    QTimer.singleShot(180_000, loop.quit)
    loop.exec()

    def run(js: str) -> object:
        wait, out = QEventLoop(), []

        def back(result: object) -> None:
            out.append(result)
            wait.quit()

        view.run_js(js, back)
        wait.exec()
        return out[0]

    def settle() -> None:
        wait = QEventLoop()
        QTimer.singleShot(300, wait.quit)
        wait.exec()

    # a border: the midpoint between the two nearest label points
    a, b = plan.territories[0].boundary, None
    best = float("inf")
    for t in plan.territories[1:]:
        d = a.distance(t.boundary) + a.centroid.distance(t.boundary.centroid)
        if d < best:
            best, b = d, t.boundary
    border = a.intersection(b).centroid if a.intersects(b) else a.centroid
    vertices = run("TP.layers.list.reduce(function (s, t) { return s + (t.geometry ?"
                   " JSON.stringify(t.geometry.coordinates).split('],[').length : 0); }, 0)")
    place = (
        "(function () { var ts = []; for (var i = 0; i < 21; i++) { var t = performance.now();"
        " TP.layers.declutter(); ts.push(performance.now() - t); }"
        " ts.sort(function (a, b) { return a - b; }); return JSON.stringify([ts[10], ts[0]]); })()"
    )
    shown = ("(function () { var box = TP.map.getContainer().getBoundingClientRect();"
             " return TP.layers.labels.getLayers().filter(function (mk) {"
             " var e = mk.getElement().firstChild, r = e.getBoundingClientRect();"
             " return e.style.visibility !== 'hidden' && r.left >= box.left && r.right <= box.right"
             " && r.top >= box.top && r.bottom <= box.bottom; }).length; })()")
    pan = (
        "(function () { window.__pan = null; var t = performance.now();"
        " TP.map.panBy([%d, 0], {animate: false});"
        " requestAnimationFrame(function () { setTimeout(function () {"
        "   window.__pan = performance.now() - t; }, 0); }); })()"
    )
    print(f"{n} customers, {k} territories, {vertices} boundary vertices (1200 × 800 view)")
    print(f"{'zoom':>4} {'place ms':>9} {'fastest':>8} {'pan ms':>7} {'shown':>6}")
    for zoom in ZOOMS:
        centre = (border.y, border.x) if zoom > 8 else (plan.customers[m.LAT].mean(),
                                                          plan.customers[m.LON].mean())
        run(f"TP.map.setView([{centre[0]}, {centre[1]}], {zoom}, {{animate: false}}) && 1")
        settle()
        placed, fastest = json.loads(str(run(place)))
        times = []
        for rep in range(6):
            run(pan % (300 if rep % 2 == 0 else -300))
            value = None
            while value in (None, ""):
                value = run("window.__pan")
            if rep:
                times.append(float(value))  # type: ignore[arg-type]
        print(f"{zoom:>4} {placed:>9.2f} {fastest:>8.2f} {statistics.median(times):>7.0f} "
              f"{run(shown):>6}")
    view.close()
    print(json.dumps({"ok": True}))


if __name__ == "__main__":
    main()
