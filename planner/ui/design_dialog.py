"""Auto-design: options, a run in the worker (Cancel leaves the plan as it was), before/after, Apply.

The sentences of the balance before and after a run: :mod:`planner.ui.design_figures`.

Apply pushes ONE undo step (``edits.ReplacePlan``); the plan is never touched before that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner._design_changes import RepChanges, rep_changes
from planner._design_join import Joining
from planner._design_result import DesignResult
from planner._design_subset import group_summary, resolve, sub_plan
from planner.edits import ReplacePlan
from planner.i18n import tr
from planner.sizing import Sizing, full_time_hours, reps_needed, sizing_text
from planner.store import save_plan
from planner.territories import balance_summary, capacity_hours, territory_metrics
from planner.ui import design_figures, file_dialogs
from planner.ui.design_changes_view import FlowList, KeepHint
from planner.ui.design_compare import DesignComparison
from planner.ui.design_figures import before_text, empty_text, no_homes_tip, result_text
from planner.ui.design_run import start_design
from planner.ui.document import PlanDocument
from planner.ui.edit_notes import applied_note
from planner.ui.field_grid import scrolled
from planner.ui.file_actions import PLAN_FILTER
from planner.ui.percent_box import PercentBox
from planner.ui.process_task import ProcessTask
from planner.ui.screen_fit import clamp_to_screen, fit_to_screen
from planner.ui.wide_input import accept_wide_digits
from planner.ui.workers import Task, run_task

MEASURE_TITLES = (
    ("workload", "Workload (visits + travel)"),
    ("visits", "Number of visits"),
    ("sales", "Sales"),
    ("customers", "Number of customers"),
)


WHOLE_TITLES = (
    ("", "Customer by customer"),
    ("municipality", "Whole municipalities (市区町村)"),
    ("town", "Whole towns (町名)"),
)


class DesignDialog(QDialog):
    """Options → Run (worker, Cancel) → before/after figures → Apply (one undo step)."""

    designed = Signal(object)  # DesignResult
    runCancelled = Signal()
    runFailed = Signal(str)
    suggested = Signal(object)  # planner.sizing.Sizing
    alternativeSaved = Signal(str)  # the path the designed plan was saved to

    def __init__(
        self,
        document: PlanDocument,
        parent: QWidget | None = None,
        *,
        keep_existing: bool = False,
        only: Sequence[str] | None = None,
        count: int | None = None,
        retire: str | None = None,
        title: str | None = None,
        joining: Joining | None = None,
    ):
        super().__init__(parent)
        self.doc = document
        self.result: DesignResult | None = None
        self.rep_changes: RepChanges | None = None  # the result's customers who change rep
        self.note = ""  # what Apply did ("Rebalanced: moved 34 customers, …")
        self._run_options: dict[str, Any] | None = None  # what the result was designed with
        self._measured: tuple[Any, dict[Any, Any]] = (None, {})  # _metrics' plan and figures
        self.task: Task | ProcessTask | None = None
        # the run in a process of its own (True), a worker thread (False), or by size (None)
        self.in_process: bool | None = None
        # the territories to design among themselves (None: all of them)
        self.only = tuple(only) if only else None
        # a rep who leaves: this territory's customers go to the others of ``only``
        self.retire = retire
        self.joining = joining  # a rep who joins beside a territory (planner._design_join)
        given_title = title
        plan = document.plan
        if retire is not None:
            title = tr("Hand over {name}'s customers", name=plan.territory(retire).name)
        elif self.only and len(self.only) == 1:
            title = tr("Split into balanced territories")
        elif self.only:
            title = tr("Rebalance the selected territories")
        elif keep_existing:
            title = tr("Rebalance territories")
        else:
            title = tr("Auto-design territories")
        self.setWindowTitle(title if given_title is None else given_title)
        self.count = QSpinBox(self)
        self.count.setRange(*design_figures.count_range(plan, self.only, retire, joining))
        self.count.setValue(count or len(self.only or plan.territories) or 8)
        self.balance = QComboBox(self)
        for key, title in MEASURE_TITLES:
            self.balance.addItem(tr(title), key)
        self.balance.setCurrentIndex(max(0, self.balance.findData(plan.settings.balance)))
        self.tolerance = PercentBox(0.5, 50.0, plan.settings.tolerance * 100, self)
        self.use_homes = QCheckBox(tr("Grow territories around the reps' home bases"), self)
        has_homes = any(t.has_home for t in plan.territories)
        self.use_homes.setChecked(has_homes)
        self.use_homes.setEnabled(has_homes)
        if not has_homes:  # greyed out: where the home bases are set
            self.use_homes.setToolTip(no_homes_tip())
        self.keep = QCheckBox(tr("Keep existing assignments where possible"), self)
        self.keep.setChecked(keep_existing)
        hours = capacity_hours(plan.territories, plan.settings)
        fewer = int((hours < hours.max()).sum()) if len(hours) else 0
        self.by_capacity = QCheckBox(
            tr("Share the work in proportion to each rep's weekly hours"), self
        )
        self.by_capacity.setObjectName("design_by_capacity")
        self.by_capacity.setToolTip(
            tr("A rep with fewer weekly hours or working days (Territories dock, right-click → "
               "Working time…) gets a proportionally smaller territory; new territories count "
               "as full-time.")
        )
        # a manager who gave a part-timer fewer hours expects them to get less work
        self.by_capacity.setChecked(plan.settings.balance_by_capacity or fewer > 0)
        self.by_capacity.toggled.connect(self._on_options_changed)
        # a second measure kept within its own tolerance where the boundaries allow
        self.also = QComboBox(self)
        self.also.setObjectName("design_also")
        self.also_tolerance = PercentBox(1.0, 50.0, 10.0, self)
        self.also_tolerance.setObjectName("design_also_tolerance")
        self._fill_also()
        self.balance.currentIndexChanged.connect(self._fill_also)
        self.balance.currentIndexChanged.connect(self._on_options_changed)
        self.also.currentIndexChanged.connect(self._on_options_changed)
        self.also_tolerance.valueChanged.connect(self._on_options_changed)
        form = QFormLayout()
        if self.only:
            chosen = QLabel(design_figures.group_text(plan, self.only, retire, joining), self)
            chosen.setObjectName("design_only")
            chosen.setWordWrap(True)
            chosen.setMinimumWidth(360)
            form.addRow(chosen)
        self.suggest_button = QPushButton(tr("How many reps?"), self)
        self.suggest_button.setObjectName("design_suggest")
        self.suggest_button.setToolTip(
            tr("The fewest reps whose average week, visits and driving, stays within 85 % of a "
               "full week ({hours:g} h)", hours=full_time_hours(plan.settings))
        )
        self.suggest_button.clicked.connect(self.suggest)
        count_row = QHBoxLayout()
        count_row.addWidget(self.count, 1)
        count_row.addWidget(self.suggest_button)
        form.addRow(tr("Number of territories"), count_row)
        form.addRow(tr("Balance"), self.balance)
        form.addRow(tr("Tolerance"), self.tolerance)
        also_row = QHBoxLayout()
        also_row.addWidget(self.also, 1)
        also_row.addWidget(QLabel(tr("within ±"), self))
        also_row.addWidget(self.also_tolerance)
        form.addRow(tr("Also keep even"), also_row)
        self.whole = QComboBox(self)
        self.whole.setObjectName("design_whole")
        for key, title in WHOLE_TITLES:
            self.whole.addItem(tr(title), key)
        self.whole.setToolTip(
            tr("Territories made of whole municipalities (or towns) of the addresses are easy "
               "to name to reps and customers; the balance is coarser.")
        )
        self.whole.currentIndexChanged.connect(self._on_options_changed)
        form.addRow(tr("Areas"), self.whole)
        form.addRow(self.use_homes)
        form.addRow(self.keep)
        form.addRow(self.by_capacity)
        if fewer:
            note = QLabel(
                tr("{n} of {total} reps work fewer hours than the others.", n=fewer,
                   total=len(hours)),
                self,
            )
            note.setContentsMargins(22, 0, 0, 0)
            form.addRow(note)
        self.figures = QLabel(self)
        self.figures.setObjectName("design_figures")
        self.figures.setWordWrap(True)
        # 最大偏差 and 変動係数 are a statistician's words: what they measure, on hover
        self.figures.setToolTip(tr(
            "Largest deviation: how far the rep furthest from the average is from it (0 % = "
            "all equal). CV (coefficient of variation): how widely all reps spread around the "
            "average. The smaller both are, the fairer the split."))
        self.comparison = DesignComparison(self)
        self.keep_hint = KeepHint(self)  # many customers change rep: keep them?
        self.keep_hint.keepAndRun.connect(self._keep_and_run)
        self.flows = FlowList(self)  # who hands customers to whom
        self.run_button = QPushButton(tr("Run"), self)
        self.run_button.clicked.connect(self.run)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        # the design kept as its own plan file (別案), to weigh against the open plan
        self.save_button = buttons.addButton(tr("Save as an alternative…"),
                                             QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button.setObjectName("design_save_alternative")
        self.save_button.setToolTip(tr("Save the designed plan as another file, leaving the open "
                                       "plan as it is (File → Compare with another plan… puts "
                                       "them side by side)"))
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self._on_save_clicked)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(tr("Close"))
        close.clicked.connect(self.reject)
        # any option changed after a run: that result is not the one to apply
        self.count.valueChanged.connect(self._on_options_changed)
        self.tolerance.valueChanged.connect(self._on_options_changed)
        self.use_homes.toggled.connect(self._on_options_changed)
        self.keep.toggled.connect(self._on_options_changed)
        # Tab follows the screen: the count and its button, then the rows down, then Run
        chain = [self.count, self.suggest_button, self.balance, self.tolerance, self.also,
                 self.also_tolerance, self.whole, self.use_homes, self.keep, self.by_capacity,
                 self.run_button]
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        # the options and the result scroll on a low screen (1280×720 at 150 %); the
        # buttons stay in sight
        body = QWidget(self)
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(form)
        body_layout.addWidget(self.run_button)
        body_layout.addWidget(self.figures)
        body_layout.addWidget(self.keep_hint)
        # a taller dialog shows more of the table, then leaves its room under the flows (the
        # sentences' gaps no longer spread, the suggestion's box no longer swells)
        body_layout.addWidget(self.comparison, 1)
        body_layout.addWidget(self.flows)
        body_layout.addStretch(1)
        self.body = scrolled(body, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body, 1)
        layout.addWidget(buttons)
        self._show_before()
        self._enter_does("run")
        accept_wide_digits(self)  # １２ typed in a number box

    def _enter_does(self, step: str) -> None:
        """Enter runs the design while there is none to apply, then applies it."""
        self.apply_button.setDefault(step == "apply")
        self.run_button.setDefault(step == "run")

    def options(self) -> dict[str, Any]:
        return {
            "count": self.count.value(),
            "balance": str(self.balance.currentData()),
            "tolerance": self.tolerance.value() / 100.0,
            "seeds": "homes" if self.use_homes.isChecked() else None,
            "keep_existing": self.keep.isChecked(),
            "by_capacity": self.by_capacity.isChecked(),
            "only": self.only,
            "also": self.also.currentData() or None,
            "also_tolerance": self.also_tolerance.value() / 100.0,
            "whole": self.whole.currentData() or None,
            "retire": self.retire,
            "joining": self.joining,
        }

    def suggest(self) -> Task:
        """Estimate how many reps the customers need (in a worker), then offer that count."""
        plan = self.doc.plan
        if self.only:
            plan = sub_plan(plan, resolve(plan, self.only))
        self.suggest_button.setEnabled(False)

        def work(progress: Any) -> Sizing:
            return reps_needed(plan, progress=progress)

        def done(sizing: Sizing) -> None:
            self.suggest_button.setEnabled(True)
            self.count.setValue(sizing.suggested)  # within what this design can make
            why = design_figures.beyond_reach_text(self.doc.plan, sizing.suggested,
                                                   self.count.minimum(), self.count.maximum(),
                                                   self.retire)
            self.figures.setText("\n".join(t for t in (sizing_text(sizing), why) if t))
            self._grow_to_show_all()  # the answer's five lines, not a one-line strip
            self.suggested.emit(sizing)

        def failed(message: str, _user_error: bool) -> None:
            self.suggest_button.setEnabled(True)
            self._report_failure(message)

        task = run_task(self, tr("How many reps?"), work, on_done=done, on_error=failed)
        task.cancelled.connect(lambda: self.suggest_button.setEnabled(True))
        return task

    def _fill_also(self) -> None:
        """The second measures on offer: every one but the balanced one."""
        chosen = self.also.currentData()
        first = self.balance.currentData()
        self.also.blockSignals(True)
        self.also.clear()
        self.also.addItem(tr("Nothing else"), "")
        for key, title in MEASURE_TITLES:
            if key != first:
                self.also.addItem(tr(title), key)
        self.also.setCurrentIndex(max(0, self.also.findData(chosen)))
        self.also.blockSignals(False)
        self.also_tolerance.setEnabled(bool(self.also.currentData()))

    def _before(self, measure: str | None = None) -> dict[str, Any]:
        """The present balance of ``measure`` (default: the balanced one), measured as the
        design will measure it (the chosen shares)."""
        measure = measure or str(self.balance.currentData())
        if self.only:  # the balance among the chosen territories, as the design measures it
            plan = self.doc.plan
            plan = plan.replace(settings=dataclasses.replace(
                plan.settings, balance_by_capacity=self.by_capacity.isChecked()))
            return group_summary(plan, self.only, measure)
        return balance_summary(self._metrics(self.by_capacity.isChecked(), measure), measure)

    def _metrics(self, by_capacity: bool | None = None, measure: str | None = None) -> Any:
        """``territory_metrics`` of the open plan (None: its own settings), kept while the plan
        stays: a result's figures reuse the ones shown before the run (0.15 s each at 100k)."""
        plan, figures = self._measured
        if plan is not self.doc.plan:
            plan, figures = self._measured = (self.doc.plan, {})
        key = (plan.settings.balance_by_capacity if by_capacity is None else by_capacity,
               measure or plan.settings.balance)
        if key not in figures:
            plan = plan.replace(settings=dataclasses.replace(
                plan.settings, balance_by_capacity=key[0]))
            figures[key] = territory_metrics(plan, balance=key[1])
        return figures[key]

    def _on_options_changed(self) -> None:
        """A result designed with other options is no longer the one to apply."""
        if self.task is not None and not self.task.done:
            return
        if self.result is not None and self.options() == self._run_options:
            return  # Enter in a number box says its value again: nothing changed
        self.result = None
        self.apply_button.setEnabled(False)
        self.save_button.setEnabled(False)
        self._enter_does("run")
        self.comparison.clear_result()
        self._clear_changes()
        self.also_tolerance.setEnabled(bool(self.also.currentData()))
        self._show_before()

    def _show_before(self) -> None:
        also = self.also.currentData()
        self.figures.setText("\n".join(t for t in (
            before_text(self._before(), also or None, self._before(also) if also else None),
            empty_text(self.doc.plan, self.only)) if t))

    def run(self) -> Task | ProcessTask:
        """Start the design in a worker (a process of its own when it is large); ``designed``,
        ``runFailed`` or ``runCancelled`` follows."""
        plan, options = self.doc.plan, self.options()
        self.result = None
        self._clear_changes()  # the hint's button is no second run's
        self._run_options = options
        self.apply_button.setEnabled(False)
        self.run_button.setEnabled(False)
        self.task = start_design(self, plan, options, in_process=self.in_process,
                                 on_done=self._on_done, on_error=self._on_error)
        self.task.cancelled.connect(self._on_cancelled)
        return self.task

    def done(self, code: int) -> None:
        """Closed while a design runs in its process: the process ends with the dialog."""
        if isinstance(self.task, ProcessTask) and not self.task.done:
            self.task.cancel(discard=True)  # even a result on its way: nowhere to show it
        super().done(code)

    def _on_done(self, result: DesignResult) -> None:
        self.run_button.setEnabled(True)
        self.result = result
        plan, tolerance = self.doc.plan, self.tolerance.value() / 100.0
        self.comparison.show_result(plan, result, was=self._metrics())
        self.rep_changes = changes = rep_changes(plan, result)
        second = result.second
        self.figures.setText(result_text(
            plan, result, self._before(), tolerance,
            None if second is None else self._before(second["measure"]), self.retire,
            changes=changes) + "".join("\n" + t for t in [empty_text(plan, self.only)] if t))
        keep = bool((self._run_options or self.options())["keep_existing"])
        self.keep_hint.show_result(changes, keep_existing=keep, tolerance=tolerance,
                                   deviation=result.max_deviation)
        self.flows.show_result(plan, result.plan, changes)
        self.apply_button.setEnabled(True)
        self.save_button.setEnabled(True)
        self._enter_does("apply")
        self._grow_to_show_all()
        self.designed.emit(result)

    def _clear_changes(self) -> None:
        self.rep_changes = None
        self.keep_hint.clear_result()
        self.flows.clear_result()

    def _keep_and_run(self) -> None:
        """The suggestion's button: keep the customers with their reps, and design again."""
        self.keep.setChecked(True)
        self.run()

    def _grow_to_show_all(self) -> None:
        """Taller (and wider) for the result's table, as far as the screen allows."""
        self.body.widget().layout().activate()
        self.body.updateGeometry()  # its widget asks for more now
        self.layout().activate()
        hint = self.sizeHint()
        fit_to_screen(self, max(self.width(), hint.width()), max(self.height(), hint.height()))
        if self.isVisible():
            clamp_to_screen(self)  # grown downwards: moved up, its buttons on the screen

    def _on_cancelled(self) -> None:
        self.run_button.setEnabled(True)
        self._show_before()
        self.runCancelled.emit()

    def _on_error(self, message: str, _user_error: bool) -> None:
        self.run_button.setEnabled(True)
        self._report_failure(message)

    def _report_failure(self, message: str) -> None:
        """A run or an estimate failed: say it (the plan is as it was)."""
        self.runFailed.emit(message)
        if self.isVisible():
            QMessageBox.warning(self, self.windowTitle(), message)

    def _on_save_clicked(self) -> None:
        folder = Path(self.doc.path).parent if self.doc.path else Path.home()
        stem = Path(self.doc.path).stem if self.doc.path else tr("plan")
        path = file_dialogs.save_file_name(
            self, self.save_button.text(), str(folder / f"{stem}-{tr('alternative')}.gpkg"),
            tr(PLAN_FILTER))
        if path:
            self.save_alternative(path if path.lower().endswith(".gpkg") else f"{path}.gpkg")

    def save_alternative(self, path: str) -> Task | None:
        """Write the designed plan to ``path`` (atomically, in a worker); the open plan stays."""
        if self.result is None:
            return None
        if self.doc.path and Path(path).resolve() == Path(self.doc.path).resolve():
            self._report_failure(tr("That is the open plan's file: choose another name (Apply "
                                    "puts the design into the open plan)."))
            return None
        plan = self.result.plan

        def done(_result: Any) -> None:
            self.figures.setText(self.figures.text() + "\n" + tr(
                "Saved as {name}: File → Compare with another plan… puts it beside the open "
                "plan.", name=Path(path).name))
            self.alternativeSaved.emit(path)

        self.task = run_task(self, tr("Saving {name}…", name=Path(path).name),
                             lambda progress: save_plan(plan, path, progress=progress),
                             on_done=done, on_error=lambda message, _user: self._report_failure(
                                 message))
        return self.task

    def apply(self) -> None:
        """Put the designed plan in place as one undo step."""
        if self.result is None:
            return
        before = self.doc.plan
        self.doc.push(ReplacePlan(self.result.plan, label=self.windowTitle()))
        self.note = applied_note(before, self.result, rebalanced=self.keep.isChecked(),
                                 changes=self.rep_changes, figures=self.doc.metrics())
        self.accept()
