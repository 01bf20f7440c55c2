"""Visit patterns and day zones: which weekday(s) and which weeks each customer is visited.

One territory at a time. The territory is swept by angle around the rep's start
point into one zone per working day, balanced on weekly visit time (the sweep
method, Gillett & Miller 1974). Inside a zone, the customers visited every P
weeks are cut, again by angle, into P load-balanced chunks, and chunk ``j`` is
given the week offset whose radical inverse (van der Corput order) ranks ``j``:
so the every-2-weeks half and the every-4-weeks quarter visited in the same week
lie in the same part of the zone, each day stays compact and every week carries
the same load.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from planner.model import WEEKDAYS
from planner.routing import order_stops, route_cost

if TYPE_CHECKING:
    from planner._schedule_days import TerritoryDays

#: Periods (weeks between visits) the calendar uses for visits less than weekly.
PERIODS = (1, 2, 4, 8, 12)


@dataclass
class Pattern:
    """How often one customer is visited: ``per_week`` visits on weekly days, or one every ``period`` weeks."""

    period: int  # weeks between visits (1 when visited every week)
    per_week: int  # visits per week when period == 1
    rounded: bool  # the frequency had to be rounded to a supported pattern

    @property
    def per_4_weeks(self) -> float:
        """Visits per 4 weeks this pattern makes (the unit of the customers' frequencies)."""
        return 4.0 * self.per_week / self.period


def pattern_for(frequency: float, n_days: int) -> Pattern:
    """The calendar pattern of ``frequency`` visits per 4 weeks (nearest supported one)."""
    if frequency >= 4.0:
        k = max(1, int(round(frequency / 4.0)))
        capped = min(k, n_days)
        return Pattern(1, capped, capped * 4.0 != frequency)
    want = 4.0 / frequency
    period = min(PERIODS, key=lambda p: abs(math.log(p) - math.log(want)))
    return Pattern(period, 1, abs(period - want) > 1e-6)


def horizon_weeks(weeks: int, periods: list[int]) -> int:
    """The calendar's length: the cycle, grown to a multiple of every period used."""
    h = weeks
    for p in set(periods):
        h = math.lcm(h, p)
    return h


def radical_inverse(offset: int, period: int) -> float:
    """Van der Corput position of ``offset`` among ``period`` offsets (radices 2, 2, …, then 3)."""
    value, scale, x = 0.0, 1.0, offset
    for r in _radices(period):
        scale /= r
        value += (x % r) * scale
        x //= r
    return value


def offsets_in_order(period: int) -> list[int]:
    """Week offsets ``0…period-1`` sorted by their radical inverse (nested, balanced order)."""
    return sorted(range(period), key=lambda o: radical_inverse(o, period))


def _balanced_cut(load: np.ndarray, parts: int) -> np.ndarray:
    """Cut a sequence into ``parts`` contiguous groups of about equal total ``load``."""
    total = float(load.sum())
    if total <= 0 or parts <= 1:
        return np.minimum((np.arange(len(load)) * parts) // max(1, len(load)), parts - 1)
    mid = np.cumsum(load) - load / 2.0
    return np.minimum((mid / total * parts).astype(np.int64), parts - 1)


def sweep_order(angle: np.ndarray) -> np.ndarray:
    """Indices sorted by angle, starting just after the widest empty sector."""
    order = np.argsort(angle, kind="stable")
    if len(order) < 2:
        return order
    a = angle[order]
    gaps = np.diff(np.concatenate([a, [a[0] + 2 * np.pi]]))
    first = (int(np.argmax(gaps)) + 1) % len(order)
    return np.roll(order, -first)


def assign_zones(
    *,
    x: np.ndarray,
    y: np.ndarray,
    load: np.ndarray,
    patterns: list[Pattern],
    days: tuple[str, ...],
    matrix: np.ndarray | None = None,
    closed: Mapping[int, frozenset[int]] | None = None,
    weeks: Mapping[int, int] | None = None,
) -> tuple[list[tuple[int, ...]], list[int]]:
    """Weekday indices (into ``days``) and week offset of every customer.

    ``x``/``y`` are km east/north of the start point, ``load`` the minutes of one
    visit (service plus a travel share). The territory is cut into one compact
    cell per working day, balanced on weekly load; inside a cell the customers
    seen every P weeks are cut into P nested parts, one per week offset. The
    cells are the best of several layouts: recursive weighted bisection along the
    principal axis (a k-d tree) or along fixed directions first, and sweep petals
    around the start point at several rotations (Gillett & Miller 1974). With the
    travel ``matrix`` (start point first) each layout is judged by the routed
    length of its first two weeks' days (the weekly visits, which recur every
    week, dominate the calendar's travel); without it the k-d tree is used.
    ``closed`` maps a customer to the day indexes it is closed on (定休日): such a
    customer whose cell falls on a closed day is given the nearest open day's cell
    instead, and its other weekly days are chosen among its open days (the caller
    makes sure enough of them are open). ``weeks`` maps a customer with a visit week
    (訪問週) to its fixed week offset, which it keeps whatever its cell's part.
    """
    n = len(x)
    n_days = len(days)
    weekly = np.array([load[i] * _visits_per_week(p) for i, p in enumerate(patterns)])
    primary_load = np.array([weekly[i] / patterns[i].per_week for i in range(n)], dtype=float)
    idx = np.arange(n)
    layouts = [_bisect(idx, x, y, primary_load, n_days)]
    if matrix is not None and n > 2 * n_days and n_days > 1:
        for angle in (0.0, 0.25 * math.pi, 0.5 * math.pi, 0.75 * math.pi):
            layouts.append(_bisect(idx, x, y, primary_load, n_days, direction=angle))
        for shift in (0.0, 0.25, 0.5, 0.75):
            layouts.append(_petals(idx, x, y, primary_load, n_days, shift))
        scored: list[tuple[float, int]] = []
        for cells in layouts:
            day_sets, offsets = _layout(cells, x, y, load, weekly, patterns, days, closed, weeks)
            scored.append((_estimate(matrix, day_sets, offsets, patterns, n_days), len(scored)))
        cells = layouts[min(scored)[1]]
    else:
        cells = layouts[0]
    return _layout(cells, x, y, load, weekly, patterns, days, closed, weeks)


def _layout(
    cells: list[np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    load: np.ndarray,
    weekly: np.ndarray,
    patterns: list[Pattern],
    days: tuple[str, ...],
    closed: Mapping[int, frozenset[int]] | None = None,
    weeks: Mapping[int, int] | None = None,
) -> tuple[list[tuple[int, ...]], list[int]]:
    """Weekday sets and week offsets from one cell per working day (open days only; the
    fixed offsets of ``weeks`` kept)."""
    n, n_days = len(x), len(days)
    primary_load = np.array([weekly[i] / patterns[i].per_week for i in range(n)], dtype=float)
    zone = np.empty(n, dtype=np.int64)
    for z, members in enumerate(cells):
        zone[members] = z
    day_sets: list[tuple[int, ...]] = [(int(zone[i]),) for i in range(n)]
    zone_load = np.bincount(zone, weights=primary_load, minlength=n_days).astype(float)
    cx = np.array([x[zone == z].mean() if (zone == z).any() else 0.0 for z in range(n_days)])
    cy = np.array([y[zone == z].mean() if (zone == z).any() else 0.0 for z in range(n_days)])
    weekday_no = [WEEKDAYS.index(d) for d in days]
    for i, shut in sorted((closed or {}).items()):
        if int(zone[i]) in shut:  # its cell's day is a closing day: the nearest open day's cell
            scale = float(zone_load.mean()) or 1.0
            primary = min(
                (z for z in range(n_days) if z not in shut),
                key=lambda z: zone_load[z] / scale + math.hypot(cx[z] - x[i], cy[z] - y[i]) / 10.0,
            )
            zone_load[zone[i]] -= primary_load[i]
            zone_load[primary] += primary_load[i]
            zone[i] = primary
            day_sets[i] = (primary,)
    for i in np.argsort(-weekly):
        k = patterns[i].per_week
        if k <= 1:
            continue
        best = _spread_days(
            int(zone[i]), k, weekday_no, zone_load, cx, cy, x[i], y[i],
            (closed or {}).get(int(i), frozenset()),
        )
        for z in best:
            if z != zone[i]:
                zone_load[z] += load[i]
        day_sets[i] = best
    offset = [0] * n
    for members in cells:
        periods = {patterns[i].period for i in members}
        for period in sorted(periods - {1}):
            group = np.array([i for i in members if patterns[i].period == period], dtype=np.int64)
            _nested_offsets(group, x, y, weekly, _radices(period), 0, 1, offset)
    for i, fixed in (weeks or {}).items():
        if patterns[i].period > 1:
            offset[i] = fixed % patterns[i].period
    return day_sets, offset


def _estimate(
    matrix: np.ndarray,
    day_sets: list[tuple[int, ...]],
    offsets: list[int],
    patterns: list[Pattern],
    n_days: int,
) -> float:
    """Routed minutes of the first two weeks' days (quick searches) of a layout."""
    total = 0.0
    for week in (0, 1):
        for d in range(n_days):
            stops = [
                i + 1
                for i, p in enumerate(patterns)
                if d in day_sets[i] and week % p.period == offsets[i] % p.period
            ]
            if not stops:
                continue
            sub = matrix[np.ix_([0, *stops], [0, *stops])]
            order = order_stops(sub, time_limit=0.01, stall_kicks=10)
            total += route_cost(sub, order)
    return total


def _petals(
    idx: np.ndarray, x: np.ndarray, y: np.ndarray, w: np.ndarray, parts: int, shift: float
) -> list[np.ndarray]:
    """Sweep sectors around the start point of equal weight, rotated by ``shift`` of a sector."""
    order = idx[sweep_order(np.arctan2(y[idx], x[idx]))]
    weights = w[order]
    total = float(weights.sum()) or 1.0
    mid = (np.cumsum(weights) - weights / 2.0 + shift * total / parts) % total
    cut = np.minimum((mid / total * parts).astype(np.int64), parts - 1)
    return [order[cut == k] for k in range(parts)]


def _principal_order(
    idx: np.ndarray, x: np.ndarray, y: np.ndarray, direction: float | None = None
) -> np.ndarray:
    """``idx`` sorted along the points' direction of largest spread (or ``direction``)."""
    if len(idx) < 2:
        return idx
    if direction is not None:
        proj = x[idx] * math.cos(direction) + y[idx] * math.sin(direction)
        return idx[np.argsort(proj, kind="stable")]
    pts = np.column_stack([x[idx], y[idx]])
    pts = pts - pts.mean(axis=0)
    cov = pts.T @ pts
    _vals, vecs = np.linalg.eigh(cov)
    proj = pts @ vecs[:, -1]
    return idx[np.argsort(proj, kind="stable")]


def _slices(
    idx: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    parts: list[float],
    direction: float | None = None,
) -> list[np.ndarray]:
    """Cut ``idx`` along its principal axis into slices holding the ``parts`` shares of weight."""
    ordered = _principal_order(idx, x, y, direction)
    weights = w[ordered]
    total = float(weights.sum())
    if total <= 0:
        weights = np.ones(len(ordered))
        total = float(len(ordered))
    mid = np.cumsum(weights) - weights / 2.0
    bounds = np.cumsum(parts) / sum(parts) * total
    which = np.searchsorted(bounds[:-1], mid, side="right")
    return [ordered[which == k] for k in range(len(parts))]


def _bisect(
    idx: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    parts: int,
    direction: float | None = None,
) -> list[np.ndarray]:
    """Split ``idx`` into ``parts`` compact groups of equal weight (recursive bisection).

    The first cut is along ``direction`` (radians from east) when given, the others
    along each group's principal axis.
    """
    if parts <= 1:
        return [idx]
    left = parts // 2
    a, b = _slices(idx, x, y, w, [left, parts - left], direction)
    return _bisect(a, x, y, w, left) + _bisect(b, x, y, w, parts - left)


def _radices(period: int) -> list[int]:
    radices: list[int] = []
    p = period
    for r in (2, 3):
        while p % r == 0:
            radices.append(r)
            p //= r
    if p > 1:
        radices.append(p)
    return radices


def _nested_offsets(
    idx: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    radices: list[int],
    base: int,
    mult: int,
    out: list[int],
) -> None:
    """Give nested compact parts of ``idx`` the week offsets ``base + k·mult + …`` (mixed radix)."""
    if not radices:
        for i in idx:
            out[int(i)] = base
        return
    r = radices[0]
    for k, part in enumerate(_slices(idx, x, y, w, [1.0] * r)):
        _nested_offsets(part, x, y, w, radices[1:], base + k * mult, mult * r, out)


def _visits_per_week(p: Pattern) -> float:
    return float(p.per_week) if p.period == 1 else 1.0 / p.period


def _spread_days(
    primary: int,
    k: int,
    weekday_no: list[int],
    zone_load: np.ndarray,
    cx: np.ndarray,
    cy: np.ndarray,
    x: float,
    y: float,
    shut: frozenset[int] = frozenset(),
) -> tuple[int, ...]:
    """``k`` working days including ``primary``, none in ``shut``, at least two days apart
    when possible."""
    n_days = len(weekday_no)
    scale = float(zone_load.mean()) or 1.0
    for min_gap in (2, 1):
        best: tuple[int, ...] | None = None
        best_score = math.inf
        others = [z for z in range(n_days) if z != primary and z not in shut]
        for combo in itertools.combinations(others, k - 1):
            chosen = tuple(sorted((primary, *combo)))
            nos = sorted(weekday_no[z] for z in chosen)
            if any(b - a < min_gap for a, b in itertools.pairwise(nos)):
                continue
            score = sum(
                zone_load[z] / scale + math.hypot(cx[z] - x, cy[z] - y) / 10.0 for z in combo
            )
            if score < best_score:
                best, best_score = chosen, score
        if best is not None:
            return best
    if shut:
        return tuple(sorted(z for z in range(n_days) if z not in shut))[:k]
    return tuple(range(n_days))[:k]


def assign_naive(
    *, x: np.ndarray, y: np.ndarray, patterns: list[Pattern], days: tuple[str, ...]
) -> tuple[list[tuple[int, ...]], list[int]]:
    """The comparison baseline: weekday by equal-count angle sectors, weeks round-robin.

    It ignores customers' closing days (定休日): a benchmark baseline only, never the
    calendar a manager gets.
    """
    n, n_days = len(x), len(days)
    order = sweep_order(np.arctan2(y, x))
    zone = np.empty(n, dtype=np.int64)
    zone[order] = (np.arange(n) * n_days) // max(1, n)
    day_sets: list[tuple[int, ...]] = []
    offsets: list[int] = []
    counters: dict[int, int] = {}
    for i in range(n):
        p = patterns[i]
        z = int(zone[i])
        day_sets.append(tuple((z + j * max(1, n_days // p.per_week)) % n_days
                              for j in range(p.per_week)) if p.per_week > 1 else (z,))
        c = counters.get(p.period, 0)
        offsets.append(c % p.period)
        counters[p.period] = c + 1
    return day_sets, offsets


def balance(cal: TerritoryDays, *, rounds: int = 200) -> None:
    """The naive baselines' day evening: move visits from the longest day where it shortens the spread."""
    for _ in range(rounds):
        lengths = {k: cal.length(k) for k in cal.stops}
        longest = max(lengths, key=lengths.__getitem__)
        shortest = min(lengths.values())
        if lengths[longest] - shortest < 0.15 * cal.limit:
            return
        order = cal.routes[longest][0]
        moved = False
        for x in order[1:]:
            if _try_move_within(cal, x - 1, lengths[longest]):
                moved = True
                break
        if not moved:
            return

def _try_move_within(cal: TerritoryDays, i: int, ceiling: float) -> bool:
    """Move ``i`` where every new day stays clearly below ``ceiling`` and adds little travel."""
    old_keys = set(cal.keys_of(i))
    best: tuple[float, tuple[int, ...], int] | None = None
    for days, offset in cal._options(i):
        new_keys = {(w, d) for w in cal.weeks_of(i, offset) for d in days} - old_keys
        cost, ok = 0.0, True
        for key in new_keys:
            extra = cal._insert_cost(key, i)
            if cal.length(key) + extra > min(cal.limit, ceiling - 1.0):
                ok = False
                break
            cost += extra - float(cal.service[i])
        if ok and cost < 20.0 and (best is None or cost < best[0]):
            best = (cost, days, offset)
    if best is None:
        return False
    cal._set_pattern(i, best[1], best[2])
    return True
