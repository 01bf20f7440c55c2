"""The Calendar dock's line under the grid, after customers were carved from one rep to
another on the map: it said 「カレンダー作成後にプランが変更されました」 alone, the same after a
moved shop as after the rep's six best customers went to a neighbour. It now counts the rep's
customers who went to other territories and came from them since the build, and says a new
build gives their visits to their new reps."""

import pytest
from test_main_window import open_window

from planner import model as m
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("isolated")


def test_the_calendar_line_counts_the_customers_carved_away_and_in(qtbot):
    set_language("ja")
    plan = build_schedule(synthetic_plan(40, territories=2, seed=3))
    window = open_window(qtbot, plan)
    doc, ui = window.document, window.actions_ui
    panel = ui.calendar_panel
    panel.rep_combo.setCurrentIndex(panel.rep_combo.findData("T01"))
    assert "カレンダー作成後" not in panel.summary.text()
    c = doc.plan.customers
    doc.set_selection(list(c.loc[c[m.TERRITORY] == "T01", m.CUSTOMER_ID][:6]))
    ui.customer_panel.assign_selection("T02")
    # the line says it short, its tooltip whole (tests/ui/test_calendar_stale_short_ui.py)
    said = ("カレンダー作成後にプランが変更されました: ほかのテリトリーへ移った顧客 6件"
            "（カレンダーを作り直すと新しい担当者の訪問になります）")
    assert panel.summary.text().endswith("作成後の変更: 移った顧客 6件")
    assert panel.summary.toolTip().startswith(said)
    doc.set_selection(list(c.loc[c[m.TERRITORY] == "T02", m.CUSTOMER_ID][:2]))
    ui.customer_panel.assign_selection("T01")
    assert panel.summary.text().endswith("作成後の変更: 移った顧客 6件、移ってきた顧客 2件")
    assert panel.summary.toolTip().startswith(
        "カレンダー作成後にプランが変更されました: ほかのテリトリーへ移った顧客 6件、ほかから移って"
        "きた顧客 2件（カレンダーを作り直すと新しい担当者の訪問になります）")
    panel.rep_combo.setCurrentIndex(panel.rep_combo.findData("T02"))
    assert "作成後の変更: 移った顧客 2件、移ってきた顧客 6件" in panel.summary.text()
    assert "ほかのテリトリーへ移った顧客 2件、ほかから移ってきた顧客 6件" in panel.summary.toolTip()
    doc.undo_stack.undo()
    assert panel.summary.text().endswith("作成後の変更: 移ってきた顧客 6件")
    assert panel.summary.toolTip().startswith(
        "カレンダー作成後にプランが変更されました: ほかから移ってきた顧客 6件（カレンダーを作り直すと"
        "新しい担当者の訪問になります）")
    doc.undo_stack.undo()
    assert "カレンダー作成後" not in panel.summary.text()  # back as built
    doc.set_selection(list(c[m.CUSTOMER_ID][:1]))
    ui.customer_panel.set_selection_frequency(8.0)  # no customer carved: said as before
    assert panel.summary.text().endswith("カレンダー作成後にプランが変更されました")
