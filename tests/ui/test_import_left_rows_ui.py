"""The import window on a long messy list: each reason reads whole in the problem table (a
list of 700 rows without coordinates cut every reason with "…" at 1000 px), and the summary
counts the customers whose 担当 cell is blank."""

from __future__ import annotations

import openpyxl
import pytest

from planner import model as m
from planner.i18n import set_language
from planner.ui.import_dialog import ImportDialog
from planner.ui.text_table import WRAPPED_ROWS

pytestmark = pytest.mark.usefixtures("isolated")


def _list(path, rows: int, *, kana: bool = True):  # type: ignore[no-untyped-def]
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in (["得意先一覧"], [], ["得意先CD", "得意先名", "住所", "担当", "ランク", "売上"]):
        ws.append(line)
    for k in range(rows):
        rep = "" if k in (20, rows - 2) else ["鈴木 一郎", "高橋 花子", "山田 太郎"][k % 3]
        if kana and k in (0, 4):  # a rep in kana beside reps in kanji: a long note at the top …
            rep = "ｽｽﾞｷ ｲﾁﾛｳ"
        if kana and k in (rows - 6, rows - 4):  # … and one at the bottom
            rep = "ﾀｶﾊｼ ﾊﾅｺ"
        # each sales cell its own unreadable text: a problem row each (alike ones, such as
        # the rows without coordinates, make one row of the table)
        ws.append([f"{1000 + k}", f"商店{k}", f"東京都新宿区西新宿{k % 9 + 1}-{k % 20 + 1}-{k + 1}",
                   rep, "ABC"[k % 3], f"未定{k}"])
    wb.save(path)
    return path


def _wrapped(table, row: int) -> bool:  # type: ignore[no-untyped-def]
    """The row's reason is wider than its column, and the row as high as the reason,
    wrapped at the column's width, asks."""
    last = table.text_model.columnCount() - 1
    wide = table.fontMetrics().horizontalAdvance(table.text(row, last)) > table.columnWidth(last)
    return wide and table.rowHeight(row) >= table.sizeHintForRow(row) > table.verticalHeader()\
        .defaultSectionSize()


def test_long_reasons_read_whole_in_a_report_of_many_rows(qtbot, tmp_path) -> None:
    set_language("ja")
    rows = WRAPPED_ROWS + 200
    dialog = ImportDialog(str(_list(tmp_path / "顧客.xlsx", rows)), m.Settings())
    qtbot.addWidget(dialog)
    dialog.resize(1000, 640)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.start_import()
    table = dialog.problem_table
    assert table.rowCount() > WRAPPED_ROWS
    last = table.text_model.columnCount() - 1
    kana = [r for r in range(table.rowCount()) if "カナだけ" in table.text(r, last)]
    assert kana[0] < table.rowAt(table.viewport().height() - 2)  # in view when it opens
    # 「担当「スズキ イチロウ」はカナだけの表記で…」: read whole on several lines
    assert _wrapped(table, kana[0])
    table.scrollToBottom()  # 「担当「タカハシ ハナコ」は…」 comes into view: fitted too
    assert table.rowAt(0) <= kana[1] and _wrapped(table, kana[1])
    blank = [r for r in range(table.rowCount()) if "空欄" in table.text(r, last)]
    assert [table.text(r, 0) for r in blank] == ["24"]


def test_the_summary_counts_customers_with_a_blank_rep(qtbot, tmp_path) -> None:
    set_language("ja")
    dialog = ImportDialog(str(_list(tmp_path / "顧客.xlsx", 30, kana=False)), m.Settings())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.start_import()
    assert ("担当が空欄の顧客 2件は、どのテリトリーにも入れずに読み込みました（24・32行目）。"
            "リストの担当を埋めて読み込み直すか、プランでテリトリーに割り当ててください。"
            ) in dialog.summary.text()
