"""Designing some territories among themselves (``only=``): the rest of the plan stays put."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

from planner import model as m
from planner import territories as tmod
from planner._edit_base import SCHEDULE_STALE
from planner.cli import main
from planner.design import DesignResult, design_territories
from planner.errors import PlannerError
from planner.schedule import build_schedule
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_customers
from tests.core.test_design import _pieces


@pytest.fixture(scope="module")
def designed() -> DesignResult:
    plan = m.new_plan(synthetic_customers(700, seed=11))
    return design_territories(plan, count=6, balance="workload", tolerance=0.03)


def _neighbours(plan: m.Plan, tid: str) -> list[str]:
    """Territories whose boundary touches ``tid``'s."""
    mine = plan.territory(tid).boundary
    return [
        t.id for t in plan.territories
        if t.id != tid and shapely.intersects(shapely.buffer(mine, 1e-6), t.boundary)
    ]


def _overload(plan: m.Plan, tid: str) -> m.Plan:
    """``tid``'s customers visited twice as often, one in three of them."""
    c = plan.customers.copy()
    rng = np.random.default_rng(3)
    pick = (c[m.TERRITORY] == tid).to_numpy() & (rng.random(len(c)) < 0.35)
    freq = c[m.FREQUENCY].to_numpy(dtype=float).copy()
    freq[pick] *= 2
    c[m.FREQUENCY] = freq
    return plan.replace(customers=c)


def _workloads(plan: m.Plan, ids: list[str]) -> np.ndarray:
    met = tmod.territory_metrics(plan)
    return met.loc[ids, "workload_hours_per_week"].to_numpy(dtype=float)


def test_two_neighbours_are_balanced_and_nothing_else_moves(designed: DesignResult) -> None:
    a = "T01"
    b = _neighbours(designed.plan, a)[0]
    plan = _overload(designed.plan, a)
    loads = _workloads(plan, [a, b])
    assert abs(loads[0] / loads.mean() - 1) > 0.05  # out of balance between the two
    name_b = plan.territory(b).name
    result = design_territories(plan, count=2, only=[a, name_b], keep_existing=True,
                                tolerance=0.03)
    after = _workloads(result.plan, [a, b])
    assert np.abs(after / after.mean() - 1).max() <= 0.03
    # the figures measure the balance among the two, as the manager asked
    assert result.max_deviation == pytest.approx(np.abs(after / after.mean() - 1).max(), abs=1e-4)
    assert list(result.metrics.index) == [a, b]
    before_col = plan.customers[m.TERRITORY].to_numpy(dtype=object)
    after_col = result.plan.customers[m.TERRITORY].to_numpy(dtype=object)
    changed = before_col != after_col
    assert changed.any()
    assert set(before_col[changed]) | set(after_col[changed]) <= {a, b}
    assert len(result.moves) == int(changed.sum())
    # every other territory is exactly as it was, boundary included
    for t in plan.territories:
        if t.id not in (a, b):
            assert result.plan.territory(t.id) == t
    # the two new boundaries cover what the two old ones did, and hold their customers
    old = shapely.union(plan.territory(a).boundary, plan.territory(b).boundary)
    new = shapely.union(result.plan.territory(a).boundary, result.plan.territory(b).boundary)
    assert abs(shapely.area(old) - shapely.area(new)) < 1e-6 * shapely.area(old)
    assert max(_pieces(result.plan)[t] for t in (a, b)) == 1
    assert result.plan.territory_ids == plan.territory_ids


def test_more_or_fewer_territories_in_the_chosen_area(designed: DesignResult) -> None:
    plan = designed.plan
    ids = ["T02", "T03"]
    more = design_territories(plan, count=3, only=ids, tolerance=0.05)
    more.plan.validate()
    added = [t for t in more.plan.territories if t.id not in plan.territory_ids]
    assert len(added) == 1
    new = added[0]
    assert new.name not in {t.name for t in plan.territories}
    assert new.name == f"Territory {int(new.id[1:])}"  # named after its id: T07, Territory 7
    assert new.color not in {t.color for t in plan.territories}
    labels = more.plan.customers[m.TERRITORY]
    was = plan.customers[m.TERRITORY].isin(ids).to_numpy()
    assert set(labels[was]) == {"T02", "T03", new.id}
    assert (labels[~was] == plan.customers[m.TERRITORY][~was]).all()
    assert more.max_deviation <= 0.05
    fewer = design_territories(plan, count=1, only=ids, tolerance=0.05)
    fewer.plan.validate()
    assert len(fewer.plan.territories) == len(plan.territories) - 1
    assert set(fewer.plan.customers[m.TERRITORY][was]) == {"T02"}


