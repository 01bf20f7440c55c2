"""How evenly biweekly and four-weekly customers stay spaced when January's calendar moves
their visits off 成人の日 (1/11), before and after a biweekly visit may stay in its own week
by a four-weekly one moving a week instead (:func:`planner._schedule_off.move_visit`).

Usage: ``python benchmarks/bench_holiday_spacing.py DECEMBER.gpkg`` — the README chain's
plan with December's calendar (``schedule --start 2026-12-07 --company-days-off 12/29-1/3``);
January is built from it as ``schedule --start 2027-01-04 --keep-days`` does. "Before" runs
the same code with that exchange turned off.
"""

from __future__ import annotations

import dataclasses
import sys

import pandas as pd

from planner import _schedule_off as off
from planner import model as m
from planner.schedule import build_schedule
from planner.store import load_plan


def figures(plan: m.Plan) -> dict[str, int]:
    s = plan.schedule
    assert s is not None
    freq = s["customer_id"].map(plan.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY])
    s = s.assign(freq=freq.to_numpy(), d=pd.to_datetime(s["date"]))
    moved = s[s["moved_from"] != ""]
    week = pd.to_datetime(moved["date"]).dt.isocalendar().week
    was = pd.to_datetime(moved["moved_from"]).dt.isocalendar().week
    away = moved[week.to_numpy() != was.to_numpy()]
    gaps = s[s["freq"] == 2.0].sort_values("d").groupby("customer_id")["d"].apply(
        lambda d: d.diff().dt.days.dropna().tolist())
    return {
        "visits": len(s),
        "unscheduled": len(plan.unscheduled),
        "moved": len(moved),
        "biweekly to another week": int((away["freq"] == 2.0).sum()),
        "4-weekly to another week": int((away["freq"] <= 1.0).sum()),
        "biweekly gap 7/21 days": int(sum(any(abs(g - 14) >= 7 for g in gs) for gs in gaps)),
    }


def main() -> None:
    dec = load_plan(sys.argv[1])
    jan = dec.replace(settings=dataclasses.replace(dec.settings, start_date="2027-01-04"))
    rows = {}
    exchange = off._make_room

    def without(*args: object, longer_only: bool = False, **kw: object) -> bool:
        return False if longer_only else exchange(*args, **kw)  # type: ignore[arg-type]

    off._make_room = without  # type: ignore[assignment]
    rows["before"] = figures(build_schedule(jan, keep_days=True, workers=1))
    off._make_room = exchange
    rows["after"] = figures(build_schedule(jan, keep_days=True, workers=1))
    names = list(rows["before"])
    print(f"{'case':8}" + "".join(f"{n:>27}" for n in names))
    for case, values in rows.items():
        print(f"{case:8}" + "".join(f"{values[n]:>27,}" for n in names))


if __name__ == "__main__":
    main()
