"""OK in Frequency rules leaves a sentence in the status bar: how many customers changed, the
reps whose week no longer fits, and that the calendar keeps the old visits until it is built
again. Before, OK closed the dialog without a word: its preview (「8人の担当者が稼働時間を超え
ます」) went with it, and the calendar dock looked as if the new rules were already in it."""

from __future__ import annotations

import pytest

from planner import model as m
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.document import PlanDocument
from planner.ui.frequency_dialog import FrequencyDialog

pytestmark = pytest.mark.usefixtures("isolated")


def test_ok_says_what_the_rules_changed_and_who_no_longer_fits(qtbot) -> None:
    set_language("ja")
    plan = synthetic_plan(120, territories=3, seed=5)
    c = plan.customers.copy()
    c[m.RANK] = "C"
    c[m.FREQUENCY] = 1.0
    plan = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    doc = PlanDocument(plan)
    dialog = FrequencyDialog(doc)
    qtbot.addWidget(dialog)
    combo = dialog.combos["C"]
    combo.setCurrentIndex(combo.findData(8.0))  # every customer twice a week: too much
    dialog.apply()
    assert (doc.plan.customers[m.FREQUENCY] == 8.0).all()
    note = dialog.note
    assert note.startswith("120件の顧客の訪問頻度を変更しました。4週あたりの訪問数: 120 → 960。")
    assert "担当者の週の業務時間（訪問と移動）:" in note
    assert "最も忙しい担当者" not in note  # the reps over their hours say more
    assert "3人の担当者が稼働時間を超えます" in note
    assert note.endswith("カレンダーを作り直すと、新しい訪問頻度が反映されます。")
