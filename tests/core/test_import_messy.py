"""Lists as core systems and other departments make them: 顧客CD headers, a header over two
merged rows, an address in parts, a total line with a count, a name's kana reading first."""

from __future__ import annotations

import openpyxl
import pytest

from planner import model as m
from planner.spreadsheet import preview, read_customers


def _save(tmp_path, rows, name="list.xlsx", merges=()):
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    for cells in merges:
        wb.active.merge_cells(cells)
    path = tmp_path / name
    wb.save(path)
    return path


@pytest.mark.parametrize("header", ["顧客CD", "得意先ＣＤ", "取引先CD", "CD"])
def test_a_cd_header_holds_the_customer_codes(tmp_path, header):
    """A core system's 顧客CD column was not read: the codes 000123 became R2, R3 unreported."""
    path = _save(tmp_path, [[header, "顧客名", "住所"], ["000123", "高橋商店", "東京都新宿区1"],
                            ["000124", "山﨑酒店", "東京都新宿区2"]])
    result = read_customers(path)
    assert list(result.customers[m.CUSTOMER_ID]) == ["000123", "000124"]
    assert result.mapping[m.CUSTOMER_ID] == header


def _two_row_header(tmp_path):
    rows = [
        ["得意先一覧表"], [],
        ["顧客コード", "得意先名", "住所", None, None, "緯度", "経度", "営業\n担当"],
        [None, None, "都道府県", "市区町村", "番地", None, None, None],
        ["0001", "髙橋商店", "東京都", "千代田区", "丸の内1-2-3", 35.68, 139.76, "山田"],
        ["0002", "山﨑酒店", "東京都", "新宿区", "新宿3-1-1", 35.69, 139.70, "佐藤"],
    ]
    merges = ["A3:A4", "B3:B4", "C3:E3", "F3:F4", "G3:G4", "H3:H4"]
    return _save(tmp_path, rows, merges=merges)


def test_a_header_over_two_merged_rows_is_one_header(tmp_path):
    """Header cells merged down over two rows, 住所 merged across its three parts: the second
    header row was imported as a customer (顧客コード) with a rep of its own (営業 担当)."""
    path = _two_row_header(tmp_path)
    result = read_customers(path)
    c = result.customers
    assert list(c[m.CUSTOMER_ID]) == ["0001", "0002"]
    assert [t.rep for t in result.territories] == ["山田", "佐藤"]
    assert list(c[m.ADDRESS]) == ["東京都千代田区丸の内1-2-3", "東京都新宿区新宿3-1-1"]
    assert result.header_row == 4
    shown = preview(path)
    assert shown.rows[0][:2] == ["0001", "髙橋商店"] and "市区町村" in shown.headers


def test_an_address_in_parts_is_joined_and_the_report_says_so(tmp_path):
    """都道府県 | 住所 | 番地 | 建物名: only 住所 was read (千代田区丸の内), unreported; a
    住所 holding its prefecture already does not get it twice."""
    path = _save(tmp_path, [
        ["顧客コード", "顧客名", "都道府県", "住所", "番地", "建物名"],
        ["0501", "分割商店", "東京都", "千代田区丸の内", "1-2-3", "丸の内ビル5F"],
        ["0502", "重複商店", "東京都", "東京都港区六本木", "6-10-1", None],
    ])
    result = read_customers(path)
    assert list(result.customers[m.ADDRESS]) == [
        "東京都千代田区丸の内1-2-3 丸の内ビル5F", "東京都港区六本木6-10-1"]
    notes = [p.reason for p in result.report.problems if p.row == result.header_row]
    assert notes == ["The address is read from the columns 都道府県, 住所, 番地, 建物名, "
                     "joined in that order."]


def test_a_list_without_a_single_address_column_reads_its_parts(tmp_path):
    path = _save(tmp_path, [["顧客コード", "顧客名", "都道府県", "市区町村", "番地", "緯度", "経度"],
                            ["1", "一丁目商店", "東京都", "豊島区", "東池袋1-1-1", 35.73, 139.71]])
    result = read_customers(path)
    assert result.customers[m.ADDRESS].iloc[0] == "東京都豊島区東池袋1-1-1"
    assert result.mapping[m.ADDRESS] == "都道府県"
    left = read_customers(path, columns={m.ADDRESS: ""})  # chosen not to be read: it is not
    assert left.customers[m.ADDRESS].iloc[0] == ""


