"""The design dialog's before/after table: its columns shown whole and clear of their lines
(the rebalance opened 361 px wide in Japanese, the figures touching the lines), and a row
for the customers in no territory (未割当 18 → 0)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from planner import model as m
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui.design_dialog import DesignDialog
from planner.ui.document import PlanDocument
from planner.ui.screen_fit import available_room

pytestmark = pytest.mark.usefixtures("isolated")


def unassigned_plan(count: int) -> m.Plan:
    plan = synthetic_plan(300, territories=4, seed=6)
    c = plan.customers.copy()
    c.loc[c.index[:count], m.TERRITORY] = ""
    c.loc[c.index[:count], m.LOCKED] = False
    return plan.replace(customers=c)


def run(qtbot, plan: m.Plan) -> DesignDialog:
    dialog = DesignDialog(PlanDocument(plan), keep_existing=True)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        dialog.run()
    qtbot.wait(50)
    return dialog


def texts(table, column: int) -> list[str]:
    return [table.horizontalHeaderItem(column).text()] + [
        table.item(r, column).text() for r in range(table.rowCount())]


def test_the_rebalance_table_shows_every_column_whole_and_the_unassigned(qtbot):
    set_language("ja")
    dialog = run(qtbot, unassigned_plan(18))
    table = dialog.comparison
    last = [table.item(table.rowCount() - 1, c).text() for c in range(table.columnCount())]
    unassigned = dialog.doc.plan.customers[m.TERRITORY] == ""
    sales = dialog.doc.plan.customers.loc[unassigned, m.SALES].sum() / 1e6
    assert last == ["未割当", "18 → 0", "—", "+0 / −18", f"+0.0 / −{sales:,.1f}"]
    assert table.horizontalHeaderItem(4).text() == "売上の増 / 減（百万円）"
    assert int((dialog.result.plan.customers[m.TERRITORY] == "").sum()) == 0
    em = table.fontMetrics().horizontalAdvance("M")
    for column in range(table.columnCount()):  # each column wider than its widest text
        widest = max(table.fontMetrics().horizontalAdvance(t) for t in texts(table, column))
        assert table.columnWidth(column) >= widest + em, (column, table.columnWidth(column))
    assert table.horizontalScrollBar().maximum() == 0  # nothing to scroll sideways to
    assert table.horizontalHeader().length() <= table.viewport().width()
    shown = dialog.body.viewport().rect()
    corner = table.mapTo(dialog.body.viewport(), table.rect().bottomRight())
    assert shown.contains(table.mapTo(dialog.body.viewport(), table.rect().topLeft()))
    assert corner.x() <= shown.right()  # not under the dialog's own scroll bar
    room = available_room(dialog)
    assert room is not None and dialog.width() <= room.width()


def test_no_unassigned_row_when_every_customer_has_a_territory(qtbot):
    dialog = run(qtbot, unassigned_plan(0))
    table = dialog.comparison
    names = {t.name for t in dialog.doc.plan.territories}
    assert {table.item(r, 0).text() for r in range(table.rowCount())} <= names


def test_the_table_fills_its_width_with_no_blank_strip_on_the_right(qtbot):
    """The columns reach the table's right edge (a strip of blank grid was left right of the
    last column), the names taking the room left, also when the dialog is made wider."""
    set_language("ja")
    dialog = run(qtbot, unassigned_plan(0))
    table = dialog.comparison
    header = table.horizontalHeader()
    for width in (dialog.width(), dialog.width() + 200):
        dialog.resize(width, dialog.height())
        qtbot.waitUntil(lambda width=width: dialog.width() == width)
        QApplication.sendPostedEvents()  # the layout gives the table its new width
        QApplication.processEvents()
        assert header.length() == table.viewport().width()
        name = table.fontMetrics().horizontalAdvance(max(texts(table, 0), key=len))
        assert table.columnWidth(0) >= name  # the names whole
        others = [table.columnWidth(c) for c in range(1, table.columnCount())]
        assert table.columnWidth(0) + sum(others) == table.viewport().width()
