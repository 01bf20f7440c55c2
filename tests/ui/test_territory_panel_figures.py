"""The Territories dock's figures as a manager reads them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt

from planner import model as m
from planner.synthetic import synthetic_plan
from planner.ui.document import PlanDocument
from planner.ui.territory_panel import TerritoryPanel

pytestmark = pytest.mark.usefixtures("isolated")


def test_a_rep_a_hair_under_the_mean_reads_zero_not_minus_zero(qtbot) -> None:
    """Balanced on sales, two reps ¥500 under the third of ¥20,000,500: their deviation
    rounds to nothing and reads 0.0%, as in the workbook (it read -0.0%, as if below the
    mean)."""
    plan = synthetic_plan(60, territories=3, seed=6)
    c = plan.customers.copy()
    c[m.TERRITORY] = np.repeat([t.id for t in plan.territories], 20)
    c[m.SALES] = 1_000_000.0
    c.loc[c.index[-1], m.SALES] = 1_000_500.0
    plan = plan.replace(customers=c, settings=dataclasses.replace(plan.settings, balance="sales"))
    panel = TerritoryPanel(PlanDocument(plan))
    qtbot.addWidget(panel)
    model = panel.model
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "Deviation")
    shown = [model.index(r, column).data() for r in range(model.rowCount())]
    assert shown == ["0.0%", "0.0%", "0.0%"]
