"""The year-end closure on a full calendar: a monthly customer whose only visit it took is
seen all the same, in place of one visit of a weekly customer, which keeps its others; the
visit given is listed as left out, naming whom it gave way to, and the summaries count it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from planner import model as m
from planner._schedule_off import GAVE_WAY_KEY, SKIPPED_KEY, gave_way_visits, skipped_visits
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

CLOSURE = tuple((dt.date(2026, 12, 29) + dt.timedelta(days=k)).isoformat() for k in range(6))


def december_plan() -> m.Plan:
    """Four full weeks from 12/7 (every fourth customer weekly, the most monthly), the
    closure 12/29–1/3 taking Tuesday to Friday of week 4: the calendar built."""
    plan = synthetic_plan(150, territories=2, seed=5)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 1, 2, 1, 1, 4, 2, 1], dtype=float), len(c))
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07",
                                   company_days_off=CLOSURE)
    return build_schedule(plan.replace(customers=c, settings=settings), route_seconds=0.01)


@pytest.fixture(scope="module")
def december() -> m.Plan:
    return december_plan()


def test_a_weekly_visit_gives_way_to_a_monthly_customers_only_visit(december: m.Plan) -> None:
    """Before, the monthly customers whose only visit fell on 12/29–1/1 had no visit in the
    month (left out for the closed day) while the weekly ones kept three or four."""
    gave = december.meta[GAVE_WAY_KEY]
    assert gave
    s, c = december.schedule, december.customers.set_index(m.CUSTOMER_ID)
    freq = c[m.FREQUENCY]
    visits = s.groupby("customer_id").size()
    reasons = {(r[0], r[2]): r[3] for r in december.meta[SKIPPED_KEY]}
    for cid, territory, date, placed in gave:
        assert freq[cid] > freq[placed]  # seen more often than the customer it gave way to
        assert visits[cid] >= 2  # and keeps at least two visits
        assert not ((s.customer_id == cid) & (s.date == date)).any()
        # the customer placed is seen that day, by the same rep, told it moved from a closed day
        mine = s[(s.customer_id == placed) & (s.date == date)]
        assert len(mine) == 1 and mine.territory.iat[0] == territory
        assert mine.moved_from.iat[0] in CLOSURE
        assert f"gave way to the only visit of {placed} " in reasons[(cid, date)]
        assert str(c.at[placed, m.NAME]) in reasons[(cid, date)]
    assert len({cid for cid, *_ in gave}) == len(gave)  # each customer gives one visit
    assert len(gave_way_visits(december)) == len(gave) < len(skipped_visits(december))
    # no day runs past the working day for it
    assert s.groupby(["territory", "date"]).day_hours.max().max() <= december.settings.day_hours


def test_the_summaries_count_the_visits_that_gave_way(
    december: m.Plan, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The schedule command, stats, the workbook's summary and its Holiday changes sheet say
    how many visits gave way, apart from those the closed days left out."""
    from openpyxl import load_workbook

    import planner.schedule
    from planner._cli.stats_cmd import format_stats
    from planner.cli import main
    from planner.export.excel import export_workbook
    from planner.i18n import set_language
    from planner.stats import plan_stats
    from planner.store import save_plan

    n = len(december.meta[GAVE_WAY_KEY])
    closed = len(skipped_visits(december)) - n
    figures = plan_stats(december)["schedule"]
    assert figures["gave_way_visits"] == n and figures["skipped_visits"] == closed + n
    set_language("en")
    try:
        said = format_stats(plan_stats(december))
        assert f"{closed + n} visits left out on holidays and days off" in said
        assert f"{n} of them gave way to customers' only visits" in said
        # the schedule command's summary (the calendar built above, not again)
        path = tmp_path / "plan.gpkg"
        save_plan(december, path)
        monkeypatch.setattr(planner.schedule, "build_schedule", lambda *a, **k: december)
        assert main(["schedule", str(path), "-q"]) == 0
        out = capsys.readouterr().out
        assert f"{closed} visits on holidays or days off fit no other day" in out
        assert (f"{n} customers seen every 4 weeks had their only visit of the cycle on "
                f"closed days; to keep those visits, {n} customers seen weekly give up one "
                "visit each (their other visits stay).") in out
        assert f"= {len(december.schedule):,} in the calendar" in out  # the build's sum
        wb = load_workbook(export_workbook(december, tmp_path / "plan.xlsx"))
    finally:
        set_language(None)
    cells = [r for ws in wb.worksheets for r in ws.iter_rows(values_only=True)]
    assert ("Visits given to a customer's only visit of the cycle", None, None, n) in [
        r[:4] for r in cells]
    assert ("Visits left out on holidays and days off", None, None, closed) in [
        r[:4] for r in cells]
    sheet = [r for r in wb["Holiday changes"].iter_rows(values_only=True)]
    assert sum("Gave way to a customer's only visit" in r for r in sheet) == n


def test_a_rebuild_keeping_the_days_gives_the_same_visits_way(december: m.Plan) -> None:
    """Rebuilt with nothing changed (keep_days): before, each visit given was back on its day
    and the customers it had gone to were placed anew, on other days or by other visits
    giving way; now the same visits give way to the same customers, and no one is told a
    new day."""
    again = build_schedule(december, route_seconds=0.01, keep_days=True)
    assert sorted(map(tuple, again.meta[GAVE_WAY_KEY])) == sorted(
        map(tuple, december.meta[GAVE_WAY_KEY]))

    def visits(plan: m.Plan) -> dict[str, set[tuple[str, str]]]:
        s = plan.schedule
        return {cid: set(zip(v.date, v.moved_from, strict=True))
                for cid, v in s.groupby("customer_id")}

    assert visits(again) == visits(december)
    assert again.meta["schedule_changed_days"] == {}
