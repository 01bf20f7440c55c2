"""Re-balancing frees itself by routing the excess over a chain of borders."""

from __future__ import annotations

import numpy as np

from planner._design_graph import is_contiguous, neighbour_graph
from planner._design_repair import SwapModel, rebalance_few_moves
from planner._design_route import border_flows

TOLERANCE = 0.05


def _strip() -> tuple[np.ndarray, np.ndarray]:
    """A 100 × 40 grid of customers of weight 1 cut into four bands from west to east:
    1,150, 1,040, 1,040 and 770 customers (mean 1,000). The heavy west and the light east do
    not touch; the two middle bands are within the tolerance, near its upper edge."""
    xy = np.array([(x, y) for x in range(100) for y in range(40)], dtype=float) * 0.3
    labels = np.repeat(np.arange(4), [1150, 1040, 1040, 770])  # column by column
    return xy, labels


def _loads(labels: np.ndarray) -> np.ndarray:
    return np.bincount(labels, minlength=4).astype(float)


def test_a_heavy_territory_whose_neighbour_is_full_passes_its_excess_down_the_chain() -> None:
    xy, labels = _strip()
    graph = neighbour_graph(xy)
    model = SwapModel(np.ones(len(xy)), np.zeros(len(xy)), np.zeros(4), np.zeros(4))
    out = rebalance_few_moves(
        graph, graph.adjacency_lists(), labels, lambda lab: model,
        locked=np.zeros(len(xy), bool), xy=xy, mass=np.ones(len(xy)),
        centres=np.array([[4.3, 5.85], [12.6, 5.85], [20.4, 5.85], [26.8, 5.85]]),
        tolerance=TOLERANCE,
    )
    assert np.abs(_loads(out) / 1000 - 1).max() <= TOLERANCE
    # fewest: 101 west → second, 92 on to the third, 181 into the east (1,150 − 101 = 1,049,
    # 1,040 + 101 − 92 = 1,049, 1,040 + 92 − 181 = 951, 770 + 181 = 951)
    moved = int((out != labels).sum())
    assert 374 <= moved <= 380
    assert is_contiguous(graph, out)


def test_the_flow_sends_the_excess_along_the_fewest_borders() -> None:
    # a path 0 – 1 – 2 – 3 of territories, loads 115, 104, 104, 77 within 95..105
    src = np.array([0, 1, 1, 2, 2, 3])
    dst = np.array([1, 0, 2, 1, 3, 2])
    flows = border_flows(src, dst, np.full(6, np.inf), np.ones(6), np.array([115, 104, 104, 77.0]),
                         np.full(4, 95.0), np.full(4, 105.0))
    assert flows is not None
    sent = dict(zip(zip(src.tolist(), dst.tolist(), strict=True), flows.tolist(), strict=True))
    # 115 − 10 = 105; 104 + 10 − 9 = 105 (the middle keeps what it has room for); 77 + 18 = 95
    assert (sent[(0, 1)], sent[(1, 2)], sent[(2, 3)]) == (10, 9, 18)
    assert sent[(1, 0)] == sent[(2, 1)] == sent[(3, 2)] == 0
    # territories cut off from each other: no flow can balance them
    assert border_flows(np.array([0]), np.array([1]), np.array([np.inf]), np.ones(1),
                        np.array([115, 104, 104, 77.0]), np.full(4, 95.0), np.full(4, 105.0)
                        ) is None
