"""*File → Compare with another plan…*: the open plan beside another plan file.

Three tabs: the plans' figures (the better of each pair in bold), each territory in both,
and the customers who would change territory going from the open plan to the other,
grouped by where they go. *Select on the map* selects those customers (the rows chosen in
the list, else all) in the open plan; *Save the list as CSV…* writes them for the office.
The dialog stays open beside the map; edits of the open plan are compared again as they
happen (once they pause).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.compare import (
    OVERALL,
    TERRITORY_HEADERS,
    PlanComparison,
    compare_plans,
    figure_text,
    territory_in,
    write_moved_csv,
)
from planner.errors import PlannerError
from planner.export.excel_compare import export_comparison
from planner.i18n import tr
from planner.store import load_plan
from planner.ui import file_dialogs
from planner.ui.document import PlanDocument
from planner.ui.screen_fit import fit_to_screen
from planner.ui.workers import Task, run_task

#: After an edit of the open plan, the comparison is made again once edits pause this long.
REFRESH_MS = 400


def _table(parent: QWidget, name: str) -> QTableWidget:
    """An empty read-only table whose rows are chosen whole."""
    table = QTableWidget(parent)
    table.setObjectName(name)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
    return table


def _fill(table: QTableWidget, headers: list[str], rows: list[list[str]], numeric_from: int,
          stretch: int = 0) -> None:
    """Texts into ``table``; columns from ``numeric_from`` on aligned right, column
    ``stretch`` (a name) taking the room left."""
    table.clear()
    table.setColumnCount(len(headers))
    table.setRowCount(len(rows))
    table.setHorizontalHeaderLabels(headers)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c >= numeric_from:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.resizeColumnsToContents()
    for col in range(len(headers)):  # room between the columns
        header.resizeSection(col, header.sectionSize(col) + 16)
    table.setProperty("natural_width", header.length())
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class CompareDialog(QDialog):
    """The open plan (``document``) against ``other``: figures, territories, customers moving."""

    selected = Signal(list)  # customer ids just selected: the map zooms to them

    csv_name = "moved-customers.csv"
    xlsx_name = "comparison.xlsx"

    def __init__(self, document: PlanDocument, other: m.Plan, name: str,
                 parent: QWidget | None = None, *, comparison: PlanComparison | None = None):
        super().__init__(parent)
        self.setObjectName("compare_dialog")
        self.setWindowTitle(tr("Compare with {name}", name=name))
        self.doc = document
        self.other = other
        self.labels = (tr("This plan"), name)
        layout = QVBoxLayout(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tabs = QTabWidget(self)
        self.figures = _table(self, "compare_figures")
        self.territories = _table(self, "compare_territories")
        self.flows = _table(self, "compare_flows")
        for table, title in ((self.figures, tr("Figures")),
                             (self.territories, tr("Territories")), (self.flows, "")):
            self.tabs.addTab(table, title)
        layout.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.select_button = QPushButton(tr("Select on the map"), self)
        self.select_button.setToolTip(tr("Select the customers who change territory (those of "
                                         "the rows chosen in the list, else all) in this plan"))
        self.select_button.clicked.connect(self.select_moved)
        self.xlsx_button = QPushButton(tr("Save as Excel…"), self)
        self.xlsx_button.setToolTip(tr("write the comparison as an Excel workbook"))
        self.xlsx_button.clicked.connect(self._on_xlsx_clicked)
        buttons.addButton(self.xlsx_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.csv_button = QPushButton(tr("Save the list as CSV…"), self)
        self.csv_button.clicked.connect(self._on_csv_clicked)
        for button in (self.select_button, self.csv_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        for button in (self.select_button, self.xlsx_button, self.csv_button):
            button.setAutoDefault(False)  # Enter never opens a Save dialog
            button.setDefault(False)
        layout.addWidget(buttons)
        # an edit of the open plan compares again, once the edits pause
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self.refresh)
        document.planChanged.connect(self._on_document_planChanged)
        self._task: Task | None = None
        self._again = False
        # shown at once: made in the worker that read the other file, else here
        self._show(comparison or compare_plans(document.plan, other, labels=self.labels))
        natural = max(int(self.tabs.widget(i).property("natural_width"))
                      for i in range(self.tabs.count()))
        # the tables' columns close together, within the screen
        fit_to_screen(self, max(640, natural + 60), 560)

    def refresh(self) -> None:
        """Compare the open plan, as it is now, with the other file again (in a worker: at
        100,000 customers with calendars it takes most of a second); edits meanwhile compare
        once more when it is done."""
        self._timer.stop()
        if self._task is not None and not self._task.done:
            self._again = True
            return
        self._again = False
        plan, other, labels = self.doc.plan, self.other, self.labels
        self._task = run_task(self, "", lambda _p: compare_plans(plan, other, labels=labels),
                              on_done=self._show, show_dialog=False)

    def _show(self, comparison: PlanComparison) -> None:
        """Fill the summary, the tables and the buttons from ``comparison``."""
        self.comparison = comparison
        c = comparison
        self.summary.setText("\n".join(c.summary_lines()))
        self._fill_figures()
        self._fill_territories()
        self._fill_flows()
        self.tabs.setTabText(2, tr("Customers who change territory ({n})",
                                   n=f"{len(c.moved):,}"))
        self.select_button.setEnabled(bool(len(c.moved)))
        # the list to call holds the customers on other visit days too (next month's plan
        # against last month's: no one changes territory, a few dozen change day)
        self.csv_button.setEnabled(bool(len(c.moved) or len(c.rescheduled)))
        if self._again:
            self.refresh()

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        """Closing waits for a comparison still running (its thread belongs to the dialog)."""
        if self._task is not None and not self._task.done:
            self._task.wait()
        super().done(result)

    def _on_document_planChanged(self, _changes: object) -> None:
        self._timer.start()

    # -- contents ------------------------------------------------------------------------
    def _fill_figures(self) -> None:
        c = self.comparison
        keys = list(c.overall.index)
        table = self.figures
        _fill(table, [tr("Figure"), *c.labels], c.figure_rows(), 1)
        bold = table.font()
        bold.setBold(True)
        for r, k in enumerate(keys):
            lower = OVERALL[k][2]
            va, vb = float(c.overall.at[k, "a"]), float(c.overall.at[k, "b"])
            same = figure_text(k, va) == figure_text(k, vb)  # equal as shown: neither is better
            if lower is None or not (np.isfinite(va) and np.isfinite(vb)) or same:
                continue
            better = 1 if (va < vb) == lower else 2  # the better of the two in bold
            table.item(r, better).setFont(bold)

    def _fill_territories(self) -> None:
        headers = [tr(h) for h in TERRITORY_HEADERS]
        _fill(self.territories, headers, self.comparison.territory_rows(), 3, stretch=1)

    def _fill_flows(self) -> None:
        self.flow_rows = self.comparison.flows()
        none = tr("(none)")
        rows = [[r.from_territory or none, r.to_territory or none, f"{r.customers:,}",
                 f"{r.hours_per_week:.1f}"] for r in self.flow_rows.itertuples(index=False)]
        a, b = self.comparison.labels
        headers = [territory_in(a), territory_in(b), tr("Customers"), tr("Hours/week")]
        _fill(self.flows, headers, rows, 2)

    # -- actions -------------------------------------------------------------------------
    def moved_ids(self) -> list[str]:
        """The customers of the flows chosen in the list (all flows when none is chosen)."""
        moved = self.comparison.moved
        chosen = sorted({i.row() for i in self.flows.selectionModel().selectedRows()})
        if chosen:
            pairs = self.flow_rows.iloc[chosen][["from_territory", "to_territory"]]
            keys = set(map(tuple, pairs.to_numpy(dtype=object).tolist()))
            mask = [(f, t) in keys for f, t in zip(moved["from_territory"], moved["to_territory"],
                                                    strict=True)]
            moved = moved[mask]
        return moved["customer_id"].astype(str).tolist()

    def select_moved(self) -> None:
        """Select the moving customers on the map and in the list (in this plan); ``selected``
        asks the map to show them."""
        present = set(self.doc.plan.customers[m.CUSTOMER_ID].astype(str))
        ids = [c for c in self.moved_ids() if c in present]
        self.doc.set_selection(ids)
        if ids:
            self.selected.emit(ids)

    def _on_xlsx_clicked(self) -> None:
        self._save(self.xlsx_button.text(), self.xlsx_name, tr("Excel workbook (*.xlsx)"),
                   export_comparison)

    def _on_csv_clicked(self) -> None:
        self._save(self.csv_button.text(), self.csv_name, tr("CSV (*.csv)"), write_moved_csv)

    def _save(self, title: str, name: str, filter_text: str, write: Any) -> None:
        """Ask where, then ``write(comparison, path)``; a failure is one sentence."""
        path = file_dialogs.save_file_name(self, title, name, filter_text)
        if path:
            try:
                write(self.comparison, path)
            except (OSError, PlannerError) as exc:
                QMessageBox.critical(self, title, str(exc))


def compare_with_file(document: PlanDocument, path: str, parent: QWidget,
                      on_error: Any, on_select: Any = None) -> Task:
    """Load the plan at ``path`` in a worker, then show the comparison (non-modal);
    ``on_select(ids)`` when it selects customers (the window zooms the map to them)."""
    name = Path(path).stem
    plan = document.plan  # the progress dialog is modal: no edit while the worker runs

    def work(_progress: Any) -> tuple[m.Plan, PlanComparison]:
        other = load_plan(path)
        return other, compare_plans(plan, other, labels=(tr("This plan"), name))

    def done(loaded: tuple[m.Plan, PlanComparison]) -> None:
        other, comparison = loaded
        dialog = CompareDialog(document, other, name, parent, comparison=comparison)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if on_select is not None:
            dialog.selected.connect(on_select)
        dialog.show()  # non-modal: the map stays usable beside it

    return run_task(parent, tr("Opening {name}…", name=Path(path).name), work, on_done=done,
                    on_error=on_error)
