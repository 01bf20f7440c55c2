"""Help → About and Help → Keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner import __version__
from planner.i18n import tr
from planner.ui.screen_fit import fit_to_screen


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(
        parent,
        tr("About Territory Planner"),
        tr(
            "Territory Planner {version}\n\nTerritories, visit frequencies and call-cycle "
            "calendars for route sales.\nMap data © OpenStreetMap contributors, 国土地理院.",
            version=__version__,
        ),
    )


def shortcuts_dialog(parent: QWidget | None, items: Sequence[tuple[str, QKeySequence]]) -> QDialog:
    dialog = QDialog(parent)
    dialog.setWindowTitle(tr("Keyboard shortcuts"))
    rows = [
        (text.replace("&", ""), key.toString(QKeySequence.SequenceFormat.NativeText))
        for text, key in items
        if not key.isEmpty()
    ]
    table = QTableWidget(len(rows), 2, dialog)
    table.setHorizontalHeaderLabels([tr("Command"), tr("Shortcut")])
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, (text, key) in enumerate(rows):
        table.setItem(r, 0, QTableWidgetItem(text))
        table.item(r, 0).setToolTip(text)  # whole, should the window be narrow
        table.setItem(r, 1, QTableWidgetItem(key))
    # the keys as wide as they need, the commands all the rest (none cut short beside an
    # empty half)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    natural = (
        table.sizeHintForColumn(0) + table.sizeHintForColumn(1) + 2 * table.frameWidth()
        + table.verticalScrollBar().sizeHint().width() + 40
    )
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    fit_to_screen(dialog, max(460, natural), 520)
    return dialog


def show_shortcuts(parent: QWidget | None, items: Sequence[tuple[str, QKeySequence]]) -> None:
    shortcuts_dialog(parent, items).exec()
