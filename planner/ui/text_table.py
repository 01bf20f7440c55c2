"""A read-only table of text rows (a report's problems, an update's changes) that stays quick
at 100,000 rows.

A ``QTableWidget`` makes an item object per cell on the UI thread: 100,000 changes froze the
update dialog for three seconds. :class:`TextTable` is a view over the rows as they are, so
filling it costs a model reset, and Qt asks only for the cells it draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

Index = QModelIndex | Any  # QPersistentModelIndex too
#: Up to this many rows a wrapped last column sets each row's height at once; beyond, only
#: the rows in view are fitted, as they come into view (fitting the heights of 100,000 rows
#: would freeze the window; a report of 1,500 rows without coordinates cut every reason).
WRAPPED_ROWS = 500
MIN_LAST_WIDTH = 160
#: The wrapped last column's least share of the table's width; the others shrink to make it,
#: down to :data:`MIN_OTHER_WIDTH` each (their whole text on hover).
LAST_SHARE = 0.4
MIN_OTHER_WIDTH = 48


class TextTableModel(QAbstractTableModel):
    """Rows of texts under header texts; nothing editable."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: Sequence[Sequence[str]] = []

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's name
        return 0 if parent.isValid() else len(self._headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self._rows[index.row()]
        return str(row[index.column()]) if index.column() < len(row) else ""

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if section < len(self._headers) else None
        return section + 1


class TextTable(QTableView):
    """A :class:`TextTableModel` in a view: rows selectable, columns sized to their texts."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.text_model = TextTableModel(self)
        self.setModel(self.text_model)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setTabKeyNavigation(False)  # Tab leaves the table instead of walking its cells
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # the header would ask, for each column it draws, whether all of its rows are selected
        self._header_selection = QItemSelectionModel(self.text_model, self)
        self.horizontalHeader().setSelectionModel(self._header_selection)
        self.wrap_last = False  # the last column (a reason) read whole: see fit_last_column
        self._natural: list[int] = []  # each column's width fitted to its texts
        self._fitted: set[int] = set()  # rows of a long table fitted to their wrapped texts
        self.verticalScrollBar().valueChanged.connect(lambda _v: self.fit_rows_in_view())

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Show ``rows`` under ``headers``, the columns sized to what shows first."""
        self.text_model.set_rows(headers, rows)
        self._fitted.clear()
        self.resizeColumnsToContents()
        self._natural = [self.columnWidth(c) for c in range(self.text_model.columnCount())]
        if self.wrap_last:
            self.fit_last_column()

    def fit_last_column(self) -> None:
        """The last column (the reason that says what to fix) takes the width the others
        leave, each of them kept to at most a quarter of the table (its whole text on hover),
        and wraps onto more lines: it sat past the right edge behind a scroll bar. Rows are
        fitted to their wrapped texts up to :data:`WRAPPED_ROWS` rows."""
        count = len(self._natural)
        if count < 2:
            return
        width = self.viewport().width()
        cap = max(60, width // 4)
        widths = [min(natural, cap) for natural in self._natural[:-1]]
        # the reason keeps at least LAST_SHARE of the width: five columns at their quarter
        # left it 160 px past the right edge, behind a sideways scroll bar
        room = width - max(MIN_LAST_WIDTH, int(width * LAST_SHARE))
        if sum(widths) > room > 0:
            floor = [min(w, MIN_OTHER_WIDTH) for w in widths]
            spare = sum(widths) - sum(floor)
            cut = sum(widths) - room
            widths = [f + (w - f) * max(0, spare - cut) // max(1, spare)
                      for w, f in zip(widths, floor, strict=True)]
        for column, w in enumerate(widths):
            self.setColumnWidth(column, w)
        used = sum(widths)
        self.setColumnWidth(count - 1, max(MIN_LAST_WIDTH, width - used))
        self._fitted.clear()
        if self.text_model.rowCount() <= WRAPPED_ROWS:
            self.resizeRowsToContents()
        else:
            self.fit_rows_in_view()

    def fit_rows_in_view(self) -> None:
        """In a table of more than :data:`WRAPPED_ROWS` rows, fit the rows in view (not yet
        fitted at this width) to their wrapped texts: a long reason reads whole where it is
        seen, without fitting every row."""
        rows = self.text_model.rowCount()
        if not self.wrap_last or rows <= WRAPPED_ROWS or not self._natural:
            return
        row = max(0, self.rowAt(0))
        bottom = self.viewport().height()
        while row < rows and self.rowViewportPosition(row) < bottom:
            if row not in self._fitted:
                self._fitted.add(row)
                self.resizeRowToContents(row)
            row += 1

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Refit on the viewport's resize too: a vertical scroll bar coming narrows it."""
        handled = super().viewportEvent(event)
        if event.type() == QEvent.Type.Resize and self.wrap_last and self._natural:
            self.fit_last_column()
        return handled

    def rowCount(self) -> int:  # noqa: N802 - as QTableWidget's
        return self.text_model.rowCount()

    def text(self, row: int, column: int) -> str:
        """The text of one cell."""
        return str(self.text_model.index(row, column).data() or "")
