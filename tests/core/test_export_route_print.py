"""The route sheet as a rep reads it on A4 paper in the car: type large enough to read, and
a long address or name broken between words, never inside a place name or house number.

Each test reads the saved workbook back with openpyxl, as Excel would open it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from planner import model as m
from planner.export.excel import export_workbook
from planner.export.excel_cells import address_pieces, folded, printed_type_points
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


LONG_ADDRESS = "神奈川県横浜市港北区新横浜3丁目19-11 新横浜スクエアビル12F"
LONG_NAME = "有限会社みどりベーカリー 新横浜駅前2号店"


@pytest.fixture(scope="module")
def route_sheet(tmp_path_factory):  # type: ignore[no-untyped-def]
    set_language("ja")
    try:
        plan = synthetic_plan(60, territories=2, seed=4)
        c = plan.customers.copy()
        first = c.index[c[m.TERRITORY] == plan.territories[0].id][0]
        c.loc[first, m.ADDRESS] = LONG_ADDRESS
        c.loc[first, m.NAME] = LONG_NAME
        plan = build_schedule(plan.replace(customers=c), route_seconds=0.01)
        path = export_workbook(plan, tmp_path_factory.mktemp("route") / "r.xlsx")
        t = plan.territories[0]
        return load_workbook(path)[t.rep or t.name]
    finally:
        set_language(None)


def test_the_route_sheet_prints_its_type_large_enough_to_read_in_a_car(route_sheet):
    """Fit to one A4 landscape page wide, columns of 211 units printed the 10-point type at
    6 points: names, addresses and notes now wrap in narrower columns."""
    widths = [route_sheet.column_dimensions[get_column_letter(k)].width for k in range(1, 11)]
    assert route_sheet.page_setup.orientation == "landscape"
    assert printed_type_points(widths, landscape=True) >= 7.5, sum(widths)


def test_a_long_address_breaks_after_its_municipality_and_its_row_shows_both_lines(
        route_sheet):
    """新横|浜3丁目19-|11: the spreadsheet broke the address anywhere, a house number too."""
    rows = [r for r in route_sheet.iter_rows(min_row=3)
            if str(r[4].value or "").replace("\n", "") == LONG_ADDRESS]
    assert rows  # every visit of the customer
    row = rows[0]
    lines = row[4].value.split("\n")
    assert lines[0] == "神奈川県横浜市港北区" and lines[1].startswith("新横浜3丁目19-11")
    assert row[3].value == "有限会社みどりベーカリー\n新横浜駅前2号店"
    assert row[4].alignment.wrap_text and row[3].alignment.wrap_text
    height = route_sheet.row_dimensions[row[0].row].height
    assert height is not None and height >= 2 * 13.5


def test_the_notes_break_between_their_parts() -> None:
    text = folded(["4週に1回 / ", "定休日: 水 / ", "時間指定: 〜12:00"], 30.0)
    assert text == "4週に1回 / 定休日: 水 /\n時間指定: 〜12:00"
    assert folded(address_pieces("東京都新宿区西新宿2-8-1"), 40.0) == "東京都新宿区西新宿2-8-1"
    # a full-width, spaced address is cut in its own text
    assert address_pieces("東京都　新宿区西新宿２－８－１") == ["東京都　新宿区", "西新宿２－８－１"]


def test_a_note_row_is_as_tall_as_the_lines_it_prints() -> None:
    """「お知らせ: 12/29(火) は訪問なし /」 prints on one line of the notes column (at 10 points
    a full-width character takes 10, not the 12.6 of two column units): with 「隔週」 under
    it the row was three lines tall for two."""
    from planner.export.excel_cells import LINE_POINTS, ROW_POINTS, row_height, wrapped_lines
    from planner.export.excel_routes import _WRAPPED_WIDTHS

    notes, name = _WRAPPED_WIDTHS[7], _WRAPPED_WIDTHS[3]
    note = "お知らせ: 12/29(火) は訪問なし /\n隔週"
    assert wrapped_lines(note, notes) == 2
    assert row_height([note], [notes]) == 2 * LINE_POINTS + 2
    assert row_height(["4週に1回 / 定休日: 土・日"], [notes]) == ROW_POINTS
    # what does not fit still takes its lines (LibreOffice prints these on 4 and 3)
    assert wrapped_lines("お知らせ: 次回は 12/29(火) ではなく 12/23(水) /\n隔週 / 定休日: 日 /\n"
                         "時間指定: 〜12:00", notes) == 4
    assert wrapped_lines("位置はおおよそです（住所で確認してください） /\n毎週", notes) == 3
    assert wrapped_lines("有限会社" + "とても長い名前の商店" * 4, name) == 3
    assert wrapped_lines("Tell: next visit on 12/23(Wed) instead of 12/29(Tue)", notes) == 2


def test_a_notes_line_ends_without_the_slash_the_next_line_stands_for(tmp_path) -> None:
    """「隔週 / 定休日: 水 /」 then 「時間指定: 〜12:00」 on the next line: the slash left at the
    end of a line read as something cut off; the line break parts the two now."""
    text = folded(["4週に1回 / ", "定休日: 水 / ", "時間指定: 〜12:00"], 30.0, separator="/")
    assert text == "4週に1回 / 定休日: 水\n時間指定: 〜12:00"
    plan = synthetic_plan(40, territories=1, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 2.0
    c[m.CLOSED_DAYS] = "sat,sun"
    c[m.VISIT_TIME] = "14:00-"
    plan = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    t = plan.territories[0]
    sheet = load_workbook(export_workbook(plan, tmp_path / "r.xlsx"))[t.rep or t.name]
    notes = [str(r[7].value) for r in sheet.iter_rows(min_row=3) if r[7].value]
    broken = [n for n in notes if "\n" in n and " / " in n]
    assert broken  # the fixture's sheet has notes over two lines, parts on each
    assert [n for n in notes if any(line.rstrip().endswith("/") for line in n.split("\n"))] == []
