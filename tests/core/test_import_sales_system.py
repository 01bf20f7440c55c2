"""Lists as a 販売管理 system exports them and as managers keep them: a group header over
コード | 名称, a unit told above the header, reps written with 様 or さん, visits on the
first and third Wednesday, a CSV file named .xls."""

from __future__ import annotations

from test_import_messy import _save

from planner import model as m
from planner.spreadsheet import preview, read_customers


def _sales_system_export(tmp_path):
    """得意先 merged over コード | 名称, 住所 over its parts, 訪問 over 頻度, 担当 merged down."""
    rows = [
        ["得意先一覧　2026年11月末現在"],
        ["印刷日: 2026/12/01"],
        [],
        ["得意先", None, "住所", None, None, "売上(千円)", "担当", "訪問"],
        ["コード", "名称", "都道府県", "市区町村", "番地", "当期", None, "頻度"],
        ["001001", "㈱山田商店", "東京都", "練馬区", "豊玉北5-1-2", 1234, "山田 太郎", "週1"],
        ["001002", "(株)佐藤物産", "東京都", "杉並区", "阿佐谷南3-2-1", 560, "佐藤 花子", "隔週"],
        [None, "合　計", None, None, None, 1794, None, None],
    ]
    return _save(tmp_path, rows, merges=["A4:B4", "C4:E4", "G4:G5"])


def test_a_group_header_over_code_and_name_is_folded_into_one_header(tmp_path):
    """得意先 merged over コード | 名称: the header was the first row alone, so the row
    コード | 名称 became a customer named コード, every name was the code, the address the
    prefecture, and 担当 a rep of its own; the 合計 line was a nameless row."""
    path = _sales_system_export(tmp_path)
    result = read_customers(path)
    c = result.customers
    assert result.header_row == 5
    assert list(c[m.CUSTOMER_ID]) == ["001001", "001002"]
    assert list(c[m.NAME]) == ["㈱山田商店", "(株)佐藤物産"]
    assert list(c[m.ADDRESS]) == ["東京都練馬区豊玉北5-1-2", "東京都杉並区阿佐谷南3-2-1"]
    assert list(c[m.SALES]) == [1_234_000, 560_000]
    assert list(c[m.FREQUENCY]) == [4.0, 2.0]
    assert [t.rep for t in result.territories] == ["山田 太郎", "佐藤 花子"]
    assert result.mapping[m.CUSTOMER_ID] == "得意先コード"
    assert result.mapping[m.NAME] == "得意先名称"
    assert [p.row for p in result.report.problems if "total row" in p.reason] == [8]
    shown = preview(path)
    assert shown.rows[0][:2] == ["001001", "㈱山田商店"]
    assert shown.mapping[m.NAME] == "得意先名称"


def test_a_first_customer_whose_cells_are_text_is_not_taken_for_a_header(tmp_path):
    """A CSV's first data row is all text: it stays a customer."""
    path = tmp_path / "list.csv"
    path.write_text("得意先,住所,担当\n山田商店,東京都練馬区1,山田\n佐藤商店,東京都練馬区2,佐藤\n",
                    encoding="utf-8")
    result = read_customers(path)
    assert result.header_row == 1 and list(result.customers[m.NAME]) == ["山田商店", "佐藤商店"]


def test_a_unit_told_above_the_header_is_applied_and_said(tmp_path):
    """（単位：千円） on the title rows, 売上高 without a unit: sales came out 1,000 times too
    small, without a word."""
    path = _save(tmp_path, [["得意先別売上一覧"], [None, None, "（単位：千円）"],
                            ["得意先コード", "得意先名", "売上高", "住所"],
                            ["001", "山田商店", 1234, "東京都練馬区1"],
                            ["002", "佐藤商店", "1,500万円", "東京都練馬区2"]])
    result = read_customers(path)
    assert list(result.customers[m.SALES]) == [1_234_000, 15_000_000]
    notes = [p for p in result.report.problems if p.note]
    assert [(p.row, p.column, p.value) for p in notes] == [(2, "売上高", "（単位：千円）")]


def test_a_unit_told_in_a_note_under_the_list_is_applied(tmp_path):
    path = _save(tmp_path, [["得意先名", "売上", "住所"], ["山田商店", 1234, "東京都練馬区1"], [],
                            ["※金額単位：千円"]])
    assert list(read_customers(path).customers[m.SALES]) == [1_234_000]


