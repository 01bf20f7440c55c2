"""A rep's days off (休暇): written dates, the calendar moving those days' visits, the command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from planner import model as m
from planner._schedule_off import skipped_visits
from planner.days_off import days_off_in, days_off_label, parse_days_off
from planner.edits import UpdateTerritory, apply_edit
from planner.errors import PlannerError
from planner.schedule import build_schedule
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan

ROOT = Path(__file__).resolve().parents[2]
START = dt.date(2026, 12, 7)  # a Monday


def test_days_off_in_japanese_keep_the_wave_dash(japanese):
    dates = parse_days_off("12/30〜1/3", start=START)
    assert days_off_label(dates) == "12/30〜1/3"
    assert parse_days_off(days_off_label(dates), start=START) == dates


def test_dates_as_managers_write_them(english):
    assert parse_days_off("12/24", start=START) == ("2026-12-24",)
    assert parse_days_off("１２月２４日、2026/12/25", start=START) == ("2026-12-24", "2026-12-25")
    new_year = parse_days_off("12/30〜1/3", start=START)
    assert new_year == ("2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02", "2027-01-03")
    assert parse_days_off("12/28-12/29 12/28", start=START) == ("2026-12-28", "2026-12-29")
    assert parse_days_off("3/1", start=START) == ("2027-03-01",)  # the next 1 March
    assert parse_days_off("", start=START) == ()
    # English writes the run with an en dash (Japanese with 〜), and reads it back
    assert days_off_label(new_year + ("2027-01-11",)) == "12/30–1/3, 1/11"
    assert parse_days_off("12/30–1/3, 1/11", start=START) == new_year + ("2027-01-11",)
    for bad in ("来週", "13/40", "2026-02-30"):
        with pytest.raises(PlannerError, match="is not a date"):
            parse_days_off(bad, start=START)


def test_days_off_become_cells_of_the_dated_calendar():
    t = m.Territory("T01", "東", days_off=("2026-12-09", "2026-12-19", "2027-03-01"))
    dated = m.Settings(start_date="2026-12-08")  # week 1 is the week of that date
    days = ("mon", "tue", "wed", "thu", "fri")
    assert days_off_in(t, dated, 4, days) == {(0, 2): "2026-12-09"}  # Sat and March: outside
    assert days_off_in(t, m.Settings(), 4, days) == {}  # no dates without a start date
    with pytest.raises(PlannerError, match="Days off must be dates"):
        apply_edit(synthetic_plan(10, territories=1),
                   UpdateTerritory.of("T01", days_off=("12/24",)))


def _plan(start: str = "2026-12-07") -> m.Plan:
    plan = synthetic_plan(120, territories=2, seed=3)
    settings = dataclasses.replace(plan.settings, start_date=start)
    return plan.replace(settings=settings)


def test_the_calendar_moves_a_days_visits_to_the_same_week():
    plan = _plan()
    before = build_schedule(plan, route_seconds=0.01).schedule
    t = plan.territories[0].id
    off = before[(before.territory == t) & (before.date == "2026-12-09")]
    assert len(off) > 0
    plan = apply_edit(plan, UpdateTerritory.of(t, days_off=("2026-12-09",)))[0]
    built = build_schedule(plan, route_seconds=0.01)
    after = built.schedule
    mine = after[after.territory == t]
    assert not (mine.date == "2026-12-09").any()
    listed = pd.concat([built.unscheduled, skipped_visits(built)])
    lost = set(listed.loc[listed.reason.str.contains("day off"), "customer_id"])
    was = before[before.territory == t]
    for cid in off["customer_id"]:  # each visit of that day moved to another day, or listed
        assert (mine.customer_id == cid).sum() == (was.customer_id == cid).sum() or cid in lost
    other = after[after.territory != t]
    assert (other.date == "2026-12-09").any()  # the other rep works that day


def test_schedule_command_sets_the_dates_and_names_the_days_off(tmp_path: Path):
    plan = apply_edit(_plan(start=""), UpdateTerritory.of("T01", days_off=("2026-12-09",)))[0]
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANG="C", LC_ALL="C", PYTHONIOENCODING="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "planner", "schedule", str(path), *args],
                              env=env, capture_output=True, text=True, encoding="utf-8",
                              timeout=300)

    out = run("--quiet")
    assert out.returncode == 0, out.stderr
    assert "T01 is off on 12/9. Days off need the calendar's start date (--start)." in out.stdout
    out = run("--quiet", "--start", "2026-12-09")
    assert out.returncode == 0 and "Week 1 begins on 2026-12-07" in out.stdout
    assert "12/9(Wed) is not a Monday: the calendar runs in whole weeks" in out.stdout
    saved = load_plan(path)
    assert saved.settings.start_date == "2026-12-09"
    s = saved.schedule
    assert not ((s.territory == "T01") & (s.date == "2026-12-09")).any()
    before = path.read_bytes()
    bad = run("--quiet", "--start", "Dec 9")
    assert bad.returncode == 2 and "start date" in bad.stderr and path.read_bytes() == before
    out = run("--quiet", "--start", "none", "--holidays", "keep")
    saved = load_plan(path)
    assert out.returncode == 0 and saved.settings.start_date == "" and not saved.settings.skip_holidays


# --- the company's days off (年末年始, お盆) ----------------------------------------------


def test_company_days_off_close_every_reps_days_and_are_kept_in_the_plan(tmp_path: Path):
    # week 4 of a calendar from 2026-12-07 is 12/28–1/1: the company closes 12/29–1/3
    year_end = parse_days_off("12/29〜1/3", start=START)
    plan = _plan()
    plan = plan.replace(settings=dataclasses.replace(plan.settings, company_days_off=year_end))
    # every rep's days show them closed (the Calendar dock and the calendar sheet read this)
    for t in plan.territories:
        cells = days_off_in(t, plan.settings, 4, ("mon", "tue", "wed", "thu", "fri"))
        assert set(cells.values()) == {"2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01"}
    before = build_schedule(_plan(), route_seconds=0.01)
    built = build_schedule(plan, route_seconds=0.01)
    s = built.schedule
    assert not s.date.isin(year_end).any()
    assert (s.date == "2026-12-28").any()  # Monday is open
    # every visit of the closed days moved to another day or is listed with the reason
    listed = pd.concat([built.unscheduled, skipped_visits(built)])
    closed = before.schedule[before.schedule.date.isin(year_end)]
    assert len(closed)
    for cid in closed.customer_id.unique():
        kept = (s.customer_id == cid).sum() == (before.schedule.customer_id == cid).sum()
        assert kept or cid in set(listed.customer_id), cid
    # a moved visit says the date it was planned on: a closed day, or (a visit moved a week
    # to make room for a weekly one) a day of the week beside
    moved = s[s.moved_from != ""]
    gap = (pd.to_datetime(moved.date) - pd.to_datetime(moved.moved_from)).dt.days.abs()
    assert len(moved) and gap.between(1, 11).all()  # a day of the week before or after
    assert moved.moved_from.isin(year_end).any()
    company = listed[listed.reason.str.contains("company holiday")]
    holiday = listed[listed.reason.str.contains("元日")]  # 1/1 is named as the public holiday
    assert len(company) and not company.reason.str.contains("2027-01-01").any()
    assert holiday.empty or holiday.reason.str.contains("2027-01-01").all()
    # a skipped visit's customer keeps its other visits; the rest are left out as customers
    skipped = skipped_visits(built)
    assert set(skipped.customer_id) <= set(s.customer_id)
    assert not set(built.unscheduled.customer_id) & set(s.customer_id)
    assert len(skipped)
    path = tmp_path / "plan.gpkg"
    save_plan(built, path)
    again = load_plan(path)
    assert again.settings.company_days_off == year_end
    assert len(skipped_visits(again)) == len(skipped)
    # the workbook counts them on the summary and names the date at each customer
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook

    wb = load_workbook(export_workbook(again, tmp_path / "plan.xlsx"), read_only=True)
    texts = {ws.title: [str(v) for row in ws.iter_rows(values_only=True) for v in row if v]
             for ws in wb.worksheets}
    summary = next(t for t in texts.values() if "Visits left out on holidays and days off" in t)
    at = summary.index("Visits left out on holidays and days off")
    assert summary[at + 1] == str(len(skipped))
    date = skipped.date.iloc[0]
    everything = [t for sheet in texts.values() for t in sheet]
    assert any(f"The visit of {date}" in t for t in everything)
    # the visit before a moved or left-out one tells the customer, on the route sheet
    from planner._schedule_off import advance_notice

    notices = advance_notice(again)
    assert {kind for items in notices.values() for kind, _d, _w in items} == {"moved", "skipped"}
    sched = again.schedule
    for label, items in notices.items():
        row = sched.loc[label]
        mine = sched[sched.customer_id == row.customer_id]
        for _kind, new, planned in items:
            news = min(planned, new or planned)
            assert row.date < news  # told before, at the last visit before the news
            assert not ((mine.date > row.date) & (mine.date < news)).any()
    # the Holiday changes sheet lists every moved or left-out visit and who tells the customer
    from planner.export.excel_holidays import holiday_changes

    changes = holiday_changes(again)
    assert len(changes) == len(moved) + len(skipped)
    assert set(changes.loc[changes.new == "", "planned"]) == set(skipped.date)
    for rec in changes.itertuples(index=False):
        mine = sched[sched.customer_id == rec.customer_id]
        earlier = mine[mine.date < min(rec.planned, rec.new or rec.planned)]
        assert rec.told == (earlier.date.max() if len(earlier) else "")
    sheet = texts["Holiday changes"]
    assert sheet[0] == "Holiday changes"
    assert ("Call the customer" in sheet) == bool((changes.told == "").any())
    calls = int((changes.told == "").sum())  # the note says how many the office phones
    note = sheet[1]
    on_closed = int((changes.closed != "").sum())  # the others moved to make room for them
    assert note.startswith(f"{on_closed} visits fall on holidays or days off")
    assert (on_closed < len(changes)) == ("to make room for them" in note)
    assert (f"The office phones {calls} customer" in note) == (calls > 0)
    assert sum(t.startswith("At the visit of ") for t in sheet) == int((changes.told != "").sum())
    # a closed day keeps its place on the route sheet, saying there is no round
    closed_rows = [t for t in everything if "Company closed — no round" in t]
    assert any(t.startswith("Week 4 Tue (2026-12-29)") for t in closed_rows)
    assert any(re.search(r"\((1 visit fits|\d+ visits fit) no other day\)", t) for t in closed_rows)
    assert any(t.startswith("Week 4 Fri (2027-01-01) New Year's Day — no round") for t in everything)
    assert any(t.startswith("Tell: no visit on ") for t in everything)
    assert any(t.startswith("Tell: next visit on ") for t in everything)
    # and each moved visit's route-sheet row names the day it was planned on, to tell
    was = dt.date.fromisoformat(moved.moved_from.iloc[0])
    assert any(t.startswith(f"Moved from {was.month}/{was.day}") for t in everything)
    # the day hand-outs say the same under each stop: a rep with only them can tell too
    from planner.export.handout_notes import TellNotes

    tell = TellNotes(again)
    said = [n for rows in (sched.loc[[label]] for label in notices) for n in tell.for_rows(rows)]
    assert all(n.startswith("Tell: ") or "Tell: " in n for n in said) and len(said) == len(notices)
    first = sched[sched.moved_from != ""].iloc[:1]
    was = dt.date.fromisoformat(first.moved_from.iloc[0])
    assert tell.for_rows(first)[0].startswith(f"Moved from {was.month}/{was.day}")


def test_schedule_command_sets_the_company_days_off(tmp_path: Path):
    path = tmp_path / "plan.gpkg"
    save_plan(_plan(), path)
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANG="C", LC_ALL="C", PYTHONIOENCODING="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "planner", "schedule", str(path), *args],
                              env=env, capture_output=True, text=True, encoding="utf-8",
                              timeout=300)

    out = run("--quiet", "--company-days-off", "12/29-1/3")
    assert out.returncode == 0, out.stderr
    assert "Company days off: 12/29–1/3." in out.stdout
    saved = load_plan(path)
    assert saved.settings.company_days_off[0] == "2026-12-29"
    assert not saved.schedule.date.isin(saved.settings.company_days_off).any()
    stats = subprocess.run([sys.executable, "-m", "planner", "stats", str(path), "--json"],
                           env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    import json

    figures = json.loads(stats.stdout)["schedule"]
    assert figures["skipped_visits"] == len(skipped_visits(saved))
    assert figures["start_date"] == "2026-12-07"
    assert figures["company_days_off"] == list(saved.settings.company_days_off)
    assert figures["skipped_visits"] > 0
    assert "are left out (their customers keep their other visits)" in out.stdout
    text = subprocess.run([sys.executable, "-m", "planner", "stats", str(path)], env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=300).stdout
    assert f"{figures['skipped_visits']} visits left out on holidays and days off" in text
    before = path.read_bytes()
    bad = run("--quiet", "--company-days-off", "12/32")
    assert bad.returncode == 2 and "is not a date" in bad.stderr and path.read_bytes() == before
    out = run("--quiet", "--company-days-off", "none")
    assert out.returncode == 0 and load_plan(path).settings.company_days_off == ()


def test_a_customer_whose_only_visit_falls_on_a_closed_day_is_listed_for_a_call(tmp_path):
    from planner.export.excel_holidays import holiday_changes

    plan = synthetic_plan(60, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = [(1.0, 1.0, 4.0, 0.5)[k % 4] for k in range(len(c))]
    settings = m.Settings(start_date="2026-12-07", day_hours=4.0,
                          company_days_off=("2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31"))
    out = build_schedule(plan.replace(customers=c, settings=settings), route_seconds=0.01)
    closed_out = out.meta["schedule_closed_out"]
    assert closed_out  # short days: some customers' only visit fell in the closed week
    reasons = dict(zip(out.unscheduled.customer_id, out.unscheduled.reason, strict=True))
    for cid, _tid, date in closed_out:
        assert cid not in set(out.schedule.customer_id) and date in reasons[cid]
    # the Holiday changes sheet lists them: no visit, the office calls
    changes = holiday_changes(out)
    mine = changes[changes.customer_id.isin([cid for cid, _t, _d in closed_out])]
    assert len(mine) == len(closed_out)
    assert (mine.new == "").all() and (mine.told == "").all()
    # the sheet says why the summary's "visits left out on holidays" counts fewer than its rows
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook
    from planner.i18n import set_language

    set_language("en")
    wb = load_workbook(export_workbook(out, tmp_path / "plan.xlsx"))
    note = next(r[0] for r in wb["Holiday changes"].iter_rows(min_row=2, max_row=2,
                                                              values_only=True))
    n = len(closed_out)
    assert (f"{n} visit left out belongs to a customer whose only visit in the cycle falls on "
            "a closed day: that customer gets no visit in the cycle." if n == 1 else
            f"{n} visits left out belong to customers whose only visits in the cycle fall on "
            "closed days: those customers get no visit in the cycle.") in note


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("12/28 - 1/4", 8),  # spaces around the dash
        ("12 / 24", 1),
        ("12/24(木)", 1),  # a weekday after the date
        ("12月24日（木曜日）", 1),
        ("令和8年12月24日", 1),  # 2026
        ("1/5〜4/30", 116),  # a long range within one year
        ("2026/11/1〜2027/2/28", 120),  # across the new year, with the years
    ],
)
def test_dates_are_read_as_managers_write_them(typed: str, count: int) -> None:
    got = parse_days_off(typed, start=dt.date(2026, 12, 7))
    assert len(got) == count
    if count == 1:
        assert got == ("2026-12-24",)


@pytest.mark.parametrize("typed", ["12/31〜12/29", "2026/12/31〜2026/12/29", "8/10〜8/5",
                                   "11/1〜2/28"])
def test_a_range_typed_backwards_is_one_sentence_not_a_year_off(typed: str) -> None:
    """12/31〜12/29 once became 364 days off (to next year's 12/29), and with the years
    written no day at all; both silently."""
    with pytest.raises(PlannerError, match="comes before the first") as err:
        parse_days_off(typed, start=dt.date(2026, 12, 7))
    assert typed in str(err.value)


@pytest.mark.parametrize("typed", ["1/3〜12/29", "1/4〜12/28"])
def test_a_yearless_range_of_most_of_a_year_is_refused_not_closed(typed: str) -> None:
    """1/3〜12/29 (12/29〜1/3 typed the other way round) closed 361 days of the calendar."""
    with pytest.raises(PlannerError, match="more than half a year") as err:
        parse_days_off(typed, start=dt.date(2026, 12, 7))
    assert typed in str(err.value)
    assert len(parse_days_off("2027/1/4〜2027/12/28", start=dt.date(2026, 12, 7))) == 359
    assert len(parse_days_off("4/1〜9/30", start=dt.date(2026, 12, 7))) == 183  # a long leave


def test_an_unfinished_range_names_what_was_typed() -> None:
    with pytest.raises(PlannerError, match="^12/24〜 is not a date"):
        parse_days_off("12/24〜", start=dt.date(2026, 12, 7))


def test_a_visit_its_visit_days_keep_off_other_days_says_so_when_a_holiday_takes_it():
    """A twice-a-week customer on Mon and Thu, closed Tue, Wed and Fri, loses its Monday 11/23
    (勤労感謝の日): the reason names its visit and closing days, not a want of room (its days
    were far from full)."""
    from planner._schedule_off import skipped_visits

    plan = synthetic_plan(30, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = 10.0
    c[m.FREQUENCY] = 1.0
    c.loc[0, m.FREQUENCY], c.loc[0, m.VISIT_DAYS] = 8.0, "mon,thu"
    c.loc[0, m.CLOSED_DAYS] = "tue,wed,fri"
    plan = plan.replace(customers=c, settings=dataclasses.replace(
        plan.settings, start_date="2026-11-02"))
    built = build_schedule(plan, route_seconds=0.01)
    lost = skipped_visits(built)
    mine = lost[lost.customer_id == c.loc[0, m.CUSTOMER_ID]]
    assert list(mine.date) == ["2026-11-23"]
    assert "visit days or closing days leave no other day" in mine.reason.iloc[0]


@pytest.mark.parametrize("closing", ["", "tue"])
def test_a_holiday_on_a_customers_only_visit_day_moves_the_visit_not_drops_it(closing):
    """A weekly customer seen on Mondays (its 訪問曜日, or a hand move's) loses no visit to
    Monday 11/23 (勤労感謝の日): that week it is seen on another day, never on its closing day,
    and the calendar says where the visit came from, as for any customer."""
    from planner._schedule_off import skipped_visits

    plan = synthetic_plan(30, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = 10.0
    c[m.FREQUENCY] = 1.0
    c.loc[0, m.FREQUENCY], c.loc[0, m.VISIT_DAYS] = 4.0, "mon"
    c.loc[0, m.CLOSED_DAYS] = closing
    plan = plan.replace(customers=c, settings=dataclasses.replace(
        plan.settings, start_date="2026-11-02"))
    built = build_schedule(plan, route_seconds=0.01)
    me = c.loc[0, m.CUSTOMER_ID]
    assert me not in set(skipped_visits(built).customer_id)
    visits = built.schedule[built.schedule.customer_id == me]
    assert len(visits) == 4 and sorted(visits.week) == [1, 2, 3, 4]
    holiday_week = visits[visits.week == 4]  # 11/23 is the fourth Monday from 11/2
    assert holiday_week.day.iloc[0] not in ("mon", closing)
    assert (visits[visits.week != 4].day == "mon").all()
    assert holiday_week.moved_from.iloc[0]  # the route sheet tells the customer


def test_a_day_off_is_named_as_such_in_the_undo_menu(japanese):
    """Edit → Undo after a rep's day off: 「立川エリア」の休みを設定, not a change of the territory
    (which reads like its boundary or rep)."""
    from planner.edits import UpdateTerritory
    from planner.synthetic import synthetic_plan

    plan = synthetic_plan(20, territories=2, seed=1)
    t = plan.territories[0]
    off = UpdateTerritory.of(t.id, days_off=("2026-12-15",))
    assert off.describe_for(plan) == f"「{t.name or t.id}」の休みを設定"
    hours = UpdateTerritory.of(t.id, days_off=("2026-12-15",), capacity_hours=20.0)
    assert hours.describe_for(plan) == f"テリトリー「{t.name or t.id}」を変更"


def test_a_day_off_after_the_calendar_leaves_it_current_and_one_inside_does_not():
    """Late December, next period's day off (the README chain's 1/15) typed for a rep while
    the present calendar is still handed out: that calendar is as good as before (no 「作成後
    にプランが変更されました」, no export asking), and the next period's build uses the day
    off; a day off inside the calendar still makes it out of date, and undo gives the flag
    back."""
    from planner._schedule_dates import calendar_weeks
    from planner.export.common import calendar_is_stale

    built = build_schedule(_plan(), route_seconds=0.01)
    assert not calendar_is_stale(built)
    end = dt.date(2026, 12, 7) + dt.timedelta(weeks=calendar_weeks(built))  # a Monday
    later = (end + dt.timedelta(days=3)).isoformat()  # the next period's Thursday
    after = apply_edit(built, UpdateTerritory.of("T01", days_off=(later,)))[0]
    assert after.territory("T01").days_off == (later,)
    assert not calendar_is_stale(after)
    both, inverse, _ = apply_edit(after, UpdateTerritory.of(
        "T01", days_off=("2026-12-16", later)))
    assert calendar_is_stale(both)
    assert not calendar_is_stale(apply_edit(both, inverse)[0])
    last_day = (end - dt.timedelta(days=3)).isoformat()  # the calendar's last Friday
    assert calendar_is_stale(apply_edit(after, UpdateTerritory.of("T01", days_off=(last_day,)))[0])
    # a rep's other working time still does, wherever the calendar stands
    assert calendar_is_stale(apply_edit(after, UpdateTerritory.of("T01", day_hours=6.0))[0])
