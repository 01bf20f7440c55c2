"""Where the route sheet's printed pages break: as full as a page really holds, a rep's day
never split when it fits a page, a day longer than a page going on under its title again.

Each sheet is read back with openpyxl and its pages counted from its own row heights and
page breaks against the calibrated page (:func:`page_rows_points`), as a printer lays them.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from planner import model as m
from planner.export.excel import export_workbook
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan
from tests.core.test_export_excel import simple_schedule


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _sheet(plan: m.Plan, path):  # type: ignore[no-untyped-def]
    t = plan.territories[0]
    return load_workbook(export_workbook(plan, path))[t.rep or t.name]


def _pages(ws) -> list[list[int]]:  # type: ignore[no-untyped-def]
    """The sheet's rows (from 3, under the print titles) on each page its breaks make."""
    cuts = sorted(b.id for b in ws.row_breaks.brk)
    pages, start = [], 3
    for cut in [*cuts, ws.max_row]:
        pages.append(list(range(start, cut + 1)))
        start = cut + 1
    return pages


def _height(ws, r: int) -> float:  # type: ignore[no-untyped-def]
    """A row's height as Excel prints it (whole pixels)."""
    from planner.export.excel_pages import printed_height

    return printed_height(ws.row_dimensions[r].height or 15.0)


def _days(ws, rows: list[int]) -> list[list[int]]:  # type: ignore[no-untyped-def]
    """``rows`` in blocks, each starting at a day's (or closed day's) title."""
    blocks: list[list[int]] = []
    for r in rows:
        title = isinstance(ws.cell(r, 1).value, str)
        if title or not blocks:
            blocks.append([r])
        else:
            blocks[-1].append(r)
    return blocks


def _room(ws) -> float:  # type: ignore[no-untyped-def]
    """The points of rows a page holds under its print titles, as the sheet was laid out by
    (its own margins)."""
    from planner.export.excel_cells import page_rows_points

    widths = [ws.column_dimensions[get_column_letter(k)].width for k in range(1, 11)]
    titles = _height(ws, 1) + _height(ws, 2)
    assert ws.page_margins.top == ws.page_margins.bottom
    return page_rows_points(widths, landscape=True, top_bottom=ws.page_margins.top) - titles


@pytest.fixture(scope="module")
def busy(tmp_path_factory):  # type: ignore[no-untyped-def]
    """One rep with many short days: several days a page."""
    set_language("ja")
    try:
        plan = simple_schedule(synthetic_plan(90, territories=1, seed=7))
        return _sheet(plan, tmp_path_factory.mktemp("pages") / "busy.xlsx")
    finally:
        set_language(None)


def test_the_route_sheet_prints_one_page_wide_with_its_titles_on_every_page(busy):
    assert busy.print_title_rows.replace("$", "") == "1:2"
    setup = busy.page_setup
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0 and setup.paperSize == 9
    assert busy.sheet_properties.pageSetUpPr.fitToPage
    # the titles take the height the page estimate takes off (LibreOffice sized them itself)
    assert busy.row_dimensions[1].height and busy.row_dimensions[2].height


#: Points a column-width unit prints at 100 %, as measured: Excel sizes columns in pixels of
#: the workbook font's widest digit, Meiryo 10 at 96 dpi 8 pixels (6 points; wider on a
#: screen set to 125 %); LibreOffice printed the README plan's route sheet, 155.6 units,
#: 1,005 points wide (6.45 a unit).
PRINTED_UNIT_POINTS = {"Excel": 6.0, "LibreOffice": 6.45}


