"""Build calendar: cycle weeks, working days and day length; runs ``build_schedule`` in the worker.

The result replaces the plan as ONE undo step; Cancel leaves the plan as it was.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner._schedule_dates import first_monday
from planner._schedule_from import rebuild_from, reps_to_rebuild, today_inside
from planner.build_report import BuildReport, build_report_items
from planner.build_report import build_report as build_report  # the tests' and callers' name
from planner.days_off import days_off_label, reread_days_off
from planner.edits import Changes, ReplacePlan
from planner.errors import PlannerError
from planner.export.common import day_label
from planner.i18n import language, listing, prepare_retranslate, tr, trn
from planner.rep_days import own_days_note, rep_name
from planner.schedule import build_schedule
from planner.ui.document import PlanDocument
from planner.ui.wide_input import DateBox, accept_wide_digits
from planner.ui.workers import Task, run_task

DAY_TITLES = m.WEEKDAY_TITLES


def _start_date(stored: str) -> QDate:
    """The stored start date, else next Monday (a cycle starts on a Monday)."""
    if stored:
        date = QDate.fromString(stored, "yyyy-MM-dd")
        if date.isValid():
            return date
    today = QDate.currentDate()
    return today.addDays((8 - today.dayOfWeek()) % 7 or 7)


class DayChecks(QWidget):
    """One check box per weekday."""

    def __init__(self, days: tuple[str, ...], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for day in m.WEEKDAYS:
            box = QCheckBox(tr(DAY_TITLES[day]), self)
            box.setChecked(day in days)
            self.boxes[day] = box
            layout.addWidget(box)

    def days(self) -> tuple[str, ...]:
        return tuple(d for d, box in self.boxes.items() if box.isChecked())


class ScheduleDialog(QDialog):
    """Options and Build; ``built`` once the new calendar is in the plan."""

    built = Signal()
    runCancelled = Signal()
    runFailed = Signal(str)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None, *,
                 today: dt.date | None = None):
        super().__init__(parent)
        self.doc = document
        self.today = dt.date.today() if today is None else today  # set by tests
        self.task: Task | None = None
        s = document.plan.settings
        self.setWindowTitle(tr("Build calendar"))
        self.weeks = QSpinBox(self)
        self.weeks.setRange(1, 52)
        self.weeks.setValue(s.cycle_weeks)
        self.day_checks = DayChecks(s.working_days, self)
        self.hours = QDoubleSpinBox(self)
        self.hours.setObjectName("schedule_day_hours")
        self.hours.setRange(1.0, 16.0)
        # 8.0 時間, as the Working time dialog shows a rep's day (7.75 kept as it is)
        self.hours.setDecimals(1 if round(s.day_hours, 1) == s.day_hours else 2)
        self.hours.setSingleStep(0.5)
        self.hours.setSuffix(tr(" h"))
        self.hours.setValue(s.day_hours)
        # real dates: week 1's Monday; public holidays and the reps' days off then move visits
        self.dated = QCheckBox(tr("Week 1 begins on"), self)
        self.dated.setObjectName("schedule_dated")
        self.start = DateBox(self)
        self.start.setObjectName("schedule_start")
        self.start.setCalendarPopup(True)
        # the day with its weekday beside it, as the calendar and the route sheets write it:
        # 2026/12/07(月) (a weekday inside the box stopped it taking a date typed whole)
        self.start.setDisplayFormat("yyyy/MM/dd" if language() == "ja" else "yyyy-MM-dd")
        self.start_day = QLabel("", self)
        self.start_day.setObjectName("schedule_start_day")
        self.start.setKeyboardTracking(False)  # snapped to its Monday once typed, not per key
        self.start.setDate(_start_date(s.start_date))
        # the calendar runs in whole weeks from a Monday: another day snaps to its week's Monday
        self.start_note = QLabel("", self)
        self.start_note.setObjectName("schedule_start_note")
        self._snapping = False
        self.start.dateChanged.connect(self._on_start_dateChanged)
        self._on_start_dateChanged(self.start.date())
        self.start.dateChanged.connect(self._show_start_day)
        self._show_start_day()
        self.holidays = QCheckBox(tr("Move visits off public holidays"), self)
        self.holidays.setObjectName("schedule_holidays")
        self.holidays.setChecked(s.skip_holidays)
        # the company's days off (年末年始, お盆): no rep visits on them
        self.company = QLineEdit(days_off_label(s.company_days_off), self)
        self.company.setObjectName("schedule_company_days_off")
        self.company.setPlaceholderText(tr("e.g. 12/29–1/3, 8/13–8/16"))
        self.company.setToolTip(
            tr("Days no rep works (year-end, Obon). Their visits move to another day of the "
               "week, or a week earlier or later for customers seen less often.")
        )
        self.dated.setChecked(bool(s.start_date))
        for widget in (self.start, self.start_day, self.holidays, self.company):
            widget.setEnabled(bool(s.start_date))
            self.dated.toggled.connect(widget.setEnabled)
        self.dated.setToolTip(
            tr("With a start date the calendar has real dates: visits on public holidays and "
               "on a rep's days off move to another day of the same week.")
        )
        # next month: week 1 moves to the week after the present calendar's last one
        self.next_period = QPushButton(tr("Next period"), self)
        self.next_period.setObjectName("schedule_next_period")
        self.next_period.setToolTip(
            tr("Start the calendar the week after the present one ends; keeping the visit "
               "days, every customer stays on its day and the rhythm of its dates.")
        )
        self.next_period.clicked.connect(self.go_to_next_period)
        self.next_period.setEnabled(self._next_start() is not None)
        dates = QHBoxLayout()
        dates.addWidget(self.dated)
        dates.addWidget(self.start)
        dates.addWidget(self.start_day)
        dates.addWidget(self.start_note)
        dates.addWidget(self.next_period)
        dates.addWidget(self.holidays, 1)
        form = QFormLayout()
        form.addRow(tr("Cycle (weeks)"), self.weeks)
        form.addRow(tr("Working days"), self.day_checks)
        form.addRow(tr("Working hours per day"), self.hours)
        form.addRow(tr("Dates"), dates)
        form.addRow(tr("Company days off"), self.company)
        has_calendar = document.plan.schedule is not None and not document.plan.schedule.empty
        self.keep = QCheckBox(
            tr("Keep each customer's visit day and week; place only new and changed customers"),
            self,
        )
        self.keep.setObjectName("schedule_keep_days")
        self.keep.setToolTip(
            tr("Customers know their day. Customers that moved to another rep, changed how "
               "often they are visited or can no longer be seen on their day are placed anew; "
               "the others stay where the present calendar has them.")
        )
        # in route sales a customer's day is a promise: keep it unless asked not to
        self.keep.setChecked(has_calendar)
        self.keep.setEnabled(has_calendar)
        form.addRow(self.keep)
        self._add_partial(form, has_calendar)
        # Tab follows the row of dates as it shows: the date, Next period, then the holidays
        for a, b in ((self.dated, self.start), (self.start, self.next_period),
                     (self.next_period, self.holidays), (self.holidays, self.company),
                     (self.company, self.keep), (self.keep, self.keep_past),
                     (self.keep_past, self.only_rep)):
            QWidget.setTabOrder(a, b)
        self.report = ""  # after a build: its whole report (the box beside the calendar)
        self.report_items: BuildReport | None = None  # and its items: the red ones, the status's
        buttons = QDialogButtonBox(self)
        self.build_button = buttons.addButton(tr("Build"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.build_button.clicked.connect(self.run)
        cancel = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(tr("Cancel"))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        # the working days above are the plan's; reps with their own keep theirs
        self.own_days_note = QLabel(own_days_note(document.plan), self)
        self.own_days_note.setObjectName("scheduleOwnDaysNote")
        self.own_days_note.setWordWrap(True)
        self.own_days_note.setVisible(bool(self.own_days_note.text()))
        layout.addWidget(self.own_days_note)
        layout.addWidget(buttons)
        accept_wide_digits(self)  # １２ typed in a number box

    def _add_partial(self, form: QFormLayout, has_calendar: bool) -> None:
        """Mid-cycle (a rep off sick today): keep the days already past, and rebuild only
        the reps whose working time or customers changed since the build; both ticked when
        they apply."""
        plan = self.doc.plan
        today = self.today
        self.keep_past = QCheckBox(tr("Keep the days before today ({date}) as they are",
                                      date=f"{today.month}/{today.day}"), self)
        self.keep_past.setObjectName("schedule_keep_past")
        self.keep_past.setToolTip(tr("Those visits happened: their customers, order and times "
                                     "stay exactly as they are; only the days from today on "
                                     "are built again."))
        self.past_offered = has_calendar and today_inside(plan, today)
        self.concerned = reps_to_rebuild(plan) if has_calendar else ()
        reps = listing(rep_name(plan.territory(t)) for t in self.concerned)
        self.only_rep = QCheckBox(trn("Build again only {reps}'s calendar",
                                      "Build again only the calendars of {reps}",
                                      len(self.concerned), reps=reps), self)
        self.only_rep.setObjectName("schedule_only_rep")
        self.only_rep.setToolTip(trn(
            "{reps}'s working time (days, hours, home base, days off) or customers changed "
            "since the calendar was built; the other reps' calendars stay exactly as they are.",
            "The working time (days, hours, home base, days off) or the customers of {reps} "
            "changed since the calendar was built; the other reps' calendars stay exactly as "
            "they are.", len(self.concerned), reps=reps))
        self.only_offered = 0 < len(self.concerned) < len(plan.territories)
        for box, offered in ((self.keep_past, self.past_offered),
                             (self.only_rep, self.only_offered)):
            box.setChecked(offered)
            box.setEnabled(self.keep.isChecked())
            self.keep.toggled.connect(box.setEnabled)  # they keep the days, or mean nothing
            form.addRow(box)
        # both keep part of THIS calendar: another start (Next period: January from 1/4),
        # cycle or working days builds a new one, and they are put away (left ticked, the
        # build of next month stopped on 「同じ開始日・週数・稼働日で…」)
        self.start.dateChanged.connect(self._show_partial)
        self.dated.toggled.connect(self._show_partial)
        self.weeks.valueChanged.connect(self._show_partial)
        for day_box in self.day_checks.boxes.values():
            day_box.toggled.connect(self._show_partial)
        self._show_partial()

    def same_calendar(self) -> bool:
        """Whether the dialog's start, cycle and working days are the present calendar's."""
        s = self.doc.plan.settings
        start = self.start.date().toString("yyyy-MM-dd") if self.dated.isChecked() else ""
        return (start == (s.start_date or "") and self.weeks.value() == s.cycle_weeks
                and set(self.day_checks.days()) == set(s.working_days))

    def _show_partial(self, *_args: object) -> None:
        """Offer keeping the past and rebuilding one rep only while the calendar is the same."""
        same = self.same_calendar()
        shown = (self.keep_past.isVisibleTo(self), self.only_rep.isVisibleTo(self))
        self.keep_past.setVisible(self.past_offered and same)
        self.only_rep.setVisible(self.only_offered and same)
        if self.isVisible() and shown != (self.keep_past.isVisibleTo(self),
                                          self.only_rep.isVisibleTo(self)):
            self.layout().activate()  # the rows' new height, then the dialog's
            self.adjustSize()  # no blank rows left where the two were (nor cut when back)

    def _partial(self) -> tuple[dt.date | None, list[str] | None]:
        """The first day built again and the territories built again (None: all)."""
        keep = self.keep.isEnabled() and self.keep.isChecked() and self.same_calendar()
        since = self.today if keep and self.past_offered and self.keep_past.isChecked() else None
        only = (list(self.concerned) if keep and self.only_offered and self.only_rep.isChecked()
                else None)
        return since, only

    def _next_start(self) -> QDate | None:
        """The Monday after the present dated calendar's last week (None without one)."""
        plan = self.doc.plan
        first = first_monday(plan.settings)
        if first is None or plan.schedule is None or plan.schedule.empty:
            return None
        weeks = int(plan.meta.get("schedule_weeks") or plan.schedule["week"].max())
        start = first + dt.timedelta(weeks=weeks)
        return QDate(start.year, start.month, start.day)

    def _on_start_dateChanged(self, date: QDate) -> None:  # noqa: N802 - Qt's naming
        """A day other than Monday becomes the Monday of its week, and the note says so
        (visits are never planned on days before week 1 shown as if they came after it)."""
        if self._snapping:
            return
        if date.dayOfWeek() == 1:
            self.start_note.setText("")
            return
        self.start_note.setText(tr("(the week of {date}: calendars begin on a Monday)",
                                   date=f"{date.month()}/{date.day()}"))
        self._snapping = True
        try:
            self.start.setDate(date.addDays(1 - date.dayOfWeek()))
        finally:
            self._snapping = False

    def _show_start_day(self, *_args: object) -> None:
        """The weekday after the date box, ``(月)``: of the date it shows, once snapped to
        its Monday."""
        day = self.start.date().dayOfWeek()
        self.start_day.setText(f"({day_label(m.WEEKDAYS[day - 1])})")

    def go_to_next_period(self) -> None:
        """Set week 1 to the week after the present calendar, keeping the customers' days."""
        start = self._next_start()
        if start is None:
            return
        self.dated.setChecked(True)
        self.start.setDate(start)
        if self.keep.isEnabled():
            self.keep.setChecked(True)

    def run(self) -> Task | None:
        days = self.day_checks.days()
        if not days:
            QMessageBox.warning(self, self.windowTitle(), tr("Choose at least one working day."))
            return None
        plan = self.doc.plan
        start = self.start.date().toString("yyyy-MM-dd") if self.dated.isChecked() else ""
        settings = dataclasses.replace(
            plan.settings, start_date=start, skip_holidays=self.holidays.isChecked()
        )
        if start:  # dates without a year count from week 1
            try:  # the stored days off keep their dates; new ones count from week 1
                off = reread_days_off(self.company.text(), plan.settings.company_days_off,
                                      start=first_monday(settings))
            except PlannerError as exc:
                QMessageBox.warning(self, self.windowTitle(), str(exc))
                return None
            settings = dataclasses.replace(settings, company_days_off=off)
        plan = plan.replace(settings=settings)
        options = {
            "weeks": self.weeks.value(),
            "days": days,
            "day_hours": self.hours.value(),
            "keep_days": self.keep.isEnabled() and self.keep.isChecked(),
        }
        self.build_button.setEnabled(False)
        since, only = self._partial()

        def work(progress: Any) -> m.Plan:
            if since is not None or only is not None:  # the past and the other reps stay
                options.pop("keep_days")
                built = rebuild_from(plan, since=since, only=only, progress=progress, **options)
            else:
                built = build_schedule(plan, progress=progress, **options)
            # the patterns that show the calendar's stored notes, made here: the first
            # calendar of a session froze the window 0.5–2 s after the progress had gone
            prepare_retranslate()
            return built

        self.task = run_task(
            self, tr("Building the calendar…"), work, on_done=self._on_done, on_error=self._on_error
        )
        self.task.cancelled.connect(self._on_cancelled)
        return self.task

    def _on_done(self, plan: m.Plan) -> None:
        self.report_items = build_report_items(plan)
        self.report = self.report_items.text()
        changes = Changes(schedule=True, settings=True)
        self.doc.push(ReplacePlan(plan, label=tr("Build calendar"), changes=changes))
        self.built.emit()
        self.accept()

    def _on_cancelled(self) -> None:
        self.build_button.setEnabled(True)
        self.runCancelled.emit()  # the window says so: the plan is as it was

    def _on_error(self, message: str, _user_error: bool) -> None:
        self.build_button.setEnabled(True)
        self.runFailed.emit(message)
        if self.isVisible():
            QMessageBox.warning(self, self.windowTitle(), message)
