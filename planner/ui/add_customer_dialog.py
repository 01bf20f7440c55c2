"""Add customer… and Edit customer…: a new shop typed in by hand (name and its reading,
address, phone, rank, frequency, visit minutes, sales, territory), or an existing one's details
corrected (the shop renamed or moved, its phone, reading or rank changed).

The dialog only collects the values; :class:`planner.edits.AddCustomer` and
:class:`planner.edits.EditCustomer` check them, and a refused value (a taken code, an
unreadable amount of sales) is one sentence with the dialog still open, so nothing typed is
lost. With an address typed (a new one, when editing), the position is looked up first (the
address search of the import, online); the window then offers the map pin at that position to
confirm, or, when the address was not found or nothing was looked up, at the plan's customers
of its 丁目 or town, else where it was (:mod:`planner.maps.pin`). Placing a
new customer the first time puts it in the territory of its nearest customers unless one was
chosen here. Editing leaves the territory and the frequency to the Customers list, which edits them in
place; a new rank says before Save what it does to the frequency, as Set rank does it (one
that follows the plan's rules takes the new rank's, one set by hand or the list's own stays).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner._customer_details import typed_rank
from planner._customer_rank import HAND_SET, NO_RULE, OWN, RULE, UNSET, rank_frequencies
from planner.edits import AddCustomer, Edit, EditCustomer, apply_edit
from planner.errors import PlannerError
from planner.frequency import SUPPORTED, frequency_label, frequency_words, normalise_rank
from planner.i18n import tr
from planner.ui.import_dialog import geocoder_row
from planner.ui.wide_input import accept_wide_digits

#: The territory choice "decided by its position on the map".
NEAREST = "\x00nearest"

#: The text fields of the form, by plan column.
_TEXTS = (m.NAME, m.NAME_KANA, m.ADDRESS, m.PHONE, m.SALES)


def sales_text(value: float) -> str:
    """Sales as the form shows them: ``1,200,000`` (none: "")."""
    if not np.isfinite(value):
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


class AddCustomerDialog(QDialog):
    """Collects a new customer, or with ``customer_id`` corrects that customer's details;
    :meth:`edit` is the edit to push."""

    def __init__(self, plan: m.Plan, parent: QWidget | None = None, *, customer_id: str = ""):
        super().__init__(parent)
        self._plan = plan
        self.customer_id = customer_id
        editing = bool(customer_id)
        self.setWindowTitle(tr("Edit customer") if editing else tr("Add customer"))
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
        self.rank_note = QLabel(self)  # editing: what a new rank does to the frequency
        self.rank_note.setWordWrap(True)
        self.rank_note.setVisible(False)
        self.frequency = QComboBox(self)
        self.frequency.addItem(tr("By the rank's rule"), None)
        for value in SUPPORTED:
            self.frequency.addItem(tr(frequency_label(value)), value)
        self.minutes = QSpinBox(self)
        self.minutes.setRange(0, 600)
        self.minutes.setSpecialValueText(tr("By the rank"))
        self.minutes.setSuffix(tr(" min"))
        self.sales = QLineEdit(self)
        self.sales.setPlaceholderText(tr("e.g. 1,200,000 or 120万"))
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
        form = QFormLayout()
        form.addRow(tr("Customer code"), self.code)
        form.addRow(tr("Name"), self.name)
        form.addRow(tr("Name reading (kana)"), self.name_kana)
        form.addRow(tr("Address"), self.address)
        form.addRow(tr("Phone"), self.phone)
        form.addRow(tr("Rank"), self.rank)
        form.addRow("", self.rank_note)
        form.addRow(tr("Visit frequency"), self.frequency)
        form.addRow(tr("Visit minutes"), self.minutes)
        form.addRow(tr("Sales"), self.sales)
        form.addRow(tr("Territory"), self.territory)
        form.addRow(locate)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        ok = tr("Save changes") if editing else tr("Add and place on the map")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(False)
        self.name.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self._shown: dict[str, Any] = {}  # editing: the values as the form first showed them
        if editing:
            self._fill(customer_id)
            # the list edits the territory and the frequency in place
            form.setRowVisible(self.frequency, False)
            form.setRowVisible(self.territory, False)
            self.rank.currentTextChanged.connect(self._on_rank_currentTextChanged)
        self.address.textChanged.connect(self._on_address_textChanged)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        accept_wide_digits(self)  # １２ typed in a number box

    def _fill(self, customer_id: str) -> None:
        """The form with the customer's details, its code shown but not editable."""
        c = self._plan.customers
        row = c.loc[c[m.CUSTOMER_ID] == customer_id].iloc[0]
        self._row = row
        self.code.setText(customer_id)  # shown as text: read-only, selectable, no tab stop
        self.code.setReadOnly(True)
        self.code.setFrame(False)
        self.code.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        palette = self.code.palette()
        palette.setColor(QPalette.ColorRole.Base, palette.color(QPalette.ColorRole.Window))
        self.code.setPalette(palette)
        self.code.setPlaceholderText("")
        self.name.setFocus()
        self.name.setText(str(row[m.NAME]))
        self.name_kana.setText(str(row[m.NAME_KANA]))
        self.address.setText(str(row[m.ADDRESS]))
        self.phone.setText(str(row[m.PHONE]))
        self.rank.setCurrentText(str(row[m.RANK]))
        minutes = float(row[m.SERVICE_MINUTES])
        self.minutes.setValue(round(minutes) if np.isfinite(minutes) else 0)
        self.sales.setText(sales_text(float(row[m.SALES])))
        self.ok_button.setEnabled(bool(self.name.text().strip()))
        self._shown = self._form_values()

    def _form_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {k: self._line(k).text().strip() for k in _TEXTS}
        values[m.RANK] = self.rank.currentText().strip()
        values[m.SERVICE_MINUTES] = self.minutes.value() or None
        return values

    def _line(self, key: str) -> QLineEdit:
        line = getattr(self, {m.NAME_KANA: "name_kana"}.get(key, key))
        assert isinstance(line, QLineEdit)
        return line

    def _on_rank_currentTextChanged(self, text: str) -> None:
        """Say before Save what a new rank does to the frequency, as the edit (and Set rank)
        decides it (:func:`rank_frequencies`): one that follows the rules takes the new rank's;
        one set by hand, the list's own or without a rule for the new rank stays."""
        s, row = self._plan.settings, self._row
        rank = typed_rank(text)
        now = float(row[m.FREQUENCY])
        note = ""
        if rank != typed_rank(str(row[m.RANK])):
            (freq,), (kind,) = rank_frequencies(self._plan, (self.customer_id,), rank)
            rules = {normalise_rank(k): float(v) for k, v in s.frequency_by_rank.items()}
            rule = rules.get(normalise_rank(rank))
            if kind == UNSET:  # no frequency of its own: the calendar takes the rank's rule
                freq = rule if rule is not None else np.nan
                now = float(rules.get(normalise_rank(str(row[m.RANK])), s.default_frequency))
            if kind in (RULE, UNSET) and np.isfinite(freq) and abs(freq - now) > 1e-9:
                note = tr("By the frequency rules, the visit frequency becomes {freq}.",
                          freq=frequency_words(freq))
            elif kind == NO_RULE and rank:
                note = tr("Rank {rank} has no frequency rule: the visit frequency stays.",
                          rank=rank)
            elif kind in (HAND_SET, OWN) and rule is not None and abs(now - rule) > 1e-9:
                note = tr(
                    "The visit frequency stays {now} (rank {rank}'s rule: {rule}); Frequency "
                    "rules… in the Schedule menu applies the rules again.",
                    now=frequency_words(now), rank=rank, rule=frequency_words(rule))
        self.rank_note.setText(note)
        if bool(note) != self.rank_note.isVisibleTo(self):
            self.rank_note.setVisible(bool(note))
            self._fit_height()

    def _fit_height(self) -> None:
        """The shown window to the height its rows now need: a wrapped note (three lines in
        Japanese) would else be squeezed into one line, its end cut off; gone, it leaves no
        gap."""
        layout = self.layout()
        if layout is None or not self.isVisible():
            return
        layout.activate()
        self.resize(self.width(), layout.totalHeightForWidth(self.width()))

    def address_changed(self) -> bool:
        """Editing: an address other than the customer's was typed."""
        return bool(self._shown) and self.address.text().strip() != self._shown[m.ADDRESS]

    def _on_address_textChanged(self, text: str) -> None:
        usable = bool(text.strip()) and self.provider.count() > 0
        if self.customer_id:  # the customer's own address needs no search
            usable = usable and self.address_changed()
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

    def edit(self) -> Edit:
        """The :class:`AddCustomer`, or editing the :class:`EditCustomer` of the details
        changed in the form (the others as the customer has them)."""
        values = self._form_values()
        if self.customer_id:
            changed = {k: v for k, v in values.items() if v != self._shown[k]}
            return EditCustomer.of(self.customer_id, **changed)
        territory = self.territory.currentData()
        fields = {
            m.CUSTOMER_ID: self.code.text().strip(),
            **values,
            m.FREQUENCY: self.frequency.currentData(),
        }
        return AddCustomer.of(None if territory == NEAREST else str(territory), **fields)

    def accept(self) -> None:
        """Close only with values the edit takes: a refusal is said, the form stays."""
        try:
            apply_edit(self._plan, self.edit())
        except PlannerError as exc:
            self.show_refusal(str(exc))
            return
        super().accept()

    def show_refusal(self, text: str) -> None:
        """Say why the values were refused (tests replace this)."""
        QMessageBox.warning(self, self.windowTitle(), text)
