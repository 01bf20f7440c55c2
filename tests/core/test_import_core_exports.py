"""A manager's own lists on the first day (an import walk-through): a core system's Shift-JIS
export (title lines, 営業担当者CD beside 営業担当者名, 訪問区分, 〒 in the address, a 合計 line),
an Excel list with coordinates written 35.6339N, and the first update after an offline import."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from planner import cli
from planner import model as m
from planner.spreadsheet import read_customers
from planner.store import load_plan

sys.path.insert(0, str(Path(__file__).parent))
from fake_geocoder import FakeGeocoder  # noqa: E402

CORE_EXPORT = [
    "得意先一覧表,,,,,,,,,,",
    "出力日：2026/05/12,,,,,,,,,,",
    "得意先CD,得意先名,得意先名ｶﾅ,郵便番号,住所1,住所2,TEL,営業担当者CD,営業担当者名,"
    "売上高(千円),訪問区分",
    '="00123",株式会社山田商店,ｶﾌﾞｼｷｶﾞｲｼｬﾔﾏﾀﾞｼｮｳﾃﾝ,160-0022,東京都新宿区新宿３丁目,１－２－３,'
    '03-1234-5678,S01,鈴木　一郎,"1,200",毎週',
    '="00124",有限会社佐藤酒店,ﾕｳｹﾞﾝｶﾞｲｼｬｻﾄｳｻｹﾃﾝ,〒151-0053,〒東京都渋谷区代々木２－１０－５,'
    "代々木ビル１Ｆ,03-2222-3333,S01,鈴木 一郎,850,隔週",
    "00125,田中薬局,ﾀﾅｶﾔｯｷｮｸ,１７０－００１３,〒170-0013 東京都豊島区東池袋１丁目,２５－１,"
    "03-3333-4444,S02,高橋　花子,５４０,月1回",
    ",,,,,,,,,,",
    "00126,丸井食品株式会社,ﾏﾙｲｼｮｸﾋﾝ,164-0001,東京都中野区中野５丁目,６８－１０,03-4444-5555,"
    "S02,高橋　花子,2300,２ヶ月に１回",
    "00127,みどり商事,ﾐﾄﾞﾘｼｮｳｼﾞ,176-0001,東京都練馬区練馬１丁目,１７－１,03-5555-6666,S03,"
    "伊藤　次郎,120,都度",
    "",
    "00129,松本工業,ﾏﾂﾓﾄｺｳｷﾞｮｳ,,,,03-7777-8888,S01,鈴木　一郎,400,隔週",
    ',合計,,,,,,,,"5,410",',
]


@pytest.fixture
def core_export(tmp_path: Path) -> Path:
    path = tmp_path / "得意先一覧.csv"
    path.write_bytes(("\r\n".join(CORE_EXPORT) + "\r\n").encode("cp932"))
    return path


def test_the_rep_is_read_from_the_name_beside_the_reps_code(core_export: Path) -> None:
    """営業担当者CD stood before 営業担当者名: the territories were called S01, S02, S03."""
    result = read_customers(core_export)
    assert result.mapping["rep"] == "営業担当者名"
    assert [t.rep for t in result.territories] == ["鈴木 一郎", "高橋 花子", "伊藤 次郎"]


def test_a_reps_code_alone_is_still_the_rep(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("得意先名,住所,担当者コード\n山田商店,東京都新宿区1,S01\n", encoding="utf-8")
    assert read_customers(path).mapping["rep"] == "担当者コード"


def test_the_visit_category_column_is_the_frequency(core_export: Path) -> None:
    """訪問区分 (毎週 / 隔週 / 月1回 / ２ヶ月に１回 / 都度) was not read: everyone got 1 visit."""
    result = read_customers(core_export)
    assert result.mapping[m.FREQUENCY] == "訪問区分"
    freq = dict(zip(result.customers[m.CUSTOMER_ID], result.customers[m.FREQUENCY], strict=True))
    assert freq == {"00123": 4.0, "00124": 2.0, "00125": 1.0, "00126": 0.5, "00127": 0.0,
                    "00129": 2.0}
    assert not [p for p in result.report.problems if p.column == "訪問区分"]


def test_a_postcode_before_the_address_is_left_out_and_a_building_spaced(
        core_export: Path) -> None:
    result = read_customers(core_export)
    address = dict(zip(result.customers[m.CUSTOMER_ID], result.customers[m.ADDRESS],
                       strict=True))
    assert address["00123"] == "東京都新宿区新宿3丁目1-2-3"
    assert address["00124"] == "東京都渋谷区代々木2-10-5 代々木ビル1F"
    assert address["00125"] == "東京都豊島区東池袋1丁目25-1"


def test_rows_are_numbered_as_in_the_file_and_the_total_line_left_out(
        core_export: Path, english: None) -> None:
    result = read_customers(core_export)
    assert result.header_row == 3 and result.report.customers == 6
    rows = dict(zip(result.customers[m.CUSTOMER_ID], result.customers[m.SOURCE_ROW],
                    strict=True))
    assert rows == {"00123": 4, "00124": 5, "00125": 6, "00126": 8, "00127": 9, "00129": 11}
    (total,) = [p for p in result.report.problems if not p.kept]
    assert total.row == 12 and "total" in total.reason


def test_a_row_without_an_address_is_not_told_to_look_its_address_up(
        core_export: Path, english: None) -> None:
    """松本工業 has no address: "geocode the address" was all the report said."""
    result = read_customers(core_export)
    (reason,) = [p.reason for p in result.report.problems if p.row == 11]
    assert reason.startswith("No address and no coordinates") and "geocode" not in reason
    assert "geocode the address" in next(p.reason for p in result.report.problems
                                         if p.row == 4)


def test_degrees_with_a_hemisphere_letter_are_read(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["コード", "名称", "所在地", "緯度", "経度"])
    ws.append(["A1", "目黒ストア", "東京都目黒区目黒1-1-1", "35.6339N", "139.7157E"])
    ws.append(["A2", "東京フーズ", "東京都千代田区丸の内1-1-1", "35°40'52\"N", "139°45'59\"E"])
    ws.append(["A3", "上野マート", "東京都台東区上野7-1-1", "北緯35.7136", "東経139.7772"])
    wb.save(tmp_path / "list.xlsx")
    result = read_customers(tmp_path / "list.xlsx")
    assert np.allclose(result.customers[m.LAT], [35.6339, 35.681111, 35.7136], atol=1e-5)
    assert np.allclose(result.customers[m.LON], [139.7157, 139.766389, 139.7772], atol=1e-5)
    assert not result.report.problems


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_offline_lookup_says_what_to_do_in_plain_words(
        core_export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        japanese: None) -> None:
    """「位置未設定: ジオコーダーに接続できません。」named a tool, not the cause or the cure."""
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "geocode.sqlite"))
    monkeypatch.setenv("PLANNER_GSI_URL", f"http://127.0.0.1:{_closed_port()}/search")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    report = tmp_path / "r.json"
    assert cli.main(["import", str(core_export), "-o", str(tmp_path / "p.gpkg"),
                     "--report", str(report), "--geocode", "gsi"]) == 0
    import json

    reasons = {p["reason"] for p in json.loads(report.read_text(encoding="utf-8"))["problems"]
               if p["row"] in (4, 5, 6)}
    assert reasons == {"住所検索に接続できないため、位置を決められませんでした（インターネット接続を"
                       "確認してから、もう一度住所から位置を求めてください）。"}


def test_the_first_update_with_a_lookup_locates_customers_imported_offline(
        core_export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first import made offline left every customer without a position, and
    ``update --geocode gsi`` looked up only new customers and new addresses: they stayed off
    the map through every update."""
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "geocode.sqlite"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    plan_path = tmp_path / "plan.gpkg"
    assert cli.main(["import", str(core_export), "-o", str(plan_path)]) == 0
    assert not m.located_mask(load_plan(plan_path).customers).any()
    with FakeGeocoder() as server:
        monkeypatch.setenv("PLANNER_GSI_URL", server.gsi_url)
        assert cli.main(["update", str(plan_path), str(core_export), "--geocode", "gsi"]) == 0
        assert server.requests == 5  # the five with an address; 松本工業 has none
    located = dict(zip(load_plan(plan_path).customers[m.CUSTOMER_ID],
                       m.located_mask(load_plan(plan_path).customers), strict=True))
    assert located == {"00123": True, "00124": True, "00125": True, "00126": True,
                       "00127": True, "00129": False}


