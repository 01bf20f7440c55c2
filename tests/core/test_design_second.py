"""A second measure kept even (``also=``): better on it, the first kept within its tolerance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from planner import model as m
from planner import territories as tmod
from planner.cli import main
from planner.design import DesignResult, design_territories
from planner.errors import PlannerError
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_customers
from tests.core.test_design import _pieces


@pytest.fixture(scope="module")
def plan() -> m.Plan:
    return m.new_plan(synthetic_customers(700, seed=11))


@pytest.fixture(scope="module")
def workload_only(plan: m.Plan) -> DesignResult:
    return design_territories(plan, count=6, tolerance=0.05)


def _max_dev(plan: m.Plan, measure: str) -> float:
    metrics = tmod.territory_metrics(plan, balance=measure)
    return float(tmod.balance_summary(metrics, measure)["max_deviation"])


@pytest.mark.parametrize("also", ["sales", "customers"])
def test_second_measure_evened_first_kept(plan: m.Plan, workload_only: DesignResult,
                                          also: str) -> None:
    before = _max_dev(workload_only.plan, also)
    result = design_territories(plan, count=6, tolerance=0.05, also=also, also_tolerance=0.05)
    after = _max_dev(result.plan, also)
    assert after < before * 0.6  # far more even than the workload-only design
    # the figures the result reports are those of the plan it holds
    assert result.second is not None and result.second["measure"] == also
    assert result.second["max_deviation"] == pytest.approx(after, abs=1e-6)
    assert set(result.second["deviation"]) == set(result.plan.territory_ids)
    # the first measure stays within its tolerance, on the true figures
    assert _max_dev(result.plan, "workload") <= 0.05 + 5e-4
    assert result.max_deviation <= 0.05 + 5e-4
    # every customer assigned, every territory in one piece
    assert (result.plan.customers[m.TERRITORY] != "").all()
    assert max(_pieces(result.plan).values()) == 1 and result.contiguous
    assert result.plan.settings.balance == "workload"


def test_locked_customers_stay_with_a_second_measure(plan: m.Plan,
                                                     workload_only: DesignResult) -> None:
    c = workload_only.plan.customers.copy()
    rng = np.random.default_rng(2)
    c[m.LOCKED] = rng.random(len(c)) < 0.2
    locked = workload_only.plan.replace(customers=c)
    result = design_territories(locked, count=6, tolerance=0.05, also="sales",
                                also_tolerance=0.05)
    mask = c[m.LOCKED].to_numpy()
    assert (result.plan.customers[m.TERRITORY].to_numpy()[mask]
            == c[m.TERRITORY].to_numpy()[mask]).all()


def test_rebalance_and_only_with_a_second_measure(workload_only: DesignResult) -> None:
    designed = workload_only.plan
    kept = design_territories(designed, count=6, tolerance=0.05, keep_existing=True,
                              also="sales", also_tolerance=0.08)
    assert _max_dev(kept.plan, "sales") < _max_dev(designed, "sales")
    assert _max_dev(kept.plan, "workload") <= 0.05 + 5e-4
    some = design_territories(designed, count=4, only=["T01", "T02", "T03", "T04"],
                              keep_existing=True, also="sales", also_tolerance=0.05)
    assert some.second is not None
    assert set(some.second["deviation"]) == {"T01", "T02", "T03", "T04"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"also": "workload"}, "must differ"),
        ({"also": "profit"}, "Unknown balance measure profit"),
        ({"also": "sales", "also_tolerance": 1.5}, "more than 0 and less than 1"),
    ],
)
def test_impossible_second_measures_are_refused(plan: m.Plan, options: dict[str, object],
                                                message: str) -> None:
    with pytest.raises(PlannerError, match=message):
        design_territories(plan, count=3, **options)  # type: ignore[arg-type]


def test_sales_without_figures_are_refused(plan: m.Plan) -> None:
    c = plan.customers.copy()
    c[m.SALES] = np.nan
    with pytest.raises(PlannerError, match="No customer has sales figures"):
        design_territories(plan.replace(customers=c), count=3, also="sales")


def test_command_line_also(tmp_path: Path, plan: m.Plan,
                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["design", str(path), "-n", "6", "--also", "sales:5%"]) == 0
    out = capsys.readouterr().out
    assert "Sales dev." in out
    rows = [line.split() for line in out.splitlines() if line.startswith("T0")]
    second = [abs(float(r[-1].rstrip("%"))) for r in rows]
    saved = load_plan(path)
    assert max(second) == pytest.approx(_max_dev(saved, "sales") * 100, abs=0.06)
    summary = next(line for line in out.splitlines() if line.startswith("Sales: largest"))
    assert f"{max(second):.1f}%" in summary
    above = "Sales stays above its tolerance of 5.0%" in out
    assert above == (max(second) > 5.05)
    before = path.read_bytes()
    assert main(["design", str(path), "-n", "6", "--also", "sales:lots"]) == 2
    assert "tolerance must be more than 0 and less than 1" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_a_second_measure_left_outside_names_its_territories(plan: m.Plan) -> None:
    """Sales kept even as well, but not within a tolerance too tight for the boundaries: the
    sentence said so without naming a territory; it names each one outside now."""
    from planner._design_result import second_above_tolerance
    from planner.i18n import in_language

    result = design_territories(plan, count=6, tolerance=0.05, also="sales",
                                also_tolerance=0.002)
    second = result.second
    assert second is not None and second["max_deviation"] > 0.0025
    outside = [result.plan.territory(t).name for t, dev in second["deviation"].items()
               if abs(dev) > 0.0025]
    assert outside
    with in_language("en"):
        text = second_above_tolerance(result)
    assert text.startswith("Sales stays above its tolerance of 0.2%")
    assert f"Sales outside its tolerance: {', '.join(outside)}." in text
    with in_language("ja"):
        assert f"売上が許容差を超えているテリトリー: {'、'.join(outside)}。" in (
            second_above_tolerance(result))
