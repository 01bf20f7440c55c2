"""Working days of one rep: the plan's working days, or the rep's own (Mon–Thu, Tue/Thu, + Sat…).

OK gives :meth:`WorkingDaysDialog.edit`: one :class:`planner.edits.SetWorkingDays` (one undo
step, the calendar becomes stale) or None when nothing changed.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.edits import SetWorkingDays
from planner.i18n import tr
from planner.rep_days import days_label, rep_title
from planner.ui.schedule_dialog import DayChecks


class WorkingDaysDialog(QDialog):
    """"Same as the plan" or one check box per weekday, for one territory's rep."""

    def __init__(self, plan: m.Plan, territory_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.territory = plan.territory(territory_id)
        plan_days = tuple(plan.settings.working_days)
        own = tuple(self.territory.working_days)
        self.setWindowTitle(tr("Working days of {rep}", rep=rep_title(self.territory)))
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
        layout.addWidget(intro)
        layout.addWidget(self.same)
        layout.addWidget(self.own)
        layout.addWidget(self.day_checks)
        layout.addWidget(buttons)

    def days(self) -> tuple[str, ...]:
        """The chosen own days, () for the plan's days."""
        return self.day_checks.days() if self.own.isChecked() else ()

    def edit(self) -> SetWorkingDays | None:
        """The edit the dialog asks for, None when the rep's days stay as they are."""
        days = self.days()
        if days == tuple(self.territory.working_days):
            return None
        return SetWorkingDays(self.territory.id, days)

    def _on_buttons_accepted(self) -> None:
        if self.own.isChecked() and not self.day_checks.days():
            QMessageBox.warning(self, self.windowTitle(), tr("Choose at least one working day."))
            return
        self.accept()
