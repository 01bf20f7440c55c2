"""The design dialog of a rep who leaves or joins offers only the numbers of territories that
design can make: *How many reps?* once set 8 in a hand-over to 6 neighbours, and Run then
ended in an error box (「テリトリー数は 6 以下にしてください」); a joining rep's dialog took 4 for
4 territories (「テリトリー数は5以上にしてください」)."""

from __future__ import annotations

import pytest

from planner import model as m
from planner._design_join import Joining
from planner._design_subset import retire_group, touching_territories
from planner.synthetic import synthetic_plan
from planner.ui.design_dialog import DesignDialog
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def _plan(visit_scale: float) -> m.Plan:
    """Five reps' plan whose visits take ``visit_scale`` times their minutes."""
    plan = synthetic_plan(300, territories=5, seed=3)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * visit_scale
    return plan.replace(customers=c)


def test_a_hand_over_asks_for_no_more_territories_than_the_takers(qtbot) -> None:
    plan = _plan(2.0)  # every rep overloaded: the customers need more reps than there are
    group = list(retire_group(plan, "T01", None))
    doc = PlanDocument(plan)
    dialog = DesignDialog(doc, keep_existing=True, only=group, count=len(group) - 1,
                          retire="T01")
    qtbot.addWidget(dialog)
    takers = len(group) - 1
    assert dialog.count.maximum() == takers
    dialog.count.setValue(takers + 2)
    assert dialog.count.value() == takers
    with qtbot.waitSignal(dialog.suggested, timeout=60_000) as done:
        dialog.suggest()
    need = done.args[0].suggested
    assert need > takers
    assert dialog.count.value() == takers  # a count Run accepts, not the need
    name = plan.territory("T01").name
    assert (f"The {takers} reps taking over {name}'s customers are not enough ({need} needed): "
            f"keep a rep for {name}, or lower visit frequencies.") in dialog.figures.text()
    with qtbot.waitSignal(dialog.designed, timeout=120_000):
        dialog.run()
    assert len(dialog.result.plan.territories) == len(plan.territories) - 1


def test_a_joining_rep_asks_for_at_least_one_more_territory(qtbot) -> None:
    plan = _plan(0.2)  # light visits: the group's customers alone need fewer reps
    near = set(touching_territories(plan, "T01")) | {"T01"}
    group = [t for t in plan.territory_ids if t in near]
    doc = PlanDocument(plan)
    dialog = DesignDialog(doc, keep_existing=True, only=group, count=len(group) + 1,
                          joining=Joining("T01", "小林 誠"))
    qtbot.addWidget(dialog)
    assert dialog.count.minimum() == len(group) + 1
    dialog.count.setValue(len(group))
    assert dialog.count.value() == len(group) + 1
    with qtbot.waitSignal(dialog.suggested, timeout=60_000) as done:
        dialog.suggest()
    need = done.args[0].suggested
    assert need < len(group) + 1
    assert dialog.count.value() == len(group) + 1
    assert (f"With the rep who joins, there are {len(group) + 1} territories ({need} would do "
            "for the workload alone).") in dialog.figures.text()


def test_other_designs_take_any_number(qtbot) -> None:
    dialog = DesignDialog(PlanDocument(_plan(1.0)))
    qtbot.addWidget(dialog)
    assert (dialog.count.minimum(), dialog.count.maximum()) == (1, 5000)


@pytest.mark.parametrize("code", ["en", "ja"])
def test_a_joining_rep_dialog_says_who_joins_and_where(qtbot, code) -> None:
    """It said only 「東京エリア、新横浜エリア…の顧客だけを動かします」 beside a count of one more
    than it named: neither the new rep nor where their territory comes from."""
    from planner.i18n import set_language

    set_language(code)
    plan = _plan(1.0)
    near = set(touching_territories(plan, "T01")) | {"T01"}
    group = [t for t in plan.territory_ids if t in near]
    dialog = DesignDialog(PlanDocument(plan), keep_existing=True, only=group,
                          count=len(group) + 1, joining=Joining("T01", "小林 誠"))
    qtbot.addWidget(dialog)
    text = dialog.findChild(type(dialog.figures), "design_only").text()
    name = plan.territory("T01").name
    if code == "en":
        assert text.startswith(f"小林 誠 joins: their territory is made out of {name}. ")
        assert f"move, shared among {len(group) + 1} territories with the new one." in text
    else:
        assert text.startswith(f"小林 誠の新しいテリトリーを{name}から分けて作ります。")
        assert f"新しいテリトリーを含む{len(group) + 1}つのテリトリーに分け直します。" in text
