"""A hand-over that leaves the takers above their weekly hours says so once: the dialog said
it twice (「週の稼働時間を超える担当者が6人になります…後任の担当者を置いて…」, then 「7人中6人の
担当者が稼働時間を超えます…何人必要かは「必要な担当者数」ボタンで…」), the second pointing to a
button whose answer this design cannot take. `design --retire` says it once too."""

from __future__ import annotations

import pytest

from planner import model as m
from planner._design_subset import retire_group
from planner.synthetic import synthetic_plan
from planner.ui.design_dialog import DesignDialog
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def test_takers_above_their_hours_are_named_once(qtbot) -> None:
    plan = synthetic_plan(300, territories=5, seed=3)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 2.0  # every rep near or above their hours
    plan = plan.replace(customers=c)
    group = list(retire_group(plan, "T01", None))
    dialog = DesignDialog(PlanDocument(plan), keep_existing=True, only=group,
                          count=len(group) - 1, retire="T01")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.designed, timeout=120_000):
        dialog.run()
    text = dialog.figures.text()
    assert "reps are now above their weekly hours" in text, text  # the hand-over's own line
    assert "keep a rep" in text
    assert "would work more than their hours" not in text, text
    assert "How many reps?" not in text, text
