"""Deleting a territory from its menu: the menu says its locked customers are unlocked, they
are (no customer stays locked without a territory), and one undo gives back both."""

from __future__ import annotations

import pytest

from planner import edits as E
from planner import model as m
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui.document import PlanDocument
from planner.ui.territory_panel import TerritoryPanel

pytestmark = pytest.mark.usefixtures("isolated")


def _delete_action(panel: TerritoryPanel, row: int):  # noqa: ANN202
    return next(a for a in panel.territory_menu(row).actions()
                if a.objectName() == "territory_delete")


def test_delete_unlocks_the_locked_customers_in_one_undoable_step(qtbot) -> None:
    doc = PlanDocument(synthetic_plan(90, territories=3, seed=3))
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    c = doc.plan.customers
    members = c.loc[c[m.TERRITORY] == "T03", m.CUSTOMER_ID].tolist()
    row = doc.plan.territory_ids.index("T03")
    assert _delete_action(panel, row).text() == "Delete (customers become unassigned)"
    doc.push(E.LockCustomers(tuple(members[:3])))
    action = _delete_action(panel, row)
    assert action.text() == "Delete (customers become unassigned; 3 locked customers are unlocked)"
    set_language("ja")
    assert _delete_action(panel, row).text() == "削除（顧客は未割当になり、固定中の3件は固定が解除されます）"
    set_language("en")
    action.trigger()
    gone = doc.plan.customers.set_index(m.CUSTOMER_ID).loc[members]
    assert "T03" not in doc.plan.territory_ids
    assert (gone[m.TERRITORY] == "").all() and not gone[m.LOCKED].any()
    doc.undo_stack.undo()
    back = doc.plan.customers.set_index(m.CUSTOMER_ID).loc[members]
    assert (back[m.TERRITORY] == "T03").all()
    assert back[m.LOCKED].tolist() == [True] * 3 + [False] * (len(members) - 3)
