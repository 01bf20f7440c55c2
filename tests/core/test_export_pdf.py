"""PDF map handouts: a page per rep and per day, A4, Japanese font embedded, cancellable."""

from __future__ import annotations

import re

import pytest
from test_export_excel import simple_schedule

from planner import model as m
from planner.errors import Cancelled, PlannerError
from planner.export.handouts import ROWS_UNDER_MAP, export_handouts
from planner.export.handouts_map import DAY_STYLE
from planner.i18n import set_language
from planner.synthetic import synthetic_plan


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


def _pages(data: bytes) -> list[bytes]:
    return re.findall(rb"/Type /Page\b(?!s).*?/MediaBox \[([^\]]*)\]", data, flags=re.S)


def _day_count(plan: m.Plan) -> int:
    return int(plan.schedule[["territory", "week", "day"]].drop_duplicates().shape[0])


def test_one_overview_per_rep_and_one_page_per_day_on_a4_with_embedded_font(tmp_path):
    plan = simple_schedule(synthetic_plan(24, territories=2, seed=4), weeks=2)
    seen: list[float] = []
    out = export_handouts(plan, tmp_path / "h.pdf", progress=lambda f, _msg: seen.append(f))
    data = out.read_bytes()
    boxes = _pages(data)
    assert len(boxes) == len(plan.territories) + _day_count(plan)
    width, height = (float(v) for v in boxes[0].split()[2:4])
    assert (round(width), round(height)) == (595, 842)  # A4 portrait in points
    assert b"/FontFile2" in data and b"IPAexGothic" in data  # TrueType, embedded
    assert seen and seen == sorted(seen) and seen[-1] == 1.0


def test_a_long_day_continues_on_another_page(tmp_path):
    plan = synthetic_plan(ROWS_UNDER_MAP + 6, territories=1, seed=6)
    customers = plan.customers.copy()
    customers[m.FREQUENCY] = 1.0
    plan = plan.replace(customers=customers,
                        settings=m.Settings(working_days=("mon",), cycle_weeks=1))
    plan = simple_schedule(plan, weeks=1)
    assert _day_count(plan) == 1
    data = export_handouts(plan, tmp_path / "long.pdf").read_bytes()
    assert len(_pages(data)) == 1 + 2


def test_weekdays_differ_by_marker_shape_as_well_as_colour():
    markers = [marker for marker, _colour in DAY_STYLE.values()]
    colours = [colour for _marker, colour in DAY_STYLE.values()]
    assert len(set(markers)) == len(markers) and len(set(colours)) == len(colours)


def test_cancel_leaves_no_file(tmp_path):
    plan = simple_schedule(synthetic_plan(12, territories=2, seed=4), weeks=1)
    calls = []

    def stop_after_first(fraction, _msg):
        calls.append(fraction)
        return len(calls) < 3

    with pytest.raises(Cancelled):
        export_handouts(plan, tmp_path / "h.pdf", progress=stop_after_first)
    assert list(tmp_path.iterdir()) == []


def test_needs_a_calendar(tmp_path):
    with pytest.raises(PlannerError):
        export_handouts(synthetic_plan(5, territories=1), tmp_path / "h.pdf")
