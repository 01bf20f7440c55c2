"""The customer fields a manager types as text in the Customers list (closing days 定休日,
visit days 訪問曜日, visit week 訪問週, visiting hours 訪問時間帯): how each is read, edited,
shown and asked for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from planner import model as m
from planner.closed_days import closed_days_label, parse_closed_days, some_weeks_closed
from planner.edits import SetClosedDays, SetVisitDays, SetVisitTime, SetVisitWeek
from planner.i18n import N_
from planner.visit_days import parse_visit_days
from planner.visit_times import parse_visit_time, visit_time_label
from planner.visit_weeks import parse_visit_week_cell, visit_week_label


@dataclass(frozen=True)
class TypedField:
    """A customer field the manager types as text (as in the spreadsheet it came from)."""

    parse: Callable[[Any], str | None]  # the stored value, or None when unreadable
    edit: Any  # the Edit class with ``.to(ids, value)``
    label: Callable[[Any], str]  # the stored value as shown
    title: str  # English; translated where shown
    prompt: str  # asks for the value of {n} selected customers
    refusal: str  # says {text} could not be read


def _closing_days(text: Any) -> str | None:
    """Closing days typed by the manager; a weekday closed in some weeks only (第2・4水曜) is
    avoided every week, as the import reads it."""
    codes = parse_closed_days(str(text))
    return codes if codes is not None else some_weeks_closed(str(text))


TYPED: dict[str, TypedField] = {
    m.CLOSED_DAYS: TypedField(
        _closing_days,
        SetClosedDays,
        closed_days_label,
        N_("Closing days"),
        N_("Closing days of the {n} selected customers (e.g. 水, 土日祝, none):"),
        N_(
            "{text} is not readable as closing days; nothing was changed. "
            "Type weekdays such as 水, 土日祝 or Mon, Wed, or なし for none."
        ),
    ),
    m.VISIT_DAYS: TypedField(
        lambda t: parse_visit_days(str(t)),
        SetVisitDays,
        closed_days_label,
        N_("Visit days"),
        N_("Visit days of the {n} selected customers (e.g. 火, 月・木, none):"),
        N_(
            "{text} is not readable as visit days; nothing was changed. "
            "Type weekdays such as 火, 月・木 or Tue, Fri, or なし for any day."
        ),
    ),
    m.VISIT_WEEK: TypedField(
        parse_visit_week_cell,
        SetVisitWeek,
        visit_week_label,
        N_("Visit week"),
        N_("Visit week of the {n} selected customers (e.g. 2, 第2週, none):"),
        N_(
            "{text} is not readable as a visit week; nothing was changed. "
            "Type the week of the cycle such as 2 or 第2週, or なし for any week."
        ),
    ),
    m.VISIT_TIME: TypedField(
        parse_visit_time,
        SetVisitTime,
        visit_time_label,
        N_("Visiting hours"),
        N_(
            "Visiting hours of the {n} selected customers (e.g. 午前, 14時以降, 10:00-12:00, none):"
        ),
        N_(
            "{text} is not readable as visiting hours; nothing was changed. "
            "Type hours such as 午前, 14時以降 or 10:00-12:00, or なし for any time."
        ),
    ),
}
