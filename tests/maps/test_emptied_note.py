"""A boundary drawn small took all 85 of 佐藤 花子's customers, and the status bar said only
「85件の顧客が佐藤 花子から鈴木 一郎に移りました。」: that her territory was left empty, and
that Undo brings them back, went unsaid."""

from __future__ import annotations

from planner import model as m
from planner.edits import apply_edit
from planner.geometry import boundaries_from_assignment
from planner.i18n import set_language
from planner.maps import protocol
from planner.maps.actions import drawn_note, edit_for, moved_note
from planner.synthetic import synthetic_plan


def _plan() -> m.Plan:
    plan = synthetic_plan(120, territories=3, seed=5)
    names = ("鈴木 一郎", "佐藤 花子", "山田 太郎")
    plan = plan.replace(territories=tuple(t.replace(name=n) for t, n in
                                          zip(plan.territories, names, strict=True)))
    return plan.replace(territories=boundaries_from_assignment(plan))


def test_a_boundary_drawn_small_says_the_territory_is_left_empty() -> None:
    plan = _plan()
    second = plan.territories[1]
    assert second.boundary is not None
    tiny = second.boundary.centroid.buffer(1e-5)  # a line around no customer
    after = apply_edit(plan, edit_for(plan, protocol.Reshape(second.id, tiny)))[0]
    assert not (after.customers[m.TERRITORY] == second.id).any()
    set_language("ja")
    try:
        note = moved_note(plan, after, second.id)
    finally:
        set_language(None)
    assert note.endswith("佐藤 花子の顧客がいなくなりました（「元に戻す」で戻せます）。")


def test_a_drawn_territory_taking_a_whole_territory_says_so_and_a_small_move_does_not() -> None:
    plan = _plan()
    first = plan.territories[0]
    around = first.boundary.buffer(0.001)
    after = apply_edit(plan, edit_for(plan, protocol.Draw(around)))[0]
    set_language("en")
    try:
        emptied = drawn_note(plan, after)
        moved = plan.customers[m.CUSTOMER_ID].iloc[:1]
        one = plan.replace(customers=plan.customers.assign(**{m.TERRITORY: [
            plan.territories[2].id if cid in set(moved) else t for cid, t in
            zip(plan.customers[m.CUSTOMER_ID], plan.customers[m.TERRITORY], strict=True)]}))
        small = moved_note(plan, one)
    finally:
        set_language(None)
    assert "鈴木 一郎 has no customers left; Undo brings them back." in emptied
    assert "no customers left" not in small
