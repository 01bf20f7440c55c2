"""A design of whole municipalities above its tolerance suggests towns only where towns split
the customers notably finer."""

from __future__ import annotations

import pandas as pd

from planner import model as m
from planner.synthetic import synthetic_customers


def _customers(addresses: list[str]) -> pd.DataFrame:
    n = len(addresses)
    return pd.DataFrame({m.ADDRESS: addresses, m.FREQUENCY: [4.0] * n,
                         m.SERVICE_MINUTES: [30.0] * n})


# one town per municipality (the sample's addresses): towns are no finer
COARSE = [f"東京都{w}{w[:-1]}{k}丁目1-1" for w in ("立川市", "府中市", "調布市") for k in (1, 2)]
# several towns in each municipality: towns split it finer
FINE = [f"東京都新宿区{t}1丁目1-1" for t in ("西新宿", "歌舞伎町", "高田馬場", "四谷")]


def test_towns_are_finer_only_where_a_municipality_holds_several():
    from planner._design_areas import towns_finer

    assert not towns_finer(_customers(COARSE))
    assert towns_finer(_customers(FINE))
    assert towns_finer(_customers([*COARSE, *FINE]))  # 新宿区's work shared by four towns


def test_the_suggestion_to_keep_towns_whole_follows_whether_they_are_finer(english):
    from planner._design_result import DesignResult, above_tolerance

    def result(addresses: list[str]) -> DesignResult:
        customers = synthetic_customers(len(addresses), seed=1)
        customers[m.ADDRESS] = addresses
        customers[m.TERRITORY] = "T01"
        plan = m.new_plan(customers.iloc[:0]).replace(
            customers=customers, territories=(m.Territory(id="T01", name="A", rep="A"),))
        plan = plan.replace(meta={**plan.meta, "design_whole": "municipality"})
        return DesignResult(plan=plan, moves=pd.DataFrame(), metrics=pd.DataFrame(index=["T01"]),
                            max_deviation=0.2, cv=0.1, compactness=1.0, contiguous=True,
                            iterations=1, largest_area=("立川市", 1.4))

    assert "Keep towns whole instead" not in above_tolerance(result(COARSE))
    assert "towns are hardly finer here" in above_tolerance(result(COARSE))
    assert "Keep towns whole instead" in above_tolerance(result(FINE))