def test_an_address_in_parts_is_reported_whole(tmp_path):
    """都道府県 | 市区町村 | 番地 | 建物名 without coordinates: the report showed 「東京都」 alone as
    the address to look up, and a row without its 都道府県 as having no address."""
    from planner.import_fields import no_address_reason, no_position_reason

    path = _save(tmp_path, [
        ["顧客コード", "顧客名", "都道府県", "市区町村", "番地", "建物名"],
        ["1", "一丁目商店", "東京都", "豊島区", "東池袋1-1-1", "サンシャイン60"],
        ["2", "二丁目商店", None, "豊島区", "東池袋2-1-1", None],
        ["3", "三丁目商店", None, None, None, None],
    ])
    result = read_customers(path)
    said = {p.row: (p.value, p.reason) for p in result.report.problems
            if p.row != result.header_row}
    assert said == {
        2: ("東京都豊島区東池袋1-1-1 サンシャイン60", no_position_reason()),
        3: ("豊島区東池袋2-1-1", no_position_reason()),
        4: ("", no_address_reason()),
    }
    assert list(result.customers[m.ADDRESS]) == [
        "東京都豊島区東池袋1-1-1 サンシャイン60", "豊島区東池袋2-1-1", ""]


def test_a_total_line_with_a_count_for_a_name_is_no_customer(tmp_path):
    path = tmp_path / "list.csv"
    path.write_bytes("顧客コード,顧客名,住所\n0001,髙橋商店,東京都新宿区1\n合計,1件,\n"
                     .encode("cp932"))
    result = read_customers(path)
    assert list(result.customers[m.CUSTOMER_ID]) == ["0001"]
    total = [p for p in result.report.problems if "total row" in p.reason]
    assert [(p.row, p.kept) for p in total] == [(3, False)]


def test_the_name_is_read_from_the_kanji_column_not_its_kana_reading(tmp_path):
    path = _save(tmp_path, [["得意先CD", "得意先名（カナ）", "得意先名（漢字）", "住所ｶﾅ", "住所"],
                            ["1", "タカハシショウテン", "㈱髙橋商店", "トウキョウト", "東京都新宿区1"]])
    c = read_customers(path).customers
    assert (c[m.NAME].iloc[0], c[m.ADDRESS].iloc[0]) == ("㈱髙橋商店", "東京都新宿区1")
    only = _save(tmp_path, [["コード", "得意先名（カナ）", "住所"], ["1", "タカハシ", "東京都"]],
                 name="kana.xlsx")
    assert read_customers(only).customers[m.NAME].iloc[0] == "タカハシ"  # the only name


def test_a_code_column_not_recognised_is_named_in_the_report(tmp_path):
    """Codes under a header not recognised were replaced by row numbers without a word."""
    path = _save(tmp_path, [["管理番号", "顧客名", "緯度", "経度"], ["000123", "高橋商店", 35.7, 139.7]])
    result = read_customers(path)
    assert result.customers[m.CUSTOMER_ID].iloc[0] == "R2"
    notes = [p.reason for p in result.report.problems]
    assert notes == ["The column 管理番号 was not read as the customer code; the customers are "
                     "numbered by their rows (R2 …). To read it: --column customer_id=管理番号, "
                     "or choose it in the import window."]
    plain = _save(tmp_path, [["No.", "顧客名", "緯度", "経度"], [1, "高橋商店", 35.7, 139.7]],
                  name="plain.xlsx")
    assert not read_customers(plain).report.problems  # rows numbered 1, 2 …: nothing to say
    chosen = read_customers(path, columns={m.CUSTOMER_ID: "管理番号"})
    assert chosen.customers[m.CUSTOMER_ID].iloc[0] == "000123" and not chosen.report.problems


def test_a_full_address_beside_its_prefecture_and_city_columns_stays_as_it_is(tmp_path):
    """都道府県 | 市区町村 | 住所 (full, the others kept for sorting): the city was put in front of
    every address (千代田区東京都千代田区…), and the next update lost every position."""
    path = _save(tmp_path, [
        ["顧客コード", "顧客名", "都道府県", "市区町村", "住所", "建物名"],
        ["C1", "山田商店", "東京都", "千代田区", "東京都千代田区丸の内1-1", "丸ビル5F"],
        ["C2", "大阪商店", "大阪府", "大阪市北区", "大阪府大阪市北区梅田1-1 大阪ビル", "大阪ビル"],
    ])
    assert list(read_customers(path).customers[m.ADDRESS]) == [
        "東京都千代田区丸の内1-1 丸ビル5F", "大阪府大阪市北区梅田1-1 大阪ビル"]


