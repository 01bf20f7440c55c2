"""The Territories dock sorted by a header's click, as a manager looks for the busiest rep:
the figures in order, the selection, the menus and the names typed following the
territories, the order kept while the plan changes, and a third click for the plan's order."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtTest import QTest

from planner import edits
from planner import model as m
from planner.synthetic import synthetic_plan
from planner.ui.document import PlanDocument
from planner.ui.territory_model import COLUMNS
from planner.ui.territory_panel import TerritoryPanel

pytestmark = pytest.mark.usefixtures("isolated")

HOURS = next(i for i, c in enumerate(COLUMNS) if c[0] == "workload_hours_per_week")
CUSTOMERS = next(i for i, c in enumerate(COLUMNS) if c[0] == "customers")


def _panel(qtbot):
    """Five territories of 30, 10, 50, 20 and 40 customers (hours in the same order)."""
    plan = synthetic_plan(150, territories=5, seed=3)
    c = plan.customers.copy()
    ids = [t.id for t in plan.territories]
    c[m.TERRITORY] = np.repeat(ids, [30, 10, 50, 20, 40])
    c[m.LOCKED] = False
    panel = TerritoryPanel(PlanDocument(plan.replace(customers=c)))
    qtbot.addWidget(panel)
    panel.resize(600, 300)
    panel.show()
    return panel


def _click_header(qtbot, panel, column):
    header = panel.view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def _shown(panel, column):
    model = panel.model
    return [model.index(r, column).data() for r in range(model.rowCount())]


def _figures(panel, column):
    return [float(t.replace(",", "")) for t in _shown(panel, column)]


def test_a_header_click_sorts_the_busiest_first_and_a_third_gives_the_plans_order(qtbot):
    panel = _panel(qtbot)
    plan_order = [t.name for t in panel._doc.plan.territories]
    assert _shown(panel, 0) == plan_order  # as the plan has them until a header is clicked
    header = panel.view.horizontalHeader()
    assert not header.isSortIndicatorShown()  # no arrow widening every column, the dock
    _click_header(qtbot, panel, HOURS)
    hours = _figures(panel, HOURS)
    assert hours == sorted(hours) and header.isSortIndicatorShown()
    _click_header(qtbot, panel, HOURS)
    hours = _figures(panel, HOURS)
    assert hours == sorted(hours, reverse=True)
    hours_of = panel._doc.metrics()["workload_hours_per_week"]
    busiest = panel._doc.plan.territory(str(hours_of.idxmax()))
    assert panel.model.territory_id(0) == busiest.id and _shown(panel, 0)[0] == busiest.name
    _click_header(qtbot, panel, HOURS)
    assert _shown(panel, 0) == plan_order and not header.isSortIndicatorShown()


def test_sorted_rows_act_on_their_own_territories(qtbot):
    """The selection, the right-click menu and a name typed in a sorted table are the
    territory the manager sees on that row, and the order follows the figures as they change."""
    panel = _panel(qtbot)
    doc = panel._doc
    _click_header(qtbot, panel, CUSTOMERS)
    _click_header(qtbot, panel, CUSTOMERS)  # 50, 40, 30, 20, 10
    third = doc.plan.territories[0]  # 30 customers: the third row
    panel.view.selectRow(2)
    assert panel.selected_ids() == [third.id]
    menu = panel.territory_menu(2)
    with qtbot.waitSignal(panel.fitRequested, timeout=1000) as fit:
        next(a for a in menu.actions() if a.text() == "Fit to map").trigger()
    assert fit.args == [third.id]
    panel.model.setData(panel.model.index(2, 0), "北エリア", Qt.ItemDataRole.EditRole)
    assert doc.plan.territory(third.id).name == "北エリア"
    # 25 of the 50 go to the smallest: the rows sort again, the deviation bars with them
    biggest = doc.plan.territories[2].id
    smallest = doc.plan.territories[1].id
    c = doc.plan.customers
    moving = c.loc[c[m.TERRITORY] == biggest, m.CUSTOMER_ID].iloc[:25].tolist()
    doc.push(edits.AssignCustomers.to(moving, smallest))
    assert _figures(panel, CUSTOMERS) == [40, 35, 30, 25, 20]
    assert panel.model.territory_id(1) == smallest and panel.model.territory_id(3) == biggest
    # each row's figures are its own territory's
    counts = doc.plan.customers[m.TERRITORY].value_counts()
    assert [int(counts[panel.model.territory_id(r)]) for r in range(5)] == [40, 35, 30, 25, 20]


def test_the_selection_follows_its_territory_when_the_rows_sort(qtbot):
    panel = _panel(qtbot)
    panel.view.selectRow(1)  # 10 customers, the plan's second territory
    chosen = panel.selected_ids()
    _click_header(qtbot, panel, CUSTOMERS)  # 10 first
    assert panel.selected_ids() == chosen
    assert panel.view.selectionModel().selectedRows()[0].row() == 0


def test_the_territories_selected_stay_selected_through_edits_and_undo(qtbot):
    """Two territories selected for 「選択したテリトリーを再配分」, then a name typed, customers
    assigned, an undo: every edit recomputed the figures and the selection was gone."""
    panel = _panel(qtbot)
    doc = panel._doc
    ids = [t.id for t in doc.plan.territories]
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (1, 3):
        panel.view.selectionModel().select(panel.model.index(row, 0), flags)
    panel.view.selectionModel().setCurrentIndex(panel.model.index(3, 1),
                                                 QItemSelectionModel.SelectionFlag.NoUpdate)
    chosen = [ids[1], ids[3]]
    assert panel.selected_ids() == chosen
    panel.model.setData(panel.model.index(1, 0), "北エリア", Qt.ItemDataRole.EditRole)
    assert panel.selected_ids() == chosen
    c = doc.plan.customers
    doc.push(edits.AssignCustomers.to(c[m.CUSTOMER_ID].iloc[:3].tolist(), ids[3]))
    assert panel.selected_ids() == chosen
    doc.undo_stack.undo()
    assert panel.selected_ids() == chosen
    assert (panel.view.currentIndex().row(), panel.view.currentIndex().column()) == (3, 1)
    menu = panel.territory_menu(3)  # the right-click menu offers them together
    assert any(a.objectName() == "territory_rebalance_selected" for a in menu.actions())
    # sorted, the selection still follows its territories through an edit
    _click_header(qtbot, panel, CUSTOMERS)
    doc.push(edits.RenameTerritory(ids[3], "南エリア"))
    assert sorted(panel.selected_ids()) == sorted(chosen)
    doc.push(edits.DeleteTerritory(ids[1]))  # a territory gone: the other stays selected
    assert panel.selected_ids() == [ids[3]]
