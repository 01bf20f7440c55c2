"""Ordering one day's stops: a short tour from the start point through every stop.

:func:`order_stops` solves the travelling-salesman problem on a plain square
matrix with iterated local search (Lourenço, Martin & Stützle 2003;
:mod:`planner._routing_search`): a nearest-neighbour start, then 2-opt and Or-opt moves
restricted to neighbour lists with don't-look bits (Bentley 1992), perturbed by
segment-local double-bridge kicks (Martin, Otto & Felten 1991) until the time limit,
keeping the best tour. Open paths and fixed ends are reduced to a tour with one fixed
edge (cost −K) that no improving move ever removes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from planner._routing_search import _solve
from planner.errors import PlannerError
from planner.i18n import tr

_EPS = 1e-9


def order_stops(
    matrix: np.ndarray | Sequence[Sequence[float]],
    *,
    start: int = 0,
    end: int | None = 0,
    time_limit: float = 1.0,
    seed: int = 0,
    max_kicks: int | None = None,
    stall_kicks: int | None = None,
) -> list[int]:
    """Visit order of every point from ``start``, minimising the matrix's total cost.

    ``end == start`` makes a round trip (the return is implicit), ``end is None``
    an open path ending anywhere, any other ``end`` a path ending there. The list
    begins with ``start`` and holds every index exactly once. The search stops at
    ``time_limit`` seconds, after ``max_kicks`` perturbations, or after
    ``stall_kicks`` (default ``max(200, 50 n)``) perturbations without a better
    tour. Asymmetric matrices are optimised on their symmetric mean, then the
    cheaper direction is kept.
    """
    d = np.asarray(matrix, dtype=float)
    if d.ndim != 2 or d.shape[0] != d.shape[1]:
        raise PlannerError(tr("The travel matrix must be square."))
    n = d.shape[0]
    if n == 0:
        raise PlannerError(tr("There are no stops to order."))
    if not 0 <= start < n or (end is not None and not 0 <= end < n):
        raise PlannerError(tr("The start or end point is not one of the stops."))
    if not np.isfinite(d).all():
        raise PlannerError(tr("The travel matrix has missing values."))
    if time_limit < 0:
        raise PlannerError(tr("The time limit cannot be negative."))
    if n <= 3 or (n == 4 and end is not None and end != start):
        return _brute_small(d, start, end)
    sym = (d + d.T) * 0.5
    closed = end == start
    if closed:
        cost = sym
        anchor = -1
    else:
        big = float(np.abs(sym).max()) * (n + 2) + 1.0
        if end is None:  # a dummy end point, free to and from every stop
            cost = np.zeros((n + 1, n + 1))
            cost[:n, :n] = sym
            anchor = n
        else:
            cost = sym.copy()
            anchor = end
        cost[start, anchor] = cost[anchor, start] = -big
    stall = stall_kicks if stall_kicks is not None else max(200, 50 * n)
    tour = _solve(cost, time_limit=time_limit, seed=seed, max_kicks=max_kicks, stall=stall)
    order = _orient(tour, start, anchor)
    if anchor == n:
        order = [i for i in order if i != n]
    if closed and not np.allclose(d, d.T):
        back = [order[0], *reversed(order[1:])]
        if route_cost(d, back, closed=True) < route_cost(d, order, closed=True):
            order = back
    return order


def route_cost(
    matrix: np.ndarray | Sequence[Sequence[float]], order: Sequence[int], *, closed: bool = True
) -> float:
    """Total cost of visiting ``order`` (and returning to its first point when ``closed``)."""
    d = np.asarray(matrix, dtype=float)
    idx = np.asarray(order, dtype=np.int64)
    if len(idx) < 2:
        return 0.0
    total = float(d[idx[:-1], idx[1:]].sum())
    if closed:
        total += float(d[idx[-1], idx[0]])
    return total


@dataclass(frozen=True)
class StopTime:
    """When the rep arrives at and leaves one stop, in minutes after midnight."""

    stop: int
    arrival: float
    departure: float
    travel_minutes: float  # from the previous stop (or the start point)
    lunch: float = math.nan  # when the lunch break taken before this visit begins


@dataclass(frozen=True)
class Lunch:
    """The rep's lunch break (昼休憩): ``minutes`` long, taken once a day at the first free
    moment from ``at`` (minutes after midnight) on — when a visit ends at or after ``at``
    (before driving on), or while waiting for a customer's opening time that lies past
    ``at``. Never before the first visit, nor after the last (the rep is back by then).
    The break is not working time: a day's hours leave it out; its clock includes it."""

    at: float
    minutes: float

    def arrive(
        self, departed: float, leg: float, opens: float, *, first: bool
    ) -> tuple[float, float]:
        """``(visit start, break start)`` of the next visit when the break is still to be
        taken: ``departed`` is when the previous visit ended (or the day began, ``first``),
        ``leg`` the drive, ``opens`` the visit's opening time. The break start is NaN when
        the break is not taken on this leg."""
        if not first and departed >= self.at:  # right after the previous visit
            return max(departed + self.minutes + leg, opens), departed
        arrival = departed + leg
        if opens > arrival and opens > self.at:  # waiting past lunch time: eat meanwhile
            rest = max(arrival, self.at)
            return max(rest + self.minutes, opens), rest
        return max(arrival, opens), math.nan


