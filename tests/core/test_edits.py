"""Edits: each one applied then undone gives the original plan back; their effects are right."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
import shapely

from planner import edits as E
from planner import model as m
from planner.errors import PlannerError
from planner.geometry import boundaries_from_assignment
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.territories import territory_metrics


def _with_schedule(plan: m.Plan) -> m.Plan:
    schedule = pd.DataFrame(
        [("T01", plan.customers[m.CUSTOMER_ID].iloc[0], 1, "mon", 1, "09:10", "09:40", 3.0, 6.0)],
        columns=list(m.SCHEDULE_COLUMNS),
    )
    return plan.replace(schedule=schedule, meta={"schedule_weeks": 4, E.SCHEDULE_STALE: False})


@pytest.fixture(scope="module")
def base() -> m.Plan:
    plan = synthetic_plan(400, territories=4, seed=7)
    return plan.replace(territories=boundaries_from_assignment(plan))


def assert_same_plan(a: m.Plan, b: m.Plan) -> None:
    ca, cb = a.customers, b.customers
    pd.testing.assert_frame_equal(
        pd.DataFrame(ca.drop(columns="geometry")), pd.DataFrame(cb.drop(columns="geometry"))
    )
    ga, gb = ca.geometry.to_numpy(), cb.geometry.to_numpy()
    assert [g is None for g in ga] == [g is None for g in gb]
    both = np.array([g is not None for g in ga])
    assert shapely.equals_exact(ga[both], gb[both], tolerance=0).all()
    assert a.territories == b.territories
    assert a.settings == b.settings
    assert dict(a.meta) == dict(b.meta)


def roundtrip(plan: m.Plan, edit: E.Edit) -> tuple[m.Plan, E.Changes]:
    """Apply ``edit``, check its inverse restores ``plan`` (and redo gives the same again)."""
    before = plan.customers.copy()
    new, inverse, changes = E.apply_edit(plan, edit)
    pd.testing.assert_frame_equal(
        pd.DataFrame(plan.customers.drop(columns="geometry")),
        pd.DataFrame(before.drop(columns="geometry")),
    )  # the original plan is never mutated
    back, redo, _ = E.apply_edit(new, inverse)
    assert_same_plan(back, plan)
    again, _, _ = E.apply_edit(back, redo)
    assert_same_plan(again, new)
    assert isinstance(edit.describe(), str) and edit.describe()
    return new, changes


def _ids(plan: m.Plan, territory: str) -> list[str]:
    c = plan.customers
    return c.loc[c[m.TERRITORY] == territory, m.CUSTOMER_ID].tolist()


def test_assign_customers_marks_the_schedule_stale_and_undo_restores_it(base: m.Plan) -> None:
    plan = _with_schedule(base)
    ids = tuple(_ids(plan, "T01")[:5])
    new, changes = roundtrip(plan, E.AssignCustomers.to(ids, "T02"))
    assert set(_ids(new, "T02")) >= set(ids)
    assert new.meta[E.SCHEDULE_STALE] is True
    assert new.schedule is plan.schedule
    assert changes.assignment and changes.schedule and changes.customer_ids == ids
    with pytest.raises(PlannerError):
        E.apply_edit(plan, E.AssignCustomers.to(ids, "T99"))
    with pytest.raises(PlannerError):
        E.apply_edit(plan, E.AssignCustomers.to(("nope",), "T01"))


def test_set_frequency_and_lock_round_trip(base: m.Plan) -> None:
    ids = tuple(base.customers[m.CUSTOMER_ID].iloc[:3])
    new, changes = roundtrip(base, E.SetFrequency(ids, (8.0, float("nan"), 0.5)))
    assert new.customers[m.FREQUENCY].iloc[0] == 8.0
    assert np.isnan(new.customers[m.FREQUENCY].iloc[1])
    assert changes.frequencies
    with pytest.raises(PlannerError):
        E.apply_edit(base, E.SetFrequency(ids[:1], (-1.0,)))
    locked, changes = roundtrip(base, E.LockCustomers(ids, True))
    assert locked.customers[m.LOCKED].iloc[:3].all() and changes.assignment
    mixed, _ = roundtrip(locked, E.LockCustomers(ids, (False, True, False)))
    assert mixed.customers[m.LOCKED].iloc[:3].tolist() == [False, True, False]


def test_edits_that_change_nothing_leave_the_plan_as_it_is(base: m.Plan) -> None:
    """Customers given the territory, lock or frequency they have: the same plan, no change,
    the calendar up to date and nobody marked as having a hand-set frequency."""
    plan = _with_schedule(base)
    ids = tuple(_ids(plan, "T01")[:5])
    c = plan.customers.set_index(m.CUSTOMER_ID)
    same = (
        E.AssignCustomers.to(ids, "T01"),
        E.LockCustomers(ids, tuple(bool(v) for v in c.loc[list(ids), m.LOCKED])),
        E.SetFrequency(ids, tuple(float(v) for v in c.loc[list(ids), m.FREQUENCY])),
    )
    for edit in same:
        assert edit.without_no_ops(plan).customer_ids == ()
        new, _inverse, changes = E.apply_edit(plan, edit)
        assert new is plan and changes == E.Changes()
    nan = plan.customers.copy()
    nan[m.FREQUENCY] = np.nan  # NaN (the rank's frequency) set again is no change either
    unset = plan.replace(customers=nan)
    assert E.apply_edit(unset, E.SetFrequency(ids, (np.nan,) * 5))[0] is unset


def test_an_edit_of_some_customers_already_so_changes_only_the_others(base: m.Plan) -> None:
    plan = _with_schedule(base)
    there, others = tuple(_ids(plan, "T02")[:3]), tuple(_ids(plan, "T01")[:2])
    new, changes = roundtrip(plan, E.AssignCustomers.to(there + others, "T02"))
    assert changes.customer_ids == others and new.meta[E.SCHEDULE_STALE] is True
    assert E.AssignCustomers.to(there + others, "T02").without_no_ops(plan).describe() == (
        "Assign 2 customers"
    )
    assert E.AssignCustomers.to(others, "").describe() == "Unassign 2 customers"
    set_language("ja")
    assert E.AssignCustomers.to(others, "").describe() == "2件の顧客をテリトリーから外す"
    set_language("en")
    c = plan.customers.set_index(m.CUSTOMER_ID)
    freq = float(c.loc[there[0], m.FREQUENCY])
    differ = tuple(i for i in there + others if c.loc[i, m.FREQUENCY] != freq)
    new, changes = roundtrip(plan, E.SetFrequency(there + others, (freq,) * 5))
    assert changes.customer_ids == differ
    assert new.meta["frequency_overrides"] == sorted(differ)  # not the one already at it
    locked = E.apply_edit(plan, E.LockCustomers(there[:1], True))[0]
    new, changes = roundtrip(locked, E.LockCustomers(there, True))
    assert changes.customer_ids == there[1:]
    assert new.customers.set_index(m.CUSTOMER_ID).loc[list(there), m.LOCKED].all()


def test_move_customer_sets_position_point_and_geocode(base: m.Plan) -> None:
    cid = base.customers[m.CUSTOMER_ID].iloc[10]
    new, changes = roundtrip(base, E.MoveCustomer(cid, 35.7, 139.6))
    row = new.customers.iloc[10]
    assert (row[m.LAT], row[m.LON], row[m.GEOCODE]) == (35.7, 139.6, "manual")
    assert (row.geometry.x, row.geometry.y) == (139.6, 35.7)
    assert changes.customers and changes.customer_ids == (cid,)
    # from an unlocated customer (undo takes the point away again)
    unplaced, _, _ = E.apply_edit(base, E.MoveCustomer(cid, float("nan"), float("nan"), ""))
    assert unplaced.customers.geometry.iloc[10] is None
    placed, _ = roundtrip(unplaced, E.MoveCustomer(cid, 35.6, 139.7))
    assert placed.customers.geometry.iloc[10] is not None
    with pytest.raises(PlannerError, match="outside Japan"):
        E.apply_edit(base, E.MoveCustomer(cid, 48.8, 2.35))


def test_a_moved_customer_is_named_in_the_undo_menu_by_its_name(base: m.Plan) -> None:
    """「元に戻す 顧客 C000001 の位置を変更」 named the shop by a code the manager never reads."""
    cid = base.customers[m.CUSTOMER_ID].iloc[10]
    name = base.customers[m.NAME].iloc[10]
    assert E.MoveCustomer(cid, 35.7, 139.6).describe_for(base) == f"Move {name}"
    c = base.customers.copy()
    c.loc[c.index[10], m.NAME] = ""
    nameless = base.replace(customers=c)
    assert E.MoveCustomer(cid, 35.7, 139.6).describe_for(nameless) == f"Move customer {cid}"


def test_update_settings_round_trip(base: m.Plan) -> None:
    plan = _with_schedule(base)
    settings = dataclasses.replace(plan.settings, day_hours=7.0)
    new, changes = roundtrip(plan, E.UpdateSettings(settings))
    assert new.settings.day_hours == 7.0 and changes.settings
    assert new.meta[E.SCHEDULE_STALE] is True
    only_balance = dataclasses.replace(plan.settings, balance="sales")
    calm, _ = roundtrip(plan, E.UpdateSettings(only_balance))
    assert not calm.meta.get(E.SCHEDULE_STALE)
    with pytest.raises(PlannerError):
        E.apply_edit(plan, E.UpdateSettings(dataclasses.replace(plan.settings, day_hours=30)))


def test_create_and_delete_territory(base: m.Plan) -> None:
    fresh = E.new_territory(base, "新規エリア", rep="木村")
    assert fresh.id == "T05" and fresh.color not in {t.color for t in base.territories}
    new, changes = roundtrip(base, E.CreateTerritory(fresh))
    assert new.territory_ids[-1] == "T05" and changes.territories
    with pytest.raises(PlannerError):
        E.apply_edit(new, E.CreateTerritory(fresh))
    members = _ids(base, "T02")
    gone, changes = roundtrip(_with_schedule(base), E.DeleteTerritory("T02"))
    assert "T02" not in gone.territory_ids
    assert (gone.customers.set_index(m.CUSTOMER_ID).loc[members, m.TERRITORY] == "").all()
    assert changes.assignment and set(changes.customer_ids or ()) == set(members)
    with pytest.raises(PlannerError):
        E.apply_edit(base, E.DeleteTerritory("T77"))


def test_undoing_a_new_territory_leaves_the_calendar_as_up_to_date_as_it_was(
    base: m.Plan,
) -> None:
    """A territory created (from the menu, or drawn) and undone: the calendar is not marked
    out of date by the undo when it was up to date before (the file unmodified)."""
    plan = _with_schedule(base)
    fresh = E.new_territory(plan, "新規エリア", home_lat=35.7, home_lon=139.7)
    new, changes = roundtrip(plan, E.CreateTerritory(fresh))
    assert new.meta[E.SCHEDULE_STALE] is False and not changes.schedule
    shape = plan.customers.geometry.iloc[5].buffer(0.02)
    drawn = E.Batch((E.CreateTerritory(fresh), E.ReshapeTerritory(fresh.id, shape)))
    new, _changes = roundtrip(plan, drawn)
    assert new.meta[E.SCHEDULE_STALE] is True  # customers moved into it


def test_a_territory_named_after_its_rep_takes_the_new_reps_name(base: m.Plan) -> None:
    """Imported territories are named after the 担当 column: a new rep renames them too (the
    map and the hand-outs named the old rep); a territory's own name stays."""
    named = tuple(t.replace(name="鈴木 一郎", rep="鈴木一郎") if t.id == "T01" else
                  t.replace(name="東京エリア", rep="佐藤 花子") if t.id == "T02" else t
                  for t in base.territories)
    plan = base.replace(territories=named)
    new, _ = roundtrip(plan, E.SetRep("T01", "高橋 次郎"))
    assert (new.territory("T01").name, new.territory("T01").rep) == ("高橋 次郎", "高橋 次郎")
    kept, _ = roundtrip(plan, E.SetRep("T02", "高橋 次郎"))
    assert (kept.territory("T02").name, kept.territory("T02").rep) == ("東京エリア", "高橋 次郎")
    emptied, _ = roundtrip(plan, E.SetRep("T01", ""))
    assert emptied.territory("T01").name == "鈴木 一郎"  # no rep: the name stays
    taken, _ = roundtrip(plan, E.SetRep("T01", "東京エリア"))  # another territory's name
    assert taken.territory("T01").name == "東京エリア 2"  # told apart, not the old rep's name