def test_a_calendar_is_marked_stale_only_when_customers_move(designed: DesignResult) -> None:
    small = m.new_plan(synthetic_customers(160, seed=5))
    small = design_territories(small, count=3, tolerance=0.05).plan
    small = build_schedule(small, weeks=4)
    assert not small.meta.get(SCHEDULE_STALE)
    shifted = _overload(small, "T01")
    result = design_territories(shifted, count=2, only=["T01", "T02"], keep_existing=True,
                                tolerance=0.02)
    assert len(result.moves) > 0 and result.plan.meta[SCHEDULE_STALE] is True
    assert result.plan.schedule is shifted.schedule  # kept, for keep-days rebuilds


def test_unknown_territory_is_refused_and_the_plan_untouched(designed: DesignResult) -> None:
    plan = designed.plan
    column = plan.customers[m.TERRITORY].copy()
    with pytest.raises(PlannerError, match="no territory “北エリア”"):
        design_territories(plan, count=2, only=["T01", "北エリア"])
    with pytest.raises(PlannerError, match="at least one territory"):
        design_territories(plan, count=2, only=[])
    assert plan.customers[m.TERRITORY].equals(column)


def test_command_line_only(tmp_path: Path, designed: DesignResult,
                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.gpkg"
    plan = _overload(designed.plan, "T01")
    b = _neighbours(plan, "T01")[0]
    save_plan(plan, path)
    assert main(["design", str(path), "--only", f"T01、{b}", "--keep-existing",
                 "--tolerance", "0.03"]) == 0
    out = capsys.readouterr().out
    rows = [line.split() for line in out.splitlines() if line.startswith("T0")]
    assert [r[0] for r in rows] == sorted(["T01", b])
    assert max(abs(float(r[-1].rstrip("%"))) for r in rows) <= 3.0
    assert "the remaining 4 territories are unchanged" in out and "Still above" not in out
    saved = load_plan(path)
    others = ~plan.customers[m.TERRITORY].isin(["T01", b]).to_numpy()
    assert (saved.customers[m.TERRITORY].to_numpy()[others]
            == plan.customers[m.TERRITORY].to_numpy()[others]).all()
    before = path.read_bytes()
    assert main(["design", str(path), "--only", "T01,T99"]) == 1
    assert "no territory “T99”" in capsys.readouterr().err
    assert main(["design", str(path), "-n", "2", "--only", ""]) == 1  # never "all of them"
    assert "at least one territory" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_territories_that_do_not_touch_are_refused(designed: DesignResult) -> None:
    plan = designed.plan
    near = set(_neighbours(plan, "T01"))
    far = next(t for t in plan.territory_ids if t != "T01" and t not in near)
    with pytest.raises(PlannerError, match="do not touch") as err:
        design_territories(plan, count=2, only=["T01", far])
    assert plan.territory(far).name in str(err.value)
    # with a territory in between, they form one area and can be designed
    middle = next(t for t in near if far in _neighbours(plan, t))
    result = design_territories(plan, count=3, only=["T01", far, middle], keep_existing=True)
    assert result.max_deviation <= 0.05


def test_a_result_above_the_tolerance_says_so(designed: DesignResult,
                                              capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    # the overloaded T01's customers are all locked: its neighbour cannot take anything
    plan = _overload(designed.plan, "T01")
    c = plan.customers.copy()
    c[m.LOCKED] = (c[m.TERRITORY] == "T01").to_numpy()
    plan = plan.replace(customers=c)
    b = _neighbours(plan, "T01")[0]
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    args = ["design", str(path), "--only", f"T01,{b}", "--tolerance", "0.02", "--keep-existing"]
    assert main(args) == 0
    out = capsys.readouterr().out
    dev = max(abs(float(line.split()[-1].rstrip("%"))) for line in out.splitlines()
              if line.startswith("T0"))
    assert dev > 2.0
    # T01's locked customers alone weigh more than its share: the sentence names it
    assert ("Still above the tolerance of 2.0%. Territory 1 stays outside it, as its locked "
            "customers alone weigh more than its share allows.") in out
    # and its neighbour, below its share because of them, is named too
    other = plan.territory(b).name
    assert (f"{other} stays below its share, as the locked customers of Territory 1 take up "
            "more than a share") in out
