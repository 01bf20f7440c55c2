"""Days of the calendar longer than the rep's day: one rule for every place that shows a day.

A rep's day is :func:`planner.rep_days.rep_day_hours` (their own hours, a part-timer's weekly
hours shared over their working days, else the plan's); a day of the calendar
(:func:`planner.stats.day_summary`: visits, driving and the way home) is too long when its
hours pass that by more than half a minute. The Calendar dock paints such a day red; the
route sheets, the visit calendar, the PDF hand-outs and the command line mark the same days,
so a rep never gets an impossible day on paper with nothing pointing it out.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner.i18n import language, listing, tr, trn
from planner.rep_days import calendar_days, rep_day_hours, rep_day_start, rep_name
from planner.routing import clock_minutes, parse_clock

#: A day this much longer than the rep's day (in hours: half a minute) is not called too long.
OVER_SLACK = 1 / 120

#: The columns of :func:`long_days`.
LONG_COLUMNS = ["territory", "week", "day", "hours", "limit", "over_minutes"]


def too_long(hours: float, limit: float) -> bool:
    """Whether a day of ``hours`` is longer than the ``limit``-hour day."""
    return hours > limit + OVER_SLACK


def rep_limit(plan: m.Plan, territory_id: str) -> float:
    """The longest day of ``territory_id``'s rep in the calendar: own hours, a part-timer's
    weekly hours over their calendar days, else the plan's (as the Calendar dock uses)."""
    return rep_day_hours(plan.territory(territory_id), plan.settings.day_hours,
                         len(calendar_days(plan, territory_id)))


def day_end(plan: m.Plan, territory_id: str) -> float:
    """Minutes after midnight when the rep of ``territory_id`` ends the day: their start
    (:func:`planner.rep_days.rep_day_start`) plus :func:`rep_limit` hours, plus the lunch
    break when it falls within those hours (the day's hours leave the break out, the
    arrivals' clock has it in: 9:00 + 8 h with an hour's lunch at 12:00 ends at 18:00); the
    plan's start and hours for a territory the plan no longer has (as the Calendar dock
    judges it)."""
    s = plan.settings
    if territory_id not in plan.territory_ids:
        start, hours = parse_clock(s.day_start), float(s.day_hours)
    else:
        start = parse_clock(rep_day_start(plan.territory(territory_id), s.day_start))
        hours = rep_limit(plan, territory_id)
    end = start + 60.0 * hours
    if s.lunch_minutes > 0 and parse_clock(s.lunch_start) < end:
        end += float(s.lunch_minutes)
    return end


def late_arrivals(arrivals: Iterable[object], end: float) -> np.ndarray:
    """Whether each ``"HH:MM"`` arrival (``"25:10"`` past midnight) comes after ``end``
    minutes after midnight (:func:`day_end`); False where the text is unreadable."""
    values = list(arrivals)
    if not values:
        return np.zeros(0, dtype=bool)
    minutes = clock_minutes(values)
    return np.asarray(minutes > end, dtype=bool)  # NaN compares False


def hours_text(hours: float, limit: float) -> str:
    """A day's hours as the calendar shows them, ``7.5``; a day too long that one decimal
    would show as the limit itself (8.03 h of an 8-hour day) gets two, ``8.03``."""
    text = f"{hours:.1f}"
    if too_long(hours, limit) and float(text) <= limit:
        text = f"{hours:.2f}"
    return text


def over_minutes(hours: float, limit: float) -> int:
    """Whole minutes a day of ``hours`` runs past the ``limit``-hour day (at least 1)."""
    return max(1, round((hours - limit) * 60))


def day_lengths(plan: m.Plan, territory_id: str) -> dict[tuple[int, str], float]:
    """(week, weekday) → the hours of ``territory_id``'s days with driving and the way home:
    the figure the Calendar dock shows and :func:`too_long` judges, for the printed tables."""
    from planner.stats import day_summary

    days = day_summary(plan, territory_id=territory_id)
    return {(int(w), str(d)): float(h)
            for w, d, h in zip(days["week"], days["day"], days["hours"], strict=True)}


