"""The main window (first version: the plan's territories and their figures)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMainWindow, QTableWidget, QTableWidgetItem

from planner import model as m
from planner.i18n import tr
from planner.ui.document import PlanDocument


class MainWindow(QMainWindow):
    """Lists the open plan's territories; grows into the full planner."""

    readyForScreenshot = Signal()

    def __init__(self, plan: m.Plan, path: str = ""):
        super().__init__()
        self.document = PlanDocument(plan, path, self)
        self._table = QTableWidget(self)
        self.setCentralWidget(self._table)
        self.document.planChanged.connect(self._on_document_planChanged)
        self._refresh()
        name = Path(path).name if path else tr("Sample plan")
        self.setWindowTitle(f"{name} — {tr('Territory Planner')}")

    def is_ready(self) -> bool:
        return True

    def _on_document_planChanged(self, _changes: object) -> None:
        self._refresh()

    def _refresh(self) -> None:
        plan = self.document.plan
        counts = plan.customers[m.TERRITORY].value_counts()
        headers = [tr("Territory"), tr("Rep"), tr("Customers"), tr("Visits per 4 weeks")]
        self._table.setColumnCount(len(headers))
        self._table.setHorizontalHeaderLabels(headers)
        self._table.setRowCount(len(plan.territories))
        freq = plan.customers[m.FREQUENCY].to_numpy(dtype=float)
        terr = plan.customers[m.TERRITORY].to_numpy()
        for row, t in enumerate(plan.territories):
            visits = float(np.nansum(freq[terr == t.id]))
            items = [t.name, t.rep, str(int(counts.get(t.id, 0))), f"{visits:.0f}"]
            for col, text in enumerate(items):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setBackground(QColor(t.color).lighter(160))
                self._table.setItem(row, col, item)
        self._table.resizeColumnsToContents()
