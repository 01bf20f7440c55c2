"""Ordering one day's stops when some customers can only be seen at certain hours.

A stop with visiting hours (:mod:`planner.visit_times`) must start at its opening time
or later (the rep waits when early) and end by its closing time. The day is scored
lexicographically: first the minutes visits run past their closing time (0 when the
day is feasible), then the day's length from the day start until back at the start
point (travel, visits and waiting). :func:`order_in_windows` starts from the shortest
tour (:func:`planner.routing.order_stops`), both its directions, and the stops sorted
by closing time, and improves the best with Or-opt (segments of 1–3 stops moved
forwards or backwards) and 2-opt moves evaluated on the clock (Savelsbergh 1985 pushes
the same moves through time windows), then iterated local search with random segment
moves until the time limit, keeping the best day.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from planner.routing import Lunch, order_stops

#: Minutes of day length one minute past a closing time costs in the objective.
LATE_WEIGHT = 1000.0
_EPS = 1e-9
Numbers = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class WindowDay:
    """A day ordered within visiting hours."""

    order: list[int]  # matrix indexes from the start point, which comes first
    minutes: float  # day start until back: travel, visits and waiting (not the lunch break)
    late: float  # minutes visits end after their closing time, summed (0 = feasible)
    wait: float  # minutes spent waiting for opening times


def evaluate(
    order: Sequence[int],
    minutes: np.ndarray,
    service: Numbers,
    opens: Numbers,
    closes: Numbers,
    day_start: float,
    lunch: Lunch | None = None,
) -> WindowDay:
    """The day of visiting ``order`` (``order[0]`` is the start point) from ``day_start``,
    with the ``lunch`` break taken as :class:`planner.routing.Lunch` says."""
    m = minutes
    clock = day_start
    late = wait = rested = 0.0
    prev = order[0]
    for k, s in enumerate(order[1:]):
        leg = float(m[prev, s])
        departed, took = clock, 0.0
        if lunch is not None and not rested:
            clock, rest = lunch.arrive(clock, leg, opens[s], first=k == 0)
            if not math.isnan(rest):
                took = rested = lunch.minutes
        else:
            clock = max(clock + leg, opens[s])
        wait += clock - departed - leg - took
        clock += service[s]
        if clock > closes[s] + _EPS:
            late += clock - closes[s]
        prev = s
    clock += float(m[prev, order[0]]) if len(order) > 1 else 0.0
    return WindowDay(list(order), clock - day_start - rested, late, wait)


def order_in_windows(
    minutes: np.ndarray,
    service: Numbers,
    opens: Numbers,
    closes: Numbers,
    *,
    day_start: float,
    tour: Sequence[int] | None = None,
    every_start: bool = True,
    time_limit: float = 0.05,
    kicks: int | None = None,
    seed: int = 0,
    lunch: Lunch | None = None,
) -> WindowDay:
    """The best order found of every point of square ``minutes`` from point 0 and back.

    ``service``, ``opens`` and ``closes`` are per point (point 0, the start, has 0
    service and an always-open window). ``tour`` is a good travel-only tour to start from
    (from 0). The local search runs from each start (``every_start``), or from the best
    start alone (faster; days 1–5 % longer on random 10–20-stop days). Once at a local
    optimum it perturbs and searches again for ``time_limit`` seconds or ``kicks``
    perturbations, whichever comes first (``kicks=0`` or a count makes the result the same
    on every machine).
    """
    n = len(minutes)
    if n <= 1:
        return WindowDay([0], 0.0, 0.0, 0.0)
    search = _Search(np.asarray(minutes, dtype=float), service, opens, closes, day_start, lunch)
    starts = []
    if tour is not None and len(tour) == n:
        seq = [int(s) for s in tour[1:]]
        starts += [seq, seq[::-1]]
    by_close = sorted(range(1, n), key=lambda s: (closes[s] - service[s], opens[s]))
    starts.append(by_close)
    best_seq = min(starts, key=search.score)
    if tour is not None and (best_seq is starts[0] or best_seq is starts[1]):
        day = evaluate([0, *best_seq], search.m, search.service, search.opens, search.closes,
                       day_start, lunch)
        if day.late <= _EPS and day.wait <= _EPS:  # the shortest tour, on time: nothing to gain
            return day
    if every_start:
        best_seq = min((search.descend(list(x)) for x in starts), key=search.score)
    else:
        best_seq = search.descend(best_seq)
    best = search.score(best_seq)
    rng = random.Random(seed)
    deadline = time.perf_counter() + time_limit
    current, current_score = best_seq, best
    left = kicks if kicks is not None else -1
    while n > 4 and left != 0 and time.perf_counter() < deadline:
        left -= 1
        candidate = search.descend(_kick(current, rng))
        score = search.score(candidate)
        if score < current_score - _EPS:
            current, current_score = candidate, score
            if score < best - _EPS:
                best_seq, best = candidate, score
        else:
            current, current_score = best_seq, best
    return evaluate([0, *best_seq], search.m, search.service, search.opens, search.closes,
                    day_start, lunch)


def visiting_hours(
    windows: Sequence[tuple[float, float] | None],
) -> tuple[np.ndarray, np.ndarray]:
    """``(opens, closes)`` arrays of per-point windows (None = any time: always open)."""
    opens = np.array([w[0] if w else 0.0 for w in windows], dtype=float)
    closes = np.array([w[1] if w else np.inf for w in windows], dtype=float)
    return opens, closes


def order_day(
    minutes: np.ndarray,
    service: Numbers,
    windows: Sequence[tuple[float, float] | None],
    *,
    day_start: float,
    time_limit: float = 0.05,
    lunch: Lunch | None = None,
) -> list[int]:
    """One day's visiting order from point 0 and back: the shortest tour, or within the
    visiting hours when some point (index > 0) has them."""
    tour = order_stops(minutes, start=0, end=0, time_limit=time_limit)
    if not any(windows[1:]):
        return tour
    opens, closes = visiting_hours(windows)
    return order_in_windows(
        minutes, service, opens, closes, day_start=day_start, tour=tour, time_limit=time_limit,
        lunch=lunch,
    ).order


def _kick(seq: list[int], rng: random.Random) -> list[int]:
    """Move a random segment of 1–3 stops to a random place (reversed half the time)."""
    n = len(seq)
    length = rng.randint(1, min(3, n - 1))
    i = rng.randrange(n - length + 1)
    segment = seq[i : i + length]
    if rng.random() < 0.5:
        segment.reverse()
    rest = seq[:i] + seq[i + length :]
    j = rng.randrange(len(rest) + 1)
    return rest[:j] + segment + rest[j:]


class _Search:
    """Local search on the stop sequence (the start point is implicit at both ends)."""

    def __init__(
        self,
        m: np.ndarray,
        service: Numbers,
        opens: Numbers,
        closes: Numbers,
        day_start: float,
        lunch: Lunch | None = None,
    ) -> None:
        self.m = m
        self.lunch = lunch
        self.rows = m.tolist()
        self.service = [float(s) for s in service]
        self.opens = [float(o) for o in opens]
        self.closes = [float(c) for c in closes]
        self.day_start = float(day_start)

    def score(
        self,
        seq: Sequence[int],
        bound: float = float("inf"),
        at: int = 0,
        record: list[tuple[float, float, float, Lunch | None]] | None = None,
    ) -> float:
        """LATE_WEIGHT × late minutes + day minutes; stops early once above ``bound``. ``at``:
        ``seq`` shares its first ``at`` stops with the sequence :meth:`mark` was given.
        ``record`` gets the state after each stop (the clock, the late minutes, the day's
        start moved on by the lunch break, the break still to take)."""
        rows, service, opens, closes = self.rows, self.service, self.opens, self.closes
        if at:
            clock, late, start, lunch = self._state[at]
            prev = seq[at - 1]
        else:
            clock, late, start, lunch, prev = self.day_start, 0.0, self.day_start, self.lunch, 0
        for k in range(at, len(seq)):
            s = seq[k]
            if lunch is None:
                clock += rows[prev][s]
                if clock < opens[s]:
                    clock = opens[s]
            else:  # Lunch.arrive, written out (the search's innermost loop)
                leg, opening, noon = rows[prev][s], opens[s], lunch.at
                if k and clock >= noon:  # right after the previous visit
                    clock = max(clock + lunch.minutes + leg, opening)
                    taken = True
                elif opening > clock + leg and opening > noon:  # waiting past lunch time
                    clock = max(max(clock + leg, noon) + lunch.minutes, opening)
                    taken = True
                else:
                    clock = max(clock + leg, opening)
                    taken = False
                if taken:  # the break is not working time
                    start += lunch.minutes
                    lunch = None
            clock += service[s]
            if clock > closes[s]:
                late += clock - closes[s]
            if record is not None:
                record.append((clock, late, start, lunch))
            elif LATE_WEIGHT * late + clock - start > bound:
                return float("inf")  # the clock only runs on: this order cannot win
            prev = s
        return LATE_WEIGHT * late + clock + rows[prev][0] - start

    def mark(self, seq: Sequence[int]) -> None:
        """Remember the state before each stop of ``seq`` (for :meth:`score`'s ``at``)."""
        self._state = [(self.day_start, 0.0, self.day_start, self.lunch)]
        self.score(seq, record=self._state)

    def descend(self, seq: list[int]) -> list[int]:
        """Or-opt and 2-opt sweeps, each improving move applied at once, until a sweep finds
        none. Each candidate is timed from its first changed stop on."""
        best = self.score(seq)
        self.mark(seq)
        n = len(seq)
        improved = True
        while improved:
            improved = False
            for length in (1, 2, 3):
                for i in range(n - length + 1):
                    segment = seq[i : i + length]
                    rest = seq[:i] + seq[i + length :]
                    pieces = (segment, segment[::-1]) if length > 1 else (segment,)
                    for j in range(len(rest) + 1):
                        if j == i:
                            continue
                        for piece in pieces:
                            cand = rest[:j] + piece + rest[j:]
                            score = self.score(cand, best, min(i, j))
                            if score < best - _EPS:
                                seq, best, improved = cand, score, True
                                self.mark(seq)
                                break
                        else:
                            continue
                        break
            for i in range(n - 1):
                for j in range(i + 1, n):
                    cand = seq[:i] + seq[i : j + 1][::-1] + seq[j + 1 :]
                    score = self.score(cand, best, i)
                    if score < best - _EPS:
                        seq, best, improved = cand, score, True
                        self.mark(seq)
        return seq