def test_a_line_s_unit_is_not_applied_to_a_header_stating_its_own(tmp_path):
    """売上(円) says yen itself; a list telling two units leaves the figures as they are."""
    yen = _save(tmp_path, [["（単位：千円）"], ["得意先名", "売上(円)", "住所"],
                           ["山田商店", 1234, "東京都練馬区1"]])
    assert list(read_customers(yen).customers[m.SALES]) == [1234]
    two = _save(tmp_path, [["売上 単位：千円"], ["単価 単位：円"], ["得意先名", "売上", "住所"],
                           ["山田商店", 1234, "東京都練馬区1"]], name="two.xlsx")
    assert list(read_customers(two).customers[m.SALES]) == [1234]


def test_a_rep_written_with_an_honorific_is_the_same_rep(tmp_path):
    """中村 健様 and 中村健さん beside 中村 健 were three territories of one rep."""
    path = tmp_path / "list.csv"
    lines = ["取引先名,所在地,営業担当", "あおば,大阪府大阪市北区1,中村 健様", "いろは,大阪府大阪市北区2,中村 健",
             "うえの,大阪府大阪市北区3,中村健さん", "えびす,大阪府堺市1,中村 健", "おかや,大阪府堺市2,小林さん"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    result = read_customers(path)
    assert [t.rep for t in result.territories] == ["中村 健", "小林"]
    assert len(set(result.customers[m.TERRITORY])) == 2
    told = [(p.row, p.value) for p in result.report.problems if "honorific" in p.reason]
    assert told == [(2, "中村 健様"), (4, "中村健さん"), (6, "小林さん")]
    (said,) = [p.reason for p in result.report.problems if p.value == "中村健さん"]
    assert said == "Rep 中村健さん is read as 中村 健, without the honorific."


def test_visits_on_given_weeks_of_the_month_are_read_with_their_day_and_week(tmp_path):
    """第1・第3水曜 and 月1回（第2金曜） were unreadable: the default frequency, any day."""
    path = tmp_path / "list.csv"
    lines = ["顧客名,住所,訪問頻度", "かもめ堂,大阪府吹田市1,第1・第3水曜", "きらら,大阪府吹田市2,月１回（第２金曜）",
             "くるみ,大阪府吹田市3,毎月第4月曜日", "けやき,大阪府吹田市4,第1・第2水曜"]
    path.write_text("\n".join(lines) + "\n", encoding="cp932")
    result = read_customers(path)
    c = result.customers
    assert list(c[m.FREQUENCY])[:3] == [2.0, 1.0, 1.0]
    assert list(c[m.VISIT_DAYS])[:3] == ["wed", "fri", "mon"]
    assert list(c[m.VISIT_WEEK])[:3] == ["1", "2", "4"]
    # two weeks running are no every-other-week visit: still unreadable, and said
    assert [p.row for p in result.report.problems if "not readable" in p.reason] == [5]


def test_a_csv_file_named_xls_is_read_as_the_csv_it_is(tmp_path):
    """A sales system's "Excel" export of Shift-JIS comma-separated text, named .xls: import
    stopped ("not an Excel workbook … rename it to .csv"); Excel opens it as it is."""
    path = tmp_path / "得意先.xls"
    lines = ["得意先ｺｰﾄﾞ,得意先名,住所", "000123,福岡ストア,福岡県福岡市博多区1", "000124,天神商店,福岡県福岡市中央区2"]
    path.write_bytes("\r\n".join(lines).encode("cp932"))
    result = read_customers(path)
    assert list(result.customers[m.CUSTOMER_ID]) == ["000123", "000124"]
    assert result.report.sheet == ""  # a text file has no sheet to name
    tabs = tmp_path / "tabs.xls"
    tabs.write_bytes("\r\n".join(t.replace(",", "\t") for t in lines).encode("cp932"))
    assert list(read_customers(tabs).customers[m.NAME]) == ["福岡ストア", "天神商店"]
    assert preview(tabs).rows[0][1] == "福岡ストア"


def test_a_dash_for_sales_is_nil(tmp_path):
    """－ in a sales cell (an account's way of writing nothing) was "not a number"."""
    path = _save(tmp_path, [["得意先名", "住所", "売上"], ["山田商店", "東京都練馬区1", "－"],
                            ["佐藤商店", "東京都練馬区2", "-"], ["鈴木商店", "東京都練馬区3", "△500"]])
    result = read_customers(path)
    assert list(result.customers[m.SALES]) == [0, 0, -500]
    assert not [p for p in result.report.problems if p.column == "売上"]


def test_visits_a_week_a_month_or_a_year_are_read(tmp_path):
    """1回/週, 2回/月 and 年4回 were unreadable: the default frequency was used."""
    from planner.frequency import parse_frequency

    assert [parse_frequency(v) for v in ["1回/週", "2回／月", "年12回", "年6回", "年52回"]] == [
        4.0, 2.0, 1.0, 0.5, 4.0]
    assert parse_frequency("年4回") == 1 / 3
