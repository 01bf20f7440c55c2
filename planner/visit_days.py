"""Customers' fixed visit weekdays (訪問曜日): reading them, and the days a customer may be seen.

A customer's ``visit_days`` column holds weekday codes joined by "," in week order
(``"tue"``, ``"mon,thu"``; ``""`` = any working day). Cells such as ``火曜``,
``毎週火曜日``, ``月・木``, ``Tue``, ``mon, thu`` or ``指定なし`` are read by
:func:`parse_visit_days` with the closing days' grammar
(:func:`planner.closed_days.parse_weekday_set`).

The calendar treats visit days as closing days seen from the other side: a customer
visited only on Tuesdays is "closed" on every other working day, so every step of
:func:`planner.schedule.build_schedule` that keeps visits off closing days keeps them
on the visit days too (:func:`shut_indexes`). :func:`pinned_days` gives the visit days
that keep a hand move (:class:`planner.edits.MoveVisits`) through a rebuild.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from planner.closed_days import (
    join_days,
    parse_weekday_set,
    split_days,
    unserved_reason,
    weekday_list,
)
from planner.i18n import tr
from planner.model import WEEKDAY_TITLES, WEEKDAYS

# fmt: off
#: Cells meaning "any day".
_ANY_WORDS = frozenset(
    {
        "-", "--", "−", "—", "–", "―", "‐", "ー", "ｰ", "x", "×", "なし", "無し", "指定なし",
        "曜日指定なし", "指定無し", "特になし", "不問", "随時", "いつでも", "毎日", "全日",
        "any", "any day", "anyday", "none", "no", "n/a", "na", "nil", "every day", "daily",
    }
)
#: Japanese words around the day names that carry no meaning of their own (longest first).
_NOISE = (
    "訪問曜日", "訪問日", "訪問", "指定", "毎週", "定期", "および", "及び", "は", "と", "や",
    "のみ", "に", "で", ":", "：",
)
_EN_NOISE = frozenset({"visit", "visits", "visited", "only", "weekly"})
# fmt: on


def parse_visit_days(value: Any) -> str | None:
    """The weekday codes of a visit-day cell (``"mon,thu"``, ``""`` = any day); None when
    unreadable (also for 祝, which is never a visit day)."""
    return parse_weekday_set(
        value, none_words=_ANY_WORDS, noise=_NOISE, holidays=False, extra_noise=_EN_NOISE
    )


def unreadable_reason() -> str:
    """The import report's reason for a visit-day cell that cannot be read."""
    return tr("The visit day is not readable; imported without it.")


def shut_indexes(closed: Any, visit: Any, days: Sequence[str]) -> frozenset[int]:
    """Indexes into the working ``days`` a customer may not be visited on: its closing days
    and, when it has visit days, every working day that is not one of them."""
    shut = split_days(closed)
    allowed = split_days(visit)
    return frozenset(k for k, d in enumerate(days) if d in shut or (allowed and d not in allowed))


def day_limits(
    closed: Any, visit: Any, days: Sequence[str], per_week: int
) -> tuple[frozenset[int], str | None]:
    """The working-day indexes a customer may not be visited on, and why it cannot be
    visited ``per_week`` times a week on separate allowed days (None when it can).

    With neither closing nor visit days the set is empty and the reason None, so such a
    customer is scheduled exactly as before visit days existed.
    """
    if not visit:
        shut = shut_indexes(closed, "", days) if closed else frozenset()
        return shut, unserved_reason(shut, days, per_week) if shut else None
    shut = shut_indexes(closed, visit, days)
    wanted = split_days(visit)
    label = _label(wanted)
    working = [d for d in days if d in wanted]
    allowed = len(days) - len(shut)
    if not working:
        reason: str | None = tr(
            "The visit days ({days}) are not working days of the calendar.", days=label
        )
    elif allowed <= 0:
        reason = tr("The visit days ({days}) are all closing days of the customer.", days=label)
    elif allowed < per_week:
        reason = tr(
            "The customer is visited {visits} times a week but has only {n} usable visit "
            "days ({days}).",
            visits=per_week,
            n=allowed,
            days=_label(days[k] for k in range(len(days)) if k not in shut),
        )
    else:
        reason = None
    return shut, reason


def no_day_left(visit: Any, closed: Any) -> bool:
    """Whether a customer's visit days are all its closing days (水 as both 訪問曜日 and
    定休日): the calendar has no day to visit it."""
    wanted = split_days(visit)
    return bool(wanted) and wanted <= split_days(closed)


def pinned_days(visits: pd.DataFrame) -> str:
    """The visit days that keep one customer on the weekdays its ``visits`` (schedule rows:
    ``week``, ``day``) fall on: its most frequent weekdays, as many as its busiest week
    has visits (a visit a holiday pushed to another day does not count)."""
    if visits.empty:
        return ""
    per_week = int(visits.groupby("week").size().max())
    counts = visits["day"].astype(str).value_counts()
    ranked = sorted(counts.index, key=lambda d: (-int(counts[d]), WEEKDAYS.index(d)))
    return join_days(ranked[:per_week])


def _label(days: Any) -> str:
    wanted = set(days)
    return weekday_list(tr(WEEKDAY_TITLES[d]) for d in WEEKDAYS if d in wanted)
