"""Each territory's municipalities (担当エリア): read from addresses, listed in the workbook."""

from __future__ import annotations

import dataclasses

import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.areas import AreaShare, areas_text, municipality, territory_areas
from planner.export.excel import export_workbook
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("東京都新宿区西新宿2-8-1", ("東京都", "新宿区")),
        ("〒160-0023 東京都新宿区西新宿", ("東京都", "新宿区")),
        ("東京都新宿区市谷左内町", ("東京都", "新宿区")),  # 市 in the town's name
        ("東京都中央区築地市場1", ("東京都", "中央区")),
        ("横浜市港北区新横浜2-4", ("", "横浜市港北区")),
        ("埼玉県さいたま市大宮区大宮1丁目", ("埼玉県", "さいたま市大宮区")),
        ("北海道札幌市中央区北1条西2", ("北海道", "札幌市中央区")),
        ("愛知県名古屋市中村区名駅4丁目", ("愛知県", "名古屋市中村区")),  # 村 in the ward's name
        ("愛知県名古屋市中区栄3-1", ("愛知県", "名古屋市中区")),
        ("京都府京都市左京区吉田", ("京都府", "京都市左京区")),
        ("福岡県北九州市小倉北区", ("福岡県", "北九州市小倉北区")),
        ("埼玉県入間郡三芳町藤久保", ("埼玉県", "入間郡三芳町")),
        ("長野県北佐久郡軽井沢町", ("長野県", "北佐久郡軽井沢町")),
        ("三重県四日市市諏訪町1-5", ("三重県", "四日市市")),
        ("千葉県市川市八幡1", ("千葉県", "市川市")),
        ("東京都武蔵村山市本町", ("東京都", "武蔵村山市")),
        ("東京都府中市宮西町2", ("東京都", "府中市")),
        ("富山県中新川郡上市町湯上野", ("富山県", "中新川郡上市町")),  # 市 in a county town
        ("奈良県大和郡山市北郡山町", ("奈良県", "大和郡山市")),  # 郡 in a city's name
        ("福島県郡山市駅前", ("福島県", "郡山市")),
        ("東京都町田市原町田", ("東京都", "町田市")),
        ("石川県野々市市", ("石川県", "野々市市")),
        ("ＴＯＫＹＯ", ("", "")),
        (None, ("", "")),
    ],
)
def test_municipality_of_an_address(address: object, expected: tuple[str, str]) -> None:
    assert municipality(address) == expected


def _plan(addresses: list[str], territories: list[str]) -> m.Plan:
    plan = synthetic_plan(len(addresses), territories=2, seed=1)
    c = plan.customers.copy()
    c[m.ADDRESS] = addresses
    c[m.TERRITORY] = territories
    return plan.replace(customers=c)


def test_territories_list_their_municipalities_with_shares() -> None:
    plan = _plan(
        ["東京都練馬区1", "東京都練馬区2", "東京都練馬区3", "東京都板橋区1", "東京都板橋区2",
         "広島県府中市1", "東京都府中市1", "不明"],
        ["T01", "T01", "T01", "T01", "T02", "T02", "T02", "T02"],
    )
    areas = territory_areas(plan)
    assert areas["T01"] == [AreaShare("練馬区", 3, 3), AreaShare("板橋区", 1, 2)]
    # a name two prefectures share carries its prefecture; an unread address is left out
    assert areas["T02"] == [
        AreaShare("広島県府中市", 1, 1), AreaShare("東京都府中市", 1, 1), AreaShare("板橋区", 1, 2)
    ]
    assert areas_text(areas["T01"]) == "練馬区 3, 板橋区 1/2"
    assert areas_text(areas["T02"], most=1) == "広島県府中市 1 and 2 more"


def test_the_summary_sheet_lists_each_territorys_areas(tmp_path) -> None:
    set_language("ja")
    try:
        plan = synthetic_plan(80, territories=3, seed=3)
        ws = load_workbook(export_workbook(plan, tmp_path / "plan.xlsx"))[tr("Summary")]
        headers = [c.value for c in ws[3]]
        col = headers.index("担当エリア（顧客数）") + 1
        areas = territory_areas(plan)
        for row, tid in enumerate(plan.territory_ids, start=4):
            assert ws.cell(row=row, column=1).value == tid
            assert ws.cell(row=row, column=col).value == areas_text(areas[tid], most=12)
            assert ws.cell(row=row, column=col).alignment.wrap_text
        assert "ほか" in areas_text([AreaShare(str(i), 1, 1) for i in range(9)])
    finally:
        set_language(None)


