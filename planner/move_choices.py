"""The days a visit can be moved to for one day only (「別の日に移動（この日だけ）…」).

A manager reading one day's route list picks the day a visit goes to from a list of the
rep's calendar days: each with its date, the hours planned against the rep's day, and,
for a day the move would be refused on, why (the customer's closing day, the rep's day off,
a holiday, the company closed, a visit of the customer there already), and for the others
how long the day would become with the visit (:mod:`planner.move_hours`). The reasons are the
refusals of :class:`planner._calendar_once.MoveVisitsOnce`, so a day offered is a day the
move takes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from planner import model as m
from planner._calendar_once import day_text
from planner._schedule_dates import first_monday
from planner.closed_days import split_days
from planner.day_length import rep_limit
from planner.days_off import closed_cells
from planner.errors import PlannerError
from planner.i18n import tr
from planner.move_hours import added_hours
from planner.rep_days import calendar_days
from planner.stats import day_summary


@dataclass(frozen=True)
class DayChoice:
    """One day of the rep's calendar as a target of a one-off move."""

    week: int
    day: str
    date: str  # ISO
    hours: float  # planned on it now
    limit: float  # the rep's day
    has_visit: bool  # one of the customers is visited on it already
    reason: str  # why the move cannot go there ("" when it can)
    works: bool = True  # the rep works on it (not a day off, a holiday, the company closed)
    after: float | None = None  # its hours with the visits moved there (a day they can go to)

    @property
    def label(self) -> str:
        """``12/17(木)``."""
        return day_text(self.date)

    @property
    def choosable(self) -> bool:
        return not self.reason

    @property
    def shows_hours(self) -> bool:
        """Whether its hours mean something: a day the rep works, or one with visits (a
        hand move's) all the same; a day off's "0.0 h" would only puzzle."""
        return self.works or self.hours > 0


def once_choices(
    plan: m.Plan, territory_id: str, customer_ids: Iterable[str], source: tuple[int, str]
) -> list[DayChoice]:
    """Every day of rep ``territory_id``'s calendar in date order, as a target for moving
    ``customer_ids``' visits of ``source`` ((week, day)) for that day only, with how long
    each day they can go to would become (:func:`day_choices`, then :func:`with_after`)."""
    ids = [str(c) for c in customer_ids]
    return with_after(plan, territory_id, ids, day_choices(plan, territory_id, ids, source))


def day_choices(
    plan: m.Plan, territory_id: str, customer_ids: Iterable[str], source: tuple[int, str]
) -> list[DayChoice]:
    """:func:`once_choices` without the hours after the move (``after`` is ``None``): the
    days and their reasons at once, the slow estimate left to :func:`with_after`."""
    s = plan.schedule
    monday = first_monday(plan.settings)
    if s is None or s.empty:
        raise PlannerError(tr("There is no calendar yet: build it first."))
    if monday is None:
        raise PlannerError(tr("The calendar has no dates: give week 1 a date (Schedule → Build "
                              "calendar…) to move a visit for one day only."))
    ids = {str(c) for c in customer_ids}
    weeks = int((plan.meta or {}).get("schedule_weeks") or s["week"].max())
    mine = s[s["territory"].astype(str) == territory_id]
    working = set(calendar_days(plan, territory_id))
    days = [d for d in m.WEEKDAYS if d in working or d in set(mine["day"].astype(str))]
    c = plan.customers
    chosen = c[c[m.CUSTOMER_ID].astype(str).isin(ids)]
    closing = set().union(*(split_days(v) for v in chosen[m.CLOSED_DAYS])) if len(chosen) else set()
    held = set(zip(s.loc[s["customer_id"].astype(str).isin(ids), "week"].astype(int),
                   s.loc[s["customer_id"].astype(str).isin(ids), "day"].astype(str), strict=True))
    table = day_summary(plan, territory_id=territory_id)
    hours = {(int(w), str(d)): float(h) for w, d, h in
             zip(table["week"], table["day"], table["hours"], strict=True)}
    known = territory_id in plan.territory_ids
    limit = rep_limit(plan, territory_id) if known else plan.settings.day_hours
    closed = closed_cells(plan.territory(territory_id), plan.settings, weeks,
                          m.WEEKDAYS) if known else {}
    out = []
    for week in range(1, weeks + 1):
        for day in days:
            date = monday + dt.timedelta(weeks=week - 1, days=m.WEEKDAYS.index(day))
            shut = closed.get((week - 1, m.WEEKDAYS.index(day)))
            there = (week, day) in held
            if (week, day) == tuple(source):
                reason = tr("The day of the visit now")
            elif shut is not None:
                reason = shut[2]  # 休み, 休業日, the holiday's name
            elif day in closing:
                reason = tr("The customer's closing day")
            elif known and day not in working:
                reason = tr("Not a working day of the rep")
            elif there:
                reason = tr("Already visited on this day")
            else:
                reason = ""
            works = shut is None and (not known or day in working)
            out.append(DayChoice(week, day, date.isoformat(), hours.get((week, day), 0.0),
                                 limit, there, reason, works))
    return out


def with_after(
    plan: m.Plan, territory_id: str, customer_ids: Iterable[str], choices: list[DayChoice],
    progress: Callable[[float, str], bool] | None = None,
) -> list[DayChoice]:
    """``choices`` with how long each day the visits can go to would become (whether it
    still fits): up to a second or two when visiting hours make a day be ordered again, so
    the picker runs it in a worker; ``progress`` returning ``False`` stops it
    (:class:`planner.errors.Cancelled`)."""
    ids = {str(c) for c in customer_ids}
    gained = added_hours(plan, territory_id, ids,
                         [(c.week, c.day) for c in choices if c.choosable], progress=progress)
    return [replace(c, after=c.hours + gained[(c.week, c.day)])
            if (c.week, c.day) in gained else c for c in choices]