def test_the_page_estimate_is_what_excel_and_libreoffice_print_less_a_small_margin(busy):
    """Counted as Calibri 11 (5.25 points a column unit and 3.75 a column) the sheet came out
    narrower than it prints, so shrunk less to fit the page: the estimate held about a
    fifth fewer rows than LibreOffice prints on a page, a tenth fewer than Excel."""
    from planner.export.excel_cells import page_rows_points

    widths = [busy.column_dimensions[get_column_letter(k)].width for k in range(1, 11)]
    margins = busy.page_margins
    page_w = 842.0 - (margins.left + margins.right) * 72  # A4 landscape, the sheet's margins
    page_h = 595.0 - (margins.top + margins.bottom) * 72
    holds = {name: page_h / min(1.0, page_w / (sum(widths) * unit))
             for name, unit in PRINTED_UNIT_POINTS.items()}
    estimate = page_rows_points(widths, landscape=True, top_bottom=margins.top)
    least = min(holds.values())
    assert estimate <= least  # a page never overflows: a day split at its foot
    assert estimate >= 0.97 * least, (estimate, holds)


def test_each_page_is_filled_as_far_as_the_calibrated_page_holds(busy):
    """A page ends only where the next day would not fit it (or a new week begins)."""
    room = _room(busy)
    pages = _pages(busy)
    assert len(pages) >= 4
    for page, after in zip(pages, pages[1:], strict=False):
        used = sum(_height(busy, r) for r in page)
        assert used <= room  # never past the page's end
        next_day = _days(busy, after)[0]
        week = str(busy.cell(after[0], 1).value).split(" ")[0]
        if week == str(busy.cell(page[0], 1).value).split(" ")[0]:  # not a new week's page
            # the break was needed: the next day would not have fit on this page
            assert used + sum(_height(busy, r) for r in next_day) > room, (page[0], after[0])


def test_a_day_that_fits_a_page_is_never_split(busy):
    room = _room(busy)
    for page in _pages(busy):
        first = busy.cell(page[0], 1).value
        assert isinstance(first, str), page[0]  # every page starts at a day's title
        blocks = _days(busy, page)
        assert sum(_height(busy, r) for r in blocks[-1]) <= room
        # the day's last row is its total (日計), on the same page as its title
        last = busy.cell(blocks[-1][-1], 2).value
        assert not blocks[-1][1:] or str(last).startswith("日計"), blocks[-1]


