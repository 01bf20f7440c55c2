"""Searches that shorten one territory's calendar.

:func:`relocate` moves single customers to the pattern position that saves most travel;
:func:`swap` exchanges the pattern positions of two nearby customers with the same
pattern (a relocation is often blocked by a full day); :func:`ruin_recreate`
takes a few neighbouring customers out of the calendar and puts them back where
their whole pattern adds the least travel, keeping the change when the calendar
got shorter (large neighbourhood search, Shaw 1998; Schrimpf et al. 2000).
All work on insertion estimates; the caller re-routes the edited days.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import numpy as np

from planner._schedule_days import DayKey, TerritoryDays


def _swap_delta(cal: TerritoryDays, key: DayKey, out: int, into: int) -> float:
    """Travel change of day ``key`` when customer ``out`` leaves it and ``into`` joins it."""
    order = [v for v in cal.routes[key][0] if v != out + 1]
    o = np.asarray(order, dtype=np.int64)
    nxt = np.roll(o, -1)
    x = into + 1
    extra = float((cal.m[o, x] + cal.m[x, nxt] - cal.m[o, nxt]).min())
    return extra - cal._removal_saving(key, out)


def swap(
    cal: TerritoryDays,
    *,
    neighbours: int = 8,
    passes: int = 2,
    tick: Callable[[], None] | None = None,
) -> int:
    """Exchange the pattern positions of two nearby customers with the same pattern.

    Relocating one customer is often blocked by a full day; exchanging it with a
    neighbour of the same pattern keeps every day's load about the same. A swap
    is kept when the summed insertion estimates save travel and every day stays
    within the limit.
    """
    n = len(cal.patterns)
    if n < 2:
        return 0
    near = np.argsort(cal.m[1:, 1:] + np.diag(np.full(n, np.inf)), axis=1)
    near = near[:, : min(neighbours * 3, n - 1)]
    kind = [(p.period, p.per_week) for p in cal.patterns]
    swapped = 0
    for _ in range(passes):
        changed = 0
        for i in range(n):
            if tick is not None:
                tick()
            if not cal.active[i]:
                continue
            tried = 0
            for j in near[i]:
                j = int(j)
                if not cal.active[j] or kind[j] != kind[i]:
                    continue
                tried += 1
                if tried > neighbours:
                    break
                if (cal.day_sets[i], cal.offsets[i]) == (cal.day_sets[j], cal.offsets[j]):
                    continue
                a = (cal.day_sets[i], cal.offsets[i])
                b = (cal.day_sets[j], cal.offsets[j])
                if not (cal.allows(i, *b) and cal.allows(j, *a)):
                    continue  # one of them is closed on the other's weekday or week
                keys_i, keys_j = set(cal.keys_of(i)), set(cal.keys_of(j))
                if keys_i & keys_j:
                    continue
                gain, ok = 0.0, True
                for key, out, into in [(k, j, i) for k in keys_j] + [(k, i, j) for k in keys_i]:
                    delta = _swap_delta(cal, key, out, into)
                    new_len = cal.length(key) + delta + cal.service[into] - cal.service[out]
                    if new_len > cal.limit + 1e-6:
                        ok = False
                        break
                    gain -= delta
                if ok and gain > 0.5:
                    cal._set_pattern(i, *b)
                    cal._set_pattern(j, *a)
                    changed += 1
                    break
        swapped += changed
        if not changed:
            break
    return swapped


class _Edges:
    """Every day's route edges in one array, to price inserting a customer into all days at once.

    :meth:`update` refreshes the days an edit touched, so a search that inserts one
    customer after another does not rebuild every day's edges each time.
    """

    def __init__(self, cal: TerritoryDays) -> None:
        self.cal = cal
        self.keys = list(cal.stops)
        self.where = {k: j for j, k in enumerate(self.keys)}
        self.orders = [np.asarray(cal.routes[k][0], dtype=np.int64) for k in self.keys]
        self.length = np.array([cal.length(k) for k in self.keys])
        self._join()

    def _join(self) -> None:
        sizes = np.array([len(o) for o in self.orders], dtype=np.int64)
        self.start = np.concatenate([[0], np.cumsum(sizes[:-1])])
        self.a = np.concatenate(self.orders)
        self.b = np.empty_like(self.a)
        self.b[:-1] = self.a[1:]
        self.b[self.start + sizes - 1] = self.a[self.start]  # each day's last stop → its start
        self.base = self.cal.m[self.a, self.b]

    def update(self, keys: list[DayKey]) -> None:
        """Take the current routes of days ``keys`` (edited since the edges were built)."""
        for k in keys:
            j = self.where[k]
            self.orders[j] = np.asarray(self.cal.routes[k][0], dtype=np.int64)
            self.length[j] = self.cal.length(k)
        self._join()

    def insertion(self, m: np.ndarray, x: int) -> np.ndarray:
        """Cheapest extra travel of inserting matrix point ``x`` into each day (in key order)."""
        extra = m[self.a, x] + m[x, self.b] - self.base
        return np.minimum.reduceat(extra, self.start)


class _SingleDayOptions:
    """Every (weekday, week offset) of the customers seen on one weekday, as day columns.

    Row ``r`` of :meth:`columns` lists the :class:`_Edges` columns (days) that option
    ``r`` visits, so the cost of every option is one array sum (same order as
    :meth:`TerritoryDays._options` with the current position included; :func:`_cheapest`
    masks out the positions a customer's closing days or visit week rule out).
    """

    def __init__(self, cal: TerritoryDays, where: dict[DayKey, int]) -> None:
        self.cal, self.where = cal, where
        self._cache: dict[int, tuple[list[tuple[tuple[int, ...], int]], np.ndarray]] = {}

    def columns(self, period: int) -> tuple[list[tuple[tuple[int, ...], int]], np.ndarray]:
        if period not in self._cache:
            cal = self.cal
            opts: list[tuple[tuple[int, ...], int]] = [
                ((d,), o) for d in range(cal.n_days) for o in range(period)
            ]
            cols = np.array(
                [
                    [self.where[(w, d[0])] for w in range(cal.horizon) if w % period == o]
                    for d, o in opts
                ],
                dtype=np.int64,
            )
            self._cache[period] = (opts, cols)
        return self._cache[period]


def _cheapest(
    cal: TerritoryDays,
    i: int,
    extra: np.ndarray,
    fits: np.ndarray,
    where: dict[DayKey, int],
    single: _SingleDayOptions,
) -> tuple[tuple[int, ...], int] | None:
    """The pattern position of customer ``i`` with the least summed ``extra`` over its days,
    among those whose every day ``fits`` (None when none does)."""
    p = cal.patterns[i]
    if p.per_week == 1:
        opts, cols = single.columns(p.period)
        ok = fits[cols].all(axis=1)
        if i in cal.closed or i in cal.weeks:  # never on a closing day or outside its visit week
            ok &= np.array([cal.allows(i, days, o) for days, o in opts], dtype=bool)
        if not ok.any():
            return None
        return opts[int(np.argmin(np.where(ok, extra[cols].sum(axis=1), np.inf)))]
    best: tuple[float, tuple[int, ...], int] | None = None
    for days, offset in cal._options(i, include_current=True):
        c = [where[(w, d)] for w in cal.weeks_of(i, offset) for d in days]
        if fits[c].all():
            cost = float(extra[c].sum())
            if best is None or cost < best[0]:
                best = (cost, days, offset)
    return None if best is None else (best[1], best[2])


def _state(cal: TerritoryDays) -> tuple[Any, ...]:
    return (
        {k: list(v) for k, v in cal.stops.items()},
        dict(cal.routes),
        list(cal.day_sets),
        list(cal.offsets),
        set(cal.dirty),
    )


def _restore(cal: TerritoryDays, state: tuple[Any, ...]) -> None:
    cal.stops, cal.routes, cal.day_sets, cal.offsets, cal.dirty = state


def ruin_recreate(
    cal: TerritoryDays,
    *,
    iterations: int,
    size: int = 8,
    seed: int = 0,
    weight: float = 0.0,
    tick: Callable[[], None] | None = None,
) -> int:
    """Remove ``size`` neighbouring customers and re-insert them greedily; keep improvements.

    The customers go back heaviest first, each to the pattern position (weekday set
    and week offset) whose days it lengthens least while every day stays within
    the limit; a round is undone unless the calendar got shorter (a sideways-or-worse
    acceptance, threshold accepting, measured worse). With ``weight`` > 0 both the
    insertion and the acceptance price the day-length spread as :func:`even_out`
    does (``weight`` minutes per hour² of squared deviation from the mean day), so
    the search shortens travel without undoing an evened-out calendar. Returns the
    rounds kept.
    """
    rng = random.Random(seed)
    n = len(cal.patterns)
    live = [i for i in range(n) if cal.active[i]]
    if len(live) <= size or iterations <= 0:
        return 0
    near = np.argsort(cal.m[1:, 1:], axis=1)[:, : min(n, 3 * size)]
    visits = np.array(
        [p.per_week if p.period == 1 else 1.0 / p.period for p in cal.patterns], dtype=float
    )
    work = cal.service * visits
    where = {k: j for j, k in enumerate(cal.stops)}
    single = _SingleDayOptions(cal, where)
    mean = float(np.mean([cal.length(k) for k in cal.stops]))

    def objective() -> float:
        lengths = np.array([cal.length(k) for k in cal.stops])
        return float(lengths.sum() + weight * (((lengths - mean) / 60.0) ** 2).sum())

    current = objective()
    kept = 0
    for _ in range(iterations):
        if tick is not None:
            tick()  # lets the caller check for cancel
        first = live[rng.randrange(len(live))]
        group = [int(j) for j in near[first] if cal.active[j]][:size]
        saved = _state(cal)
        for i in group:
            for key in cal.keys_of(i):
                cal._take_out(key, i)
        ok = True
        edges = _Edges(cal)
        for i in sorted(group, key=lambda j: -work[j]):
            extra = edges.insertion(cal.m, i + 1) + cal.service[i]
            fits = edges.length + extra <= cal.limit + 1e-6
            if weight > 0:
                grown = ((edges.length + extra - mean) / 60.0) ** 2
                extra = extra + weight * (grown - ((edges.length - mean) / 60.0) ** 2)
            best = _cheapest(cal, i, extra, fits, where, single)
            if best is None:
                ok = False
                break
            cal.day_sets[i], cal.offsets[i] = best
            keys = cal.keys_of(i)
            for key in keys:
                cal._put_in(key, i)
            edges.update(keys)
        total = objective() if ok else np.inf
        if total < current - 0.5:
            current = total
            kept += 1
        else:
            _restore(cal, saved)
    return kept


#: Travel minutes worth one hour² of summed squared day-length deviation (see :func:`even_out`).
EVEN_WEIGHT = 12.0


def even_out(
    cal: TerritoryDays,
    *,
    weight: float = EVEN_WEIGHT,
    passes: int = 6,
    tick: Callable[[], None] | None = None,
) -> int:
    """Move whole patterns from long days to short ones while the spread removed pays for the travel.

    The calendar minimises ``travel minutes + weight × Σ (day hours − mean)²``: a
    customer's pattern moves to another weekday or week offset when the squared
    spread it removes, times ``weight`` (minutes per hour²), exceeds the travel it
    adds, and every day it joins stays within the limit. Customers of the longest
    days are tried first; the pass repeats until nothing moves. Returns the moves.
    """
    n = len(cal.patterns)
    where = {k: j for j, k in enumerate(cal.stops)}
    keys = list(cal.stops)
    moved = 0
    for _ in range(passes):
        lengths = np.array([cal.length(k) for k in keys])
        mean = float(lengths.mean()) if len(lengths) else 0.0
        longest = {i: max(lengths[where[k]] for k in cal.keys_of(i)) for i in range(n)
                   if cal.active[i] and cal.keys_of(i)}
        changed = 0
        edges: _Edges | None = None

        def dev(minutes: float, _mean: float = mean) -> float:
            return ((minutes - _mean) / 60.0) ** 2

        for i in sorted(longest, key=lambda j: -longest[j]):
            if tick is not None:
                tick()
            if edges is None:
                edges = _Edges(cal)
            length = edges.length
            extra = edges.insertion(cal.m, i + 1)
            s = float(cal.service[i])
            old = {where[k]: cal._removal_saving(k, i) for k in cal.keys_of(i)}

            best: tuple[float, tuple[int, ...], int] | None = None
            for days, offset in cal._options(i):
                cols = {where[(w, d)] for w in cal.weeks_of(i, offset) for d in days}
                joins, leaves = cols - old.keys(), old.keys() - cols
                grown = [length[c] + extra[c] + s for c in joins]
                if any(g > cal.limit + 1e-6 for g in grown):
                    continue
                travel = float(sum(extra[c] for c in joins)) - sum(old[c] for c in leaves)
                spread = sum(dev(g) - dev(length[c]) for c, g in zip(joins, grown, strict=True))
                spread += sum(dev(length[c] - old[c] - s) - dev(length[c]) for c in leaves)
                score = travel + weight * spread
                if score < -0.5 and (best is None or score < best[0]):
                    best = (score, days, offset)
            if best is not None:
                touched = cal.keys_of(i)
                cal._set_pattern(i, best[1], best[2])
                edges.update(sorted(set(touched) | set(cal.keys_of(i))))
                changed += 1
        moved += changed
        if not changed:
            break
    return moved


def relocate(
    cal: TerritoryDays, *, passes: int = 3, slack: float = 1.15, tick: Callable[[], None] | None = None
) -> int:
    """Move customers to the pattern position that saves most travel (relocate search);
    the number of moves."""
    moved = 0
    for _ in range(passes):
        lengths = [cal.length(k) for k in cal.stops]
        ceiling_base = min(cal.limit, slack * float(np.mean(lengths)) if lengths else cal.limit)
        changed = 0
        for i in range(len(cal.patterns)):
            if tick is not None:
                tick()
            if not cal.active[i]:
                continue
            old_keys = set(cal.keys_of(i))
            saving = sum(cal._removal_saving(k, i) for k in old_keys)
            ceiling = max(ceiling_base, max(cal.length(k) for k in old_keys))
            ceiling = min(ceiling, cal.limit)
            best: tuple[float, tuple[int, ...], int] | None = None
            for days, offset in cal._options(i):
                new_keys = {(w, d) for w in cal.weeks_of(i, offset) for d in days}
                new_keys -= old_keys
                cost, ok = 0.0, True
                for key in new_keys:
                    extra = cal._insert_cost(key, i)
                    if cal.length(key) + extra > ceiling + 1e-6:
                        ok = False
                        break
                    cost += extra - float(cal.service[i])
                if ok and cost < saving - 0.5 and (best is None or cost < best[0]):
                    best = (cost, days, offset)
            if best is not None:
                cal._set_pattern(i, best[1], best[2])
                changed += 1
        moved += changed
        if not changed:
            break
    return moved
