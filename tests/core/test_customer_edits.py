"""Adding a customer by hand and removing customers: each an edit whose inverse restores."""

from __future__ import annotations

import numpy as np
import pytest
from update_helpers import plan_from, rows, write

from planner import model as m
from planner.edits import AddCustomer, RemoveCustomers, apply_edit
from planner.errors import PlannerError
from planner.maps.actions import place_edit


def test_removing_customers_takes_their_visits_and_undo_restores_everything(tmp_path, english):
    plan = plan_from(write(tmp_path / "a.xlsx", rows()), calendar=True)
    s = plan.schedule
    gone = ("S004", "O007")
    assert s["customer_id"].isin(gone).any()
    new, inverse, changes = apply_edit(plan, RemoveCustomers(gone))
    assert changes.customers and changes.schedule
    assert not new.customers[m.CUSTOMER_ID].isin(gone).any() and len(new.customers) == 22
    after = new.schedule
    assert not after["customer_id"].isin(gone).any()
    assert len(after) == len(s) - int(s["customer_id"].isin(gone).sum())
    for (t, w, d), day in after.groupby(["territory", "week", "day"]):
        assert list(day["seq"]) == list(range(1, len(day) + 1))
        was = s[(s.territory == t) & (s.week == w) & (s.day == d) & ~s.customer_id.isin(gone)]
        assert list(day.sort_values("seq")["customer_id"]) == list(was["customer_id"])
    back = apply_edit(new, inverse)[0]
    assert back.customers.equals(plan.customers) and back.schedule.equals(plan.schedule)
    with pytest.raises(PlannerError, match="No such customer"):
        apply_edit(plan, RemoveCustomers(("NOPE",)))


def test_adding_a_customer_by_hand(tmp_path, english):
    plan = plan_from(write(tmp_path / "a.xlsx", rows()), calendar=True)
    t = {x.rep: x.id for x in plan.territories}
    edit = AddCustomer.of(name="新規の山田商店", rank="a", frequency="隔週", lat=35.905,
                          lon=139.625, address="埼玉県さいたま市大宮区1-1")
    new, inverse, _ = apply_edit(plan, edit)
    row = new.customers.set_index(m.CUSTOMER_ID).loc["N0001"]
    assert (row[m.NAME], row[m.RANK], row[m.FREQUENCY]) == ("新規の山田商店", "A", 2.0)
    assert row[m.SERVICE_MINUTES] == plan.settings.service_minutes_for("A")
    assert row[m.TERRITORY] == t["佐藤"]  # among 佐藤's customers in Omiya
    assert row[m.GEOCODE] == "manual" and new.meta["schedule_stale"]
    assert len(new.original_frame()) == 25  # its original sheet cells are empty
    assert apply_edit(new, inverse)[0].customers.equals(plan.customers)

    # without a position: unassigned until placed; placing it the first time assigns it
    bare = apply_edit(plan, AddCustomer.of(name="場所未定", customer_id="X1"))[0]
    assert bare.customers.set_index(m.CUSTOMER_ID).loc["X1", m.TERRITORY] == ""
    placed = apply_edit(bare, place_edit(bare, "X1", 35.691, 139.692))[0]
    c = placed.customers.set_index(m.CUSTOMER_ID)
    assert c.loc["X1", m.TERRITORY] == t["山田"] and np.isfinite(c.loc["X1", m.LAT])
    moved = apply_edit(placed, place_edit(placed, "X1", 35.905, 139.625))[0]
    assert moved.customers.set_index(m.CUSTOMER_ID).loc["X1", m.TERRITORY] == t["山田"]

    for bad, message in (
        (AddCustomer.of(name=""), "needs a name"),
        (AddCustomer.of(name="x", customer_id="S001"), "taken"),
        (AddCustomer.of(name="x", customer_id="Ｓ００１ "), "S001 is taken"),  # full-width
        (AddCustomer.of(name="x", frequency="ときどき"), "frequency"),
        (AddCustomer.of(name="x", lat=10.0, lon=10.0), "outside Japan"),
        (AddCustomer.of("T99", name="x"), "No such territory"),
    ):
        with pytest.raises(PlannerError, match=message):
            apply_edit(plan, bad)


def test_in_a_plan_of_whole_areas_an_added_customer_joins_its_area(tmp_path, english):
    plan = plan_from(write(tmp_path / "a.xlsx", rows()))
    t = {x.rep: x.id for x in plan.territories}
    # near 山田's Shinjuku customers, but its address is in 佐藤's ward of Omiya
    edit = AddCustomer.of(name="大宮の本店", lat=35.69, lon=139.69,
                          address="埼玉県さいたま市大宮区桜木町9丁目1-1")
    nearest = apply_edit(plan, edit)[0].customers.set_index(m.CUSTOMER_ID)
    assert nearest.loc["N0001", m.TERRITORY] == t["山田"]  # a plan drawn customer by customer
    whole = plan.replace(meta={**plan.meta, "design_whole": "municipality"})
    joined = apply_edit(whole, edit)[0].customers.set_index(m.CUSTOMER_ID)
    assert joined.loc["N0001", m.TERRITORY] == t["佐藤"]
    # without a position too: the address says where it belongs
    bare = AddCustomer.of(name="場所未定", address="東京都新宿区西新宿3丁目2-1")
    placed = apply_edit(whole, bare)[0].customers.set_index(m.CUSTOMER_ID)
    assert placed.loc["N0001", m.TERRITORY] == t["山田"]


def test_adding_a_customer_seen_more_than_daily_says_the_most_a_frequency_can_be(english):
    from planner.synthetic import synthetic_plan

    plan = synthetic_plan(10, territories=1)
    with pytest.raises(PlannerError, match="at most 28 visits per 4 weeks"):
        apply_edit(plan, AddCustomer.of(name="毎日二回の店", frequency="100", lat=35.6, lon=139.7))
