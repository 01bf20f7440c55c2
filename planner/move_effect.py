"""What a hand move of the calendar did to the rep's days: the lengths of the days the visits
went to and left, before → after, and the cycle's driving.

A manager who moves a weekly shop from Thursdays to Tuesdays (:class:`planner.edits.MoveVisits`)
needs to see at once that the Tuesdays now run past the rep's day and what the move costs in
kilometres. The figures come from the calendars before and after the move: the day lengths are
those the Calendar dock shows (:func:`planner.stats.day_summary`, the rule of
:mod:`planner.day_length`), the driving is every leg and drive home of the rep's cycle (the
days the move routed again included). A day counts as changed when a customer joined or left
it; a move that puts every visit back on its own days changed nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from planner import model as m
from planner._calendar_once import day_text
from planner._schedule_dates import first_monday
from planner.day_length import hours_text, rep_limit, too_long
from planner.i18n import clauses, day_list, sentences, tr
from planner.schedule_index import territory_rows
from planner.stats import day_summary

#: A change of the cycle's driving smaller than this (km) reads as no change.
KM_SLACK = 0.5


@dataclass(frozen=True)
class DayChange:
    """One weekday the move changed, over the weeks it changed: the longest of those days
    before and after (hours), and the weeks whose day is longer than the rep's after."""

    day: str
    weeks: tuple[int, ...]
    before: float
    after: float
    over: tuple[int, ...]
    joined: bool  # the visits went to these days (else they left them)


@dataclass(frozen=True)
class MoveEffect:
    """The days a move changed (those the visits went to first) and the cycle's driving."""

    territory: str
    cycle_weeks: int
    limit: float
    days: tuple[DayChange, ...]
    km_before: float
    km_after: float
    monday: str = ""  # ISO date of week 1's Monday when the calendar has dates, else ""

    @property
    def moved(self) -> bool:
        """Whether any visit is on another day than before."""
        return bool(self.days)

    @property
    def too_long(self) -> bool:
        """Whether a day the move changed is longer than the rep's day."""
        return any(d.over for d in self.days)

    @property
    def km_change(self) -> float:
        return self.km_after - self.km_before


def _visits(plan: m.Plan, territory_id: str) -> dict[tuple[int, str], set[str]]:
    """(week, day) → the customers the rep visits that day."""
    s = plan.schedule
    if s is None or s.empty:
        return {}
    s = territory_rows(s, territory_id)  # grouped once per calendar (a filter: 25 ms)
    out: dict[tuple[int, str], set[str]] = {}
    for week, day, cid in zip(s["week"], s["day"], s["customer_id"], strict=True):
        out.setdefault((int(week), str(day)), set()).add(str(cid))
    return out


def _hours(table: pd.DataFrame) -> dict[tuple[int, str], float]:
    return {(int(w), str(d)): float(h)
            for w, d, h in zip(table["week"], table["day"], table["hours"], strict=True)}


def _limit(plan: m.Plan, territory_id: str) -> float:
    """The rep's day (the plan's for a territory the plan no longer has), as the dock uses."""
    if territory_id in plan.territory_ids:
        return rep_limit(plan, territory_id)
    return float(plan.settings.day_hours)


def move_effect(before: m.Plan, after: m.Plan, territory_id: str) -> MoveEffect:
    """What the calendar of ``after`` changed for ``territory_id``'s rep against ``before``."""
    was, now = _visits(before, territory_id), _visits(after, territory_id)
    joined = {k for k in now if now[k] - was.get(k, set())}
    left = {k for k in was if was[k] - now.get(k, set())}
    old = day_summary(before, territory_id=territory_id)
    new = day_summary(after, territory_id=territory_id)
    hours_was, hours_now = _hours(old), _hours(new)
    limit = _limit(after, territory_id)
    order = {d: k for k, d in enumerate(m.WEEKDAYS)}
    days: list[DayChange] = []
    for keys, went in ((joined, True), (left - joined, False)):
        for day in sorted({d for _w, d in keys}, key=lambda d: order.get(d, 9)):
            weeks = tuple(sorted(w for w, d in keys if d == day))
            days.append(DayChange(
                day=day, weeks=weeks,
                before=max(hours_was.get((w, day), 0.0) for w in weeks),
                after=max(hours_now.get((w, day), 0.0) for w in weeks),
                over=tuple(w for w in weeks if too_long(hours_now.get((w, day), 0.0), limit)),
                joined=went,
            ))
    meta = after.meta or {}
    s = after.schedule
    cycle = int(meta.get("schedule_weeks") or (s["week"].max() if s is not None and len(s)
                                               else after.settings.cycle_weeks))
    monday = first_monday(after.settings)
    return MoveEffect(
        territory=territory_id, cycle_weeks=cycle, limit=limit, days=tuple(days),
        km_before=float(old["travel_km"].sum()) if len(old) else 0.0,
        km_after=float(new["travel_km"].sum()) if len(new) else 0.0,
        monday=monday.isoformat() if monday is not None else "",
    )


