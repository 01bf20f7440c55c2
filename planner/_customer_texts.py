"""The edits that set one text column of some customers: closing days (定休日), visit days
(訪問曜日), visit week (訪問週) and visiting hours (訪問時間帯). Import them from ``edits``.

A typed value is stored in its one form (``土日`` → ``sat,sun``, ``午前`` → ``-12:00``) or
refused with one sentence; the undo puts back each customer's value exactly as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Self

from planner import model as m
from planner._edit_base import Changes, Edit, _set_column, applies, mark_stale
from planner.closed_days import join_days
from planner.errors import PlannerError
from planner.i18n import tr, trn
from planner.visit_times import parse_visit_time
from planner.visit_weeks import parse_visit_week, visit_week_text


@dataclass(frozen=True)
class _SetCustomerTexts(Edit):
    """Base of the edits that set one text column of some customers, each its own value
    ("" = none); the calendar becomes stale."""

    customer_ids: tuple[str, ...]
    values: tuple[str, ...]
    schedule_stale: bool | None = None  # set by inverses: the flag to restore
    #: set by inverses: the values as the plan had them, put back as they are (a plan file
    #: edited in another program may hold 土日 or 日,土, which typed would be refused or
    #: written another way)
    stored: bool = False

    @classmethod
    def to(cls, customer_ids: Any, value: str) -> Self:
        """The edit giving every customer of ``customer_ids`` the same ``value``."""
        ids = tuple(customer_ids)
        return cls(ids, (value,) * len(ids))


@dataclass(frozen=True)
class SetClosedDays(_SetCustomerTexts):
    """Set customers' closing days (定休日): weekday codes joined by "," ("sat,sun"), "" = none."""

    def describe(self) -> str:
        return trn(
            "Set closing days of {n} customer", "Set closing days of {n} customers",
            len(self.customer_ids))


@dataclass(frozen=True)
class SetVisitDays(_SetCustomerTexts):
    """Set customers' fixed visit days (訪問曜日): weekday codes joined by "," ("mon,thu"),
    "" = any working day."""

    def describe(self) -> str:
        return trn(
            "Set visit days of {n} customer", "Set visit days of {n} customers",
            len(self.customer_ids))


@dataclass(frozen=True)
class SetVisitWeek(_SetCustomerTexts):
    """Set customers' fixed visit week (訪問週): the week of the cycle of the first visit of
    a customer seen every 2, 4 … weeks ("2"), "" = free."""

    def describe(self) -> str:
        return trn(
            "Set visit week of {n} customer", "Set visit week of {n} customers",
            len(self.customer_ids))


@dataclass(frozen=True)
class SetVisitTime(_SetCustomerTexts):
    """Set customers' visiting hours (訪問時間帯): "10:00-12:00", "14:00-", "-12:00", or
    anything :func:`planner.visit_times.parse_visit_time` reads ("午前", "14時以降"); "" = any."""

    def describe(self) -> str:
        return trn(
            "Set visiting hours of {n} customer", "Set visiting hours of {n} customers",
            len(self.customer_ids))


def _weekdays(value: str) -> str:
    codes = [c.strip() for c in str(value).split(",") if c.strip()]
    bad = [c for c in codes if c not in m.WEEKDAYS]
    if bad:
        raise PlannerError(tr("Unknown weekday code(s): {codes}.", codes=", ".join(bad)))
    return join_days(codes)


def _visit_week(value: str) -> str:
    week = parse_visit_week(value)
    if week is None:
        raise PlannerError(tr("{value} is not a week of the cycle.", value=value))
    return visit_week_text(week)


def _visit_time(value: str) -> str:
    hours = parse_visit_time(value)
    if hours is None:
        raise PlannerError(
            tr("{value} is not a time of day such as 午前, 14時以降 or 10:00-12:00.", value=value)
        )
    return hours


#: Each customer-text edit: the column it sets and the stored form of a typed value.
_TEXT_COLUMNS: dict[type, tuple[str, Callable[[str], str]]] = {
    SetClosedDays: (m.CLOSED_DAYS, _weekdays),
    SetVisitDays: (m.VISIT_DAYS, _weekdays),
    SetVisitWeek: (m.VISIT_WEEK, _visit_week),
    SetVisitTime: (m.VISIT_TIME, _visit_time),
}


def _set_texts(plan: m.Plan, edit: _SetCustomerTexts) -> tuple[m.Plan, Edit, Changes]:
    """Set the edit's column to each value in its stored form (which refuses a bad value with
    one sentence, before anything changes); the calendar becomes stale. The undo puts the
    values back exactly as they were."""
    column, stored = _TEXT_COLUMNS[type(edit)]
    values = edit.values if edit.stored else tuple(stored(value) for value in edit.values)
    new, old = _set_column(plan, edit.customer_ids, column, values)
    new, flag, stale = mark_stale(plan, new, edit.schedule_stale)
    inverse = type(edit)(edit.customer_ids, tuple(old), flag, stored=True)
    return new, inverse, Changes(customers=True, customer_ids=edit.customer_ids) | stale


for _kind in _TEXT_COLUMNS:
    applies(_kind)(_set_texts)
