"""The last resort for a customer's only visit pushed off a closed day: a visit of a customer
seen more often gives way to it.

When the year-end closure takes the only visit of the cycle of a monthly customer and no
day within reach has room, even with a neighbour moving its pattern
(:func:`planner._schedule_last_visit.place_last_visits`), a manager would rather a weekly
customer miss one week over the holidays than the monthly one go the whole month unseen.
:func:`give_way` therefore puts the only visit on an open day in place of one visit of a
customer seen more often, who keeps its other visits (its visit is listed as left out, like
those of closed days, naming the customer it gave way to). The customer giving way:

* keeps at least two visits in the calendar and has more visits than the one it gives way to;
* is on no day set by hand (訪問曜日, a hand move), and its visit there is on its own day
  (not one a closed day moved);
* is, if one can be, left with no gap longer than two weeks between its visits (the cycle
  repeating), and has lost no other visit already;
* among those, is one of the least important (rank, sales): customers within the same
  tenth of the rep's customers by importance count as alike, and among alike ones the
  exchange costing the least driving wins — the only visit put into the day's route minus
  the visit taken out of it, with each day further from the closed day counting as
  :data:`MINUTES_PER_DAY` more (a weekly customer next door gives way before one across
  the territory; the visit stays near its planned date) — then the least important.

Chosen by importance alone, the README chain's 87 exchanges added 272 km (+4 %) to the
December calendar, a monthly customer seldom lying as close to the day's other stops as the
weekly one it replaced; chosen so, 205 km, with as many visits placed
(``benchmarks/README.md``).

The day it gives up stays within the working day and every visit of it within its visiting
hours; the customer placed takes only the open days its closed day's move could (its week,
or any week of its period for one seen every four weeks or less often; never its closing
days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

import numpy as np

from planner._schedule_days import DayKey, TerritoryDays
from planner._schedule_keep_repair import by_hand
from planner._schedule_off import Moved, _apart, _limits, _may_fit, _other_weeks, shiftable
from planner._schedule_windows import fits_with

#: Open days within reach tried for the visit (the nearest first), and exchanges routed on
#: the clock for it (each may route a day with visiting hours).
DAYS_TRIED = 20
TRIES = 12
#: The longest gap, in days, left between the visits of the customer giving way by choice.
LONGEST_GAP = 14
#: Customers alike in importance: within the same 1/IMPORTANCE_BANDS of the rep's customers.
IMPORTANCE_BANDS = 10
#: The driving minutes a day's distance from the closed day counts as.
MINUTES_PER_DAY = 1.0

#: A visit that gave way: (customer giving way, its day, customer whose only visit took it)
Gave = tuple[int, DayKey, int]


def give_way(
    cal: TerritoryDays, i: int, key: DayKey, closed: set[DayKey], moved: Moved,
    given: set[int],
) -> Gave | None:
    """Customer ``i``'s only visit, pushed off closed day ``key``, placed in place of a visit
    of a customer seen more often (module docstring); ``moved`` receives where it was
    planned, ``given`` holds the customers that gave way already (each gives one visit).
    Returns the visit that gave way, or None (nothing changed) when none can."""
    options = []
    band = _bands(cal)
    for near, other in _days(cal, i, key, closed)[:DAYS_TRIED]:
        for j in cal.stops[other]:
            if j == i or j in given or (other, j) in moved or by_hand(cal, j):
                continue
            keys = cal.keys_of(j)
            seen = [k for k, stops in cal.stops.items() if j in stops]  # moved ones too
            if len(seen) < 3 or len(keys) <= len(cal.keys_of(i)):
                continue  # it would keep fewer than two visits, or is seen no more often
            if not _may_fit(cal, other, i, instead_of=j):
                continue
            cost = _exchange_minutes(cal, other, i, j) + MINUTES_PER_DAY * near[1]
            options.append(((_gap(cal, j, seen, other) > LONGEST_GAP, len(seen) < len(keys),
                             band(j), cost, int(cal.importance[j]), -len(seen), j), other, j))
    for _rank, other, j in sorted(options)[:TRIES]:
        cal._take_out(other, j)
        if fits_with(cal, other, i)[0]:
            cal._put_in(other, i)
            moved[(other, i)] = key
            given.add(j)
            return j, other, i
        cal._put_in(other, j)
    return None


def _bands(cal: TerritoryDays) -> Callable[[int], int]:
    """Customer → its band of importance among the rep's customers (0: the least
    important tenth), customers of equal importance in the same band."""
    ranked = np.sort(cal.importance)
    n = max(len(ranked), 1)
    return lambda j: int(np.searchsorted(ranked, cal.importance[j]) * IMPORTANCE_BANDS // n)


def _exchange_minutes(cal: TerritoryDays, key: DayKey, i: int, j: int) -> float:
    """The driving minutes day ``key``'s route gains when customer ``j``'s visit leaves it
    and customer ``i`` joins it at its cheapest place (the route's present order)."""
    order = cal.routes[key][0]
    x, y = i + 1, j + 1
    pos = order.index(y)
    a, b = order[pos - 1], order[(pos + 1) % len(order)]
    saved = float(cal.m[a, y] + cal.m[y, b] - cal.m[a, b])
    idx = np.asarray([v for v in order if v != y], dtype=np.int64)
    nxt = np.roll(idx, -1)
    added = float((cal.m[idx, x] + cal.m[x, nxt] - cal.m[idx, nxt]).min())
    return added - saved


def _days(cal: TerritoryDays, i: int, key: DayKey, closed: set[DayKey]) -> list[
        tuple[tuple[bool, int], DayKey]]:
    """The open days customer ``i``'s visit of closed day ``key`` may take, the nearest
    first (its own week first), as a closed day's move offers them."""
    week, day = key
    weeks = [week]
    if shiftable(cal, i):
        weeks += _other_weeks(cal, i, week, far=True)
    shut = _limits(cal, i)[0]
    return sorted(
        ((w != week, abs(7 * (w - week) + cal.weekday_no[d] - cal.weekday_no[day])), (w, d))
        for w in weeks for d in range(cal.n_days)
        if (w, d) not in closed and d not in shut and i not in cal.stops[(w, d)]
        and _apart(cal, i, (w, d))
    )


def _gap(cal: TerritoryDays, j: int, seen: list[DayKey], without: DayKey) -> int:
    """The longest gap in days between customer ``j``'s visits ``seen`` once the one of
    ``without`` is gone, the cycle repeating (the last visit's next is the first)."""
    days = sorted(7 * w + cal.weekday_no[d] for w, d in seen if (w, d) != without)
    span = 7 * cal.horizon
    return max(b - a for a, b in zip(days, [*days[1:], days[0] + span], strict=True))


def gave_way_dates(
    gave: Iterable[Gave], weekday_no: list[int], first: dt.date | None
) -> list[tuple[int, str, int]]:
    """The visits that gave way as (customer giving way, ISO date, customer placed), with
    week 1's Monday ``first`` (none without dates: no day is closed then)."""
    if first is None:
        return []
    return [(j, (first + dt.timedelta(days=7 * w + weekday_no[d])).isoformat(), i)
            for j, (w, d), i in gave]
