"""Add customer…: a new shop typed in by hand (name and its reading, address, rank, frequency,
territory).

The dialog only collects the values; :class:`planner.edits.AddCustomer` checks them, so a
refused value (a taken code, an unreadable frequency) is one sentence and nothing changes.
With an address, the position is looked up first (the address search of the import, online);
the window then offers the map pin at that position to confirm, or at the map centre when the
address was not found or nothing was looked up. Placing it the first time puts it in the
territory of its nearest customers unless one was chosen here.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.edits import AddCustomer
from planner.frequency import SUPPORTED, frequency_label
from planner.i18n import tr
from planner.ui.import_dialog import geocoder_row
from planner.ui.wide_input import accept_wide_digits

#: The territory choice "decided by its position on the map".
NEAREST = "\x00nearest"


class AddCustomerDialog(QDialog):
    """Collects a new customer; :meth:`edit` is the edit to push."""

    def __init__(self, plan: m.Plan, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Add customer"))
        self.setMinimumWidth(460)
        self.code = QLineEdit(self)
        self.code.setPlaceholderText(tr("(a new code)"))
        self.name = QLineEdit(self)
        self.name_kana = QLineEdit(self)  # フリガナ: the Customers list sorts and finds by it
        self.address = QLineEdit(self)
        self.phone = QLineEdit(self)
        self.rank = QComboBox(self)
        self.rank.setEditable(True)
        ranks = sorted({str(r) for r in plan.customers[m.RANK] if str(r)}
                       | set(plan.settings.frequency_by_rank))
        self.rank.addItems(ranks)
        self.frequency = QComboBox(self)
        self.frequency.addItem(tr("By the rank's rule"), None)
        for value in SUPPORTED:
            self.frequency.addItem(tr(frequency_label(value)), value)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, 600)
        self.minutes.setSpecialValueText(tr("By the rank"))
        self.minutes.setSuffix(tr(" min"))
        self.territory = QComboBox(self)
        if plan.meta.get("design_whole"):  # territories of whole areas: its area decides
            self.territory.addItem(tr("The one holding its town or municipality"), NEAREST)
        else:
            self.territory.addItem(tr("Its nearest customers' (once placed on the map)"), NEAREST)
        for t in plan.territories:
            self.territory.addItem(t.name if not t.rep else f"{t.name}（{t.rep}）", t.id)
        self.territory.addItem(tr("(unassigned)"), "")
        # look the address up (online; a failure leaves the pin for the manager to place)
        self.locate, self.provider, locate = geocoder_row(
            self, tr("Find its position from the address (online)"), plan.settings,
            usable_only=True,
        )
        self.provider.setCurrentIndex(max(0, self.provider.findData(plan.settings.geocoder)))
        self.locate.setEnabled(False)  # until an address is typed
        self.address.textChanged.connect(self._on_address_textChanged)
        form = QFormLayout()
        form.addRow(tr("Customer code"), self.code)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Name reading (kana)"), self.name_kana)
        form.addRow(tr("Address"), self.address)
        form.addRow(tr("Phone"), self.phone)
        form.addRow(tr("Rank"), self.rank)
        form.addRow(tr("Visit frequency"), self.frequency)
        form.addRow(tr("Visit minutes"), self.minutes)
        form.addRow(tr("Territory"), self.territory)
        form.addRow(locate)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Add and place on the map"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.name.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        accept_wide_digits(self)  # １２ typed in a number box

    def _on_address_textChanged(self, text: str) -> None:
        usable = bool(text.strip()) and self.provider.count() > 0
        was = self.locate.isEnabled()
        self.locate.setEnabled(usable)
        if usable and not was:
            self.locate.setChecked(True)  # an address typed in: look it up unless told not to
        self.provider.setEnabled(usable and self.locate.isChecked())

    def lookup(self) -> str:
        """The address search to find the position with, "" for none."""
        if self.locate.isEnabled() and self.locate.isChecked():
            return str(self.provider.currentData() or "")
        return ""

    def edit(self) -> AddCustomer:
        territory = self.territory.currentData()
        fields = {
            m.CUSTOMER_ID: self.code.text().strip(),
            m.NAME: self.name.text().strip(),
            m.NAME_KANA: self.name_kana.text().strip(),
            m.ADDRESS: self.address.text().strip(),
            m.PHONE: self.phone.text().strip(),
            m.RANK: self.rank.currentText().strip(),
            m.FREQUENCY: self.frequency.currentData(),
            m.SERVICE_MINUTES: self.minutes.value() or None,
        }
        return AddCustomer.of(None if territory == NEAREST else str(territory), **fields)
