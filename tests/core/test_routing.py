"""Route ordering: exact on small instances, optimal on a textbook instance, stop times."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np
import pytest

from planner.errors import PlannerError
from planner.routing import format_clock, order_stops, parse_clock, route_cost, stop_times

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import tsp_instances  # noqa: E402


def _random_matrix(n: int, seed: int) -> np.ndarray:
    xy = np.random.default_rng(seed).random((n, 2)) * 100
    return np.sqrt(((xy[:, None] - xy[None]) ** 2).sum(axis=2))


def _brute(d: np.ndarray, start: int, end: int | None) -> float:
    n = len(d)
    rest = [i for i in range(n) if i not in (start, end)]
    best = np.inf
    for perm in itertools.permutations(rest):
        order = [start, *perm] + ([end] if end is not None and end != start else [])
        best = min(best, route_cost(d, order, closed=end == start))
    return best


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("end", [0, None, 4])
def test_matches_exhaustive_search(seed: int, end: int | None) -> None:
    d = _random_matrix(9, seed)
    order = order_stops(d, start=0, end=end, time_limit=0.5)
    assert order[0] == 0 and sorted(order) == list(range(9))
    if end not in (0, None):
        assert order[-1] == end
    cost = route_cost(d, order, closed=end == 0)
    assert cost == pytest.approx(_brute(d, 0, end))


def test_start_other_than_zero() -> None:
    d = _random_matrix(12, 5)
    order = order_stops(d, start=7, end=7, time_limit=0.2)
    assert order[0] == 7 and sorted(order) == list(range(12))


def test_open_path_beats_or_equals_closed_tour_minus_return() -> None:
    d = _random_matrix(20, 9)
    closed = order_stops(d, start=0, end=0, time_limit=0.3)
    open_ = order_stops(d, start=0, end=None, time_limit=0.3)
    assert route_cost(d, open_, closed=False) <= route_cost(d, closed, closed=False) + 1e-9


def test_textbook_instance_reaches_published_optimum() -> None:
    d = tsp_instances.tsplib_matrix("eil51")
    order = order_stops(d, time_limit=2.0)
    assert route_cost(d, order) == tsp_instances.optimum("eil51")


def test_asymmetric_matrix_keeps_cheaper_direction() -> None:
    d = _random_matrix(10, 4)
    d[0, 1:] += 50.0  # leaving the depot is expensive except towards the nearest stop
    d[0, 3] -= 50.0
    order = order_stops(d, time_limit=0.3)
    back = [order[0], *reversed(order[1:])]
    assert route_cost(d, order) <= route_cost(d, back)


def test_tiny_inputs() -> None:
    assert order_stops(np.zeros((1, 1))) == [0]
    assert order_stops(np.array([[0, 1], [1, 0]])) == [0, 1]


@pytest.mark.parametrize(
    "matrix, kwargs",
    [
        (np.zeros((2, 3)), {}),
        (np.zeros((3, 3)), {"start": 5}),
        (np.array([[0, np.nan], [1, 0]]), {}),
        (np.zeros((0, 0)), {}),
    ],
)
def test_bad_input_is_a_user_error(matrix: np.ndarray, kwargs: dict) -> None:
    with pytest.raises(PlannerError):
        order_stops(matrix, **kwargs)


def test_stop_times() -> None:
    minutes = np.array([[0, 10, 20], [10, 0, 5], [20, 5, 0]], dtype=float)
    times = stop_times([0, 1, 2], minutes, [0, 30, 15], "09:00")
    assert [(t.stop, t.arrival, t.departure, t.travel_minutes) for t in times] == [
        (1, 550.0, 580.0, 10.0),
        (2, 585.0, 600.0, 5.0),
    ]
    assert format_clock(times[1].departure) == "10:00"
    assert parse_clock("08:30") == 510.0
    with pytest.raises(PlannerError):
        parse_clock("9 o'clock")
