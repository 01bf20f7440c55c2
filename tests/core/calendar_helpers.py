"""Helpers shared by the calendar tests of visit days and visit weeks (hand moves)."""

from __future__ import annotations

import pandas as pd

from planner import model as m


def free_customer(plan: m.Plan, freq: float) -> str:
    """A customer of frequency ``freq`` with no visit days and no closing days."""
    c = plan.customers.set_index(m.CUSTOMER_ID)
    return next(
        cid
        for cid in c.index
        if c.loc[cid, m.FREQUENCY] == freq
        and not c.loc[cid, m.VISIT_DAYS]
        and not c.loc[cid, m.CLOSED_DAYS]
    )


def assert_customers_and_schedule_equal(a: m.Plan, b: m.Plan) -> None:
    """The two plans have the same customer table, calendar and meta."""
    pd.testing.assert_frame_equal(
        pd.DataFrame(a.customers.drop(columns="geometry")),
        pd.DataFrame(b.customers.drop(columns="geometry")),
    )
    pd.testing.assert_frame_equal(a.schedule, b.schedule)
    assert a.meta == b.meta