def test_a_pdf_under_a_spreadsheets_name_is_called_a_pdf(tmp_path: Path, english: None) -> None:
    """The list printed to PDF and renamed .xlsx was "not a spreadsheet or is damaged"."""
    from planner.errors import PlannerError

    body = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n"
    for name in ("得意先.xlsx", "得意先.csv"):
        (tmp_path / name).write_bytes(body)
        with pytest.raises(PlannerError, match=rf"^{name} is a PDF file, not a spreadsheet;"):
            read_customers(tmp_path / name)


def test_a_csv_without_a_header_is_named_as_a_file(tmp_path: Path, english: None) -> None:
    """"No header row was found in the first 30 rows of 'nums'": a CSV of three lines, named
    as a sheet without its .csv."""
    from planner.errors import PlannerError

    path = tmp_path / "nums.csv"
    path.write_text("1,2,3,4\n5,6,7,8\n9,10,11,12\n", encoding="utf-8")
    with pytest.raises(PlannerError, match=r"^No header row was found in nums\.csv;"):
        read_customers(path)
    wb = openpyxl.Workbook()
    wb.active.title = "売上"
    for row in ([1, 2, 3], [4, 5, 6]):
        wb.active.append(row)
    wb.save(tmp_path / "nums.xlsx")
    with pytest.raises(PlannerError, match=r"^No header row was found on the sheet 売上;"):
        read_customers(tmp_path / "nums.xlsx")
