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


def test_customers_without_a_territory_are_not_locked_and_the_list_says_why(qtbot) -> None:
    from PySide6.QtCore import Qt

    from planner.ui.customer_model import COLUMNS
    from planner.ui.customer_panel import CustomerPanel

    doc = PlanDocument(synthetic_plan(60, territories=2, seed=3))
    ids = tuple(doc.plan.customers[m.CUSTOMER_ID].iloc[:3])
    doc.push(E.AssignCustomers.to(ids[:2], ""))
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    doc.set_selection(ids)
    with qtbot.waitSignal(panel.message, timeout=1000) as said:
        panel.lock_selection(True)
    assert said.args[0] == ("Locked 1 customer to 練馬エリア. 2 selected customers have no territory and were "
                            "not locked: a lock keeps a customer in its territory.")
    assert doc.plan.customers.set_index(m.CUSTOMER_ID).loc[list(ids), m.LOCKED].tolist() == [
        False, False, True]
    refused: list[str] = []
    panel.model.editRefused.disconnect()  # no message box in the test: collect the message
    panel.model.editRefused.connect(refused.append)
    row = int(panel.model.view_rows_of({ids[0]})[0])
    col = [c.key for c in COLUMNS].index(m.LOCKED)
    set_language("ja")
    assert not panel.model.setData(panel.model.index(row, col), Qt.CheckState.Checked.value,
                                   Qt.ItemDataRole.CheckStateRole)
    assert refused == ["テリトリーのない顧客は固定できません（固定は顧客をそのテリトリーにとどめる設定です）。"
                       "先にテリトリーに割り当ててください。"]
    assert not doc.plan.customers.set_index(m.CUSTOMER_ID).loc[ids[0], m.LOCKED]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_delete_says_how_many_customers_are_now_unassigned_and_whose_territory_went(
    qtbot, language
) -> None:
    """Split and merge say what they did; a delete did not say a word, though its customers
    all left their territory."""
    doc = PlanDocument(synthetic_plan(90, territories=3, seed=3))
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    gone = doc.plan.territory("T03")
    count = int((doc.plan.customers[m.TERRITORY] == "T03").sum())
    set_language(language)
    with qtbot.waitSignal(panel.message, timeout=1000) as said:
        _delete_action(panel, doc.plan.territory_ids.index("T03")).trigger()
    assert "T03" not in doc.plan.territory_ids and count > 1
    if language == "ja":
        assert said.args[0] == (f"{gone.name}を削除しました。顧客{count}件は未割当になりました。"
                                f"{gone.rep}の担当テリトリーはなくなりました。")
    else:
        assert said.args[0] == (f"Deleted {gone.name}: its {count} customers are now "
                                f"unassigned. {gone.rep} no longer has a territory.")
