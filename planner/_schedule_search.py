"""Searches that shorten one territory's calendar beyond single-customer relocation.

:func:`swap` exchanges the pattern positions of two nearby customers with the same
pattern (a relocation is often blocked by a full day); :func:`ruin_recreate`
takes a few neighbouring customers out of the calendar and puts them back where
their whole pattern adds the least travel, keeping the change when the calendar
got shorter (large neighbourhood search, Shaw 1998; Schrimpf et al. 2000).
Both work on insertion estimates; the caller re-routes the edited days.
"""

from __future__ import annotations

import random

import numpy as np

from planner._schedule_days import DayKey, TerritoryDays


def _swap_delta(self: TerritoryDays, key: DayKey, out: int, into: int) -> float:
    """Travel change of day ``key`` when customer ``out`` leaves it and ``into`` joins it."""
    order = [v for v in self.routes[key][0] if v != out + 1]
    o = np.asarray(order, dtype=np.int64)
    nxt = np.roll(o, -1)
    x = into + 1
    extra = float((self.m[o, x] + self.m[x, nxt] - self.m[o, nxt]).min())
    return extra - self._removal_saving(key, out)

def swap(self: TerritoryDays, *, neighbours: int = 8, passes: int = 2) -> int:
    """Exchange the pattern positions of two nearby customers with the same pattern.

    Relocating one customer is often blocked by a full day; exchanging it with a
    neighbour of the same pattern keeps every day's load about the same. A swap
    is kept when the summed insertion estimates save travel and every day stays
    within the limit.
    """
    n = len(self.patterns)
    if n < 2:
        return 0
    near = np.argsort(self.m[1:, 1:] + np.diag(np.full(n, np.inf)), axis=1)
    near = near[:, : min(neighbours * 3, n - 1)]
    kind = [(p.period, p.per_week) for p in self.patterns]
    swapped = 0
    for _ in range(passes):
        changed = 0
        for i in range(n):
            if not self.active[i]:
                continue
            tried = 0
            for j in near[i]:
                j = int(j)
                if not self.active[j] or kind[j] != kind[i]:
                    continue
                tried += 1
                if tried > neighbours:
                    break
                if (self.day_sets[i], self.offsets[i]) == (self.day_sets[j], self.offsets[j]):
                    continue
                keys_i, keys_j = set(self.keys_of(i)), set(self.keys_of(j))
                if keys_i & keys_j:
                    continue
                gain, ok = 0.0, True
                for key, out, into in [(k, j, i) for k in keys_j] + [(k, i, j) for k in keys_i]:
                    delta = _swap_delta(self, key, out, into)
                    new_len = self.length(key) + delta + self.service[into] - self.service[out]
                    if new_len > self.limit + 1e-6:
                        ok = False
                        break
                    gain -= delta
                if ok and gain > 0.5:
                    a = (self.day_sets[i], self.offsets[i])
                    b = (self.day_sets[j], self.offsets[j])
                    self._set_pattern(i, *b)
                    self._set_pattern(j, *a)
                    changed += 1
                    break
        swapped += changed
        if not changed:
            break
    return swapped


class _Edges:
    """Every day's route edges in one array, to price inserting a customer into all days at once."""

    def __init__(self, cal: TerritoryDays) -> None:
        self.keys = list(cal.stops)
        orders = [np.asarray(cal.routes[k][0], dtype=np.int64) for k in self.keys]
        self.start = np.cumsum([0] + [len(o) for o in orders[:-1]])
        self.a = np.concatenate(orders)
        self.b = np.concatenate([np.roll(o, -1) for o in orders])
        self.base = cal.m[self.a, self.b]
        self.length = np.array([cal.length(k) for k in self.keys])

    def insertion(self, m: np.ndarray, x: int) -> np.ndarray:
        """Cheapest extra travel of inserting matrix point ``x`` into each day (in key order)."""
        extra = m[self.a, x] + m[x, self.b] - self.base
        return np.minimum.reduceat(extra, self.start)


def ruin_recreate(
    self: TerritoryDays, *, iterations: int, size: int = 8, seed: int = 0
) -> int:
    """Remove ``size`` neighbouring customers and re-insert them greedily; keep improvements.

    The customers go back heaviest first, each to the pattern position (weekday set
    and week offset) whose days it lengthens least while every day stays within
    the limit; the round is undone when the calendar did not get shorter.
    """
    rng = random.Random(seed)
    n = len(self.patterns)
    live = [i for i in range(n) if self.active[i]]
    if len(live) <= size or iterations <= 0:
        return 0
    near = np.argsort(self.m[1:, 1:], axis=1)[:, : min(n, 3 * size)]
    visits = np.array(
        [p.per_week if p.period == 1 else 1.0 / p.period for p in self.patterns], dtype=float
    )
    weight = self.service * visits
    where = {k: j for j, k in enumerate(self.stops)}
    current = sum(self.length(k) for k in self.stops)
    kept = 0
    for _ in range(iterations):
        first = live[rng.randrange(len(live))]
        group = [int(j) for j in near[first] if self.active[j]][:size]
        saved = (
            {k: list(v) for k, v in self.stops.items()},
            dict(self.routes),
            list(self.day_sets),
            list(self.offsets),
            set(self.dirty),
        )
        for i in group:
            for key in self.keys_of(i):
                self._take_out(key, i)
        ok = True
        for i in sorted(group, key=lambda j: -weight[j]):
            edges = _Edges(self)
            extra = edges.insertion(self.m, i + 1) + self.service[i]
            fits = edges.length + extra <= self.limit + 1e-6
            best: tuple[float, tuple[int, ...], int] | None = None
            for days, offset in self._options(i, include_current=True):
                cols = [where[(w, d)] for w in self.weeks_of(i, offset) for d in days]
                if fits[cols].all():
                    cost = float(extra[cols].sum())
                    if best is None or cost < best[0]:
                        best = (cost, days, offset)
            if best is None:
                ok = False
                break
            self.day_sets[i], self.offsets[i] = best[1], best[2]
            for key in self.keys_of(i):
                self._put_in(key, i)
        total = sum(self.length(k) for k in self.stops) if ok else np.inf
        if total < current - 0.5:
            current = total
            kept += 1
        else:
            self.stops, self.routes = saved[0], saved[1]
            self.day_sets, self.offsets, self.dirty = saved[2], saved[3], saved[4]
    return kept