def test_field_edits_round_trip_and_validate(base: m.Plan) -> None:
    plan = _with_schedule(base)
    cases = [
        (E.RenameTerritory("T01", "新宿エリア"), "name", "新宿エリア"),
        (E.RecolorTerritory("T01", "#123456"), "color", "#123456"),
        (E.SetRep("T01", "佐々木 次郎"), "rep", "佐々木 次郎"),
        (E.SetHome("T01", 35.65, 139.70), "home_lat", 35.65),
        (E.SetCapacity("T01", 32.0), "capacity_hours", 32.0),
        (E.UpdateTerritory.of("T01", name="x", rep="y"), "rep", "y"),
        (E.UpdateTerritory.of("T01", home_lat=35.66), "home_lat", 35.66),
    ]
    for edit, field, value in cases:
        new, changes = roundtrip(plan, edit)
        assert getattr(new.territory("T01"), field) == value
        assert changes.territories
        moved_home = isinstance(edit, E.SetHome) or field == "home_lat"
        # a part-timer's weekly hours make their days: the calendar is out of date too
        assert bool(new.meta.get(E.SCHEDULE_STALE)) == (moved_home or field == "capacity_hours")
    cleared, _ = roundtrip(plan, E.SetHome("T01", None, None))
    assert not cleared.territory("T01").has_home
    for bad in (
        E.RenameTerritory("T01", "  "),
        E.RecolorTerritory("T01", "red"),
        E.SetCapacity("T01", 0.0),
        E.SetHome("T01", 10.0, 10.0),
        E.SetRep("T99", "x"),
    ):
        with pytest.raises(PlannerError):
            E.apply_edit(plan, bad)


