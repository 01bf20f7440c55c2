"""The status bar after a design of some territories only (a rep leaves: 「隣接テリトリーに
引き継ぐ」): its largest deviation is said to be among those territories, beside the whole
plan's, which the Territories list shows. It said 「最大偏差 4.5%」 beside a list reading +24.7%."""

from __future__ import annotations

import pytest

from planner._design_subset import retire_group
from planner.synthetic import synthetic_plan
from planner.ui.design_dialog import DesignDialog
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def test_a_hand_over_says_its_deviation_is_among_the_neighbours_and_gives_the_plans(qtbot):
    doc = PlanDocument(synthetic_plan(240, territories=6, seed=4))
    leaving = doc.plan.territory_ids[0]
    group = list(retire_group(doc.plan, leaving, None))
    assert len(group) < len(doc.plan.territories)  # the neighbours, not every territory
    dialog = DesignDialog(doc, keep_existing=True, only=group, count=len(group) - 1,
                          retire=leaving)
    qtbot.addWidget(dialog)
    dialog.in_process = False
    with qtbot.waitSignal(dialog.designed, timeout=120_000):
        dialog.run()
    among = dialog.result.max_deviation
    dialog.apply()
    overall = float(doc.metrics()["deviation"].abs().max())  # the list's largest
    assert overall > among + 0.001  # the others were left as they were
    assert (f"largest deviation among them {among:.1%} ({overall:.1%} across all "
            "territories)") in dialog.note


def test_a_design_of_every_territory_says_its_deviation_alone(qtbot):
    doc = PlanDocument(synthetic_plan(240, territories=6, seed=4))
    dialog = DesignDialog(doc, keep_existing=True)
    qtbot.addWidget(dialog)
    dialog.in_process = False
    with qtbot.waitSignal(dialog.designed, timeout=120_000):
        dialog.run()
    dialog.apply()
    assert f"largest deviation {dialog.result.max_deviation:.1%}." in dialog.note
    assert "across all" not in dialog.note
