"""The shared HTML map's planned visits in the popup (``12/7(月) 3番目 09:40着``) and a rep's
day view (the day's stops numbered, the route, the day's line): what they cost the written
page, at 1k/10k/100k customers with a made-up four-week calendar
(``bench_morning.with_calendar``, 1–4 visits a customer).

Rows: the page as written now; the same page without the day view's own data (each rep-day's
figures and each day's link name: the day view finds its stops in the popup's visits); and
without the visits either (the baseline), in the same run; seconds to write the file, and its
size (each after one untimed write of the plan, which fills the calendar's indexes that
every variant then reads). ``--open``: the page at the largest size opened in QtWebEngine (offscreen), and the
milliseconds to show one rep's busiest day and to go back to all customers (median of 5).

    python benchmarks/bench_share_visits.py [--sizes 1000:5,10000:20,100000:50] [--open]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "benchmarks"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from bench_morning import with_calendar  # noqa: E402

import planner.maps.share as share  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402


def write(plan, out: Path) -> tuple[float, float]:
    t = time.perf_counter()
    share.export_share_map(plan, out)
    return time.perf_counter() - t, out.stat().st_size / 1e6


def no_keys(real):
    """The visits as the popup had them before the day view: no link name per day."""
    def stand_in(plan, ids):
        out = real(plan, ids)
        out.pop("keys", None)
        return out
    return stand_in


#: One rep's busiest day shown, then all customers again, five times: median milliseconds.
TIMING = """(function () {
  var D = TP_SHARE.data.day_view, best = 0;
  for (var r = 1; r < D.n.length; r++) { if (D.n[r] > D.n[best]) { best = r; } }
  var show = [], back = [];
  for (var k = 0; k < 5; k++) {
    var t0 = performance.now();
    TP_SHARE.day.show(D.t[best], D.day[best]);
    var t1 = performance.now();
    TP_SHARE.day.all();
    show.push(t1 - t0); back.push(performance.now() - t1);
  }
  var mid = function (v) { return v.sort(function (a, b) { return a - b; })[2]; };
  return JSON.stringify({ stops: D.n[best], show: mid(show), back: mid(back) });
})()"""


def open_page(path: Path) -> dict:
    """The page in QtWebEngine: the time to show a day and to go back (see TIMING)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")
    sys.path.insert(0, str(ROOT / "tests" / "maps"))
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from PySide6.QtWidgets import QApplication
    from share_page_probe import js, until

    app = QApplication.instance() or QApplication([])
    view = QWebEngineView()
    view.resize(1200, 800)
    view.show()
    view.load(QUrl.fromLocalFile(str(path)))
    until(view, "!!(window.TP_SHARE && TP_SHARE.drawn)")
    found = json.loads(str(js(view, TIMING)))
    view.close()
    app.processEvents()
    return found


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000:5,10000:20,100000:50")
    ap.add_argument("--open", action="store_true")
    args = ap.parse_args()
    real, routes = share.visit_stops, share.day_routes
    print(f"{'customers':>10} {'page':<30} {'write s':>8} {'MB':>7}")
    largest = None
    with tempfile.TemporaryDirectory() as tmp:
        write(synthetic_plan(50, territories=2, seed=1), Path(tmp) / "warm.html")  # assets read
        for size in args.sizes.split(","):
            n, k = (int(v) for v in size.split(":"))
            plan = with_calendar(synthetic_plan(n, territories=k, seed=1))
            write(plan, Path(tmp) / "warm.html")  # the calendar's indexes, kept on the plan
            try:
                now = write(plan, Path(tmp) / f"now-{n}.html")
                share.visit_stops, share.day_routes = no_keys(real), lambda plan: None
                no_day = write(plan, Path(tmp) / "no_day.html")
                share.visit_stops = lambda plan, ids: {"format": "", "days": [], "times": [],
                                                       "visits": []}
                base = write(plan, Path(tmp) / "base.html")
            finally:
                share.visit_stops, share.day_routes = real, routes
            print(f"{n:>10,} {'with visits and day view':<30} {now[0]:>8.2f} {now[1]:>7.2f}")
            print(f"{n:>10,} {'with visits, no day view':<30} {no_day[0]:>8.2f} {no_day[1]:>7.2f}")
            print(f"{n:>10,} {'without either (baseline)':<30} {base[0]:>8.2f} {base[1]:>7.2f}",
                  flush=True)
            largest = (n, Path(tmp) / f"now-{n}.html")
        if args.open and largest is not None:
            found = open_page(largest[1])
            print(f"\nin the page at {largest[0]:,} customers: the busiest rep-day "
                  f"({found['stops']} stops) shown in {found['show']:.0f} ms, "
                  f"back to all customers in {found['back']:.0f} ms (median of 5)", flush=True)
    os._exit(0)  # skip tearing down the web engine (it may crash at exit offscreen)


if __name__ == "__main__":
    main()
