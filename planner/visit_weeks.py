"""Customers' fixed visit weeks (訪問週): reading them, and the week offset they fix.

A customer seen every 2, 4 or 8 weeks is visited in one week of each cycle of its
period; the ``visit_week`` column says which: the week (1-based) of its first visit
("2" = weeks 2, 4, 6 … for an every-two-weeks customer), ``""`` = free. It only
counts for customers whose pattern has a period above one week; for weekly and
twice-a-week customers it is kept but not used. Cells such as ``2``, ``"2"``,
``第2週``, ``2週目``, ``week 2`` or ``指定なし`` are read by :func:`parse_visit_week`.

The calendar (:func:`planner.schedule.build_schedule`) turns a visit week into a fixed
week offset, ``(visit_week − 1) mod period`` (:func:`fixed_offset`), and every step that
chooses or changes a customer's week offset offers it that offset only
(:meth:`planner._schedule_days.TerritoryDays.allows`). :func:`first_week` gives the visit
week that keeps a hand move (:class:`planner.edits.MoveVisits`) through a rebuild.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from planner.i18n import tr

#: The largest visit week read (a calendar is at most a year long).
MAX_WEEK = 52

# fmt: off
#: Cells meaning "any week".
_FREE_WORDS = frozenset(
    {
        "-", "--", "−", "—", "–", "―", "‐", "ー", "ｰ", "x", "×", "なし", "無し", "指定なし",
        "週指定なし", "指定無し", "特になし", "不問", "随時", "any", "any week", "none", "no",
        "n/a", "na", "nil", "free",
    }
)
# fmt: on
_PATTERNS = (
    re.compile(r"^第?(\d+)(?:週目?)?$"),  # 2, 第2週, 2週目, 2週
    re.compile(r"^(?:week|wk|w)\.?(\d+)$"),  # week 2, wk2, w2
    re.compile(r"^(\d+)(?:st|nd|rd|th)(?:week)?$"),  # 2nd week
)
_NOISE = ("訪問週", "訪問", "から", "より", "開始", "スタート", "~", "〜", "from", "starting")


def parse_visit_week(value: Any) -> int | None:
    """The visit week of a cell (1 … 52, 0 = free); None when unreadable."""
    if value is None or value is False:
        return 0
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) or _is_numpy_number(value):
        number = float(value)
        if math.isnan(number) or number == 0:
            return 0
        if number.is_integer() and 1 <= number <= MAX_WEEK:
            return int(number)
        return None
    if not isinstance(value, str):
        return None
    s = unicodedata.normalize("NFKC", value).strip().lower()
    if not s or s in _FREE_WORDS or s in ("0", "0.0"):
        return 0
    for word in _NOISE:
        s = s.replace(word, "")
    s = re.sub(r"\s+", "", s)
    if re.fullmatch(r"\d+\.0+", s):
        s = s.split(".")[0]
    for pattern in _PATTERNS:
        found = pattern.match(s)
        if found:
            week = int(found.group(1))
            if week == 0:
                return 0
            return week if week <= MAX_WEEK else None
    return None


def parse_visit_week_cell(value: Any) -> str | None:
    """A visit-week cell as the plan stores it ("2", "" = free); None when unreadable."""
    week = parse_visit_week(value)
    return None if week is None else visit_week_text(week)


def _is_numpy_number(value: Any) -> bool:
    return type(value).__module__ == "numpy" and hasattr(value, "dtype") and value.dtype.kind in "iuf"


def visit_week_text(week: int) -> str:
    """How the plan stores a visit week ("2"; "" = free)."""
    return str(int(week)) if week and week > 0 else ""


def week_number(value: Any) -> int:
    """The visit week of a stored ``visit_week`` value (0 when free or unreadable)."""
    return parse_visit_week(value) or 0


def fixed_offset(value: Any, period: int) -> int | None:
    """The week offset (0 … period − 1) a stored visit week fixes for a customer seen every
    ``period`` weeks; None when the week is free or the customer is seen weekly."""
    week = week_number(value)
    if not week or period <= 1:
        return None
    return (week - 1) % period


def first_week(weeks: Iterable[int], period: int) -> int:
    """The visit week (1-based, within the first period) of a customer visited in ``weeks``
    (1-based calendar weeks) every ``period`` weeks; 0 when it has no visit or a period of 1."""
    listed = [int(w) for w in weeks]
    if not listed or period <= 1:
        return 0
    return (min(listed) - 1) % period + 1


def visit_week_label(value: Any) -> str:
    """A stored visit week in the current language ("第2週" / "week 2"; "" when free)."""
    week = week_number(value)
    return tr("week {n}", n=week) if week else ""


def unreadable_reason() -> str:
    """The import report's reason for a visit-week cell that cannot be read."""
    return tr("The visit week is not readable; imported without it.")