def test_merge_territories(base: m.Plan) -> None:
    lock_id = _ids(base, "T02")[0]
    plan, _, _ = E.apply_edit(base, E.LockCustomers((lock_id,), True))
    n1, n2 = len(_ids(plan, "T01")), len(_ids(plan, "T02"))
    new, changes = roundtrip(plan, E.MergeTerritories("T01", "T02"))
    assert new.territory_ids == ["T01", "T03", "T04"]
    assert len(_ids(new, "T01")) == n1 + n2
    row = new.customers.set_index(m.CUSTOMER_ID).loc[lock_id]
    assert row[m.TERRITORY] == "T01" and row[m.LOCKED]
    union = shapely.union(base.territory("T01").boundary, base.territory("T02").boundary)
    assert new.territory("T01").boundary.area == pytest.approx(union.area)
    with pytest.raises(PlannerError):
        E.apply_edit(plan, E.MergeTerritories("T01", "T01"))


def test_merging_with_a_territory_without_a_boundary_keeps_the_drawn_one(base: m.Plan) -> None:
    """A territory made from the menu has no boundary yet: the merged one keeps T01's."""
    t02 = base.territory("T02").replace(boundary=None)
    plan = base.replace(territories=tuple(t02 if t.id == "T02" else t for t in base.territories))
    for keep, other in (("T01", "T02"), ("T02", "T01")):
        new, _ = roundtrip(plan, E.MergeTerritories(keep, other))
        assert new.territory(keep).boundary is not None
        assert new.territory(keep).boundary.equals(base.territory("T01").boundary)


