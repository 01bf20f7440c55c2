"""The Calendar dock's line after carving: 「カレンダー作成後にプランが変更されました: ほかの
テリトリーへ移った顧客 6件、ほかから移ってきた顧客 2件（カレンダーを作り直すと新しい担当者の
訪問になります）」 took three lines of the dock at its usual width, pushing the day list down.
The line now says it short, 「作成後の変更: 移った顧客 6件、移ってきた顧客 2件」, and its
tooltip the whole sentence."""

import pytest
from test_main_window import open_window

from planner import model as m
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("isolated", "japanese", "program_font")

FULL = ("カレンダー作成後にプランが変更されました: ほかのテリトリーへ移った顧客 6件、ほかから移って"
        "きた顧客 2件（カレンダーを作り直すと新しい担当者の訪問になります）")


def test_the_changed_since_build_line_is_short_and_its_tooltip_whole(qtbot, tmp_path) -> None:  # noqa: ANN001
    plan = build_schedule(synthetic_plan(40, territories=2, seed=3))
    window = open_window(qtbot, plan)
    window.resize(1200, 800)
    qtbot.waitExposed(window)
    doc, ui = window.document, window.actions_ui
    panel = ui.calendar_panel
    panel.rep_combo.setCurrentIndex(panel.rep_combo.findData("T01"))
    one_line = panel.summary.height()  # the line before: weeks, visits, km
    c = doc.plan.customers
    doc.set_selection(list(c.loc[c[m.TERRITORY] == "T01", m.CUSTOMER_ID][:6]))
    ui.customer_panel.assign_selection("T02")
    doc.set_selection(list(c.loc[c[m.TERRITORY] == "T02", m.CUSTOMER_ID][:2]))
    ui.customer_panel.assign_selection("T01")
    text = panel.summary.text()
    assert text.endswith(" — 作成後の変更: 移った顧客 6件、移ってきた顧客 2件"), text
    assert FULL in panel.summary.toolTip()  # the whole sentence, with what a rebuild does
    label = panel.summary
    lines = label.fontMetrics().lineSpacing()
    # laid out as tall as its text at the dock's width: two lines (the sentence took three)
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert one_line < label.height() < one_line + 2 * lines
    panel.grab().save(str(tmp_path / "calendar_stale_line.png"))
    # the other rep's line counts the other way; an edit carving nobody says it as before
    panel.rep_combo.setCurrentIndex(panel.rep_combo.findData("T02"))
    assert panel.summary.text().endswith("作成後の変更: 移った顧客 2件、移ってきた顧客 6件")
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert "作成後" not in panel.summary.text() and "作成後" not in panel.summary.toolTip()
    doc.set_selection(list(c[m.CUSTOMER_ID][:1]))
    ui.customer_panel.set_selection_frequency(8.0)
    assert panel.summary.text().endswith("カレンダー作成後にプランが変更されました")
