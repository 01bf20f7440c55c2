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


def test_a_rank_written_with_its_word_is_the_rank(tmp_path):
    """Aランク, Ａランク, ランクA, A級 were kept as written: rules for A skipped them, silently."""
    rows = [["コード", "顧客名", "住所", "ランク"]]
    written = ["Aランク", "Ａランク", "ランクA", "ランク：Ｂ", "B級", "特Aランク", "C"]
    rows += [[f"{i:03d}", f"店{i}", f"東京都練馬区{i}", r] for i, r in enumerate(written)]
    result = read_customers(_save(tmp_path, rows))
    assert list(result.customers[m.RANK]) == ["A", "A", "A", "B", "B", "特A", "C"]
    settings = m.Settings()  # the rank's default frequency applies to Aランク too
    assert result.customers[m.FREQUENCY].iloc[0] == settings.frequency_by_rank["A"]


def test_a_rule_covers_a_rank_stored_with_its_word():
    """A plan imported before keeps Aランク: the rule for A still covers it."""
    from planner.frequency import apply_frequency_rules, normalise_rank
    from planner.synthetic import synthetic_plan

    assert [normalise_rank(r) for r in ("Aランク", "ランクＡ", "A級", "ランク")] == [
        "A", "A", "A", "ランク"]
    plan = synthetic_plan(4, territories=1, seed=1)
    c = plan.customers.copy()
    c[m.RANK] = ["Aランク", "Bランク", "A", "D"]
    new = apply_frequency_rules(plan.replace(customers=c), by_rank={"A": 4, "B": 2})
    assert list(new.customers[m.FREQUENCY])[:3] == [4.0, 2.0, 4.0]


def test_the_frequency_command_names_the_ranks_no_rule_covers(tmp_path, capsys):
    """Customers of rank D (or an unread Aランク) were left as they were without a word."""
    from planner.cli import main
    from planner.store import save_plan
    from planner.synthetic import synthetic_plan

    plan = synthetic_plan(6, territories=1, seed=2)
    c = plan.customers.copy()
    c[m.RANK] = ["A", "B", "D", "D", "特A", ""]
    path = tmp_path / "plan.gpkg"
    save_plan(plan.replace(customers=c), path)
    assert main(["--lang", "en", "frequency", str(path), "--rule", "A=4", "--rule", "B=2"]) == 0
    out = capsys.readouterr().out
    assert "No rule covers rank D (2 customers), 特A (1 customer)." in out.splitlines()
    assert main(["--lang", "ja", "frequency", str(path), "--rule", "A=4", "--rule", "B=2"]) == 0
    out = capsys.readouterr().out
    assert "ランク D（2件）、特A（1件）に当てはまるルールがありません。" in out.splitlines()
    assert main(["--lang", "en", "frequency", str(path), "--rule", "A=4", "--rule", "B=2",
                 "--rule", "D=1", "--rule", "特A=4"]) == 0
    assert "No rule covers" not in capsys.readouterr().out


def _offices(tmp_path, name="offices.xlsx", rename=None):
    """A workbook of one sheet per office, 3 customers each (codes 練-1 …)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for office in ("練馬営業所", "杉並営業所", "新宿営業所"):
        ws = wb.create_sheet(rename.get(office, office) if rename else office)
        ws.append([f"{office}　顧客台帳"])
        ws.append(["顧客コード", "顧客名", "住所", "緯度", "経度", "担当者"])
        for i in range(3):
            ws.append([f"{office[0]}-{i}", f"{office[:2]}商店{i}", f"東京都{office[:2]}区{i}",
                       35.7 + i / 100, 139.6 + i / 100, "山田"])
    wb.create_sheet("メモ").append(["年末年始は休み"])  # no list: not offered
    path = tmp_path / name
    wb.save(path)
    return path


def test_the_report_names_the_sheet_read_and_the_other_lists(tmp_path):
    """Only the first office's sheet was read, and nothing said the workbook had two more."""
    result = read_customers(_offices(tmp_path))
    report = result.report.to_dict()
    assert (report["sheet"], report["other_sheets"]) == ("練馬営業所", ["杉並営業所", "新宿営業所"])
    chosen = read_customers(_offices(tmp_path), sheet="杉並営業所")
    assert chosen.report.other_sheets == ("練馬営業所", "新宿営業所")
    from planner.spreadsheet import SHEET_KEY

    assert chosen.to_plan().meta[SHEET_KEY] == "杉並営業所"
    one = read_customers(_save(tmp_path, [["コード", "顧客名", "住所"], ["1", "店", "東京都"]]))
    assert one.report.other_sheets == () and SHEET_KEY not in one.to_plan().meta


