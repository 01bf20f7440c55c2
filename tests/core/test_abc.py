"""Ranks from sales (ABC analysis) and ``frequency --abc``."""

from __future__ import annotations

import numpy as np
import pytest

from planner import model as m
from planner.abc import abc_ranks, rank_by_sales
from planner.cli import main
from planner.errors import PlannerError
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan


def test_the_customer_crossing_a_line_belongs_to_the_rank_above() -> None:
    # shares before each: 0, .50, .80, .90, .95, .98 → A until 70 % is crossed, B until 90 %
    found = abc_ranks(np.array([50.0, 30.0, 10.0, 5.0, 3.0, 2.0]), (0.7, 0.9))
    assert found.ranks.tolist() == ["A", "A", "B", "C", "C", "C"]
    assert found.thresholds == (30.0, 10.0)
    assert found.counts == {"A": 2, "B": 1, "C": 3}
    assert found.sales_share == pytest.approx({"A": 0.8, "B": 0.1, "C": 0.1})
    # percentages read as such; order in the list does not matter
    again = abc_ranks(np.array([3.0, 50.0, 2.0, 10.0, 30.0, 5.0]), (70, 90))
    assert again.ranks.tolist() == ["C", "A", "C", "B", "A", "C"]


def test_equal_sales_share_a_rank_and_missing_sales_get_none() -> None:
    found = abc_ranks(np.array([40.0, 40.0, 10.0, 10.0, np.nan, 0.0]), (0.5, 0.9))
    # 40 crosses 50 % in second place: both 40s are A; both 10s B (the first crosses 90 %)
    assert found.ranks.tolist() == ["A", "A", "B", "B", "", "C"]
    assert sum(found.counts.values()) == 5


def test_no_sales_or_bad_shares_are_one_sentence() -> None:
    with pytest.raises(PlannerError, match="sales column"):
        abc_ranks(np.array([np.nan, 0.0]))
    for shares in ((90, 70), (0, 50), (0.5,)):
        with pytest.raises(PlannerError, match="70,90"):
            abc_ranks(np.array([1.0, 2.0]), shares)


def test_rank_by_sales_keeps_the_rank_of_customers_without_sales() -> None:
    plan = synthetic_plan(60, territories=2, seed=3)
    c = plan.customers.copy()
    c.loc[0, m.SALES] = np.nan
    c.loc[0, m.RANK] = "S"
    plan = plan.replace(customers=c)
    ranked, found = rank_by_sales(plan)
    assert ranked.customers.loc[0, m.RANK] == "S"
    assert set(ranked.customers[m.RANK].iloc[1:]) <= {"A", "B", "C"}
    sales = ranked.customers[m.SALES].to_numpy(dtype=float)
    a = ranked.customers[m.RANK].to_numpy() == "A"
    assert sales[a].min() >= np.nanmax(sales[~a & np.isfinite(sales)])  # A are the largest
    assert found.sales_share["A"] >= 0.7
    assert plan.customers.loc[1, m.RANK] == c.loc[1, m.RANK]  # the input is not changed


def test_the_frequency_command_ranks_by_sales_then_applies_the_rank_rules(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = synthetic_plan(200, territories=2, seed=9)
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["frequency", str(path), "--abc", "60,85", "--rule", "A=8"]) == 0
    out = capsys.readouterr().out
    assert "Ranks by share of sales: A:" in out and "customers changed rank" in out
    after = load_plan(path)
    expected = abc_ranks(plan.customers[m.SALES].to_numpy(dtype=float), (0.6, 0.85)).ranks
    assert after.customers[m.RANK].tolist() == expected.tolist()
    rules = {"A": 8.0, "B": plan.settings.frequency_by_rank["B"],
             "C": plan.settings.frequency_by_rank["C"]}
    want = [rules[r] for r in expected]
    assert after.customers[m.FREQUENCY].tolist() == want
    before = path.read_bytes()
    assert main(["frequency", str(path), "--abc", "90,70"]) == 2  # a bad argument
    assert "70,90" in capsys.readouterr().err
    assert path.read_bytes() == before  # refused: the plan file untouched


def test_the_lowest_sales_of_a_rank_says_yen() -> None:
    """「2,500,000 以上」 beside a list whose 売上 is in 千円 read as thousands: the plan keeps
    sales in yen, and the line says so."""
    from planner.i18n import in_language

    found = abc_ranks(np.array([5_000_000.0, 800_000.0, 300_000.0, 100_000.0]), (0.7, 0.9))
    with in_language("ja"):
        lines = found.lines()
    assert lines[0].endswith("、5,000,000円以上") and lines[1].endswith("、800,000円以上")
    with in_language("en"):
        assert found.lines()[0].endswith(", from ¥5,000,000")
