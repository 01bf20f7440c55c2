"""The command line and the Update dialog match the list's rows to the plan once: locating the
moved shops and the update take the same match (each matched 100,000 rows again)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from update_helpers import plan_from, rows, write

import planner._update_match as um
import planner._update_positions as up
import planner.update as pu
from planner import model as m
from planner.areas import area_key, area_key_levels
from planner.cli import main
from planner.spreadsheet import read_customers
from planner.store import save_plan


def _revised(tmp_path: Path) -> Path:
    data = [r for r in rows() if r[0] != "O001"]
    data[3] = [*data[3][:2], "東京都新宿区西新宿2丁目9-9", "", "", *data[3][5:]]  # moved, no point
    data.append(["N1", "新規商店", "埼玉県さいたま市大宮区桜木町3丁目5-5", 35.905, 139.625, "A",
                 "", ""])
    return write(tmp_path / "new.xlsx", data)


def _count_matches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = um.match_rows

    def counted(*args: object) -> object:
        calls.append(1)
        return real(*args)  # type: ignore[arg-type]

    for module in (um, up, pu):  # wherever the name is looked up
        if hasattr(module, "match_rows"):
            monkeypatch.setattr(module, "match_rows", counted)
    return calls


def test_the_command_line_matches_the_rows_once(tmp_path: Path, monkeypatch) -> None:
    plan_path = tmp_path / "plan.gpkg"
    save_plan(plan_from(write(tmp_path / "old.xlsx", rows())), plan_path)
    calls = _count_matches(monkeypatch)
    assert main(["update", str(plan_path), str(_revised(tmp_path)), "--dry-run"]) == 0
    assert len(calls) == 1


def test_a_match_given_is_the_match_computed(tmp_path: Path, monkeypatch) -> None:
    plan = plan_from(write(tmp_path / "old.xlsx", rows()))
    result = read_customers(_revised(tmp_path), settings=plan.settings)
    located = pu.locate_rows(plan, result, provider="none")
    update = pu.update_customers(plan, located)
    match = pu.list_match(plan, result)
    calls = _count_matches(monkeypatch)
    located_once = pu.locate_rows(plan, result, provider="none", match=match)
    update_once = pu.update_customers(plan, located_once, match=match)
    assert not calls
    pd.testing.assert_frame_equal(located_once.customers, located.customers)
    pd.testing.assert_frame_equal(update_once.plan.customers, update.plan.customers)
    assert update_once.rows() == update.rows() and update_once.matched_by == "code"
    # the moved shop placed at its 丁目's customers; the new one joined 佐藤 by its area
    assert located_once.customers[m.GEOCODE].iloc[3].startswith("nearby:")
    assert [c.customer_id for c in update_once.added] == ["N1"]


def test_area_keys_of_many_addresses_are_each_addresses_key() -> None:
    addresses = np.array([
        "東京都新宿区西新宿2-8-1", "〒150-0001 東京都渋谷区神宮前1-2-3", "  東京都 新宿区 西新宿２丁目８−１",
        "埼玉県入間郡三芳町藤久保", "横浜市港北区新横浜2-4", "京都府京都市中京区大字御池1",
        "北海道札幌市中央区北1条西2丁目", "三重県四日市市諏訪町1-5", "広島県廿日市市下平良1",
        "大阪府大阪市北区梅田", "愛知県名古屋市中区栄三丁目", "福岡県糟屋郡宇美町字宇美1",
        "千葉県市川市八幡", "栃木県芳賀郡市貝町市塙", "東京都", "foo", "", None, float("nan"), 3,
        "東京都新宿区西新宿2-8-1",
    ], dtype=object)
    levels = area_key_levels(addresses)
    for level in ("town", "municipality"):
        assert levels[level].tolist() == [area_key(a, level) for a in addresses]
    assert levels["town"][1] == "東京都渋谷区神宮前" and levels["municipality"][4] == "横浜市港北区"
