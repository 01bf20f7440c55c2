"""Holidays and days off in a dated calendar: how many of their visits still happen.

Run: ``python benchmarks/bench_holidays.py``. The 2,000 customers / 10 reps of
``bench_schedule.py`` (8-week horizon from Monday 2026-12-07, so 1/1 元日 and 1/11 成人の日
fall in it), once as they are and once "busy" (every visit 1.5× as long, so most days are
full). Two sets of closed days: the public holidays alone, and with the company's year-end
closure 12/29–1/3 (``settings.company_days_off``) too.

For each, the visits the calendar had on the closed days (the same calendar built with
``--holidays keep`` and no closure) and what became of them:

* ``ours`` — :func:`planner._schedule_off.move_off`: the nearest open day of the week;
  customers seen every 2 weeks or less often may take the week before or after; a weekly
  visit with no room takes the place of such a visit, which moves a week;
* ``same week`` — the baseline (the previous behaviour): only another day of the same week,
  measured in the same run by turning the week moves off.

Columns: visits on closed days, visits kept (moved to another day), visits left out,
customers left with no visit at all, the longest day (h), the build seconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_schedule import realistic_plan  # noqa: E402

from planner import _schedule_off  # noqa: E402
from planner import model as m  # noqa: E402
from planner._schedule_off import skipped_visits  # noqa: E402
from planner.days_off import parse_days_off  # noqa: E402
from planner.schedule import build_schedule  # noqa: E402

START = "2026-12-07"


def _closed_visits(reference: m.Plan, closed: set[str]) -> int:
    """Visits of the calendar built without moving anything that fall on ``closed`` dates."""
    return int(reference.schedule["date"].isin(closed).sum())


def _row(name: str, method: str, on_closed: int, built: m.Plan, secs: float) -> str:
    skipped = len(skipped_visits(built))
    ids = set(built.schedule["customer_id"])
    gone = built.unscheduled
    no_visit = int(gone["reason"].str.contains("falls on").sum())
    # a customer left with no visit loses every visit it had on the closed days
    left_out = skipped + no_visit
    kept = on_closed - left_out
    longest = float(built.schedule["day_hours"].max())
    assert not set(gone["customer_id"]) & ids
    return (
        f"| {name} | {method} | {on_closed:,} | {kept:,} ({kept / max(1, on_closed):.0%}) | "
        f"{left_out:,} | {no_visit:,} | {longest:.2f} | {secs:.1f} |"
    )


def main() -> None:
    plan, _secs = realistic_plan(2000, 10)
    busy_customers = plan.customers.copy()
    busy_customers[m.SERVICE_MINUTES] = busy_customers[m.SERVICE_MINUTES] * 1.5
    cases = {"2,000 / 10": plan, "2,000 / 10 busy (visits 1.5×)": plan.replace(
        customers=busy_customers)}
    year_end = parse_days_off("12/29〜1/3", start=dt.date.fromisoformat(START))
    print("| case | method | visits on closed days | kept | left out | customers with no "
          "visit | longest day h | seconds |")
    print("|---|---|---|---|---|---|---|---|")
    for name, base in cases.items():
        dated = dataclasses.replace(base.settings, start_date=START)
        t0 = time.perf_counter()
        reference = build_schedule(
            base.replace(settings=dataclasses.replace(dated, skip_holidays=False))
        )
        ref_secs = time.perf_counter() - t0
        dates = reference.schedule[["date", "holiday"]].drop_duplicates()
        holidays = set(dates.loc[dates["holiday"] != "", "date"])
        print(f"| {name} | reference: no day closed | – | – | – | – | "
              f"{reference.schedule['day_hours'].max():.2f} | {ref_secs:.1f} |")
        for closure, company in (("holidays", ()), ("holidays + 12/29–1/3", year_end)):
            settings = dataclasses.replace(dated, company_days_off=company)
            closed = holidays | set(company)
            on_closed = _closed_visits(reference, closed)
            for method in ("ours", "same week"):
                t0 = time.perf_counter()
                if method == "ours":
                    built = build_schedule(base.replace(settings=settings))
                else:
                    with mock.patch.object(_schedule_off, "shiftable", lambda cal, i: False):
                        built = build_schedule(base.replace(settings=settings))
                secs = time.perf_counter() - t0
                print(_row(f"{name}, {closure}", method, on_closed, built, secs), flush=True)


if __name__ == "__main__":
    main()
