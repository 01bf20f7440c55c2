"""The shared HTML map (``export --html``) in a browser engine at 1k/10k/100k customers.

For each size, the page as the program writes it and the previous page (one Leaflet circle
marker per customer, the engine's own canvas renderer; taken from git at commit
``cd6e85a``), in the same run, in Qt WebEngine offscreen (software rendering):

* ``load s``: from loading the file until the page has drawn every customer;
* ``zoom ms``: median of six zoom steps (in and out, not animated) until the next frame;
* ``pan ms``: median of six pans by half the window until the next frame.

``--scale 2`` runs the pages on a screen of device pixel ratio 2 (Windows at 200 %, a Retina
Mac): ``QT_SCALE_FACTOR``, which the page sees as ``window.devicePixelRatio`` (checked) with
the window's CSS size unchanged (Chromium's ``--force-device-scale-factor`` does nothing in
Qt WebEngine). ``--baseline COMMIT`` compares with the page of another commit.

    python benchmarks/bench_share_page.py [--sizes 1000 10000 100000] [--scale 2]
        [--baseline cd6e85a]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

from PySide6.QtCore import QEventLoop, QTimer, QUrl  # noqa: E402
from PySide6.QtWebEngineWidgets import QWebEngineView  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from planner.maps import share  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402
from planner.ui import pyside_fixes  # noqa: E402

BASELINE = "cd6e85a"


def _git_show(commit: str, path: str) -> str | None:
    try:
        return subprocess.run(["git", "show", f"{commit}:{path}"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


def previous_page_js(commit: str = BASELINE) -> str | None:
    """The page script of a commit (None outside a git checkout)."""
    script = _git_show(commit, "planner/maps/static/share_page.js")  # its own file since 12-01
    if script is not None:
        return script
    text = _git_show(commit, "planner/maps/share.py")
    if text is None:
        return None
    old = types.ModuleType("share_before")
    exec(compile(text, "share_before", "exec"), old.__dict__)  # noqa: S102 - our own file
    return str(old._PAGE_JS)


def js(view: QWebEngineView, script: str, timeout: float = 120.0) -> object:
    box: dict[str, object] = {}
    loop = QEventLoop()

    def done(result: object) -> None:
        box["r"] = result
        loop.quit()

    view.page().runJavaScript(script, 0, done)
    QTimer.singleShot(int(timeout * 1000), loop.quit)
    loop.exec()
    return box.get("r")


def until(view: QWebEngineView, script: str, timeout: float = 120.0) -> None:
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if js(view, script):
            return
        QApplication.processEvents()
        time.sleep(0.02)
    raise TimeoutError(script)


FRAME = """(function () { window.tpFrame = false; requestAnimationFrame(function () {
    requestAnimationFrame(function () { window.tpFrame = true; }); }); return 1; })()"""


def timed(view: QWebEngineView, action: str) -> float:
    t = time.perf_counter()
    js(view, f"{action}; {FRAME}")
    until(view, "window.tpFrame === true")
    return time.perf_counter() - t


def measure(path: Path, scale: float) -> tuple[float, float, float]:
    view = QWebEngineView()
    view.resize(1200, 800)
    view.show()
    t = time.perf_counter()
    view.load(QUrl.fromLocalFile(str(path)))
    until(view, "!!(window.TP_SHARE && TP_SHARE.drawn)", timeout=600)
    loaded = time.perf_counter() - t
    ratio = js(view, "window.devicePixelRatio")
    if ratio != scale:
        raise RuntimeError(f"the page sees a device pixel ratio of {ratio}, not {scale}")
    zooms = [timed(view, f"TP_SHARE.map.setZoom(TP_SHARE.map.getZoom() {d} 1, "
                         "{animate: false})") for d in ("+", "+", "+", "-", "-", "-")]
    pans = [timed(view, f"TP_SHARE.map.panBy([{dx}, 0], {{animate: false}})")
            for dx in (600, -600, 600, -600, 600, -600)]
    view.close()
    view.deleteLater()
    return loaded, statistics.median(zooms), statistics.median(pans)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--scale", type=float, default=1.0,
                        help="device pixel ratio of the screen (2 = Windows at 200 %%)")
    parser.add_argument("--baseline", default=BASELINE, help="the commit to compare with")
    args = parser.parse_args()
    if args.scale != 1:  # read when the application starts
        os.environ["QT_SCALE_FACTOR"] = f"{args.scale:g}"
    pyside_fixes.apply()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - must live
    before = previous_page_js(args.baseline)
    now = share._PAGE_JS
    print(f"device pixel ratio {args.scale:g}")
    print(f"{'customers':>9} {'page':>9} {'load s':>7} {'zoom ms':>8} {'pan ms':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for n in args.sizes:
            plan = synthetic_plan(n, territories=30 if n >= 10_000 else 8, seed=1)
            for name, script in (("now", now), (args.baseline[:9], before)):
                if script is None:
                    continue
                share._PAGE_JS = script
                path = share.export_share_map(plan, Path(folder) / f"{name}-{n}.html")
                share._PAGE_JS = now
                loaded, zoom, pan = measure(path, args.scale)
                print(f"{n:>9} {name:>9} {loaded:>7.2f} {zoom * 1e3:>8.0f} {pan * 1e3:>7.0f}",
                      flush=True)
    sys.stdout.flush()
    os._exit(0)  # skip tearing down the web engine (it may crash at exit offscreen)


if __name__ == "__main__":
    raise SystemExit(main())
