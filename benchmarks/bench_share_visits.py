"""The shared HTML map's planned visits in the popup (``12/7(月) 3番目 09:40着``): what they
cost the written page, at 1k/10k/100k customers with a made-up four-week calendar
(``bench_morning.with_calendar``, 1–4 visits a customer).

Rows: the page as written now, and the same page without the visits (the baseline: the
popup's list of visits left out), in the same run; seconds to write the file, and its size.

    python benchmarks/bench_share_visits.py [--sizes 1000:5,10000:20,100000:50]
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000:5,10000:20,100000:50")
    args = ap.parse_args()
    real = share.visit_stops
    print(f"{'customers':>10} {'page':<22} {'write s':>8} {'MB':>7}")
    for size in args.sizes.split(","):
        n, k = (int(v) for v in size.split(":"))
        plan = with_calendar(synthetic_plan(n, territories=k, seed=1))
        with tempfile.TemporaryDirectory() as tmp:
            share.visit_stops = real
            now = write(plan, Path(tmp) / "now.html")
            share.visit_stops = lambda plan, ids: {"format": "", "days": [], "times": [],
                                                   "visits": []}
            base = write(plan, Path(tmp) / "base.html")
            share.visit_stops = real
        print(f"{n:>10,} {'with the visits':<22} {now[0]:>8.2f} {now[1]:>7.2f}")
        print(f"{n:>10,} {'without (baseline)':<22} {base[0]:>8.2f} {base[1]:>7.2f}", flush=True)


if __name__ == "__main__":
    main()
