"""The calendar's days of a territory deleted (or merged away) since it was built: the
calendar still shows them (a former territory), so removing one of its customers or moving
its visits routes those days again, without the territory's record."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from planner import model as m
from planner.edits import DeleteTerritory, MergeTerritories, MoveVisits, RemoveCustomers, apply_edit
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def built() -> m.Plan:
    plan = synthetic_plan(40, territories=3, seed=4)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0  # weekly: every day has visits
    settings = dataclasses.replace(plan.settings, start_date="2027-06-07")
    return build_schedule(plan.replace(customers=c, settings=settings))


def _busy_day(plan: m.Plan, territory: str) -> pd.DataFrame:
    s = plan.schedule
    assert s is not None
    mine = s[(s["territory"] == territory) & (s["week"] == 1)]
    day = mine.groupby("day").size().idxmax()
    return mine[mine["day"] == day].sort_values("seq")


@pytest.mark.parametrize("gone", [DeleteTerritory("T02"), MergeTerritories("T01", "T02")])
def test_removing_a_customer_of_a_former_territory_routes_its_day_again(built, gone):
    plan = apply_edit(built, gone)[0]
    assert "T02" not in plan.territory_ids and (plan.schedule["territory"] == "T02").any()
    day = _busy_day(plan, "T02")
    leaving = str(day["customer_id"].iloc[1])
    new, inverse, _ = apply_edit(plan, RemoveCustomers((leaving,)))
    s = new.schedule
    after = s[(s["territory"] == "T02") & (s["week"] == 1) & (s["day"] == day["day"].iloc[0])]
    assert list(after["customer_id"]) == [c for c in day["customer_id"] if c != leaving]
    assert list(after["seq"]) == list(range(1, len(after) + 1))
    assert after["arrival"].iloc[0] >= plan.settings.day_start  # from the plan's start
    back = apply_edit(new, inverse)[0]
    pd.testing.assert_frame_equal(back.schedule, plan.schedule)


def test_moving_visits_of_a_former_territory_and_undoing_it(built):
    plan = apply_edit(built, DeleteTerritory("T02"))[0]
    day = _busy_day(plan, "T02")
    src = str(day["day"].iloc[0])
    target = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d != src)
    cid = str(day["customer_id"].iloc[0])
    new, inverse, _ = apply_edit(plan, MoveVisits((cid,), (1, src), (1, target)))
    s = new.schedule
    assert set(s.loc[s["customer_id"] == cid, "day"]) == {target}
    back = apply_edit(new, inverse)[0]
    pd.testing.assert_frame_equal(back.schedule, plan.schedule)
    pd.testing.assert_frame_equal(pd.DataFrame(back.customers.drop(columns="geometry")),
                                  pd.DataFrame(plan.customers.drop(columns="geometry")))
