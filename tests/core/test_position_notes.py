"""A customer whose pin the manager dragged to the right place loses the import's notes on
its position (「同じ市区町村のお客様の位置に仮置きしました」 stayed in the customer list, its
問題のある行 filter and the exports), keeps its other notes, and undo brings them back."""

from __future__ import annotations

from planner import model as m
from planner.edits import MoveCustomer, apply_edit
from planner.export.excel_customers import _problems
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan

ROUGH = "Placed approximately at the customers of the same municipality; check the position on the map."
CLOSED = ("Closed on this weekday in some weeks only: read as closed on it every week, so "
          "that no visit falls on a closed day. Set a visit day by hand to choose another.")
TOWN = "Located only at town level ({matched}); check the position on the map."


def rough_plan(notes: list[str]) -> m.Plan:
    """A plan whose first customers were placed roughly by the import, with ``notes``."""
    plan = synthetic_plan(12, territories=2, seed=3)
    customers = plan.customers.copy()
    customers.loc[: len(notes) - 1, m.PROBLEMS] = notes
    customers.loc[: len(notes) - 1, m.GEOCODE] = "nearby:city"
    return plan.replace(customers=customers)


def test_a_pin_placed_by_hand_drops_the_position_notes_and_keeps_the_others() -> None:
    set_language("ja")
    try:
        both = f"{tr(CLOSED)}; {tr(ROUGH)}"
        town = tr(TOWN, matched="大阪府大阪市阿倍野区; 松崎町")  # the matched text holds "; "
        plan = rough_plan([both, tr(ROUGH), town])
        assert "仮置きしました" in both
        ids = list(plan.customers[m.CUSTOMER_ID][:3])
        moved = plan
        for cid in ids:
            moved = apply_edit(moved, MoveCustomer(cid, 34.64, 135.51))[0]
        notes = list(moved.customers[m.PROBLEMS][:3])
        assert notes == [tr(CLOSED), "", ""]
        shown = _problems(moved)[:3]  # the workbook's problems column
        assert shown[0] == tr(CLOSED) and shown[1] is None and shown[2] is None
        # undo puts the notes (and the rough position) back; redo drops them again
        one, inverse, _ = apply_edit(plan, MoveCustomer(ids[0], 34.64, 135.51))
        back, redo, _ = apply_edit(one, inverse)
        assert back.customers[m.PROBLEMS].iloc[0] == both
        assert back.customers[m.GEOCODE].iloc[0] == "nearby:city"
        assert apply_edit(back, redo)[0].customers[m.PROBLEMS].iloc[0] == tr(CLOSED)
    finally:
        set_language(None)


def test_a_note_written_in_english_goes_too_and_taking_a_position_away_keeps_them() -> None:
    plan = rough_plan([f"{ROUGH}; {CLOSED}"])
    cid = str(plan.customers[m.CUSTOMER_ID].iloc[0])
    set_language("ja")
    try:
        moved = apply_edit(plan, MoveCustomer(cid, 34.64, 135.51))[0]
    finally:
        set_language(None)
    assert moved.customers[m.PROBLEMS].iloc[0] == CLOSED
    away = apply_edit(plan, MoveCustomer(cid, float("nan"), float("nan"), ""))[0]
    assert away.customers[m.PROBLEMS].iloc[0] == f"{ROUGH}; {CLOSED}"
