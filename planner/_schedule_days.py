"""One territory's calendar days: routing each day and repairing days that run too long.

The visits of a day are ordered with :func:`planner.routing.order_stops`; a day
longer than the working day is repaired by moving a customer's whole pattern
to another week offset or weekday (cheapest insertion, Rosenkrantz, Stearns &
Lewis 1977, estimates the cost) where every affected day still fits; a customer
that fits nowhere is taken out and reported, never dropped silently. A customer's
closing days (定休日, ``closed``) are never among the weekdays any of these moves
offers it, and a customer with a fixed visit week (訪問週, ``weeks``: its fixed week
offset) is only ever offered that offset: :meth:`TerritoryDays.allows` is the one place
that says which (weekday set, week offset) positions a customer may take. A day with
customers who have visiting hours (訪問時間帯, ``windows``) is ordered within them
(:mod:`planner._schedule_windows`); its length then counts the waiting too.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from planner._schedule_keep_repair import onto_avoided
from planner._schedule_same_days import SameDays
from planner._schedule_windows import WindowDay, day_in_windows
from planner._schedule_zones import Pattern
from planner.routing import Lunch, order_stops

DayKey = tuple[int, int]  # (week index 0-based, day index into the working days)


class TerritoryDays:
    """The visits of one territory's horizon and their routes.

    Matrix index 0 is the start point, customer ``i`` is index ``i + 1``.
    """

    def __init__(
        self,
        *,
        minutes: np.ndarray,
        service: np.ndarray,
        patterns: list[Pattern],
        day_sets: list[tuple[int, ...]],
        offsets: list[int],
        horizon: int,
        n_days: int,
        limit_minutes: float,
        route_seconds: float,
        active: np.ndarray,
        weekday_no: list[int] | None = None,
        closed: Mapping[int, frozenset[int]] | None = None,
        weeks: Mapping[int, int] | None = None,
        windows: Mapping[int, tuple[float, float]] | None = None,
        day_start: float = 0.0,
        lunch: Lunch | None = None,
    ) -> None:
        self.m = minutes
        #: visiting hours (opens, closes), minutes after midnight, of customers who have them
        self.windows: dict[int, tuple[float, float]] = dict(windows or {})
        self.day_start = day_start
        self.lunch = lunch  # the rep's lunch break, on the clock of days with visiting hours
        #: the timed day of each routed stop set holding a customer with visiting hours
        self.window_days: dict[frozenset[int], WindowDay] = {}
        self._tours: dict[frozenset[int], list[int]] = {}
        #: day indexes each customer is closed on (only customers with closing days)
        self.closed: dict[int, frozenset[int]] = {i: s for i, s in (closed or {}).items() if s}
        #: the fixed week offset of each customer with a visit week (period > 1 only)
        self.weeks: dict[int, int] = {
            i: o % patterns[i].period for i, o in (weeks or {}).items() if patterns[i].period > 1
        }
        self.weekday_no = weekday_no or list(range(n_days))
        self.service = service  # per customer (not the start point)
        self.patterns = patterns
        self.day_sets = list(day_sets)
        self.offsets = list(offsets)
        self.horizon = horizon
        self.n_days = n_days
        self.limit = limit_minutes
        self.route_seconds = route_seconds
        self.active = active.copy()  # False once taken out of the calendar
        self.removed_reason: dict[int, str] = {}
        #: customers kept on their days from the previous calendar (keep_days), with their
        #: closing days and visit week without the keeping pin: the repair takes others off a
        #: full day first, and a kept one is released only to let a left-out customer in
        self.unpinned: dict[int, tuple[frozenset[int], int | None]] = {}
        #: customers with visit days (訪問曜日) -> their closing days (定休日) alone: a visit
        #: a closed day moves that fits none of its visit days may go to another of these
        self.shop_closed: dict[int, frozenset[int]] = {}
        #: kept customers now visited more often (a rank that went up): on a day too full,
        #: one of them leaves it before a neighbour who did not change, when that is enough
        self.grown: set[int] = set()
        #: customers the previous calendar left out (keep_days): on a full day they leave
        #: before an equal account (rank, sales) and take only the room left
        self.yielding: set[int] = set()
        #: customers the previous period did not visit, rolled on to the next: they may take
        #: the place of a smaller account kept on its day (:mod:`planner._schedule_roll`)
        self.first: set[int] = set()
        #: kept customers whose visits a closed day's move pushes to another week for no one
        #: (:mod:`planner._schedule_keep_off`)
        self.settled: set[int] = set()
        #: stops -> the previous calendar's order of them (matrix indices from 0), or None
        #: (keep_days: a day holding what it held fits as it did, :mod:`planner._schedule_keep_off`)
        self.hint: Callable[[list[int]], list[int] | None] | None = None
        self.same: SameDays | None = None  # previous days' orders (_schedule_same_days)
        #: each customer's importance (higher: a bigger account): a day too full for every
        #: visit leaves out its least important customer first (rank, sales, frequency)
        self.importance = np.zeros(len(patterns), dtype=np.int64)
        #: days (holidays, days off) :meth:`_try_move` moves no visit onto while making room
        #: (a weekly customer moved onto Monday would lose the visit of 成人の日)
        self.avoid: frozenset[DayKey] = frozenset()
        #: minutes counted on days as taken (:mod:`planner._schedule_keep_room`)
        self.reserved: dict[DayKey, float] = {}
        #: customers on days set by hand that a full day moved to another of their rhythm
        #: (:func:`planner._schedule_keep_repair.move_hand`)
        self.hand_moved: set[int] = set()
        #: customers whose visit days were typed (the customer's wish, not a hand move): never
        #: moved to another weekday for a full day (:func:`planner._schedule_keep_repair.move_hand`)
        self.wishes: set[int] = set()
        self._cache: dict[frozenset[int], tuple[list[int], float]] = {}
        self._rows: list[list[float]] | None = None  # the minutes matrix as lists (_cheapest)
        self.stops: dict[DayKey, list[int]] = {}
        self.routes: dict[DayKey, tuple[list[int], float]] = {}
        self.dirty: set[DayKey] = set()  # days edited by insertion/removal, to re-optimise
        self._rebuild_stops()

    # -- structure -----------------------------------------------------------
    def weeks_of(self, i: int, offset: int | None = None) -> list[int]:
        """Weeks (0-based) in which customer ``i`` is visited."""
        p = self.patterns[i].period
        o = self.offsets[i] if offset is None else offset
        return [w for w in range(self.horizon) if w % p == o % p]

    def keys_of(self, i: int) -> list[DayKey]:
        return [(w, d) for w in self.weeks_of(i) for d in self.day_sets[i]]

    def _rebuild_stops(self) -> None:
        self.stops = {(w, d): [] for w in range(self.horizon) for d in range(self.n_days)}
        for i in range(len(self.patterns)):
            if self.active[i]:
                for key in self.keys_of(i):
                    self.stops[key].append(i)

    # -- routes --------------------------------------------------------------
    def route(self, stops: list[int], *, thorough: bool = False) -> tuple[list[int], float]:
        """Order (matrix indices from 0) and length in minutes (travel + service) of a day;
        ``thorough``: a day with visiting hours is searched longer (for the final calendar)."""
        key = frozenset(stops)
        on_clock = not self.windows.keys().isdisjoint(stops)
        hit = self._cache.get(key)
        if hit is not None and (not on_clock or (key in self.window_days and not thorough)):
            return hit
        if not stops:
            result: tuple[list[int], float] = ([0], 0.0)
        else:
            idx = np.array([0, *[i + 1 for i in sorted(stops)]], dtype=np.int64)
            sub = self.m[np.ix_(idx, idx)]
            local = self._tours.get(key) or order_stops(
                sub,
                start=0,
                end=0,
                time_limit=self.route_seconds,
                stall_kicks=100 + 20 * len(stops),
            )
            order = [int(idx[j]) for j in local]
            result = (order, self._length(order))
            kept = None if on_clock or self.hint is None else self.hint(stops)
            if kept is not None and self._length(kept) < result[1] - 1e-9:
                result = (kept, self._length(kept))  # the previous calendar's order was shorter
            day = day_in_windows(self, idx, sub, local, thorough=thorough) if on_clock else None
            if self.same is not None:  # the stops of a previous day: its order, if it holds
                result, day = self.same.prefer(self, stops, result, day)
            if day is not None:
                self._tours[key] = local  # the shortest tour: where a search on the clock starts
                if key in self.window_days and self.window_days[key].rank <= day.rank:
                    return self._cache[key]
                self.window_days[key] = day
                result = (day.order, day.minutes)
        self._cache[key] = result
        return result

    def _length(self, order: list[int]) -> float:
        o = np.asarray(order, dtype=np.int64)
        travel = float(self.m[o[:-1], o[1:]].sum() + self.m[o[-1], o[0]]) if len(o) > 1 else 0.0
        return travel + float(self.service[o[1:] - 1].sum())

    def route_all(self, progress: Callable[[float], None] | None = None) -> None:
        keys = list(self.stops)
        for j, key in enumerate(keys):
            self.routes[key] = self.route(self.stops[key])
            if progress is not None:
                progress((j + 1) / len(keys))

    def length(self, key: DayKey) -> float:
        """Day ``key``'s minutes, with the room :attr:`reserved` on it."""
        return self.routes[key][1] + self.reserved.get(key, 0.0)

    def timed(self, key: DayKey) -> bool:
        """True when day ``key`` is routed on the clock (it holds a customer with hours)."""
        return bool(self.windows) and not self.windows.keys().isdisjoint(self.stops[key])

    # -- repair --------------------------------------------------------------
    def _insert_cost(self, key: DayKey, i: int) -> float:
        """Extra minutes (travel + service) of inserting customer ``i`` into day ``key``."""
        return self._cheapest(self.routes[key][0], i + 1)[1] + float(self.service[i])

    def _cheapest(self, order: list[int], x: int) -> tuple[int, float]:
        """``(at, minutes)``: point ``x`` adds the least travel to the round trip ``order``
        (matrix indexes) between ``order[at]`` and the stop after it (the first such place),
        and that many minutes. A day holds a few dozen stops: a loop over the matrix's rows
        as lists beats numpy's cost per call, and adds the same doubles in the same order."""
        rows = self._rows
        if rows is None:
            rows = self._rows = self.m.tolist() if self.m.dtype == np.float64 else None
        if rows is None:  # another precision: numpy's sums in it
            o = np.asarray(order, dtype=np.int64)
            nxt = np.roll(o, -1)
            extra = self.m[o, x] + self.m[x, nxt] - self.m[o, nxt]
            at = int(np.argmin(extra))
            return at, float(extra[at])
        to_x = rows[x]
        best, at = math.inf, 0
        row = rows[order[0]]
        for k in range(1, len(order) + 1):
            b = order[k] if k < len(order) else order[0]
            extra = row[x] + to_x[b] - row[b]
            if extra < best:
                best, at = extra, k - 1
            row = rows[b]
        return at, best

    def _options(
        self, i: int, *, include_current: bool = False
    ) -> list[tuple[tuple[int, ...], int]]:
        """Other (weekday set, offset) choices keeping customer ``i``'s pattern that it
        :meth:`allows` (open days, its visit week)."""
        p = self.patterns[i]
        current = (self.day_sets[i], self.offsets[i])
        if include_current:
            current = ((-1,), -1)
        out: list[tuple[tuple[int, ...], int]] = []
        if p.per_week == 1:
            for d in range(self.n_days):
                for o in range(p.period):
                    if ((d,), o) != current and self.allows(i, (d,), o):
                        out.append(((d,), o))
        else:
            days = self.day_sets[i]
            if include_current:
                out.append((days, 0))
            gap = self._min_gap(days)
            for slot in range(len(days)):
                for d in range(self.n_days):
                    if d in days or not self.allows(i, (d,), 0):
                        continue
                    new = tuple(sorted(days[:slot] + (d,) + days[slot + 1 :]))
                    if self._min_gap(new) >= gap:  # never bunch twice-a-week visits closer
                        out.append((new, 0))
        return out

    def is_open(self, i: int, days: tuple[int, ...]) -> bool:
        """True when customer ``i`` is open on every day of ``days``."""
        shut = self.closed.get(i)
        return not shut or not shut.intersection(days)

    def allows(self, i: int, days: tuple[int, ...], offset: int) -> bool:
        """True when customer ``i`` may take pattern position (``days``, ``offset``): open
        (and allowed) on every day of ``days``, and in its visit week when it has one.
        :meth:`_options` offers exactly these positions."""
        fixed = self.weeks.get(i)
        if fixed is not None and offset % self.patterns[i].period != fixed:
            return False
        return self.is_open(i, days)

    def _min_gap(self, days: tuple[int, ...]) -> int:
        nos = sorted(self.weekday_no[d] for d in days)
        return min((b - a for a, b in zip(nos, nos[1:], strict=False)), default=7)

    def _try_move(self, i: int) -> bool:
        """Move customer ``i`` to the cheapest other pattern position where every day fits."""
        old_keys = set(self.keys_of(i))
        best: tuple[float, tuple[int, ...], int] | None = None
        for days, offset in self._options(i):
            all_keys = {(w, d) for w in self.weeks_of(i, offset) for d in days}
            new_keys = all_keys - old_keys
            if onto_avoided(self, old_keys, all_keys):
                continue  # a visit moved onto a holiday: the customer could lose it
            cost = 0.0
            ok = True
            for key in new_keys:
                extra = self._insert_cost(key, i)
                if self.length(key) + extra > self.limit + 1e-6:
                    ok = False
                    break
                cost += extra
            if ok and (best is None or cost < best[0]):
                best = (cost, days, offset)
        if best is None:
            return False
        _, days, offset = best
        self._set_pattern(i, days, offset)
        return True

    def _set_pattern(self, i: int, days: tuple[int, ...], offset: int) -> None:
        old_keys = set(self.keys_of(i))
        self.day_sets[i] = days
        self.offsets[i] = offset
        new_keys = set(self.keys_of(i))
        for key in old_keys - new_keys:
            self._take_out(key, i)
        for key in new_keys - old_keys:
            self._put_in(key, i)

    def _take_out(self, key: DayKey, i: int) -> None:
        """Remove customer ``i`` from day ``key``, keeping the others' order."""
        self.stops[key].remove(i)
        old, length = self.routes[key]
        x = i + 1
        pos = old.index(x)
        a, b = old[pos - 1], old[(pos + 1) % len(old)]
        order = old[:pos] + old[pos + 1 :]
        saving = float(self.m[a, x] + self.m[x, b] - self.m[a, b]) + float(self.service[i])
        self.routes[key] = (order, length - saving if len(order) > 1 else 0.0)
        self.dirty.add(key)

    def _put_in(self, key: DayKey, i: int) -> None:
        """Insert customer ``i`` into day ``key`` where it adds the least travel."""
        self.stops[key].append(i)
        x = i + 1
        old, length = self.routes[key]
        at, extra = self._cheapest(old, x)
        at += 1
        new = [*old[:at], x, *old[at:]]
        self.routes[key] = (new, length + extra + float(self.service[i]))
        self.dirty.add(key)

    def reoptimise(self, tick: Callable[[], None] | None = None) -> None:
        """Re-route the days edited by repairs, keeping whichever order is shorter (a day with
        visiting hours always takes its timed route: the edited order's estimate ignores them)."""
        for key in sorted(self.dirty):
            if tick is not None:
                tick()
            order, length = self.route(self.stops[key])
            if length < self.routes[key][1] - 1e-9 or self.timed(key):
                self.routes[key] = (order, length)
        self.dirty.clear()

    def remove(self, i: int, reason: str) -> None:
        """Take customer ``i`` out of the calendar (it will be reported as unscheduled)."""
        keys = self.keys_of(i)
        self.active[i] = False
        self.removed_reason[i] = reason
        for key in keys:
            if i in self.stops[key]:
                self._take_out(key, i)

    def _fit_cost(self, i: int, days: tuple[int, ...], offset: int) -> tuple[float, list[DayKey]]:
        """Insertion minutes of pattern position (days, offset) and the days it would overfill."""
        cost, blocking = 0.0, []
        for key in {(w, d) for w in self.weeks_of(i, offset) for d in days}:
            extra = self._insert_cost(key, i)
            if self.length(key) + extra > self.limit + 1e-6:
                blocking.append(key)
            cost += extra
        return cost, blocking

    def _make_room(self, key: DayKey, i: int, *, tries: int = 12, release: bool = False) -> bool:
        """Move other customers off day ``key`` (keeping their patterns) until ``i`` fits;
        with ``release``, kept customers too (:meth:`_release`)."""
        order = self.routes[key][0][1:]
        for x in sorted(order, key=lambda v: -self.service[v - 1])[:tries]:
            j = x - 1
            moved = self._try_move(j) or (release and j in self.unpinned and self._release(j))
            if moved and self.length(key) + self._insert_cost(key, i) <= self.limit:
                return True
        return self.length(key) + self._insert_cost(key, i) <= self.limit + 1e-6

    def _release(self, j: int, move: Callable[[int], Any] | None = None) -> Any:
        """Move kept customer ``j`` off its kept day with its pin dropped (its own closing days
        and visit week still hold), by ``move`` (default :meth:`_try_move`); the pin stays when
        the move fails. Returns what ``move`` returned."""
        pinned = self.closed.get(j), self.weeks.get(j)
        self._pin(j, *self.unpinned[j])
        moved = (move or self._try_move)(j)
        if moved:
            del self.unpinned[j]
        else:
            self._pin(j, *pinned)
        return moved

    def _pin(self, j: int, shut: frozenset[int] | None, week: int | None) -> None:
        if shut:
            self.closed[j] = shut
        else:
            self.closed.pop(j, None)
        if week is not None:
            self.weeks[j] = week
        else:
            self.weeks.pop(j, None)

    def reinsert(self, *, release: bool = False) -> int:
        """Put taken-out customers back where their whole pattern fits, making room if needed
        (with ``release``, also by moving kept customers off their kept days)."""
        placed = 0
        room = len(self.stops) * self.limit - sum(self.length(k) for k in self.stops)
        if room <= 0:
            return 0
        # a customer the previous calendar left out moves no kept customer: it takes the room left
        waiting = [i for i in self.removed_reason if not (release and i in self.yielding)]
        for i in sorted(waiting, key=lambda j: self.service[j])[:40]:
            for n_block, _cost, days, offset, blocking in self.positions(i)[:4]:
                if n_block > 2:
                    break
                # a kept customer gives up its day only if that lets ``i`` in: else roll back
                snapshot = self._snapshot() if release else None
                if not all(self._make_room(key, i, release=release) for key in blocking):
                    if snapshot is not None:
                        self._rollback(snapshot)
                    continue
                _c, still = self._fit_cost(i, days, offset)
                if still:
                    if snapshot is not None:
                        self._rollback(snapshot)
                    continue
                self.place(i, days, offset)
                placed += 1
                break
        return placed

    def positions(
        self, i: int
    ) -> list[tuple[int, float, tuple[int, ...], int, list[DayKey]]]:
        """Taken-out customer ``i``'s pattern positions as (days it would overfill, insertion
        minutes, days, offset, those days), fewest overfilled days first, then cheapest;
        none all of whose visits fall on :attr:`avoid` days."""
        scored = []
        for days, offset in self._options(i, include_current=True):
            if self.avoid and {(w, d) for w in self.weeks_of(i, offset) for d in days} <= (
                    self.avoid):
                continue  # its every visit on a holiday
            cost, blocking = self._fit_cost(i, days, offset)
            scored.append((len(blocking), cost, days, offset, blocking))
        scored.sort(key=lambda t: (t[0], t[1]))
        return scored

    def place(self, i: int, days: tuple[int, ...], offset: int) -> None:
        """Put taken-out customer ``i`` back on pattern position (``days``, ``offset``)."""
        self.day_sets[i], self.offsets[i] = days, offset
        self.active[i] = True
        del self.removed_reason[i]
        for key in self.keys_of(i):
            self._put_in(key, i)

    def _snapshot(self) -> tuple[Any, ...]:
        """The calendar's state, pins included, to roll a failed attempt back."""
        return (
            {k: list(v) for k, v in self.stops.items()}, dict(self.routes), list(self.day_sets),
            list(self.offsets), set(self.dirty), dict(self.closed), dict(self.weeks),
            dict(self.unpinned), self.active.copy(), dict(self.removed_reason),
        )

    def _rollback(self, snapshot: tuple[Any, ...]) -> None:
        (self.stops, self.routes, self.day_sets, self.offsets, self.dirty, self.closed,
         self.weeks, self.unpinned, self.active, self.removed_reason) = snapshot

    def repair(self, *, full_reason: str, max_rounds: int = 10_000) -> None:
        """Shorten every day above the limit by moving, or as a last resort removing, visits
        (:func:`planner._schedule_repair.repair_days`)."""
        from planner._schedule_repair import repair_days

        repair_days(self, full_reason=full_reason, max_rounds=max_rounds)

    # -- travel improvement ----------------------------------------------------
    def _removal_saving(self, key: DayKey, i: int) -> float:
        order = self.routes[key][0]
        x = i + 1
        pos = order.index(x)
        a, b = order[pos - 1], order[(pos + 1) % len(order)]
        return float(self.m[a, x] + self.m[x, b] - self.m[a, b])

    def improve(
        self, *, passes: int = 3, slack: float = 1.15, tick: Callable[[], None] | None = None
    ) -> int:
        """Move customers to the pattern position that saves most travel (relocate search,
        :func:`planner._schedule_search.relocate`)."""
        from planner._schedule_search import relocate

        return relocate(self, passes=passes, slack=slack, tick=tick)
