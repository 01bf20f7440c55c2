"""A design said in terms of the reps before Apply: how many customers who have a rep now get
another (「現在の担当から変わる顧客: 34件（全56件の61%）。」), their sales and visits, who hands
how many to whom, and the suggestion to keep the existing assignments when many change."""

from __future__ import annotations

import numpy as np
import pytest

from planner import model as m
from planner._design_changes import (
    SUGGEST_KEEP_FROM,
    RepChanges,
    changes_text,
    count_text,
    flow_lines,
    keep_suggestion,
    locked_text,
    newly_text,
    rep_changes,
)
from planner.design import design_territories
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.territories import visits_per_week


@pytest.fixture
def japanese():
    set_language("ja")
    yield
    set_language(None)


def office_plan(customers: int = 56) -> m.Plan:
    """The reps as an office's list has them: each rep's customers all over the area (a
    design draws the territories anew, most customers get another rep)."""
    plan = synthetic_plan(customers, territories=4, seed=1)
    c = plan.customers.copy()
    c[m.TERRITORY] = [plan.territory_ids[i % 4] for i in range(len(c))]
    return plan.replace(customers=c)


def changed_mask(before: m.Plan, after: m.Plan) -> np.ndarray:
    old = before.customers[m.TERRITORY].to_numpy(dtype=object)
    new = after.customers[m.TERRITORY].to_numpy(dtype=object)
    return (old != "") & (old != new)


def test_a_fresh_design_counts_the_customers_who_change_rep(japanese) -> None:
    plan = office_plan()
    result = design_territories(plan, count=4)
    changes = rep_changes(plan, result)
    moved = changed_mask(plan, result.plan)
    n = int(moved.sum())
    assert changes.changed == n and changes.assigned == 56 and changes.everyone
    assert n / 56 > SUGGEST_KEEP_FROM  # the tester's case: most customers move
    assert count_text(changes) == f"現在の担当から変わる顧客: {n}件（全56件の{n / 56:.0%}）。"
    c = plan.customers
    sales = float(c.loc[moved, m.SALES].sum())
    visits = float((visits_per_week(c, settings=plan.settings) * 4)[moved].sum())
    assert changes.sales == pytest.approx(sales) and changes.visits == pytest.approx(visits)
    assert changes_text(changes).split("\n")[1] == (
        f"売上の{sales / c[m.SALES].sum():.0%}（{sales / 1e6:,.1f}百万円）、"
        f"訪問の{changes.visits / changes.visits_total:.0%}（4週で{visits:,.0f}回）にあたります。")
    # every pair named, most customers first, adding up to the count
    assert sum(f.customers for f in changes.flows) == n
    assert [f.customers for f in changes.flows] == sorted(
        (f.customers for f in changes.flows), reverse=True)
    first = changes.flows[0]
    src, dst = plan.territory(first.source), plan.territory(first.target)
    lines = flow_lines(plan, result.plan, changes)
    assert lines[1] == (f"{src.name}（{src.rep}） → {dst.name}（{dst.rep}）: {first.customers}件、"
                        f"売上 {first.sales / 1e6:,.1f}百万円")
    hint = keep_suggestion(changes, keep_existing=False, tolerance=0.05,
                           deviation=result.max_deviation)
    assert "「できるだけ現在の割り当てを保つ」にチェックを入れて再実行してください。" in hint
    assert keep_suggestion(changes, keep_existing=True, tolerance=0.05, deviation=0.01) == ""


def test_keeping_the_assignments_changes_fewer_reps(japanese) -> None:
    plan = office_plan()
    fresh = rep_changes(plan, design_territories(plan, count=4))
    kept = rep_changes(plan, design_territories(plan, count=4, keep_existing=True))
    assert kept.changed < fresh.changed


