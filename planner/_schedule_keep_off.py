"""Closed days in a rebuild that keeps the visit days: the kept customers' moves come first.

A calendar rebuilt with ``keep_days`` pins every customer the previous calendar had on the
weekday and week it had; its visits that fall on a closed day (a public holiday, the
company's or the rep's day off) are then moved again. Moved in one pass with the customers
placed anew (new, changed, or left out last time), a newcomer sitting on the free day a
kept customer's visit went to last time took it, and the kept customer lost its only visit
of the month. :func:`move_off_kept` therefore moves the kept customers' visits first:

1. each visit the previous calendar moved goes back to the day it went to (when that day is
   still open and holds it), and each it left out stays left out unless a day has room;
2. every other kept visit on a closed day moves like any holiday move (:func:`move_off`'s
   nearest open day with room), and when no day has room a customer placed anew gives up its
   place on the nearest day (it is taken out of the calendar for now);
3. the visits of the customers placed anew move into the room left, never pushing a kept
   customer's visit to another week;
4. the customers taken out in step 2 come back where there is room (:func:`fill_room`, with
   everyone else left out for lack of room), the most important first (rank, sales:
   :func:`planner._schedule_customers.importance_order`), never moving anyone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_days import DayKey, TerritoryDays
from planner._schedule_give_way import Gave
from planner._schedule_keep import _week1, planned_visits
from planner._schedule_off import (
    CLOSED_OUT_KEY,
    GAVE_WAY_KEY,
    Moved,
    _apart,
    _limits,
    closed_day_events,
    move_off,
    move_visit,
    skipped_visits,
)
from planner._schedule_windows import fits_with

#: (planned day, the day the previous calendar moved the visit to, or None: left out)
Memory = Mapping[int, list[tuple[DayKey, DayKey | None]]]

#: Days tried for making room (customers placed anew leaving) for one kept visit.
EVICT_TRIES = 8


def move_off_kept(
    cal: TerritoryDays,
    closed: set[DayKey],
    moved: Moved,
    *,
    kept: Collection[int],
    memory: Memory,
    reason: str,
    gave: list[Gave] | None = None,
    gave_to: Mapping[int, int] | None = None,
) -> list[tuple[int, DayKey]]:
    """Move every visit off the ``closed`` days, the ``kept`` customers' first (module
    docstring); ``memory`` holds where the previous calendar put each kept customer's
    visits of closed days (and its visits of open days that gave way to a customer's only
    visit: they give way again to the customer back in their place, ``gave_to`` naming the
    customer each gave way to; ``gave`` receives them), or are back on their day). Returns the visits that fit nowhere, as :func:`move_off` does; customers
    placed anew that gave up their place and found no other are left in
    ``cal.removed_reason`` with ``reason``."""
    kept = set(kept)
    cal.settled = kept  # no kept customer's visit is pushed a week to make room for another
    try:
        evicted: list[int] = []
        left_before = _remembered(cal, closed, moved, kept, memory, evicted, reason,
                                  [] if gave is None else gave, gave_to or {})
        lost = _kept_visits(cal, closed, moved, kept, left_before, evicted, reason)
        lost += move_off(cal, closed, moved)  # the customers placed anew, in the room left
        _forget_gone(cal, moved)  # those taken out come back in :func:`fill_room`
    finally:
        cal.settled = set()
    return lost


def _remembered(
    cal: TerritoryDays, closed: set[DayKey], moved: Moved, kept: set[int], memory: Memory,
    evicted: list[int], reason: str, gave: list[Gave], gave_to: Mapping[int, int],
) -> set[tuple[int, DayKey]]:
    """Step 1: the kept visits back where the previous calendar moved them; returns the
    visits it left out, (customer, planned day). A visit of an open day it left out gave way
    to a customer's only visit: it is out again while the visits are put back, and stays out
    when a customer's only visit is back on its day, or one of a closed day leaves it no
    room (``gave`` receives it)."""
    left: set[tuple[int, DayKey]] = set()
    given: list[tuple[int, DayKey]] = []
    # the visits pushed a week to make room for a closed day's visit first: they make it
    events = sorted(((origin in closed, origin, i, target) for i in memory
                     if i in kept and cal.active[i] for origin, target in memory[i]),
                    key=lambda e: e[:3])
    for _closed, origin, i, target in events:
        if target is None and origin not in closed and i in cal.stops.get(origin, ()):
            cal._take_out(origin, i)  # it gave way: the room of the visit placed there
            given.append((i, origin))
            continue
        if target is None:
            left.add((i, origin))
            continue
        if (origin not in cal.stops or target not in cal.stops or target in closed
                or i not in cal.stops[origin] or i in cal.stops[target]
                or target[1] in _limits(cal, i)[0]):
            continue
        cal._take_out(origin, i)
        if _fits_routed(cal, target, i) or _evict_for(
                cal, target, i, kept, reason=reason, evicted=evicted) is not None:
            cal._put_in(target, i)
            moved[(target, i)] = origin
        else:
            cal._put_in(origin, i)
    for j, key in given:  # those a closed day's visit came back to (an only visit first)
        came = sorted((i != gave_to.get(j), sum(i in stops for stops in cal.stops.values()) > 1,
                       i) for i in cal.stops[key] if moved.get((key, i)) in closed)
        if came and (not came[0][1] or not fits_with(cal, key, j)[0]):
            gave.append((j, key, came[0][2]))
        else:  # no one took its place (the day as it was): the visit is back
            cal._put_in(key, j)
    return left


def _fits_routed(cal: TerritoryDays, key: DayKey, i: int) -> bool:
    """Whether day ``key`` holds customer ``i`` too: the estimate, else the day routed with
    it (the edits' estimates drift; the day held it last time), on the clock searched
    longer. A day without visiting hours takes that route's order."""
    if fits_with(cal, key, i)[0]:
        return True
    stops = [*cal.stops[key], i]
    if not cal.windows.keys().isdisjoint(stops):  # on the clock: searched from every start
        cal.route(stops, thorough=True)
        return cal.window_days[frozenset(stops)].fits(cal.limit)
    order, length = cal.route(stops)
    if length > cal.limit + 1e-6:
        return False
    without = [x for x in order if x != i + 1]
    cal.routes[key] = (without, cal._length(without))
    return True


def _kept_visits(
    cal: TerritoryDays, closed: set[DayKey], moved: Moved, kept: set[int],
    left_before: set[tuple[int, DayKey]], evicted: list[int], reason: str,
) -> list[tuple[int, DayKey]]:
    """Step 2: the kept customers' other visits on closed days, moved like any holiday move;
    a customer placed anew gives up its place when no day has room (not for a visit the
    previous calendar left out too)."""
    lost: list[tuple[int, DayKey]] = []
    for key in sorted(closed):
        if key not in cal.stops:
            continue
        mine = [i for i in cal.stops[key] if i in kept]
        # weekly customers first (they have only their week), then the biggest accounts
        for i in sorted(mine, key=lambda j: (cal.patterns[j].period, -cal.importance[j],
                                              -cal.service[j])):
            room = None if (i, key) in left_before else (
                lambda i=i, key=key: _room_by_leaving(cal, i, key, closed, kept, evicted, reason))
            if not move_visit(cal, i, key, closed, moved, room):
                lost.append((i, key))
    return lost


def _room_by_leaving(
    cal: TerritoryDays, i: int, key: DayKey, closed: set[DayKey], kept: set[int],
    evicted: list[int], reason: str,
) -> DayKey | None:
    """The nearest open day of kept customer ``i``'s visit of closed day ``key`` on which
    customers placed anew, leaving, make room for it (they are taken out of the calendar and
    listed in ``evicted``); None when no day within :data:`EVICT_TRIES` does."""
    week, day = key
    shut = _limits(cal, i)[0]
    weeks = [week]
    if cal.patterns[i].period > 1 and _limits(cal, i)[1] is None:
        reach = cal.patterns[i].period - 1 if cal.patterns[i].period >= 4 else 1
        weeks += [w for w in range(week - reach, week + reach + 1) if w != week
                  and 0 <= w < cal.horizon
                  and not any(i in cal.stops[(w, d)] for d in range(cal.n_days))]
    options = [
        (w != week, abs(7 * (w - week) + cal.weekday_no[d] - cal.weekday_no[day]), (w, d))
        for w in weeks for d in range(cal.n_days)
        if (w, d) not in closed and i not in cal.stops[(w, d)] and d not in shut
        and _apart(cal, i, (w, d))
        and any(j not in kept for j in cal.stops[(w, d)])
    ]
    for *_near, other in sorted(options)[:EVICT_TRIES]:
        if _evict_for(cal, other, i, kept, reason=reason, evicted=evicted) is not None:
            return other
    return None


def _evict_for(
    cal: TerritoryDays, key: DayKey, i: int, kept: set[int], *, reason: str = "",
    evicted: list[int] | None = None,
) -> list[int] | None:
    """Take customers placed anew off day ``key`` (their whole pattern, the least important
    first) until customer ``i`` fits there; the customers taken out, or None (nothing
    changed) when even all of them leaving is not enough."""
    others = sorted((j for j in cal.stops[key] if j not in kept and j != i
                     and cal.importance[j] <= cal.importance[i]),  # never a bigger account
                    key=lambda j: (cal.importance[j], -cal.service[j]))
    if not others:
        return None
    snapshot = cal._snapshot()
    gone: list[int] = []
    for j in others:
        _take_away(cal, j, reason)
        gone.append(j)
        if fits_with(cal, key, i)[0]:
            if evicted is not None:
                evicted.extend(gone)
            return gone
    cal._rollback(snapshot)
    return None


def _take_away(cal: TerritoryDays, j: int, reason: str) -> None:
    """Customer ``j`` out of the calendar, wherever its visits are (a moved one too)."""
    for key, stops in cal.stops.items():
        if j in stops:
            cal._take_out(key, j)
    cal.active[j] = False
    cal.removed_reason[j] = reason


def _forget_gone(cal: TerritoryDays, moved: Moved) -> None:
    """Drop the moves of visits no longer on the day they were moved to (customers taken
    out to make room)."""
    for key, j in [k for k in moved if k[1] not in cal.stops.get(k[0], ())]:
        del moved[(key, j)]


def fill_room(
    cal: TerritoryDays, closed: set[DayKey], moved: Moved, *, reason: str
) -> list[tuple[int, DayKey]]:
    """The customers left out for lack of room (``reason``), back where their whole pattern
    fits in the room the finished days leave, the most important first (rank, sales), never
    moving anyone; their visits of ``closed`` days move into the room left too (a customer
    losing them all stays out). Returns those visits that fit nowhere, as :func:`move_off`.
    The searches before judged the room on estimates and tried a few customers and
    positions each; once the days are final, room they left is used, so that a rebuild
    keeping the days finds nobody left out with room for them."""
    lost: list[tuple[int, DayKey]] = []
    waiting = [j for j, why in cal.removed_reason.items() if why == reason]
    settled, cal.settled = cal.settled, set(range(len(cal.active)))  # no one is pushed
    try:
        for j in sorted(waiting, key=lambda v: (-cal.importance[v], -cal.service[v], v)):
            lost += _fill(cal, j, closed, moved)
    finally:
        cal.settled = settled
    return lost


def _fill(
    cal: TerritoryDays, j: int, closed: set[DayKey], moved: Moved
) -> list[tuple[int, DayKey]]:
    """:func:`fill_room` of customer ``j``: placed on the cheapest position whose open days
    all hold it (fewest closed days first), or left out."""
    options = []
    for days, offset in cal._options(j, include_current=True):
        keys = {(w, d) for w in cal.weeks_of(j, offset) for d in days}
        if keys <= closed:
            continue
        cost, blocking = cal._fit_cost(j, days, offset)
        if any(k not in closed for k in blocking):
            continue
        options.append((len(keys & closed), cost, days, offset, keys))
    for _n, _cost, days, offset, keys in sorted(options, key=lambda o: o[:2])[:4]:
        if not all(fits_with(cal, k, j)[0] for k in keys - closed):
            continue  # late for someone's visiting hours
        snapshot, before = cal._snapshot(), dict(moved)
        cal.place(j, days, offset)
        off = move_off(cal, closed, moved) if keys & closed else []
        if len(off) < len(keys):
            return off
        cal._rollback(snapshot)
        moved.clear()
        moved.update(before)
    return []


def previous_visits(plan: m.Plan) -> pd.DataFrame:
    """Every visit the present calendar planned, on the week and weekday it was planned on
    (``customer_id``, ``territory``, ``week``, ``day``): those in it (a visit a holiday moved
    back on its day, :func:`planned_visits`), those a closed day left out (the customer
    keeps its others) and those of customers a closed day left with no visit at all. A
    rebuild keeping the days keeps all of them where they were."""
    s = plan.schedule
    cols = ["customer_id", "territory", "week", "day"]
    if s is None or s.empty:
        return pd.DataFrame(columns=cols)
    out = planned_visits(s)[cols]
    first = _week1(s)
    if first is None:
        return out
    skipped = skipped_visits(plan)
    rows = [(str(c), str(t), str(d)) for c, t, d in
            zip(skipped["customer_id"], skipped["territory"], skipped["date"], strict=True)]
    rows += [(str(c), str(t), str(d)) for c, t, d in (plan.meta or {}).get(CLOSED_OUT_KEY) or []]
    if not rows:
        return out
    dates = [dt.date.fromisoformat(d) for _c, _t, d in rows]
    extra = pd.DataFrame({
        "customer_id": [c for c, _t, _d in rows],
        "territory": [t for _c, t, _d in rows],
        "week": np.array([(d - first).days // 7 + 1 for d in dates], dtype=np.int64),
        "day": [m.WEEKDAYS[d.weekday()] for d in dates],
    })
    return pd.concat([out, extra], ignore_index=True)


def closed_day_memory(
    plan: m.Plan, rows: Mapping[str, int], first: dt.date | None,
    days: Mapping[str, Sequence[str]], horizon: int,
) -> list[tuple[int, tuple[int, int], tuple[int, int] | None]]:
    """Where the present calendar moved (or left out) the visits of closed days, as
    ``(row, planned (week, day), (week, day) moved to or None)`` on the weeks of a new
    calendar whose week 1 begins on ``first``: ``rows`` maps the kept customers' ids to
    their plan rows, ``days`` gives each territory's working days. Dates outside the new
    calendar, or on days it does not work, are left aside."""
    if first is None or plan.schedule is None or plan.schedule.empty:
        return []
    terr = plan.customers[m.TERRITORY].astype(str).to_numpy()

    def key(iso: str, i: int) -> tuple[int, int] | None:
        date = dt.date.fromisoformat(iso)
        week, day = (date - first).days // 7, m.WEEKDAYS[date.weekday()]
        working = days.get(terr[i], ())
        return (week, list(working).index(day)) if 0 <= week < horizon and day in working else None

    out = []
    for cid, _territory, planned, new in closed_day_events(plan):
        i = rows.get(cid)
        if i is None:
            continue
        origin = key(planned, i)
        target = key(new, i) if new else None
        if origin is not None and (target is not None or not new):
            out.append((i, origin, target))
    return out


def previous_order(orders: Sequence[Sequence[int]]) -> Callable[[list[int]], list[int] | None]:
    """For :attr:`TerritoryDays.hint`: the stops of a day in the order the previous calendar
    visited them (``orders``: its days' customers, as local indexes, in visit order), when
    one of its days held them all; None otherwise."""
    by_stop: dict[int, list[tuple[Sequence[int], frozenset[int]]]] = {}
    for order in orders:
        both = (order, frozenset(order))
        for i in order:
            by_stop.setdefault(i, []).append(both)

    def hint(stops: list[int]) -> list[int] | None:
        wanted = set(stops)
        for order, members in by_stop.get(stops[0], ()) if stops else ():
            if wanted <= members:
                return [0, *[i + 1 for i in order if i in wanted]]
        return None

    return hint


def previous_days(plan: m.Plan, rows: Mapping[str, int]) -> dict[str, list[list[int]]]:
    """Per territory, each day of the present calendar as the plan rows of its customers in
    ``rows`` (the kept ones: id -> row), in visit order (:func:`previous_order`)."""
    s = plan.schedule
    if s is None or s.empty:
        return {}
    s = s.sort_values(["territory", "week", "day", "seq"], kind="stable")
    out: dict[str, list[list[int]]] = {}
    for (territory, _w, _d), day in s.groupby(["territory", "week", "day"], sort=False):
        mine = [rows[c] for c in day["customer_id"].astype(str) if c in rows]
        if len(mine) > 1:
            out.setdefault(str(territory), []).append(mine)
    return out


def gave_way_memory(plan: m.Plan, rows: Mapping[str, int]) -> dict[int, int]:
    """The visits of the present calendar that gave way to a customer's only visit
    (:data:`GAVE_WAY_KEY`), as the plan row of the customer that gave way → that of the
    customer placed (``rows``: id → plan row)."""
    return {rows[a]: rows[b] for a, _t, _d, b, *_ in (plan.meta or {}).get(GAVE_WAY_KEY) or []
            if a in rows and b in rows}


def kept_memory(
    events: list[tuple[int, DayKey, DayKey | None]],
) -> dict[int, list[tuple[DayKey, DayKey | None]]]:
    """``(customer, planned day, day moved to or None)`` events grouped per customer."""
    out: dict[int, list[tuple[DayKey, DayKey | None]]] = {}
    for i, origin, target in events:
        out.setdefault(i, []).append((origin, target))
    return out
