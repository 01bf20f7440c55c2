"""The workbook's list sheets as a manager prints them: notes, page shape, number formats."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openpyxl import load_workbook

from planner.export.excel import export_workbook
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    set_language("ja")
    try:
        plan = build_schedule(synthetic_plan(60, territories=3, seed=5), route_seconds=0.01)
        path = export_workbook(plan, tmp_path_factory.mktemp("wb") / "plan.xlsx")
        return load_workbook(path)
    finally:
        set_language(None)


def test_the_ranks_notes_lines_end_at_its_sentences(workbook) -> None:  # type: ignore[no-untyped-def]
    """The note wrapped where the line was full and printed its closing 「。」 alone on a
    second line: each sentence now takes a line of its own."""
    ws = workbook["ランク別顧客数"]
    note = ws["A2"].value
    lines = note.split("\n")
    assert len(lines) == 2, note
    assert all(line.endswith("。") for line in lines), lines
    assert not any(line.startswith("。") for line in lines)
    assert ws.row_dimensions[2].height >= 2 * 13.5  # room for both lines


def test_a_note_with_a_sentence_longer_than_a_line_is_left_to_wrap() -> None:
    from planner.export.excel_cells import sentence_lines

    long = "祝日・休みの日に当たる訪問は振替または訪問なしになります。" * 3
    assert sentence_lines(long + "担当者がお伝えします。", 40.0) == long + "担当者がお伝えします。"
    assert sentence_lines("One rule. Two rules.", 12.0) == "One rule.\nTwo rules."
    quoted = "「休業日。」と書きます。次の文です。"
    for width in range(6, 60):  # no line starts with a closing mark, however wide
        for line in sentence_lines(quoted, float(width)).split("\n"):
            assert not line.startswith(("」", "。")), (width, line)


def test_the_summarys_working_days_stand_apart_from_the_count_before_them(workbook) -> None:  # type: ignore[no-untyped-def]
    """「1 | 月〜金」 printed flush together read as 「1月〜金」 (January to Friday)."""
    ws = workbook["サマリー"]
    headers = [str(c.value or "").replace("\n", "") for c in ws[3]]
    col = headers.index("稼働日") + 1
    before = ws.cell(row=4, column=col - 1)
    assert isinstance(before.value, int)  # the customers left out, right-aligned
    for row in range(4, 4 + 3):
        cell = ws.cell(row=row, column=col)
        assert "〜" in str(cell.value)
        assert cell.alignment.horizontal == "center", cell.alignment.horizontal


def test_the_customer_lists_sales_print_with_thousands_separators(workbook) -> None:  # type: ignore[no-untyped-def]
    """年間売上 printed as 4726000: the office reads sales as 4,726,000, in a column wide
    enough for the largest (no ####)."""
    from planner import model as m
    from planner.columns import detect_column_indexes

    ws = workbook["顧客一覧"]
    headers = [c.value for c in ws[1]]
    col = detect_column_indexes(headers)[m.SALES] + 1
    cells = [ws.cell(row=r, column=col) for r in range(2, ws.max_row + 1)]
    numbers = [c for c in cells if isinstance(c.value, (int, float))]
    assert numbers
    assert {c.number_format for c in numbers} == {"#,##0"}
    letter = ws.cell(row=1, column=col).column_letter
    largest = max(abs(c.value) for c in numbers)
    assert ws.column_dimensions[letter].width >= len(f"{largest:,.0f}") + 1


def test_the_lists_own_sales_column_prints_with_separators_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The office's own 年間売上 column, written back as it was read: formatted alike,
    and a column of text (120万円) left as typed."""
    from planner import model as m
    from planner.spreadsheet import read_customers, write_csv

    src = tmp_path / "list.csv"
    write_csv(src, ["顧客コード", "顧客名", "住所", "緯度", "経度", "年間売上"], [
        ["C1", "一", "東京都新宿区1", 35.69, 139.70, 4726000],
        ["C2", "二", "東京都新宿区2", 35.70, 139.71, 12345678],
        ["C3", "三", "東京都新宿区3", 35.71, 139.72, ""],
    ])
    got = read_customers(src)
    plan = m.Plan(customers=got.customers, original_columns=got.original_columns)
    ws = load_workbook(export_workbook(plan, tmp_path / "c.xlsx"))["顧客一覧"]
    headers = [c.value for c in ws[1]]
    col = headers.index("年間売上") + 1
    assert [ws.cell(row=r, column=col).value for r in (2, 3)] == [4726000, 12345678]
    assert {ws.cell(row=r, column=col).number_format for r in (2, 3)} == {"#,##0"}
    letter = ws.cell(row=1, column=col).column_letter
    assert ws.column_dimensions[letter].width >= len("12,345,678") + 1
    assert m.SALES in plan.customers.columns


def test_a_narrow_list_prints_upright_and_a_wide_one_on_its_side(workbook, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The areas list (4 columns) printed on its side ran its last rows onto a second,
    nearly empty page; upright it fits one, in type still readable."""
    from openpyxl import Workbook

    from planner.export.excel_cells import list_sheet

    areas = workbook["担当エリア一覧"]
    assert areas.page_setup.orientation == "portrait"
    assert areas.page_setup.fitToWidth == 1 and areas.print_title_rows == "$3:$3"
    wb = Workbook(write_only=True)
    list_sheet(wb, "狭い", "note", ["市区町村", "担当者", "顧客数"],
               [["新宿区", "山田 太郎 12、鈴木 一郎 3", 15]], used=set())
    list_sheet(wb, "広い", "note", [f"列{i}" for i in range(12)],
               [["東京都千代田区丸の内一丁目" for _ in range(12)]], used=set())
    wb.save(tmp_path / "lists.xlsx")
    saved = load_workbook(tmp_path / "lists.xlsx")
    for name, upright in (("狭い", True), ("広い", False)):
        ws = saved[name]
        assert ws.page_setup.orientation == ("portrait" if upright else "landscape")


def test_one_word_in_the_lists_sales_column_leaves_the_other_figures_numbers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A 売上（千円） column with one 「不明」 and one 「1,200千円」 wrote every figure of it
    as text (Excel's green corners, a SUM of 0): the figures are numbers, the words stay as
    typed. A code column stays one type (1001 beside A-3: all text)."""
    from planner import model as m
    from planner.spreadsheet import read_customers, write_csv

    src = tmp_path / "list.csv"
    write_csv(src, ["得意先コード", "得意先名", "住所", "緯度", "経度", "売上（千円）"], [
        ["1001", "一", "大阪府大阪市北区1", 34.69, 135.50, 505],
        ["1002", "二", "大阪府大阪市北区2", 34.70, 135.51, "不明"],
        ["A-3", "三", "大阪府大阪市北区3", 34.71, 135.52, "1,200千円"],
        ["1004", "四", "大阪府大阪市北区4", 34.72, 135.53, 12345],
    ])
    got = read_customers(src)
    plan = m.Plan(customers=got.customers, original_columns=got.original_columns)
    ws = load_workbook(export_workbook(plan, tmp_path / "c.xlsx"))["顧客一覧"]
    headers = [c.value for c in ws[1]]
    sales = [ws.cell(row=r, column=headers.index("売上（千円）") + 1).value for r in range(2, 6)]
    assert sales == [505, "不明", "1,200千円", 12345]
    column = headers.index("売上（千円）") + 1
    assert ws.cell(row=5, column=column).number_format == "#,##0"  # 12,345 as sales read
    codes = [ws.cell(row=r, column=headers.index("得意先コード") + 1).value for r in range(2, 6)]
    assert codes == ["1001", "1002", "A-3", "1004"]


def test_the_lists_coordinates_show_a_pin_placed_by_hand_and_a_swapped_pair_set_right(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A typo (緯度 3.469) fixed by dragging the pin still showed 3.469 in the sheet's 緯度
    beside the plan's columns, and a new plan made of the sheet lost the pin; a swapped pair
    showed swapped. The plan's exact positions go in; a rough one keeps the cell as typed."""
    from planner import model as m
    from planner.edits import MoveCustomer, apply_edit
    from planner.geocode import geocode_customers
    from planner.spreadsheet import read_customers, write_csv

    src = tmp_path / "list.csv"
    write_csv(src, ["得意先コード", "得意先名", "住所", "緯度", "経度"], [
        ["C1", "一", "大阪府大阪市北区梅田1丁目1-1", 34.70, 135.50],
        ["C2", "二", "大阪府大阪市北区梅田1丁目2-1", 135.51, 34.71],  # swapped
        ["C3", "三", "大阪府大阪市北区梅田1丁目3-1", 3.469, 135.52],  # typo: placed nearby
        ["C4", "四", "大阪府大阪市北区梅田1丁目4-1", 3.5, 135.53],  # typo, left rough
    ])
    got = read_customers(src)
    located = geocode_customers(got.customers, provider="none", settings=got.settings)
    got = got.with_geocoding(located.customers, list(located.problems))
    plan = got.to_plan()
    plan, _inverse, _changes = apply_edit(plan, MoveCustomer("C3", 34.7201, 135.5202))
    ws = load_workbook(export_workbook(plan, tmp_path / "c.xlsx"))["顧客一覧"]
    headers = [c.value for c in ws[1]]
    lat, lon = headers.index("緯度") + 1, headers.index("経度") + 1
    cells = [(ws.cell(row=r, column=lat).value, ws.cell(row=r, column=lon).value)
             for r in range(2, 6)]
    assert cells == [(34.70, 135.50), (34.71, 135.51), (34.7201, 135.5202), (3.5, 135.53)]
    again = read_customers(tmp_path / "c.xlsx").customers.set_index(m.CUSTOMER_ID)
    assert (again.loc["C3", m.LAT], again.loc["C3", m.LON]) == (34.7201, 135.5202)
