"""The Territories dock of a plan whose list had no sales column: "—", not 0.0."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from planner import model as m
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui.document import PlanDocument
from planner.ui.territory_model import COLUMNS
from planner.ui.territory_panel import TerritoryPanel

pytestmark = pytest.mark.usefixtures("isolated")

SALES = next(i for i, (key, _title, _edit) in enumerate(COLUMNS) if key == "sales")


def _panel(qtbot, sales: float) -> TerritoryPanel:
    plan = synthetic_plan(40, territories=3, seed=2)
    c = plan.customers.copy()
    c[m.SALES] = sales
    panel = TerritoryPanel(PlanDocument(plan.replace(customers=c)))
    qtbot.addWidget(panel)
    return panel


def test_a_plan_without_sales_shows_a_dash_and_says_why(qtbot, tmp_path) -> None:
    set_language("ja")
    panel = _panel(qtbot, np.nan)
    model = panel.model
    cells = [model.index(r, SALES) for r in range(model.rowCount())]
    assert [i.data() for i in cells] == ["—", "—", "—"]
    assert cells[0].data(Qt.ItemDataRole.ToolTipRole) == "顧客リストに売上の数値がありません。"
    panel.resize(640, 260)
    panel.show()
    qtbot.waitExposed(panel)
    panel.grab().save(str(tmp_path / "no-sales.png"))


def test_a_plan_with_sales_shows_millions(qtbot) -> None:
    set_language("en")
    panel = _panel(qtbot, 1_000_000.0)
    model = panel.model
    shown = [model.index(r, SALES).data() for r in range(model.rowCount())]
    assert all(s not in ("—", "") and float(s) > 0 for s in shown)
