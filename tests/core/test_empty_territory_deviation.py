"""A territory without customers (new, still to be filled) has no deviation: it was −100 %,
and pulled the mean down so that every other territory looked over it. The others are now
measured among themselves; the figures say 「顧客なし」 and ``stats --json`` null."""

from __future__ import annotations

import json
import math

import pytest

from planner import model as m
from planner._cli.stats_cmd import format_stats
from planner.i18n import set_language
from planner.stats import plan_stats
from planner.synthetic import synthetic_plan
from planner.territories import balance_summary, deviation_text, territory_metrics


def _with_empty(plan: m.Plan) -> m.Plan:
    """``plan`` and one territory more, without customers."""
    empty = m.Territory(id="T99", name="新エリア", rep="新人")
    return plan.replace(territories=(*plan.territories, empty))


@pytest.mark.parametrize("measure", ["workload", "customers", "sales", "visits"])
def test_an_empty_territory_is_left_out_of_the_others_deviation(measure: str) -> None:
    plan = synthetic_plan(300, territories=3, seed=11)
    was = territory_metrics(plan, balance=measure)
    now = territory_metrics(_with_empty(plan), balance=measure)
    assert math.isnan(now.at["T99", "deviation"])
    # the others as they were without it: not all pushed above the average
    assert now["deviation"].drop("T99").to_numpy() == pytest.approx(was["deviation"].to_numpy())
    assert balance_summary(now, measure) == balance_summary(was, measure)


def test_a_plan_of_empty_territories_has_no_deviation() -> None:
    plan = synthetic_plan(50, territories=2, seed=3)
    plan = plan.replace(customers=plan.customers.assign(**{m.TERRITORY: ""}))
    metrics = territory_metrics(plan)
    assert metrics["deviation"].isna().all()
    assert balance_summary(metrics, "workload") == {"measure": "workload", "max_deviation": 0.0,
                                                    "cv": 0.0}


def test_stats_say_an_empty_territory_has_no_deviation() -> None:
    plan = _with_empty(synthetic_plan(300, territories=3, seed=11))
    stats = plan_stats(plan)
    rows = {t["id"]: t for t in stats["territories"]}
    assert rows["T99"]["deviation"] is None and rows["T99"]["customers"] == 0
    assert all(isinstance(rows[t]["deviation"], float) for t in ("T01", "T02", "T03"))
    json.dumps(stats, allow_nan=False)  # valid JSON for the programs that read it
    assert stats["balance"]["max_deviation"] < 0.5
    set_language("ja")
    try:
        assert deviation_text(float("nan")) == "顧客なし"
        assert "顧客なし" in format_stats(stats)
    finally:
        set_language(None)
