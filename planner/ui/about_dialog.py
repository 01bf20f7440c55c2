"""Help → About and Help → Keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner import __version__
from planner.i18n import N_, tr
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


#: Help → Getting started, one paragraph a step; ``{file}`` … are the menus and commands
#: as the window names them.
GUIDE_STEPS = (
    N_("1. {file} → {new}: choose your customer list (Excel or CSV). Check that each column "
       "is matched; if the list has no coordinates, tick \"{geocode}\". Then Import: the "
       "report lists the rows to check."),
    N_("2. {schedule} → {frequency}: how often each rank is visited (weekly, every two weeks, "
       "every four weeks …)."),
    N_("3. {territory} → {design}: the number of reps, Run, then Apply (load the reps' home "
       "bases first with {territory} → {load_homes}, and the territories grow around them). "
       "Drag a boundary on the map, or right-click customers, to change the territories by "
       "hand."),
    N_("4. {schedule} → {schedule_build}: each rep's visit calendar. Click a day in the "
       "Calendar to see its route; drag a customer from the day's list onto another day to "
       "move the visit."),
    N_("5. {file} → {save}; then {file} → {export_excel} or {file} → {export_pdf} for the "
       "reps' route sheets."),
)


def getting_started_text(labels: dict[str, str]) -> str:
    """The steps, with the window's own names for its menus and commands (``labels``: menu
    or action key → its text without the access key)."""
    names = {
        "file": labels.get("file", ""), "new": labels.get("new", ""),
        "schedule": labels.get("schedule", ""), "frequency": labels.get("frequency", ""),
        "territory": labels.get("territory", ""), "design": labels.get("design", ""),
        "load_homes": labels.get("load_homes", ""),
        "schedule_build": labels.get("schedule_build", ""), "save": labels.get("save", ""),
        "export_excel": labels.get("export_excel", ""),
        "export_pdf": labels.get("export_pdf", ""),
        "geocode": tr("Find positions of rows without coordinates (online)"),  # its box
    }
    steps = [tr(step, **names) for step in GUIDE_STEPS]
    return "\n\n".join([tr("Plan your own customers in five steps:"), *steps,
                         tr("The plan shown at the first start is a sample: try each step "
                            "on it first.")])


def show_getting_started(
    parent: QWidget | None, actions: Mapping[str, QAction], menus: Mapping[str, QMenu]
) -> QMessageBox:
    """Help → Getting started, opened (not blocking) over ``parent``; returns the box. The
    steps name the menus and commands as the window shows them (``actions`` and ``menus``
    by key): the welcome line over the sample, once dismissed, was the only guide."""
    from planner.ui.menu_table import button_text, without_access_key

    labels = {key: button_text(without_access_key(action.text()))  # 「自動設計」, no "…"
              for key, action in actions.items()}
    labels["schedule_build"] = labels.get("schedule", "")  # the action; also a menu's key
    labels.update({key: without_access_key(menu.title()) for key, menu in menus.items()})
    box = QMessageBox(QMessageBox.Icon.Information, tr("Getting started"),
                      getting_started_text(labels), QMessageBox.StandardButton.Close, parent)
    box.setObjectName("getting_started")
    box.button(QMessageBox.StandardButton.Close).setText(tr("Close"))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


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
