"""Customer import: header detection, column mapping, value cleaning and the import report."""

from __future__ import annotations

import csv
import importlib.util
import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import openpyxl
import pytest

from planner import model as m
from planner.cells import parse_coordinate_text, parse_minutes_value, parse_number_text
from planner.columns import detect_columns, normalise_header
from planner.errors import Cancelled, PlannerError
from planner.i18n import catalogue, set_language
from planner.spreadsheet import FIELDS, preview, read_customers

_spec = importlib.util.spec_from_file_location(
    "make_fixtures", Path(__file__).resolve().parents[1] / "data" / "make_fixtures.py"
)
assert _spec and _spec.loader
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)


pytestmark = pytest.mark.usefixtures("english")


def problems_at(result, row: int) -> list:
    return [p for p in result.report.problems if p.row == row]


def customer_at(result, row: int):
    table = result.customers
    hit = table[table[m.SOURCE_ROW] == row]
    assert len(hit) == 1, f"no single customer from row {row}"
    return hit.iloc[0]


# --- the messy workbook ------------------------------------------------------------
@pytest.fixture
def messy(tmp_path: Path):
    return read_customers(fx.make_messy_xlsx(tmp_path))


def test_messy_workbook_finds_header_below_merged_title_on_the_sheet_with_data(messy) -> None:
    assert messy.sheet == "得意先"
    assert messy.header_row == 4
    assert messy.original_columns == tuple(fx.HEADER)
    assert messy.mapping == {
        "customer_id": "顧客コード", "name": "得意先名", "address": "住所", "lat": "緯度",
        "lon": "経度", "rank": "ランク", "sales": "年間売上", "rep": "担当者",
    }  # fmt: skip
    assert messy.report.rows == fx.MESSY_ROWS_COUNT
    assert messy.report.customers == fx.MESSY_CUSTOMERS == len(messy.customers)


def test_good_row_keeps_values_and_original_columns(messy) -> None:
    c = customer_at(messy, 5)
    assert (c[m.CUSTOMER_ID], c[m.NAME], c[m.RANK]) == ("C001", "新宿商店", "A")
    assert c[m.LAT] == pytest.approx(35.6909) and c[m.LON] == pytest.approx(139.7003)
    assert c[m.SALES] == 12_000_000
    assert c[m.GEOCODE] == "sheet" and c[m.PROBLEMS] == ""
    assert [c[f"{m.ORIGINAL_PREFIX}{i}"] for i in range(len(fx.HEADER))] == [
        "C001", "新宿商店", "東京都新宿区西新宿1-1", "35.6909", "139.7003", "A", "12000000",
        "山田", "",
    ]  # fmt: skip
    assert not problems_at(messy, 5)


def test_text_in_latitude_is_reported_and_row_kept_without_position(messy) -> None:
    (p,) = problems_at(messy, 6)
    assert (p.column, p.value, p.kept) == ("緯度", "abc", True)
    c = customer_at(messy, 6)
    assert np.isnan(c[m.LAT]) and np.isnan(c[m.LON]) and c[m.GEOMETRY] is None
    assert c[m.GEOCODE] == "" and c[m.PROBLEMS] == p.reason


def test_dms_coordinates_and_yen_sales_are_read(messy) -> None:
    c = customer_at(messy, 7)
    assert c[m.LAT] == pytest.approx(35 + 43 / 60 + 46.2 / 3600)
    assert c[m.LON] == pytest.approx(139 + 42 / 60 + 39.2 / 3600)
    assert c[m.SALES] == 1_200_000
    assert c[m.RANK] == "C"  # lower-case rank normalised
    assert c[m.FREQUENCY] == 1.0  # rank C default
    assert not problems_at(messy, 7)


def test_swapped_coordinates_are_fixed_and_reported(messy) -> None:
    c = customer_at(messy, 8)
    assert c[m.LAT] == pytest.approx(35.7138) and c[m.LON] == pytest.approx(139.7773)
    (p,) = problems_at(messy, 8)
    assert p.kept and "swapped" in p.reason


def test_coordinates_outside_japan_are_dropped_but_customer_kept(messy) -> None:
    c = customer_at(messy, 9)
    assert np.isnan(c[m.LAT]) and c[m.NAME] == "London Trading"
    (p,) = problems_at(messy, 9)
    assert p.kept and "outside Japan" in p.reason and "51.5072" in p.value


def test_duplicate_code_gets_suffix_and_is_reported(messy) -> None:
    assert customer_at(messy, 5)[m.CUSTOMER_ID] == "C001"
    assert customer_at(messy, 11)[m.CUSTOMER_ID] == "C001-2"
    (p,) = problems_at(messy, 11)
    assert (p.column, p.value, p.kept) == ("顧客コード", "C001", True)
    assert "C001-2" in p.reason
    assert messy.customers[m.CUSTOMER_ID].is_unique


def test_rows_without_name_are_reported_not_imported(messy) -> None:
    (p,) = problems_at(messy, 12)
    assert (p.column, p.kept) == ("得意先名", False)
    (note,) = problems_at(messy, 14)  # ※ 2026年11月現在, alone in the first column: a note line
    assert (note.column, note.value, note.kept) == ("顧客コード", "※ 2026年11月現在", False)
    assert note.reason == "A heading or note line, not a customer; it is not imported."
    assert not {12, 14} & set(messy.customers[m.SOURCE_ROW])


def test_unreadable_sales_reported_with_value(messy) -> None:
    (p,) = [p for p in problems_at(messy, 13) if not p.note]  # its blank 担当: a note
    assert (p.column, p.value, p.kept) == ("年間売上", "abc", True)
    assert np.isnan(customer_at(messy, 13)[m.SALES])


def test_blank_row_is_neither_counted_nor_reported(messy) -> None:
    assert not problems_at(messy, 10)
    assert 10 not in set(messy.customers[m.SOURCE_ROW])


def test_rep_column_creates_territories_in_order_of_appearance(messy) -> None:
    terrs = messy.territories
    assert [(t.id, t.name, t.rep) for t in terrs] == [
        ("T01", "山田", "山田"), ("T02", "佐藤", "佐藤"), ("T03", "鈴木", "鈴木"),
    ]  # fmt: skip
    assert [t.color for t in terrs] == [m.palette_color(i) for i in range(3)]
    assert customer_at(messy, 7)[m.TERRITORY] == "T01"
    assert customer_at(messy, 8)[m.TERRITORY] == "T03"
    assert customer_at(messy, 13)[m.TERRITORY] == ""  # no rep


