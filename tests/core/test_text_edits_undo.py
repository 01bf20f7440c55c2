"""Closing days, visit days, visit week, visiting hours or a position set and undone: the undo puts back
each customer's value exactly as the plan had it, even one typed in another program that the
edit itself would refuse or write another way (土日, 日,土, 午前, 第2週)."""

from __future__ import annotations

import pytest

from planner import edits as E
from planner import model as m
from planner.errors import PlannerError
from planner.synthetic import synthetic_plan
from tests.core.test_edits import roundtrip


@pytest.mark.parametrize(
    ("kind", "column", "was", "typed", "stored"),
    [
        (E.SetClosedDays, m.CLOSED_DAYS, "土日", "wed", "wed"),
        (E.SetClosedDays, m.CLOSED_DAYS, "sun,sat", "sun,wed", "wed,sun"),
        (E.SetVisitDays, m.VISIT_DAYS, "thu,mon", "tue", "tue"),
        (E.SetVisitTime, m.VISIT_TIME, "午前", "14時以降", "14:00-"),
        (E.SetVisitWeek, m.VISIT_WEEK, "第2週", "1", "1"),
    ],
)
def test_undo_puts_back_a_value_as_the_plan_had_it(kind, column, was, typed, stored) -> None:
    plan = synthetic_plan(12, territories=2, seed=3)
    c = plan.customers.copy()
    c.loc[0, column] = was  # a plan file edited in another program
    plan = plan.replace(customers=c)
    ids = tuple(c[m.CUSTOMER_ID][:2])
    new, _changes = roundtrip(plan, kind.to(ids, typed))  # undone exactly, and redone
    assert list(new.customers[column][:2]) == [stored, stored]  # typed: in its stored form


def test_undo_of_a_move_puts_back_a_position_outside_japan(english) -> None:
    """A plan file edited in another program (latitude and longitude swapped): the pin
    dragged to its place and undone gives the position back, not a refusal."""
    plan = synthetic_plan(12, territories=2, seed=3)
    c = plan.customers.copy()
    c.loc[0, [m.LAT, m.LON]] = (139.7, 35.6)
    plan = plan.replace(customers=m.set_points(c))
    roundtrip(plan, E.MoveCustomer(str(c[m.CUSTOMER_ID][0]), 35.6, 139.7))
    with pytest.raises(PlannerError, match="outside Japan"):
        E.apply_edit(plan, E.MoveCustomer(str(c[m.CUSTOMER_ID][0]), 139.7, 35.6))
