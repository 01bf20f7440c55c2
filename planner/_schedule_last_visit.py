"""A customer's only visit, pushed off a closed day, placed where moving a neighbour makes room.

The moves off closed days (:mod:`planner._schedule_off`, :mod:`planner._schedule_keep_off`)
put each visit on the nearest open day with room. On full days the room left is often
spread thin — a quarter of an hour here and there, never enough for one more visit — and a
monthly customer whose only visit of the cycle falls in the year-end closure then went
without a visit, although the days around held room enough in all. A manager expects a
monthly customer to be visited once a month: before such a customer is left out,
:func:`place_last_visits` tries the open days its visit may take (the nearest first, as a
closed day's move does: its own week, then for customers seen every 4 weeks or less often
any week of their period) once another customer of that day has moved its whole pattern
to days with room (its rhythm kept, never onto a closed day, a day set by hand never
moved; customers placed anew before those a rebuild keeps on their days, the fewest visits
first). No other customer loses a visit and no day runs past the working day. When no day
within reach can be freed, the last resort: a visit of a customer seen more often (weekly,
twice a week) gives way to it, that customer keeping its other visits
(:func:`planner._schedule_give_way.give_way`); only when none can is the customer left out,
with the closed day's reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner._schedule_days import DayKey, TerritoryDays
from planner._schedule_give_way import Gave, give_way
from planner._schedule_keep_repair import _move as move_pattern
from planner._schedule_keep_repair import by_hand
from planner._schedule_off import Moved, _apart, _limits, _may_fit, _other_weeks, shiftable
from planner._schedule_windows import fits_with

#: Open days tried for one visit (the nearest first), and customers moved off each, one at
#: a time: each try may route a day on the clock.
DAYS_TRIED = 20
MOVERS_TRIED = 6


def place_last_visits(
    cal: TerritoryDays, closed: set[DayKey], moved: Moved, lost: Iterable[tuple[int, DayKey]],
    gave: list[Gave] | None = None,
) -> list[tuple[int, DayKey]]:
    """The visits of ``lost`` (customer, closed day: none had room) whose customers have no
    other visit, placed where another customer moving makes room (module docstring), the
    most important customer first; then those still out in place of a visit of a customer
    seen more often, which ``gave`` receives (customer giving way, its day, customer placed).
    ``moved`` receives where each was planned. Returns the visits still left out (all of
    ``lost`` that were not placed)."""
    lost = list(lost)
    seen = {i for stops in cal.stops.values() for i in stops}
    # those the previous calendar left out too (a rebuild keeping the days) after the others
    alone = sorted({i for i, _key in lost if i not in seen and cal.active[i]},
                   key=lambda i: (i in cal.yielding, -int(cal.importance[i]),
                                  -float(cal.service[i]), i))
    placed: set[tuple[int, DayKey]] = set()
    avoid, cal.avoid = cal.avoid, frozenset(closed)  # no one moves onto a closed day
    try:
        for i in alone:
            key = min(k for j, k in lost if j == i)
            if _room_made(cal, i, key, closed, moved):
                placed.add((i, key))
        # each customer gives way once (a rebuild's given again too), after no one lost a visit
        given = {j for j, _key, _i in gave or ()}
        for i in alone:
            key = min(k for j, k in lost if j == i)
            if (i, key) not in placed and (visit := give_way(cal, i, key, closed, moved, given)):
                placed.add((i, key))
                if gave is not None:
                    gave.append(visit)
    finally:
        cal.avoid = avoid
    return [v for v in lost if v not in placed]


def _room_made(cal: TerritoryDays, i: int, key: DayKey, closed: set[DayKey], moved: Moved) -> bool:
    """Customer ``i``'s visit of closed day ``key`` on the nearest open day where moving one
    other customer away makes room for it; False, nothing changed, when none does."""
    week, day = key
    weeks = [week]
    if shiftable(cal, i):
        weeks += _other_weeks(cal, i, week, far=True)
    shut = _limits(cal, i)[0]
    days = sorted(
        ((w != week, abs(7 * (w - week) + cal.weekday_no[d] - cal.weekday_no[day])), (w, d))
        for w in weeks for d in range(cal.n_days)
        if (w, d) not in closed and d not in shut and i not in cal.stops[(w, d)]
        and _apart(cal, i, (w, d))
    )
    for _near, other in days[:DAYS_TRIED]:
        # only a customer whose leaving frees enough, on the day's present route, is tried
        movers = [j for j in _movers(cal, other, closed, moved)
                  if _may_fit(cal, other, i, instead_of=j)]
        for j in movers[:MOVERS_TRIED]:
            snapshot = cal._snapshot()
            if _move_away(cal, j) and fits_with(cal, other, i)[0]:
                cal._put_in(other, i)
                moved[(other, i)] = key
                return True
            cal._rollback(snapshot)
    return False


def _movers(cal: TerritoryDays, key: DayKey, closed: set[DayKey], moved: Moved) -> list[int]:
    """The customers of day ``key`` that may move their whole pattern to make room: every
    visit on its own day (none moved off a closed day, none lost to one), not on days set
    by hand; those placed anew first, then the fewest visits, then the most time given."""
    shifted = {j for _k, j in moved}
    out = []
    for j in cal.stops[key]:
        keys = cal.keys_of(j)
        if (j in shifted or by_hand(cal, j) or any(k in closed for k in keys)
                or any(j not in cal.stops[k] for k in keys)):
            continue
        out.append(j)
    return sorted(out, key=lambda j: (j in cal.unpinned, len(cal.keys_of(j)),
                                      -float(cal.service[j]), j))


def _move_away(cal: TerritoryDays, j: int) -> bool:
    """Customer ``j``'s whole pattern to the cheapest other position where every day has
    room (on the clock with visiting hours); one a rebuild keeps on its day is released from
    it (its own closing days and visit week still hold)."""
    def move(k: int) -> bool:  # the estimates first: a day routed on the clock costs time
        return _room_somewhere(cal, k) and bool(move_pattern(cal, k))

    if j in cal.unpinned:
        return bool(cal._release(j, move))
    return move(j)


def _room_somewhere(cal: TerritoryDays, j: int) -> bool:
    """Whether some other position of customer ``j``'s pattern has room on every day it
    joins, on the insertion estimates (waiting for visiting hours only adds to them)."""
    old = set(cal.keys_of(j))
    for days, offset in cal._options(j):
        new = {(w, d) for w in cal.weeks_of(j, offset) for d in days} - old
        if not new & cal.avoid and all(
                cal.length(k) + cal._insert_cost(k, j) <= cal.limit + 1e-6 for k in new):
            return True
    return False
