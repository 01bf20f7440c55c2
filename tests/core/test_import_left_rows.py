"""Rows of a messy Japanese list the import used to pass over in silence: customers whose 担当
cell is blank (imported without a territory), and one shop entered twice under its code, name
and address (two customers, 201 and 201-2, each visited)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from planner import model as m
from planner.spreadsheet import read_customers
from planner.update import update_customers

HEADER = ["得意先CD", "得意先名", "住所", "電話番号", "担当", "訪問頻度", "緯度", "経度"]
#: Two title lines and a blank one above the header (row 4): the first customer is row 5.
TITLE = [["得意先マスタ一覧（2026年11月）"], ["出力日 2026/11/30"], []]


def _rows(blank: int = 3) -> list[list[object]]:
    """Ten customers of two reps, of which the first ``blank`` of rows 3, 6, 8, 9, … have no
    rep (list order: row 5 on)."""
    out: list[list[object]] = []
    for k in range(10 + max(0, blank - 3)):
        rep = "鈴木 一郎" if k % 2 else "高橋 花子"
        out.append([f"{101 + k}", f"商店{k + 1}", f"東京都新宿区西新宿{k + 1}-1-1",
                    f"03-1111-{k:04d}", rep, "毎週", 35.69 + k / 1000, 139.70 + k / 1000])
    for k in [2, 5, 7, 8, 9, 10, 11, 12][:blank]:
        out[k][4] = ""
    return out


def _csv(path: Path, rows: list[list[object]]) -> Path:
    """A Shift-JIS CSV with title lines above the header, as a core system writes it."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows([*TITLE, HEADER, *rows])
    path.write_bytes(buf.getvalue().encode("cp932"))
    return path


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = openpyxl.Workbook()
    for row in [*TITLE, HEADER, *rows]:
        wb.active.append(row)
    wb.save(path)
    return path


def _notes(result) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.reason for p in result.report.problems if p.note]


def test_customers_with_a_blank_rep_are_counted_in_one_line(tmp_path, japanese) -> None:
    """Three of ten without a rep: 割当済み 7 of 10, and the report says which rows."""
    for path in (_csv(tmp_path / "顧客.csv", _rows()), _xlsx(tmp_path / "顧客.xlsx", _rows())):
        result = read_customers(path)
        assert (result.customers[m.TERRITORY] == "").sum() == 3
        assert _notes(result) == [
            "担当が空欄の顧客 3件は、どのテリトリーにも入れずに読み込みました（7・10・12行目）。"
            "リストの担当を埋めて読み込み直すか、プランでテリトリーに割り当ててください。"]
        (note,) = [p for p in result.report.problems if p.note]
        assert (note.row, note.column) == (7, "担当")


def test_many_blank_reps_name_a_few_rows_and_count_the_rest(tmp_path, japanese) -> None:
    result = read_customers(_csv(tmp_path / "顧客.csv", _rows(blank=8)))
    assert _notes(result) == [
        "担当が空欄の顧客 8件は、どのテリトリーにも入れずに読み込みました"
        "（7・10・12・13・14行目 ほか3件）。"
        "リストの担当を埋めて読み込み直すか、プランでテリトリーに割り当ててください。"]


def test_no_line_when_no_row_names_a_rep_or_a_placeholder_says_none(tmp_path, japanese) -> None:
    """A list without reps (the design makes the territories) needs no word; a 未定 is told
    row by row already."""
    rows = _rows(blank=0)
    for row in rows:
        row[4] = ""
    assert not _notes(read_customers(_csv(tmp_path / "a.csv", rows)))
    rows = _rows(blank=0)
    rows[2][4] = "未定"
    result = read_customers(_csv(tmp_path / "b.csv", rows))
    assert not [r for r in _notes(result) if "空欄" in r]
    assert [p.row for p in result.report.problems if "未定" in p.reason] == [7]