def test_the_areas_sheet_says_whose_each_municipality_is(tmp_path) -> None:
    from planner.export.excel_areas import area_reps

    plan = _plan(
        ["東京都練馬区1", "東京都練馬区2", "東京都練馬区3", "東京都板橋区1", "東京都板橋区2",
         "埼玉県和光市1", "東京都板橋区3", "不明"],
        ["T01", "T01", "T02", "T01", "T02", "T02", "", "T02"],
    )
    table = area_reps(plan)
    reps = {t.id: t.rep or t.name for t in plan.territories}
    assert table.values.tolist() == [
        ["埼玉県", "和光市", f"{reps['T02']} 1", 1],
        ["東京都", "板橋区", f"{reps['T01']} 1, {reps['T02']} 1, (unassigned) 1", 3],
        ["東京都", "練馬区", f"{reps['T01']} 2, {reps['T02']} 1", 3],
    ]
    set_language("ja")
    try:
        ws = load_workbook(export_workbook(plan, tmp_path / "plan.xlsx"))["担当エリア一覧"]
        rows = [r for r in ws.iter_rows(min_row=4, values_only=True)]
        assert [r[:2] for r in rows] == [("埼玉県", "和光市"), ("東京都", "板橋区"),
                                         ("東京都", "練馬区")]
        assert "（未割当） 1" in rows[1][2]
    finally:
        set_language(None)
    c = plan.customers.copy()
    c[m.ADDRESS] = "Tokyo"
    names = load_workbook(export_workbook(plan.replace(customers=c), tmp_path / "b.xlsx"))
    assert "Areas by municipality" not in names.sheetnames


def test_a_plan_without_customers_has_no_areas() -> None:
    from planner.export.excel_areas import area_reps

    empty = m.new_plan(m.empty_customers(0)).replace(territories=(m.Territory(id="T01", name="A"),))
    assert territory_areas(empty) == {"T01": []}
    assert area_reps(empty).empty


def test_a_territory_is_named_after_its_main_municipality(english: None) -> None:
    from planner.areas import suggested_name

    plan = _plan(
        ["東京都練馬区1", "東京都練馬区2", "東京都板橋区1", "東京都練馬区3", "東京都練馬区4",
         "東京都板橋区2", "東京都北区1", "不明"],
        ["T01", "T01", "T01", "T02", "T02", "T02", "T02", "T02"],
    )
    assert suggested_name(plan, "T01") == "練馬区 area"
    named = plan.replace(territories=(
        dataclasses.replace(plan.territories[0], name="練馬区 area"), plan.territories[1]))
    assert suggested_name(named, "T01") == ""  # so called already
    # T02's main municipality names T01 already: its two main ones (ties in name order)
    assert suggested_name(named, "T02") == "練馬区・北区 area"
    assert suggested_name(_plan(["不明"] * 8, ["T01"] * 8), "T01") == ""
    set_language("ja")
    assert suggested_name(plan, "T01") == "練馬区エリア"


def test_the_summary_says_what_a_shared_areas_12_50_means(tmp_path) -> None:
    """"練馬区 2/3" stood unexplained on the Summary and the hand-outs; then explained with
    "12/50", figures of no plan: now with the table's own."""
    from planner.areas import SHARED_AREA_NOTE
    from planner.i18n import tr

    shared = _plan(["東京都練馬区1", "東京都練馬区2", "東京都練馬区3"], ["T01", "T01", "T02"])
    alone = _plan(["東京都練馬区1", "東京都板橋区2", "東京都板橋区3"], ["T01", "T02", "T02"])
    note = tr(SHARED_AREA_NOTE, area="練馬区", mine=2, total=3)
    assert note.startswith("練馬区 2/3: ")
    for plan, said in ((shared, True), (alone, False)):
        ws = load_workbook(export_workbook(plan, tmp_path / "p.xlsx"))[tr("Summary")]
        texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
        assert (note in texts) == said
        assert not any("12/50" in t for t in texts)


def test_the_shared_areas_note_takes_the_first_share_the_line_shows() -> None:
    from planner.areas import shared_area_note

    set_language("ja")
    shares = [AreaShare("練馬区", 3, 3), AreaShare("板橋区", 1, 2), AreaShare("北区", 2, 9)]
    assert shared_area_note(shares, "練馬区 3、板橋区 1/2、北区 2/9") == (
        "板橋区 1/2: 板橋区の顧客2件のうち1件がこの担当者、残りは他の担当者です。")
    assert shared_area_note(shares[2:], "練馬区 3 ほか2件") == ""  # not on the line: not said
    assert shared_area_note(shares[:1], "練馬区 3") == ""
