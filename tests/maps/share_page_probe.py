"""The shared HTML map on a screen of a given device pixel ratio, as a test's own process.

Qt reads its scale factor (``QT_SCALE_FACTOR``) once, when the application starts, so
``test_share_hidpi.py`` runs this file once per ratio and reads the JSON it prints: for a
page of spaced customers and one of 20,000, the ratio the page sees, its customer picture's
backing size, each customer's pixel read back from that picture at its place on the map,
the customer a real mouse move over it shows, and its circle's width in a grab of the window.

    QT_SCALE_FACTOR=2 python tests/maps/share_page_probe.py OUT_DIR
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
from PySide6.QtCore import QEvent, QEventLoop, QPointF, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineSettings  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from planner import model as m  # noqa: E402
from planner.maps.share import export_share_map  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402
from planner.ui import pyside_fixes  # noqa: E402 - PySide 6.12 loses references to None
from tests.maps.test_share_html import _Interceptor, _Page  # noqa: E402

#: Per customer: its container point, the picture's pixel there (read back), its colour.
READ_BACK = """(function (which) {
  var s = TP_SHARE, c = s.map.getPane('tpPoints').querySelector('canvas');
  var d = JSON.parse(document.getElementById('tp-data').textContent).customers;
  var box = c.getBoundingClientRect(), at = s.map.getContainer().getBoundingClientRect();
  var per = c.width / box.width, ctx = c.getContext('2d'), out = [];
  which.forEach(function (i) {
    var p = s.map.latLngToContainerPoint([d.lat[i], d.lon[i]]);
    var px = Math.round((p.x + at.left - box.left) * per);
    var py = Math.round((p.y + at.top - box.top) * per);
    var v = ctx.getImageData(px, py, 1, 1).data, fill = s.points.fill(i);
    out.push({ i: i, x: p.x, y: p.y, hit: s.points.at(p.x + 1, p.y), fill: fill,
               pixel: '#' + [v[0], v[1], v[2]].map(function (b) {
                 return (b + 256).toString(16).slice(1); }).join(''), name: d.name[i] });
  });
  return JSON.stringify({ ratio: window.devicePixelRatio, picture: per,
    declared: s.points.ratio ? s.points.ratio() : null,
    width: c.width, height: c.height, cssWidth: box.width, cssHeight: box.height,
    customers: out });
})(%s)"""


def js(view: QWebEngineView, script: str) -> object:
    box: dict[str, object] = {}
    loop = QEventLoop()
    view.page().runJavaScript(script, 0, lambda r: (box.setdefault("r", r), loop.quit()))
    QTimer.singleShot(20_000, loop.quit)
    loop.exec()
    return box.get("r")


def until(view: QWebEngineView, script: str) -> None:
    end = time.monotonic() + 30
    while not js(view, script):
        if time.monotonic() > end:
            raise TimeoutError(script)
        QApplication.processEvents()


def painted(view: QWebEngineView):
    """A grab of the window once the page's frame has reached it (blank until then)."""
    end = time.monotonic() + 30
    while True:
        image = view.grab().toImage()
        step = max(1, image.width() // 40)
        if len({image.pixel(x, y) for x in range(0, image.width(), step)
                for y in range(0, image.height(), step)}) > 3 or time.monotonic() > end:
            return image
        QApplication.processEvents()


def spaced_plan() -> m.Plan:
    """40 customers on a grid 0.02° apart (no circle covers another's centre), one without a rep."""
    plan = synthetic_plan(40, territories=3, seed=5)
    c = plan.customers.copy()
    c[m.LAT] = 35.6 + 0.02 * (np.arange(40) // 8)
    c[m.LON] = 139.6 + 0.02 * (np.arange(40) % 8)
    c.loc[2, m.TERRITORY] = ""
    return plan.replace(customers=m.set_points(c))


def circle_width(image, x: float, y: float, colour: str, ratio: float) -> float:
    """The run of the circle's colour through its centre in a grab, in CSS pixels."""
    want = [int(colour[k:k + 2], 16) for k in (1, 3, 5)]

    def like(px: int) -> bool:
        rgb = image.pixelColor(px, round(y * ratio))
        return sum(abs(a - b) for a, b in zip((rgb.red(), rgb.green(), rgb.blue()), want, strict=True)) < 60

    cx = round(x * ratio)
    left = right = cx
    while like(left - 1):
        left -= 1
    while like(right + 1):
        right += 1
    return (right - left + 1) / ratio


def probe(app: QApplication, out: Path, name: str, plan: m.Plan, which: list[int]) -> dict:
    path = export_share_map(plan, out / f"{name}.html")
    profile = QWebEngineProfile()
    interceptor = _Interceptor(str(path))
    profile.setUrlRequestInterceptor(interceptor)
    page = _Page(profile)
    page.settings().setAttribute(
        QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
    view = QWebEngineView()
    view.setPage(page)
    view.resize(900, 700)
    view.show()
    view.load(QUrl.fromLocalFile(str(path)))
    until(view, "!!(window.TP_SHARE && TP_SHARE.drawn)")
    found = json.loads(str(js(view, READ_BACK % json.dumps(which))))
    ratio = found["ratio"]
    image = painted(view)
    image.save(str(out / f"{name}-x{ratio:g}.png"))
    found["circle"] = [circle_width(image, c["x"], c["y"], c["fill"], image.width() / 900)
                       for c in found["customers"]]
    first = found["customers"][0]  # a real pointer over it: Qt -> Chromium -> the page
    spot = QPointF(first["x"], first["y"])
    end = time.monotonic() + 30
    while not js(view, "!!document.querySelector('.leaflet-tooltip')"):
        if time.monotonic() > end:  # (the engine may drop moves before it takes input)
            raise TimeoutError("no tooltip")
        for where in (spot + QPointF(-30, 0), spot):
            app.sendEvent(view.focusProxy(), QMouseEvent(
                QEvent.Type.MouseMove, where, view.mapToGlobal(where), Qt.MouseButton.NoButton,
                Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
        QApplication.processEvents()
    found["tooltip"] = js(view, "document.querySelector('.leaflet-tooltip').textContent")
    found["errors"], found["requests"] = page.errors + page.alerts, interceptor.other
    view.close()
    view.setPage(None)
    return found


def main() -> None:
    out = Path(sys.argv[1])
    pyside_fixes.apply()
    app = QApplication(sys.argv[:1])
    dense = synthetic_plan(20_000, territories=10, seed=1)
    result = {
        "spaced": probe(app, out, "spaced", spaced_plan(), list(range(40))),
        "dense": probe(app, out, "dense", dense, [len(dense.customers) - 1]),
    }
    print(json.dumps(result), flush=True)
    os._exit(0)  # skip tearing down the web engine (it may crash at exit offscreen)


if __name__ == "__main__":
    main()