def test_to_plan_is_valid_and_keeps_originals(messy, tmp_path: Path) -> None:
    plan = messy.to_plan()
    assert plan.original_columns == tuple(fx.HEADER)
    assert list(plan.original_frame().columns) == fx.HEADER
    assert plan.source.endswith("messy.xlsx")
    assert len(plan.territories) == 3


def test_report_dict_and_csv(messy, tmp_path: Path) -> None:
    d = messy.report.to_dict()
    assert set(d) == {"rows", "customers", "sheet", "other_sheets", "problems"}  # a workbook
    assert d["rows"] == fx.MESSY_ROWS_COUNT and d["customers"] == fx.MESSY_CUSTOMERS
    assert set(d["problems"][0]) == {"row", "column", "value", "reason", "kept"}
    assert [p["row"] for p in d["problems"]] == sorted(p["row"] for p in d["problems"])
    json.dumps(d, ensure_ascii=False)
    out = tmp_path / "report.csv"
    messy.report.to_csv(out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) == len(d["problems"]) + 1
    assert rows[1][:3] == [str(d["problems"][0]["row"]), d["problems"][0]["column"],
                           d["problems"][0]["value"]]  # fmt: skip


# --- encodings and normalisation -------------------------------------------------------
def test_cp932_csv_with_fullwidth_digits(tmp_path: Path) -> None:
    r = read_customers(fx.make_fullwidth_cp932_csv(tmp_path))
    c = customer_at(r, 2)
    assert c[m.CUSTOMER_ID] == "A001"
    assert c[m.NAME] == "株式会社 東和商事"
    assert c[m.PHONE] == "03-1234-5678"
    assert c[m.LAT] == pytest.approx(35.6812) and c[m.LON] == pytest.approx(139.7671)
    assert c[m.SALES] == 1_200_000
    assert c[m.FREQUENCY] == 4.0
    assert c[f"{m.ORIGINAL_PREFIX}0"] == "Ａ００１"  # originals stay as typed
    assert customer_at(r, 3)[m.NAME] == "サクラ薬局"  # half-width kana widened
    (p,) = problems_at(r, 4)  # "ときどき" is no frequency
    assert (p.column, p.value, p.kept) == ("訪問頻度", "ときどき", True)
    assert customer_at(r, 4)[m.FREQUENCY] == 1.0  # default
    assert [t.rep for t in r.territories] == ["田中", "伊藤"]


def test_utf8_bom_csv_with_english_headers_and_blank_line(tmp_path: Path) -> None:
    r = read_customers(fx.make_bom_utf8_csv(tmp_path))
    assert r.original_columns[0] == "customer_id"  # BOM not glued to the first header
    assert r.mapping["customer_id"] == "customer_id" and r.mapping["rep"] == "rep"
    assert r.report.rows == 3 and r.report.customers == 3 and not r.report.problems
    assert list(r.customers[m.SOURCE_ROW]) == [2, 3, 5]  # line numbers, blank line 4 skipped
    assert list(r.customers[m.FREQUENCY]) == [4.0, 2.0, 1.0]  # weekly, rank B default, monthly
    s = m.Settings()
    assert list(r.customers[m.SERVICE_MINUTES]) == [
        s.service_minutes_for("A"), s.service_minutes_for("B"), s.default_service_minutes,
    ]  # fmt: skip


def test_euc_jp_csv_with_coordinate_pairs(tmp_path: Path) -> None:
    r = read_customers(fx.make_euc_jp_csv(tmp_path))
    assert r.mapping["coords"] == "座標" and r.mapping["name"] == "得意先名"
    assert customer_at(r, 2)[m.NAME] == "東和工業"
    assert customer_at(r, 2)[m.LAT] == pytest.approx(35.5627)
    assert customer_at(r, 3)[m.LON] == pytest.approx(139.8049)
    (p,) = problems_at(r, 4)
    assert (p.column, p.value, p.kept) == ("座標", "北緯35度", True)
    assert [t.rep for t in r.territories] == ["渡辺", "中村"]


def test_missing_code_column_generates_codes_from_row_numbers(tmp_path: Path) -> None:
    r = read_customers(fx.make_no_code_xlsx(tmp_path))
    assert list(r.customers[m.CUSTOMER_ID]) == ["R2", "R3"]
    assert all("No coordinates" in p.reason for p in r.report.problems)  # an address-only sheet
    r.to_plan()


# --- errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("builder", "words"),
    [
        ("make_empty_xlsx", "no data"),
        ("make_renamed_txt", "text file"),
        ("make_garbage_xlsx", "damaged"),
        ("make_password_xlsx", "password"),
        ("make_no_name_xlsx", "name"),
        ("make_no_header_csv", "header"),
        ("make_custom_headers_xlsx", "name"),
    ],
)
def test_broken_files_give_one_clear_sentence(tmp_path: Path, builder: str, words: str) -> None:
    path = getattr(fx, builder)(tmp_path)
    with pytest.raises(PlannerError) as info:
        read_customers(path)
    message = str(info.value)
    assert words in message.lower() and "\n" not in message and "Traceback" not in message


def test_missing_file_and_unknown_type(tmp_path: Path) -> None:
    with pytest.raises(PlannerError, match="does not exist"):
        read_customers(tmp_path / "nope.xlsx")
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"x")
    with pytest.raises(PlannerError, match="not a supported"):
        read_customers(doc)


def test_unknown_sheet_lists_the_sheets(tmp_path: Path) -> None:
    path = fx.make_messy_xlsx(tmp_path)
    with pytest.raises(PlannerError, match="メモ, 得意先"):
        read_customers(path, sheet="顧客")
    with pytest.raises(PlannerError, match="empty|no header|No header"):
        read_customers(path, sheet="メモ")
    assert read_customers(path, sheet="得意先").report.customers == fx.MESSY_CUSTOMERS


def test_column_override_maps_unguessable_headers(tmp_path: Path) -> None:
    path = fx.make_custom_headers_xlsx(tmp_path)
    r = read_customers(path, columns={"name": "お得意様", "address": "場所", "customer_id": "No"})
    assert r.mapping["name"] == "お得意様" and r.mapping["address"] == "場所"
    assert list(r.customers[m.NAME]) == ["松本電機", "井上酒店"]
    assert list(r.customers[m.CUSTOMER_ID]) == ["1", "2"]
    with pytest.raises(PlannerError, match="no column named"):
        read_customers(path, columns={"name": "会社"})
    with pytest.raises(PlannerError, match="Unknown field"):
        read_customers(path, columns={"nickname": "お得意様"})


