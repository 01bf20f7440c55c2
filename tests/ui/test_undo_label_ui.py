"""The Edit menu's Undo and Redo in Japanese: 「元に戻す(U): 3件の顧客を東京エリアに割り当て」, the
access key after the command. It stood after the step's name (「…に割り当て(U)」), read as part
of it, with no mark where the command ends and the step begins."""

import pytest
from test_main_window import open_window

from planner import model as m
from planner.i18n import set_language
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("isolated")


def test_undo_and_redo_name_their_step_after_the_command_and_its_key(qtbot):
    set_language("ja")
    window = open_window(qtbot, synthetic_plan(30, territories=2, seed=3))
    ui, doc = window.actions_ui, window.document
    undo, redo = ui.actions["undo"], ui.actions["redo"]
    assert (undo.text(), redo.text()) == ("元に戻す(&U)", "やり直す(&R)")  # nothing to take yet
    name = doc.plan.territory("T02").name
    doc.set_selection(list(doc.plan.customers.loc[doc.plan.customers[m.TERRITORY] == "T01",
                                                  m.CUSTOMER_ID][:3]))
    ui.customer_panel.assign_selection("T02")
    step = f"3件の顧客を{name}に割り当て"
    assert undo.text() == f"元に戻す(&U): {step}"
    assert undo.toolTip().splitlines()[0] == f"元に戻す: {step}"
    assert undo.iconText() == "元に戻す"  # the toolbar's button stays short
    doc.undo_stack.undo()
    assert redo.text() == f"やり直す(&R): {step}" and undo.text() == "元に戻す(&U)"
    ui.switch_language("en")
    assert redo.text() == f"&Redo Assign 3 customers to {name}"  # English as it was