def lunch_end(start: str, minutes: float) -> str:
    """"HH:MM" when a lunch break beginning at ``start`` ("HH:MM") ends."""
    return format_clock(parse_clock(start) + minutes)


def lunch_of(at: str, minutes: float) -> Lunch | None:
    """The lunch break of the settings' ``lunch_start`` and ``lunch_minutes`` (None: none)."""
    return Lunch(parse_clock(at), float(minutes)) if minutes > 0 else None


def stop_times(
    order: Sequence[int],
    minutes_matrix: np.ndarray | Sequence[Sequence[float]],
    service_minutes: Sequence[float] | np.ndarray,
    day_start: str | float = "09:00",
    opens: Sequence[float] | np.ndarray | None = None,
    lunch: Lunch | None = None,
) -> list[StopTime]:
    """Arrival and departure at each stop of ``order`` (``order[0]`` is the start point).

    With ``opens`` (per matrix index, minutes after midnight) a visit starts no earlier
    than its stop's opening time: ``arrival`` is then when the visit begins, after waiting.
    With ``lunch`` the rep takes the break once (:class:`Lunch`); ``StopTime.lunch`` says
    before which visit and from when.
    """
    m = np.asarray(minutes_matrix, dtype=float)
    service = np.asarray(service_minutes, dtype=float)
    clock = parse_clock(day_start) if isinstance(day_start, str) else float(day_start)
    out: list[StopTime] = []
    prev = order[0] if order else 0
    for stop in order[1:]:
        leg = float(m[prev, stop])
        opening = float(opens[stop]) if opens is not None else 0.0
        rest = math.nan
        if lunch is not None:
            clock, rest = lunch.arrive(clock, leg, opening, first=not out)
            if not math.isnan(rest):
                lunch = None  # taken
        else:
            clock = max(clock + leg, opening)
        arrival = clock
        clock += float(service[stop])
        out.append(StopTime(int(stop), arrival, clock, leg, rest))
        prev = stop
    return out


#: The columns :func:`day_columns` gives each stop of a day (besides ``stop``).
ROUTE_COLUMNS = (
    "seq", "arrival", "departure", "travel_km", "travel_minutes",
    "return_km", "return_minutes", "day_hours", "lunch",
)


