"""A rep's day on ONE printed page whenever it reasonably can: a day over a page by a few
stops has its rows tightened to the lines they hold (the type as large as ever) rather
than its last stops printed under 「（続き）」 overleaf; the route sheet's top and bottom
margins give its pages the rows their empty header allows.

Each sheet is read back with openpyxl: its row heights and page breaks, counted against the
calibrated page (:func:`page_rows_points`) as a printer lays them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from openpyxl.utils import get_column_letter

from planner import model as m
from planner.export.excel_cells import (
    LINE_POINTS,
    ROW_POINTS,
    page_rows_points,
    row_height,
    tight_height,
    wrapped_lines,
)
from planner.export.excel_pages import Block, one_page, printed_height
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan
from tests.core.test_export_excel import simple_schedule
from tests.core.test_export_route_pages import _height, _pages, _sheet


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _one_day(stops: int, tmp_path):  # type: ignore[no-untyped-def]
    """A rep's sheet of one Monday of ``stops`` stops."""
    plan = synthetic_plan(stops, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    plan = plan.replace(customers=c, settings=dataclasses.replace(
        plan.settings, working_days=("mon",)))
    return _sheet(simple_schedule(plan, weeks=1), tmp_path / f"day{stops}.xlsx")


def _most(ws) -> float:  # type: ignore[no-untyped-def]
    """The points of rows a page holds under its print titles, without the safety margin
    (a day alone on its page may take them), at the sheet's own margins."""
    widths = [ws.column_dimensions[get_column_letter(k)].width for k in range(1, 11)]
    titles = _height(ws, 1) + _height(ws, 2)
    return page_rows_points(widths, landscape=True, safety=0.0,
                            top_bottom=ws.page_margins.top) - titles


def _lines(ws, r: int) -> int:  # type: ignore[no-untyped-def]
    """The lines row ``r``'s wrapping cells (name, address, notes) take."""
    texts = [ws.cell(r, k).value for k in (4, 5, 8)]
    widths = [ws.column_dimensions[get_column_letter(k)].width for k in (4, 5, 8)]
    return max([wrapped_lines(t, w) for t, w in zip(texts, widths, strict=True) if t] or [1])


def _normal(ws, r: int) -> float:
    """The height row ``r`` has on a day that is not tightened."""
    return row_height(["x\n" * (_lines(ws, r) - 1) + "x"], [40.0])


def test_a_day_over_a_page_by_a_few_stops_is_printed_whole_on_one_page(tmp_path):
    """伊藤's 12/9 of the README plan, 20 stops, went on to a second page for its last two
    stops and the total under 「第1週 12月9日(水)（続き）」: its rows tightened, it fits."""
    ws = _one_day(23, tmp_path)  # (22 before the route links row: a page holds it)
    rows = range(3, ws.max_row + 1)
    # at the heights of a day that fits a page, the day would not fit this one
    assert sum(printed_height(_normal(ws, r)) for r in rows) > _most(ws)
    assert list(ws.row_breaks.brk) == [], [b.id for b in ws.row_breaks.brk]
    assert not any(str(ws.cell(r, 1).value).endswith(tr("(continued)")) for r in rows)
    assert sum(_height(ws, r) for r in rows) <= _most(ws)  # the page holds it as written
    assert any(str(ws.cell(r, 2).value).startswith("日計") for r in rows)  # its total too


def test_a_tightened_day_keeps_every_line_of_its_rows_at_full_type(tmp_path):
    """Tightened rows lose only the spacing under their lines: 13.5 points a line (Meiryo
    10 takes 15, 3 of them blank below the characters), each wrapped line still shown."""
    ws = _one_day(23, tmp_path)  # (22 before the route links row: a page holds it)
    heights = {r: ws.row_dimensions[r].height for r in range(3, ws.max_row + 1)}
    assert any(h < ROW_POINTS for h in heights.values()), heights  # it was tightened
    for r, h in heights.items():
        assert h == LINE_POINTS * _lines(ws, r), (r, h, ws.cell(r, 4).value)
    # the type is the sheet's, never made smaller to fit
    assert {ws.cell(r, 4).font.sz for r in heights if ws.cell(r, 4).value} == {10.0}


def test_a_day_that_fits_a_page_or_not_even_tightened_keeps_its_rows(tmp_path):
    """Only a day that tightening brings onto one page is tightened: a short day keeps its
    rows, and a day of 40 stops, two pages either way, goes on under its title again with
    the rows it always had."""
    for stops, pages in ((12, 1), (40, 2)):
        ws = _one_day(stops, tmp_path)
        assert len(_pages(ws)) == pages
        for r in range(3, ws.max_row + 1):
            h = ws.row_dimensions[r].height
            assert h == _normal(ws, r) or r > 3 and str(ws.cell(r, 1).value).endswith(
                tr("(continued)")) and h == ROW_POINTS, (stops, r, h)


def test_the_route_sheet_keeps_its_header_and_footer_clear_in_narrower_margins(tmp_path):
    """0.45 in above and below (the other sheets 0.6): the header (a stale calendar's
    warning) and the footer (the page number), 0.25 in from the edge, still clear."""
    ws = _one_day(12, tmp_path)
    margins = ws.page_margins
    assert margins.top == margins.bottom == 0.45
    type_inches = 10 / 72  # the 10-point header and footer text
    assert margins.top - margins.header >= type_inches
    assert margins.bottom - margins.footer >= type_inches


def test_one_page_tightens_a_block_only_when_that_keeps_it_on_one_page():
    tighten = tight_height
    day = [ROW_POINTS, *[29.0] * 18, ROW_POINTS]  # 552 points as given, 513 tightened
    assert one_page(day, 560.0, tighten) == day  # it fits: as given
    assert one_page(day, 520.0, tighten) == [13.5, *[27.0] * 18, 13.5]
    assert one_page(day, 500.0, tighten) == day  # two pages either way: as given
    assert one_page([ROW_POINTS], 10.0, tighten) == [ROW_POINTS]  # a closed day's line
    assert Block.printed(one_page(day, 520.0, tighten)).tall <= 520.0
    assert [tight_height(h) for h in (15.0, 29.0, 42.5, 83.0)] == [13.5, 27.0, 40.5, 81.0]
