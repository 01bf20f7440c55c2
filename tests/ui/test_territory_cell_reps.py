"""The Customers list's territory cell: its drop-down names each territory with its rep,
「渋谷エリア（山田 太郎）」, as the assign menus do (managers move a customer to a rep); the
cell's value stays the territory. Before, the drop-down showed the territory names only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox

from planner import model as m
from planner.synthetic import synthetic_plan
from planner.ui.customer_model import COLUMNS
from planner.ui.customer_panel import CustomerPanel
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated", "japanese", "program_font")


def test_the_territory_drop_down_names_each_rep(qtbot, tmp_path) -> None:  # noqa: ANN001
    plan = synthetic_plan(30, territories=3, seed=8)
    first, second, third = plan.territories
    plan = plan.replace(territories=(first, second, third.replace(rep="")))  # no rep yet
    doc = PlanDocument(plan)
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    qtbot.waitExposed(panel)
    col = [c.key for c in COLUMNS].index(m.TERRITORY)
    index = panel.model.index(0, col)
    panel.view.setCurrentIndex(index)
    panel.view.edit(index)  # as a double-click on the cell opens it
    combo = panel.view.indexWidget(index)
    assert isinstance(combo, QComboBox)
    texts = [combo.itemText(k) for k in range(combo.count())]
    assert texts == ["（未割当）", f"{first.name}（{first.rep}）", f"{second.name}（{second.rep}）",
                     third.name]
    cid = panel.model.customer_id(0)
    current = doc.plan.customers.set_index(m.CUSTOMER_ID).at[cid, m.TERRITORY]
    assert combo.currentData() == current  # opened on the customer's territory
    combo.showPopup()
    qtbot.waitUntil(lambda: combo.view().isVisible())
    combo.view().window().grab().save(str(tmp_path / "territory_cell_popup.png"))
    combo.hidePopup()
    other = next(t for t in (first, second) if t.id != current)
    combo.setCurrentIndex(combo.findData(other.id))
    panel.view.commitData(combo)
    panel.view.closeEditor(combo, QAbstractItemDelegate.EndEditHint.NoHint)
    # the cell's value is the territory, its text the territory's name (no rep in it)
    assert doc.plan.customers.set_index(m.CUSTOMER_ID).at[cid, m.TERRITORY] == other.id
    row = int(panel.model.view_rows_of({cid})[0])
    assert panel.model.index(row, col).data(Qt.ItemDataRole.EditRole) == other.id
    assert panel.model.index(row, col).data(Qt.ItemDataRole.DisplayRole) == other.name
