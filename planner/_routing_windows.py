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

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

#: Minutes of day length one minute past a closing time costs in the objective.
LATE_WEIGHT = 1000.0
_EPS = 1e-9


@dataclass(frozen=True)
class WindowDay:
    """A day ordered within visiting hours."""

    order: list[int]  # matrix indexes from the start point, which comes first
    minutes: float  # day start until back at the start point: travel, visits and waiting
    late: float  # minutes visits end after their closing time, summed (0 = feasible)
    wait: float  # minutes spent waiting for opening times


def evaluate(
    order: Sequence[int],
    minutes: np.ndarray,
    service: Sequence[float],
    opens: Sequence[float],
    closes: Sequence[float],
    day_start: float,
) -> WindowDay:
    """The day of visiting ``order`` (``order[0]`` is the start point) from ``day_start``."""
    m = minutes
    clock = day_start
    late = wait = 0.0
    prev = order[0]
    for s in order[1:]:
        clock += float(m[prev, s])
        if clock < opens[s]:
            wait += opens[s] - clock
            clock = opens[s]
        clock += service[s]
        if clock > closes[s] + _EPS:
            late += clock - closes[s]
        prev = s
    clock += float(m[prev, order[0]]) if len(order) > 1 else 0.0
    return WindowDay(list(order), clock - day_start, late, wait)


def order_in_windows(
    minutes: np.ndarray,
    service: Sequence[float],
    opens: Sequence[float],
    closes: Sequence[float],
    *,
    day_start: float,
    tour: Sequence[int] | None = None,
    time_limit: float = 0.05,
    seed: int = 0,
) -> WindowDay:
    """The best order found of every point of square ``minutes`` from point 0 and back.

    ``service``, ``opens`` and ``closes`` are per point (point 0, the start, has 0
    service and an always-open window). ``tour`` is a good travel-only tour to start from
    (from 0). The search stops after ``time_limit`` seconds of perturbation once a first
    local optimum is reached.
    """
    n = len(minutes)
    if n <= 1:
        return WindowDay([0], 0.0, 0.0, 0.0)
    search = _Search(np.asarray(minutes, dtype=float), service, opens, closes, day_start)
    starts = []
    if tour is not None and len(tour) == n:
        seq = [int(s) for s in tour[1:]]
        starts += [seq, seq[::-1]]
    by_close = sorted(range(1, n), key=lambda s: (closes[s] - service[s], opens[s]))
    starts.append(by_close)
    best_seq = min(starts, key=search.score)
    best_seq = search.descend(best_seq)
    best = search.score(best_seq)
    rng = random.Random(seed)
    deadline = time.perf_counter() + time_limit
    current, current_score = best_seq, best
    while n > 4 and time.perf_counter() < deadline:
        candidate = search.descend(_kick(current, rng))
        score = search.score(candidate)
        if score < current_score - _EPS:
            current, current_score = candidate, score
            if score < best - _EPS:
                best_seq, best = candidate, score
        else:
            current, current_score = best_seq, best
    return evaluate([0, *best_seq], search.m, search.service, search.opens, search.closes,
                    day_start)


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
        service: Sequence[float],
        opens: Sequence[float],
        closes: Sequence[float],
        day_start: float,
    ) -> None:
        self.m = m
        self.rows = m.tolist()
        self.service = [float(s) for s in service]
        self.opens = [float(o) for o in opens]
        self.closes = [float(c) for c in closes]
        self.day_start = float(day_start)

    def score(self, seq: Sequence[int], bound: float = float("inf")) -> float:
        """LATE_WEIGHT × late minutes + day minutes; stops early once above ``bound``."""
        rows, service, opens, closes = self.rows, self.service, self.opens, self.closes
        clock = self.day_start
        late = 0.0
        prev = 0
        for s in seq:
            clock += rows[prev][s]
            if clock < opens[s]:
                clock = opens[s]
            clock += service[s]
            if clock > closes[s]:
                late += clock - closes[s]
            if LATE_WEIGHT * late + clock - self.day_start > bound:
                return float("inf")  # the clock only runs on: this order cannot win
            prev = s
        return LATE_WEIGHT * late + clock + rows[prev][0] - self.day_start

    def descend(self, seq: list[int]) -> list[int]:
        """Or-opt and 2-opt sweeps, each improving move applied at once, until a sweep finds
        none."""
        best = self.score(seq)
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
                            score = self.score(cand, best)
                            if score < best - _EPS:
                                seq, best, improved = cand, score, True
                                break
                        else:
                            continue
                        break
            for i in range(n - 1):
                for j in range(i + 1, n):
                    cand = seq[:i] + seq[i : j + 1][::-1] + seq[j + 1 :]
                    score = self.score(cand, best)
                    if score < best - _EPS:
                        seq, best, improved = cand, score, True
        return seq
