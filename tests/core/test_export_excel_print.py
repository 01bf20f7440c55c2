"""The workbook as a sales manager prints it: the route sheet's stop number and arrival read as
two figures.

Each test reads the saved workbook back with openpyxl, as Excel would open it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.export.excel import export_workbook
from planner.i18n import set_language
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
