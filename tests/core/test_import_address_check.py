"""Coordinates checked against the prefecture the address names, at import and update."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from update_helpers import HEADERS, plan_from, rows, write

from planner import model as m
from planner.address_check import check_positions, named_prefectures
from planner.spreadsheet import read_customers
from planner.update import update_customers

SHEET = ["顧客コード", "顧客名", "住所", "緯度", "経度"]
LIST = [
    ["G1", "池袋商店", "東京都豊島区東池袋1-1", 35.7295, 139.7109],  # good
    ["S1", "新宿商店", "東京都新宿区西新宿2-8-1", 139.6917, 35.6895],  # swapped, address agrees
    ["S2", "南池袋商店", "東京都豊島区南池袋1-1", 134.9, 35.0],  # swapped back: in 兵庫県
    ["W1", "目白商店", "東京都豊島区目白3-1", 34.6937, 135.5023],  # in 大阪府
    ["W2", "新横浜商店", "横浜市港北区新横浜2-4", 34.6937, 135.5023],  # no 神奈川県 written
    ["U1", "駅前商店", "駅前通り1-2", 34.6937, 135.5023],  # names no prefecture
    ["U2", "淡路商店", "兵庫県淡路市志筑1-1", 34.4316, 134.9103],  # an island the outline lacks
    ["B1", "町田商店", "東京都町田市原町田6-1", 35.5424, 139.4466],  # by the border
]


def _row(result, code: str) -> tuple[object, list[str]]:
    c = result.customers.set_index(m.CUSTOMER_ID)
    row = int(c.loc[code, m.SOURCE_ROW])
    return c.loc[code], [p.reason for p in result.report.problems if p.row == row]


@pytest.fixture
def imported(tmp_path: Path):
    return read_customers(write(tmp_path / "list.xlsx", LIST, headers=SHEET))


def test_rows_whose_position_agrees_with_the_address_are_not_reported(imported, english):
    for code in ("G1", "B1"):
        c, said = _row(imported, code)
        assert said == [] and c[m.GEOCODE] == "sheet"
    c, said = _row(imported, "S1")
    assert said == ["Latitude and longitude were swapped; fixed."]
    assert (c[m.LAT], c[m.LON]) == (35.6895, 139.6917)


def test_a_position_in_another_prefecture_is_kept_and_reported(imported, english):
    c, said = _row(imported, "W1")
    assert (c[m.LAT], c[m.LON]) == (34.6937, 135.5023)
    assert said == ["The coordinates do not match the address (東京都豊島区): they lie in "
                    "大阪府. Check the position."]
    assert c[m.PROBLEMS] == said[0]  # under "Problem rows" in the Customers list
    _c, said = _row(imported, "W2")
    assert said == ["The coordinates do not match the address (横浜市港北区): they lie in "
                    "大阪府. Check the position."]
    report = [p for p in imported.report.problems if "match" in p.reason]
    assert all(p.kept and p.column == "緯度" for p in report)
    assert [p.value for p in report] == ["134.9, 35", "34.6937, 135.5023", "34.6937, 135.5023"]


def test_a_swap_the_address_denies_is_reported_in_japanese(tmp_path, japanese):
    result = read_customers(write(tmp_path / "list.xlsx", LIST, headers=SHEET))
    c, said = _row(result, "S2")
    assert (c[m.LAT], c[m.LON]) == (35.0, 134.9)
    assert said == ["緯度と経度が逆になっていたため入れ替えましたが、座標が住所（東京都豊島区）と"
                    "合いません（兵庫県の位置）。位置を確認してください。"]
    _c, said = _row(result, "W1")
    assert said == ["座標が住所（東京都豊島区）と合いません（大阪府の位置）。位置を確認してください。"]


def test_addresses_naming_no_prefecture_and_undrawn_islands_are_left_alone(imported, english):
    for code in ("U1", "U2"):
        c, said = _row(imported, code)
        assert said == [] and c[m.PROBLEMS] == ""


def test_the_update_checks_a_changed_position_too(tmp_path, english):
    plan = plan_from(write(tmp_path / "a.xlsx", rows()))
    data = rows()
    data[3][3:5] = [34.6937, 135.5023]  # S003 of 東京都新宿区, now given in 大阪府
    result = update_customers(plan, read_customers(write(tmp_path / "b.xlsx", data,
                                                         headers=HEADERS),
                                                   settings=plan.settings))
    said = [p.reason for p in result.report.problems if p.row == 5]
    assert said == ["The coordinates do not match the address (東京都新宿区): they lie in "
                    "大阪府. Check the position."]
    c = result.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.loc["S003", m.PROBLEMS] == said[0]


def test_check_positions_reads_each_address_once_and_names_where_the_point_lies():
    addresses = np.array(["東京都豊島区東池袋1-1", "〒171-0022 東京都豊島区南池袋", None, ""],
                         dtype=object)
    assert named_prefectures(addresses).tolist() == ["東京都", "東京都", "", ""]
    lat = np.array([35.7295, 34.6937, 34.6937, np.nan])
    lon = np.array([139.7109, 135.5023, 135.5023, np.nan])
    check = check_positions(lat, lon, addresses)
    assert check.wrong.tolist() == [False, True, False, False]
    assert check.found.tolist() == ["", "大阪府", "", ""]
