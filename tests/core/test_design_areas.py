"""Territories of whole municipalities or towns (``whole=``): no area split, locks kept."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from planner import model as m
from planner.areas import area_key, territory_areas
from planner.cli import main
from planner.design import design_territories
from planner.errors import PlannerError
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_customers

WARDS = [f"{a}{b}区" for a in "東西南北中" for b in "山川森林谷野原島田沢岡浜"]


def _with_wards(n: int = 900, wards: int = 40, seed: int = 5) -> m.Plan:
    """Customers whose address names one of ``wards`` compact districts (nearest of random
    district centres), each district split into two towns."""
    plan = m.new_plan(synthetic_customers(n, seed=seed))
    c = plan.customers.copy()
    rng = np.random.default_rng(seed)
    xy = np.column_stack([c[m.LON].to_numpy() * 0.81, c[m.LAT].to_numpy()])
    centres = xy[rng.choice(n, size=wards, replace=False)]
    ward = ((xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    town = np.where(xy[:, 0] > centres[ward, 0], "東町", "西町")
    c[m.ADDRESS] = [
        f"東京都{WARDS[w]}{t}{i % 9 + 1}-1" for i, (w, t) in enumerate(zip(ward, town, strict=True))
    ]
    return plan.replace(customers=c)


def _split_areas(plan: m.Plan, level: str) -> int:
    keys = np.array([area_key(a, level) for a in plan.customers[m.ADDRESS]], dtype=object)
    terr = plan.customers[m.TERRITORY].to_numpy(dtype=object)
    return sum(len(set(terr[keys == k])) > 1 for k in set(keys) - {""})


@pytest.fixture(scope="module")
def plan() -> m.Plan:
    return _with_wards()


@pytest.mark.parametrize("level", ["municipality", "town"])
def test_every_area_whole_balanced_and_contiguous(plan: m.Plan, level: str) -> None:
    free = design_territories(plan, count=5, tolerance=0.10)
    assert _split_areas(free.plan, level) > 0  # a design by customer cuts through areas
    result = design_territories(plan, count=5, tolerance=0.10, whole=level)
    assert _split_areas(result.plan, level) == 0
    assert result.contiguous
    assert (result.plan.customers[m.TERRITORY] != "").all()
    assert result.max_deviation <= 0.10 + 5e-4
    # remembered for the monthly update; a design customer by customer forgets it
    assert result.plan.meta["design_whole"] == level
    again = design_territories(result.plan, count=5, tolerance=0.10)
    assert "design_whole" not in again.plan.meta
    if level == "municipality":  # the Summary sheet then lists no shared municipality
        areas = territory_areas(result.plan)
        assert all(s.customers == s.total for shares in areas.values() for s in shares)


def test_towns_are_finer_than_municipalities(plan: m.Plan) -> None:
    coarse = design_territories(plan, count=6, tolerance=0.03, whole="municipality")
    fine = design_territories(plan, count=6, tolerance=0.03, whole="town")
    assert fine.max_deviation <= coarse.max_deviation + 1e-9


def test_locks_win_over_areas_and_unplaced_customers_follow_their_area(plan: m.Plan) -> None:
    designed = design_territories(plan, count=4, tolerance=0.10).plan
    c = designed.customers.copy()
    keys = np.array([area_key(a) for a in c[m.ADDRESS]], dtype=object)
    terr = c[m.TERRITORY].to_numpy(dtype=object)
    # an area the design split: lock one customer on each side
    split = next(k for k in sorted(set(keys)) if len(set(terr[keys == k])) > 1)
    rows = np.flatnonzero(keys == split)
    a = rows[0]
    b = next(r for r in rows if terr[r] != terr[a])
    locked = c[m.LOCKED].to_numpy(dtype=bool).copy()
    locked[[a, b]] = True
    c[m.LOCKED] = locked
    # a customer of a whole area without a map position
    other = next(k for k in sorted(set(keys)) if k != split)
    lost = int(np.flatnonzero(keys == other)[0])
    c.loc[c.index[lost], [m.LAT, m.LON]] = np.nan
    c.loc[c.index[lost], m.TERRITORY] = "T04" if terr[lost] != "T04" else "T03"
    result = design_territories(designed.replace(customers=c), count=4, tolerance=0.10,
                                whole="municipality")
    after = result.plan.customers[m.TERRITORY].to_numpy(dtype=object)
    assert after[a] == terr[a] and after[b] == terr[b]
    placed = [after[r] for r in np.flatnonzero(keys == other) if r != lost]
    assert len(set(placed)) == 1 and after[lost] == placed[0]
    moved = set(result.moves["customer_id"])
    assert (c[m.CUSTOMER_ID].iloc[lost] in moved) == (c[m.TERRITORY].iloc[lost] != after[lost])


def test_unknown_level_or_unreadable_addresses_are_refused(plan: m.Plan) -> None:
    with pytest.raises(PlannerError, match="Unknown area village"):
        design_territories(plan, count=3, whole="village")
    c = plan.customers.copy()
    c[m.ADDRESS] = "Tokyo"
    with pytest.raises(PlannerError, match="names a municipality"):
        design_territories(plan.replace(customers=c), count=3, whole="municipality")


def test_command_line_whole(tmp_path: Path, plan: m.Plan,
                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["design", str(path), "-n", "5", "--tolerance", "0.1", "--whole",
                 "municipality"]) == 0
    assert _split_areas(load_plan(path), "municipality") == 0
    capsys.readouterr()
    with pytest.raises(SystemExit) as bad:
        main(["design", str(path), "-n", "5", "--whole", "prefecture"])
    assert bad.value.code == 2


def test_a_second_measure_with_whole_areas_moves_whole_areas(plan: m.Plan) -> None:
    from planner import territories as tmod

    def sales_dev(p: m.Plan) -> float:
        metrics = tmod.territory_metrics(p, balance="sales")
        return float(tmod.balance_summary(metrics, "sales")["max_deviation"])

    whole = design_territories(plan, count=5, tolerance=0.10, whole="town")
    both = design_territories(plan, count=5, tolerance=0.10, whole="town", also="sales",
                              also_tolerance=0.03)
    assert _split_areas(both.plan, "town") == 0 and both.contiguous
    assert sales_dev(both.plan) < sales_dev(whole.plan)
    assert both.max_deviation <= 0.10 + 5e-4


def test_areas_too_coarse_to_balance_are_named(plan: m.Plan, capsys, tmp_path) -> None:
    coarse = _with_wards(300, wards=4)  # four wards for three territories
    result = design_territories(coarse, count=3, tolerance=0.02, whole="municipality")
    assert result.max_deviation > 0.02
    name, share = result.largest_area
    assert name in {w for w in WARDS} and share > 0.3
    path = tmp_path / "coarse.gpkg"
    save_plan(coarse, path)
    assert main(["design", str(path), "-n", "3", "--tolerance", "0.02", "--whole",
                 "municipality"]) == 0
    out = capsys.readouterr().out
    assert "whole areas are too coarse to share the work out evenly" in out
    assert "Keep towns whole instead" in out


def test_towns_too_coarse_to_balance_do_not_advise_keeping_towns_whole(tmp_path, capsys) -> None:
    """Every address in one town: --whole town said "Keep towns whole instead", as it did."""
    coarse = _with_wards(300, wards=2)  # four towns for three territories
    path = tmp_path / "coarse.gpkg"
    save_plan(coarse, path)
    assert main(["design", str(path), "-n", "3", "--tolerance", "0.02", "--whole", "town"]) == 0
    out = capsys.readouterr().out
    assert "whole towns are too coarse" in out and "Keep towns whole instead" not in out
