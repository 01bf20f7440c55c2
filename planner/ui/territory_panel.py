"""The Territories dock: one row per territory with its live figures and a deviation bar.

Right-click a territory for its context menu (fit, colour, the rep's working days and days
off, merge, split, delete); a rep's own working days show in the name and rep tooltips.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QColorDialog,
    QDialog,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.areas import suggested_name
from planner.i18n import sentences, tr, trn
from planner.rep_days import rep_name
from planner.shared_reps import shared_rep_question
from planner.ui.document import PlanDocument
from planner.ui.edit_notes import days_off_note, home_note, merged_note
from planner.ui.territory_model import (
    COLUMNS,
    DEVIATION_COLUMN,
    DEVIATION_WIDTH,
    DeviationDelegate,
    TerritoryTableModel,
)
from planner.ui.working_days_dialog import WorkingDaysDialog


class TerritoryPanel(QWidget):
    """The dock's content: the table plus its context menu (merge, split, delete, fit)."""

    fitRequested = Signal(str)  # territory id
    placeHomeRequested = Signal(str)  # territory id: offer the map pin for its home base
    homeSet = Signal(str)  # territory id, once a home base from an address is in the plan
    message = Signal(str)  # a hint for the status bar
    territorySelected = Signal(str)
    rebalanceRequested = Signal(list)  # territory ids: design them among themselves
    splitRequested = Signal(str)  # territory id: design it into balanced territories
    handOverRequested = Signal(str)  # territory id: its rep leaves, the neighbours take over
    addRepRequested = Signal(str)  # territory id: a new rep's territory carved here

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._doc = document
        self.model = TerritoryTableModel(document, self)
        self.model.refused.connect(self.explain)
        self.model.ask_shared_rep = self.ask_shared_rep  # type: ignore[method-assign]
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(DEVIATION_COLUMN, DeviationDelegate(document, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(
            DEVIATION_COLUMN, QHeaderView.ResizeMode.Fixed
        )
        self.view.horizontalHeader().resizeSection(DEVIATION_COLUMN, DEVIATION_WIDTH)
        self.view.horizontalHeader().setStretchLastSection(True)
        # a header's click sorts (the busiest rep first …), a third click: the plan's order
        self.view.horizontalHeader().setSortIndicatorClearable(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSortingEnabled(True)
        # the arrow only on a sorted column: shown, it widened every column (and the dock,
        # squeezing the map) in the plan's order too
        header = self.view.horizontalHeader()
        header.setSortIndicatorShown(False)
        header.sortIndicatorChanged.connect(
            lambda section, _order: header.setSortIndicatorShown(section >= 0))
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_contextMenu)
        self.view.doubleClicked.connect(self._on_view_doubleClicked)
        self.view.clicked.connect(
            lambda idx: self.territorySelected.emit(self.model.territory_id(idx.row()))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        # every edit recomputes the figures (a model reset): the territories selected stay so
        self._kept: tuple[list[str], str, int] = ([], "", 0)
        self._width: tuple[tuple[object, ...], int] | None = None  # preferred_width's texts
        self.model.modelAboutToBeReset.connect(self._on_model_aboutToBeReset)
        self.model.modelReset.connect(self._on_model_reset)

    def preferred_width(self) -> int:
        """The width that shows every column without scrolling (for the dock's first size),
        measured again only when the texts it measures or the fonts changed (a hand move keeps
        the figures: measuring every cell took 50 ms after each move and undo)."""
        key = self._width_key()
        if self._width is None or self._width[0] != key:
            self._width = (key, self._measure_width())
        return self._width[1]

    def _width_key(self) -> tuple[object, ...]:
        """What :meth:`preferred_width` reads: the headers' and cells' texts, the fonts."""
        model, role = self.model, Qt.ItemDataRole.DisplayRole
        columns, rows = model.columnCount(), model.rowCount()
        return (
            self.view.font().toString(), self.view.horizontalHeader().font().toString(),
            tuple(str(model.headerData(c, Qt.Orientation.Horizontal, role))
                  for c in range(columns)),
            tuple(str(model.data(model.index(r, c), role))
                  for r in range(rows) for c in range(columns)),
            tuple(self.view.isColumnHidden(c) for c in range(columns)),
            self.view.horizontalHeader().isSortIndicatorShown(),
            self.view.horizontalHeader().sortIndicatorSection(),
        )

    def _measure_width(self) -> int:
        header = self.view.horizontalHeader()
        columns = sum(
            DEVIATION_WIDTH
            if c == DEVIATION_COLUMN
            else max(header.sectionSizeHint(c), self.view.sizeHintForColumn(c))
            for c in range(self.model.columnCount())
        )
        frame = 2 * self.view.frameWidth() + self.view.verticalScrollBar().sizeHint().width()
        return max(320, min(560, columns + frame))

    def preferred_height(self, most_rows: int = 12) -> int:
        """The height of the table with up to ``most_rows`` rows (the calendar gets the rest)."""
        rows = max(3, min(most_rows, self.model.rowCount()))
        row_h = self.view.verticalHeader().defaultSectionSize()
        header_h = self.view.horizontalHeader().sizeHint().height()
        return header_h + rows * row_h + 2 * self.view.frameWidth() + 8

    def _on_model_aboutToBeReset(self) -> None:
        current = self.view.currentIndex()
        tid = self.model.territory_id(current.row()) if current.isValid() else ""
        self._kept = (self.selected_ids(), tid, max(0, current.column()))

    def _on_model_reset(self) -> None:
        """The rows selected before an edit (a rename, customers assigned, an undo) selected
        again, and the current cell: Rebalance the selected…, the export's rep and the
        keyboard went on from there (they found nothing selected)."""
        ids, current, column = self._kept
        self._kept = ([], "", 0)
        chosen = QItemSelection()
        for tid in ids:
            row = self.model.row_of(tid)
            if row >= 0:
                chosen.select(self.model.index(row, 0),
                              self.model.index(row, self.model.columnCount() - 1))
        flags = QItemSelectionModel.SelectionFlag
        if current and (row := self.model.row_of(current)) >= 0:
            self.view.selectionModel().setCurrentIndex(self.model.index(row, column),
                                                       flags.NoUpdate)
        if not chosen.isEmpty():
            self.view.selectionModel().select(chosen, flags.ClearAndSelect)

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.territory_id(r) for r in rows]

    def _on_view_doubleClicked(self, index: QModelIndex) -> None:
        if not COLUMNS[index.column()][2]:  # figures: double-click shows the territory
            self.fitRequested.emit(self.model.territory_id(index.row()))

    def retranslate(self) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def push(self, edit: Any) -> None:
        """Push an edit; a refused one (PlannerError) is explained instead of raised."""
        refused = self._doc.try_push(edit)
        if refused:
            self.explain(refused)

    def set_home(self, territory_id: str, point: tuple[float, float] | None) -> None:
        """Give the territory's rep the home base ``point`` (None: none) and say so."""
        from planner import edits

        before = self._doc.plan
        lat, lon = point if point is not None else (None, None)
        self.push(edits.SetHome(territory_id, lat, lon))
        if text := home_note(before, self._doc.plan, territory_id):
            self.message.emit(text)  # "Set the home base of 東京エリア."

    def explain(self, text: str) -> None:
        """Say why an edit was refused (a menu's, or a name typed in the table)."""
        QMessageBox.warning(self, tr("Territory Planner"), text)

    def ask_shared_rep(self, rep: str, others: list[m.Territory]) -> bool:
        """Ask before giving ``rep``, who already works ``others``, this territory as well
        (their calendars are planned apart: the Calendar dock says so)."""
        no = QMessageBox.StandardButton.No  # Enter keeps one rep to one territory
        answer = QMessageBox.question(self, tr("Territory Planner"),
                                      shared_rep_question(rep, others),
                                      QMessageBox.StandardButton.Yes | no, no)
        return answer == QMessageBox.StandardButton.Yes

    def ask_address(self, territory_id: str) -> str:
        """The address of a rep's office or home (tests replace this); "" when cancelled."""
        t = self._doc.plan.territory(territory_id)
        text, ok = QInputDialog.getText(
            self, tr("Home base (start of the routes)"),
            tr("Address of {rep}'s office or home:", rep=rep_name(t)),
        )
        return text.strip() if ok else ""

    def home_from_address(self, territory_id: str) -> None:
        """Look an address up (online, in the background) and make it the rep's home base;
        the map pin then shows it to confirm (or, not found, to place by hand)."""
        from planner.ui.address_lookup import look_up, search_for

        address = self.ask_address(territory_id)
        if not address:
            return
        settings = self._doc.plan.settings

        def done(point: tuple[float, float] | None) -> None:
            if point is None:
                self.message.emit(tr("The address was not found: place the home base on the "
                                     "map."))
            else:
                self.set_home(territory_id, point)
                self.homeSet.emit(territory_id)
            self.placeHomeRequested.emit(territory_id)

        def failed(text: str) -> None:
            self.message.emit(text)
            self.placeHomeRequested.emit(territory_id)

        self._lookup = look_up(self, address, settings=settings, provider=search_for(settings),
                               done=done, failed=failed)

    def choose_colour(self, territory_id: str) -> None:
        from planner import edits

        current = QColor(self._doc.plan.territory(territory_id).color)
        colour = QColorDialog.getColor(current, self, tr("Territory colour"))
        if colour.isValid() and colour != current:
            self.push(edits.RecolorTerritory(territory_id, colour.name()))

    def working_days_dialog(self, territory_id: str) -> WorkingDaysDialog:
        """The Working days dialog of one territory's rep (not shown)."""
        return WorkingDaysDialog(self._doc.plan, territory_id, self)

    def apply_working_days(self, dialog: WorkingDaysDialog) -> None:
        """Push the accepted dialog's edit (one undo step), if it changes anything."""
        edit = dialog.edit()
        if edit is None:
            return
        before = self._doc.plan
        self.push(edit)
        if self._doc.plan is not before:  # not refused
            off = days_off_note(before, self._doc.plan, dialog.territory.id)
            self.message.emit(off or
                tr("{rep}'s working time changed: build the calendar again to use it; "
                   "Territory → Rebalance keeping assignments… shares the work by weekly hours.",
                   rep=rep_name(dialog.territory))
            )

    def merge(self, territory_id: str, other_id: str) -> None:
        """Merge ``other_id`` into ``territory_id`` and say what became of the other's rep,
        and why the merged territory drives less than the two did."""
        from planner import edits

        before = self._doc.plan
        self.push(edits.MergeTerritories(territory_id, other_id))
        if self._doc.plan is before:  # refused
            return
        self.message.emit(merged_note(before, self._doc.plan, territory_id, other_id))

    def delete(self, territory_id: str) -> None:
        """Delete a territory and say what became of its customers (and of its rep)."""
        from planner import edits

        before = self._doc.plan
        self.push(edits.DeleteTerritory(territory_id))
        if self._doc.plan is before:  # refused
            return
        gone = before.territory(territory_id)
        count = int((before.customers[m.TERRITORY] == territory_id).sum())
        name = gone.name or gone.id
        text = trn("Deleted {territory}: its {n} customer is now unassigned.",
                   "Deleted {territory}: its {n} customers are now unassigned.",
                   count, territory=name, n=f"{count:,}") if count else tr(
            "Deleted {territory}.", territory=name)
        if gone.rep and gone.rep not in {t.rep for t in self._doc.plan.territories}:
            text = sentences(text, tr("{rep} no longer has a territory.", rep=gone.rep))
        self.message.emit(text)

    def split(self, territory_id: str) -> None:
        """Cut a territory in two and say what the new half still needs (a rep, a home base)."""
        from planner import edits

        before = self._doc.plan
        self.push(edits.SplitTerritory(territory_id))
        plan = self._doc.plan
        if plan is before:  # refused
            return
        new = next(t for t in plan.territories if t.id not in before.territory_ids)
        old = before.territory(territory_id)
        count = int((plan.customers[m.TERRITORY] == new.id).sum())
        self.message.emit(trn(
            "Split {territory}: {new} has {n} customer and needs a rep (type it in the Rep "
            "column) and a home base (right-click → Home base (start of the routes)).",
            "Split {territory}: {new} has {n} customers and needs a rep (type it in the Rep "
            "column) and a home base (right-click → Home base (start of the routes)).",
            count, territory=old.name or old.id, new=new.name or new.id, n=f"{count:,}"))

    def edit_working_days(self, territory_id: str) -> None:
        dialog = self.working_days_dialog(territory_id)
        if dialog.exec() == WorkingDaysDialog.DialogCode.Accepted:
            self.apply_working_days(dialog)
        dialog.deleteLater()

    def days_off_dialog(self, territory_id: str, *, today: dt.date | None = None) -> QDialog:
        """*Set days off…* for the territory's rep (not blocking), from today, or from the
        calendar's first day while it lies ahead; OK's sentence goes to the status bar."""
        from planner._schedule_dates import first_monday
        from planner.ui.days_off_dialog import open_days_off_dialog

        day = dt.date.today() if today is None else today
        start = first_monday(self._doc.plan.settings)
        if start is not None and start > day:
            day = start
        return open_days_off_dialog(self._doc, territory_id, (day.isoformat(),), self,
                                    said=self.message.emit)

    def _on_view_contextMenu(self, pos: Any) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        menu = self.territory_menu(index.row())
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def territory_menu(self, row: int) -> QMenu:
        """The right-click menu of a territory's row (built, not shown: tests trigger it)."""
        from planner import edits

        tid = self.model.territory_id(row)
        selected = self.selected_ids()
        menu = QMenu(self)
        menu.addAction(tr("Fit to map"), lambda: self.fitRequested.emit(tid))
        menu.addAction(tr("Colour…"), lambda: self.choose_colour(tid))
        named = suggested_name(self._doc.plan, tid)  # after its main municipality
        if named:
            rename = menu.addAction(tr("Name it {name}", name=named),
                                    lambda: self.push(edits.RenameTerritory(tid, named)))
            rename.setObjectName("territory_name_after_area")
        days = menu.addAction(tr("Working time…"), lambda: self.edit_working_days(tid))
        days.setObjectName("territory_working_days")
        off = menu.addAction(tr("Set days off…"), lambda: self.days_off_dialog(tid))
        off.setObjectName("territory_days_off")  # the rep off sick next week, from here too
        home = menu.addMenu(tr("Home base (start of the routes)"))
        home.setObjectName("territory_home")
        home.addAction(tr("Place on the map"), lambda: self.placeHomeRequested.emit(tid))
        home.addAction(tr("From an address…"), lambda: self.home_from_address(tid))
        if self._doc.plan.territory(tid).has_home:
            home.addAction(tr("Clear"), lambda: self.set_home(tid, None))
        menu.addSeparator()
        if len(selected) == 2:  # into the territory right-clicked (the rep to keep)
            a, b = selected if tid != selected[1] else selected[::-1]
            menu.addAction(
                tr("Merge the two selected"), lambda: self.merge(a, b)
            )
        if len(selected) >= 2:
            rebalance = menu.addAction(
                tr("Rebalance the selected territories…"),
                lambda: self.rebalanceRequested.emit(selected),
            )
            rebalance.setObjectName("territory_rebalance_selected")
        menu.addAction(tr("Split into two"), lambda: self.split(tid))
        split = menu.addAction(tr("Split into balanced territories…"),
                               lambda: self.splitRequested.emit(tid))
        split.setObjectName("territory_split_balanced")
        hand = menu.addAction(tr("Hand over to the neighbouring territories (rep leaves)…"),
                              lambda: self.handOverRequested.emit(tid))
        hand.setObjectName("territory_hand_over")
        add = menu.addAction(tr("Add a rep here (with the neighbouring territories)…"),
                             lambda: self.addRepRequested.emit(tid))
        add.setObjectName("territory_add_rep")
        c = self._doc.plan.customers  # a lock keeps a customer in its territory: it goes too
        locked = int((c[m.LOCKED].to_numpy(dtype=bool) & (c[m.TERRITORY] == tid)).sum())
        delete = menu.addAction(
            trn("Delete (customers become unassigned; {n} locked customer is unlocked)",
                "Delete (customers become unassigned; {n} locked customers are unlocked)",
                locked) if locked else tr("Delete (customers become unassigned)"),
            lambda: self.delete(tid),
        )
        delete.setObjectName("territory_delete")
        return menu


def territory_of_row(plan: m.Plan, row: int) -> m.Territory:
    return plan.territories[row]
