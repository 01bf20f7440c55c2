"""A rebuild keeping the visit days keeps the stop order of every day that did not change.

The day routes are solved with a time limit (:func:`planner.routing.order_stops`), so the
same stops do not always come out in the same order, nor equally long. A rebuild with
``keep_days`` on a plan where nothing changed re-solved every day: the rep's and the
customers' usual order was shuffled (48 visits of the sample plan got another time), and a
kept day near the day limit on the clock (7.96 h of 8) came out 8.08 h long, so the
visiting-hours pass moved a kept customer to another week to make it fit.

The rule (:data:`SHORTER_BY`): a day holding exactly the customers the previous calendar's
same day held (same territory, week and weekday) keeps the previous visiting order, its
times recomputed, as long as that order is still feasible — every visit inside its visiting
hours and the day within the working day, on today's settings — unless the route solved
anew drives more than 2 % less (travel minutes, waiting left aside). A rep and customers
used to an order keep it; a clearly better route is still taken. The search applies the
rule to every day holding such a set (:meth:`SameDays.choose`, through
:meth:`planner._schedule_days.TerritoryDays.route`), so that it judges the kept days as they
were; :func:`keep_same_orders` applies it to each final day against its own previous day.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from planner import model as m
from planner._routing_windows import evaluate, visiting_hours

if TYPE_CHECKING:
    from planner._schedule_days import DayKey, TerritoryDays
    from planner._schedule_windows import WindowDay

#: The share of travel a day solved anew must save to replace the previous order of the same
#: stops (0.02: more than 2 % less travel time).
SHORTER_BY = 0.02
_EPS = 1e-6


class SameDays:
    """The previous calendar's days of one territory (``by_key``: (week index, day index) ->
    customers as local indexes in visiting order), for a rebuild keeping the days."""

    def __init__(self, by_key: Mapping[DayKey, Sequence[int]]) -> None:
        self.by_key = {k: [0, *(i + 1 for i in v)] for k, v in by_key.items() if v}
        self.by_set: dict[frozenset[int], list[int]] = {}
        for key in sorted(self.by_key):  # the earliest week's order for a set held twice
            self.by_set.setdefault(frozenset(i - 1 for i in self.by_key[key][1:]), self.by_key[key])

    def previous(self, stops: Sequence[int], key: DayKey | None = None) -> list[int] | None:
        """The previous order (matrix indexes, 0 first) of exactly ``stops``: day ``key``'s,
        else any previous day's that held them; None when none did."""
        wanted = frozenset(stops)
        if key is not None:
            order = self.by_key.get(key)
            return order if order is not None and frozenset(order[1:]) == {
                i + 1 for i in wanted} else None
        return self.by_set.get(wanted)

    def choose(
        self, cal: TerritoryDays, stops: Sequence[int], solved: tuple[list[int], float],
        day: WindowDay | None = None, *, key: DayKey | None = None,
    ) -> tuple[list[int], float, WindowDay | None] | None:
        """The previous order of ``stops`` as ``(order, length, timed day)`` when the rule
        (module docstring) keeps it over ``solved`` (its timed ``day`` when on the clock);
        None when the solved route stays."""
        previous = self.previous(stops, key)
        if previous is None or previous == solved[0]:
            return None
        if day is not None or not cal.windows.keys().isdisjoint(stops):
            kept = clock_day(cal, previous)
            if kept.late > _EPS or kept.minutes > cal.limit + _EPS:
                return None  # late for someone's hours, or too long now
            length = kept.minutes
        else:
            kept, length = None, cal._length(previous)
            if length > cal.limit + _EPS:
                return None
        new_late = day.late if day is not None else 0.0
        new_fits = new_late <= _EPS and (day.minutes if day is not None else solved[1]) <= (
            cal.limit + _EPS)
        if new_fits and travel(cal, solved[0]) < (1.0 - SHORTER_BY) * travel(cal, previous):
            return None  # clearly shorter: the better route wins
        return previous, length, kept


    def prefer(
        self, cal: TerritoryDays, stops: Sequence[int], solved: tuple[list[int], float],
        day: WindowDay | None,
    ) -> tuple[tuple[list[int], float], WindowDay | None]:
        """``(route, timed day)`` of ``stops`` after the rule: the previous order's when
        :meth:`choose` keeps it, else ``solved`` and its timed ``day`` (None off the clock)."""
        kept = self.choose(cal, stops, (day.order, day.minutes) if day else solved, day)
        if kept is None:
            return solved, day
        return (kept[0], kept[1]), kept[2] or day


