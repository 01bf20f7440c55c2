"""Visiting hours (訪問時間帯) in the calendar.

A customer with visiting hours is seen only inside them (:mod:`planner.visit_times`):
the visit starts at the opening time or later and ends by the closing time. The
calendar's search (:mod:`planner._schedule_search`) works on its usual estimates, but
every day holding such a customer is routed on the clock (:func:`day_in_windows`, the
order of :func:`planner._routing_windows.order_in_windows`), and its length counts the
waiting, so the search sees what the hours cost. (Pricing minutes past a closing time
into the length as well made the day-limit repair take customers out as if the days
were full: 17 of 160 in a test, none without it.) Last,
:func:`fit_windows` makes sure: while a day runs past a closing time or past the working
day, the customer whose leaving helps the day most — one with visiting hours first, else one
without who makes the day late or long — moves (whole pattern, as every other move) to the
position where every day it joins stays on time and within the limit, adding the fewest
minutes; a customer kept on its day (``keep_days``) is released for that when it must. A
customer with hours that fits nowhere is listed as unscheduled with the reason. The rep's
lunch break (:class:`planner.routing.Lunch`) is on the same clock.
Customers whose hours cannot be met on any day at all (shorter than the visit, closing
before the rep can get there, opening too late to be back by the end of the day) are
listed before the calendar is built (:func:`impossible_hours`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from planner._routing_windows import order_in_windows, visiting_hours
from planner._schedule_keep_repair import onto_avoided
from planner._tour_bound import tour_lower_bound
from planner.i18n import tr
from planner.routing import Lunch, format_clock

if TYPE_CHECKING:
    from planner._schedule_days import DayKey, TerritoryDays

_EPS = 1e-6
#: Minutes a day's lower bound must pass the working day by before :func:`fits_with` trusts
#: it without routing the day (far above the bound's rounding).
BOUND_MARGIN = 1e-3


@dataclass(frozen=True)
class WindowDay:
    """A day routed on the clock: matrix indexes in visiting order (0, the start, first)."""

    order: list[int]
    minutes: float  # from the day start until back: travel, visits and waiting
    late: float  # minutes visits end after their closing times, summed

    @property
    def rank(self) -> tuple[float, float]:
        """Sort key: on time first, then shorter."""
        return (round(self.late, 6), self.minutes)

    def fits(self, limit: float) -> bool:
        return self.late <= _EPS and self.minutes <= limit + _EPS


def day_in_windows(
    cal: TerritoryDays, idx: np.ndarray, sub: np.ndarray, tour: list[int], *, thorough: bool
) -> WindowDay:
    """Day ``idx`` (matrix indexes, 0 first; ``sub`` its minutes matrix, ``tour`` its shortest
    tour in local indexes) ordered within its customers' visiting hours: the local search
    from the best of three starts during the calendar's search, from each (``thorough``) for
    the final days (0.3–0.6 % shorter days at three times the time)."""
    service = [0.0, *(float(cal.service[j - 1]) for j in idx[1:])]
    opens, closes = visiting_hours([None, *(cal.windows.get(int(j) - 1) for j in idx[1:])])
    day = order_in_windows(
        sub, service, opens, closes, day_start=cal.day_start, tour=tour, every_start=thorough,
        kicks=0, lunch=cal.lunch,
    )
    return WindowDay([int(idx[k]) for k in day.order], day.minutes, day.late)


def timed_day(cal: TerritoryDays, key: DayKey) -> WindowDay:
    """Route day ``key`` on the clock (it holds a customer with visiting hours) and keep it."""
    stops = cal.stops[key]
    cal.routes[key] = cal.route(stops)
    return cal.window_days[frozenset(stops)]


def fit_windows(
    cal: TerritoryDays,
    *,
    reason: Callable[[int], str],
    tick: Callable[[], None] | None = None,
    max_rounds: int = 10_000,
    full_reason: str | None = None,
) -> None:
    """Move or, as a last resort, take out customers until every day with visiting hours is
    on time and within the working day. With ``full_reason``, a customer with hours that
    cannot move stays when a less important one (``cal.importance``, never one kept on its
    day) leaving the day puts it right: that one is left out, for ``full_reason`` (for
    ``reason`` when it has hours too)."""
    days = {key: timed_day(cal, key) for key in cal.stops if cal.timed(key)}
    for _ in range(max_rounds):
        if tick is not None:
            tick()
        bad = [k for k, day in days.items() if not day.fits(cal.limit) and k not in cal.avoid]
        if not bad:
            break
        key = max(bad, key=lambda k: (days[k].late, days[k].minutes))
        # the customers whose leaving repairs the day best: those with hours first, then
        # (a day made long by waiting, or late by the visits before) the others
        ranked = sorted(cal.stops[key], key=lambda i: (i not in cal.windows, _without(cal, key, i)))
        hours = [i for i in ranked if i in cal.windows]
        if not hours:  # too long without any visiting hours: the day-limit repair's business
            days.pop(key)
            continue
        touched = set(cal.keys_of(hours[0]))
        for i in hours[:3] + ranked[len(hours) : len(hours) + 3]:
            moved = _move(cal, i) or _release(cal, i)
            if moved is not None:
                touched = moved
                break
        else:
            small = _smaller(cal, key, hours[0]) if full_reason else None
            if small is not None:
                touched = set(cal.keys_of(small))
                cal.remove(small, reason(small) if small in cal.windows else full_reason or "")
            else:
                cal.remove(hours[0], reason(hours[0]))
        for k in touched:
            if cal.timed(k):
                days[k] = timed_day(cal, k)
            else:
                days.pop(k, None)
                cal.routes[k] = cal.route(cal.stops[k])
    for key in days:  # the final days: searched longer (route keeps the better day)
        cal.routes[key] = cal.route(cal.stops[key], thorough=True)
    cal.dirty.difference_update(days)


def _smaller(cal: TerritoryDays, key: DayKey, i: int) -> int | None:
    """The least important customer of day ``key`` less important than ``i`` (and not kept on
    its day) without whom the day is on time and within the working day, or None."""
    out = [j for j in cal.stops[key] if cal.importance[j] < cal.importance[i]
           and j not in cal.unpinned]
    fine = []
    for j in out:  # each candidate's day routed once
        late, minutes = _without(cal, key, j)
        if late <= _EPS and minutes <= cal.limit + _EPS:
            fine.append(j)
    return min(fine, key=lambda j: cal.importance[j]) if fine else None


def fits_with(cal: TerritoryDays, key: DayKey, i: int) -> tuple[bool, float]:
    """Whether day ``key`` with customer ``i`` added stays within the working day and, with
    visiting hours, on time; and its minutes then. Without visiting hours both come from the
    cheapest-insertion estimate; with them the day is routed on the clock (used by the moves
    off closed days too, :mod:`planner._schedule_off`)."""
    stops = [*cal.stops[key], i]
    estimate = cal.length(key) + cal._insert_cost(key, i)
    if cal.windows.keys().isdisjoint(stops):
        return estimate <= cal.limit + 1e-6, estimate
    if not cal.timed(key) and estimate > cal.limit + 1e-6:
        return False, estimate  # waiting only makes it longer than the estimate
    if frozenset(stops) not in cal.window_days:  # not routed yet: is it worth routing?
        least = least_minutes(cal, key, i)
        if least > cal.limit + BOUND_MARGIN:
            return False, least  # no order of these visits fits the working day
    minutes = cal.route(stops)[1]
    return cal.window_days[frozenset(stops)].fits(cal.limit), minutes


def least_minutes(cal: TerritoryDays, key: DayKey, i: int) -> float:
    """A lower bound on the minutes of day ``key`` with customer ``i`` added, in any order:
    its visits plus the Held–Karp bound on its travel (:func:`planner._tour_bound.
    tour_lower_bound`, guided by the day's order with ``i`` inserted where it adds least)."""
    order, x = cal.routes[key][0], i + 1
    at = cal._cheapest(order, x)[0] + 1
    idx = np.array([0, *sorted(j + 1 for j in cal.stops[key]), x], dtype=np.int64)
    local = {int(v): k for k, v in enumerate(idx)}
    tour = [local[v] for v in [*order[:at], x, *order[at:]] if v in local]
    if len(tour) != len(idx):  # (the day's order and stops always agree)
        tour = list(range(len(idx)))  # any round trip guides the bound's steps
    visits = float(cal.service[idx[1:] - 1].sum())
    travel = tour_lower_bound(cal.m[np.ix_(idx, idx)], tour,
                              above=cal.limit + BOUND_MARGIN - visits)
    return visits + travel


def _release(cal: TerritoryDays, i: int) -> set[DayKey] | None:
    """A customer kept on its day (``keep_days``) whose day cannot hold it on time: moved as
    a free customer, or left pinned."""
    if i not in cal.unpinned:
        return None
    moved: set[DayKey] | None = cal._release(i, lambda j: _move(cal, j))
    return moved


def _without(cal: TerritoryDays, key: DayKey, i: int) -> tuple[float, float]:
    """How day ``key`` would be without customer ``i``: (late minutes, day minutes)."""
    stops = [j for j in cal.stops[key] if j != i]
    minutes = cal.route(stops)[1]
    day = cal.window_days.get(frozenset(stops))
    return day.rank if day is not None and cal.timed(key) else (0.0, minutes)


def _move(cal: TerritoryDays, i: int) -> set[DayKey] | None:
    """Move customer ``i`` to the pattern position where every day it joins stays on time and
    within the limit, adding the fewest minutes; the days touched, or None when none fits."""
    old_keys = set(cal.keys_of(i))
    best: tuple[float, tuple[int, ...], int, set[DayKey]] | None = None
    for days, offset in cal._options(i):
        all_keys = {(w, d) for w in cal.weeks_of(i, offset) for d in days}
        new_keys = all_keys - old_keys
        if onto_avoided(cal, old_keys, all_keys):
            continue  # a visit moved onto a holiday: the customer could lose it
        cost = 0.0
        for key in new_keys:
            fits, minutes = fits_with(cal, key, i)
            if not fits:
                break
            cost += minutes - cal.length(key)
        else:
            if best is None or cost < best[0]:
                best = (cost, days, offset, new_keys)
    if best is None:
        return None
    _cost, days, offset, new_keys = best
    cal._set_pattern(i, days, offset)
    return old_keys | new_keys


def impossible_hours(
    minutes: np.ndarray,
    service: np.ndarray,
    windows: Mapping[int, tuple[float, float]],
    *,
    day_start: float,
    limit: float,
    labels: Mapping[int, str],
    lunch: Lunch | None = None,
) -> dict[int, str]:
    """Customers (local index; matrix index + 1) whose visiting hours no working day can meet,
    with the reason in one sentence."""
    out: dict[int, str] = {}
    for i, (opens, closes) in windows.items():
        hours = labels[i]
        begin = max(day_start + float(minutes[0, i + 1]), opens)
        if closes - opens < float(service[i]) - _EPS:
            out[i] = tr(
                "Its visiting hours ({hours}) are shorter than its {minutes:g}-minute visit.",
                hours=hours,
                minutes=float(service[i]),
            )
        elif begin + float(service[i]) > closes + _EPS:
            out[i] = tr(
                "Its visiting hours ({hours}) end before the rep, starting at {start}, can get "
                "there and finish the visit.",
                hours=hours,
                start=format_clock(day_start),
            )
        elif begin + float(service[i]) + float(minutes[i + 1, 0]) - day_start > limit + (
            lunch.minutes if lunch is not None and begin >= lunch.at else 0.0  # eaten before
        ) + _EPS:
            out[i] = tr(
                "Its visiting hours ({hours}) begin too late to visit it and be back within "
                "the working day ({start}–{end}).",
                hours=hours,
                start=format_clock(day_start),
                end=format_clock(day_start + limit + (lunch.minutes if lunch else 0.0)),
            )
    return out


def late_reason(hours: str) -> str:
    """Why a customer with visiting hours was left out of the calendar."""
    return tr(
        "No working day has room for its visit within its visiting hours ({hours}).",
        hours=hours,
    )