def test_split_territory_balances_workload_and_keeps_locks(base: m.Plan) -> None:
    locked = _ids(base, "T03")[:6]
    plan, _, _ = E.apply_edit(base, E.LockCustomers(tuple(locked), True))
    new, changes = roundtrip(plan, E.SplitTerritory("T03", name="分割"))
    assert new.territory_ids == ["T01", "T02", "T03", "T05", "T04"]
    half = new.territory("T05")
    assert half.name == "分割" and changes.assignment
    assert set(locked) <= set(_ids(new, "T03"))
    assert len(_ids(new, "T03")) + len(_ids(new, "T05")) == len(_ids(plan, "T03"))
    metrics = territory_metrics(new)
    w3, w5 = (
        metrics.loc["T03", "workload_hours_per_week"],
        metrics.loc["T05", "workload_hours_per_week"],
    )
    assert abs(w3 - w5) / max(w3, w5) < 0.15
    # the halves' boundaries partition the old one
    old = plan.territory("T03").boundary
    b3, b5 = new.territory("T03").boundary, half.boundary
    assert shapely.intersection(b3, b5).area == pytest.approx(0, abs=1e-9)
    assert b3.area + b5.area == pytest.approx(old.area, rel=1e-6)
    with pytest.raises(PlannerError):
        E.apply_edit(plan, E.SplitTerritory("T03", new_id="T01"))
    # customers all at one place cannot be split
    c = plan.customers.copy()
    c.loc[c[m.TERRITORY] == "T01", [m.LAT, m.LON]] = (35.6, 139.7)
    same_place = plan.replace(customers=m.set_points(c))
    with pytest.raises(PlannerError, match="one place"):
        E.apply_edit(same_place, E.SplitTerritory("T01"))


