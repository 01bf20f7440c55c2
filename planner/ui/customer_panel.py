"""The Customers dock: search box, filters and the customer table, its selection mirrored on the map.

Selecting rows sets ``document.selection`` (the map follows); a selection made on the map
selects the rows. The context menu changes the whole selection at once (one undo step).
A double click on a detail not edited in place (code, name, rank, sales, address) opens Edit
customer… (:mod:`planner.ui.customer_entry`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.edits import (
    AssignWithAreas,
    LockCustomers,
    RemoveCustomers,
    SetFrequency,
    SetRank,
)
from planner.i18n import clauses, sentences, tr, trn
from planner.maps.actions import over_hours_note
from planner.ui.customer_delegates import FrequencyDelegate, TerritoryDelegate
from planner.ui.customer_menu import rank_choices, selection_menu
from planner.ui.customer_model import COLUMNS, TYPED, CustomerTableModel
from planner.ui.document import PlanDocument
from planner.ui.edit_notes import (
    assigned_note,
    frequency_note,
    not_locked_text,
    rank_note,
    removed_note,
)
from planner.ui.lock_notes import locked_note
from planner.ui.reason_column import place_reason_column
from planner.ui.search_box import SearchBox, count_text, selected_text

FILTER_TITLES = (
    ("all", "All customers"),
    ("unassigned", "Unassigned"),
    ("unlocated", "Not located"),
    ("approximate", "Approximate position"),
    ("problems", "Problem rows"),
    ("locked", "Locked"),
    ("unscheduled", "Unscheduled"),
    ("unscheduled_fix", "Unscheduled: customer to fix"),  # its visiting hours, position …
    ("unscheduled_room", "Unscheduled: no room"),  # more room or a rebuild may fit them
    ("day_changed", "New rep or day"),
    ("holidays", "Moved or left out for holidays"),
    ("outside_hours", "Visits outside their hours"),
    ("updated", "New or changed in the last update"),
    ("selected", "Selected"),
)
#: The columns whose double click opens Edit customer… (the others edit in place).
EDITED_IN_DIALOG = (m.CUSTOMER_ID, m.NAME, m.RANK, m.SALES, m.ADDRESS)
TERRITORY_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.key == m.TERRITORY)
FREQUENCY_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.key == m.FREQUENCY)


class CustomerPanel(QWidget):
    """Search + filters + the table; operations on the selected customers."""

    showOnMapRequested = Signal(str)  # customer id
    fitRequested = Signal(list)  # customer ids the map zooms to (a customer found by a search)
    customerAdded = Signal(str)  # customer id
    message = Signal(str)  # for the status bar
    warned = Signal(str)  # for the status bar, in red (a rep taken over their weekly hours)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._doc = document
        self._syncing = False
        self.model = CustomerTableModel(document, self)
        self.search = SearchBox(self)
        self.filter_combo = QComboBox(self)
        self.territory_combo = QComboBox(self)
        self.rank_combo = QComboBox(self)
        self.view = QTableView(self)
        self.count_label = QLabel(self)  # 「顧客 1,000件」, 「担当 鈴木 一郎 の顧客 211件」
        self.view.setModel(self.model)
        # Drawing each column header, Qt asks whether its whole column is selected, row by row
        # (a Python call or three per cell): with 100,000 rows selected, seconds per repaint.
        # The header gets a selection model of its own that nothing selects in.
        self._header_selection = QItemSelectionModel(self.model, self)
        self.view.horizontalHeader().setSelectionModel(self._header_selection)
        # Qt sorts at once when sorting is enabled, by the header's indicator (column 0,
        # descending by default): set it first, so the list opens in code order.
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setStretchLastSection(True)
        # Highlighting makes Qt test every row of every column when all rows are selected.
        self.view.horizontalHeader().setHighlightSections(False)
        self.view.verticalHeader().setHighlightSections(False)
        for i, col in enumerate(COLUMNS):
            if col.key in (m.RANK, m.LOCKED, "located"):
                self.view.horizontalHeader().resizeSection(i, 56)
            elif col.key in (m.CLOSED_DAYS, m.VISIT_DAYS, m.VISIT_WEEK):
                self.view.horizontalHeader().resizeSection(i, 72)
            elif col.key == m.VISIT_TIME:  # "10:00〜12:00"
                self.view.horizontalHeader().resizeSection(i, 96)
            elif col.key == "calendar":  # "隔週(第1・3週) 火"
                self.view.horizontalHeader().resizeSection(i, 118)
            elif col.key == m.PHONE:  # "0120-123-456", "045-1234-5678"
                wide = self.view.fontMetrics().horizontalAdvance("045-1234-56789") + 12
                self.view.horizontalHeader().resizeSection(i, wide)
            elif col.key == m.NAME:  # 「株式会社小林ホームセンター」 whole, not 「株式会社日本…」
                wide = self.view.fontMetrics().horizontalAdvance("国" * 13) + 12
                self.view.horizontalHeader().resizeSection(i, wide)
        self.view.setItemDelegateForColumn(
            TERRITORY_COLUMN, TerritoryDelegate(document, self.view, said=self.message.emit,
                                                warned=self.warned.emit))
        self.view.setItemDelegateForColumn(FREQUENCY_COLUMN, FrequencyDelegate(self.view))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_contextMenu)
        self.view.doubleClicked.connect(self._on_view_doubleClicked)
        self.view.selectionModel().selectionChanged.connect(self._on_view_selectionChanged)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.editRefused.connect(self._on_model_editRefused)
        self.model.editWarned.connect(self._on_model_editWarned)
        self.model.editSaid.connect(self.message.emit)  # a ticked Locked box: "Locked 1 customer."
        self.model.layoutChanged.connect(self._on_model_reset)
        top = QHBoxLayout()
        top.addWidget(self.search, 2)
        top.addWidget(self.filter_combo, 1)
        top.addWidget(self.territory_combo, 1)
        top.addWidget(self.rank_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self._search_timer = self.search.pause  # search once typing pauses
        self.search.searched.connect(self.model.set_search)
        self.search.focused.connect(self.model.prepare_search)  # the texts made meanwhile
        self.filter_combo.currentIndexChanged.connect(self._apply_filter)
        self.territory_combo.currentIndexChanged.connect(self._apply_filter)
        self.rank_combo.currentIndexChanged.connect(self._apply_filter)
        document.selectionChanged.connect(self._on_document_selectionChanged)
        document.planChanged.connect(self._on_document_planChanged)
        # the keyboard: Delete in the list removes the selected customers (asking first, as
        # the menu's Remove from plan… does); Ctrl+F goes to the search box
        self.remove_action = QAction(self)
        self.remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.remove_action.triggered.connect(self.remove_selection)
        self.view.addAction(self.remove_action)
        self.find_action = QAction(self)
        self.find_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
        self.find_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.find_action.triggered.connect(self.focus_search)
        self.addAction(self.find_action)
        self.retranslate()

    # -- texts and combos ----------------------------------------------------------
    def retranslate(self) -> None:
        self.search.retranslate()
        self.remove_action.setText(tr("Remove from plan…"))
        self.find_action.setText(tr("Find customers"))
        current = self.filter_combo.currentData()
        self.filter_combo.blockSignals(True)
        self.filter_combo.clear()
        for key, title in FILTER_TITLES:
            self.filter_combo.addItem(tr(title), key)
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(current)))
        self.filter_combo.blockSignals(False)
        self._fill_combos()
        self._show_count()  # in the new language
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)
        rows = self.model.rowCount()
        if rows:  # the cells in words (毎週 火 / weekly Tue) are made again on the next paint
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(rows - 1, len(COLUMNS) - 1))

    def _fill_combos(self) -> None:
        plan = self._doc.plan
        for combo, items, everything in (
            (self.territory_combo, [(t.name, t.id) for t in plan.territories], "All territories"),
            (
                self.rank_combo,
                [(r, r) for r in sorted(set(plan.customers[m.RANK]) - {""})],
                "All ranks",
            ),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(tr(everything), "")
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def show_filter(self, key: str) -> None:
        """Show the customers of filter ``key`` (``"updated"``, ``"unscheduled"`` …)."""
        self.filter_combo.setCurrentIndex(max(0, self.filter_combo.findData(key)))

    def _apply_filter(self) -> None:
        key = str(self.filter_combo.currentData() or "all")
        place_reason_column(self.view.horizontalHeader(), key)  # why: beside the name
        self.model.set_filter(
            key,
            territory=str(self.territory_combo.currentData() or ""),
            rank=str(self.rank_combo.currentData() or ""),
        )

    def _on_document_planChanged(self, changes: Any) -> None:
        if changes.territories or (changes.customers and changes.customer_ids is None):
            self._fill_combos()

    # -- selection both ways ---------------------------------------------------------
    def selected_view_rows(self) -> np.ndarray:
        parts = [np.arange(r.top(), r.bottom() + 1) for r in self.view.selectionModel().selection()]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.intp)

    def _on_view_selectionChanged(self, *_args: object) -> None:
        if self._syncing:
            return
        ids = self.model.customer_ids(self.selected_view_rows())
        self._syncing = True
        try:
            self._doc.set_selection(ids)
        finally:
            self._syncing = False

    def _on_document_selectionChanged(self, _ids: frozenset[str]) -> None:
        self._show_count()  # 「51件を選択中」, a lasso's or the list's own
        if self._syncing:
            return
        if self.model._filter == "selected":
            self._apply_filter()
        self._select_rows_of_document(scroll=True)

    def _select_rows_of_document(self, *, scroll: bool = False) -> None:
        """Select the rows of the document's selection (``scroll``: bring the first into view)."""
        rows = self.model.view_rows_of(self._doc.selection)
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        if len(rows):
            breaks = np.flatnonzero(np.diff(rows) != 1)
            starts = np.concatenate(([rows[0]], rows[breaks + 1]))
            ends = np.concatenate((rows[breaks], [rows[-1]]))
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
                # whole rows given as such: Qt's Rows flag widened each of a lasso's 20,000
                # ranges itself, holding the window for seconds
                selection.select(self.model.index(a, 0), self.model.index(b, last))
        self._syncing = True
        try:
            # cleared first, then selected: ClearAndSelect had Qt work out what changed between
            # two large selections (Select all while a lasso stood: seconds on 100,000 rows)
            model = self.view.selectionModel()
            model.clearSelection()
            model.select(selection, QItemSelectionModel.SelectionFlag.Select)
            if scroll and len(rows):  # not after a reset: scrolling then re-lays out every row
                self.view.scrollTo(self.model.index(int(rows[0]), 0))
        finally:
            self._syncing = False

    def focus_search(self) -> None:
        """Ctrl+F: the search box, its text selected to type over (the dock shown)."""
        dock = self.parentWidget()
        if isinstance(dock, QDockWidget) and not dock.isVisible():
            dock.show()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()
        self.model.prepare_search()  # the focus says so too, but not to a window left inactive

    def column_widths(self) -> dict[str, int]:
        """The columns' widths by key (kept between sessions; a column added later keeps
        its own width)."""
        header = self.view.horizontalHeader()
        return {col.key: header.sectionSize(i) for i, col in enumerate(COLUMNS)}

    def set_column_widths(self, widths: dict[str, int]) -> None:
        header = self.view.horizontalHeader()
        for i, col in enumerate(COLUMNS):
            width = widths.get(col.key)
            if width is not None and 16 <= width <= 4000:  # not a column squeezed away
                header.resizeSection(i, width)

    def keyboard_actions(self) -> tuple[QAction, ...]:
        """The list's own shortcuts, for Help → Keyboard shortcuts."""
        return self.remove_action, self.find_action

    def _on_model_reset(self, *_args: object) -> None:
        self._select_rows_of_document()
        self._show_count()

    def _show_count(self) -> None:
        self.count_label.setText(clauses(count_text(self._doc.plan, self.model._rows,
                                                    self.model.found),
                                         selected_text(len(self._doc.selection))))

    def select_all(self) -> None:
        self._doc.set_selection(self.model.shown_ids())

    def select_none(self) -> None:
        self._doc.set_selection(())

    # -- operations on the selection ---------------------------------------------------
    def selection_ids(self) -> tuple[str, ...]:
        """The selected customers in table order (map-only selections included)."""
        ids = self._doc.plan.customers[m.CUSTOMER_ID]
        return tuple(ids[ids.isin(list(self._doc.selection))].tolist())

    def assign_selection(self, territory_id: str) -> None:
        ids = self.selection_ids()
        if ids:
            before = self._doc.plan
            c = before.customers
            already = int((c[m.CUSTOMER_ID].isin(list(ids))
                           & (c[m.TERRITORY].fillna("").astype(str) == territory_id)).sum())
            self._doc.push(AssignWithAreas.to(ids, territory_id))
            after = self._doc.plan
            if text := assigned_note(before, after, into=territory_id,
                                     already=already, figures=self._doc.metrics):
                over = over_hours_note(before, after, self._doc.metrics)  # its last sentence
                (self.warned if over else self.message).emit(text)  # "Moved 3 customers …"

    def set_selection_frequency(self, frequency: float) -> None:
        ids = self.selection_ids()
        if ids:
            before = self._doc.plan
            self._doc.push(SetFrequency(ids, (float(frequency),) * len(ids)))
            if self._doc.plan is not before:  # what it did, and to the reps' weeks
                self.message.emit(frequency_note(
                    before, self._doc.plan, ids, frequency,
                    was=self._doc.metrics(before), now=self._doc.metrics()))

    def set_selection_rank(self, rank: str) -> None:
        """Give the selected customers ``rank`` as one undo step; the status bar says what it
        did to their visits (「訪問頻度は規則により隔週になります。」) and to the reps' weeks."""
        ids = self.selection_ids()
        if not ids:
            return
        before = self._doc.plan
        self._doc.push(SetRank(ids, rank))
        self.message.emit(rank_note(before, self._doc.plan, ids, rank))

    def rank_choices(self) -> list[tuple[str, str]]:
        """(rank, menu text) of the ranks the plan uses or has a rule for: ``B（隔週）``."""
        return rank_choices(self._doc.plan)

    def set_selection_typed(self, key: str, text: str) -> bool:
        """Set a typed field (closing days, visit days, visit week, visiting hours) of the
        selected customers from ``text``, as one undo step."""
        ids = self.selection_ids()
        return bool(ids) and self.model.set_typed(key, ids, text)

    def ask_selection_typed(self, key: str) -> None:
        field = TYPED[key]
        ids = self.selection_ids()
        c = self._doc.plan.customers
        current = c.loc[c[m.CUSTOMER_ID].isin(ids), key]
        start = field.label(current.iloc[0]) if current.nunique() == 1 else ""
        text, ok = QInputDialog.getText(
            self, tr(field.title), tr(field.prompt, n=f"{len(ids):,}"), text=start
        )
        if ok:
            self.set_selection_typed(key, text)

    def _on_model_editRefused(self, message: str) -> None:
        QMessageBox.warning(self, tr("Territory Planner"), message)

    def _on_model_editWarned(self, message: str) -> None:  # taken, but worth a word
        QMessageBox.warning(self, tr("Territory Planner"), message)

    def lock_selection(self, locked: bool) -> None:
        ids = self.selection_ids()
        if ids:
            before = self._doc.plan
            self._doc.push(LockCustomers(ids, locked))
            # "Locked 12 customers.", and why the ones without a territory were not
            text = sentences(locked_note(before, self._doc.plan),
                             not_locked_text(self._doc.plan, ids) if locked else "")
            if text:
                self.message.emit(text)

    def _on_view_contextMenu(self, pos: Any) -> None:
        menu = self.selection_menu(self)
        if not menu.isEmpty():
            menu.exec(self.view.viewport().mapToGlobal(pos))

    @property
    def document(self) -> PlanDocument:
        return self._doc

    def add_customer(self) -> str:
        """Add customer…: see :func:`planner.ui.customer_entry.add_customer`."""
        from planner.ui.customer_entry import add_customer

        return add_customer(self)

    def edit_customer(self, customer_id: str = "") -> bool:
        """Edit customer… of ``customer_id`` (the one selected customer by default): see
        :func:`planner.ui.customer_entry.edit_customer`."""
        from planner.ui.customer_entry import edit_customer

        if not customer_id and len(self._doc.selection) == 1:
            (customer_id,) = tuple(self._doc.selection)
        return bool(customer_id) and edit_customer(self, customer_id)

    def _on_view_doubleClicked(self, index: QModelIndex) -> None:
        """A double click on a detail the list does not edit in place (code, name, rank,
        sales, address) opens Edit customer…."""
        if COLUMNS[index.column()].key in EDITED_IN_DIALOG:
            (cid,) = self.model.customer_ids(np.array([index.row()]))
            self.edit_customer(str(cid))

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a dialog modally (tests replace this)."""
        return bool(dialog.exec())

    def ask_remove(self, n: int) -> bool:
        """Ask before removing ``n`` customers (tests replace this)."""
        answer = QMessageBox.question(
            self,
            tr("Remove from plan"),
            trn(
                "Remove {n} customer from the plan? Its visits leave the calendar. "
                "Undo brings it back.",
                "Remove {n} customers from the plan? Their visits leave the calendar. "
                "Undo brings them back.",
                n,
            ),
        )
        return answer == QMessageBox.StandardButton.Yes

    def remove_selection(self) -> None:
        ids = self.selection_ids()
        if ids and self.ask_remove(len(ids)):
            text = removed_note(self._doc.plan, ids)  # the names, while they are in the plan
            self._doc.push(RemoveCustomers(ids))
            self._doc.set_selection([])
            self.message.emit(text)  # 「3件の顧客をプランから削除しました。」

    def selection_menu(self, parent: QWidget) -> QMenu:
        """The menu of operations on the selected customers (also used by the main window)."""
        return selection_menu(self, parent)