def test_override_can_unmap_a_detected_column(tmp_path: Path) -> None:
    r = read_customers(fx.make_messy_xlsx(tmp_path), columns={"rep": ""})
    assert "rep" not in r.mapping and r.territories == ()


# --- invariant over every fixture --------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(fx.DATA_FIXTURES))
def test_every_data_row_is_a_customer_or_a_problem(tmp_path: Path, name: str) -> None:
    path = fx.DATA_FIXTURES[name](tmp_path)
    r = read_customers(path)
    customer_rows = set(r.customers[m.SOURCE_ROW])
    problem_rows = {p.row for p in r.report.problems}
    dropped = {p.row for p in r.report.problems if not p.kept}
    assert len(customer_rows) == r.report.customers == len(r.customers)
    assert len(customer_rows | problem_rows) == r.report.rows
    assert not dropped & customer_rows
    assert all(p.kept == (p.row in customer_rows) for p in r.report.problems)
    assert (r.customers[m.PROBLEMS] != "").sum() == len(
        {p.row for p in r.report.problems if p.kept}
    )
    r.to_plan().validate()


# --- pieces -------------------------------------------------------------------------------------------
def test_detect_columns_japanese_and_english() -> None:
    headers = ["得意先コード", "会社名", "所在地", "TEL", "Latitude", "lng", "区分", "売上高（円）",
               "頻度", "営業担当者", "滞在時間(分)", "備考"]  # fmt: skip
    assert detect_columns(headers) == {
        "customer_id": "得意先コード", "name": "会社名", "address": "所在地", "phone": "TEL",
        "lat": "Latitude", "lon": "lng", "rank": "区分", "sales": "売上高（円）",
        "frequency": "頻度", "service_minutes": "滞在時間(分)", "rep": "担当者" if False else "営業担当者",
    }  # fmt: skip
    assert detect_columns(["Customer ID", "Customer Name", "Address"]) == {
        "customer_id": "Customer ID", "name": "Customer Name", "address": "Address",
    }  # fmt: skip
    assert detect_columns(["備考", "メモ"]) == {}
    assert normalise_header("　緯度（世界測地系）") == "緯度"
    assert [key for key, _label in FIELDS][:2] == ["customer_id", "name"]


@pytest.mark.parametrize("header", ["希望訪問時間帯", "元_訪問時間帯", "当社訪問時間帯(予定)"])
def test_a_longer_header_ending_in_hours_is_visiting_hours_not_visit_minutes(header: str) -> None:
    """訪問時間 (visit minutes) overlaps 時間帯 in these headers: the compound's end, 時間帯,
    names it (an exported workbook's 元_訪問時間帯 must not come back as visit minutes)."""
    assert detect_columns(["顧客名", header]) == {"name": "顧客名", "visit_time": header}
    assert detect_columns(["顧客名", "平均訪問時間"])["service_minutes"] == "平均訪問時間"


def test_header_row_found_among_title_rows_in_csv(tmp_path: Path) -> None:
    path = tmp_path / "titled.csv"
    path.write_text("顧客一覧表\n,,\n出力日,2026-11-29\n顧客名,住所,ランク\n山田商店,東京都,A\n",
                    encoding="utf-8")  # fmt: skip
    r = read_customers(path)
    assert r.header_row == 4 and customer_at(r, 5)[m.NAME] == "山田商店"


def test_service_minutes_column_and_excel_time(tmp_path: Path) -> None:
    import datetime as dt

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客名", "住所", "訪問時間"])
    ws.append(["A", "東京都", 45])
    ws.append(["B", "東京都", "1時間30分"])
    ws.append(["C", "東京都", dt.time(0, 50)])
    ws.append(["D", "東京都", "すぐ"])
    path = tmp_path / "minutes.xlsx"
    wb.save(path)
    r = read_customers(path)
    assert list(r.customers[m.SERVICE_MINUTES])[:3] == [45.0, 90.0, 50.0]
    assert list(r.customers[m.SERVICE_MINUTES])[3] == m.Settings().default_service_minutes
    (p,) = [p for p in r.report.problems if p.column == "訪問時間"]
    assert (p.row, p.column, p.value) == (5, "訪問時間", "すぐ")


def test_value_parsers() -> None:
    assert parse_number_text("¥1,234円") == 1234
    assert parse_number_text("１２万") == 120_000
    assert parse_number_text("abc") is None
    # the accountant's minus: △5,000, ▲1,200円, (3,000)
    assert (parse_number_text("△5,000"), parse_number_text("▲1,200円")) == (-5000, -1200)
    assert parse_number_text("(3,000)") == -3000 and parse_number_text("△") is None
    assert parse_coordinate_text("35度41分22.5秒") == pytest.approx(35 + 41 / 60 + 22.5 / 3600)
    assert parse_coordinate_text("N35°41′22.5″") == pytest.approx(35.68958333)
    assert parse_coordinate_text("139:45:00") == pytest.approx(139.75)
    assert parse_coordinate_text("35度99分") is None
    assert parse_minutes_value("1:15") == 75
    assert parse_minutes_value("2h") == 120


def test_preview_shows_header_rows_and_mapping(tmp_path: Path) -> None:
    pv = preview(fx.make_messy_xlsx(tmp_path), rows=3)
    assert pv.sheets == ["メモ", "得意先"]
    assert pv.header_row == 4 and pv.headers == fx.HEADER
    assert [row[0] for row in pv.rows] == ["C001", "C002", "C003"]
    assert pv.mapping["name"] == "得意先名"


def test_settings_drive_frequency_and_service_defaults(tmp_path: Path) -> None:
    settings = m.Settings(frequency_by_rank={"A": 8.0}, default_frequency=0.5,
                          service_minutes_by_rank={"A": 60.0}, default_service_minutes=15.0)  # fmt: skip
    r = read_customers(fx.make_messy_xlsx(tmp_path), settings=settings)
    assert customer_at(r, 5)[m.FREQUENCY] == 8.0 and customer_at(r, 5)[m.SERVICE_MINUTES] == 60.0
    assert customer_at(r, 6)[m.FREQUENCY] == 0.5 and customer_at(r, 6)[m.SERVICE_MINUTES] == 15.0
    assert r.to_plan().settings == settings


