"""The days offered for a one-off move (「別の日に移動（この日だけ）…」) are exactly the days
:class:`planner.edits.MoveVisitsOnce` takes the visit to; the others say why not."""

from __future__ import annotations

import dataclasses

import pytest

from planner import model as m
from planner.edits import MoveVisitsOnce, apply_edit
from planner.errors import PlannerError
from planner.move_choices import once_choices
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


def small_plan() -> m.Plan:
    """20 weekly customers of one rep, 12/7–1/1: the rep off on Fri 12/18, the company closed
    12/29–12/31, New Year's Day a holiday (no visits)."""
    plan = synthetic_plan(20, territories=1, seed=5)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    c[m.SERVICE_MINUTES] = 40.0
    c[m.CLOSED_DAYS] = ""
    c[m.VISIT_DAYS] = ""
    settings = dataclasses.replace(
        plan.settings, start_date="2026-12-07",
        company_days_off=("2026-12-29", "2026-12-30", "2026-12-31"))
    t = dataclasses.replace(plan.territories[0], days_off=("2026-12-18",))
    plan = plan.replace(customers=c, settings=settings, territories=[t])
    return build_schedule(plan, weeks=4, route_seconds=0.01)


def tuesday_shop(plan: m.Plan) -> tuple[m.Plan, str]:
    """A customer seen on the Tuesday of week 2 (12/15), now closed on Wednesdays."""
    s = plan.schedule
    assert s is not None
    cid = str(s[(s.week == 2) & (s.day == "tue")].sort_values("seq").customer_id.iloc[0])
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == cid, m.CLOSED_DAYS] = "wed"
    return plan.replace(customers=c), cid


@pytest.fixture(scope="module")
def shop() -> tuple[m.Plan, str]:
    return tuesday_shop(small_plan())


def test_a_day_offered_is_a_day_the_move_takes_and_a_day_refused_is_refused(shop) -> None:
    plan, cid = shop
    choices = once_choices(plan, "T01", [cid], (2, "tue"))
    assert [c.date for c in choices] == sorted(c.date for c in choices)
    for c in choices:
        if (c.week, c.day) == (2, "tue"):
            assert not c.choosable and c.has_visit
            continue
        edit = MoveVisitsOnce((cid,), (2, "tue"), (c.week, c.day))
        if c.choosable:
            apply_edit(plan, edit)
        else:
            with pytest.raises(PlannerError):
                apply_edit(plan, edit)


def test_without_dates_the_picker_says_how_to_give_them(shop) -> None:
    plan, cid = shop
    undated = plan.replace(settings=dataclasses.replace(plan.settings, start_date=""))
    with pytest.raises(PlannerError, match="give week 1 a date"):
        once_choices(undated, "T01", [cid], (2, "tue"))


def test_a_day_the_rep_does_not_work_has_no_hours_to_show(shop) -> None:
    """The rep's day off, the company's days off and a holiday: not worked, so their "0.0 h"
    is not shown; the customer's closing day is a working day of the rep's (hours shown)."""
    plan, cid = shop
    choices = {c.date: c for c in once_choices(plan, "T01", [cid], (2, "tue"))}
    off = {"2026-12-18", "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01"}
    assert {d for d, c in choices.items() if not c.works} == off
    assert {d for d, c in choices.items() if not c.shows_hours} == off
    assert choices["2026-12-16"].reason and choices["2026-12-16"].shows_hours
    # the rep now works Mon–Thu: the Fridays still holding visits show them, the reason says why
    t = dataclasses.replace(plan.territories[0], working_days=("mon", "tue", "wed", "thu"))
    fewer = {c.date: c for c in once_choices(plan.replace(territories=[t]), "T01", [cid],
                                             (2, "tue"))}
    friday = fewer["2026-12-11"]
    assert not friday.works and friday.hours > 0 and friday.shows_hours
    assert not friday.choosable


def test_each_day_offered_says_how_long_it_becomes_and_the_move_keeps_to_it(shop) -> None:
    """The picker showed only the hours planned now: a manager could not see whether the
    day still fits with the visit. Each day offered carries its hours after the move; the
    day the move makes is no longer than that (the route is ordered again, seldom longer)."""
    from planner.stats import day_summary

    plan, cid = shop
    offered = [c for c in once_choices(plan, "T01", [cid], (2, "tue")) if c.choosable]
    assert offered
    for c in offered:
        assert c.after is not None and c.after > c.hours  # a visit adds its time at least
        assert c.after - c.hours >= 40 / 60 - 1e-9  # the visit's 40 minutes, and driving
        moved, _inverse, _changes = apply_edit(plan, MoveVisitsOnce((cid,), (2, "tue"),
                                                                    (c.week, c.day)))
        days = day_summary(moved, territory_id="T01")
        now = float(days[(days.week == c.week) & (days.day == c.day)].hours.iloc[0])
        assert c.hours < now <= c.after + 0.005  # the calendar keeps hours to 3 decimals
    refused = [c for c in once_choices(plan, "T01", [cid], (2, "tue")) if not c.choosable]
    assert all(c.after is None for c in refused)


def test_the_days_come_at_once_and_the_estimate_after_gives_the_same_figures(shop) -> None:
    """The picker lists :func:`day_choices` at once and fills the 移動後 column from
    :func:`with_after` in a worker: together they are :func:`once_choices`."""
    from planner.move_choices import day_choices, with_after

    plan, cid = shop
    days = day_choices(plan, "T01", [cid], (2, "tue"))
    assert all(c.after is None for c in days)
    told: list[float] = []
    after = with_after(plan, "T01", [cid], days,
                       progress=lambda f, _m: told.append(f) is None)
    assert after == once_choices(plan, "T01", [cid], (2, "tue"))
    assert len(told) == sum(c.choosable for c in days) and told == sorted(told)


def test_the_estimate_stops_when_the_picker_closes(shop) -> None:
    from planner.errors import Cancelled
    from planner.move_choices import day_choices, with_after

    plan, cid = shop
    days = day_choices(plan, "T01", [cid], (2, "tue"))
    told: list[float] = []
    with pytest.raises(Cancelled):
        with_after(plan, "T01", [cid], days, progress=lambda f, _m: told.append(f) or f < 0.3)
    assert 1 < len(told) < sum(c.choosable for c in days)
