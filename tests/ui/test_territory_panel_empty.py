"""A territory without customers in the Territories dock: 「顧客なし」, no bar, and the others
measured among themselves (it showed −100 % and every other territory above the mean)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from planner import model as m
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.territories import territory_metrics
from planner.ui.document import PlanDocument
from planner.ui.territory_model import DEVIATION_COLUMN
from planner.ui.territory_panel import TerritoryPanel

pytestmark = pytest.mark.usefixtures("isolated")


def test_an_empty_territory_reads_no_customers_and_leaves_the_others_as_they_were(
        qtbot, tmp_path) -> None:
    set_language("ja")
    plan = synthetic_plan(300, territories=3, seed=11)
    was = [f"{d:+.1%}" for d in territory_metrics(plan)["deviation"]]
    empty = m.Territory(id="T99", name="新エリア", rep="新人", color="#009688")
    panel = TerritoryPanel(PlanDocument(plan.replace(territories=(*plan.territories, empty))))
    qtbot.addWidget(panel)
    panel.resize(700, 260)
    panel.show()
    qtbot.waitExposed(panel)
    model = panel.model
    cells = [model.index(r, DEVIATION_COLUMN) for r in range(model.rowCount())]
    assert [c.data() for c in cells[:3]] == [w if w != "+0.0%" else "0.0%" for w in was]
    assert cells[3].data() == "顧客なし"
    assert "平均には含めていません" in cells[3].data(Qt.ItemDataRole.ToolTipRole)
    panel.grab().save(str(tmp_path / "empty.png"))  # drawn without a bar, no error