@pytest.mark.parametrize("second", [
    ["C1", "", "東京都新宿区1", "担当"],  # the first customer, nameless, its rep called 担当
    ["C1", "", "1-1 Marunouchi Chiyoda", "City"],  # an area word under a header of its own
])
def test_a_nameless_first_customer_is_not_taken_for_a_second_header_row(tmp_path, second):
    path = tmp_path / "list.csv"
    head = ["顧客コード", "顧客名", "住所", "担当"] if second[3] == "担当" else [
        "Code", "Name", "Address", "Area"]
    lines = [head, second, ["C2", "山田商店", second[2], "山田"]]
    path.write_text("\n".join(",".join(r) for r in lines) + "\n", encoding="utf-8")
    result = read_customers(path)
    assert result.header_row == 1 and list(result.original_columns) == head
    assert [p.row for p in result.report.problems if "name is missing" in p.reason] == [2]


@pytest.mark.parametrize("header", ["郵便番号", "FAX番号", "Notes", "Provider", "携帯番号"])
def test_a_postal_code_or_a_note_is_never_offered_as_the_customer_code(tmp_path, header):
    path = _save(tmp_path, [["顧客名", header, "緯度", "経度"], ["高橋商店", "100-0005", 35.7, 139.7]])
    assert not [p for p in read_customers(path).report.problems if "customer code" in p.reason]


def test_a_ward_or_town_written_in_two_parts_is_given_once(tmp_path):
    path = _save(tmp_path, [
        ["顧客コード", "顧客名", "都道府県", "市区町村", "住所"],
        ["1", "みなと商店", "神奈川県", "横浜市西区", "西区みなとみらい2-2-1"],
        ["2", "瑞穂商店", "東京都", "西多摩郡瑞穂町", "瑞穂町箱根ケ崎2335"],
        ["3", "区内商店", "東京都", "新宿区", "西新宿2-8-1"],
    ])
    assert list(read_customers(path).customers[m.ADDRESS]) == [
        "神奈川県横浜市西区みなとみらい2-2-1", "東京都西多摩郡瑞穂町箱根ケ崎2335",
        "東京都新宿区西新宿2-8-1"]


def test_a_reading_row_under_the_name_is_part_of_the_header(tmp_path):
    """顧客名 over フリガナ, the other headers merged down: the row became a customer."""
    path = _save(tmp_path, [["顧客コード", "顧客名", "住所"], [None, "フリガナ", None],
                            ["1", "髙橋商店", "東京都新宿区1"]],
                 merges=["A1:A2", "C1:C2"])
    result = read_customers(path)
    assert list(result.customers[m.CUSTOMER_ID]) == ["1"] and result.header_row == 2
    assert result.mapping[m.NAME] == "顧客名"


def test_a_unit_in_the_second_header_row_is_applied(tmp_path):
    """売上 over (千円), the other headers merged down: sales came out 1,000 times too small,
    and the unit row was reported as a nameless customer."""
    path = _save(tmp_path, [["顧客コード", "顧客名", "住所", "売上"], [None, None, None, "(千円)"],
                            ["1", "髙橋商店", "東京都新宿区1", 1200]],
                 merges=["A1:A2", "B1:B2", "C1:C2"])
    result = read_customers(path)
    assert result.customers[m.SALES].iloc[0] == 1_200_000 and result.header_row == 2
    assert not [p for p in result.report.problems if "name is missing" in p.reason]