def test_a_day_longer_than_a_page_goes_on_under_its_title_again(tmp_path):
    """A day of 40 stops: the page ends where the estimate says, the next page starts with
    the day's title and （続き）, and the day's total is never alone under it."""
    plan = synthetic_plan(40, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    plan = plan.replace(customers=c, settings=dataclasses.replace(
        plan.settings, working_days=("mon",)))
    ws = _sheet(simple_schedule(plan, weeks=1), tmp_path / "long.xlsx")
    room = _room(ws)
    pages = _pages(ws)
    assert len(pages) == 2
    first, second = pages
    assert sum(_height(ws, r) for r in first) <= room
    assert sum(_height(ws, r) for r in second) <= room
    title, more = ws.cell(first[0], 1).value, ws.cell(second[0], 1).value
    assert more == title + tr("(continued)")
    stops = [ws.cell(r, 1).value for r in first + second if isinstance(ws.cell(r, 1).value, int)]
    assert stops == list(range(1, 41))  # every stop once, in order
    total = next(r for r in second if str(ws.cell(r, 2).value).startswith("日計"))
    assert isinstance(ws.cell(total - 1, 1).value, int)  # a stop goes with the total
    # the break is where the page is full: the next row would not have fit
    assert sum(_height(ws, r) for r in first) + _height(ws, second[1]) > room


def _short_then_long(tmp_path):  # type: ignore[no-untyped-def]
    """A rep's sheet of one week: Monday 4 stops, Tuesday 40 (longer than a page)."""
    plan = synthetic_plan(44, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    plan = simple_schedule(plan.replace(customers=c, settings=dataclasses.replace(
        plan.settings, working_days=("mon", "tue"))), weeks=1)
    s = plan.schedule.sort_values(["day", "seq"]).reset_index(drop=True)
    s["day"] = ["mon"] * 4 + ["tue"] * 40
    s["seq"] = [*range(1, 5), *range(1, 41)]
    return _sheet(plan.replace(schedule=s), tmp_path / "short_long.xlsx")


def test_a_day_longer_than_a_page_starts_a_page_of_its_own(tmp_path):
    """Printed through LibreOffice, 12/9 began with its title and three stops at the foot of
    page 2 and went on under 「（続き）」 on page 3: a day that does not fit what is left of a
    page starts the next one, broken only where that page is full."""
    ws = _short_then_long(tmp_path)
    assert ws.print_title_rows.replace("$", "") == "1:2"  # the titles on every page
    tuesday = next(r for r in range(3, ws.max_row + 1)
                   if str(ws.cell(r, 1).value).startswith("第1週 火曜日"))
    pages = _pages(ws)
    assert [p[0] for p in pages][:2] == [3, tuesday], [b.id for b in ws.row_breaks.brk]
    assert sum(_height(ws, r) for r in pages[0]) + _height(ws, tuesday) <= _room(ws)  # room
    more = [ws.cell(p[0], 1).value for p in pages[2:]]
    title = ws.cell(tuesday, 1).value  # 第1週 火曜日 — 6時間30分超過
    assert more and all(t == title + tr("(continued)") for t in more), more


def test_a_day_begun_below_a_pages_top_ends_on_that_page(tmp_path):
    """No day starts on a page it does not end on unless it starts that page: each page
    begins at a day's title (or its （続き）), and the days under it end on it."""
    ws = _short_then_long(tmp_path)
    for page in _pages(ws):
        assert isinstance(ws.cell(page[0], 1).value, str), page[0]
        for block in _days(ws, page)[1:]:  # days begun below the page's top end on it
            assert any(str(ws.cell(r, 2).value).startswith("日計") for r in block), block


def test_a_closed_day_opening_a_week_is_printed_on_that_weeks_page(tmp_path):
    """12/14 (Mon) a day off: its 訪問なし line stood at the foot of week 1's last page."""
    from planner.edits import UpdateTerritory, apply_edit
    from planner.schedule import build_schedule

    plan = synthetic_plan(40, territories=1, seed=4)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    plan = apply_edit(plan, UpdateTerritory.of("T01", days_off=("2026-12-14",)))[0]
    ws = _sheet(build_schedule(plan, route_seconds=0.01), tmp_path / "off.xlsx")
    starts = [str(ws.cell(page[0], 1).value) for page in _pages(ws)]
    assert any(s.startswith("第2週 12月14日(月)") and "訪問なし" in s for s in starts), starts


def _layout(blocks, room, most=None):  # type: ignore[no-untyped-def]
    from planner.export.excel_pages import page_starts

    return page_starts(blocks, room, most=most, repeat=15.0)


def test_page_starts_keep_each_block_whole_when_it_fits_a_page() -> None:
    """Random days on random pages: a block that fits a page is on one page, a page never
    holds more than it can, and no page ends while the next block would still fit."""
    from planner.export.excel_pages import Block

    rng = random.Random(3)
    for _ in range(200):
        room = rng.uniform(300, 600)
        blocks = [Block([15.0] + [rng.choice([15.0, 29.0, 42.5]) for _ in range(rng.randint(1, 20))]
                        + [15.0], new_page=rng.random() < 0.1) for _ in range(rng.randint(1, 12))]
        starts = _layout(blocks, room)
        page_of: list[list[float]] = [[]]
        cut = {(s.block, s.row) for s in starts}
        for b, block in enumerate(blocks):
            for r, h in enumerate(block.heights):
                if (b, r) in cut:
                    page_of.append([15.0] if r else [])
                page_of[-1].append(h)
            if block.tall <= room:  # never broken inside
                assert not any(s.block == b and s.inside for s in starts)
            if block.new_page and b:
                assert (b, 0) in cut
        assert all(sum(p) <= room for p in page_of)
        ordered = sorted(cut)
        for k, (b, r) in enumerate(ordered):  # page k ends before block b's row r
            if r == 0 and not blocks[b].new_page:  # ended before a whole block: it did not fit
                assert sum(page_of[k]) + blocks[b].tall > room


def test_a_block_between_the_safe_page_and_the_full_page_stays_whole_on_its_own() -> None:
    """Broken, its last rows took a page of their own; whole, a printer that fits a page a
    little less puts them there all the same."""
    from planner.export.excel_pages import Block

    day = Block([15.0] * 10)  # 150 points
    assert _layout([day, day], 140.0, most=155.0) == [_start(1, 0)]
    assert [s.row for s in _layout([day], 100.0, most=120.0)] == [6]  # broken: 15 + 5·15 = 90
    # a day longer than a page starts a page of its own, whatever room the page before has
    # left (its title and three stops at that page's foot read as a day cut short)
    long = Block([15.0] * 12)
    for short in (Block([15.0] * 2), Block([15.0] * 3)):
        assert _layout([short, long], 100.0) == [_start(1, 0), _start(1, 6), _start(1, 10)]
    # a closed day's single line goes to the foot of a page the margin kept
    line = Block([15.0])
    assert _layout([Block([15.0] * 9), line], 140.0, most=150.0) == []
    # closing the sheet (or a week), such lines are never a page of their own: past the foot
    # of a page a printer moves them on by itself, where a page holds more they stay
    assert _layout([Block([15.0] * 9), line, line], 140.0, most=150.0) == []
    next_week = Block([15.0] * 3, new_page=True)
    assert _layout([Block([15.0] * 9), line, line, next_week], 140.0, most=150.0) == [
        _start(3, 0)]
    # followed by a day, they start its page with it
    assert _layout([Block([15.0] * 9), line, line, Block([15.0] * 3)], 140.0,
                   most=150.0) == [_start(2, 0)]


def _start(block: int, row: int):  # type: ignore[no-untyped-def]
    from planner.export.excel_pages import PageStart

    return PageStart(block, row)


def test_rows_are_counted_at_the_whole_pixels_excel_prints() -> None:
    """Excel draws a row in whole screen pixels (3/4 point at 96 dpi): a 29-point row takes
    a little more, and twenty of them no longer fit where their sum did."""
    from planner.export.excel_pages import printed_height

    for tenths in range(100, 800):
        points = tenths / 10
        shown = printed_height(points)
        assert points <= shown < points + 0.75
        assert abs(shown / 0.75 - round(shown / 0.75)) < 1e-9


def test_a_day_on_two_pages_breaks_after_the_lunch_break(tmp_path):
    """伊藤's 12/18 of 17 stops, a little longer than a page, printed its last two stops and
    the day's total alone on a page of their own; now the morning is on one page and the
    afternoon, after 「昼休憩」, on the next — the same number of pages."""
    n = 24
    plan = synthetic_plan(n, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    plan = simple_schedule(plan.replace(customers=c, settings=dataclasses.replace(
        plan.settings, working_days=("mon",))), weeks=1)
    s = plan.schedule.copy()
    s["lunch"] = ""
    s.loc[s["seq"] == 13, "lunch"] = "12:00"
    ws = _sheet(plan.replace(schedule=s), tmp_path / "lunch.xlsx")
    room = _room(ws)
    pages = _pages(ws)
    assert len(pages) == 2
    first, second = pages
    assert str(ws.cell(first[-1], 4).value).startswith("昼休憩")  # the morning ends the page
    assert ws.cell(second[0], 1).value == ws.cell(first[0], 1).value + tr("(continued)")
    stops = [ws.cell(r, 1).value for r in second if isinstance(ws.cell(r, 1).value, int)]
    assert stops == list(range(13, n + 1))  # the afternoon, whole
    assert all(sum(_height(ws, r) for r in page) <= room for page in pages)


def test_a_preferred_break_is_taken_only_when_the_rest_fits_the_next_page() -> None:
    from planner.export.excel_pages import Block

    assert _layout([Block([15.0] * 10)], 100.0) == [_start(0, 6)]  # as full as the page holds
    assert _layout([Block([15.0] * 10, cuts=[5])], 100.0) == [_start(0, 5)]
    # the rest after row 3 would not fit one page: no page more for the lunch break
    assert _layout([Block([15.0] * 10, cuts=[3])], 100.0) == [_start(0, 6)]
    # never a page of the title alone, never the total alone overleaf
    assert _layout([Block([15.0] * 10, cuts=[1, 9])], 100.0) == [_start(0, 6)]
