"""What the monthly update tells the manager: each removed customer says why it goes, the
customers whose corrections stayed are named, and a customer placed approximately at an
earlier update is not news again.

The complaints: the 削除 rows of the changes had an empty 内容 column; 「5件の顧客は、プランで
修正した内容をそのまま残しました」 named none of the five; and the same approximately placed
shop was 「…仮置きしました」 at every update though nothing about it changed."""

from __future__ import annotations

from pathlib import Path

from update_helpers import plan_from, rows, write

from planner import model as m
from planner.edits import SetRank, apply_edit
from planner.spreadsheet import read_customers
from planner.update import locate_rows, update_customers

#: Next month's shop of 西新宿3丁目 without coordinates: placed at that 丁目's customers.
NEW_SHOP = ["N3", "西新宿商店", "東京都新宿区西新宿３丁目２０番２号", None, None, "A", "", ""]
OTHER_SHOP = ["N4", "西新宿食堂", "東京都新宿区西新宿４丁目１番１号", None, None, "B", "", ""]


def _update(plan: m.Plan, path: Path, **kw: object):
    result = locate_rows(plan, read_customers(path, settings=plan.settings), provider="none")
    return update_customers(plan, result, **kw)


def test_removed_rows_say_why_and_kept_corrections_are_named(tmp_path, japanese):
    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    plan = apply_edit(plan, SetRank(("S000", "S002"), "B"))[0]  # the A → B review
    update = _update(plan, write(tmp_path / "next.xlsx", rows()[1:]))  # S000 closed
    by_code = {r[1]: r for r in update.rows()}
    assert by_code["S000"][0] == "削除"
    assert by_code["S000"][4] == "リストにない顧客（削除）。訪問もカレンダーから外れます"
    assert "S002" not in by_code  # not a change: the plan keeps what it has
    by_code = {r[1]: r for r in update.kept_rows()}
    assert list(by_code) == ["S002"] and by_code["S002"][0] == "修正を維持"
    assert by_code["S002"][2] == "新宿商店2"
    assert by_code["S002"][4] == "ランク: リストはA、プランのBのまま"
    assert "1件の顧客は、プランで修正した内容をそのまま残しました（リストは修正前のままです）。" \
           "修正を残した顧客: 新宿商店2。" in update.summary()
    kept = _update(plan, write(tmp_path / "next.xlsx", rows()[1:]), keep_missing=True)
    assert {r[1]: r for r in kept.rows()}["S000"][4] == "リストにない顧客（プランに残す）"


def test_an_approximate_position_is_told_once_then_counted(tmp_path, english):
    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    first = _update(plan, write(tmp_path / "m1.xlsx", [*rows(), NEW_SHOP]))
    assert first.plan.customers.set_index(m.CUSTOMER_ID).loc["N3", m.GEOCODE] == "nearby:chome"
    told = "Placed approximately, as the exact position is not known yet: 1 at the customers"
    assert told in first.summary() and "as before" not in first.summary()
    # next month: the same list, the shop still without coordinates, placed as before
    second = _update(first.plan, write(tmp_path / "m2.xlsx", [*rows(), NEW_SHOP]))
    assert second.approximate_kept == ("N3",)
    assert told not in second.summary()
    assert "1 customer is still placed approximately, as before." in second.summary()
    # a month later another new shop: it is news, the old one only counted
    third = _update(second.plan, write(tmp_path / "m3.xlsx", [*rows(), NEW_SHOP, OTHER_SHOP]))
    assert third.approximate_kept == ("N3",)
    assert told in third.summary()
    assert "1 customer is still placed approximately, as before." in third.summary()


def test_the_changes_say_which_new_or_moved_customers_sit_at_an_approximate_position(
        tmp_path, japanese):
    """A new shop and a moved one placed at their 丁目's customers: their lines in the changes
    (the window's list, the CSV, the command's output) say so; a new shop with coordinates
    does not. Before, 「テリトリーの境界内」 and 「位置: 4.1km 移動」 read like exact places."""
    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    revised = [r[:] for r in rows()]
    revised[1][2:5] = ["東京都新宿区西新宿4丁目9-9", None, None]  # S001 moved, no coordinates
    exact = ["N5", "新宿書店", "東京都新宿区西新宿1丁目5-5", 35.692, 139.692, "B", "", ""]
    update = _update(plan, write(tmp_path / "next.xlsx", [*revised, NEW_SHOP, exact]))
    by_code = {r[1]: r[4] for r in update.rows()}
    assert by_code["N3"].endswith("、同じ丁目のお客様の位置に仮置き"), by_code["N3"]
    assert "仮置き" not in by_code["N5"]
    assert by_code["S001"].startswith("住所 東京都新宿区西新宿2丁目1-1 → 東京都新宿区西新宿4丁目9-9、")
    assert by_code["S001"].endswith("km 移動、同じ丁目のお客様の位置に仮置き"), by_code["S001"]
    (n3,) = [c for c in update.added if c.customer_id == "N3"]
    assert "同じ丁目のお客様の位置に仮置き" in n3.note  # the command line prints the note
