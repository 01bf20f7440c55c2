"""Next month's list moves a shop into another rep's area: it keeps its rep, and the update's
summary, changes and report list it for the manager to decide."""

from __future__ import annotations

from update_helpers import plan_from, rows, write

from planner import model as m
from planner.edits import LockCustomers, apply_edit
from planner.spreadsheet import read_customers
from planner.update import update_customers


def test_shops_moved_into_another_reps_area_are_listed_not_moved(tmp_path, english):
    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    t = {x.rep: x.id for x in plan.territories}
    plan = apply_edit(plan, LockCustomers(("O001",), (True,)))[0]
    data = rows()
    data[0][2:5] = ["埼玉県さいたま市大宮区桜木町20丁目1-1", 35.905, 139.63]  # S000 → 大宮
    data[1][3] += 0.001  # S001 moved next door
    data[2][2:5] = ["埼玉県さいたま市大宮区桜木町21丁目1-1", 35.906, 139.631]  # S002 → 大宮
    data[2][7] = "佐藤"  # … with its new rep in the list: it joins 佐藤, nothing to ask
    data[13][2:5] = ["東京都新宿区西新宿30丁目1-1", 35.695, 139.70]  # O001 (locked) → 新宿
    update = update_customers(plan, read_customers(write(tmp_path / "next.xlsx", data),
                                                   settings=plan.settings))
    c = update.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.loc["S000", m.TERRITORY] == t["山田"] and c.loc["S002", m.TERRITORY] == t["佐藤"]
    moves = {a.customer_id: a for a in update.area_moves}
    assert set(moves) == {"S000", "O001"}
    assert (moves["S000"].into, moves["S000"].locked) == (t["佐藤"], False)
    assert (moves["O001"].into, moves["O001"].locked) == (t["山田"], True)
    assert ("2 customers moved into another territory's area and keep their own"
            in update.summary())
    assert "1 of them is locked to its territory." in update.summary()
    details = {r[1]: r[4] for r in update.rows()}
    assert "now in the area of" in details["S000"] and "still in its own" in details["S000"]
    assert "locked to its own territory" in details["O001"]
    assert "now in the area" not in details["S001"]
    report = update.to_dict()["moved_into_other_areas"]
    assert {r["customer_id"] for r in report} == {"S000", "O001"}


def test_an_update_without_moves_says_nothing_of_areas(tmp_path, english):
    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    update = update_customers(plan, read_customers(write(tmp_path / "same.xlsx", rows()),
                                                   settings=plan.settings))
    assert update.area_moves == ()
    assert "another territory's area" not in update.summary()
