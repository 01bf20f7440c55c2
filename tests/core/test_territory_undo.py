"""A territory's field changed and undone: the undo puts back the value as the plan had it,
even one an edit would refuse today (an older plan's territory without a name, or named as
another, a colour or weekly hours typed in another program). The undo used to refuse it:
the window's undo step was taken while the plan kept the change."""

from __future__ import annotations

import pytest

from planner import edits as E
from planner import model as m
from planner.errors import PlannerError
from planner.synthetic import synthetic_plan
from tests.core.test_edits import roundtrip


def _plan_with(**first: object) -> m.Plan:
    plan = synthetic_plan(20, territories=3, seed=1)
    t = plan.territories
    fields = {k: (t[1].name if v == "<T02's name>" else v) for k, v in first.items()}
    return plan.replace(territories=(t[0].replace(**fields), *t[1:]))


@pytest.mark.parametrize(
    ("first", "edit"),
    [
        ({"name": ""}, E.RenameTerritory("T01", "北エリア")),
        ({"name": "<T02's name>"}, E.RenameTerritory("T01", "北エリア")),
        ({"name": "<T02's name>", "rep": "<T02's name>"}, E.SetRep("T01", "木村 拓也")),
        ({"color": "red"}, E.RecolorTerritory("T01", "#123456")),
        ({"capacity_hours": 0.0}, E.SetCapacity("T01", 30)),
    ],
)
def test_undo_puts_back_a_territory_field_as_the_plan_had_it(first, edit) -> None:
    plan = _plan_with(**first)
    new, _changes = roundtrip(plan, edit)  # undone exactly (and redone)
    assert new.territories[0] != plan.territories[0]


def test_a_typed_change_is_still_refused(english) -> None:
    plan = _plan_with()
    with pytest.raises(PlannerError, match="needs a name"):
        E.apply_edit(plan, E.RenameTerritory("T01", " "))
    with pytest.raises(PlannerError, match="already called"):
        E.apply_edit(plan, E.RenameTerritory("T01", plan.territories[1].name))
    with pytest.raises(PlannerError, match="colour"):
        E.apply_edit(plan, E.RecolorTerritory("T01", "red"))
