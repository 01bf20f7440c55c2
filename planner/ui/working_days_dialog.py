"""Working time of one rep: weekly hours, hours a day, and the plan's working days or their own.

The weekly hours are the rep's capacity (the Territories dock's capacity figures, and the
rep's share when the design shares the work by capacity); the hours a day are the plan's or
the rep's own longest day (a part-timer's 5 h: the calendar plans no longer day); the days
are the plan's or the rep's own (Mon–Thu, Tue/Thu, + Sat…); the days off are dates the rep
does not work (12/24, 12/28〜1/4: the calendar moves those days' visits). OK gives :meth:`WorkingDaysDialog.edit`: one undo step
(:class:`planner.edits.SetWorkingDays` — the calendar becomes stale —,
:class:`planner.edits.SetCapacity`, or one :class:`planner.edits.UpdateTerritory` for both),
or None when nothing changed.
"""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner._schedule_dates import first_monday
from planner.days_off import days_off_label, reread_days_off
from planner.edits import Edit, SetCapacity, SetWorkingDays, UpdateTerritory
from planner.errors import PlannerError
from planner.i18n import tr
from planner.rep_days import days_label, rep_name
from planner.ui.schedule_dialog import DayChecks
from planner.ui.wide_input import accept_wide_digits


class WorkingDaysDialog(QDialog):
    """Weekly hours, and "same as the plan" or one check box per weekday, for one rep."""

    def __init__(self, plan: m.Plan, territory_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.territory = plan.territory(territory_id)
        self.start = first_monday(plan.settings)
        plan_days = tuple(plan.settings.working_days)
        own = tuple(self.territory.working_days)
        self.setWindowTitle(tr("Working time of {rep}", rep=rep_name(self.territory)))
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
        self.day_hours = QDoubleSpinBox(self)
        self.day_hours.setObjectName("working_day_hours")
        self.day_hours.setRange(0.0, 24.0)  # 0 = the plan's day
        self.day_hours.setDecimals(1)
        self.day_hours.setSingleStep(0.5)
        self.day_hours.setSuffix(tr(" h"))
        self.day_hours.setSpecialValueText(
            tr("Same as the plan ({hours:g} h)", hours=plan.settings.day_hours)
        )
        self.day_hours.setValue(float(self.territory.day_hours or 0.0))
        self.day_hours.setToolTip(
            tr("The longest day this rep works (a part-timer's 5 hours, say). The calendar "
               "never plans a longer day for them when it is built again.")
        )
        # the rep's own start of the day (a part-timer from 10:00), else the plan's
        plan_start = plan.settings.day_start
        self.own_start = QCheckBox(tr("Own start (the plan's: {time})", time=plan_start), self)
        self.own_start.setObjectName("own_day_start")
        self.start_time = QTimeEdit(
            QTime.fromString(self.territory.day_start or plan_start, "HH:mm"), self
        )
        self.start_time.setDisplayFormat("HH:mm")
        self.own_start.setChecked(bool(self.territory.day_start))
        self.start_time.setEnabled(bool(self.territory.day_start))
        self.own_start.toggled.connect(self.start_time.setEnabled)
        start_row = QHBoxLayout()
        start_row.addWidget(self.own_start)
        start_row.addWidget(self.start_time)
        start_row.addStretch(1)
        self.days_off = QLineEdit(days_off_label(self.territory.days_off), self)
        self.days_off.setObjectName("days_off")
        self.days_off.setPlaceholderText(tr("e.g. 12/24, 12/28–1/4"))
        self.days_off.setToolTip(
            tr("Dates this rep does not work (leave, training). The calendar moves those "
               "days' visits to other days of the same week when it is built again; it "
               "needs the calendar's start date (Build calendar…).")
        )
        hours_form = QFormLayout()
        hours_form.addRow(tr("Weekly hours"), self.hours)
        hours_form.addRow(tr("Hours a day"), self.day_hours)
        hours_form.addRow(tr("Day starts at"), start_row)
        hours_form.addRow(tr("Days off"), self.days_off)
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
        accept_wide_digits(self)  # １２ typed in a number box

    def days(self) -> tuple[str, ...]:
        """The chosen own days, () for the plan's days."""
        return self.day_checks.days() if self.own.isChecked() else ()

    def own_day_hours(self) -> float | None:
        """The rep's own longest day in hours, None for the plan's."""
        value = round(float(self.day_hours.value()), 1)
        return value if value > 0 else None

    def days_off_dates(self) -> tuple[str, ...]:
        """The typed days off as ISO dates (raises PlannerError on one that is not a date)."""
        # the stored days off keep their dates (12/24 stays 2026's in January's calendar)
        return reread_days_off(self.days_off.text(), self.territory.days_off, start=self.start)

    def edit(self) -> Edit | None:
        """The edit the dialog asks for (one undo step), None when nothing changes."""
        t = self.territory
        values: dict[str, object] = {}
        hours = round(float(self.hours.value()), 1)
        if abs(hours - round(float(t.capacity_hours), 1)) > 1e-9:
            values["capacity_hours"] = hours
        if self.days() != tuple(t.working_days):
            values["working_days"] = self.days()
        if self.own_day_hours() != (round(float(t.day_hours), 1) if t.day_hours else None):
            values["day_hours"] = self.own_day_hours()
        start = self.start_time.time().toString("HH:mm") if self.own_start.isChecked() else ""
        if start != t.day_start:
            values["day_start"] = start
        off = self.days_off_dates()
        if off != tuple(t.days_off):
            values["days_off"] = off
        if set(values) == {"capacity_hours"}:
            return SetCapacity(t.id, hours)
        if set(values) == {"working_days"}:
            return SetWorkingDays(t.id, self.days())
        return UpdateTerritory.of(t.id, **values) if values else None

    def _on_buttons_accepted(self) -> None:
        if self.own.isChecked() and not self.day_checks.days():
            QMessageBox.warning(self, self.windowTitle(), tr("Choose at least one working day."))
            return
        try:
            self.days_off_dates()
        except PlannerError as exc:
            QMessageBox.warning(self, self.windowTitle(), str(exc))
            return
        self.accept()
