"""Help → About and Help → Keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner import __version__
from planner.i18n import tr


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
        table.setItem(r, 1, QTableWidgetItem(key))
    table.resizeColumnsToContents()
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Close).setText(tr("Close"))
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dialog.resize(460, 520)
    return dialog


def show_shortcuts(parent: QWidget | None, items: Sequence[tuple[str, QKeySequence]]) -> None:
    shortcuts_dialog(parent, items).exec()