def test_reshape_territory_moves_customers_and_trims_neighbours(base: m.Plan) -> None:
    t1 = base.territory("T01").boundary
    # grow T01 by a disc around a T02 customer and keep one T02 customer there locked
    c = base.customers
    t2_rows = c[c[m.TERRITORY] == "T02"]
    centre = t2_rows.geometry.iloc[0]
    grab = shapely.union(t1, centre.buffer(0.03))
    inside = shapely.contains_xy(grab, t2_rows[m.LON], t2_rows[m.LAT])
    assert inside.sum() >= 3
    keep = t2_rows.loc[inside, m.CUSTOMER_ID].iloc[0]
    plan, _, _ = E.apply_edit(base, E.LockCustomers((keep,), True))
    new, changes = roundtrip(plan, E.ReshapeTerritory("T01", grab))
    moved = set(t2_rows.loc[inside, m.CUSTOMER_ID]) - {keep}
    assert moved <= set(_ids(new, "T01"))
    assert keep in _ids(new, "T02")
    assert shapely.intersection(new.territory("T02").boundary, grab).area == pytest.approx(
        0, abs=1e-9
    )
    assert changes.territories and changes.assignment
    assert set(changes.customer_ids or ()) == moved


def test_batch_is_one_step(base: m.Plan) -> None:
    fresh = E.new_territory(base, "新規")
    ids = tuple(_ids(base, "T04")[:4])
    batch = E.Batch((E.CreateTerritory(fresh), E.AssignCustomers.to(ids, fresh.id)), "描く")
    new, changes = roundtrip(base, batch)
    assert set(_ids(new, fresh.id)) == set(ids)
    assert changes.territories and changes.assignment
    assert batch.describe() == "描く"


def test_drawing_a_new_territory_is_create_plus_reshape(base: m.Plan) -> None:
    c = base.customers
    centre = c.loc[c[m.TERRITORY] == "T02"].geometry.iloc[3]
    shape = centre.buffer(0.04)
    fresh = E.new_territory(base, "描いたエリア")
    batch = E.Batch((E.CreateTerritory(fresh), E.ReshapeTerritory(fresh.id, shape)))
    new, changes = roundtrip(base, batch)
    inside = shapely.intersects_xy(shape, c[m.LON], c[m.LAT])
    assert set(_ids(new, fresh.id)) == set(c.loc[inside, m.CUSTOMER_ID])
    for t in new.territories:
        if t.id != fresh.id and t.boundary is not None:
            assert shapely.intersection(t.boundary, shape).area == pytest.approx(0, abs=1e-9)
    assert changes.territories and changes.assignment


def test_undo_texts_name_territories_as_the_manager_knows_them(base: m.Plan) -> None:
    """The Edit menu says "Undo Merge 練馬エリア and T02", not "Merge T01 and T02" (the id
    only for a territory without a name)."""
    named = base.territory("T01").replace(name="練馬エリア")
    unnamed = base.territory("T02").replace(name="")
    plan = base.replace(territories=(named, unnamed, *base.territories[2:]))
    merge = E.MergeTerritories("T01", "T02")
    assert merge.describe_for(plan) == E.MergeTerritories("練馬エリア", "T02").describe()
    assert "練馬エリア" in E.Batch((E.SplitTerritory("T01"),)).describe_for(plan)
    assert E.DeleteTerritory("T02").describe_for(plan) == E.DeleteTerritory("T02").describe()


def test_an_assignment_undo_names_the_territory_it_went_to(base: m.Plan) -> None:
    """「3件の顧客を練馬エリアに割り当て」 in the Edit menu, not only 「…をテリトリーに割り当て」;
    customers sent to several territories keep the general text."""
    named = base.territory("T01").replace(name="練馬エリア")
    plan = base.replace(territories=(named, *base.territories[1:]))
    ids = tuple(plan.customers[m.CUSTOMER_ID].iloc[:3])
    text = E.AssignCustomers.to(ids, "T01").describe_for(plan)
    assert "練馬エリア" in text and "3" in text
    mixed = E.AssignCustomers(ids, ("T01", "T02", "T01"))
    assert mixed.describe_for(plan) == mixed.describe()
    assert E.Batch((E.AssignCustomers.to(ids, "T01"),)).describe_for(plan) == text


