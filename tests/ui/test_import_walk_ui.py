"""The import window on a manager's own core-system export, in Japanese: the summary counts
rows with their counter (1行, 8行), the columns found are the rep's name and the 訪問区分."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt

from planner import model as m
from planner.i18n import set_language
from planner.ui.import_dialog import ImportDialog

pytestmark = pytest.mark.usefixtures("isolated")


def test_the_import_summary_counts_rows_in_japanese(qtbot, tmp_path) -> None:
    """「取り込まなかった行 1、取り込んだ行 8」: a bare number after its noun, no counter."""
    set_language("ja")
    path = tmp_path / "得意先一覧.csv"
    lines = ["得意先一覧表", "得意先CD,得意先名,住所,営業担当者CD,営業担当者名,訪問区分",
             "00123,山田商店,東京都新宿区新宿3-1-2,S01,鈴木　一郎,毎週",
             "00124,佐藤酒店,東京都渋谷区代々木2-10-5,S02,高橋 花子,隔週",
             ",合計,,,,"]
    path.write_bytes("\r\n".join(lines).encode("cp932"))
    dialog = ImportDialog(str(path), m.Settings())
    qtbot.addWidget(dialog)
    assert dialog.field_combos["rep"].currentText() == "営業担当者名"
    assert dialog.field_combos[m.FREQUENCY].currentText() == "訪問区分"
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    assert dialog.summary.text() == (
        "2件に地図上の位置がありません（リストに座標がなく、住所から位置を求めていません）。"
        "インターネットに接続してから、ファイル→顧客リストを更新…で同じリストを選び、「新規顧客・"
        "住所が変わった顧客・位置のない顧客の位置を住所から求める（オンライン）」にチェックを入れて"
        "位置を求めてください。"
        "3行を読み込み、2件の顧客を取り込みました。問題のある行が3行あります（取り込まなかった行1行、"
        "取り込んだ行2行。取り込んだ行は顧客一覧の「問題のある行」で修正できます）。")
    assert [t.rep for t in dialog.plan.territories] == ["鈴木 一郎", "高橋 花子"]


def test_a_territory_named_after_its_rep_is_named_once_in_the_calendars_rep_box() -> None:
    """「鈴木 一郎 — 鈴木 一郎」: the list's 担当 column names both the territory and its rep."""
    from planner.synthetic import synthetic_plan
    from planner.ui.calendar_grid import rep_choices

    plan = synthetic_plan(20, territories=2)
    t1, t2 = plan.territories
    plan = plan.replace(territories=(t1.replace(name="鈴木 一郎", rep="鈴木 一郎"),
                                     t2.replace(name="立川エリア", rep="山田 太郎")))
    assert [label for label, _id in rep_choices(plan)] == ["鈴木 一郎", "山田 太郎 (立川エリア)"]


def test_a_summary_with_nothing_left_out_says_all_were_imported(qtbot, tmp_path) -> None:
    """「取り込まなかった行0行、取り込んだ行1行」 when nothing was left out."""
    set_language("ja")
    path = tmp_path / "list.csv"
    path.write_text("顧客名,住所,緯度,経度\n山田商店,東京都新宿区1,35.69,139.70\n"
                    "佐藤商店,東京都渋谷区2,,\n", encoding="utf-8-sig")
    dialog = ImportDialog(str(path), m.Settings())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    assert dialog.summary.text() == (
        "2行を読み込み、2件の顧客を取り込みました。問題のある行が1行あります（すべて取り込みました。"
        "顧客一覧の「問題のある行」で修正できます）。")


