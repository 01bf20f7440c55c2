"""The design dialog as a manager reads it: the tolerance in whole percents, and a taller
dialog that gives its room to the table rather than to the gaps between its sentences."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from planner import model as m
from planner.synthetic import synthetic_customers, synthetic_plan
from planner.territories import territory_metrics
from planner.ui.design_compare import comparison_rows
from planner.ui.design_dialog import DesignDialog
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")


def test_the_tolerance_reads_in_whole_percents(qtbot) -> None:
    """「5.00%」 was a calculator's number: a manager sets 「5%」, 「7.5%」 when needed."""
    dialog = DesignDialog(PlanDocument(m.new_plan(synthetic_customers(50, seed=1))))
    qtbot.addWidget(dialog)
    assert dialog.tolerance.value() == pytest.approx(5.0)
    assert dialog.tolerance.text() == "5 %"
    assert dialog.also_tolerance.text() == "10 %"
    dialog.tolerance.setValue(7.5)
    assert dialog.tolerance.text() == "7.5 %"
    dialog.tolerance.stepUp()  # a step is one percent
    assert dialog.tolerance.text() == "8.5 %"
    dialog.tolerance.lineEdit().setText("6")  # typed as a whole number
    dialog.tolerance.interpretText()
    assert dialog.tolerance.value() == pytest.approx(6.0)
    assert dialog.options()["tolerance"] == pytest.approx(0.06)


def test_a_taller_dialog_keeps_its_sentences_together(qtbot) -> None:
    """Made taller, the dialog spread its sentences apart and swelled the suggestion's box;
    the room goes under the table now, each part as tall as it needs."""
    plan = m.new_plan(synthetic_customers(300, seed=4))
    dialog = DesignDialog(PlanDocument(plan))
    qtbot.addWidget(dialog)
    dialog.count.setValue(4)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        dialog.run()
    parts = [dialog.run_button, dialog.figures, dialog.comparison]
    assert all(p.isVisible() for p in parts)

    def places() -> list[tuple[int, int]]:
        dialog.layout().activate()
        dialog.body.widget().layout().activate()
        return [(p.y(), p.height()) for p in parts]

    before = places()
    dialog.resize(dialog.width(), dialog.height() + 300)
    qtbot.waitUntil(lambda: dialog.body.viewport().height() > 0)
    after = places()
    # the run button and the sentences stay where they were, as tall as they were; the table
    # under them starts where it did and only grows (to show all its rows)
    assert after[:2] == before[:2]
    assert after[2][0] == before[2][0] and after[2][1] >= before[2][1]
    assert dialog.comparison.height() <= dialog.comparison.maximumHeight()


def test_a_territory_nothing_moves_in_or_out_of_reads_a_dash(qtbot) -> None:
    """The re-balance's table said 「+0 / −0」 and 「+0.0 / −0.0」 for every territory it
    left as it was: the few that change were lost among them."""
    plan = synthetic_plan(90, territories=3, seed=2)
    c = plan.customers.copy()
    moved = c.index[c[m.TERRITORY] == "T01"][:5]
    c.loc[moved, m.TERRITORY] = "T02"
    after = plan.replace(customers=c)
    moves = pd.DataFrame({m.CUSTOMER_ID: c.loc[moved, m.CUSTOMER_ID].to_numpy(),
                          "from_territory": "T01", "to_territory": "T02"})
    result = SimpleNamespace(plan=after, metrics=territory_metrics(after), moves=moves)
    rows = {row[0]: row for row in comparison_rows(plan, result)}  # type: ignore[arg-type]
    names = {t.id: t.name for t in plan.territories}
    assert rows[names["T01"]][3] == "+0 / −5" and rows[names["T02"]][3] == "+5 / −0"
    assert rows[names["T03"]][3:] == ("—", "—")  # neither customers nor sales move


def test_the_dialog_says_an_empty_territory_is_left_out_of_the_deviation(qtbot) -> None:
    """A new territory without customers is left out of 「変更前: 最大偏差 …」 (it has no
    deviation): the dialog says so, before the run and after it, beside that figure."""
    from planner.i18n import set_language

    set_language("ja")
    plan = synthetic_plan(200, territories=3, seed=2)
    empty = m.Territory(id="T09", name="新エリア", rep="小林 誠", color="#009688")
    dialog = DesignDialog(PlanDocument(plan.replace(territories=(*plan.territories, empty))),
                          keep_existing=True)
    qtbot.addWidget(dialog)
    said = "新エリアにはまだ顧客がいないため、現在の偏差には含めていません。"
    assert dialog.figures.text().split("\n")[-1] == said
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        dialog.run()
    assert said in dialog.figures.text().split("\n")
    assert int(dialog.result.metrics.at["T09", "customers"]) > 0  # the rebalance filled it