def travel(cal: TerritoryDays, order: Sequence[int]) -> float:
    """Minutes driven on day ``order`` (matrix indexes, the start point first), back home
    included."""
    o = np.asarray(order, dtype=np.int64)
    return float(cal.m[o[:-1], o[1:]].sum() + cal.m[o[-1], o[0]]) if len(o) > 1 else 0.0


def clock_day(cal: TerritoryDays, order: Sequence[int]) -> WindowDay:
    """Day ``order`` timed on the clock as it stands (waiting, lunch break, lateness)."""
    from planner._schedule_windows import WindowDay

    idx = list(order)
    service = [0.0, *(float(cal.service[j - 1]) for j in idx[1:])]
    opens, closes = visiting_hours([None, *(cal.windows.get(int(j) - 1) for j in idx[1:])])
    local = cal.m[np.ix_(idx, idx)]
    day = evaluate(list(range(len(idx))), local, service, opens, closes, cal.day_start,
                   cal.lunch)
    return WindowDay(idx, day.minutes, day.late)


def reroute_kept(cal: TerritoryDays, key: DayKey, routed: set[frozenset[int]]) -> bool:
    """Route day ``key`` anew (once per set of stops) when it holds only customers kept on
    their days: the edits' estimates drift, and the day held them last time (in its order,
    when the same customers: :class:`SameDays`). True when that brought it within the
    working day (:meth:`TerritoryDays.repair`)."""
    stops = frozenset(cal.stops[key])
    if stops in routed or not stops <= cal.unpinned.keys():
        return False
    routed.add(stops)
    order, length = cal.route(cal.stops[key])
    if length < cal.length(key) - 1e-9 or cal.timed(key):
        cal.routes[key] = (order, length)
    return cal.length(key) <= cal.limit + 1e-6


def keep_same_orders(cal: TerritoryDays) -> int:
    """Each final day holding exactly its previous day's customers back in the previous order
    when the rule keeps it (:class:`SameDays`); returns how many days changed order."""
    same = cal.same
    if same is None:
        return 0
    changed = 0
    for key in sorted(same.by_key):
        stops = cal.stops.get(key)
        if not stops:
            continue
        order, length = cal.routes[key]
        day = clock_day(cal, order) if cal.timed(key) else None
        kept = same.choose(cal, stops, (order, length), day, key=key)
        if kept is None:
            continue
        cal.routes[key] = (kept[0], kept[1])
        if kept[2] is not None:
            cal.window_days[frozenset(stops)] = kept[2]
        changed += 1
    return changed


def previous_day_stops(
    schedule: object, rows: Mapping[str, int], *, days: Mapping[str, Sequence[str]],
    shift: int, horizon: int,
) -> dict[str, dict[DayKey, list[int]]]:
    """Per territory, each day of the previous calendar ``schedule`` (as it was visited, a
    holiday's moves included) as plan rows in visiting order, on the (week index, working-day
    index) of the calendar being built: its week 1 ``shift`` weeks after the previous one's
    (:func:`planner._schedule_keep.week_shift`), ``days`` each territory's working days.
    Days with a customer no longer in the plan (``rows``: id -> row), or outside the new
    calendar, are left out: they cannot hold the same customers."""
    import pandas as pd

    s = schedule
    if not isinstance(s, pd.DataFrame) or s.empty:
        return {}
    s = s.sort_values(["territory", "week", "day", "seq"], kind="stable")
    out: dict[str, dict[DayKey, list[int]]] = {}
    for (territory, week, day), visits in s.groupby(["territory", "week", "day"], sort=False):
        working = list(days.get(str(territory), ()))
        w = int(week) - 1 - shift
        if str(day) not in working or not 0 <= w < horizon or str(day) not in m.WEEKDAYS:
            continue
        ids = visits["customer_id"].astype(str).tolist()
        if all(c in rows for c in ids) and len(set(ids)) == len(ids):
            out.setdefault(str(territory), {})[(w, working.index(str(day)))] = [
                rows[c] for c in ids]
    return out