def test_an_offline_lookup_in_the_window_names_the_lists_address_column(
        qtbot, tmp_path, monkeypatch) -> None:
    """The window's report put the lookup's rows under 住所 when the list's column is 住所1
    (the other rows of the same customers said 住所1)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("PLANNER_GSI_URL", f"http://127.0.0.1:{port}/search")
    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "geocode.sqlite"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    path = tmp_path / "list.csv"
    path.write_text("得意先名,住所1,住所2\n山田商店,東京都新宿区新宿3丁目,1-2-3\n"
                    "佐藤商店,東京都渋谷区代々木2-10-5,代々木ビル1F\n", encoding="utf-8")
    dialog = ImportDialog(str(path), m.Settings())
    qtbot.addWidget(dialog)
    dialog.geocode_check.setChecked(True)
    dialog.provider_combo.setCurrentIndex(dialog.provider_combo.findData("gsi"))
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.start_import()
    rows = [(dialog.problem_table.text(r, 0), dialog.problem_table.text(r, 3))
            for r in range(dialog.problem_table.rowCount())]
    assert ("2", "住所1") in rows and ("3", "住所1") in rows
    assert all(column == "住所1" for _row, column in rows)


def test_the_import_reports_reason_is_read_whole_without_scrolling_sideways(qtbot, tmp_path) -> None:
    """理由, the column that says what to fix, sat past the right edge behind a scroll bar
    (a long 値 and 顧客 before it): it now takes the width left and wraps onto more lines."""
    set_language("ja")
    path = tmp_path / "得意先一覧.csv"
    lines = ["得意先CD,得意先名,住所,緯度,経度",
             "C000102,株式会社吉田酒店ホールディングス東日本支社,東京都渋谷区代々木2-10-5,"
             "139.70336,35.659488",
             "C000103,合同会社東和商店,埼玉県さいたま市大宮区大宮2丁目1-4 大宮駅前ビル3階,北のほう,"
             "139.6",
             "C000103,ひかり精肉店,東京都新宿区新宿3-1-2,35.69,139.70"]
    path.write_text("\n".join(lines), encoding="utf-8-sig")
    dialog = ImportDialog(str(path), m.Settings())
    qtbot.addWidget(dialog)
    dialog.resize(760, 620)
    dialog.show()
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    table = dialog.problem_table
    qtbot.waitUntil(lambda: table.isVisible())
    reason = table.model().columnCount() - 1
    assert table.model().headerData(reason, Qt.Orientation.Horizontal) == "理由"
    right = table.columnViewportPosition(reason) + table.columnWidth(reason)
    assert table.columnViewportPosition(reason) >= 0 and right <= table.viewport().width()
    metrics = table.fontMetrics()
    for row in range(table.rowCount()):
        text = table.text(row, reason)
        needed = metrics.boundingRect(QRect(0, 0, table.columnWidth(reason) - 8, 10_000),
                                      Qt.TextFlag.TextWordWrap, text)
        assert needed.height() <= table.rowHeight(row), text


def test_every_column_match_is_in_sight_above_a_few_rows_of_the_list(qtbot, program_font) -> None:
    """「各列の対応を確かめ」: the matches (担当, 定休日, 訪問時間帯 …) scrolled in a box under
    seven rows of the list; the list now gives way, keeping three rows in sight."""
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    set_language("ja")
    sample = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample_customers.xlsx"
    dialog = ImportDialog(str(sample), m.Settings())
    qtbot.addWidget(dialog)
    dialog.resize(760, 620)  # two matches a row, as on a small laptop screen
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.mapping_area
    grid = area.widget()
    qtbot.waitUntil(lambda: grid.columns == 2 == grid.columns_for(area.viewport().width()))
    QApplication.processEvents()  # the box laid out for the rows the matches flowed into
    assert area.verticalScrollBar().maximum() == 0
    table = dialog.preview_table
    assert table.viewport().height() >= 3 * table.rowHeight(0)


def test_an_address_in_parts_is_named_whole_in_its_column_box(qtbot, tmp_path) -> None:
    """「住所: 都道府県」 under a 所在地 merged over 都道府県 | 市区町村 | 番地 read as if the
    address were the prefecture alone; the box names the three columns joined."""
    import openpyxl

    set_language("ja")
    wb = openpyxl.Workbook()
    wb.active.title = "表紙"
    wb.active["B3"] = "2026年度 得意先台帳"
    ws = wb.create_sheet("顧客データ")
    ws.append(["顧客コード", "得意先名", "所在地", None, None, "担当"])
    ws.append([None, None, "都道府県", "市区町村", "番地", None])
    ws.append(["１２３", "丸山商店", "東京都", "練馬区", "豊玉北５－１８－１", "佐藤"])
    for cells in ("A1:A2", "B1:B2", "C1:E1", "F1:F2"):
        ws.merge_cells(cells)
    path = tmp_path / "台帳.xlsx"
    wb.save(path)
    dialog = ImportDialog(str(path), m.Settings())
    qtbot.addWidget(dialog)
    combo = dialog.field_combos[m.ADDRESS]
    assert combo.currentText() == "都道府県＋市区町村＋番地"
    assert dialog.mapping()[m.ADDRESS] == "都道府県"
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    assert list(dialog.plan.customers[m.ADDRESS]) == ["東京都練馬区豊玉北5-18-1"]
    # the note on the header row (row 2) imported no row: no 「はい」 beside it
    model = dialog.problem_table.model()
    cells = [[model.index(r, c).data() for c in range(2)] for r in range(model.rowCount())]
    assert [kept for row, kept in cells if row == "2"] == [""]
    assert "住所は都道府県、市区町村、番地の列をこの順につないで読み込みました。" in (
        dialog.summary.text())


def test_addresses_in_the_name_column_are_refused_and_the_window_stays_on_its_columns(
        qtbot, tmp_path) -> None:
    """The 得意先名 column holding 東京都千代田区 …: one sentence, no plan to open, the columns
    still there to choose again (it made 40 customers named after their wards)."""
    set_language("ja")
    path = tmp_path / "得意先一覧.csv"
    lines = ["得意先CD,得意先名,住所1,住所2,担当者",
             "1000,東京都千代田区,山崎クリニック,東京4丁目7-16,鈴木 一郎",
             "1001,神奈川県横浜市港北区,合同会社双葉マート,新横浜2丁目4-12,伊藤 由美"]
    path.write_bytes("\r\n".join(lines).encode("cp932"))
    dialog = ImportDialog(str(path), m.Settings())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.failed, timeout=30_000) as failed:
        dialog.start_import()
    assert failed.args == [
        "顧客名として読む列「得意先名」に住所が入っているため、取り込みませんでした（2行目: "
        "「東京都千代田区」）。顧客名の入った列を選んでください（取り込み画面の「顧客名」欄、"
        "または --column name=列名）。"]
    assert dialog.plan is None and dialog.pages.currentIndex() == 0
    dialog.field_combos[m.NAME].setCurrentIndex(dialog.field_combos[m.NAME].findData("住所1"))
    dialog.field_combos[m.ADDRESS].setCurrentIndex(
        dialog.field_combos[m.ADDRESS].findData("得意先名"))
    with qtbot.waitSignal(dialog.imported, timeout=30_000):
        dialog.start_import()
    assert list(dialog.plan.customers[m.NAME]) == ["山崎クリニック", "合同会社双葉マート"]
