"""The status bar's sentence after a boundary is dragged or a territory drawn on the map:
from which territories to which the customers moved, and the locked customers the new line
passed over (they stay, keeping their colour inside the line)."""

import pytest
import shapely

from planner import model as m
from planner.edits import LockCustomers, apply_edit
from planner.i18n import in_language
from planner.maps.actions import draw_edit, drawn_note, moved_note, reshape_edit


def two_squares() -> m.Plan:
    """西 (T01) and 東 (T02) side by side along lon 139.70; two customers each, near the edge."""
    customers = m.make_customers({
        m.CUSTOMER_ID: ["w1", "w2", "e1", "e2"],
        m.NAME: ["西一", "西二", "東一", "東二"],
        m.LAT: [35.65, 35.66, 35.65, 35.66],
        m.LON: [139.69, 139.68, 139.71, 139.72],
        m.TERRITORY: ["T01", "T01", "T02", "T02"],
    })
    territories = [
        m.Territory("T01", "西", rep="山田", boundary=shapely.box(139.60, 35.60, 139.70, 35.70)),
        m.Territory("T02", "東", rep="佐藤", color=m.PALETTE[1],
                    boundary=shapely.box(139.70, 35.60, 139.80, 35.70)),
    ]
    return m.new_plan(customers, territories=territories)


def territory_of(plan: m.Plan, cid: str) -> str:
    return str(plan.customers.set_index(m.CUSTOMER_ID).loc[cid, m.TERRITORY])


def reshaped(plan: m.Plan, tid: str, box: tuple[float, float, float, float]) -> m.Plan:
    return apply_edit(plan, reshape_edit(plan, tid, shapely.box(*box)))[0]


def test_a_boundary_dragged_into_a_neighbour_says_from_which_territory_to_which():
    plan = two_squares()
    after = reshaped(plan, "T01", (139.60, 35.60, 139.715, 35.70))  # 西 takes 東's e1
    assert territory_of(after, "e1") == "T01"
    with in_language("ja"):
        assert moved_note(plan, after, "T01") == "1件の顧客が東から西に移りました。"


def test_a_territory_drawn_across_two_says_how_many_came_from_each():
    plan = two_squares()
    before = plan
    after = apply_edit(plan, draw_edit(plan, shapely.box(139.675, 35.64, 139.725, 35.67)))[0]
    new = after.territories[-1]
    assert {territory_of(after, c) for c in ("w1", "w2", "e1", "e2")} == {new.id}
    with in_language("ja"):
        assert drawn_note(before, after) == (
            f"テリトリー「{new.name}」を作成しました。"
            "担当者を設定してください（テリトリー一覧で「担当者」の欄をダブルクリックして入力）。"
            f"{new.name}に顧客が移りました: 西から2件、東から2件。"
            "西、東の顧客がいなくなりました（「元に戻す」で戻せます）。")  # all four taken


def test_a_boundary_drawn_in_both_directions_lists_each_move():
    plan = two_squares()
    # 西 gives up w2's corner to 東 and takes e1
    after = reshaped(plan, "T01", (139.60, 35.60, 139.715, 35.655))
    assert territory_of(after, "e1") == "T01" and territory_of(after, "w2") == "T02"
    with in_language("ja"):
        assert moved_note(plan, after, "T01") == (
            "テリトリーが変わった顧客: 西→東 1件、東→西 1件。")


@pytest.mark.parametrize("draw", [False, True])
def test_locked_customers_the_new_line_passes_over_are_said_to_stay(draw):
    """A locked customer inside the line keeps its territory's colour there: the status
    bar said only who moved, and the manager saw a customer the line had 'missed'."""
    plan = apply_edit(two_squares(), LockCustomers(("e1",), True))[0]
    if draw:
        after = apply_edit(plan, draw_edit(plan, shapely.box(139.675, 35.64, 139.725, 35.67)))[0]
    else:
        after = reshaped(plan, "T01", (139.60, 35.60, 139.725, 35.70))  # over e1 and e2
    assert territory_of(after, "e1") == "T02"  # the lock held
    with in_language("ja"):
        text = drawn_note(plan, after) if draw else moved_note(plan, after, "T01")
    assert text.endswith("固定されている顧客1件は、境界を変えても元のテリトリーのままです。")
    with in_language("en"):
        text = drawn_note(plan, after) if draw else moved_note(plan, after, "T01")
    assert text.endswith("1 locked customer stayed in its territory across the new line.")


def test_a_line_over_locked_customers_only_says_no_one_moved_and_why():
    plan = apply_edit(two_squares(), LockCustomers(("e1",), True))[0]
    after = reshaped(plan, "T01", (139.60, 35.60, 139.715, 35.70))  # over e1 alone
    assert territory_of(after, "e1") == "T02"
    with in_language("ja"):
        assert moved_note(plan, after, "T01") == (
            "テリトリーが変わった顧客はいません。"
            "固定されている顧客1件は、境界を変えても元のテリトリーのままです。")
