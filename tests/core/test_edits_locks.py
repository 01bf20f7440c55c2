"""A lock keeps a customer in its territory: a customer left without one is unlocked (delete,
assign to unassigned; undo gives both back), and the design places an old plan's customers
locked without a territory."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import edits as E
from planner import model as m
from planner.design import design_territories
from planner.geometry import boundaries_from_assignment
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan
from tests.core.test_edits import _ids, _with_schedule, roundtrip


@pytest.fixture(scope="module")
def base() -> m.Plan:
    plan = synthetic_plan(300, territories=3, seed=5)
    return plan.replace(territories=boundaries_from_assignment(plan))


def _locked(plan: m.Plan, ids: list[str]) -> list[bool]:
    return plan.customers.set_index(m.CUSTOMER_ID).loc[ids, m.LOCKED].tolist()


def _territory(plan: m.Plan, ids: list[str]) -> list[str]:
    return plan.customers.set_index(m.CUSTOMER_ID).loc[ids, m.TERRITORY].tolist()


@pytest.mark.parametrize("calendar", [False, True])
def test_deleting_a_territory_unlocks_its_customers_and_undo_locks_them_again(
    base: m.Plan, calendar: bool
) -> None:
    members = _ids(base, "T03")
    plan, _, _ = E.apply_edit(base, E.LockCustomers(tuple(members[:5])))
    plan = _with_schedule(plan) if calendar else plan
    gone, _ = roundtrip(plan, E.DeleteTerritory("T03"))  # undo restores territory and lock
    assert _territory(gone, members) == [""] * len(members)
    assert not any(_locked(gone, members))
    back, _, _ = E.apply_edit(gone, E.apply_edit(plan, E.DeleteTerritory("T03"))[1])
    assert _locked(back, members[:5]) == [True] * 5 and _territory(back, members[:5]) == ["T03"] * 5


def test_assigning_to_unassigned_unlocks_and_to_a_territory_keeps_the_lock(base: m.Plan) -> None:
    ids = _ids(base, "T01")[:6]
    plan, _, _ = E.apply_edit(base, E.LockCustomers(tuple(ids[:4])))
    loose, changes = roundtrip(plan, E.AssignCustomers.to(ids, ""))
    assert not any(_locked(loose, ids)) and changes.assignment
    moved, _ = roundtrip(plan, E.AssignCustomers.to(ids, "T02"))
    assert _locked(moved, ids) == [True] * 4 + [False] * 2  # locked to their new territory
    # an older plan's customer locked without a territory: assigning it to unassigned unlocks it
    stray = plan.replace(customers=plan.customers.assign(
        **{m.TERRITORY: plan.customers[m.TERRITORY].where(
            ~plan.customers[m.CUSTOMER_ID].isin(ids[:1]), "")}))
    fixed, _ = roundtrip(stray, E.AssignCustomers.to(ids[:1], ""))
    assert _locked(fixed, ids[:1]) == [False]


def _stray_locks(base: m.Plan) -> tuple[m.Plan, list[str]]:
    """A plan as an older version saved it: T03 deleted, its locked customers left locked."""
    members = _ids(base, "T03")
    plan, _, _ = E.apply_edit(base, E.LockCustomers(tuple(members[:5])))
    c = plan.customers.copy()
    c.loc[c[m.TERRITORY] == "T03", m.TERRITORY] = ""
    return plan.replace(customers=c,
                        territories=tuple(t for t in plan.territories if t.id != "T03")), members


def test_the_design_places_customers_locked_without_a_territory(
    base: m.Plan, tmp_path: Path
) -> None:
    old, members = _stray_locks(base)
    path = tmp_path / "old.gpkg"
    save_plan(old, path)
    opened = load_plan(path)  # such a file opens as it is
    assert _locked(opened, members[:5]) == [True] * 5
    result = design_territories(opened, count=2, balance="workload", tolerance=0.1)
    c = result.plan.customers
    assert (c[m.TERRITORY] != "").all()  # nobody left without a rep
    assert not any(_locked(result.plan, members))  # the lock meant nothing: gone


def test_locking_leaves_customers_without_a_territory_unlocked(base: m.Plan) -> None:
    ids = _ids(base, "T02")[:4]
    loose, _, _ = E.apply_edit(base, E.AssignCustomers.to(ids[:2], ""))
    locked, _ = roundtrip(loose, E.LockCustomers(tuple(ids)))
    assert _locked(locked, ids) == [False, False, True, True]
    same, _, changes = E.apply_edit(loose, E.LockCustomers(tuple(ids[:2])))
    assert same is loose and not changes.assignment  # nothing to keep them in: nothing changes
    # an older plan's stray lock: unlocking it is undone exactly (the undo's own flags)
    stray = loose.replace(customers=loose.customers.assign(
        **{m.LOCKED: loose.customers[m.CUSTOMER_ID].isin(ids[:1])}))
    unlocked, _ = roundtrip(stray, E.LockCustomers(tuple(ids[:1]), False))
    assert _locked(unlocked, ids[:1]) == [False]


def test_assigning_an_older_plans_stray_lock_is_undone_exactly(base: m.Plan) -> None:
    """A customer an older version left locked without a territory, given one and undone:
    back without a territory and still locked, as the plan had it."""
    old, members = _stray_locks(base)
    stray = members[:2]
    assert _locked(old, stray) == [True, True] and _territory(old, stray) == ["", ""]
    moved, _ = roundtrip(old, E.AssignCustomers.to(tuple(stray), "T01"))
    assert _locked(moved, stray) == [True, True] and _territory(moved, stray) == ["T01"] * 2
    calendar = _with_schedule(old)
    roundtrip(calendar, E.AssignCustomers((stray[0], members[7]), ("T02", "T01")))
