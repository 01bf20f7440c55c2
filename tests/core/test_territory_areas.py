"""A customer given a new position inside another territory's area is offered to that
territory (never moved by itself); a locked one is only told."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from planner import model as m
from planner.edits import EditCustomer, MoveCustomer, apply_edit
from planner.geometry import boundaries_from_assignment
from planner.i18n import set_language
from planner.territory_areas import (
    area_territories,
    moved_into_other_areas,
    moves_text,
    offer_edit,
    offer_text,
)

SHIBUYA = (35.658, 139.701)
NERIMA = (35.736, 139.652)


def two_areas_plan() -> m.Plan:
    """東京エリア (山田 太郎) around 渋谷, 練馬エリア (田中 健太) around 練馬, six shops each."""
    rng = np.random.default_rng(3)
    rows = []
    for k, (tid, (lat, lon)) in enumerate((("T1", SHIBUYA), ("T2", NERIMA))):
        for i in range(6):
            dlat, dlon = rng.normal(0, 0.006, 2)
            rows.append({m.CUSTOMER_ID: f"C{k}{i}", m.NAME: f"店{k}{i}", m.TERRITORY: tid,
                         m.LAT: lat + dlat, m.LON: lon + dlon, m.RANK: "B", m.FREQUENCY: 4.0})
    territories = (m.Territory("T1", "東京エリア", rep="山田 太郎"),
                   m.Territory("T2", "練馬エリア", rep="田中 健太", color=m.palette_color(1)))
    return m.Plan(m.make_customers(pd.DataFrame(rows)), territories)


def _moved(plan: m.Plan, cid: str, lat: float, lon: float) -> m.Plan:
    return apply_edit(plan, MoveCustomer(cid, lat, lon))[0]


def test_a_shop_moved_deep_into_another_territory_is_offered_to_it():
    plan = two_areas_plan()
    after = _moved(plan, "C00", NERIMA[0] + 0.002, NERIMA[1] - 0.001)
    assert after.customers.set_index(m.CUSTOMER_ID).loc["C00", m.TERRITORY] == "T1"  # kept
    (move,) = moved_into_other_areas(plan, after, ["C00"])
    assert (move.customer_id, move.territory, move.into, move.locked) == ("C00", "T1", "T2",
                                                                         False)
    assert moved_into_other_areas(plan, after) == (move,)  # all customers: the same one
    # the offer is one undoable assignment
    moved, inverse, _ = apply_edit(after, offer_edit(move))
    assert moved.customers.set_index(m.CUSTOMER_ID).loc["C00", m.TERRITORY] == "T2"
    assert apply_edit(moved, inverse)[0].customers.equals(after.customers)


def test_a_move_within_its_area_or_halfway_is_not_offered():
    plan = two_areas_plan()
    near = _moved(plan, "C00", SHIBUYA[0] + 0.004, SHIBUYA[1])
    assert moved_into_other_areas(plan, near) == ()
    half = ((SHIBUYA[0] + NERIMA[0]) / 2, (SHIBUYA[1] + NERIMA[1]) / 2)
    assert moved_into_other_areas(plan, _moved(plan, "C00", *half)) == ()
    # unmoved, or without a position now: nothing to offer
    assert moved_into_other_areas(plan, plan) == ()
    assert moved_into_other_areas(plan, _moved(plan, "C00", np.nan, np.nan)) == ()


def test_a_customer_already_in_the_other_area_nudged_within_it_is_not_offered_again():
    plan = _moved(two_areas_plan(), "C00", *NERIMA)  # kept with 東京エリア on purpose
    nudged = _moved(plan, "C00", NERIMA[0] + 0.001, NERIMA[1])
    assert moved_into_other_areas(plan, nudged) == ()


def test_a_locked_customer_is_told_not_offered(japanese):
    plan = two_areas_plan()
    c = plan.customers.copy()
    c[m.LOCKED] = c[m.CUSTOMER_ID] == "C00"
    plan = plan.replace(customers=c)
    (move,) = moved_into_other_areas(plan, _moved(plan, "C00", *NERIMA))
    assert move.locked
    assert offer_text(plan, move) == ("この顧客の新しい位置は「練馬エリア」（田中 健太）の中ですが、"
                                      "テリトリーに固定されているため担当は変わりません。")


def test_the_offer_reads_as_a_manager_expects(japanese):
    plan = two_areas_plan()
    # Edit customer… with a new position, as the address search places it
    after = apply_edit(plan, EditCustomer.of("C01", address="東京都練馬区豊玉北6丁目",
                                             lat=NERIMA[0], lon=NERIMA[1]))[0]
    (move,) = moved_into_other_areas(plan, after, ["C01"])
    assert offer_text(after, move) == (
        "この顧客の新しい位置は「練馬エリア」（田中 健太）の中です。担当を移しますか？")
    assert moves_text(after, [move]) == (
        "1件の顧客が他のテリトリーの区域内に移転しましたが、担当はそのままです: 練馬エリア 1件。")
    set_language("en")
    assert offer_text(after, move) == ("This customer's new position lies in “練馬エリア” "
                                       "(田中 健太). Move it to that territory?")


def test_the_territories_boundaries_decide_where_the_plan_has_them():
    plan = two_areas_plan()
    drawn = plan.replace(territories=boundaries_from_assignment(plan))
    assert all(t.boundary is not None for t in drawn.territories)
    assert list(area_territories(drawn, [NERIMA[0], SHIBUYA[0]], [NERIMA[1], SHIBUYA[1]])) == [
        "T2", "T1"]
    # 練馬エリア given a small area right beside 渋谷's centre: there the centres would say
    # 東京エリア, the boundary says 練馬エリア
    spot = (SHIBUYA[0] + 0.012, SHIBUYA[1] + 0.012)
    box = shapely.box(spot[1] - 0.002, spot[0] - 0.002, spot[1] + 0.002, spot[0] + 0.002)
    t1, t2 = drawn.territories
    shaped = drawn.replace(territories=(
        t1.replace(boundary=t1.boundary.difference(box)), t2.replace(boundary=t2.boundary.union(box))))
    assert area_territories(plan, [spot[0]], [spot[1]])[0] in ("T1", "")  # no boundaries
    (move,) = moved_into_other_areas(shaped, _moved(shaped, "C00", *spot))
    assert move.into == "T2"


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_update_line_counts_by_territory(language):
    set_language(language)
    try:
        plan = two_areas_plan()
        after = _moved(_moved(plan, "C00", *NERIMA), "C11", *SHIBUYA)
        moves = moved_into_other_areas(plan, after)
        assert {(mv.customer_id, mv.into) for mv in moves} == {("C00", "T2"), ("C11", "T1")}
        text = moves_text(after, moves)
        assert ("2 customers moved into another territory's area" in text if language == "en"
                else text.startswith("2件の顧客が他のテリトリーの区域内に移転しました"))
        assert moves_text(after, ()) == ""
    finally:
        set_language(None)
