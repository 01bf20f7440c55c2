"""Hand edits of the calendar: moving customers' visits to another day, and undoing it."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner.edits import MoveVisits, apply_edit
from planner.errors import PlannerError
from planner.routing import parse_clock
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

KEY = ["territory", "week", "day"]


@pytest.fixture(scope="module")
def built() -> m.Plan:
    """80 customers, two reps: weekly, twice a week, every 2 and every 4 weeks; dates set."""
    plan = synthetic_plan(80, territories=2, seed=5)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4.0, 2.0, 1.0, 2.0, 8.0]), len(c))
    c[m.SERVICE_MINUTES] = 20.0
    settings = dataclasses.replace(plan.settings, start_date="2027-04-05")
    return build_schedule(plan.replace(customers=c, settings=settings))


def _visits(plan: m.Plan, cid: str) -> list[tuple[int, str]]:
    s = plan.schedule
    assert s is not None
    rows = s[s["customer_id"] == cid]
    return sorted(zip(rows["week"].astype(int), rows["day"], strict=True))


def _customer(plan: m.Plan, freq: float) -> tuple[str, int, str]:
    """A customer of that frequency and its first visit (week, day)."""
    s = plan.schedule
    assert s is not None
    c = plan.customers.set_index(m.CUSTOMER_ID)
    for rec in s.sort_values(["week", "seq"]).itertuples(index=False):
        if c.loc[rec.customer_id, m.FREQUENCY] == freq:
            return str(rec.customer_id), int(rec.week), str(rec.day)
    raise AssertionError(f"no customer visited {freq} times in 4 weeks")


def _other_day(day: str, avoid: set[str] = frozenset()) -> str:  # type: ignore[assignment]
    return next(d for d in ("mon", "tue", "wed", "thu", "fri") if d != day and d not in avoid)


def _day(plan: m.Plan, territory: str, week: int, day: str) -> pd.DataFrame:
    s = plan.schedule
    assert s is not None
    return s[(s["territory"] == territory) & (s["week"] == week) & (s["day"] == day)]


def test_moving_an_every_two_weeks_customer_moves_its_series_and_reroutes_both_days(built):
    cid, week, day = _customer(built, 2.0)
    before = _visits(built, cid)
    assert {d for _w, d in before} == {day} and len(before) == len(
        {w for w, _d in before}
    )
    target = _other_day(day)
    territory = str(built.customers.set_index(m.CUSTOMER_ID).loc[cid, m.TERRITORY])
    new, inverse, changes = apply_edit(built, MoveVisits((cid,), (week, day), (week, target)))

    assert _visits(new, cid) == sorted((w, target) for w, _d in before)  # same weeks, new day
    assert changes.schedule and changes.customer_ids == (cid,)
    start = parse_clock(built.settings.day_start)
    for w, d in {(w, day) for w, _ in before} | {(w, target) for w, _ in before}:
        rows = _day(new, territory, w, d).sort_values("seq")
        assert list(rows["seq"]) == list(range(1, len(rows) + 1))  # routed again, numbered
        first = parse_clock(rows["arrival"].iloc[0])
        assert first == pytest.approx(start + rows["travel_minutes"].iloc[0], abs=1.0)
        assert (rows["return_km"].iloc[:-1] == 0).all() and rows["return_km"].iloc[-1] > 0
        assert rows["day_hours"].nunique() == 1
    # every other day is exactly as it was
    touched = {(territory, w, d) for w, _ in before for d in (day, target)}
    old = built.schedule.set_index(KEY).sort_index()
    now = new.schedule.set_index(KEY).sort_index()
    others = [k for k in old.index.unique() if k not in touched]
    pd.testing.assert_frame_equal(
        old.loc[others].reset_index().sort_values(["territory", "week", "day", "seq"]).reset_index(
            drop=True
        ),
        now.loc[others].reset_index().sort_values(["territory", "week", "day", "seq"]).reset_index(
            drop=True
        ),
    )
    # the dates follow the day: 2027-04-05 is week 1's Monday
    moved = new.schedule[new.schedule["customer_id"] == cid]
    first_monday = pd.Timestamp("2027-04-05")
    for rec in moved.itertuples(index=False):
        offset = pd.Timedelta(weeks=int(rec.week) - 1, days=m.WEEKDAYS.index(rec.day))
        assert rec.date == (first_monday + offset).date().isoformat()
    back, _, _ = apply_edit(new, inverse)
    pd.testing.assert_frame_equal(back.schedule, built.schedule)


def test_an_every_four_weeks_customer_can_move_to_another_week(built):
    cid, week, day = _customer(built, 1.0)
    before = _visits(built, cid)
    weeks = int(built.meta["schedule_weeks"])
    target_week = week % weeks + 1
    new, _, _ = apply_edit(built, MoveVisits((cid,), (week, day), (target_week, day)))
    assert _visits(new, cid) == sorted(((w % weeks) + 1, day) for w, _d in before)
    assert len(new.schedule) == len(built.schedule)  # nothing lost, nothing doubled


def test_a_twice_a_week_customer_moves_only_the_visits_of_that_day(built):
    # one whose visits no holiday (Showa Day, Thu 4/29, in week 4) moved to a third weekday
    s = built.schedule
    c = built.customers.set_index(m.CUSTOMER_ID)
    twice = s[s["customer_id"].map(c[m.FREQUENCY]) == 8.0]
    cid = next(i for i, days in twice.groupby("customer_id")["day"] if days.nunique() == 2)
    week, day = _visits(built, cid)[0]
    before = _visits(built, cid)
    its_days = {d for _w, d in before}
    assert len(its_days) == 2
    target = _other_day(day, its_days)
    new, _, _ = apply_edit(built, MoveVisits((cid,), (week, day), (week, target)))
    after = _visits(new, cid)
    assert {d for _w, d in after} == (its_days - {day}) | {target}
    assert len(after) == len(before)
    # onto its other weekday: refused, the plan untouched
    (other,) = its_days - {day}
    with pytest.raises(PlannerError, match="already have a visit"):
        apply_edit(built, MoveVisits((cid,), (week, day), (week, other)))


def test_moves_that_cannot_be_done_are_one_sentence(built):
    cid, week, day = _customer(built, 4.0)
    not_there = _other_day(day)
    with pytest.raises(PlannerError, match="None of these customers"):
        apply_edit(built, MoveVisits((cid,), (week, not_there), (week, day)))
    with pytest.raises(PlannerError, match="no day"):
        apply_edit(built, MoveVisits((cid,), (week, day), (week, "sun")))
    with pytest.raises(PlannerError, match="no day"):
        apply_edit(built, MoveVisits((cid,), (week, day), (99, day)))
    with pytest.raises(PlannerError, match="no calendar"):
        apply_edit(built.replace(schedule=None), MoveVisits((cid,), (week, day), (week, day)))


def test_a_holiday_moved_visit_placed_by_hand_is_no_longer_a_holidays_move(built):
    s = built.schedule
    moved = s[s["moved_from"] != ""]
    assert len(moved)  # Showa Day (Thu 4/29) moved some visits
    rec = moved.iloc[0]
    target = _other_day(rec.day, {"thu", *s.loc[(s.customer_id == rec.customer_id)
                                                & (s.week == rec.week), "day"]})
    new, inverse, _ = apply_edit(
        built, MoveVisits((rec.customer_id,), (int(rec.week), rec.day), (int(rec.week), target)))
    mine = new.schedule[(new.schedule.customer_id == rec.customer_id)
                        & (new.schedule.week == rec.week)]
    assert list(mine["day"]) == [target] and list(mine["moved_from"]) == [""]
    back, _, _ = apply_edit(new, inverse)
    pd.testing.assert_frame_equal(back.schedule, built.schedule)


def test_a_visit_is_never_moved_by_hand_onto_a_holiday_or_a_day_off(built):
    s = built.schedule
    weekly = s[(s["week"] == 4) & (s["day"] != "thu")]
    c = built.customers.set_index(m.CUSTOMER_ID)
    rec = next(r for r in weekly.itertuples(index=False)
               if c.loc[r.customer_id, m.FREQUENCY] == 4.0)
    move = MoveVisits((rec.customer_id,), (4, rec.day), (4, "thu"))  # Thu 4/29: Showa Day
    with pytest.raises(PlannerError, match="4/29 .*the visits were not moved"):
        apply_edit(built, move)
    rep_off = built.territory(rec.territory).replace(days_off=("2027-04-07",))  # Wed, week 1
    plan = built.replace(territories=tuple(
        rep_off if t.id == rec.territory else t for t in built.territories))
    day1 = s[(s["customer_id"] == rec.customer_id) & (s["week"] == 1)].iloc[0]["day"]
    assert day1 != "wed"
    with pytest.raises(PlannerError, match="4/7 .*Day off"):
        apply_edit(plan, MoveVisits((rec.customer_id,), (1, day1), (1, "wed")))


def test_a_weekly_customer_moved_onto_a_weekday_with_a_holiday_keeps_that_weeks_day(built):
    """Moved to Thursdays while Thursday 4/29 (week 4) is Showa Day: that week's visit stays
    on its day, noted as moved off 4/29 (it went out on the holiday before)."""
    s = built.schedule
    c = built.customers.set_index(m.CUSTOMER_ID)
    rec = next(r for r in s[(s.week == 1) & (s.day != "thu")].itertuples(index=False)
               if c.loc[r.customer_id, m.FREQUENCY] == 4.0
               and not (s[s.customer_id == r.customer_id].day == "thu").any())
    new, inverse, _ = apply_edit(built, MoveVisits((rec.customer_id,), (1, rec.day), (1, "thu")))
    mine = new.schedule[new.schedule.customer_id == rec.customer_id].sort_values("week")
    assert not ((mine.week == 4) & (mine.day == "thu")).any()  # never on the holiday
    assert list(mine.loc[mine.week != 4, "day"]) == ["thu"] * 3
    (kept,) = mine[mine.week == 4].itertuples(index=False)
    assert kept.day == rec.day and kept.moved_from == "2027-04-29"
    assert c.loc[rec.customer_id, m.VISIT_DAYS] != "thu"
    assert new.customers.set_index(m.CUSTOMER_ID).at[rec.customer_id, m.VISIT_DAYS] == "thu"
    back, _, _ = apply_edit(new, inverse)
    pd.testing.assert_frame_equal(back.schedule, built.schedule)


def test_moving_a_customer_moves_the_visit_a_holiday_moved_off_its_day_too(built):
    """A Thursday customer seen on another day of week 4 (4/29 is Showa Day), moved to
    another weekday: the whole series moves, that visit included, no longer a holiday's."""
    s = built.schedule
    rec = next(r for r in s[s.moved_from == "2027-04-29"].itertuples(index=False)
               if ((s.customer_id == r.customer_id) & (s.day == "thu")).any())
    first = s[(s.customer_id == rec.customer_id) & (s.day == "thu")].week.min()
    target = _other_day("thu", set(s.loc[s.customer_id == rec.customer_id, "day"]))
    new, _, _ = apply_edit(built, MoveVisits((rec.customer_id,), (int(first), "thu"),
                                             (int(first), target)))
    mine = new.schedule[new.schedule.customer_id == rec.customer_id]
    assert set(mine.day) == {target} and (mine.moved_from == "").all()
    assert (4, target) in set(zip(mine.week.astype(int), mine.day, strict=True))


