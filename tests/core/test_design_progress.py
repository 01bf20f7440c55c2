"""The design's preparation reports progress (and hears Cancel) before its first step."""

from __future__ import annotations

import numpy as np
import pytest

from planner import _design_reach, _design_weights
from planner import model as m
from planner._design_graph import project_km
from planner._design_reach import reach_matrix
from planner._design_weights import local_spacing
from planner.design import design_territories
from planner.errors import Cancelled
from planner.synthetic import synthetic_plan

FIRST_STEP = "Finding each customer's neighbours…"  # the step after the preparation


@pytest.fixture(scope="module")
def plan() -> m.Plan:
    return synthetic_plan(2_500, territories=5, seed=4)


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of 500 customers, so a small plan's preparation has several (100,000 customers
    into 50: 10,000)."""
    monkeypatch.setattr(_design_weights, "SPACING_CHUNK", 500)
    monkeypatch.setattr(_design_reach, "CHUNK_CELLS", 500 * 5)  # 5 homes


@pytest.mark.usefixtures("small_parts")
def test_the_preparation_reports_moving_fractions_before_the_first_step(plan: m.Plan) -> None:
    calls: list[tuple[float, str]] = []
    design_territories(plan, count=5, seeds="homes", progress=lambda f, msg: calls.append((f, msg)))
    first = next(i for i, (_f, msg) in enumerate(calls) if msg == FIRST_STEP)
    before = calls[:first]
    moving = [f for f, _msg in before if 0.0 < f < 1.0]
    assert len(moving) >= 10  # 5 parts of spacings + 5 of day trips (+ the homes)
    assert [f for f, _msg in before] == sorted(f for f, _msg in before)
    assert max(f for f, _msg in before) < calls[first][0]
    texts = {msg for _f, msg in before}
    assert {"Measuring how far apart the customers are…",
            "Finding the reps who can reach each customer in a day…"} <= texts


@pytest.mark.usefixtures("small_parts")
@pytest.mark.parametrize("text", ["Measuring how far apart the customers are…",
                                  "Finding the reps who can reach each customer in a day…"])
def test_cancel_is_heard_inside_the_preparation(plan: m.Plan, text: str) -> None:
    calls: list[str] = []

    def progress(fraction: float, message: str) -> bool:
        calls.append(message)
        return calls.count(text) < 3  # Cancel pressed in the middle of that part

    with pytest.raises(Cancelled):
        design_territories(plan, count=5, seeds="homes", progress=progress)
    assert calls[-1] == text and FIRST_STEP not in calls


def test_measured_in_parts_or_at_once_the_same(plan: m.Plan, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    c = plan.customers
    xy = project_km(c[m.LAT].to_numpy(dtype=float), c[m.LON].to_numpy(dtype=float))
    rows = np.arange(len(c))
    fixed = np.full(len(c), -1)
    whole_spacing = local_spacing(xy)
    whole_reach = reach_matrix(plan, list(plan.territories), rows, fixed)
    monkeypatch.setattr(_design_weights, "SPACING_CHUNK", 333)
    monkeypatch.setattr(_design_reach, "CHUNK_CELLS", 333)
    np.testing.assert_array_equal(local_spacing(xy), whole_spacing)
    np.testing.assert_array_equal(reach_matrix(plan, list(plan.territories), rows, fixed),
                                  whole_reach)


def test_drawing_the_boundaries_reports_its_progress_and_hears_cancel(plan: m.Plan) -> None:
    calls: list[tuple[float, str]] = []
    design_territories(plan, count=5, progress=lambda f, msg: calls.append((f, msg)))
    drawing = [f for f, msg in calls if msg == "Drawing the boundaries…"]
    assert len(drawing) >= 5 and drawing == sorted(drawing)  # one a territory, and on
    assert 0.97 <= drawing[0] < drawing[-1] < 1.0
    with pytest.raises(Cancelled):
        design_territories(plan, count=5,
                           progress=lambda f, msg: msg != "Drawing the boundaries…")