def test_progress_reports_and_cancels(tmp_path: Path) -> None:
    path = fx.make_messy_xlsx(tmp_path)
    seen: list[float] = []
    read_customers(path, progress=lambda f, msg: seen.append(f))
    assert seen[0] == 0.0 and seen[-1] == 1.0 and seen == sorted(seen)
    with pytest.raises(Cancelled):
        read_customers(path, progress=lambda f, msg: f < 0.5)


@pytest.mark.parametrize("name", sorted(fx.DATA_FIXTURES))
def test_customer_table_equals_make_customers(tmp_path: Path, name: str) -> None:
    import pandas as pd

    r = read_customers(fx.DATA_FIXTURES[name](tmp_path))
    c = r.customers
    originals = c[[f"{m.ORIGINAL_PREFIX}{i}" for i in range(len(r.original_columns))]]
    reference = m.make_customers(c[list(m.CUSTOMER_COLUMNS)], originals=originals)
    pd.testing.assert_frame_equal(c, reference)


def test_reasons_and_errors_are_translated(tmp_path: Path) -> None:
    set_language("ja")
    r = read_customers(fx.make_messy_xlsx(tmp_path))
    (p,) = problems_at(r, 8)
    assert p.reason == catalogue("ja")["Latitude and longitude were swapped; fixed."]
    with pytest.raises(PlannerError, match="パスワード"):
        read_customers(fx.make_password_xlsx(tmp_path))


def test_ods_file(tmp_path: Path) -> None:
    r = read_customers(fx.make_ods(tmp_path))
    assert r.sheet == "顧客" and r.header_row == 1
    assert list(r.customers[m.NAME]) == ["若葉商店", "双葉食品"]
    assert list(r.customers[m.FREQUENCY]) == [2.0, 2.0]
    assert customer_at(r, 3)[m.LON] == pytest.approx(139.3389)


def test_total_row_not_a_customer_and_phone_zero_restored(tmp_path: Path) -> None:
    r = read_customers(fx.make_totals_xlsx(tmp_path))
    assert list(r.customers[m.NAME]) == ["丸一商店", "光設備"]
    assert list(r.customers[m.PHONE]) == ["0356781234", "09012345678"]
    assert customer_at(r, 2)[f"{m.ORIGINAL_PREFIX}3"] == "356781234"  # original untouched
    (p,) = [p for p in r.report.problems if not p.kept]
    assert (p.row, p.value, p.kept) == (4, "合計", False) and "total" in p.reason


def test_csv_line_breaks_in_cells_extra_columns_and_header_only(tmp_path: Path) -> None:
    path = tmp_path / "multiline.csv"
    path.write_text(
        '顧客名,住所,メモ\n"山田\n商店",東京都,a\n佐藤商店,東京都,,余白\n\n鈴木商店,大阪府\n',
        encoding="utf-8",
    )
    r = read_customers(path)
    assert list(r.customers[m.SOURCE_ROW]) == [2, 4, 6]  # line numbers as an editor shows them
    assert list(r.customers[m.NAME]) == ["山田 商店", "佐藤商店", "鈴木商店"]
    assert r.customers[f"{m.ORIGINAL_PREFIX}0"].iloc[0] == "山田\n商店"
    assert r.original_columns == ("顧客名", "住所", "メモ", "")  # the unnamed column is kept
    assert r.customers[f"{m.ORIGINAL_PREFIX}3"].iloc[1] == "余白"
    pv = preview(path, rows=2)
    assert pv.headers == ["顧客名", "住所", "メモ", ""] and all(len(row) == 4 for row in pv.rows)
    only_header = tmp_path / "header_only.csv"
    only_header.write_text("顧客名,住所\n", encoding="utf-8")
    r = read_customers(only_header)
    assert (r.report.rows, r.report.customers, len(r.to_plan().customers)) == (0, 0, 0)


def test_workbook_with_the_wrong_extension_is_still_read(tmp_path: Path) -> None:
    right = fx.make_messy_xlsx(tmp_path)
    wrong = tmp_path / "messy.xls"
    wrong.write_bytes(right.read_bytes())
    assert read_customers(wrong).report.customers == fx.MESSY_CUSTOMERS


