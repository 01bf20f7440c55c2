"""Working time of one rep: weekly hours, and the plan's working days or the rep's own.

The weekly hours are the rep's capacity (the Territories dock's capacity figures, and the
rep's share when the design shares the work by capacity); the days are the plan's or the
rep's own (Mon–Thu, Tue/Thu, + Sat…). OK gives :meth:`WorkingDaysDialog.edit`: one undo step
(:class:`planner.edits.SetWorkingDays` — the calendar becomes stale —,
:class:`planner.edits.SetCapacity`, or one :class:`planner.edits.UpdateTerritory` for both),
or None when nothing changed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.edits import Edit, SetCapacity, SetWorkingDays, UpdateTerritory
from planner.i18n import tr
from planner.rep_days import days_label, rep_title
from planner.ui.schedule_dialog import DayChecks


class WorkingDaysDialog(QDialog):
    """Weekly hours, and "same as the plan" or one check box per weekday, for one rep."""

    def __init__(self, plan: m.Plan, territory_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.territory = plan.territory(territory_id)
        plan_days = tuple(plan.settings.working_days)
        own = tuple(self.territory.working_days)
        self.setWindowTitle(tr("Working time of {rep}", rep=rep_title(self.territory)))
        self.hours = QDoubleSpinBox(self)
        self.hours.setObjectName("working_hours")
        self.hours.setRange(0.5, 168.0)
        self.hours.setDecimals(1)
        self.hours.setSingleStep(1.0)
        self.hours.setSuffix(tr(" h a week"))
        self.hours.setValue(float(self.territory.capacity_hours))
        self.hours.setToolTip(
            tr("The hours this rep can work a week: the capacity figures use them, and an "
               "automatic design that shares the work by capacity gives a rep with fewer "
               "hours a smaller territory.")
        )
        hours_form = QFormLayout()
        hours_form.addRow(tr("Weekly hours"), self.hours)
        intro = QLabel(
            tr("The weekdays this rep visits customers. The calendar uses them when it is "
               "built again."),
            self,
        )
        intro.setWordWrap(True)
        self.same = QRadioButton(
            tr("Same as the plan ({days})", days=days_label(plan_days)), self
        )
        self.same.setObjectName("working_days_same")
        self.own = QRadioButton(tr("Own working days:"), self)
        self.own.setObjectName("working_days_own")
        group = QButtonGroup(self)
        group.addButton(self.same)
        group.addButton(self.own)
        self.day_checks = DayChecks(own or plan_days, self)
        self.day_checks.layout().setContentsMargins(22, 0, 0, 6)  # under "Own working days"
        (self.own if own else self.same).setChecked(True)
        self.day_checks.setEnabled(bool(own))
        self.own.toggled.connect(self.day_checks.setEnabled)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(hours_form)
        layout.addWidget(intro)
        layout.addWidget(self.same)
        layout.addWidget(self.own)
        layout.addWidget(self.day_checks)
        layout.addWidget(buttons)

    def days(self) -> tuple[str, ...]:
        """The chosen own days, () for the plan's days."""
        return self.day_checks.days() if self.own.isChecked() else ()

    def edit(self) -> Edit | None:
        """The edit the dialog asks for, None when the rep's hours and days stay as they are."""
        tid = self.territory.id
        days = self.days()
        hours = round(float(self.hours.value()), 1)
        new_days = days != tuple(self.territory.working_days)
        new_hours = abs(hours - round(float(self.territory.capacity_hours), 1)) > 1e-9
        if new_days and new_hours:
            return UpdateTerritory.of(tid, capacity_hours=hours, working_days=days)
        if new_hours:
            return SetCapacity(tid, hours)
        return SetWorkingDays(tid, days) if new_days else None

    def _on_buttons_accepted(self) -> None:
        if self.own.isChecked() and not self.day_checks.days():
            QMessageBox.warning(self, self.windowTitle(), tr("Choose at least one working day."))
            return
        self.accept()
