"""Lists as Japanese offices keep them (a QA round): ranks written Aランク, one sheet per
office, heading and note lines, ¥ saved as a backslash, a hidden column, a rep by surname."""

from __future__ import annotations

import openpyxl

from planner import model as m
from planner.spreadsheet import read_customers


def _save(tmp_path, rows, name="list.xlsx"):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    path = tmp_path / name
    wb.save(path)
    return path


def test_a_yen_sign_saved_as_a_backslash_in_shift_jis_is_read(tmp_path):
    """¥ is byte 0x5C in Shift-JIS, which Python reads as a backslash: every sales figure
    ("\\10,000") was reported not a number."""
    path = tmp_path / "list.csv"
    text = ("コード,顧客名,住所,売上金額\r\n"
            '00101,ヤマダ商店,東京都練馬区1,"\\10,000"\r\n'
            "00102,丸正,東京都練馬区2,\\2500\r\n"
            '00103,龍門,東京都練馬区3,"△\\1,000"\r\n')
    path.write_bytes(text.encode("cp932"))
    result = read_customers(path)
    assert list(result.customers[m.SALES]) == [10000.0, 2500.0, -1000.0]
    assert not [p for p in result.report.problems if p.column == "売上金額"]
