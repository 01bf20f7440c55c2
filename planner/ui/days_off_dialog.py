"""*Set days off…* (休みを登録…): a rep off for a run of days, from–to, in one step.

Opened from a day of the Calendar dock (right-click), with the rep shown and the day or the
days selected filled in. The line under the fields says beforehand what OK does: how many
days become days off (or working days again) and which are left as they are (the company's
days, public holidays, days off already); OK is one undo step
(:class:`planner.edits.SetDaysOff`) and the status bar says the same sentence as the grid's
range action.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMenu,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner._days_off_edits import (
    DaysOffRange,
    date_range,
    kept_text,
    nothing_text,
    plan_days_off,
)
from planner.days_off import days_off_label
from planner.i18n import sentences, tr, trn
from planner.rep_days import rep_name
from planner.ui.calendar_day_off import set_days_off
from planner.ui.document import PlanDocument


def _qdate(date: dt.date) -> QDate:
    return QDate(date.year, date.month, date.day)


def _date(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())


class DaysOffDialog(QDialog):
    """Rep, first and last day, off or working again; a line saying what OK will do."""

    def __init__(
        self, document: PlanDocument, territory_id: str, first: dt.date, last: dt.date,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("daysOffDialog")
        self.setWindowTitle(tr("Set days off"))
        self._doc = document
        self.rep_combo = QComboBox(self)
        for t in document.plan.territories:
            self.rep_combo.addItem(rep_name(t), t.id)
        self.rep_combo.setCurrentIndex(max(0, self.rep_combo.findData(territory_id)))
        self.first_edit = QDateEdit(_qdate(first), self)
        self.last_edit = QDateEdit(_qdate(last), self)
        for edit in (self.first_edit, self.last_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy/MM/dd (ddd)")
        self.off_radio = QRadioButton(tr("Day off (sick, training…)"), self)
        self.back_radio = QRadioButton(tr("Working day again (take the days off back)"), self)
        self.off_radio.setChecked(True)
        self.preview = QLabel(self)
        self.preview.setObjectName("daysOffPreview")
        self.preview.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(tr("Rep"), self.rep_combo)
        form.addRow(tr("From"), self.first_edit)
        form.addRow(tr("To"), self.last_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.off_radio)
        layout.addWidget(self.back_radio)
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        self.rep_combo.currentIndexChanged.connect(lambda _i: self._on_fields_changed())
        self.first_edit.dateChanged.connect(lambda _d: self._on_fields_changed())
        self.last_edit.dateChanged.connect(lambda _d: self._on_fields_changed())
        self.off_radio.toggled.connect(lambda _on: self._on_fields_changed())
        self._on_fields_changed()
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 60)

    def days(self) -> DaysOffRange:
        """The days OK sets, and those it leaves, for the fields as they are."""
        dates = date_range(_date(self.first_edit.date()), _date(self.last_edit.date()))
        return plan_days_off(self._doc.plan, str(self.rep_combo.currentData()), dates,
                             off=self.off_radio.isChecked())

    def _on_fields_changed(self) -> None:
        days = self.days()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(days.dates))
        if not days.dates:
            self.preview.setText(nothing_text(days))
            return
        n, dates = len(days.dates), days_off_label(days.dates, weekdays=True)
        head = (trn("OK makes {dates} a day off ({n} day).",
                    "OK makes {dates} days off ({n} days).", n, dates=dates) if days.off
                else trn("OK makes {dates} a working day again ({n} day).",
                         "OK makes {dates} working days again ({n} days).", n, dates=dates))
        self.preview.setText(sentences(head, kept_text(days.kept)))


def open_days_off_dialog(
    document: PlanDocument, territory_id: str, dates: tuple[str, ...], parent: QWidget | None,
    *, said: Callable[[str], None],
) -> DaysOffDialog:
    """Open the dialog (not blocking) for ``territory_id`` with the span of ``dates`` (ISO)
    filled in; OK sets the days as one undo step and hands ``said`` the sentence."""
    first, last = dt.date.fromisoformat(dates[0]), dt.date.fromisoformat(dates[-1])
    dialog = DaysOffDialog(document, territory_id, first, last, parent)

    def accepted() -> None:
        note = set_days_off(document, dialog.days(), parent)
        if note:
            said(note)

    dialog.accepted.connect(accepted)
    dialog.finished.connect(lambda _r: dialog.deleteLater())
    dialog.open()
    return dialog


def add_dialog_action(
    menu: QMenu, document: PlanDocument, territory_id: str, dates: tuple[str, ...],
    *, said: Callable[[str], None],
) -> QAction | None:
    """Add *Set days off…* for ``dates`` (the day or days chosen) to a day's menu; None on an
    undated calendar or a territory the plan no longer has."""
    if not dates or territory_id not in document.plan.territory_ids:
        return None
    action = menu.addAction(tr("Set days off…"))
    action.setObjectName("calendar_days_off_dialog")
    parent = menu.parentWidget()
    action.triggered.connect(
        lambda: open_days_off_dialog(document, territory_id, dates, parent, said=said))
    return action
