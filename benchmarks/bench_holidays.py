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
customers left with no visit at all, visits of open days that gave way to a customer's only
visit (:mod:`planner._schedule_give_way`), the longest day (h), the build seconds.

``--roll`` measures next month instead: the dated calendar (holidays moved) rebuilt with
``keep_days=True`` and a start 4 (or 3) weeks later. For the customers seen every 2 weeks
or less often it counts those whose planned dates (a visit a holiday moved counts on the
day it was planned on) stay on one rhythm of their period across both calendars, and the
customers announced as having a new day or week. ``ours`` against ``no shift``: the same
code with the week shift and the planned days turned off (weeks kept by number, visits
counted where a holiday put them, as before 2026-11-30), in the same run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_schedule import realistic_plan  # noqa: E402

from planner import _schedule_keep, _schedule_off, schedule  # noqa: E402
from planner import model as m  # noqa: E402
from planner._schedule_off import gave_way_visits, skipped_visits  # noqa: E402
from planner.days_off import parse_days_off  # noqa: E402
from planner.schedule import build_schedule  # noqa: E402

START = "2026-12-07"


def _closed_visits(reference: m.Plan, closed: set[str]) -> int:
    """Visits of the calendar built without moving anything that fall on ``closed`` dates."""
    return int(reference.schedule["date"].isin(closed).sum())


def _row(name: str, method: str, on_closed: int, built: m.Plan, secs: float) -> str:
    gave = len(gave_way_visits(built))  # of open days, for a customer's only visit: apart
    skipped = len(skipped_visits(built)) - gave
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
        f"{left_out:,} | {no_visit:,} | {gave:,} | {longest:.2f} | {secs:.1f} |"
    )


def main() -> None:
    plan, _secs = realistic_plan(2000, 10)
    busy_customers = plan.customers.copy()
    busy_customers[m.SERVICE_MINUTES] = busy_customers[m.SERVICE_MINUTES] * 1.5
    cases = {"2,000 / 10": plan, "2,000 / 10 busy (visits 1.5×)": plan.replace(
        customers=busy_customers)}
    year_end = parse_days_off("12/29〜1/3", start=dt.date.fromisoformat(START))
    print("| case | method | visits on closed days | kept | left out | customers with no "
          "visit | visits given way | longest day h | seconds |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, base in cases.items():
        dated = dataclasses.replace(base.settings, start_date=START)
        t0 = time.perf_counter()
        reference = build_schedule(
            base.replace(settings=dataclasses.replace(dated, skip_holidays=False))
        )
        ref_secs = time.perf_counter() - t0
        dates = reference.schedule[["date", "holiday"]].drop_duplicates()
        holidays = set(dates.loc[dates["holiday"] != "", "date"])
        print(f"| {name} | reference: no day closed | – | – | – | – | – | "
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


def _on_rhythm(first: m.Plan, later: m.Plan) -> tuple[int, int]:
    """(customers seen every 2+ weeks in both calendars, those whose planned dates keep
    one rhythm of their period)."""
    start = dt.date.fromisoformat(START)
    freq = first.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY]
    a, b = first.schedule, later.schedule

    def mondays(v: Any) -> set[dt.date]:
        dates = [dt.date.fromisoformat(f or d) for d, f in zip(v["date"], v["moved_from"], strict=True)]
        return {d - dt.timedelta(days=d.weekday()) for d in dates}

    old = dict(tuple(a.groupby("customer_id")))
    total = kept = 0
    for cid, visits in b.groupby("customer_id"):
        f = float(freq.get(cid, 0.0))
        if not 0 < f < 4 or cid not in old:
            continue
        weeks = round(4 / f)
        total += 1
        both = mondays(old[cid]) | mondays(visits)
        kept += len({(d - start).days // 7 % weeks for d in both}) == 1
    return total, kept


def roll() -> None:
    plan, _secs = realistic_plan(2000, 10)
    first = build_schedule(plan.replace(settings=dataclasses.replace(
        plan.settings, start_date=START)))
    print("| rolled on | method | customers seen every 2+ weeks | on their rhythm | "
          "announced as changed | seconds |")
    print("|---|---|---|---|---|---|")
    for weeks in (4, 3):
        later = (dt.date.fromisoformat(START) + dt.timedelta(weeks=weeks)).isoformat()
        moved_on = first.replace(settings=dataclasses.replace(first.settings, start_date=later))
        for method in ("ours", "no shift"):
            t0 = time.perf_counter()
            if method == "ours":
                again = build_schedule(moved_on, keep_days=True)
            else:
                with mock.patch.object(_schedule_keep, "week_shift", lambda old, s: 0), \
                        mock.patch.object(schedule, "week_shift", lambda old, s: 0), \
                        mock.patch.object(_schedule_keep, "planned_visits", lambda c: c):
                    again = build_schedule(moved_on, keep_days=True)
            secs = time.perf_counter() - t0
            total, kept = _on_rhythm(first, again)
            changed = len(again.meta.get("schedule_changed_days") or {})
            print(f"| {weeks} weeks | {method} | {total:,} | {kept:,} ({kept / max(1, total):.0%}) "
                  f"| {changed:,} | {secs:.1f} |", flush=True)


if __name__ == "__main__":
    if "--roll" in sys.argv[1:]:
        roll()
    else:
        main()
