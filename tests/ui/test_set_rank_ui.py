"""Set rank on the selection's menu (the Customers list's, which the map's right click shows
too): the A → B review of several customers in one step, the status bar saying what it did
to their visits.

The complaint: moving five customers from A to B took five Edit customer… dialogs."""

from __future__ import annotations

from planner import i18n
from planner import model as m
from planner.synthetic import synthetic_plan
from planner.ui.customer_panel import CustomerPanel
from planner.ui.document import PlanDocument


def test_the_selection_menu_sets_the_rank_in_one_undo_step(qtbot):
    plan = synthetic_plan(40, territories=2)
    c = plan.customers
    ids = list(c.loc[(c[m.RANK] == "A") & (c[m.FREQUENCY] == 4.0), m.CUSTOMER_ID][:3])
    assert len(ids) == 3
    doc = PlanDocument(plan)
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    messages: list[str] = []
    panel.message.connect(messages.append)
    doc.set_selection(set(ids))
    i18n.set_language("ja")
    try:
        menu = {a.text(): a for a in panel.selection_menu(panel).actions()}
        ranks = menu["ランクを設定"].menu()
        choices = {a.text(): a for a in ranks.actions()}
        assert list(choices) == ["A（毎週）", "B（隔週）", "C（4週に1回）"]
        choices["B（隔週）"].trigger()
        assert doc.undo_stack.count() == 1
        assert doc.undo_stack.undoText() == "3件の顧客のランクを変更"
    finally:
        i18n.set_language(None)
    by_id = doc.plan.customers.set_index(m.CUSTOMER_ID)
    assert [by_id.loc[i, m.RANK] for i in ids] == ["B"] * 3
    assert [by_id.loc[i, m.FREQUENCY] for i in ids] == [2.0] * 3
    assert len(messages) == 1
    assert messages[0].startswith(
        "ランクをBに変更しました（3件）。訪問頻度は規則により隔週になります。")
    doc.undo_stack.undo()
    assert doc.plan.customers.equals(plan.customers)
