"""A design run in a process comes back in a lighter form (planner._design_transfer): the
customers' territories instead of the whole customer table, rebuilt into the same plan."""

from __future__ import annotations

import dataclasses
import pickle

from planner import model as m
from planner._design_transfer import LightDesign, design_light, lighten, restore_design
from planner.design import design_territories
from planner.synthetic import synthetic_plan


def test_the_design_comes_back_light_and_rebuilds_the_same_result() -> None:
    plan = synthetic_plan(3000, territories=5, seed=4)
    full = design_territories(plan, count=6)
    sent = design_light(plan, count=6)
    assert isinstance(sent, LightDesign)
    assert len(pickle.dumps(sent)) < len(pickle.dumps(full)) / 4  # what goes through the pipe
    back = restore_design(plan, sent)
    assert type(back.plan.customers) is type(full.plan.customers)
    assert back.plan.customers.equals(full.plan.customers)
    assert back.plan.customers.dtypes.equals(full.plan.customers.dtypes)
    assert back.plan.territories == full.plan.territories
    assert back.plan.settings == full.plan.settings and back.plan.meta == full.plan.meta
    assert back.moves.equals(full.moves) and back.metrics.equals(full.metrics)
    assert (back.max_deviation, back.cv, back.contiguous) == (
        full.max_deviation, full.cv, full.contiguous)
    assert plan.customers[m.TERRITORY].tolist() != back.plan.customers[m.TERRITORY].tolist()


def test_a_result_that_changed_more_than_territories_goes_whole() -> None:
    plan = synthetic_plan(500, territories=3, seed=4)
    result = design_territories(plan, count=4)
    customers = result.plan.customers.copy()
    customers.loc[customers.index[0], m.NAME] = "Renamed"
    changed = dataclasses.replace(result, plan=result.plan.replace(customers=customers))
    assert lighten(plan, changed) is changed
    assert restore_design(plan, changed) is changed