def test_an_update_says_what_it_did_with_blank_reps(tmp_path, japanese) -> None:
    """In an update a customer already in the plan keeps its territory while its cell is
    blank; a new shop without a rep joins the territory of its place: the line says so, not
    "imported without a territory"."""
    plan = read_customers(_csv(tmp_path / "11月.csv", _rows(blank=0))).to_plan()
    rows = _rows(blank=1)  # 103 (row 7) lost its rep
    rows.append(["111", "新店", "東京都新宿区西新宿1-2-1", "03-9999-0000", "", "毎週",
                 35.6901, 139.7001])  # row 15, beside 101 of 高橋 花子
    update = update_customers(plan, read_customers(_csv(tmp_path / "12月.csv", rows),
                                                   settings=plan.settings))
    customers = update.plan.customers.set_index(m.CUSTOMER_ID)
    before = plan.customers.set_index(m.CUSTOMER_ID)
    assert customers.loc["103", m.TERRITORY] == before.loc["103", m.TERRITORY] != ""
    assert customers.loc["111", m.TERRITORY] == before.loc["101", m.TERRITORY]
    assert [p.reason for p in update.report.problems if p.note] == [
        "担当が空欄の行が2行あります（7・15行目）。プランにある顧客 1件はこれまでのテリトリーの"
        "まま、新しい顧客 1件は場所に応じたテリトリーへ（変更一覧を参照）。"]


def _twice(tmp_path: Path, second: dict[int, object], name: str = "二重.csv") -> Path:
    """201 みどり薬局 on rows 5 and 6, the second with the changes ``second`` (column →
    value), then 202 on row 7."""
    first = ["201", "みどり薬局", "東京都練馬区豊玉北5-1-1", "03-2222-1111", "高橋 花子", "毎週",
             35.737, 139.654]
    copy = list(first)
    for column, value in second.items():
        copy[column] = value
    other = ["202", "山田商店", "東京都練馬区練馬1-1-1", "03-2222-3333", "高橋 花子", "隔週",
             35.738, 139.652]
    return _csv(tmp_path / name, [first, copy, other])


def test_a_shop_entered_twice_is_imported_once_and_the_copy_listed(tmp_path, japanese) -> None:
    """Another phone number and 週1回 for 毎週: one shop, not 201 and 201-2 each visited."""
    result = read_customers(_twice(tmp_path, {3: "03-2222-9999", 5: "週1回",
                                              2: "東京都練馬区豊玉北５丁目１－１"}))
    assert list(result.customers[m.CUSTOMER_ID]) == ["201", "202"]
    left = [(p.row, p.reason) for p in result.report.problems if not p.kept]
    assert left == [(6, "顧客コード・名前・住所が5行目と同じです（重複）。取り込みませんでした。")]
    assert _notes(result) == [
        "顧客コード・名前・住所が前の行と同じ 1行は、重複とみなして取り込みませんでした（6行目）。"]
    assert result.report.rows == 3 and result.report.customers == 2


def test_a_copy_differing_in_rep_or_frequency_is_kept_and_told_why(tmp_path, japanese) -> None:
    """Another rep and 隔週 for 毎週: perhaps two accounts, perhaps a mistake; both are imported
    as before (201-2), and the row says why and what to do."""
    result = read_customers(_twice(tmp_path, {4: "鈴木 一郎", 5: "隔週"}))
    assert list(result.customers[m.CUSTOMER_ID]) == ["201", "201-2", "202"]
    reasons = [p.reason for p in result.report.problems if p.row == 6]
    assert ("顧客コード・名前・住所が5行目と同じですが、担当者・訪問頻度が異なるため別の顧客として"
            "取り込みました。同じ店なら、リストからどちらかの行を削除してください。") in reasons


def test_a_code_given_to_two_shops_keeps_both(tmp_path, japanese) -> None:
    """The same code with another name or address: two shops, both imported as today."""
    for change in ({1: "みどり薬局 豊玉店"}, {2: "東京都練馬区豊玉南1-1-1"}):
        result = read_customers(_twice(tmp_path, change))
        assert list(result.customers[m.CUSTOMER_ID]) == ["201", "201-2", "202"]
        assert all(p.kept for p in result.report.problems)