def test_the_suggestion_says_what_keeping_costs_in_balance(japanese) -> None:
    many = RepChanges(changed=30, assigned=56, everyone=True, newly=0, sales=0.0,
                      sales_total=0.0, visits=0.0, visits_total=0.0, flows=())
    even = keep_suggestion(many, keep_existing=False, tolerance=0.05, deviation=0.012)
    assert "最大偏差は今回の1.2%より大きく、±5.0%近くになることがあります。" in even
    near = keep_suggestion(many, keep_existing=False, tolerance=0.05, deviation=0.048)
    assert "偏りはほぼ変わりません" in near
    few = RepChanges(changed=14, assigned=56, everyone=True, newly=0, sales=0.0,
                     sales_total=0.0, visits=0.0, visits_total=0.0, flows=())
    assert keep_suggestion(few, keep_existing=False, tolerance=0.05, deviation=0.01) == ""  # 25%


def test_customers_in_no_territory_are_not_a_change_of_rep(japanese) -> None:
    plan = office_plan(60)
    c = plan.customers.copy()
    c.loc[c.index[:10], m.TERRITORY] = ""
    plan = plan.replace(customers=c)
    result = design_territories(plan, count=4)
    changes = rep_changes(plan, result)
    n = int(changed_mask(plan, result.plan).sum())
    assert changes.assigned == 50 and not changes.everyone and changes.changed == n
    assert changes.newly == 10
    assert count_text(changes) == f"現在の担当から変わる顧客: {n}件（担当のある50件の{n / 50:.0%}）。"
    assert newly_text(changes) == "未割当の顧客 10件にテリトリーが割り当てられます。"


def test_a_plan_without_reps_has_no_change_of_rep_to_tell() -> None:
    plan = office_plan()
    c = plan.customers.copy()
    c[m.TERRITORY] = ""
    plan = plan.replace(customers=c)
    changes = rep_changes(plan, design_territories(plan, count=4))
    assert changes.assigned == 0 and count_text(changes) == "" and changes.newly == 56
    assert keep_suggestion(changes, keep_existing=False, tolerance=0.05, deviation=0.0) == ""


def test_a_rebalance_of_some_territories_counts_their_customers_only() -> None:
    plan = design_territories(synthetic_plan(300, territories=4, seed=6), count=4).plan
    ids = list(plan.territory_ids[:2])
    result = design_territories(plan, count=2, keep_existing=True, only=ids, tolerance=0.01)
    changes = rep_changes(plan, result)
    assert changes.assigned == int(plan.customers[m.TERRITORY].isin(ids).sum())
    assert changes.everyone and changes.changed == int(changed_mask(plan, result.plan).sum())


def test_the_pairs_beyond_those_listed_are_counted(japanese) -> None:
    plan = office_plan()
    result = design_territories(plan, count=4)
    changes = rep_changes(plan, result)
    assert len(changes.flows) > 3
    lines = flow_lines(plan, result.plan, changes, shown=2)
    rest = changes.flows[2:]
    assert len(lines) == 4 and lines[0] == "担当が変わる顧客の移り先:"
    assert lines[-1] == f"…ほかの組み合わせで計{sum(f.customers for f in rest)}件。"


def test_the_locked_customers_a_design_keeps_are_said(japanese) -> None:
    """Locked key accounts before 「自動設計」: the result counted who changes rep and said
    nothing of the locked ones, kept where the manager put them."""
    plan = office_plan()
    c = plan.customers.copy()
    c[m.LOCKED] = False
    c.loc[[0, 5, 9], m.LOCKED] = True  # three locked, each in its own rep's territory
    plan = plan.replace(customers=c)
    result = design_territories(plan, count=4)
    kept = result.plan.customers[m.TERRITORY].to_numpy(dtype=object)[[0, 5, 9]]
    assert (kept == c[m.TERRITORY].to_numpy(dtype=object)[[0, 5, 9]]).all()  # the locks held
    changes = rep_changes(plan, result)
    assert changes.locked == 3
    assert locked_text(changes) == "固定した顧客 3件は担当が変わりません。"
    assert locked_text(rep_changes(office_plan(), design_territories(office_plan(), count=4))) == ""
    set_language("en")
    assert locked_text(changes) == "The 3 locked customers keep their rep."
