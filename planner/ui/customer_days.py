"""The customer list's "In the calendar" column: each customer's calendar days in words
(``毎週 火``), worded once per calendar and, after a hand move, again for the moved customers
only (:class:`CalendarWords`); and the calendar's visits per 4 weeks (:class:`CalendarRates`)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_dates import calendar_weeks
from planner._schedule_off import SKIPPED_KEY
from planner.calendar_rhythm import calendar_rates
from planner.compare import visit_day_texts
from planner.edits import Changes
from planner.i18n import language


def _read(plan: m.Plan) -> tuple[object, ...]:
    """What the words read besides the visits: the days the build left out, its horizon, the
    plan's cycle (compared, not by identity: an assignment copies the meta), the language
    (毎週 / weekly)."""
    meta = plan.meta or {}
    return (meta.get(SKIPPED_KEY), meta.get("schedule_weeks"), plan.settings.cycle_weeks,
            language())


def _same_ids(known: pd.Series, ids: pd.Series) -> bool:
    return known is ids or (
        len(known) == len(ids) and bool((known.to_numpy() == ids.to_numpy()).all()))


class CalendarWords:
    """Each customer's days in the calendar in words, kept for the plan they were made for."""

    def __init__(self) -> None:
        # the schedule, what else the words read, and the customers they were made for
        self._key: tuple[object, tuple[object, ...], pd.Series] = (
            None, (), pd.Series([], dtype=object))
        self._days = np.array([], dtype=object)
        self._weeks = 0  # the calendar's horizon they were worded with
        self._plan: object = None  # the plan they were last checked against

    def of(self, plan: m.Plan) -> np.ndarray:
        """The words of ``plan``'s customers (in its row order; "" without visits), worked
        out again only when the calendar (its visits, the days it left out, its start) or the
        list of customers changes: not after an assignment, a lock or a frequency, which
        change neither (0.6–0.8 s of every such edit at 100,000 customers)."""
        if self._plan is plan and self._key[1][-1:] == (language(),):
            return self._days  # asked for each cell drawn: the same plan, at once
        read = _read(plan)
        ids = plan.customers[m.CUSTOMER_ID]
        known_schedule, known_read, known_ids = self._key
        if (not _same_ids(known_ids, ids) or known_schedule is not plan.schedule
                or known_read != read):
            if plan.schedule is None or not len(plan.schedule):
                self._days = np.full(len(ids), "", dtype=object)  # no calendar: no days
            else:
                self._days = np.array(
                    visit_day_texts(plan, ids.astype(str).to_numpy()), dtype=object)
            self._key = (plan.schedule, read, ids)
            self._weeks = calendar_weeks(plan)
        self._plan = plan
        return self._days

    def reword(self, before: m.Plan, plan: m.Plan, changes: Changes,
               rows_of: Callable[[], pd.Index]) -> None:
        """After an edit from ``before`` to ``plan`` that moved only ``changes.customer_ids``'
        visits (a hand move, its undo), word those customers' days again and keep everyone
        else's: the whole list took 0.5 s at 100,000 customers. Left to :meth:`of` when the
        words were not those of ``before``, or the customers, the days left out, the horizon
        or the language changed too. ``rows_of``: the customer codes as an index."""
        ids = changes.customer_ids
        known_schedule, known_read, known_ids = self._key
        if (not changes.schedule or ids is None or self._plan is not before
                or known_schedule is plan.schedule or plan.schedule is None
                or not len(plan.schedule) or len(self._days) != len(plan.customers)):
            return
        read = _read(plan)
        customers = plan.customers[m.CUSTOMER_ID]
        if (read != known_read or calendar_weeks(plan) != self._weeks
                or not _same_ids(known_ids, customers)):
            return
        rows = rows_of().get_indexer(np.asarray(ids, dtype=object))
        rows = rows[rows >= 0]
        days = self._days.copy()
        if len(rows):
            wanted = customers.astype(str).to_numpy()[rows]
            days[rows] = np.array(visit_day_texts(plan, wanted, few=True), dtype=object)
        self._days = days
        self._key = (plan.schedule, read, customers)
        self._plan = plan


class CalendarRates:
    """Each customer's visits per 4 weeks in the calendar (:func:`calendar_rates`), for the
    frequency column to say the calendar's rhythm where it differs (6週に1回（カレンダーでは
    8週に1回）); worked out again only when the calendar or what it reads changes."""

    def __init__(self) -> None:
        self._key: tuple[object, tuple[object, ...]] = (None, ())
        self._rates: dict[str, float] = {}

    def of(self, plan: m.Plan) -> dict[str, float]:
        """Visits per 4 weeks by customer code of ``plan``'s calendar (empty without one)."""
        key = (plan.schedule, _read(plan)[:-1])
        if key[0] is not self._key[0] or key[1] != self._key[1]:
            self._rates = calendar_rates(plan)
            self._key = key
        return self._rates
