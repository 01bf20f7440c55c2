"""The reading of the customer name (フリガナ, 得意先名（カナ）, ｶﾅ): recognised on import, kept
through save, update and the workbook, and folded for the Customers list's search and sort."""

from __future__ import annotations

import pandas as pd
import pytest
from update_helpers import plan_from, write

from planner import model as m
from planner.columns import detect_columns
from planner.edits import AddCustomer, apply_edit
from planner.spreadsheet import read_customers
from planner.store import load_plan, save_plan
from planner.update import update_customers

HEADERS = ["顧客コード", "顧客名", "フリガナ", "住所", "住所フリガナ", "緯度", "経度", "担当"]


def _rows(reading_of_s1: str = "ﾔﾏﾀﾞｼｮｳﾃﾝ") -> list[list[object]]:
    return [
        ["S1", "山田商店", reading_of_s1, "東京都新宿区西新宿1丁目1-1", "ﾄｳｷｮｳﾄ", 35.69, 139.69,
         "山田"],
        ["S2", "青木薬局", "アオキヤッキョク", "東京都新宿区西新宿2丁目1-1", "トウキョウト", 35.70,
         139.70, "山田"],
        ["S3", "河合酒店", "", "東京都新宿区西新宿3丁目1-1", "", 35.71, 139.71, "山田"],
    ]


def _by_id(plan: m.Plan) -> pd.DataFrame:
    return plan.customers.set_index(m.CUSTOMER_ID)


@pytest.mark.parametrize(("headers", "reading"), [
    (["顧客コード", "顧客名", "フリガナ", "住所", "フリガナ"], "フリガナ"),
    (["コード", "得意先名（漢字）", "得意先名（カナ）", "住所", "住所カナ"], "得意先名（カナ）"),
    (["コード", "ﾖﾐ", "得意先名", "住所"], "ﾖﾐ"),
    (["コード", "名称", "住所", "名称ヨミ"], "名称ヨミ"),
    (["code", "name", "name_kana", "address"], "name_kana"),
])
def test_the_names_reading_is_recognised_beside_or_after_the_name(headers, reading):
    assert detect_columns(headers).get(m.NAME_KANA) == reading


@pytest.mark.parametrize("headers", [
    ["顧客コード", "顧客名", "住所", "住所フリガナ"],  # the address's reading
    ["顧客コード", "顧客名", "住所", "フリガナ"],  # a bare reading after the address
    ["コード", "住所", "ﾌﾘｶﾞﾅ", "顧客名"],  # before the name, but after the address
])
def test_an_address_reading_is_not_the_names(headers):
    assert m.NAME_KANA not in detect_columns(headers)


def test_a_list_with_only_the_kana_name_reads_it_as_the_name():
    found = detect_columns(["コード", "得意先名（カナ）", "住所"])
    assert found[m.NAME] == "得意先名（カナ）" and m.NAME_KANA not in found


def test_the_reading_is_imported_saved_and_loaded(tmp_path):
    result = read_customers(write(tmp_path / "list.xlsx", _rows(), HEADERS))
    assert result.mapping[m.NAME_KANA] == "フリガナ"
    c = _by_id(result.to_plan())
    # half-width kana made plain as the list's other text; no reading stays ""
    assert list(c[m.NAME_KANA]) == ["ヤマダショウテン", "アオキヤッキョク", ""]
    path = tmp_path / "plan.gpkg"
    save_plan(result.to_plan(), path)
    assert list(_by_id(load_plan(path))[m.NAME_KANA]) == list(c[m.NAME_KANA])


def test_a_plan_without_readings_loads_with_the_column_empty(tmp_path):
    import pyogrio

    plan = read_customers(write(tmp_path / "list.xlsx", _rows(), HEADERS)).to_plan()
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    # a plan file written before readings were kept: its customers layer has no such column
    layer = pyogrio.read_dataframe(path, layer="customers")
    assert m.NAME_KANA in layer.columns
    pyogrio.write_dataframe(layer.drop(columns=[m.NAME_KANA]), path, layer="customers")
    loaded = load_plan(path)
    assert list(loaded.customers[m.NAME_KANA]) == ["", "", ""]
    assert list(loaded.customers.columns[:3]) == [m.CUSTOMER_ID, m.NAME, m.NAME_KANA]


def test_a_revised_reading_comes_with_the_update_and_is_told(tmp_path, english):
    plan = plan_from(write(tmp_path / "a.xlsx", _rows(), HEADERS))
    same = update_customers(plan, read_customers(write(tmp_path / "b.xlsx", _rows(), HEADERS)))
    assert not same.changed
    revised = write(tmp_path / "c.xlsx", _rows("ヤマダショウテン ホンテン"), HEADERS)
    up = update_customers(plan, read_customers(revised))
    assert _by_id(up.plan).at["S1", m.NAME_KANA] == "ヤマダショウテン ホンテン"
    assert [c.customer_id for c in up.changed] == ["S1"]
    assert "Name reading (kana) ヤマダショウテン → ヤマダショウテン ホンテン" in up.changed[0].describe()


