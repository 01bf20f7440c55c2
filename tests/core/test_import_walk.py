"""A manager's own lists walked through the import: a Shift-JIS CSV with title rows and a 合計
line, coordinates in 緯度/経度 with some typed wrong or taken from a branch abroad."""

from __future__ import annotations

import math

import pytest

from planner import model as m
from planner.errors import PlannerError
from planner.japan_extent import in_japan
from planner.spreadsheet import read_customers


def _csv(tmp_path, rows, name="顧客一覧.csv"):
    path = tmp_path / name
    text = "\r\n".join(",".join(row) for row in rows) + "\r\n"
    path.write_bytes(text.encode("cp932"))
    return path


def test_coordinates_of_a_neighbouring_country_are_not_taken_for_japan(tmp_path):
    """Seoul's 37.5665, 126.9780 lies inside Japan's extent (20–46°N, 122–154°E): the shop
    was put on the map in Korea with no word in the report, while New York was reported."""
    path = _csv(tmp_path, [
        ["2026年度 顧客一覧", "", "", ""],
        ["作成日：2026/11/30", "", "", ""],
        ["", "", "", ""],
        ["得意先名", "住所", "緯度", "経度"],
        ["山田商店", "東京都練馬区豊玉北5-18-1", "35.7356", "139.6517"],
        ["ソウル物産", "", "37.5665", "126.9780"],
        ["釜山商事", "", "35.1796", "129.0756"],
        ["対馬商店", "長崎県対馬市厳原町国分1441", "34.2028", "129.2875"],
        ["", "合計", "", ""],
    ])
    result = read_customers(path)
    c = result.customers.set_index(m.NAME)
    assert math.isnan(c.loc["ソウル物産", m.LAT]) and math.isnan(c.loc["釜山商事", m.LAT])
    assert c.loc["対馬商店", m.LAT] == pytest.approx(34.2028)
    outside = [p.row for p in result.report.problems if "outside Japan" in p.reason]
    assert outside == [6, 7]  # the rows as Excel numbers them


def test_a_position_in_a_neighbouring_country_is_refused_when_typed():
    """The customer dialog took Seoul's position as one in Japan."""
    from planner._customer_details import typed_position

    with pytest.raises(PlannerError):
        typed_position(37.5665, 126.978)
    assert typed_position(35.68, 139.76) == (35.68, 139.76)


def test_every_outline_of_japan_is_in_japan():
    """The neighbours cut out of the extent hold no point of a prefecture's outline."""
    import json

    import numpy as np
    import shapely

    from planner.resources import resource_path

    features = json.loads(resource_path("japan", "prefectures.geojson").read_text("utf-8"))
    points = np.vstack([shapely.get_coordinates(shapely.geometry.shape(f["geometry"]))
                        for f in features["features"]])
    assert np.asarray(in_japan(points[:, 1], points[:, 0])).all()


def test_an_address_retyped_with_another_dash_is_no_change(tmp_path, english):
    """Next month's list wrote 高円寺南4-1-1 for last month's 4ー1ー1 (the long vowel mark, as
    typed on a Japanese keyboard) and 2‐3‐4 as ２－３－４: the update listed both shops as
    having a new address."""
    from update_helpers import plan_from, write

    from planner.update import update_customers

    headers = ["顧客コード", "得意先名", "住所", "緯度", "経度"]
    before = [["001", "大川酒店", "東京都杉並区高円寺南4ー1ー1", 35.7052, 139.6497],
              ["002", "小林米穀", "東京都中野区中野2‐3‐4", 35.7056, 139.6659],
              ["003", "珈琲コーナー", "東京都練馬区豊玉北5-18-1", 35.7356, 139.6517]]
    after = [["001", "大川酒店", "東京都杉並区高円寺南4-1-1", 35.7052, 139.6497],
             ["002", "小林米穀", "東京都中野区中野２－３－４", 35.7056, 139.6659],
             ["003", "珈琲コ-ナ-", "東京都練馬区豊玉北5-18-1", 35.7356, 139.6517]]
    plan = plan_from(write(tmp_path / "a.xlsx", before, headers))
    revised = read_customers(write(tmp_path / "b.xlsx", after, headers), settings=plan.settings)
    result = update_customers(plan, revised)
    assert [c.customer_id for c in result.changed] == ["003"]  # a name's ー is no dash


def test_an_address_joined_from_its_parts_is_said_once_not_counted_as_a_problem(
        tmp_path, capsys, english):
    """「1件 × 住所は都道府県、市区町村、番地の列をこの順につないで読み込みました。（4行目）」: how
    the list is read was counted as a problem of one customer on the header row."""
    import openpyxl

    from planner.cli import main

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客コード", "得意先名", "所在地", None, None, "緯度", "経度"])
    ws.append([None, None, "都道府県", "市区町村", "番地", None, None])
    ws.append(["123", "丸山商店", "東京都", "練馬区", "豊玉北5-18-1", 35.7356, 139.6517])
    for cells in ("A1:A2", "B1:B2", "C1:E1", "F1:F2", "G1:G2"):
        ws.merge_cells(cells)
    wb.save(tmp_path / "list.xlsx")
    assert main(["import", str(tmp_path / "list.xlsx"), "-o", str(tmp_path / "p.gpkg")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("1 row, 1 customer, 0 problems")
    joined = [line.strip() for line in out if "address is read" in line]
    assert joined == ["The address is read from the columns 都道府県, 市区町村, 番地, joined in "
                      "that order."]


@pytest.mark.parametrize("placeholder", ["未定", "-", "（欠員）", "なし", "ー"])
def test_a_placeholder_in_the_rep_column_makes_no_territory(tmp_path, english, placeholder):
    """「未定」 (or 「-」, 「（欠員）」) in 担当 made a territory 未定 with a rep called 未定."""
    path = _csv(tmp_path, [
        ["得意先名", "住所", "担当", "緯度", "経度"],
        ["青木商店", "東京都板橋区板橋1-1-1", "佐藤", "35.751", "139.709"],
        ["石田商店", "東京都板橋区板橋1-3-1", placeholder, "35.753", "139.711"],
        ["上野商店", "東京都北区王子1-1-1", "田中", "35.752", "139.737"],
    ])
    result = read_customers(path)
    assert [t.rep for t in result.territories] == ["佐藤", "田中"]
    c = result.customers.set_index(m.NAME)
    assert c.loc["石田商店", m.TERRITORY] == ""
    said = [(p.row, p.column, p.kept) for p in result.report.problems
            if "no rep's name" in p.reason]
    assert said == [(3, "担当", True)]


def test_a_rep_whose_name_holds_a_placeholder_word_is_a_rep(tmp_path, english):
    """Only a cell that is a placeholder as a whole is no rep: 「なし」 in 梨本 or 未定 in a
    longer name stays a name."""
    path = _csv(tmp_path, [
        ["得意先名", "住所", "担当"],
        ["青木商店", "東京都板橋区板橋1-1-1", "梨本 なし子"],
        ["石田商店", "東京都板橋区板橋1-3-1", "空野 未定"],
    ])
    result = read_customers(path)
    assert [t.rep for t in result.territories] == ["梨本 なし子", "空野 未定"]
