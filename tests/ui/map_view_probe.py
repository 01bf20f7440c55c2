"""The window's map on a screen of a given device pixel ratio, as a test's own process.

Qt reads its scale factor (``QT_SCALE_FACTOR``) once, when the application starts, so
``test_map_hidpi.py`` runs this file once per ratio and reads the JSON it prints: for a plan
of spaced customers and one of 20,000, the ratio the page sees, its customer picture's
pixels per CSS pixel, each spaced customer's pixel read back from that picture, the page's
hit test there, and the tooltip a real mouse move over the first one shows.

    QT_SCALE_FACTOR=2 python tests/ui/map_view_probe.py OUT_DIR
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import numpy as np  # noqa: E402
from PySide6.QtCore import QEvent, QEventLoop, QPoint, QPointF, Qt, QTimer  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWebEngineCore import QWebEngineProfile  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from planner import model as m  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402
from planner.ui import web_setup  # noqa: E402 - (applies planner.ui's PySide fixes)
from planner.ui.document import PlanDocument  # noqa: E402
from planner.ui.map_view import MapView  # noqa: E402
from tests.ui.test_map_view import Interceptor  # noqa: E402

#: The picture, and per customer: its container point, the pixel there, its colour, the hit.
READ_BACK = """(function (which) {
  var P = TP.points, c = P.layer._container, box = c.getBoundingClientRect();
  var per = c.width / box.width, ctx = c.getContext('2d');
  return { ratio: window.devicePixelRatio, picture: per, declared: P.pixelRatio,
    height: c.height, cssHeight: box.height, customers: which.map(function (i) {
      var p = TP.map.latLngToContainerPoint([P.lat[i], P.lon[i]]);
      var v = ctx.getImageData(Math.round(P.sx[i] * per), Math.round(P.sy[i] * per), 1, 1).data;
      return { i: i, x: p.x, y: p.y, hit: P.hit(p), name: P.names[i], fill: P.colorOf(i),
               pixel: '#' + [v[0], v[1], v[2]].map(function (b) {
                 return (b + 256).toString(16).slice(1); }).join('') }; }) };
})(%s)"""


def js(view: MapView, script: str) -> object:
    box: dict[str, object] = {}
    loop = QEventLoop()
    view.run_js(f"JSON.stringify({script})",
                lambda r: (box.setdefault("r", r), loop.quit()))
    QTimer.singleShot(20_000, loop.quit)
    loop.exec()
    text = box.get("r")
    return None if text in (None, "") else json.loads(str(text))


def until(check) -> None:
    end = time.monotonic() + 60
    while not check():
        if time.monotonic() > end:
            raise TimeoutError
        QApplication.processEvents()


def spaced_plan() -> m.Plan:
    """40 customers on a grid 0.02° apart (no circle covers another's centre), one without a rep."""
    plan = synthetic_plan(40, territories=3, seed=5)
    c = plan.customers.copy()
    c[m.LAT] = 35.6 + 0.02 * (np.arange(40) // 8)
    c[m.LON] = 139.6 + 0.02 * (np.arange(40) % 8)
    c.loc[2, m.TERRITORY] = ""
    return plan.replace(customers=m.set_points(c),
                        territories=tuple(t.replace(boundary=None) for t in plan.territories))


#: The container points of the bottom row of the grid (customers 0-7) and of all the others.
ROWS = """(function () { var P = TP.points, out = [];
  for (var i = 0; i < P.n; i++) { out.push(TP.map.latLngToContainerPoint([P.lat[i], P.lon[i]])); }
  return { row: out.slice(0, 8), rest: out.slice(8), ids: P.ids.slice(0, 8) }; })()"""


def box_select(view: MapView, document: PlanDocument) -> tuple[list[str], list[str]]:
    """A real drag of the rectangle tool around the grid's bottom row: (selected, the row)."""
    view.set_tool("rect")
    until(lambda: js(view, "TP.tool === 'rect' && !TP.map._animatingZoom"))
    where = js(view, ROWS)
    xs, ys = [p["x"] for p in where["row"]], [p["y"] for p in where["row"]]
    start, end = QPoint(round(min(xs)) - 8, round(min(ys)) - 8), QPoint(
        round(max(xs)) + 8, round(max(ys)) + 8)
    assert not any(start.x() <= p["x"] <= end.x() and start.y() <= p["y"] <= end.y()
                   for p in where["rest"])  # the rectangle holds the row only
    target = view.view.focusProxy()
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(target, (start + end) / 2)
    QTest.mouseMove(target, end)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    until(lambda: bool(document.selection))
    view.set_tool("pan")
    return sorted(document.selection), sorted(where["ids"])


def probe(app: QApplication, out: Path, name: str, plan: m.Plan, which: list[int]) -> dict:
    profile = QWebEngineProfile.defaultProfile()
    interceptor = Interceptor()
    profile.setUrlRequestInterceptor(interceptor)
    view = MapView(profile=profile)
    view.resize(800, 600)
    view.show()
    document = PlanDocument(plan)
    view.set_document(document)
    until(view.is_ready)
    view.fit_all()
    drawn = "TP.points.grid !== null && TP.points.layer._bounds && TP.points.n === %d"
    until(lambda: js(view, drawn % len(plan.customers)))
    found = js(view, READ_BACK % json.dumps(which))
    view.view.grab().save(str(out / f"{name}-x{found['ratio']:g}.png"))
    first = found["customers"][0]  # a real pointer over it: Qt -> Chromium -> the page
    spot = QPointF(first["x"], first["y"])

    def hovered() -> bool:  # moved again until the page has seen it (it may drop early moves)
        for where in (spot + QPointF(-30, 0), spot):
            app.sendEvent(view.view.focusProxy(), QMouseEvent(
                QEvent.Type.MouseMove, where, view.view.mapToGlobal(where),
                Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
        QApplication.processEvents()
        return bool(js(view, "TP.points.tooltipText()"))

    until(hovered)
    found["tooltip"] = js(view, "TP.points.tooltipText()")
    if name == "spaced":
        found["box"], found["row"] = box_select(view, document)
    found["errors"], found["requests"] = list(view.page.errors), interceptor.foreign
    view.close()
    profile.setUrlRequestInterceptor(None)
    return found


def main() -> None:
    out = Path(sys.argv[1])
    web_setup.before_application()
    app = QApplication(sys.argv[:1])
    dense = synthetic_plan(20_000, territories=10, seed=1)
    result = {
        "spaced": probe(app, out, "spaced", spaced_plan(), list(range(40))),
        "dense": probe(app, out, "dense", dense, [0]),
    }
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip tearing down the web engine (it may crash at exit offscreen)


if __name__ == "__main__":
    main()
