"""The calendar's length and dates as the workbook's titles and page headers print them.

A dated calendar prints its first and last working day beside the cycle
(``4週サイクル 2026/12/07(月)〜2026/12/28(月)``): a manager holding the printout sees which
weeks it covers, where ``4週サイクル`` alone (or its start date alone) left the end to count.
Working days are the open ones: the company's days off (年末年始), public holidays the
calendar keeps free and (for one rep's sheet) the rep's own days off are not counted, so a
week closed from 12/29 reads ``第4週（12/28(月)のみ）`` and not ``〜1/1(金)``.
An undated calendar keeps the bare cycle.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from planner import model as m
from planner._schedule_dates import calendar_title, calendar_weeks, first_monday, holiday_name
from planner.export.common import day_label
from planner.i18n import language, tr
from planner.rep_days import built_days, calendar_days


def cycle_text(
    plan: m.Plan, weeks: int | None = None, *, days: Sequence[str] | None = None,
    territory: m.Territory | None = None,
) -> str:
    """``4週サイクル``, with the calendar's dates after it when it has a start date
    (:func:`period_text`); ``weeks``, ``days`` and ``territory`` as there."""
    text = calendar_title(plan, weeks)
    period = period_text(plan, weeks, days=days, territory=territory)
    return f"{text} {period}" if period else text


def period_text(
    plan: m.Plan, weeks: int | None = None, *, days: Sequence[str] | None = None,
    territory: m.Territory | None = None,
) -> str:
    """``2026/12/07(月)〜2026/12/28(月)``: the first and the last open working day of a
    dated calendar (:func:`open_dates`), "" without a start date. The calendar runs from the
    Monday of the start's week (a start typed on a Tuesday too), ``weeks`` weeks (default:
    the calendar's, :func:`calendar_weeks`) on ``days`` (default: the days any rep works);
    ``territory``: that rep's own days off are closed too."""
    monday = first_monday(plan.settings)
    if monday is None:
        return ""
    weeks = calendar_weeks(plan) if weeks is None else weeks
    index = _working_days(plan, days)
    open_days = open_dates(plan, range(1, max(weeks, 1) + 1), days=days, territory=territory)
    if open_days:
        first, last = open_days[0], open_days[-1]
    else:  # every day closed: the calendar's bounds, as before
        first = monday + dt.timedelta(days=index[0])
        last = monday + dt.timedelta(weeks=max(weeks, 1) - 1, days=index[-1])
    return tr("{first} – {last}", first=long_date(first), last=long_date(last))


def open_dates(
    plan: m.Plan, weeks: Iterable[int], *, days: Sequence[str] | None = None,
    territory: m.Territory | None = None,
) -> list[dt.date]:
    """The dates of calendar ``weeks`` (1-based) on ``days`` (default: the days any rep
    works) that are open: not a company day off, not a public holiday the calendar keeps
    free (``skip_holidays``), not one of ``territory``'s own days off. Empty undated."""
    monday = first_monday(plan.settings)
    if monday is None:
        return []
    index = _working_days(plan, days)
    closed = set(plan.settings.company_days_off)
    if territory is not None:
        closed |= set(territory.days_off)
    out = []
    for week in sorted({int(w) for w in weeks}):
        for i in index:
            date = monday + dt.timedelta(weeks=week - 1, days=i)
            if date.isoformat() in closed:
                continue
            if plan.settings.skip_holidays and holiday_name(date):
                continue
            out.append(date)
    return out


def _working_days(plan: m.Plan, days: Sequence[str] | None) -> list[int]:
    """The weekday numbers of ``days`` (default: the days any rep works), Monday 0."""
    if days is None:
        days = sorted({d for t in plan.territories for d in calendar_days(plan, t.id)}
                      or set(built_days(plan)), key=m.WEEKDAYS.index)
    return sorted(m.WEEKDAYS.index(d) for d in days if d in m.WEEKDAYS) or [0, 6]


def weeks_text(
    plan: m.Plan, weeks: Iterable[int], *, days: Sequence[str] | None = None,
    territory: m.Territory | None = None,
) -> str:
    """The chosen calendar ``weeks`` with their first and last open working day
    (:func:`open_dates`), as a title says which weeks a printout holds: ``第2週（12/14(月)〜
    12/18(金)）``, ``第2〜3週（12/14(月)〜12/25(金)）``, one open day ``第4週（12/28(月)のみ）``,
    none ``第5週（休み）``, runs apart ``第1週（…）、第3週（…）``; undated ``第2週``. ``days``:
    the rep's working days (default: the days any rep works); ``territory``: the rep whose
    own days off are closed too."""
    runs: list[list[int]] = []
    for week in sorted({int(w) for w in weeks}):
        if runs and week == runs[-1][-1] + 1:
            runs[-1].append(week)
        else:
            runs.append([week])
    dated = first_monday(plan.settings) is not None
    out = []
    for run in runs:
        text = (tr("Week {week}", week=run[0]) if len(run) == 1 else
                tr("Weeks {first}–{last}", first=run[0], last=run[-1]))
        if dated:
            found = open_dates(plan, run, days=days, territory=territory)
            if not found:
                dates = tr("no working day")
            elif found[0] == found[-1]:
                dates = tr("{day} only", day=_short_date(found[0]))
            else:
                dates = tr("{first} – {last}", first=_short_date(found[0]),
                           last=_short_date(found[-1]))
            text = tr("{weeks} ({dates})", weeks=text, dates=dates)
        out.append(text)
    return ("、" if language() == "ja" else ", ").join(out)


def _short_date(day: dt.date) -> str:
    """``12/14(月)`` / ``Mon 12/14``: inside a week's brackets, so none of its own in English
    (it read "Week 1 (12/7 (Mon) – 12/11 (Fri))")."""
    weekday = day_label(m.WEEKDAYS[day.weekday()])
    if language() == "ja":
        return f"{day.month}/{day.day}({weekday})"
    return f"{weekday} {day.month}/{day.day}"


def long_date(day: dt.date) -> str:
    """``2026/12/07(月)`` / ``2026-12-07 (Mon)``."""
    weekday = day_label(m.WEEKDAYS[day.weekday()])
    if language() == "ja":
        return f"{day.year}/{day.month:02d}/{day.day:02d}({weekday})"
    return f"{day.isoformat()} ({weekday})"


def calendar_month(plan: m.Plan) -> str:
    """``2027-01``: the month most of a dated calendar's days fall in (its middle day), as an
    export's file name carries it so that January's hand-outs are not offered December's
    name; "" without a calendar or a start date."""
    monday = first_monday(plan.settings)
    if monday is None or plan.schedule is None:
        return ""
    middle = monday + dt.timedelta(days=calendar_weeks(plan) * 7 // 2)
    return f"{middle.year}-{middle.month:02d}"