def test_a_second_territory_of_the_same_name_is_refused(base: m.Plan) -> None:
    name = base.territory("T01").name
    with pytest.raises(PlannerError, match="already called"):
        E.apply_edit(base, E.RenameTerritory("T02", f" {name}"))
    same, _, _ = E.apply_edit(base, E.RenameTerritory("T01", name))  # its own name: no change
    assert same.territory("T01").name == name


def test_splitting_twice_names_the_new_halves_apart(base: m.Plan) -> None:
    name = base.territory("T03").name
    once, _, _ = E.apply_edit(base, E.SplitTerritory("T03"))
    twice, _, _ = E.apply_edit(once, E.SplitTerritory("T03"))
    names = [t.name for t in twice.territories]
    assert len(names) == len(set(names))
    assert {f"{name} 2", f"{name} 3"} <= set(names)
    assert E.free_name(twice, names[0]) != names[0] and E.free_name(twice, "新しい") == "新しい"


def test_the_half_split_off_a_territory_without_a_name_is_named_after_its_id(
    base: m.Plan,
) -> None:
    """An older plan's territory without a name: the new half is "T03 2", not " 2" (the undo
    menu said "Merge  2 and …")."""
    nameless = base.replace(territories=tuple(
        t.replace(name="") if t.id == "T03" else t for t in base.territories))
    once, _, _ = E.apply_edit(nameless, E.SplitTerritory("T03"))
    assert once.territories[3].name == "T03 2"


def test_every_territory_undo_text_quotes_the_name_alike_in_japanese(
    base: m.Plan, japanese: None
) -> None:
    """「テリトリー「テリトリー4」を作成」 beside 「テリトリー テリトリー4 の名前を変更」 and
    「テリトリー 新宿エリアの色を変更」: every territory's undo text now quotes it 「…」."""
    plan = base.replace(territories=(base.territory("T01").replace(name="新宿エリア"),
                                     *base.territories[1:]))
    other = plan.territory("T02").name
    texts = [e.describe_for(plan) for e in (
        E.CreateTerritory(plan.territory("T01")), E.DeleteTerritory("T01"),
        E.RenameTerritory("T01", "x"), E.RecolorTerritory("T01", "#ff0000"),
        E.SetRep("T01", "x"), E.SetHome("T01", None, None), E.SetCapacity("T01", 30.0),
        E.SetWorkingDays("T01", ("mon",)), E.SplitTerritory("T01"),
        E.ReshapeTerritory("T01", None), E.UpdateTerritory.of("T01", name="x"))]
    assert all(t.startswith("テリトリー「新宿エリア」") for t in texts), texts
    assert E.MergeTerritories("T01", "T02").describe_for(plan) == (
        f"テリトリー「新宿エリア」と「{other}」を統合")


def test_the_half_split_off_wears_a_colour_apart_from_its_parent_and_neighbours() -> None:
    """Half of a split red territory was given the palette's next free colour, dark red: the
    two halves read as one area. It now wears the free colour farthest from its parent's and
    its neighbours' colours."""
    from planner._territory_colours import lab

    plan = synthetic_plan(600, territories=10, seed=3)
    plan = plan.replace(territories=boundaries_from_assignment(plan))
    touching = [sum(o.boundary.intersects(shapely.buffer(t.boundary, 1e-4))
                    for o in plan.territories) for t in plan.territories]
    first = int(np.argmax(touching))  # red: the territory with the most neighbours
    colours = [*m.PALETTE[:9], m.PALETTE[10]]  # the next free one would be #800000
    colours[0], colours[first] = colours[first], colours[0]
    plan = plan.replace(territories=tuple(
        t.replace(color=c) for t, c in zip(plan.territories, colours, strict=True)))
    red = plan.territories[first]
    assert red.color == "#e6194b" and m.PALETTE[9] == "#800000"
    split, _, _ = E.apply_edit(plan, E.SplitTerritory(red.id))
    (half,) = [t for t in split.territories if t.id not in plan.territory_ids]
    assert half.color not in colours
    beside = [t.color for t in plan.territories
              if t.boundary.intersects(shapely.buffer(red.boundary, 1e-4))]
    assert red.color in beside and len(beside) > 1
    gap = min(float(np.linalg.norm(lab(half.color) - lab(c))) for c in beside)
    assert gap > min(float(np.linalg.norm(lab("#800000") - lab(c))) for c in beside)
    assert gap >= 25  # told apart at a glance (planner._territory_colours.DISTINCT)
