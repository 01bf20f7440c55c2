"""A core system writes 0, 0 for a position it does not know: the import report said
「座標が日本国外です」, which sent the manager looking for a shop abroad; it now says the
coordinates were not filled in, and how to give the customer a position."""

from __future__ import annotations

import math

import openpyxl

from planner import model as m
from planner.i18n import set_language
from planner.spreadsheet import read_customers


def test_coordinates_0_0_are_reported_as_not_filled_in(tmp_path) -> None:
    set_language("ja")
    try:
        wb = openpyxl.Workbook()
        for row in (["コード", "顧客名", "住所", "緯度", "経度"],
                    ["C001", "上野店", "東京都台東区上野7-1-1", 0, 0],
                    ["C002", "住所なし店", None, "0", "0"],
                    ["C003", "ロンドン商会", "イギリス", 51.5, -0.13],
                    ["C004", "新宿店", "東京都新宿区新宿3-1-1", 35.69, 139.70]):
            wb.active.append(row)
        path = tmp_path / "list.xlsx"
        wb.save(path)
        result = read_customers(path)
    finally:
        set_language(None)
    reasons = {p.row: (p.column, p.value, p.reason, p.kept) for p in result.report.problems}
    assert reasons[2] == ("緯度", "0, 0", "座標が 0, 0（未入力）のため、位置なしで取り込みました"
                          "（住所から位置を検索するか、地図上で配置してください）。", True)
    assert reasons[3] == ("緯度", "0, 0", "座標が 0, 0（未入力）で住所もないため、位置なしで"
                          "取り込みました（地図上で配置するか、住所を入力してください）。", True)
    assert reasons[4][2] == "座標が日本国外です。位置なしで取り込みました。"  # abroad, as before
    assert 5 not in reasons
    at = result.customers.set_index(m.CUSTOMER_ID)
    assert all(math.isnan(at.loc[c, m.LAT]) for c in ("C001", "C002", "C003"))
    assert at.loc["C004", m.LAT] == 35.69