def test_empty_rows_and_columns_above_and_left_keep_excel_row_numbers(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["C3"], ws["D3"] = "顧客名", "住所"
    ws["C4"], ws["D4"] = "東和商事", "東京都"
    ws["C6"], ws["D6"] = "富士物産", "東京都"
    path = tmp_path / "offset.xlsx"
    wb.save(path)
    r = read_customers(path)
    assert r.header_row == 3
    assert list(r.customers[m.SOURCE_ROW]) == [4, 6]
    assert list(r.customers[m.CUSTOMER_ID]) == ["R4", "R6"]


def test_row_without_coordinates_is_reported_and_kept(tmp_path: Path) -> None:
    """A row whose 緯度/経度 cells are blank is a customer without a position AND in the report."""
    path = tmp_path / "blank_coords.csv"
    path.write_text(
        "顧客コード,顧客名,住所,緯度,経度\n"
        "A1,山田商店,東京都新宿区1-1,35.69,139.70\n"
        "A2,佐藤商店,東京都渋谷区2-2,,\n",
        encoding="utf-8",
    )
    result = read_customers(path)
    assert result.report.customers == 2
    problems = [p for p in result.report.problems if p.row == 3]
    assert len(problems) == 1 and problems[0].kept and problems[0].column == "緯度"
    assert not any(p.row == 2 for p in result.report.problems)


def test_sheet_with_only_addresses_reports_every_row_as_not_located(tmp_path: Path) -> None:
    """No 緯度/経度 columns at all: each customer is still in the report, under the address."""
    path = tmp_path / "addresses.csv"
    path.write_text(
        "顧客名,住所\n山田商店,東京都新宿区1-1\n,東京都港区\n佐藤商店,東京都渋谷区2-2\n",
        encoding="utf-8",
    )
    result = read_customers(path)
    assert result.report.customers == 2
    located = [p for p in result.report.problems if p.kept]
    assert [(p.row, p.column, p.value) for p in located] == [
        (2, "住所", "東京都新宿区1-1"), (4, "住所", "東京都渋谷区2-2"),
    ]  # fmt: skip
    assert all("No coordinates" in p.reason for p in located)
    assert all(result.customers[m.PROBLEMS] != "")


def test_two_row_header_with_merged_cells_reads_the_second_row(tmp_path: Path) -> None:
    """A merged 位置 over 緯度 | 経度 (a common Japanese layout): the second row names the columns."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No.", "顧客名", "住所", "位置", None])
    ws.append([None, None, None, "緯度", "経度"])
    ws.merge_cells("D1:E1")
    ws.append([1, "山田商店", "東京都新宿区1-1", 35.69, 139.70])
    ws.append([2, "佐藤商店", "東京都渋谷区2-2", 35.66, 139.71])
    path = tmp_path / "two_rows.xlsx"
    wb.save(path)
    r = read_customers(path)
    assert (r.report.rows, r.report.customers, r.report.problems) == (2, 2, [])
    assert list(r.customers[m.LAT]) == [35.69, 35.66] and list(r.customers[m.SOURCE_ROW]) == [3, 4]
    assert r.mapping["lat"] == "緯度" and r.mapping["address"] == "住所"
    assert preview(path).headers[3:5] == ["緯度", "経度"]


def test_first_data_row_with_text_is_not_taken_for_a_second_header(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_text("顧客名,住所,メモ\n山田商店,東京都,緯度\n", encoding="utf-8")
    r = read_customers(path)
    assert r.report.customers == 1 and r.header_row == 1


def test_address_split_over_numbered_columns_is_joined(tmp_path: Path) -> None:
    """住所1 | 住所2 (or Address 1 | Address 2): the address is both parts, not the first alone."""
    path = tmp_path / "split.csv"
    path.write_text(
        "顧客名,住所1,住所2,電話\n山田商店,東京都新宿区,西新宿1-1 ABCビル3F,03-1234-5678\n"
        "佐藤商店,東京都渋谷区道玄坂2-2,,03-1111-2222\n",
        encoding="utf-8",
    )
    r = read_customers(path)
    assert list(r.customers[m.ADDRESS]) == ["東京都新宿区西新宿1-1 ABCビル3F", "東京都渋谷区道玄坂2-2"]
    english = tmp_path / "split_en.csv"
    english.write_text("Name,Address 1,Address 2\nAoki,1-1 Nishi-Shinjuku,Shinjuku Tokyo\n",
                       encoding="utf-8")  # fmt: skip
    r = read_customers(english)
    assert list(r.customers[m.ADDRESS]) == ["1-1 Nishi-Shinjuku Shinjuku Tokyo"]


def test_a_workbook_that_cannot_be_opened_is_one_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner import sheetfile

    path = fx.make_messy_xlsx(tmp_path)

    def locked(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError(13, "Permission denied")  # chmod 000 does not stop root

    monkeypatch.setattr(sheetfile, "open", locked, raising=False)
    with pytest.raises(PlannerError, match="cannot be opened; close it in Excel"):
        read_customers(path)


def test_semicolon_csv_and_excel_text_cells(tmp_path: Path) -> None:
    path = tmp_path / "semicolon.csv"
    path.write_text(
        '顧客コード;顧客名;住所;年間売上\n="0012";"山田商店; 本店";東京都;"1,200"\n'
        '="0034";佐藤商店;大阪府;300\n',
        encoding="utf-8",
    )
    r = read_customers(path)
    assert list(r.customers[m.CUSTOMER_ID]) == ["0012", "0034"]  # Excel's ="0012" unwrapped
    assert list(r.customers[m.NAME]) == ["山田商店; 本店", "佐藤商店"]
    assert list(r.customers[m.SALES]) == [1200.0, 300.0]


def test_rep_merged_down_several_rows_gives_each_row_its_rep(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客名", "住所", "担当"])
    for i in range(5):
        ws.append([f"商店{i}", "東京都", "鈴木" if i in (0, 3) else None])
    ws.merge_cells("C2:C4")  # 鈴木 for the first three shops
    ws.merge_cells("A7:B7")  # a merge across columns stays as it is
    ws["A7"] = "備考行"
    path = tmp_path / "merged.xlsx"
    wb.save(path)
    r = read_customers(path)
    names = r.customers[m.NAME].tolist()
    reps = dict(zip(names, r.customers[m.TERRITORY].map(
        {t.id: t.rep for t in r.to_plan().territories}).fillna(""), strict=True))
    assert [reps[f"商店{i}"] for i in range(5)] == ["鈴木", "鈴木", "鈴木", "鈴木", ""]
    assert r.customers.loc[r.customers[m.NAME] == "備考行", m.ADDRESS].tolist() == [""]


def test_negative_visit_minutes_money_units_in_headers_and_count_rows(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客名", "住所", "年間売上(千円)", "訪問時間(分)"])
    ws.append(["山田商店", "東京都", 4726, -10])
    ws.append(["佐藤商店", "東京都", "1,200", "-15"])
    ws.append(["鈴木商店", "東京都", 10, 30])
    ws.append(["件数", None, 3, None])
    path = tmp_path / "units.xlsx"
    wb.save(path)
    r = read_customers(path)
    assert list(r.customers[m.NAME]) == ["山田商店", "佐藤商店", "鈴木商店"]  # 件数 is a total
    assert list(r.customers[m.SALES]) == [4_726_000.0, 1_200_000.0, 10_000.0]
    minutes = r.customers[m.SERVICE_MINUTES].tolist()
    assert minutes[2] == 30 and min(minutes) > 0  # the rank's default, not -10 / -15
    assert sorted(p.row for p in r.report.problems if "minutes" in p.reason) == [2, 3]
    from planner._import_money import header_unit

    assert [header_unit(h) for h in ("売上高（百万円）", "売上 万円", "売上(円)", "売上")] == [
        1e6, 1e4, 1.0, 1.0
    ]


def test_formulas_without_a_saved_result_are_reported_not_silently_empty(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()  # openpyxl saves formulas without their results, as some tools do
    ws = wb.active
    ws.title = "顧客 & 売上"
    ws.append(["顧客名", "住所", "年間売上", "緯度", "経度"])
    ws.append(["山田商店", "東京都", "=1000*2", 35.6, 139.7])
    ws.append(["佐藤商店", "東京都", 500, 35.6, '=IF(D3>0,"139.7","")'])
    ws.append(["=A2&\"支店\"", "東京都", 100, 35.6, 139.7])
    path = tmp_path / "formulas.xlsx"
    wb.save(path)
    r = read_customers(path)
    assert list(r.customers[m.NAME]) == ["山田商店", "佐藤商店"]
    assert np.isnan(r.customers[m.SALES].iloc[0]) and r.customers[m.SALES].iloc[1] == 500
    formula = [(p.row, p.column, p.value) for p in r.report.problems if "formula" in p.reason]
    assert formula == [(2, "年間売上", "=1000*2"), (3, "経度", '=IF(D3>0,"139.7","")'),
                       (4, "顧客名", '=A2&"支店"')]


def test_a_total_row_summed_by_a_formula_without_its_result_is_reported_once(
    tmp_path: Path,
) -> None:
    """合計 | =SUM(D2:D3) saved without its result: said to be a total row and, again, to hold
    a formula read as empty; the row is not imported, which is all the manager needs."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客コード", "顧客名", "住所", "年間売上", "緯度", "経度"])
    ws.append(["1", "一丁目商店", "東京都豊島区東池袋1-1-1", 100, 35.7, 139.7])
    ws.append(["2", "二丁目商店", "東京都豊島区東池袋2-1-1", "=1000*2", 35.7, 139.7])
    ws.append([None, "合計", None, "=SUM(D2:D3)", None, None])
    path = tmp_path / "total.xlsx"
    wb.save(path)
    r = read_customers(path)
    assert list(r.customers[m.NAME]) == ["一丁目商店", "二丁目商店"]
    said = [(p.row, p.column, p.value, "total" in p.reason) for p in r.report.problems]
    assert said == [(3, "年間売上", "=1000*2", False), (4, "顧客名", "合計", True)]