def test_import_prints_the_sheet_read_and_how_to_read_another(tmp_path, capsys):
    from planner.cli import main

    path = _offices(tmp_path)
    assert main(["--lang", "en", "import", str(path), "-o", str(tmp_path / "a.gpkg")]) == 0
    assert ("  Read the sheet 練馬営業所; the workbook also has 杉並営業所, 新宿営業所 (read one "
            "with --sheet NAME).") in capsys.readouterr().out.splitlines()
    assert main(["--lang", "ja", "import", str(path), "-o", str(tmp_path / "b.gpkg"),
                 "--sheet", "新宿営業所"]) == 0
    assert ("  シート「新宿営業所」を読みました。このブックにはほかに練馬営業所、杉並営業所のシートも"
            "あります（読むには --sheet シート名 を付けてください）。"
            ) in capsys.readouterr().out.splitlines()


def test_update_reads_the_sheet_the_plan_was_read_from(tmp_path, capsys):
    """A plan of 杉並営業所 updated from the workbook read 練馬営業所: 3 new, 3 removed."""
    from planner.cli import main
    from planner.store import load_plan

    path, plan = _offices(tmp_path), tmp_path / "suginami.gpkg"
    assert main(["import", str(path), "-o", str(plan), "--sheet", "杉並営業所"]) == 0
    capsys.readouterr()
    assert main(["--lang", "en", "update", str(plan), str(path)]) == 0
    out = capsys.readouterr().out
    assert "New (" not in out and "Removed" not in out
    assert sorted(load_plan(plan).customers[m.CUSTOMER_ID]) == ["杉-0", "杉-1", "杉-2"]


