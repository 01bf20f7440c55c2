"""A name column that holds addresses is the wrong column: the import stops with one sentence
naming the column and a row, and nothing is written (it made 40 customers named 「東京都千代田区」)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from planner.cli import main
from planner.errors import PlannerError
from planner.i18n import set_language
from planner.spreadsheet import read_customers

ROWS = [
    ("1000", "山崎クリニック", "東京都千代田区", "東京4丁目7-16", "鈴木 一郎"),
    ("1001", "合同会社双葉マート", "神奈川県横浜市港北区", "新横浜2丁目4-12", "伊藤 由美"),
    ("１００２", "株式会社日本印刷", "東京都八王子市", "八王子１丁目２７－１４", "高橋 美咲"),
    ("1003", "埼玉県信用金庫 越谷支店", "埼玉県越谷市", "越谷5丁目2-19", "鈴木 一郎"),
]


def _workbook(tmp_path: Path, *, swapped: bool) -> Path:
    """得意先一覧 with a title row, a blank row and the header on row 3; ``swapped``: the
    names and the first address part typed into each other's column."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "得意先一覧"
    ws.append(["得意先一覧 2026年11月末"])
    ws.append([])
    ws.append(["得意先CD", "得意先名", "住所1", "住所2", "担当者"])
    for code, name, part1, part2, rep in ROWS:
        ws.append([code, part1, name, part2, rep] if swapped else [code, name, part1, part2, rep])
    ws.append(["合計"])
    path = tmp_path / "得意先一覧.xlsx"
    wb.save(path)
    return path


def test_addresses_in_the_name_column_stop_the_import_with_one_sentence(tmp_path, english):
    path = _workbook(tmp_path, swapped=True)
    with pytest.raises(PlannerError) as caught:
        read_customers(path)
    assert str(caught.value) == (
        "The column 得意先名 read as the customer name holds addresses (row 4: 東京都千代田区): "
        "choose the column with the customers' names (the 顧客名 box of the import window, or "
        "--column name=HEADER).")


def test_an_address_column_chosen_as_the_name_is_named(tmp_path, english):
    """--column name=住所1 said 「住所または座標の列がありません」 though the list has two."""
    path = _workbook(tmp_path, swapped=False)
    with pytest.raises(PlannerError, match="The column 住所1 read as the customer name holds"):
        read_customers(path, columns={"name": "住所1"})


def test_names_beginning_with_a_prefecture_are_names(tmp_path, english):
    """埼玉県信用金庫, 横浜市港北区役所: a prefecture or city in front, no number after it, and
    going on past the municipality (a list of ward offices is a list of names)."""
    names = ["埼玉県信用金庫", "東京都民銀行", "横浜市港北区役所", "東京都千代田区役所",
             "川崎市中原区役所"]
    path = tmp_path / "list.csv"
    path.write_text("得意先名,住所\n" + "".join(f"{n},東京都新宿区新宿3-1-{k}\n"
                                               for k, n in enumerate(names)), encoding="utf-8")
    result = read_customers(path)
    assert list(result.customers["name"]) == names


def test_the_right_columns_import_as_before(tmp_path, english):
    result = read_customers(_workbook(tmp_path, swapped=False))
    assert list(result.customers["name"])[:2] == ["山崎クリニック", "合同会社双葉マート"]


def test_the_command_line_says_it_on_one_line_in_japanese_and_writes_no_plan(
        tmp_path, capsys):
    path = _workbook(tmp_path, swapped=True)
    out = tmp_path / "plan.gpkg"
    try:
        status = main(["import", str(path), "-o", str(out), "--lang", "ja"])
    finally:
        set_language(None)
    assert status == 1 and not out.exists()
    err = capsys.readouterr().err.strip()
    assert err == (
        "territory-planner: 顧客名として読む列「得意先名」に住所が入っているため、取り込みません"
        "でした（4行目: 「東京都千代田区」）。顧客名の入った列を選んでください（取り込み画面の"
        "「顧客名」欄、または --column name=列名）。")


def test_the_command_lines_rows_are_listed_the_japanese_way(tmp_path, capsys):
    """「（4, 5, 6, 7, 8 …行目）」: commas between row numbers read as 45,678 in Japanese."""
    path = _workbook(tmp_path, swapped=False)
    try:
        status = main(["import", str(path), "-o", str(tmp_path / "plan.gpkg"), "--lang", "ja"])
    finally:
        set_language(None)
    assert status == 0
    out = capsys.readouterr().out
    assert "  4件 × 座標がありません。位置なしで取り込みました（住所から位置を検索するか、地図上で" \
           "配置してください）。（4、5、6、7行目）" in out.splitlines()
    assert "  1件 × 顧客ではなく合計行のようです。取り込みません。（8行目）" in out.splitlines()
