"""The main window: the map in the middle, the territories and their figures in a left dock."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDockWidget, QMainWindow, QTableWidget, QTableWidgetItem

from planner import model as m
from planner.i18n import tr
from planner.ui.document import PlanDocument
from planner.ui.map_view import MapView


class MainWindow(QMainWindow):
    """The planner's window; ``readyForScreenshot`` fires once the map has drawn the plan."""

    readyForScreenshot = Signal()

    def __init__(self, plan: m.Plan, path: str = ""):
        super().__init__()
        self.document = PlanDocument(plan, path, self)
        self.map_view = MapView(self)
        self.setCentralWidget(self.map_view)
        self._table = QTableWidget(self)
        dock = QDockWidget(tr("Territories"), self)
        dock.setObjectName("territoriesDock")
        dock.setWidget(self._table)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        self.map_view.mapReady.connect(self.readyForScreenshot)
        self.map_view.editFailed.connect(self._on_map_view_editFailed)
        self._table.cellDoubleClicked.connect(self._on_table_cellDoubleClicked)
        self.document.planChanged.connect(self._on_document_planChanged)
        self.map_view.set_document(self.document)
        self._refresh()
        name = Path(path).name if path else tr("Sample plan")
        self.setWindowTitle(f"{name} — {tr('Territory Planner')}")
        from planner.ui.main_actions import install  # docks, menus, toolbar, autosave, title

        self.actions_ui = install(self)

    def is_ready(self) -> bool:
        return self.map_view.is_ready()

    def _on_document_planChanged(self, _changes: object) -> None:
        self._refresh()

    def _on_map_view_editFailed(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _on_table_cellDoubleClicked(self, row: int, _column: int) -> None:
        territories = self.document.plan.territories
        if 0 <= row < len(territories):
            self.map_view.fit_territory(territories[row].id)

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