def day_columns(
    order: Sequence[int],
    minutes: np.ndarray,
    km: np.ndarray,
    service_minutes: Sequence[float] | np.ndarray,
    day_start: float,
    length: float | None = None,
    opens: Sequence[float] | np.ndarray | None = None,
    lunch: Lunch | None = None,
) -> dict[str, list[Any]]:
    """The calendar's columns of one routed day (``order[0]`` is the start point).

    ``stop`` (matrix index of each stop in visiting order), ``seq``, ``arrival``,
    ``departure`` ("HH:MM"), ``travel_km`` / ``travel_minutes`` from the previous stop,
    ``return_km`` / ``return_minutes`` (the drive back, on the last stop only) and
    ``day_hours`` (``length`` minutes when given, else from the clock: the whole day but
    the lunch break), ``lunch`` ("HH:MM" when the lunch break begins before the stop, else
    ""). With ``opens`` (visiting hours) visits wait for their opening time, with ``lunch``
    the rep takes the break (:func:`stop_times`).
    """
    times = stop_times(order, minutes, service_minutes, day_start, opens, lunch)
    last = order[-1]
    if length is None:
        length = times[-1].departure + float(minutes[last, 0]) - day_start if times else 0.0
        if lunch is not None and any(not math.isnan(st.lunch) for st in times):
            length -= lunch.minutes
    n = len(times)
    return {
        "stop": [st.stop for st in times],
        "seq": list(range(1, n + 1)),
        "arrival": [format_clock(st.arrival) for st in times],
        "departure": [format_clock(st.departure) for st in times],
        "travel_km": [round(float(km[p, st.stop]), 3) for p, st in zip(order, times, strict=False)],
        "travel_minutes": [round(st.travel_minutes, 2) for st in times],
        "return_km": [0.0] * (n - 1) + [round(float(km[last, 0]), 3)] if n else [],
        "return_minutes": [0.0] * (n - 1) + [round(float(minutes[last, 0]), 2)] if n else [],
        "day_hours": [round(length / 60.0, 3)] * n,
        "lunch": ["" if math.isnan(st.lunch) else format_clock(st.lunch) for st in times],
    }


def parse_clock(text: str) -> float:
    """Minutes after midnight of ``"HH:MM"``."""
    try:
        hh, mm = text.strip().split(":")
        value = int(hh) * 60 + int(mm)
    except ValueError as exc:
        raise PlannerError(tr("The day start must look like 09:00.")) from exc
    if not 0 <= value < 24 * 60 or not 0 <= int(mm) < 60:
        raise PlannerError(tr("The day start must look like 09:00."))
    return float(value)


def format_clock(minutes: float) -> str:
    """``"HH:MM"`` of minutes after midnight (past 24:00 keeps counting, e.g. ``"25:10"``)."""
    total = int(round(minutes))
    return f"{total // 60:02d}:{total % 60:02d}"


def clock_minutes(values: object) -> np.ndarray:
    """``"HH:MM"`` texts (a sequence or Series) as minutes after midnight; NaN where unreadable."""
    import pandas as pd

    # a calendar's clock texts repeat (at most one per minute of the day): read each once
    codes, uniques = pd.factorize(pd.Series(values, dtype=object).astype(str))
    parts = pd.Series(uniques, dtype=object).str.extract(r"^\s*(\d{1,2}):(\d{2})")
    hours = pd.to_numeric(parts[0], errors="coerce").to_numpy(dtype=float)
    minutes = np.append(hours * 60 + pd.to_numeric(parts[1], errors="coerce").to_numpy(dtype=float),
                        np.nan)  # code -1 (none): NaN
    return minutes[codes]


# --- solver -------------------------------------------------------------------


def _brute_small(d: np.ndarray, start: int, end: int | None) -> list[int]:
    import itertools

    n = d.shape[0]
    rest = [i for i in range(n) if i != start and i != end]
    best: list[int] = []
    best_cost = math.inf
    for perm in itertools.permutations(rest):
        order = [start, *perm]
        if end is not None and end != start:
            order.append(end)
        c = route_cost(d, order, closed=end == start)
        if c < best_cost - _EPS:
            best, best_cost = order, c
    return best


def _orient(tour: list[int], start: int, anchor: int) -> list[int]:
    """Rotate the tour to begin at ``start``; put ``anchor`` (if any) at the end."""
    n = len(tour)
    i = tour.index(start)
    order = tour[i:] + tour[:i]
    if anchor >= 0 and order[1 % n] == anchor:
        order = [order[0], *reversed(order[1:])]
    return order
