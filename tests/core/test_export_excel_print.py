"""The workbook as a sales manager prints it: the route sheet's stop number and arrival read as
two figures, the visit calendar dates each day, and a dated calendar says which dates it covers.

Each test reads the saved workbook back with openpyxl, as Excel would open it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.export.excel import export_workbook
from planner.i18n import set_language, tr
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _built(start: str = "") -> m.Plan:
    """A small plan's calendar, built as `schedule [--start START]` builds it."""
    plan = synthetic_plan(60, territories=2, seed=4)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date=start))
    return build_schedule(plan, route_seconds=0.01)


@pytest.fixture(scope="module")
def dated() -> m.Plan:
    """From Monday 2026-12-28: 元日 (Friday 2027-01-01) falls in week 1."""
    set_language("ja")
    try:
        return _built("2026-12-28")
    finally:
        set_language(None)


@pytest.fixture(scope="module")
def undated() -> m.Plan:
    set_language("ja")
    try:
        return _built()
    finally:
        set_language(None)


def _route_sheet(plan: m.Plan, path):  # type: ignore[no-untyped-def]
    t = plan.territories[0]
    return load_workbook(export_workbook(plan, path))[t.rep or t.name]


def test_the_stop_number_and_the_arrival_are_centred_apart_on_the_route_sheet(dated, tmp_path):
    """Stop 10 pushed right against a left-aligned 09:04 printed as one figure, "1009:04"."""
    ws = _route_sheet(dated, tmp_path / "r.xlsx")
    stops = [row for row in ws.iter_rows(min_row=3) if isinstance(row[0].value, int)]
    assert len(stops) > 10
    for no, arrival, *_ in stops:
        assert no.alignment.horizontal == "center", no.coordinate
        assert arrival.alignment.horizontal == "center", arrival.coordinate
        # a ruled line between the two columns
        assert no.border.right.style and arrival.border.left.style


def test_the_lunch_break_time_lines_up_with_the_arrivals(dated, tmp_path):
    """The 昼休憩 row's time sat at the left of the arrival column, the stops' in the middle."""
    ws = _route_sheet(dated, tmp_path / "r.xlsx")
    lunch = [row for row in ws.iter_rows(min_row=3)
             if str(row[3].value or "").startswith("昼休憩")]
    assert lunch
    for row in lunch:
        assert row[1].value and row[1].alignment.horizontal == "center", row[1].coordinate
        assert row[1].border.left.style  # in its ruled cell, as a stop's arrival


def _week_rows(plan: m.Plan, path) -> list[list[str]]:  # type: ignore[no-untyped-def]
    ws = load_workbook(export_workbook(plan, path))[tr("Visit calendar")]
    return [[str(v or "") for v in r] for r in ws.iter_rows(values_only=True)
            if r[0] and str(r[0]).startswith("第")]


def test_each_day_of_a_dated_visit_calendar_begins_with_its_date(dated, tmp_path):
    """"12/31 18件 · 移動込み …", and the holiday "1/1 元日": the manager need not count the
    columns from the week's Monday."""
    rows = _week_rows(dated, tmp_path / "c.xlsx")
    t = dated.territories[0].id
    s = dated.schedule
    week1 = rows[0]  # the first rep's first week, Monday 12/28 to Friday 1/1
    assert week1[0] == "第1週\n12/28〜"  # the dates written alike (it said 2026-12-28)
    for col, date in enumerate(("12/28", "12/29", "12/30", "12/31"), start=1):
        visits = s[(s["territory"] == t) & (s["week"] == 1)
                   & (s["day"] == m.WEEKDAYS[col - 1])]
        head = week1[col].split("\n")[0]
        assert head.startswith(f"{date} {len(visits)}件"), head
    assert week1[5] == "1/1 元日"
    week2 = rows[1]
    assert [c.split(" ")[0] for c in week2[1:6]] == ["1/4", "1/5", "1/6", "1/7", "1/8"]


def test_an_undated_visit_calendar_keeps_its_week_and_day_labels(undated, tmp_path):
    rows = _week_rows(undated, tmp_path / "c.xlsx")
    assert rows[0][0] == "第1週"
    heads = [c.split("\n")[0] for row in rows for c in row[1:] if c]
    assert heads and all("/" not in h for h in heads)
    assert all(h.split(" ")[0].endswith("件") for h in heads)


def test_a_dated_workbook_prints_the_calendars_dates_beside_the_cycle(dated, tmp_path):
    """"4週サイクル" alone left the manager to work out which weeks the printout covers."""
    wb = load_workbook(export_workbook(dated, tmp_path / "d.xlsx"))
    period = "2026/12/28(月)〜2027/01/22(金)"  # four weeks of Mon–Fri
    summary = wb[tr("Summary")]
    assert summary["A2"].value == f"4週サイクル {period}"
    assert summary.oddHeader.right.text.endswith(f"4週サイクル {period}")
    t = dated.territories[0]
    route = wb[t.rep or t.name]  # in its title row, repeated on each page (not twice)
    assert [c.value for c in route[1]][8] == f"4週サイクル {period}"
    assert not route.oddHeader.right.text
    calendar = wb[tr("Visit calendar")]
    assert calendar.oddHeader.right.text.endswith(f"4週サイクル {period}")


def test_a_reps_own_days_give_the_route_sheet_its_own_last_day(tmp_path):
    """A rep working Mon–Thu: the route sheet ends the period on the Thursday."""
    from planner.edits import UpdateTerritory, apply_edit

    plan = synthetic_plan(40, territories=2, seed=4)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-28"))
    plan = apply_edit(plan, UpdateTerritory.of("T01", working_days=("mon", "tue", "wed",
                                                                     "thu")))[0]
    plan = build_schedule(plan, route_seconds=0.01)
    wb = load_workbook(export_workbook(plan, tmp_path / "own.xlsx"))
    t = plan.territory("T01")
    assert [c.value for c in wb[t.rep or t.name][1]][8] == (
        "4週サイクル 2026/12/28(月)〜2027/01/21(木)")
    # the summary covers every rep: the other rep's Friday is the last day
    assert wb[tr("Summary")]["A2"].value.endswith("〜2027/01/22(金)")


def test_an_undated_workbook_says_the_cycle_alone(undated, tmp_path):
    wb = load_workbook(export_workbook(undated, tmp_path / "u.xlsx"))
    assert wb[tr("Summary")]["A2"].value == "4週サイクル"
    t = undated.territories[0]
    assert [c.value for c in wb[t.rep or t.name][1]][8] == "4週サイクル"


def test_the_period_is_written_in_english_too(dated, tmp_path):
    set_language("en")
    wb = load_workbook(export_workbook(dated, tmp_path / "en.xlsx"))
    assert wb["Summary"]["A2"].value == (
        "4-week cycle 2026-12-28 (Mon) – 2027-01-22 (Fri)")
    rows = [[str(v or "") for v in r] for r in wb["Visit calendar"].iter_rows(values_only=True)
            if r[0] and str(r[0]).startswith("Week 1")]
    assert rows[0][1].startswith("12/28 ") and rows[0][5].startswith("1/1 ")