def test_readings_a_plan_lacked_are_taken_without_a_change_each(tmp_path, english):
    """A plan read before readings were kept (its column empty) updated from the same list."""
    plan = plan_from(write(tmp_path / "a.xlsx", _rows(), HEADERS))
    c = plan.customers.copy()
    c[m.NAME_KANA] = ""
    plan = plan.replace(customers=c)
    up = update_customers(plan, read_customers(write(tmp_path / "b.xlsx", _rows(), HEADERS)))
    assert not up.changed
    assert _by_id(up.plan).at["S2", m.NAME_KANA] == "アオキヤッキョク"


def test_the_workbook_carries_the_reading_and_reads_it_back(tmp_path, english):
    from planner.export.excel import export_workbook

    plan = plan_from(write(tmp_path / "a.xlsx", _rows(), HEADERS))
    plan = apply_edit(plan, AddCustomer.of(name="佐藤書店", name_kana="サトウショテン"))[0]
    book = export_workbook(plan, tmp_path / "plan.xlsx")
    back = read_customers(book, settings=plan.settings)
    assert back.mapping[m.NAME_KANA] == "フリガナ"
    readings = _by_id(back.to_plan())[m.NAME_KANA]
    assert readings["S2"] == "アオキヤッキョク"
    assert readings.iloc[-1] == "サトウショテン"  # typed in by hand: written into フリガナ
    up = update_customers(plan, back)
    assert not up.changed and not up.added
    assert list(up.plan.customers[m.NAME_KANA]) == list(plan.customers[m.NAME_KANA])


def test_a_list_without_readings_gets_a_reading_column_for_those_typed_in(tmp_path, english):
    from planner.export.excel import export_workbook

    headers = ["顧客コード", "顧客名", "住所", "緯度", "経度", "担当"]
    data = [[r[0], r[1], r[3], r[5], r[6], r[7]] for r in _rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data, headers))
    book = export_workbook(plan, tmp_path / "plain.xlsx")
    assert m.NAME_KANA not in read_customers(book).mapping  # no reading: no column
    plan = apply_edit(plan, AddCustomer.of(name="佐藤書店", name_kana="さとうしょてん"))[0]
    book = export_workbook(plan, tmp_path / "plan.xlsx")
    back = read_customers(book, settings=plan.settings)
    assert back.mapping[m.NAME_KANA] == "Name (kana)"
    assert back.customers[m.NAME_KANA].iloc[-1] == "さとうしょてん"


def test_a_synthetic_plan_exports_and_reads_back_its_readings(tmp_path, english):
    from planner.export.excel import export_workbook
    from planner.synthetic import synthetic_plan

    plan = synthetic_plan(30, territories=2, seed=1)
    c = plan.customers.copy()
    c[m.NAME_KANA] = [f"ヨミ{i}" for i in range(len(c))]
    plan = plan.replace(customers=c)
    back = read_customers(export_workbook(plan, tmp_path / "plan.xlsx"), settings=plan.settings)
    assert list(back.customers[m.NAME_KANA]) == list(c[m.NAME_KANA])


def test_a_customer_added_by_hand_keeps_the_reading_typed(tmp_path):
    plan = read_customers(write(tmp_path / "list.xlsx", _rows(), HEADERS)).to_plan()
    plan = apply_edit(plan, AddCustomer.of(name="佐藤書店", name_kana=" ｻﾄｳｼｮﾃﾝ "))[0]
    assert plan.customers[m.NAME_KANA].iloc[-1] == "サトウショテン"


def test_the_japanese_workbooks_reading_column_reads_back(tmp_path, japanese):
    from planner.export.excel import export_workbook

    headers = ["顧客コード", "顧客名", "住所", "緯度", "経度", "担当"]
    data = [[r[0], r[1], r[3], r[5], r[6], r[7]] for r in _rows()]
    plan = plan_from(write(tmp_path / "a.xlsx", data, headers))
    plan = apply_edit(plan, AddCustomer.of(name="佐藤書店", name_kana="サトウショテン"))[0]
    back = read_customers(export_workbook(plan, tmp_path / "plan.xlsx"), settings=plan.settings)
    assert back.mapping[m.NAME_KANA] == "顧客名（フリガナ）"
    assert list(back.customers[m.NAME_KANA]) == ["", "", "", "サトウショテン"]
    assert back.customers[m.NAME].iloc[-1] == "佐藤書店"  # typed in: written into 顧客名