def test_a_total_row_with_its_word_in_the_code_column_is_a_total(tmp_path: Path) -> None:
    """Excel's usual place for 合計 is the first column, the code: not a 'missing name'."""
    from planner.spreadsheet import write_csv

    path = tmp_path / "list.csv"
    write_csv(path, ["顧客コード", "顧客名", "住所", "年間売上"], [
        ["C1", "丸一商店", "東京都新宿区1", 100],
        ["C2", "光設備", "東京都新宿区2", 200],
        ["合計", "", "", 300],
        ["C3", "", "東京都新宿区3", 10],  # a real missing name stays one
    ])
    r = read_customers(path)
    assert list(r.customers[m.NAME]) == ["丸一商店", "光設備"]
    total = [p for p in r.report.problems if p.row == 4]
    assert len(total) == 1 and total[0].value == "合計" and "total" in total[0].reason
    assert total[0].column == "顧客コード"  # where 合計 stands, not the empty name's column
    assert any(p.row == 5 and "name is missing" in p.reason for p in r.report.problems)


FOOTERS = ["合計 85件", "合計（3件）", "合計(3件)", "【合計】", "＜合計＞", "合計：", "合 計",
           "件数：3件", "3件", "計 3件", "総計 3件", "小計（山田）", "山田 太郎 計", "Grand Total:"]


@pytest.mark.parametrize("footer", FOOTERS)
def test_a_total_line_in_the_offices_own_words_is_no_customer(tmp_path: Path, footer: str) -> None:
    """A core system's footer under the list (合計 85件, 小計（山田）, 山田 太郎 計 …) is left
    out and reported, its sales not added to the customers'."""
    from planner.spreadsheet import write_csv

    path = tmp_path / "list.csv"
    write_csv(path, ["得意先コード", "得意先名", "住所", "年間売上(千円)"], [
        ["000101", "さくら酒店 梅田店", "大阪府大阪市北区梅田1丁目1-1", "5,000"],
        ["000102", "合計商事", "大阪府大阪市中央区本町2丁目2-2", "2,000"],
        ["000103", "中央 計器", "大阪府大阪市北区天神橋4丁目3-3", "1,000"],
        ["", footer, "", "8,000"],
    ])
    r = read_customers(path)
    assert list(r.customers[m.NAME]) == ["さくら酒店 梅田店", "合計商事", "中央 計器"]
    assert r.customers[m.SALES].sum() == 8_000_000
    (p,) = [p for p in r.report.problems if p.row == 5]
    assert p.value == unicodedata.normalize("NFKC", footer) and not p.kept
    assert "total" in p.reason


def test_names_that_only_look_like_totals_stay_customers() -> None:
    from planner._import_totals import is_total_label

    for name in ["合計商事", "計測器センター", "時計の山田", "設計事務所 計画", "3件屋", "件数堂",
                 "平均台工房", "山田計", "Totalfit 梅田", "総計工業 本社", "中央 計器", "ＡＢＣ 小計店"]:
        assert not is_total_label(name), name


def test_a_sales_cell_with_its_own_unit_is_not_multiplied_by_the_headers(tmp_path: Path) -> None:
    from planner.spreadsheet import write_csv

    path = tmp_path / "list.csv"
    cells = ["1,234", "1,234千円", "120万円", "1,234,000円", "¥1,234,000"]
    write_csv(path, ["得意先コード", "得意先名", "住所", "年間売上(千円)"], [
        [f"S{i}", f"店{i}", "大阪府大阪市北区梅田1丁目1-1", v] for i, v in enumerate(cells)])
    r = read_customers(path)
    assert list(r.customers[m.SALES]) == [1_234_000, 1_234_000, 1_200_000, 1_234_000, 1_234_000]
    assert sorted(p.row for p in r.report.problems if "own unit" in p.reason) == [3, 4, 5, 6]
    assert all(p.kept for p in r.report.problems)