def test_the_visit_a_closed_date_holds_back_does_not_pin_the_old_day(built):
    """Every 2 weeks, weeks 2 and 4, moved to Thursdays: week 4's Thursday is Showa Day, so
    that visit stays on its day; the customer's visit day is Thursday all the same (one
    Thursday and one held-back visit tied, and the old day won, undoing the move at the next
    rebuild)."""
    s = built.schedule
    c = built.customers.set_index(m.CUSTOMER_ID)
    cid, day = next((cid, str(g.day.iloc[0])) for cid, g in s.groupby("customer_id")
                    if c.loc[cid, m.FREQUENCY] == 2.0 and sorted(g.week) == [2, 4]
                    and g.day.nunique() == 1 and g.day.iloc[0] in ("mon", "tue", "wed"))
    new, _, _ = apply_edit(built, MoveVisits((cid,), (2, day), (2, "thu")))
    assert new.customers.set_index(m.CUSTOMER_ID).at[cid, m.VISIT_DAYS] == "thu"


def test_a_moved_customer_takes_its_visit_left_out_on_a_closed_day_along():
    """A Monday customer seen weekly whose week-4 visit a closed week left out, moved to
    Tuesdays by hand: the left-out visit is Tuesday's of that week now (its visit days read
    毎週 火, and the rep tells the customer that Tuesday has no visit, not the Monday)."""
    from planner._schedule_keep import pattern_visits
    from planner._schedule_off import advance_notice, skipped_visits

    plan = synthetic_plan(30, territories=1, seed=3)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    c[m.SERVICE_MINUTES] = 20.0
    week4 = tuple(f"2027-04-{d}" for d in (26, 27, 28, 29, 30))  # Mon–Fri of week 4
    settings = dataclasses.replace(plan.settings, start_date="2027-04-05",
                                   company_days_off=week4)
    built = build_schedule(plan.replace(customers=c, settings=settings))
    s = built.schedule
    skipped = skipped_visits(built)
    cid = next(str(r.customer_id) for r in s[(s.week == 1) & (s.day == "mon")].itertuples()
               if "2027-04-26" in set(skipped.loc[skipped.customer_id == r.customer_id, "date"]))
    new, inverse, _ = apply_edit(built, MoveVisits((cid,), (1, "mon"), (1, "tue")))
    mine = skipped_visits(new)
    assert list(mine.loc[mine.customer_id == cid, "date"]) == ["2027-04-27"]
    days = pattern_visits(new)
    assert set(days.loc[days.customer_id == cid, "day"]) == {"tue"}
    told = [v for label, v in advance_notice(new).items()
            if new.schedule.at[label, "customer_id"] == cid]
    assert told == [[("skipped", "", "2027-04-27")]]
    back, _, _ = apply_edit(new, inverse)
    assert back.meta == built.meta
    # Friday 4/30 open again (the closure shortened since the build): moved to Fridays, the
    # visit left out on Monday 4/26 is back in the calendar on 4/30
    opened = built.replace(settings=dataclasses.replace(settings, company_days_off=week4[:4]))
    friday, _, _ = apply_edit(opened, MoveVisits((cid,), (1, "mon"), (1, "fri")))
    assert cid not in set(skipped_visits(friday)["customer_id"])
    assert _visits(friday, cid) == [(1, "fri"), (2, "fri"), (3, "fri"), (4, "fri")]
    week4_fri = _day(friday, str(s.loc[s.customer_id == cid, "territory"].iloc[0]), 4, "fri")
    assert list(week4_fri["seq"]) == list(range(1, len(week4_fri) + 1))
