"""Set frequency on a selection says what it set and for whom: 「3件の顧客の訪問頻度を「毎週」に
しました。」, the week of the rep whose customers they are (before → after), and that the
calendar shows it once built again. Before, the status bar began with the whole team's hours
and named the plan's busiest rep, who may not have one of the customers, and never said what
had been set."""

from __future__ import annotations

import pytest

from planner import model as m
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.customer_panel import CustomerPanel
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def test_the_sentence_names_what_was_set_and_the_reps_concerned(qtbot) -> None:
    set_language("ja")
    plan = synthetic_plan(80, territories=4, seed=7)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3
    plan = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    doc = PlanDocument(plan)
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    t1, t2 = plan.territories[0], plan.territories[1]
    rows = plan.customers[(plan.customers[m.TERRITORY] == t1.id)
                          & (plan.customers[m.FREQUENCY] < 4)]
    ids = rows[m.CUSTOMER_ID].iloc[:3].tolist()
    assert len(ids) == 3
    hours = doc.metrics()["workload_hours_per_week"]
    doc.set_selection(ids)
    with qtbot.waitSignal(panel.message, timeout=1_000) as said:
        panel.set_selection_frequency(4.0)
    text = said.args[0]
    after = doc.metrics()["workload_hours_per_week"]
    assert text.startswith("3件の顧客の訪問頻度を「毎週」にしました。")
    assert (f"担当者の週の業務時間（訪問と移動）: {t1.rep} {hours[t1.id]:.1f} → "
            f"{after[t1.id]:.1f}時間（週") in text
    assert t2.rep not in text  # none of the three is theirs
    assert "カレンダーを作り直すと、新しい訪問頻度が反映されます。" in text