def test_a_code_excel_stripped_of_its_zeros_meets_its_padded_twin(tmp_path: Path) -> None:
    """3001 typed as a number in a column of 00xxxx codes is 003001: the same shop twice is
    a duplicate, left out and reported, and a lone one keeps the list's form of its code."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["得意先コード", "得意先名", "住所", "年間売上"])
    ws.append([3001, "まるやラーメン 昭和店", "大阪府大阪市阿倍野区昭和町2丁目1-20", 100])
    ws.append(["003002", "千里文具店", "大阪府大阪市中央区心斎橋筋1丁目9-18", 200])
    ws.append(["003001", "まるやラーメン 昭和店", "大阪府大阪市阿倍野区昭和町2丁目1-20", 100])
    ws.append([3003, "なにわ食堂", "大阪府大阪市中央区本町2丁目2-2", 300])
    path = tmp_path / "codes.xlsx"
    wb.save(path)
    r = read_customers(path)
    assert list(r.customers[m.CUSTOMER_ID]) == ["003001", "003002", "003003"]
    (p,) = [p for p in r.report.problems if not p.kept]
    assert (p.row, p.kept) == (4, False) and "the same as row 2 (a duplicate)" in p.reason


def test_a_summary_sheet_in_front_of_the_list_is_passed_over(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "集計"
    summary.append(["担当者", "顧客数", "売上合計(千円)"])
    summary.append(["山田 太郎", 2, 300])
    data = wb.create_sheet("得意先一覧")
    data.append(["得意先コード", "得意先名", "住所", "担当者"])
    data.append(["001", "丸一商店", "大阪府大阪市北区梅田1丁目1-1", "山田 太郎"])
    data.append(["002", "光設備", "大阪府大阪市北区梅田1丁目1-2", "山田 太郎"])
    path = tmp_path / "list.xlsx"
    wb.save(path)
    assert read_customers(path).sheet == "得意先一覧"
    assert preview(path).sheet == "得意先一覧"
    # named on purpose, the summary says which sheets there are
    with pytest.raises(PlannerError, match="集計.*得意先一覧.*--sheet"):
        read_customers(path, sheet="集計")


def test_one_zero_padded_code_is_no_rule_for_the_column(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["得意先コード", "得意先名", "住所"])
    ws.append(["0123", "丸一商店", "大阪府大阪市北区梅田1丁目1-1"])
    ws.append([7, "光設備", "大阪府大阪市北区梅田1丁目1-2"])
    ws.append([88, "なにわ食堂", "大阪府大阪市中央区本町2丁目2-2"])
    path = tmp_path / "codes.xlsx"
    wb.save(path)
    assert list(read_customers(path).customers[m.CUSTOMER_ID]) == ["0123", "7", "88"]


def test_a_rep_written_with_and_without_a_space_is_one_territory(tmp_path: Path) -> None:
    path = tmp_path / "reps.csv"
    path.write_text(
        "顧客コード,顧客名,緯度,経度,担当者名\n"
        "A1,山田商店,35.69,139.70,山田 太郎\n"
        "A2,佐藤商店,35.70,139.71,山田太郎\n"
        "A3,鈴木商店,35.71,139.72,山田　太郎\n"
        "A4,田中商店,35.72,139.73,山田 太郎\n"
        "A5,高橋商店,35.73,139.74,佐藤 花子\n",
        encoding="utf-8",
    )
    result = read_customers(path)
    assert [(t.id, t.rep) for t in result.territories] == [("T01", "山田 太郎"), ("T02", "佐藤 花子")]
    assert list(result.customers[m.TERRITORY]) == ["T01", "T01", "T01", "T01", "T02"]


def test_a_row_pasted_twice_is_one_customer_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text(
        "顧客コード,顧客名,緯度,経度,ランク\n"
        "A1,山田商店,35.69,139.70,A\n"
        "A2,佐藤商店,35.70,139.71,B\n"
        "A1,山田商店,35.69,139.70,A\n"  # the same line again
        "A1,山田商店,35.69,139.70,B\n",  # same code, another rank: a customer to look at
        encoding="utf-8",
    )
    result = read_customers(path)
    assert list(result.customers[m.CUSTOMER_ID]) == ["A1", "A2", "A1-2"]
    (twice,) = [p for p in result.report.problems if p.row == 4]
    assert not twice.kept and "repeats row 2" in twice.reason
    assert [p.row for p in result.report.problems] == [4, 5]  # and the duplicate code


def test_a_frequency_cell_naming_weekdays_sets_the_visit_days_too(tmp_path: Path) -> None:
    """週2(月木) in a 訪問サイクル column: twice a week on Monday and Thursday; a visit-day
    column, where the list has one, still wins; 不定期 is no regular visit."""
    path = tmp_path / "cycle.csv"
    path.write_text(
        "得意先コード,得意先名,緯度,経度,訪問サイクル\n"
        "A1,山田商店,35.69,139.70,週2(月木)\n"
        "A2,佐藤商店,35.70,139.71,毎週火曜\n"
        "A3,鈴木商店,35.71,139.72,不定期\n"
        "A4,田中商店,35.72,139.73,週1\n"
        "A5,高橋商店,35.73,139.74,ときどき\n",
        encoding="cp932",
    )
    result = read_customers(path)
    c = result.customers
    assert list(c[m.FREQUENCY]) == [8.0, 4.0, 0.0, 4.0, m.Settings().default_frequency]
    assert list(c[m.VISIT_DAYS]) == ["mon,thu", "tue", "", "", ""]
    (bad,) = result.report.problems  # no rank column: the default frequency, not the rank's
    assert bad.row == 6 and "default frequency is used" in bad.reason
    path.write_text("得意先コード,得意先名,緯度,経度,訪問サイクル\nA1,山田商店,35.69,139.70,週2(月)\n",
                    encoding="cp932")
    (short,) = read_customers(path).report.problems  # twice a week on Mondays only
    assert short.kept and "fewer weekdays than its visits" in short.reason


def test_accounts_the_list_marks_as_stopped_are_left_out_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "status.csv"
    path.write_text(
        "得意先コード,得意先名,緯度,経度,取引区分\n"
        "A1,山田商店,35.69,139.70,通常\n"
        "A2,佐藤商店,35.70,139.71,取引停止\n"
        "A3,鈴木商店,35.71,139.72,休眠\n"
        "A4,田中商店,35.72,139.73,\n"
        "A5,停止前商店,35.73,139.74,取引中\n",
        encoding="cp932",
    )
    result = read_customers(path)
    assert result.mapping["status"] == "取引区分"
    assert list(result.customers[m.CUSTOMER_ID]) == ["A1", "A4", "A5"]
    left = [(p.row, p.value, p.kept) for p in result.report.problems]
    assert left == [(3, "取引停止", False), (4, "休眠", False)]
    assert all("not imported" in p.reason for p in result.report.problems)


def test_visit_days_that_are_all_closing_days_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "days.csv"
    path.write_text(
        "得意先コード,得意先名,緯度,経度,定休日,訪問曜日\n"
        "A1,山田商店,35.69,139.70,水,水\n"
        "A2,佐藤商店,35.70,139.71,水,月・水\n",
        encoding="utf-8",
    )
    result = read_customers(path)
    (p,) = result.report.problems
    assert p.row == 2 and p.kept and "all closing days" in p.reason


def test_only_width_variants_are_made_plain_in_names() -> None:
    from planner.cells import width_normal

    assert width_normal("髙﨑①商事") == "髙﨑①商事"  # as the office typed it
    assert width_normal("ｷｯｻ ｶﾞｰﾃﾞﾝ　Ｃ００１") == "キッサ ガーデン C001"
    assert width_normal("\ufa10田ｼｮｳﾃﾝ") == "\ufa10田ショウテン"  # 塚 (U+FA10) keeps its code point


def test_a_csv_that_cannot_replace_its_file_or_fill_the_disk_says_so_in_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reports' and the comparison's CSV files: a file open in Excel (the rename refused)
    or a full disk surfaced as "[Errno 28] …" or a traceback; the old file stays, no leftovers."""
    import errno

    from planner.errors import PlannerError
    from planner.export import common
    from planner.spreadsheet import write_csv

    path = tmp_path / "moved.csv"
    path.write_text("old", encoding="utf-8")

    def refused(*_args: object) -> None:
        raise PermissionError(errno.EPERM, "Operation not permitted")

    with monkeypatch.context() as patch:
        patch.setattr(common.os, "replace", refused)
        with pytest.raises(PlannerError, match=r"^moved.csv is read-only or open in another"):
            write_csv(path, ["a"], [[1]])

    def full_rows() -> Iterator[list[int]]:
        yield [1]
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(PlannerError, match="^There is not enough disk space to write moved.csv"):
        write_csv(path, ["a"], full_rows())
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["moved.csv"]
    write_csv(path, ["顧客"], [["丸一"]])
    assert path.read_bytes().decode("utf-8-sig") == "顧客\r\n丸一\r\n"


