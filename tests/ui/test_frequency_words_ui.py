"""The Customers list words every frequency as a manager reads it: 4週に0.53回（約8週に1回）
(it read "0.53 per 4 weeks", English in the Japanese window), and beside a rhythm the
calendar rounded, the calendar's: 6週に1回（カレンダーでは8週に1回）."""

from __future__ import annotations

from PySide6.QtCore import Qt

from planner import model as m
from planner.edits import SetFrequency
from planner.frequency import apply_frequency_rules
from planner.schedule import build_schedule
from planner.spreadsheet import read_customers
from planner.ui.customer_model import COLUMNS, CustomerTableModel
from planner.ui.document import PlanDocument
from tests.core.update_helpers import rows, write


def _texts(model: CustomerTableModel) -> dict[str, str]:
    col = next(i for i, c in enumerate(COLUMNS) if c.key == m.FREQUENCY)
    code = next(i for i, c in enumerate(COLUMNS) if c.key == m.CUSTOMER_ID)
    return {model.index(r, code).data(): model.index(r, col).data()
            for r in range(model.rowCount())}


def test_the_customers_list_words_frequencies_and_the_calendars_rhythm(
    qtbot, tmp_path, japanese
):
    plan = apply_frequency_rules(read_customers(write(tmp_path / "l.xlsx", rows())).to_plan(),
                                 by_rank={"A": 4, "B": 2})
    doc = PlanDocument(plan)
    model = CustomerTableModel(doc)
    doc.push(SetFrequency(("S001", "S002"), (4.0 / 6.0, 4.0 / 7.5)))
    texts = _texts(model)
    assert texts["S001"] == "6週に1回" and texts["S002"] == "4週に0.53回（約8週に1回）"
    assert texts["S000"] == "毎週"
    # a calendar built: it plans the 6-weekly customer every 8 weeks, and the list says so
    doc.reset(build_schedule(doc.plan, weeks=4, route_seconds=0.01))
    texts = _texts(model)
    assert texts["S001"] == "6週に1回（カレンダーでは8週に1回）" and texts["S000"] == "毎週"
    assert texts["S003"] == "隔週"
    col = next(i for i, c in enumerate(COLUMNS) if c.key == m.FREQUENCY)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "S001")
    tip = model.index(row, col).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "6週に1回（カレンダーでは8週に1回）"  # whole, where the narrow cell cuts it
    # a frequency changed after the build: the calendar still visits weekly, and says it
    doc.push(SetFrequency(("S000",), (2.0,)))
    assert _texts(model)["S000"] == "隔週（カレンダーでは毎週）"
    doc.undo_stack.undo()
    assert _texts(model)["S000"] == "毎週"
