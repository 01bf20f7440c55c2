"""A 住所 header merged across two columns (市区町村まで | 番地, no header row below): the
address was read from the first column alone, 「東京都千代田区」 for every shop of the ward."""

from __future__ import annotations

import openpyxl

from planner import model as m
from planner.spreadsheet import preview, read_customers


def _workbook(tmp_path, *, second_row: bool = False):  # type: ignore[no-untyped-def]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "得意先一覧"
    ws.append(["得意先一覧 2026年11月末"])
    ws.merge_cells("A1:F1")  # a title across the table: no header
    ws.append([])
    ws.append(["得意先CD", "得意先名", "住所", None, "担当者", "備考"])
    ws.merge_cells("C3:D3")
    if second_row:  # 住所 over 市区町村 | 番地: the row below names the parts
        ws.append([None, None, "市区町村", "番地", None, None])
    ws.append(["1000", "山崎クリニック", "東京都千代田区", "東京4丁目7-16", "鈴木 一郎", None])
    ws.append(["1001", "双葉マート", "神奈川県横浜市港北区", "新横浜2丁目4-12", "伊藤 由美", None])
    path = tmp_path / "得意先一覧.xlsx"
    wb.save(path)
    return path


def test_an_address_header_merged_across_two_columns_reads_both(tmp_path, english) -> None:
    result = read_customers(_workbook(tmp_path))
    assert list(result.customers[m.ADDRESS]) == [
        "東京都千代田区東京4丁目7-16", "神奈川県横浜市港北区新横浜2丁目4-12"]
    assert list(result.customers[m.NAME]) == ["山崎クリニック", "双葉マート"]
    assert result.header_row == 3


def test_the_import_window_offers_the_joined_address(tmp_path, english) -> None:
    pv = preview(_workbook(tmp_path))
    assert pv.headers[2:4] == ["住所", "住所2"] and pv.mapping[m.ADDRESS] == "住所"


def test_a_header_row_below_the_merge_still_names_the_parts(tmp_path, english) -> None:
    result = read_customers(_workbook(tmp_path, second_row=True))
    assert list(result.customers[m.ADDRESS]) == [
        "東京都千代田区東京4丁目7-16", "神奈川県横浜市港北区新横浜2丁目4-12"]
