"""A rep off for several days as one edit (off sick Wednesday–Friday): the days a range sets,
those it leaves as the single-day action would (the company's days, public holidays, days off
already), and the inverse giving the rep's days off back exactly. Before, each day was its
own edit: three undo steps and three sentences for one sick week."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import pytest

from planner import model as m
from planner._days_off_edits import date_range, plan_days_off, range_note
from planner.edits import SetDaysOff, UpdateTerritory, apply_edit
from planner.errors import PlannerError
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

NEW_YEAR = ("2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03")


@pytest.fixture(scope="module")
def plan() -> m.Plan:
    p = synthetic_plan(40, territories=2, seed=3)
    p = p.replace(settings=dataclasses.replace(
        p.settings, start_date="2026-12-07", company_days_off=NEW_YEAR))
    return build_schedule(p, route_seconds=0.01)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def test_a_sick_week_is_one_edit_and_its_inverse_restores_the_plan(plan, english):
    before = apply_edit(plan, UpdateTerritory.of("T01", days_off=("2027-03-01",)))[0]
    days = plan_days_off(before, "T01", date_range(d("2026-12-18"), d("2026-12-16")))
    assert days.dates == ("2026-12-16", "2026-12-17", "2026-12-18") and days.kept == ()
    after, inverse, changes = apply_edit(before, days.edit())
    assert after.territory("T01").days_off == (
        "2026-12-16", "2026-12-17", "2026-12-18", "2027-03-01")
    assert after.territory("T02").days_off == before.territory("T02").days_off
    assert changes.territories
    assert days.edit().describe_for(after) == (
        f"Mark 3 days off for {after.territory('T01').rep}")
    note = range_note(before, after, days)
    s = after.schedule
    visits = int(((s["territory"] == "T01") & s["date"].isin(list(days.dates))).sum())
    assert visits
    assert note.startswith(f"{after.territory('T01').rep} is off on 12/16(Wed)–12/18(Fri) "
                           f"(3 days). Its {visits} visits stay planned")
    # undo: the rep's days off and the calendar's stale flag exactly as they were
    back, again, _ = apply_edit(after, inverse)
    assert back.territories == before.territories
    assert (back.meta or {}) == (before.meta or {})
    pd.testing.assert_frame_equal(back.schedule, before.schedule)
    # redo of the inverse's inverse gives the range again
    assert apply_edit(back, again)[0].territories == after.territories
    # taking the days back: one edit too, the other day off stays
    undo_days = plan_days_off(after, "T01", date_range(d("2026-12-16"), d("2026-12-18")),
                              off=False)
    taken, _inv, _ = apply_edit(after, undo_days.edit())
    assert taken.territory("T01").days_off == ("2027-03-01",)
    assert range_note(after, taken, undo_days).startswith(
        f"{after.territory('T01').rep} works again on 12/16(Wed)–12/18(Fri) (3 days).")


def test_closed_days_and_days_off_already_are_left_and_said_once(plan, english):
    with_off = apply_edit(plan, UpdateTerritory.of("T01", days_off=("2026-12-28",)))[0]
    # Mon 12/28 (off already) to Tue 1/12: the company's new year, the weekend, 成人の日 1/11
    days = plan_days_off(with_off, "T01", date_range(d("2026-12-28"), d("2027-01-12")))
    assert days.dates == ("2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07",
                          "2027-01-08", "2027-01-12")
    assert dict(days.kept) == {
        "2026-12-28": "already off", "2026-12-29": "Company closed",
        "2026-12-30": "Company closed", "2026-12-31": "Company closed",
        "2027-01-01": "Company closed", "2027-01-11": "Coming of Age Day"}
    after = apply_edit(with_off, days.edit())[0]
    note = range_note(with_off, after, days)
    assert note.count("stay as they were") == 1
    assert note.endswith("12/28(Mon) (already off), 12/29(Tue)–1/1(Fri) (Company closed), "
                         "1/11(Mon) (Coming of Age Day) stay as they were.")
    # the holiday is a day like any other when visits are not moved off holidays
    working = with_off.replace(settings=dataclasses.replace(
        with_off.settings, skip_holidays=False))
    assert "2027-01-11" in plan_days_off(working, "T01", ("2027-01-11",)).dates
    # taking back days that are not off: left and said so
    back = plan_days_off(after, "T01", ("2027-01-04", "2027-01-13"), off=False)
    assert back.dates == ("2027-01-04",) and back.kept == (("2027-01-13", "not a day off"),)


def test_a_range_in_japanese(plan, japanese):
    days = plan_days_off(plan, "T01", date_range(d("2026-12-16"), d("2026-12-18")))
    after = apply_edit(plan, days.edit())[0]
    rep = plan.territory("T01").rep
    assert range_note(plan, after, days).startswith(
        f"{rep}を12/16(水)〜12/18(金)の3日間休みにしました。")
    # one day is not 「1日間」
    one = plan_days_off(plan, "T01", date_range(d("2026-12-16"), d("2026-12-16")))
    note = range_note(plan, apply_edit(plan, one.edit())[0], one)
    assert note.startswith(f"{rep}を12/16(水)休みにしました。") and "1日間" not in note
    back = plan_days_off(after, "T01", date_range(d("2026-12-17"), d("2026-12-17")), off=False)
    note = range_note(after, apply_edit(after, back.edit())[0], back)
    assert note.startswith(f"{rep}の12/17(木)の休みを取り消しました。"), note


def test_a_range_for_no_territory_is_refused(plan, english):
    with pytest.raises(PlannerError, match="no territory"):
        apply_edit(plan, SetDaysOff("T99", ("2026-12-16",)))
