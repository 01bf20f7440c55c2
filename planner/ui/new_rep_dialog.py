"""「ここに担当者を追加」's first question: who the new rep is and where they start from.

A manager adding a rep usually knows them: their name goes on the new territory, and a home
address (optional) makes the territory grow around it (looked up as a new customer's address
is: the address search, else offline at the plan's customers of its 丁目, town or
municipality). Without one, the territory is carved from the clicked territory's side away
from its rep's home, and the home base can be placed on the map later. The intro says which
of the two will happen, following the address box as it is typed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import tr


class NewRepDialog(QDialog):
    """The new rep's name and home address, both optional; OK goes on to the design."""

    def __init__(self, territory: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("new_rep_dialog")
        self.setWindowTitle(tr("Add a rep to {name}", name=territory))
        self.territory = territory
        self.intro = QLabel(self)
        self.intro.setObjectName("new_rep_intro")
        self.intro.setWordWrap(True)
        self.rep_edit = QLineEdit(self)
        self.rep_edit.setObjectName("new_rep_name")
        self.rep_edit.setPlaceholderText(tr("e.g. 小林 直樹"))
        self.address_edit = QLineEdit(self)
        self.address_edit.setObjectName("new_rep_address")
        self.address_edit.setPlaceholderText(tr("Optional: the territory is made around it"))
        self.address_edit.textChanged.connect(self._follow_address)
        self._follow_address()
        hint = QLabel(tr("Without an address, place the home base on the map afterwards."), self)
        hint.setWordWrap(True)
        hint.setEnabled(False)  # greyed: a side note
        form = QFormLayout()
        form.addRow(tr("Rep's name"), self.rep_edit)
        form.addRow(tr("Home base address"), self.address_edit)
        form.addRow(hint)
        buttons = QDialogButtonBox(self)
        self.next_button = buttons.addButton(tr("Next…"), QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.next_button.setDefault(True)
        self.setMinimumWidth(420)

    def _follow_address(self) -> None:
        """The intro says what will happen: a typed address grows the territory around it
        (it always said "the side away from the rep's home", address or not)."""
        if self.address():
            text = tr("The new rep's territory is made around the home base entered; {name} and "
                      "the territories next to it shift a little to even out the work.",
                      name=self.territory)
        else:
            text = tr("The new rep takes over part of {name}, on the side away from its "
                      "rep's home base; the territories next to it shift a little to even "
                      "out the work.", name=self.territory)
        self.intro.setText(text)

    def rep(self) -> str:
        return " ".join(self.rep_edit.text().split())

    def address(self) -> str:
        return self.address_edit.text().strip()
