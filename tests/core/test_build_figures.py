"""The build's sum, from the visits the frequencies ask for to those in the calendar
(planner.build_figures): every figure the build's own, and the parts add up."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from planner import model as m
from planner._schedule_off import GAVE_WAY_KEY, skipped_visits
from planner.build_figures import ASKED_KEY, build_figures, figure_lines
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

#: the company's year-end closure; New Year's Day (1/1) is left to the public holiday
CLOSURE = tuple((dt.date(2026, 12, 29) + dt.timedelta(days=k)).isoformat() for k in range(3))


def closed_plan() -> m.Plan:
    """Four weeks from 12/7: a company closure 12/29–31, New Year's Day, one rep off on
    12/17, a customer with no territory and one with no visits: the calendar built."""
    plan = synthetic_plan(150, territories=2, seed=5)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 1, 2, 1, 1, 4, 2, 1], dtype=float), len(c))
    c.loc[c.index[3], m.TERRITORY] = ""  # not placed: no territory
    c.loc[c.index[4], m.FREQUENCY] = 0.0  # asks for nothing
    first = plan.territories[0]
    territories = [dataclasses.replace(first, days_off=("2026-12-17",)),
                   *plan.territories[1:]]
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07",
                                   company_days_off=CLOSURE, skip_holidays=True)
    return build_schedule(plan.replace(customers=c, settings=settings,
                                       territories=territories), route_seconds=0.01)


@pytest.fixture(scope="module")
def built() -> m.Plan:
    return closed_plan()


def test_the_parts_add_up_to_the_calendar(built: m.Plan) -> None:
    """Asked − closed days − given way − not placed = built, each the build's own figure."""
    f = build_figures(built)
    assert f is not None and f.weeks == 4
    c = built.customers
    # four weeks: a customer asks for its frequency (visits per 4 weeks), 0 asks for none
    assert f.asked == int(c[m.FREQUENCY].sum())
    assert f.built == len(built.schedule)
    gave = len(built.meta[GAVE_WAY_KEY])
    assert f.gave_way == gave > 0
    assert f.closed == len(skipped_visits(built)) - gave > 0
    # the closed days left out are of all three kinds: the closure, the holiday, the day off
    dates = set(skipped_visits(built)["date"]) | {d for _c, _t, d in
                                                  built.meta.get("schedule_closed_out") or []}
    assert dates & set(CLOSURE) and "2027-01-01" in dates
    unplaced = set(built.unscheduled["customer_id"])
    assert str(c[m.CUSTOMER_ID].iat[3]) in unplaced
    freq = dict(zip(c[m.CUSTOMER_ID].astype(str), c[m.FREQUENCY], strict=True))
    assert f.unplaced == int(sum(freq[i] for i in unplaced)) > 0
    assert f.unplaced_customers == len(unplaced)
    assert f.other == 0
    assert f.asked - f.closed - f.gave_way - f.unplaced == f.built


def test_the_rep_off_loses_visits_of_that_day(built: m.Plan) -> None:
    """The rep's day off is a closed day like the others: no visit of that rep on it."""
    s = built.schedule
    tid = built.territories[0].id
    assert not ((s["territory"] == tid) & (s["date"] == "2026-12-17")).any()


def test_the_lines_say_each_figure(built: m.Plan) -> None:
    f = build_figures(built)
    assert f is not None
    set_language("en")
    try:
        lines = figure_lines(built)
        assert lines[0] == "Visits over the calendar's 4 weeks:"
        assert lines[1].strip() == f"{f.asked:,} asked for by the visit frequencies"
        assert f"− {f.closed:,} on public holidays and days off" in lines[2]
        assert f"− {f.gave_way:,} given up for customers' only visits" in lines[3]
        assert f"− {f.unplaced:,} for the {f.unplaced_customers} customers not placed" in lines[4]
        assert lines[-1].strip() == f"= {f.built:,} in the calendar"
        set_language("ja")
        said = "\n".join(figure_lines(built))
        assert f"訪問頻度どおりの訪問 {f.asked:,}件" in said
        assert f"＝ カレンダーの訪問 {f.built:,}件" in said
    finally:
        set_language(None)


def test_a_remainder_is_said_and_an_old_calendar_has_no_sum(built: m.Plan) -> None:
    """A visit taken out after the build shows as "other"; a plan built before the record
    has no sum (rather than one that does not add up)."""
    fewer = built.replace(schedule=built.schedule.iloc[1:])
    f = build_figures(fewer)
    assert f is not None and f.other == 1
    set_language("en")
    try:
        assert any(line.startswith("  − 1 other") for line in figure_lines(fewer))
    finally:
        set_language(None)
    meta = {k: v for k, v in built.meta.items() if k != ASKED_KEY}
    assert build_figures(built.replace(meta=meta)) is None
    assert figure_lines(built.replace(meta=meta)) == []


def test_the_sum_survives_the_plan_file(built: m.Plan, tmp_path: Path) -> None:
    from planner.store import load_plan, save_plan

    save_plan(built, tmp_path / "p.gpkg")
    assert build_figures(load_plan(tmp_path / "p.gpkg")) == build_figures(built)


def test_stats_json_carries_the_sum_for_programs(built: m.Plan) -> None:
    """``stats --json``'s schedule object: the visits asked for and those of customers not
    placed, so that asked − skipped − not placed = visits (skipped already counts given way)."""
    from planner.stats import plan_stats

    s = plan_stats(built)["schedule"]
    f = build_figures(built)
    assert f is not None and s["asked_visits"] == f.asked and s["unplaced_visits"] == f.unplaced
    assert s["asked_visits"] - s["skipped_visits"] - s["unplaced_visits"] - f.other == s["visits"]
    old = built.replace(meta={k: v for k, v in built.meta.items() if k != ASKED_KEY})
    assert plan_stats(old)["schedule"]["asked_visits"] is None
