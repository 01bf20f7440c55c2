"""Two plans side by side (planner.compare) and ``territory-planner compare``."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner.cli import main
from planner.compare import compare_plans
from planner.schedule import build_schedule
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan
from planner.territories import service_hours_per_week, territory_metrics


@pytest.fixture(scope="module")
def built() -> m.Plan:
    plan = synthetic_plan(150, territories=3, seed=5)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3  # room in every day
    return build_schedule(plan.replace(customers=c), route_seconds=0.01)


def _moved_to(plan: m.Plan, rows: list[int], territory: str) -> m.Plan:
    c = plan.customers.copy()
    c.loc[rows, m.TERRITORY] = territory
    return plan.replace(customers=c, meta=dict(plan.meta) | {"schedule_stale": True})


def test_a_plan_against_itself_changes_nothing(built: m.Plan) -> None:
    c = compare_plans(built, built)
    assert c.common == len(built.customers) and c.only_a == c.only_b == 0
    assert c.moved.empty and c.flows().empty and c.moved_hours == 0.0
    assert c.days_changed == 0 and c.frequency_changed == 0
    assert c.calendars == ("built", "built") and c.calendar_note() == ""
    assert c.overall["a"].equals(c.overall["b"])
    assert c.overall.at["territories", "a"] == 3
    assert c.overall.at["calendar_km", "a"] > 0


def test_the_customers_given_to_another_territory_are_listed_with_their_hours(
    built: m.Plan,
) -> None:
    terr = built.customers[m.TERRITORY].astype(str).to_numpy()
    first, second = built.territory_ids[0], built.territory_ids[1]
    rows = [int(i) for i in np.flatnonzero(terr == first)[:7]]
    other = _moved_to(built, rows, second)
    c = compare_plans(built, other, labels=("now", "idea"))
    ids = built.customers[m.CUSTOMER_ID].astype(str).to_numpy()
    assert sorted(c.moved["customer_id"]) == sorted(ids[rows])
    names = {t.id: t.name for t in built.territories}
    flows = c.flows()
    assert len(flows) == 1
    assert (flows.at[0, "from_territory"], flows.at[0, "to_territory"]) == (
        names[first], names[second])
    assert flows.at[0, "customers"] == 7
    hours = service_hours_per_week(built.customers, built.settings)[rows].sum()
    assert c.moved_hours == pytest.approx(hours)
    # each territory's figures are the plans' own
    t = c.territories
    assert t.at[first, "customers_a"] - t.at[first, "customers_b"] == 7
    metrics = territory_metrics(other)
    assert t.at[second, "hours_b"] == pytest.approx(metrics.at[second, "workload_hours_per_week"])
    # the other plan's calendar was not rebuilt: it is not compared
    assert c.calendars == ("built", "stale") and c.days_changed is None
    assert "idea" in c.calendar_note()
    assert np.isnan(c.overall.at["calendar_km", "b"])
    assert c.moved["days_before"].str.len().gt(0).all()  # the calendar they had, in words
    assert (c.moved["days_after"] == "").all()


def test_customers_are_matched_by_code_and_the_rest_counted(built: m.Plan) -> None:
    c = built.customers.copy()
    c[m.CUSTOMER_ID] = [f"00{i}" for i in range(1, len(c) + 1)]
    a = built.replace(customers=c, schedule=None)
    d = c.copy()
    d[m.CUSTOMER_ID] = [str(i) for i in range(1, len(d) + 1)]  # Excel dropped the zeros
    d = d.iloc[2:].reset_index(drop=True)  # two customers gone
    d.loc[0, m.FREQUENCY] = 8.0 if d.loc[0, m.FREQUENCY] != 8.0 else 4.0
    b = built.replace(customers=d, schedule=None)
    out = compare_plans(a, b)
    assert (out.common, out.only_a, out.only_b) == (len(c) - 2, 2, 0)
    assert out.moved.empty and out.frequency_changed == 1
    assert out.calendars == ("none", "none") and out.days_changed is None
    assert "has no calendar" in out.calendar_note()


def test_a_customer_on_another_weekday_counts_as_a_day_change(built: m.Plan) -> None:
    s = built.schedule.copy()
    cid = str(s.loc[s["week"] == 1, "customer_id"].iloc[0])
    days = set(s.loc[s["customer_id"] == cid, "day"])
    other = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d not in days)
    s.loc[s["customer_id"] == cid, "day"] = other
    out = compare_plans(built, built.replace(schedule=s))
    assert out.days_changed == 1 and out.moved.empty
    assert out.rescheduled["customer_id"].tolist() == [cid]  # on the office's list to tell
    _headers, rows = out.moved_table()
    assert [(r[0], r[1]) for r in rows] == [("New visit day", cid)]
    assert rows[0][7] != rows[0][8]  # the visit days before and after, in words


def test_the_command_prints_both_plans_and_writes_the_moved_customers(
    built: m.Plan, tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    terr = built.customers[m.TERRITORY].astype(str).to_numpy()
    rows = [int(i) for i in np.flatnonzero(terr == built.territory_ids[2])[:4]]
    save_plan(built, tmp_path / "now.gpkg")
    save_plan(_moved_to(built, rows, built.territory_ids[0]), tmp_path / "idea.gpkg")
    before = (tmp_path / "now.gpkg").read_bytes()
    moved = tmp_path / "moved.csv"
    book = tmp_path / "compare.xlsx"
    assert main(["compare", str(tmp_path / "now.gpkg"), str(tmp_path / "idea.gpkg"),
                 "--moved", str(moved), "--xlsx", str(book)]) == 0
    out = capsys.readouterr().out
    assert "now against idea" in out and "4 customers change territory" in out
    assert (tmp_path / "now.gpkg").read_bytes() == before  # read only
    with moved.open(encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    assert table[0][:6] == ["Change", "Code", "Name", "Address", "Territory in now",
                            "Territory in idea"]
    ids = built.customers[m.CUSTOMER_ID].astype(str).to_numpy()
    assert sorted(r[1] for r in table[1:]) == sorted(ids[rows])
    assert {r[0] for r in table[1:]} == {"New rep"}  # idea's calendar is out of date
    import openpyxl

    wb = openpyxl.load_workbook(book, read_only=True)
    assert wb.sheetnames == ["Comparison", "Territories", "Customers to tell"]
    figures = {r[0]: r[1:3] for r in wb["Comparison"].iter_rows(min_row=4, values_only=True)}
    assert figures["Territories"] == ("3", "3")
    listed = [r[1] for r in wb["Customers to tell"].iter_rows(min_row=4, values_only=True)]
    assert sorted(listed) == sorted(ids[rows])
    wb.close()
    assert main(["compare", str(tmp_path / "now.gpkg"), str(tmp_path / "idea.gpkg"),
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["moved_customers"] == 4 and data["labels"] == ["now", "idea"]
    assert data["b"]["calendar_km"] is None and data["calendars"] == ["built", "stale"]
    assert data["flows"][0]["customers"] == 4
    loaded = load_plan(tmp_path / "idea.gpkg")
    assert data["b"]["territories"] == len(loaded.territories)


def test_a_missing_plan_file_is_one_sentence(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = synthetic_plan(20, territories=2, seed=1)
    save_plan(plan, tmp_path / "a.gpkg")
    assert main(["compare", str(tmp_path / "a.gpkg"), str(tmp_path / "missing.gpkg")]) == 1
    err = capsys.readouterr().err.strip()
    assert "missing.gpkg" in err and "\n" not in err and "Traceback" not in err


def test_labels_name_the_files_as_the_manager_knows_them(
    tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.compare import plan_labels

    (tmp_path / "east").mkdir()
    (tmp_path / "west").mkdir()
    monkeypatch.chdir(tmp_path / "east")
    assert plan_labels("plan.gpkg", str(tmp_path / "west" / "plan.gpkg")) == (
        "east/plan", "west/plan")  # a relative path has its folder too
    assert plan_labels("plan.gpkg", str(tmp_path / "east" / "plan.gpkg")) == ("plan", "plan")
    save_plan(synthetic_plan(20, territories=2, seed=1), tmp_path / "east" / "plan.gpkg")
    assert main(["compare", "plan.gpkg", str(tmp_path / "east" / "plan.gpkg")]) == 0
    captured = capsys.readouterr()
    assert "same file" in captured.err and captured.out.startswith("plan against plan")


def test_visits_moved_or_left_out_for_a_holiday_keep_the_customers_days(built: m.Plan) -> None:
    """A weekly customer whose week-2 visit a holiday moved to another day, and one whose
    week-3 visit it left out, still read 毎週 木, and a plan compared with the same calendar
    without the holiday tells them of no new day."""
    import datetime as dt

    from planner._schedule_off import SKIPPED_KEY
    from planner.compare import visit_day_texts

    first = dt.date(2026, 12, 7)
    s = built.schedule.copy()
    s["date"] = [(first + dt.timedelta(weeks=int(w) - 1, days=m.WEEKDAYS.index(d))).isoformat()
                 for w, d in zip(s["week"], s["day"], strict=True)]
    s["moved_from"] = ""
    weeks = int(s["week"].max())
    per = s.groupby("customer_id").agg(n=("week", "nunique"), d=("day", "nunique"))
    weekly = per[(per.n == weeks) & (per.d == 1)].index[:2].tolist()
    assert len(weekly) == 2
    moved, left = weekly
    dated = built.replace(schedule=s)
    holiday = s.copy()
    row = holiday.index[(holiday.customer_id == moved) & (holiday.week == 2)][0]
    day = holiday.at[row, "day"]
    other = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d != day)
    holiday.loc[row, ["moved_from", "day", "date"]] = [
        holiday.at[row, "date"], other,
        (first + dt.timedelta(weeks=1, days=m.WEEKDAYS.index(other))).isoformat()]
    gone = holiday.index[(holiday.customer_id == left) & (holiday.week == 3)][0]
    skipped = [[left, holiday.at[gone, "territory"], holiday.at[gone, "date"], "休業日"]]
    holiday = holiday.drop(index=gone)
    after = dated.replace(schedule=holiday, meta={**dated.meta, SKIPPED_KEY: skipped})
    ids = np.array(weekly, dtype=object)
    assert visit_day_texts(after, ids) == visit_day_texts(dated, ids)
    assert all(t.split()[-1] != "" and "," not in t for t in visit_day_texts(after, ids))
    assert compare_plans(dated, after).days_changed == 0


def test_calendars_of_different_days_are_compared_per_visit(built: m.Plan) -> None:
    """A December calendar of 16 working days against a plain one of 20: the total km made
    the December plan look better with no word that the calendars differ."""
    import dataclasses

    four_days = built.replace(settings=dataclasses.replace(
        built.settings, working_days=("mon", "tue", "wed", "thu")))
    short = build_schedule(four_days, route_seconds=0.01)
    c = compare_plans(built, short)
    o = c.overall
    assert o.at["calendar_days", "a"] == built.schedule[["week", "day"]].drop_duplicates().shape[0]
    assert o.at["calendar_days", "b"] < o.at["calendar_days", "a"]
    for side, plan in (("a", built), ("b", short)):
        assert o.at["calendar_visits", side] == len(plan.schedule)
        assert o.at["calendar_km_per_visit", side] == pytest.approx(
            o.at["calendar_km", side] / len(plan.schedule))
    assert "different numbers of working days" in c.calendar_note()
    assert "per visit" in c.calendar_note()
    assert compare_plans(built, built).calendar_note() == ""


def test_an_eight_week_calendar_against_a_four_week_one_compares_km_a_week(
        built: m.Plan) -> None:
    """Customers seen every 8 weeks make a calendar run 8 weeks: its total km (twice a 4-week
    calendar's for the same driving) stood against the other's as if alike."""
    import pandas as pd

    from planner._schedule_dates import calendar_weeks

    s, weeks = built.schedule, calendar_weeks(built)
    twice = pd.concat([s, s.assign(week=s["week"] + weeks)], ignore_index=True)
    eight = built.replace(schedule=twice, meta={**built.meta, "schedule_weeks": 2 * weeks})
    c = compare_plans(eight, built)
    o = c.overall
    assert o.at["calendar_km", "a"] == pytest.approx(2 * o.at["calendar_km", "b"], rel=1e-3)
    assert o.at["calendar_km_per_week", "a"] == pytest.approx(
        o.at["calendar_km_per_week", "b"], rel=1e-3)
    assert o.at["calendar_km_per_week", "b"] == pytest.approx(
        o.at["calendar_km", "b"] / weeks, rel=1e-3)
    rows = {r[0]: r[1:] for r in c.figure_rows()}
    a_text, b_text = rows["Calendar km per working week"]
    assert a_text == b_text and a_text != rows["Calendar travel (km)"][0]
    assert "km per working week" in c.calendar_note()
    assert c.to_dict()["a"]["calendar_km_per_week"] == pytest.approx(
        o.at["calendar_km_per_week", "a"])


def test_visit_day_words_are_worded_per_distinct_pattern_row_by_row() -> None:
    """Each customer's day masks in words, as wording every row on its own would give:
    repeated patterns, no visits, and no rows at all."""
    from planner.compare import _words
    from planner.export.common import visit_pattern

    rng = np.random.default_rng(3)
    patterns = np.array([[0] * 7, [15, 0, 0, 0, 0, 0, 0], [0, 5, 0, 10, 0, 0, 0],
                         [0, 0, 1, 0, 0, 0, 0]], dtype=np.int64)
    masks = patterns[rng.integers(0, len(patterns), 500)]

    def one(row: np.ndarray) -> str:
        by_day = {m.WEEKDAYS[d]: [w + 1 for w in range(62) if int(bits) >> w & 1]
                  for d, bits in enumerate(row) if bits}
        return visit_pattern(by_day, cycle_weeks=4) if by_day else ""

    words = _words(masks, 4)
    assert words == [one(row) for row in masks]
    assert "" in words and len(set(words)) == 4
    assert _words(masks[:0], 4) == []


def test_a_customer_whose_only_visit_a_closed_day_took_keeps_its_day(built: m.Plan) -> None:
    """December against January: the monthly customers whose one visit fell on the year-end
    closure (12/29〜1/1) were counted as "visited on other days" in January (82 of the
    tester's, 57 of them on the same day as before). A customer the calendar does not visit
    at all reads 訪問なし, not a blank cell."""
    import datetime as dt

    from planner._schedule_off import CLOSED_OUT_KEY
    from planner.i18n import set_language

    set_language("en")
    first = dt.date(2026, 12, 7)
    s = built.schedule.copy()
    s["date"] = [(first + dt.timedelta(weeks=int(w) - 1, days=m.WEEKDAYS.index(d))).isoformat()
                 for w, d in zip(s["week"], s["day"], strict=True)]
    s["moved_from"] = ""
    dated = built.replace(schedule=s)
    per = s.groupby("customer_id")["week"].nunique()
    monthly = per[per == 1].index[:2].tolist()
    assert len(monthly) == 2
    closed, dropped = monthly
    gone = s[s["customer_id"] == closed]
    december = dated.replace(
        schedule=s[s["customer_id"] != closed],
        unscheduled=pd.DataFrame({"customer_id": [closed], "territory": [gone["territory"].iloc[0]],
                                  "reason": ["12/31 の訪問は会社の休日に当たり…"]}),
        meta={**dated.meta, CLOSED_OUT_KEY: [[closed, str(gone["territory"].iloc[0]),
                                              str(gone["date"].iloc[0])]]})
    assert compare_plans(dated, december).days_changed == 0
    january = dated.replace(schedule=s[s["customer_id"] != dropped])
    told = compare_plans(january, dated)
    assert told.days_changed == 1
    row = told.rescheduled.set_index("customer_id").loc[dropped]
    assert row["days_before"] == "No visit" and row["days_after"] not in ("", "No visit")
