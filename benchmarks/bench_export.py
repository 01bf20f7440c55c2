"""Export speed at 1k/10k/100k customers: Excel workbook, PDF handouts, the shareable HTML map
and the reps' phone calendars (.ics, one file per rep).

The calendar is a quick synthetic one (each customer on a fixed weekday, weekly /
bi-weekly / 4-weekly by frequency) so the figures measure the exports alone.
Usage: ``python benchmarks/bench_export.py [--sizes 1000,10000,100000] [--pdf-reps 50]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from planner import model as m
from planner.synthetic import synthetic_plan


def quick_schedule(plan: m.Plan, *, weeks: int = 4) -> m.Plan:
    """A plausible 4-week calendar built in a vectorised way (not optimised routes)."""
    c = plan.customers
    n = len(c)
    days = np.array(plan.settings.working_days, dtype=object)
    rng = np.random.default_rng(0)
    day = days[rng.integers(0, len(days), n)]
    freq = c[m.FREQUENCY].to_numpy(dtype=float)
    parts = []
    for w in range(1, weeks + 1):
        offset = np.arange(n) % 2
        take = (freq >= 4) | ((freq >= 2) & ((w - 1) % 2 == offset)) | (
            (freq < 2) & (np.arange(n) % weeks == w - 1)
        )
        parts.append(pd.DataFrame({
            "territory": c[m.TERRITORY].to_numpy()[take],
            "customer_id": c[m.CUSTOMER_ID].to_numpy()[take],
            "week": w, "day": day[take],
        }))
    s = pd.concat(parts, ignore_index=True)
    s["seq"] = s.groupby(["territory", "week", "day"]).cumcount() + 1
    start = 9 * 60 + (s["seq"] - 1) * 35
    s["arrival"] = [f"{int(v) // 60:02d}:{int(v) % 60:02d}" for v in start]
    s["departure"] = [f"{int(v + 25) // 60:02d}:{int(v + 25) % 60:02d}" for v in start]
    s["travel_km"] = 2.0
    s["travel_minutes"] = 8.0
    # dated from Monday 2026-12-07 (the phone calendars need dates)
    from planner._schedule_dates import add_dates

    settings = dataclasses.replace(plan.settings, start_date="2026-12-07")
    s = s[list(m.SCHEDULE_COLUMNS)].copy()
    add_dates(s, settings)
    return plan.replace(schedule=s, settings=settings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--pdf-reps", type=int, default=50, help="reps in the PDF run (20 days each)")
    args = parser.parse_args()
    from planner.export.excel import export_workbook
    from planner.export.handouts import export_handouts
    from planner.export.ical import export_calendars
    from planner.maps.share import export_share_map

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in [int(s) for s in args.sizes.split(",")]:
            territories = max(2, min(50, n // 2000))
            plan = quick_schedule(synthetic_plan(n, territories=territories, seed=1))
            visits = len(plan.schedule)
            t0 = time.perf_counter()
            export_workbook(plan, Path(tmp) / f"p{n}.xlsx")
            t_xlsx = time.perf_counter() - t0
            t0 = time.perf_counter()
            export_share_map(plan, Path(tmp) / f"p{n}.html")
            t_html = time.perf_counter() - t0
            size = (Path(tmp) / f"p{n}.html").stat().st_size / 1e6
            folder = Path(tmp) / f"ics{n}"
            folder.mkdir()
            t0 = time.perf_counter()
            export_calendars(plan, folder)
            t_ics = time.perf_counter() - t0
            ics_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
            rows.append((n, territories, visits, t_xlsx, t_html, size, t_ics, ics_mb))
        # PDF: the stated target is 50 reps × 20 days
        reps = args.pdf_reps
        plan = quick_schedule(synthetic_plan(reps * 60, territories=reps, seed=2))
        t0 = time.perf_counter()
        export_handouts(plan, Path(tmp) / "h.pdf")
        t_pdf = time.perf_counter() - t0
        pdf_mb = (Path(tmp) / "h.pdf").stat().st_size / 1e6
    print(f"{'customers':>10} {'reps':>5} {'visits':>8} {'xlsx s':>8} {'html s':>8} {'html MB':>8}"
          f" {'ics s':>8} {'ics MB':>8}")
    for n, t, v, a, b, size, c, ics_mb in rows:
        print(f"{n:>10,} {t:>5} {v:>8,} {a:>8.2f} {b:>8.2f} {size:>8.1f} {c:>8.2f} {ics_mb:>8.1f}")
    print(f"PDF handouts: {reps} reps x 20 days ({reps * 60} customers): {t_pdf:.1f} s, "
          f"{pdf_mb:.1f} MB")


if __name__ == "__main__":
    main()