def test_update_stops_when_the_remembered_sheet_is_gone(tmp_path, capsys):
    from planner.cli import main

    plan = tmp_path / "suginami.gpkg"
    assert main(["import", str(_offices(tmp_path)), "-o", str(plan), "--sheet", "杉並営業所"]) == 0
    before = plan.read_bytes()
    renamed = _offices(tmp_path, "next.xlsx", rename={"杉並営業所": "杉並"})
    capsys.readouterr()
    assert main(["--lang", "en", "update", str(plan), str(renamed)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == ("territory-planner: The plan was read from the sheet 杉並営業所, which "
                   "next.xlsx does not have (its sheets: 練馬営業所, 杉並, 新宿営業所, メモ); "
                   "choose one with --sheet.")
    assert plan.read_bytes() == before
    assert main(["update", str(plan), str(renamed), "--sheet", "杉並"]) == 0


def _hand_made(tmp_path):
    return _save(tmp_path, [
        ["No.", "コード", "顧客名", "住所", "ランク", "備考"],
        [None, None, "【練馬区】"],
        [1, "00101", "ヤマダ商店", "東京都練馬区1", "B", None],
        [2, "00104", "スーパー丸正", "東京都練馬区2", "B", "閉店時間は20時"],  # its hours
        [None, "■ 杉並区"],
        [3, "00113", "中華 龍門", "東京都杉並区1", "B", "閉店（11/20）"],
        [4, "00116", "ドラッグ田中（閉店）", "東京都杉並区2", "B", None],
        [5, "00119", "ベーカリー麦", "東京都杉並区3", "B", "休眠"],
        [6, "00122", "鳥よし", "東京都杉並区4", "B", "来月閉店予定"],  # open until then
        [None, None, "［新宿区］"],
        [None, None, "※ 以下は新規顧客"],
        [7, "00125", "はなまる薬局", "東京都新宿区1", "B", None],
        [None, None, None, "東京都新宿区2"],  # an address alone: no heading
    ])


def test_heading_and_note_lines_are_no_customers(tmp_path):
    """【練馬区】 and ※ 以下は… lines became customers without a code or a position."""
    result = read_customers(_hand_made(tmp_path))
    assert "00101" in set(result.customers[m.CUSTOMER_ID])
    left = {p.row: (p.column, p.value) for p in result.report.problems
            if p.reason == "A heading or note line, not a customer; it is not imported."}
    assert left == {2: ("顧客名", "【練馬区】"), 5: ("コード", "■ 杉並区"),
                    10: ("顧客名", "［新宿区］"), 11: ("顧客名", "※ 以下は新規顧客")}
    assert not any(p.row in left and p.kept for p in result.report.problems)
    assert [p.reason for p in result.report.problems if p.row == 13] == [
        "The name is missing; the row is not imported."]


def test_a_shop_the_remarks_or_its_name_mark_closed_is_left_out(tmp_path):
    """閉店（11/20） in 備考, （閉店） after the name: imported, and visited, as open shops."""
    result = read_customers(_hand_made(tmp_path))
    assert list(result.customers[m.CUSTOMER_ID]) == ["00101", "00104", "00122", "00125"]
    stopped = {p.row: (p.column, p.reason) for p in result.report.problems if not p.kept
               and "marks this account" in p.reason}
    assert stopped == {
        6: ("備考", "The list marks this account as 閉店（11/20）; it is not imported."),
        7: ("顧客名", "The list marks this account as 閉店; it is not imported."),
        8: ("備考", "The list marks this account as 休眠; it is not imported."),
    }


def _hidden_old_rep(tmp_path):
    """A hidden 担当 (the former rep) before the visible one, and one hidden row."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["コード", "顧客名", "担当", "住所", "担当"])
    for i, rep in enumerate(["山田 太郎", "佐藤 花子", "山田 太郎", "佐藤 花子"]):
        ws.append([f"{i:03d}", f"店{i}", "旧担当 鈴木", f"東京都練馬区{i}", rep])
    ws.column_dimensions["C"].hidden = True
    ws.row_dimensions[3].hidden = True
    path = tmp_path / "hidden.xlsx"
    wb.save(path)
    return path


def test_the_visible_column_of_two_with_one_header_is_read(tmp_path):
    """A hidden 担当 (the old rep) was read: every customer went to 旧担当 鈴木."""
    from planner.spreadsheet import preview

    result = read_customers(_hidden_old_rep(tmp_path))
    assert [t.rep for t in result.territories] == ["山田 太郎", "佐藤 花子"]
    assert result.mapping["rep"] == "担当" and "担当 (2)" in result.original_columns
    assert result.original_columns.index("担当 (2)") == 2  # the hidden one, where it stands
    assert ("2 columns are headed 担当: Rep is read from the visible one; the hidden one is "
            "called 担当 (2) (choose it with --column, or in the import window).") in [
        p.reason for p in result.report.problems]
    assert preview(_hidden_old_rep(tmp_path)).mapping["rep"] == "担当"  # the window's too
    old = read_customers(_hidden_old_rep(tmp_path), columns={"rep": "担当 (2)"})
    assert [t.rep for t in old.territories] == ["旧担当 鈴木"]  # still to be chosen
    # a plan remembering 担当 (2) (the visible one, once): never the hidden old rep now
    again = read_customers(_hidden_old_rep(tmp_path), remembered={"rep": "担当 (2)"})
    assert [t.rep for t in again.territories] == ["山田 太郎", "佐藤 花子"]
    from planner.spreadsheet import hidden_twins  # only such a twin: a hidden 電話 is followed

    assert hidden_twins(["担当 (2)", "電話", "担当"], {0, 1}) == {"担当 (2)"}


def test_the_report_says_how_many_rows_the_sheet_hides(tmp_path):
    result = read_customers(_hidden_old_rep(tmp_path))
    assert len(result.customers) == 4  # read like the others
    notes = [p for p in result.report.problems if p.note]
    assert [(p.row, p.reason) for p in notes] == [
        (3, "1 row of the list is hidden in the sheet (row 3); it is read like the others.")]


def test_a_rep_written_by_surname_alone_is_told_not_merged(tmp_path, capsys):
    """山田 beside 山田 太郎 became a territory of its own without a word."""
    from planner.cli import main

    rows = [["コード", "顧客名", "住所", "担当"]]
    reps = ["山田 太郎", "山田", "佐藤花子", "佐藤", "山田川 一郎", "鈴木", "山田"]
    rows += [[f"{i:03d}", f"店{i}", f"東京都練馬区{i}", r] for i, r in enumerate(reps)]
    path = _save(tmp_path, rows)
    result = read_customers(path)
    assert [t.rep for t in result.territories] == [
        "山田 太郎", "山田", "佐藤花子", "佐藤", "山田川 一郎", "鈴木"]  # not merged
    notes = [(p.row, p.value, p.reason) for p in result.report.problems if p.note]
    assert notes == [
        (3, "山田", "Rep 山田 may be the same person as 山田 太郎 (kept as a territory of its "
         "own)."),
        (5, "佐藤", "Rep 佐藤 may be the same person as 佐藤花子 (kept as a territory of its "
         "own)."),
    ]
    assert main(["--lang", "ja", "import", str(path), "-o", str(tmp_path / "p.gpkg")]) == 0
    assert "  担当「山田」は「山田 太郎」と同じ人かもしれません（別のテリトリーにしました）。" in (
        capsys.readouterr().out.splitlines())


def test_the_rows_under_a_note_naming_dormant_accounts_are_left_out(tmp_path):
    """※ 以下は休眠顧客 says the rows after it are dormant: they were imported to be visited."""
    result = read_customers(_save(tmp_path, [
        ["コード", "顧客名", "住所"],
        ["001", "ヤマダ商店", "東京都練馬区1"],
        [None, "※ 以下は休眠顧客"],
        ["002", "美容室リーフ", "東京都豊島区1"],
        ["003", "青果 八百正", "東京都豊島区2"],
        [None, "【新規】"],  # the next heading ends the section
        ["004", "カフェ 森", "東京都中野区1"],
        [None, "※ 以下は閉店予定"],  # still open until then
        ["005", "鈴木電器", "東京都中野区2"],
    ]))
    assert list(result.customers[m.CUSTOMER_ID]) == ["001", "004", "005"]
    below = [(p.row, p.value, p.reason) for p in result.report.problems if p.row in (4, 5)]
    assert below == [
        (4, "美容室リーフ", "The row stands under ※ 以下は休眠顧客 (row 3); it is not imported."),
        (5, "青果 八百正", "The row stands under ※ 以下は休眠顧客 (row 3); it is not imported."),
    ]