def test_a_code_typed_as_a_number_in_a_zero_padded_format_reads_as_excel_shows_it(tmp_path):
    """123 formatted 00000 reads 00123 in Excel: the plan, route sheets and exports said 123.
    A phone number's own format (0##########) is left to the phone reading."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客コード", "顧客名", "住所", "数量"])
    ws.append([123, "高橋商店", "東京都新宿区1", 7])
    ws.append(["00124", "山﨑酒店", "東京都新宿区2", 8])
    ws["A2"].number_format = "00000"
    ws["D2"].number_format = "0.00"  # not zeros alone: a number stays a number
    path = tmp_path / "codes.xlsx"
    wb.save(path)
    result = read_customers(path)
    assert list(result.customers[m.CUSTOMER_ID]) == ["00123", "00124"]
    assert result.customers["src_3"].iloc[0] in ("7", 7)


def test_a_category_column_is_not_taken_for_the_rank(tmp_path):
    """区分 holding 法人/個人 became the ranks 法人 and 個人, which no frequency rule knows."""
    rows = [["顧客コード", "顧客名", "住所", "区分"], ["1", "高橋商店", "東京都新宿区1", "法人"],
            ["2", "山田様", "東京都新宿区2", "個人"]]
    result = read_customers(_save(tmp_path, rows))
    assert set(result.customers[m.RANK]) == {""} and m.RANK not in result.mapping
    assert ["The column 区分 holds 法人, 個人, not ranks such as A, B, C: it is not read as "
            "the rank (to read it: --column rank=区分, or choose it in the import window)."] == [
        p.reason for p in result.report.problems if "rank" in p.reason]
    chosen = read_customers(tmp_path / "list.xlsx", columns={m.RANK: "区分"})
    assert list(chosen.customers[m.RANK]) == ["法人", "個人"]
    ranks = _save(tmp_path, [rows[0], ["1", "高橋商店", "東京都新宿区1", "A"],
                             ["2", "山田様", "東京都新宿区2", "Bランク"]], name="ranks.xlsx")
    assert list(read_customers(ranks).customers[m.RANK]) == ["A", "B"]  # Bランク: the rank B


def test_a_preview_reads_the_padded_codes_of_its_rows_only(tmp_path, monkeypatch):
    """The import window's preview (on the window's thread) read a 100,000-row sheet's whole
    XML for its 20 rows' codes."""
    import planner._xlsx_formats as formats

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客コード", "顧客名", "住所"])
    for i in range(30_000):
        ws.append([i + 1, f"店{i}", "東京都新宿区1"])
        ws.cell(i + 2, 1).number_format = "000000"
    path = tmp_path / "many.xlsx"
    wb.save(path)
    read: list[int] = []
    real = formats._read_rows
    monkeypatch.setattr(formats, "_read_rows",
                        lambda *a: read.append(len(data := real(*a))) or data)
    assert preview(path, rows=20).rows[0][0] == "000001"
    with formats.zipfile.ZipFile(path) as archive:
        whole = len(archive.read("xl/worksheets/sheet1.xml"))
    assert read and read[0] < whole / 2


def test_one_shop_under_two_codes_is_noted_and_both_are_kept(tmp_path, japanese):
    """㈱みどり (C0101) and 株式会社みどり (C0104) at one address: two customers visited as
    two, unremarked. Now a note names both codes; neither is left out (C0102 given twice at
    one address is one shop entered twice: its second row is left out, and said so)."""
    path = _save(tmp_path, [
        ["顧客コード", "顧客名", "住所", "緯度", "経度"],
        ["C0101", "㈱みどり", "東京都豊島区東池袋1-1-1", 35.73, 139.71],
        ["C0102", "山田商店", "東京都豊島区東池袋2-1-1", 35.73, 139.71],
        ["C0103", "株式会社みどり", "東京都豊島区東池袋3-1-1", 35.73, 139.71],  # elsewhere
        ["C0104", "株式会社　みどり", "東京都豊島区東池袋１－１－１", 35.73, 139.71],
        ["C0105", "有限会社みどり", "東京都豊島区東池袋1-1-1", 35.73, 139.71],  # another firm
        ["C0102", "山田商店", "東京都豊島区東池袋2-1-1", 35.73, 139.72],  # a code given twice
    ])
    path_kana = _save(tmp_path, [
        ["顧客コード", "顧客名", "住所", "緯度", "経度"],
        ["C0101", "㈱ﾐﾄﾞﾘ", "東京都豊島区東池袋1-1-1", 35.73, 139.71],
        ["C0104", "（株）ミドリ", "東京都豊島区東池袋1ー1ー1", 35.73, 139.71],
    ], name="kana.xlsx")
    result = read_customers(path)
    assert len(result.customers) == 5  # the second C0102 alone left out
    assert [(p.row, p.kept) for p in result.report.problems if not p.note] == [(7, False)]
    notes = [p for p in result.report.problems if p.note]
    assert [(p.row, p.column, p.kept) for p in notes] == [(2, "顧客名", True),
                                                         (7, "顧客名", True)]
    assert notes[0].reason.startswith("C0101 ㈱みどり、C0104 株式会社 みどりは、")
    assert "（東京都豊島区東池袋1-1-1）" in notes[0].reason
    assert not any("C0102-2" in p.reason and p.note for p in result.report.problems)
    kana = [p.reason for p in read_customers(path_kana).report.problems if p.note]
    assert len(kana) == 1 and "C0101" in kana[0] and "C0104" in kana[0]
