"""The import report reads at a glance: 39 rows of 「第2火曜」 in the 定休日 column made 39
four-line rows of one reason, and the one address placed roughly sat out of sight among them.
Alike problems make one row naming the sheet's rows; the CSV report keeps one line a row."""

from __future__ import annotations

import csv

import openpyxl
import pytest

from planner import model as m
from planner.i18n import set_language
from planner.ui.import_dialog import ImportDialog

pytestmark = pytest.mark.usefixtures("isolated")


def _list(path, rows: int = 40):  # type: ignore[no-untyped-def]
    """A 大阪 list: every fifth shop closed on the second Tuesday, one without coordinates."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["得意先コード", "得意先名", "住所", "担当者", "定休日", "緯度", "経度"])
    for k in range(rows):
        closed = "第2火曜" if k % 5 == 0 else "日曜"
        lat, lon = (None, None) if k == 7 else (34.69 + k / 1000, 135.51 + k / 1000)
        ws.append([f"T{1001 + k}", f"商店{k}", f"大阪府大阪市北区{k % 5 + 1}丁目{k + 1}-1",
                   "鈴木 一郎", closed, lat, lon])
    wb.save(path)
    return path


def test_alike_problems_make_one_row_that_names_the_sheet_rows(qtbot, tmp_path) -> None:
    set_language("ja")
    dialog = ImportDialog(str(_list(tmp_path / "得意先.xlsx")), m.Settings())
    qtbot.addWidget(dialog)
    dialog.resize(760, 620)
    dialog.show()
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.start_import()
    table = dialog.problem_table
    texts = [[table.text(r, c) for c in range(6)] for r in range(table.rowCount())]
    second = [row for row in texts if row[4] == "第2火曜"]
    assert len(second) == 1  # eight sheet rows, one row of the table
    row, imported, customer, column, value, reason = second[0]
    assert (row, imported, customer, column) == ("2（ほか7行）", "はい", "8件", "定休日")
    assert reason.endswith("同じ理由の行（8行）: 2、7、12、17、22、27、32、37。")
    # the reason has the room: no column past the right edge behind a sideways scroll bar
    assert table.columnViewportPosition(5) + table.columnWidth(5) <= table.viewport().width()
    assert table.columnWidth(5) >= table.viewport().width() * 2 // 5
    # the row without coordinates reads as before, and is in view as the report opens
    alone = next(r for r, t in enumerate(texts) if t[0] == "9")
    assert texts[alone][2] == "T1008 商店7"
    assert table.rowViewportPosition(alone) + table.rowHeight(alone) <= table.viewport().height()
    path = tmp_path / "report.csv"
    dialog.save_report(str(path))
    with path.open(encoding="utf-8-sig") as f:
        lines = [r for r in csv.reader(f) if "第2火曜" in r]
    assert len(lines) == 8  # the CSV report still lists each sheet row


def test_rows_without_coordinates_make_one_row_and_the_total_left_out_shows(
        qtbot, tmp_path) -> None:
    """A list without 緯度・経度 gave one 「座標がありません」 row a customer, each with its own
    address: 40 of them hid the 合計 row left out at the bottom of the table."""
    set_language("ja")
    path = tmp_path / "得意先一覧.csv"
    lines = ["得意先CD,得意先名,住所,担当者"]
    lines += [f"{1000 + k},商店{k},東京都練馬区練馬{k % 5 + 1}丁目{k + 1}-1,鈴木 一郎"
              for k in range(40)]
    lines += ["合計,,,"]
    path.write_bytes("\r\n".join(lines).encode("cp932"))
    dialog = ImportDialog(str(path), m.Settings())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.start_import()
    table = dialog.problem_table
    rows = [[table.text(r, c) for c in range(6)] for r in range(table.rowCount())]
    assert len(rows) == 2
    unplaced, total = rows
    assert unplaced[:5] == ["2（ほか39行）", "はい", "40件", "住所", ""]
    assert unplaced[5].startswith("座標がありません。位置なしで取り込みました")
    named = "、".join(str(r) for r in range(2, 22))  # 20 rows named, the rest counted
    assert unplaced[5].endswith(f"\n同じ理由の行（40行）: {named} ほか20行。")
    assert total == ["42", "いいえ", "", "得意先CD", "合計",
                     "顧客ではなく合計行のようです。取り込みません。"]


def test_one_row_without_coordinates_still_shows_its_address(qtbot, tmp_path) -> None:
    set_language("ja")
    path = tmp_path / "list.csv"
    path.write_text("得意先CD,得意先名,住所\n1001,佐藤商店,東京都渋谷区代々木2-10-5\n",
                    encoding="utf-8")
    dialog = ImportDialog(str(path), m.Settings())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.start_import()
    table = dialog.problem_table
    assert [table.text(0, c) for c in range(5)] == [
        "2", "はい", "1001 佐藤商店", "住所", "東京都渋谷区代々木2-10-5"]
