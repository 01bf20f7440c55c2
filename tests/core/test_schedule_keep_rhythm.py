"""Rebuilding keeping the visit days after an update raised frequencies: a customer whose
new visits do not fit keeps its previous ones rather than losing them all."""

from __future__ import annotations

import numpy as np
import pytest

from planner import model as m
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.update import LAST_UPDATE_KEY


@pytest.fixture(scope="module")
def full() -> m.Plan:
    """Two territories of full days (customers left out), a tenth of them monthly."""
    plan = synthetic_plan(150, territories=2, seed=5)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 1.3
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 1, 2, 1, 1, 4, 2, 1], dtype=float), len(c))
    first = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    assert len(first.unscheduled) > 0  # no room to spare
    return first


def _visits(plan: m.Plan, cid: str) -> set[tuple[str, int, str]]:
    s = plan.schedule
    mine = s[s["customer_id"] == cid]
    return set(zip(mine["territory"], mine["week"].astype(int), mine["day"], strict=True))


def test_a_customer_visited_more_often_that_does_not_fit_keeps_its_previous_visits(
    full: m.Plan,
) -> None:
    """The tester's C000004 (4週に1回 → 隔週) was left out entirely: the kept days had no
    room for its new visits. It keeps its previous day and week at its previous rhythm, and
    the calendar's note says so; one whose new visits fit gets them."""
    c = full.customers.copy()
    visited = set(full.schedule["customer_id"])
    monthly = [cid for cid, f in zip(c[m.CUSTOMER_ID], c[m.FREQUENCY], strict=True)
               if f == 1 and cid in visited][:8]
    c.loc[c[m.CUSTOMER_ID].isin(monthly), m.FREQUENCY] = 4.0  # every week now
    plan = full.replace(customers=c, meta={**full.meta, LAST_UPDATE_KEY: {"changed": monthly}})
    set_language("en")
    again = build_schedule(plan, route_seconds=0.01, keep_days=True)
    out = set(again.unscheduled["customer_id"])
    held = [cid for cid in monthly if cid not in out and len(_visits(again, cid)) == 1]
    grown = [cid for cid in monthly if len(_visits(again, cid)) == 4]
    assert held and grown  # some fit weekly, some kept their one visit
    assert not out & set(monthly)  # none lost every visit
    for cid in held:
        assert _visits(again, cid) == _visits(full, cid)  # its day and week, as before
        assert cid in again.meta["schedule_note"]
    assert "so these" in again.meta["schedule_note"] or len(held) == 1
    assert "visiting weekly did not fit around the visit days kept" in again.meta["schedule_note"]
    told = again.meta["schedule_changed_days"]
    assert not set(held) & set(told)  # same day, week and rhythm: nothing to tell