def long_days(plan: m.Plan, *, territory_id: str | None = None) -> pd.DataFrame:
    """The calendar's days longer than their rep's day (:data:`LONG_COLUMNS`), territories in
    plan order, each rep's days in calendar order; empty without a calendar."""
    from planner.stats import day_summary

    days = day_summary(plan, territory_id=territory_id)
    ids = [t.id for t in plan.territories if territory_id in (None, t.id)]
    if days.empty or not ids:
        return pd.DataFrame(columns=LONG_COLUMNS)
    limits = {tid: rep_limit(plan, tid) for tid in ids}
    days = days[days["territory"].astype(str).isin(limits)].copy()
    days["limit"] = days["territory"].astype(str).map(limits).astype(float)
    over = days[days["hours"].astype(float) > days["limit"] + OVER_SLACK].copy()
    over["over_minutes"] = [over_minutes(float(h), float(lim))
                            for h, lim in zip(over["hours"], over["limit"], strict=True)]
    over["_t"] = over["territory"].map({tid: k for k, tid in enumerate(ids)})
    over["_d"] = over["day"].map({d: k for k, d in enumerate(m.WEEKDAYS)}).fillna(9)
    over = over.sort_values(["_t", "week", "_d"], kind="stable")
    return over[LONG_COLUMNS].reset_index(drop=True)


def long_day_keys(plan: m.Plan, territory_id: str) -> dict[tuple[int, str], tuple[float, float]]:
    """(week, weekday) → (hours, the rep's day) of ``territory_id``'s days that are too long."""
    rows = long_days(plan, territory_id=territory_id)
    return {(int(w), str(d)): (float(h), float(lim))
            for w, d, h, lim in zip(rows["week"], rows["day"], rows["hours"], rows["limit"],
                                    strict=True)}


def long_day_records(
    plan: m.Plan, *, territories: Iterable[str] | None = None, weeks: Iterable[int] | None = None,
) -> list[dict[str, Any]]:
    """The long days as plain records (``stats --json``'s ``long_days``): territory, rep,
    week, day, hours, the rep's ``day_hours`` and the minutes over; ``territories`` and
    ``weeks``: only those (an export of one rep's week names that week's, not every rep's)."""
    reps = None if territories is None else {str(t) for t in territories}
    chosen = None if weeks is None else {int(w) for w in weeks}
    return [
        {"territory": str(r.territory), "rep": rep_name(plan.territory(str(r.territory))),
         "week": int(r.week), "day": str(r.day), "hours": round(float(r.hours), 2),
         "day_hours": round(float(r.limit), 2), "over_minutes": int(r.over_minutes)}
        for r in long_days(plan).itertuples(index=False)
        if (reps is None or str(r.territory) in reps) and (chosen is None or int(r.week) in chosen)
    ]


def duration_text(minutes: int) -> str:
    """``2 h 42 min`` / ``2時間42分``; ``45 min``; ``2 h``."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return tr("{hours} h {minutes} min", hours=hours, minutes=rest)
    if hours:
        return tr("{hours} h", hours=hours)
    return tr("{minutes} min", minutes=rest)


def over_text(hours: float, limit: float) -> str:
    """``2 h 42 min over the day`` / ``2時間42分超過``: how far a day runs past the rep's."""
    return tr("{duration} over the day", duration=duration_text(over_minutes(hours, limit)))


def long_day_note(hours: float, limit: float, rep: str) -> str:
    """The sentence on a day too long: its length, how far past the rep's day, what to do."""
    return tr("This day takes {hours} h, {duration} longer than the {limit:g}-hour day of "
              "{rep}: move visits to another day or rebuild the calendar.",
              hours=f"{hours:.1f}", duration=duration_text(over_minutes(hours, limit)),
              limit=limit, rep=rep)


def long_days_text(records: list[dict[str, Any]], *, most: int = 12) -> str:
    """The long days in one line: ``3 days are longer than the rep's day: 高橋 美咲 week 1
    Wed (2 h 42 min over the day), …`` ("" when none); past ``most`` days, how many more."""
    if not records:
        return ""
    parts = []
    last_rep = None
    for r in records[:most]:
        day = tr("week {n} {day}", n=r["week"], day=tr(m.WEEKDAY_TITLES[r["day"]]))
        over = tr("{duration} over the day", duration=duration_text(r["over_minutes"]))
        text = f"{day}（{over}）" if language() == "ja" else f"{day} ({over})"
        if r["rep"] != last_rep:
            text = f"{r['rep']} {text}"
            last_rep = r["rep"]
        parts.append(text)
    rest = len(records) - len(parts)
    if rest:
        parts.append(trn("{n} more", "{n} more", rest, n=rest))
    return trn("{n} day is longer than the rep's day: {days}",
               "{n} days are longer than the rep's day: {days}", len(records), n=len(records),
               days=listing(parts))