def test_a_header_given_twice_is_reported_and_either_column_can_be_chosen(
    tmp_path: Path,
) -> None:
    """Two 担当 columns: every customer went silently to the first one's rep, and naming 担当
    chose the first again."""
    path = tmp_path / "dup.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客コード", "顧客名", "担当", "住所", "緯度", "経度", "担当"])
    ws.append(["C1", "丸一", "山田", "東京都新宿区1", 35.69, 139.70, "鈴木"])
    ws.append(["C2", "光", "山田", "東京都新宿区2", 35.68, 139.71, "伊藤"])
    wb.save(path)
    first = read_customers(path)
    assert first.original_columns[-1] == "担当 (2)"
    assert [t.rep for t in first.territories] == ["山田"]
    (note,) = [p for p in first.report.problems if "columns are headed" in p.reason]
    assert note.row == 1 and note.kept and "担当 (2)" in note.reason and "Rep" in note.reason
    second = read_customers(path, columns={"rep": "担当 (2)"})
    assert sorted(t.rep for t in second.territories) == ["伊藤", "鈴木"]
    from planner.spreadsheet import preview

    assert preview(path).headers[-1] == "担当 (2)"  # the import window offers it by name


def test_a_sheets_own_numbered_header_keeps_its_name_and_no_repeat_is_claimed(
    tmp_path: Path,
) -> None:
    """担当, 担当, 担当 (2): the repeat is 担当 (3), the sheet's own 担当 (2) stays choosable;
    one 担当 beside a real 担当 (2) is no repeat."""
    path = tmp_path / "three.csv"
    path.write_text("顧客名,住所,緯度,経度,担当,担当,担当 (2)\n"
                    "丸一,東京都新宿区1,35.69,139.70,山田,佐藤,鈴木\n", encoding="utf-8")
    r = read_customers(path)
    assert r.original_columns[-3:] == ("担当", "担当 (3)", "担当 (2)")
    assert [t.rep for t in read_customers(path, columns={"rep": "担当 (2)"}).territories] == [
        "鈴木"]
    assert [t.rep for t in read_customers(path, columns={"rep": "担当 (3)"}).territories] == [
        "佐藤"]
    (note,) = [p for p in r.report.problems if "columns are headed" in p.reason]
    assert "2 columns" in note.reason and "担当 (3)" in note.reason
    path.write_text("顧客名,住所,緯度,経度,担当,担当 (2)\n"
                    "丸一,東京都新宿区1,35.69,139.70,山田,佐藤\n", encoding="utf-8")
    assert not [p for p in read_customers(path).report.problems
                if "columns are headed" in p.reason]


def test_a_rep_written_with_a_variant_kanji_is_one_rep_and_the_report_says_so(
    tmp_path: Path, english: None
) -> None:
    """髙橋一郎 on one row and 高橋一郎 on two others are one person (the common spelling
    kept), as 髙橋　一郎 with a full-width space already was; the report says so in one line."""
    from planner.spreadsheet import write_csv

    path = tmp_path / "list.csv"
    write_csv(path, ["顧客コード", "得意先名", "住所", "担当"], [
        ["C1", "店1", "東京都新宿区1", "髙橋一郎"],
        ["C2", "店2", "東京都新宿区2", "高橋一郎"],
        ["C3", "店3", "東京都新宿区3", "高橋　一郎"],
        ["C4", "店4", "東京都新宿区4", "山﨑"],
        ["C5", "店5", "東京都新宿区5", "山崎"],
        ["C6", "店6", "東京都新宿区6", "山﨑"],
    ])
    r = read_customers(path)
    assert sorted(t.rep for t in r.territories) == ["山﨑", "高橋一郎"]
    assert r.customers[m.TERRITORY].nunique() == 2
    said = [p for p in r.report.problems if p.column == "担当"]
    assert [(p.row, p.value, p.kept, p.note) for p in said] == [
        (2, "髙橋一郎", True, True), (6, "山崎", True, True)]
    assert said[0].reason == "Rep 髙橋一郎 and 高橋一郎 are read as the same person."
    assert not r.customers[m.PROBLEMS].str.contains("same person").any()  # no customer's problem


def test_a_position_of_0_and_0_is_shown_as_both_numbers(tmp_path: Path) -> None:
    """Latitude 0 and longitude 0 (a system's "no position") were reported as the value "0"."""
    from planner.spreadsheet import write_csv

    path = tmp_path / "list.csv"
    write_csv(path, ["顧客コード", "得意先名", "住所", "緯度", "経度"], [
        ["C1", "店1", "東京都新宿区1", 0, 0],
        ["C2", "店2", "東京都新宿区2", 1.5, 1.5],
        ["C3", "店3", "東京都新宿区3", 35.69, 139.7],
    ])
    r = read_customers(path)
    assert [(p.row, p.column, p.value) for p in r.report.problems] == [
        (2, "緯度", "0, 0"), (3, "緯度", "1.5, 1.5")]
