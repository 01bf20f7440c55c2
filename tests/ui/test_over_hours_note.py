"""A boundary edit (or a lasso's assignment) that took a rep over their weekly hours showed
only a red figure in the Territories table; the note after the edit now says it:
「佐藤 花子は週49.2時間になり、稼働時間（40時間）を超えます。」."""

from __future__ import annotations

import json
import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from shapely.geometry import mapping

from planner import model as m
from planner.i18n import set_language
from planner.store import load_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample_plan.gpkg"
OVER = "佐藤 花子は週"

pytestmark = pytest.mark.usefixtures("isolated")


def open_window(qtbot):
    set_language("ja")
    window = MainWindow(load_plan(SAMPLE))
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block a test
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    return window


def note(window) -> str:
    return window.statusBar().currentMessage()


def red(window) -> bool:
    """The note in the warning colour (as a day made too long by a moved visit)."""
    return "#b00020" in window.statusBar().styleSheet()


def test_a_boundary_taking_a_rep_over_their_hours_says_so_and_a_small_one_does_not(qtbot):
    window = open_window(qtbot)
    plan = window.document.plan
    kumagaya, omiya = plan.territory("T08"), plan.territory("T05")  # 14.9 h and 34.3 h
    view = window.map_view

    def reshape(polygon) -> None:
        view._on_bridge_received(json.dumps(
            {"type": "reshape", "territory": "T08", "polygon": mapping(polygon)}))

    # a little more room for 佐藤 花子: within her 40 hours, no word of them
    reshape(kumagaya.boundary.union(omiya.boundary.centroid.buffer(0.01)))
    assert window.document.plan is not plan
    assert "移りました" in note(window) and "稼働時間" not in note(window)
    assert not red(window)
    window.document.undo_stack.undo()
    # 大宮エリア taken whole: her week goes over 40 hours, and the note says by how much
    reshape(kumagaya.boundary.union(omiya.boundary).buffer(0.001))
    hours = float(window.document.metrics().at["T08", "workload_hours_per_week"])
    assert hours > 40
    text = note(window)
    assert text.endswith(f"{OVER}{hours:.1f}時間になり、稼働時間（40時間）を超えます。"), text
    assert "大宮エリアから熊谷エリアに移りました" in text
    assert red(window)  # a warning, as the Territories table's red figure


def test_a_lasso_assignment_taking_a_rep_over_says_so(qtbot):
    window = open_window(qtbot)
    c = window.document.plan.customers
    ids = set(c.loc[c[m.TERRITORY] == "T05", m.CUSTOMER_ID].astype(str))
    window.document.set_selection(ids)
    window.actions_ui.customer_panel.assign_selection("T08")
    hours = float(window.document.metrics().at["T08", "workload_hours_per_week"])
    assert note(window).endswith(f"{OVER}{hours:.1f}時間になり、稼働時間（40時間）を超えます。")
    assert red(window)
    window.document.undo_stack.undo()
    # 伊藤 由美 (新横浜エリア) is over already; giving away a customer says nothing of hours
    one = c.loc[c[m.TERRITORY] == "T02", m.CUSTOMER_ID].astype(str).iloc[:1]
    window.document.set_selection(set(one))
    window.actions_ui.customer_panel.assign_selection("T07")
    assert "稼働時間" not in note(window) and note(window)
    assert not red(window)


def test_a_territory_cell_taking_a_rep_over_says_so_in_red(qtbot):
    """The Customers list's territory cell said the over-hours sentence in the plain colour
    (the map's edits and Assign to said it in red)."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from planner.ui.customer_panel import TERRITORY_COLUMN

    window = open_window(qtbot)
    panel = window.actions_ui.customer_panel

    def set_cell(cid: str, territory: str) -> None:
        row = int(panel.model.view_rows_of({cid})[0])
        index = panel.model.index(row, TERRITORY_COLUMN)
        delegate = panel.view.itemDelegateForColumn(TERRITORY_COLUMN)
        editor = delegate.createEditor(panel.view, QStyleOptionViewItem(), index)
        editor.setCurrentIndex(editor.findData(territory))
        delegate.setModelData(editor, panel.model, index)

    c = window.document.plan.customers
    # 伊藤 由美 (新横浜エリア, T02) is over her hours already: one more customer, further over
    cid = str(c.loc[c[m.TERRITORY] == "T07", m.CUSTOMER_ID].iloc[0])
    set_cell(cid, "T02")
    hours = float(window.document.metrics().at["T02", "workload_hours_per_week"])
    assert note(window).endswith(f"伊藤 由美は週{hours:.1f}時間になり、稼働時間（40時間）を超えます。")
    assert red(window)
    # back to 中村 愛 (T07): within her hours, the sentence in the plain colour
    set_cell(cid, "T07")
    assert note(window) and "稼働時間" not in note(window)
    assert not red(window)
