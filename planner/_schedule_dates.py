"""Calendar dates of the call cycle: week 1's Monday, dates of the visits and public holidays."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import HOLIDAYS_EN, language, tr


def holidays_in(
    settings: m.Settings, horizon: int, days: tuple[str, ...]
) -> dict[tuple[int, int], tuple[str, str]]:
    """(week, day index) → (ISO date, holiday name) of the working days that are holidays.

    Empty unless ``settings.start_date`` is set and ``settings.skip_holidays`` is on.
    """
    first = first_monday(settings)
    if first is None or not settings.skip_holidays:
        return {}
    out: dict[tuple[int, int], tuple[str, str]] = {}
    for w in range(horizon):
        for d, day in enumerate(days):
            date = first + dt.timedelta(weeks=w, days=m.WEEKDAYS.index(day))
            name = holiday_name(date)
            if name:
                out[(w, d)] = (date.isoformat(), name)
    return out


def week_begins(settings: m.Settings, week: int) -> str:
    """``"12/14〜"`` (``"from 12/14"``): the Monday calendar week ``week`` (1-based) begins on, "" without dates."""
    first = first_monday(settings)
    if first is None:
        return ""
    monday = first + dt.timedelta(weeks=week - 1)
    return tr("from {time}", time=f"{monday.month}/{monday.day}")


def first_monday(settings: m.Settings) -> dt.date | None:
    """Week 1's Monday from ``settings.start_date`` (None when unset)."""
    if not settings.start_date:
        return None
    try:
        first = dt.date.fromisoformat(settings.start_date)
    except ValueError as exc:
        raise PlannerError(tr("The start date must look like 2027-04-05.")) from exc
    return first - dt.timedelta(days=first.weekday())


def add_dates(schedule: pd.DataFrame, settings: m.Settings) -> None:
    """Fill ``date`` (and ``holiday``) from ``settings.start_date`` (week 1's Monday)."""
    monday = first_monday(settings)
    if monday is None or schedule.empty:
        return
    # each (week, weekday) dated once, the rows then by their code (a row-by-row dict look-up
    # of 235,000 visits took 0.1 s after every hand move at 100,000 customers)
    weeks = schedule["week"].to_numpy(dtype=np.int64)
    days = pd.Index(m.WEEKDAYS).get_indexer(schedule["day"].to_numpy(dtype=object))
    if (days < 0).any():
        raise ValueError(f"{schedule['day'].to_numpy(dtype=object)[days < 0][0]!r} is not a weekday")
    keys, at = np.unique(weeks * 7 + days, return_inverse=True)
    dated = [monday + dt.timedelta(weeks=int(k) // 7 - 1, days=int(k) % 7) for k in keys]
    schedule["date"] = np.array([d.isoformat() for d in dated], dtype=object)[at]
    schedule["holiday"] = np.array([holiday_name(d) for d in dated], dtype=object)[at]


#: An ISO date inside a sentence (a reason saved with the calendar: "2026-12-30 の訪問は…"),
#: with the space after it when Japanese follows (group 4).
_ISO_IN_TEXT = re.compile(
    r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])( (?=[\u3040-\u30ff\u3400-\u9fff]))?")


def dates_as_days(text: str) -> str:
    """``text`` with each ISO date in it written as a manager writes a day, ``12/30(水)``
    (``12/30(Wed)``): the reasons are saved with ISO dates, in any language, and shown so;
    in Japanese the space the ISO date needed before the particle goes (「12/30(水)の訪問
    は」, not 「12/30(水) の訪問は」), so the texts older plans saved read the same."""
    japanese = language() == "ja"

    def day(match: re.Match[str]) -> str:
        try:
            on = dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:  # not a date after all: as it is
            return match[0]
        gap = "" if japanese else match[4] or ""
        return f"{on.month}/{on.day}({tr(m.WEEKDAY_TITLES[m.WEEKDAYS[on.weekday()]])}){gap}"

    return _ISO_IN_TEXT.sub(day, text) if "-" in text else text


def holiday_label(name: str) -> str:
    """A public holiday's name as the reader's language has it (元日 → New Year's Day; the
    plan stores jpholiday's Japanese name)."""
    if not name or language() == "ja":
        return name
    return " ".join(HOLIDAYS_EN.get(part, part) for part in name.split())


def holiday_name(date: dt.date) -> str:
    """Name of the Japanese public holiday on ``date`` ("" on ordinary days)."""
    try:
        import jpholiday
    except ImportError:  # pragma: no cover - declared dependency
        return ""
    return str(jpholiday.is_holiday_name(date) or "")


def calendar_title(plan: m.Plan, weeks: int | None = None) -> str:
    """``4-week cycle``, or ``8-week calendar (4-week cycle)`` when the cycle was repeated for
    customers seen every 8 weeks (``weeks``: the calendar's, default :func:`calendar_weeks`)."""
    from planner.i18n import tr

    weeks = calendar_weeks(plan) if weeks is None else weeks
    cycle = int((plan.meta or {}).get("schedule_cycle_weeks") or 0) or plan.settings.cycle_weeks
    if plan.schedule is None or not cycle or cycle >= weeks:
        return tr("{weeks}-week cycle", weeks=weeks)
    return tr("{weeks}-week calendar ({cycle}-week cycle)", weeks=weeks, cycle=cycle)


def calendar_weeks(plan: m.Plan) -> int:
    """The weeks the calendar spans (its horizon: 8 with customers seen every 8 weeks); the
    plan's cycle when there is no calendar."""
    schedule = plan.schedule
    if schedule is None:
        return plan.settings.cycle_weeks
    # the build's horizon, also when its last week had no visit (closed all week)
    built = int((plan.meta or {}).get("schedule_weeks") or 0)
    return max(int(schedule["week"].max()) if len(schedule) else 0, built) or (
        plan.settings.cycle_weeks)