def _dates(day: str, weeks: tuple[int, ...], monday: str) -> str:
    """The dates of ``day`` in ``weeks`` as a manager writes them: ``12/10(木)``, several
    ``12/10・12/24(木)`` (``12/10, 12/24(Thu)``)."""
    from planner.export.common import day_label as weekday_label

    first = dt.date.fromisoformat(monday)
    dates = [first + dt.timedelta(weeks=w - 1, days=m.WEEKDAYS.index(day)) for w in weeks]
    if len(dates) == 1:
        return day_text(dates[0].isoformat())
    return f"{day_list(f'{d.month}/{d.day}' for d in dates)}({weekday_label(day)})"


def _weeks_label(weeks: tuple[int, ...], day: str = "", monday: str = "") -> str:
    """``week 1`` / ``第1週``; ``weeks 1, 3`` / ``第1・3週``; with the calendar's dates
    (``monday``), those of ``day``: ``12/24(木)``."""
    if monday and day in m.WEEKDAYS:
        return _dates(day, weeks, monday)
    if len(weeks) == 1:
        return tr("week {n}", n=weeks[0])
    return tr("weeks {weeks}", weeks=day_list(weeks))


def day_label(change: DayChange, cycle_weeks: int, monday: str = "") -> str:
    """``every Tue`` / ``火曜日`` (every week of the cycle), ``week 1 Tue`` / ``第1週 火曜日``,
    ``weeks 1, 3 Tue`` / ``第1・3週 火曜日``; with the calendar's dates (``monday``, week 1's
    Monday) the days themselves: ``12/8(火)``, ``12/8(火)・12/22(火)``."""
    day = tr(m.WEEKDAY_TITLES.get(change.day, change.day))
    if len(change.weeks) >= cycle_weeks > 1:
        return tr("every {day}", day=day)
    if monday and change.day in m.WEEKDAYS:
        return _dates(change.day, change.weeks, monday)
    if len(change.weeks) == 1:
        return tr("week {n} {day}", n=change.weeks[0], day=day)
    if len(change.weeks) >= cycle_weeks:
        return tr("every {day}", day=day)
    return tr("weeks {weeks} {day}", weeks=day_list(change.weeks), day=day)


def _day_text(change: DayChange, effect: MoveEffect) -> str:
    """``火曜日 7.6 → 9.1時間（8時間を超えます）``."""
    values = {
        "day": day_label(change, effect.cycle_weeks, effect.monday),
        "before": hours_text(change.before, effect.limit),
        "after": hours_text(change.after, effect.limit),
        "limit": effect.limit,
    }
    if not change.over:
        return tr("{day} {before} → {after} h", **values)
    if change.over == change.weeks:
        return tr("{day} {before} → {after} h (longer than the {limit:g}-hour day)", **values)
    return tr("{day} {before} → {after} h ({weeks} longer than the {limit:g}-hour day)",
              weeks=_weeks_label(change.over, change.day, effect.monday), **values)


def km_text(effect: MoveEffect) -> str:
    """``Driving over 4 weeks: +51 km.`` / ``移動距離は4週で +51km。``"""
    change = effect.km_change
    if abs(change) < KM_SLACK:
        return tr("Driving over {weeks} weeks does not change.", weeks=effect.cycle_weeks)
    sign = "+" if change > 0 else "−"
    return tr("Driving over {weeks} weeks: {km} km.", weeks=effect.cycle_weeks,
              km=f"{sign}{abs(change):,.0f}")


def effect_text(effect: MoveEffect) -> str:
    """The move's effect in a sentence or two: 「1日の所要時間: 火曜日 7.6 → 9.1時間（8時間を
    超えます）、木曜日 8.0 → 6.9時間。移動距離は4週で +51km。」; "" when nothing moved."""
    if not effect.moved:
        return ""
    days = clauses(*(_day_text(d, effect) for d in effect.days))  # 12/8, 12/22(Tue) …; …
    return sentences(tr("Day lengths: {days}.", days=days), km_text(effect))
