"""Update customers from a revised spreadsheet: the import dialog's pages, then the changes.

Page 1 is the import dialog's (preview, columns, geocoding of new rows) with one more choice,
*Keep customers no longer on the list*. The comparison (:func:`planner.update.update_customers`)
runs in a worker; page 2 lists every new, removed and changed customer (and the list's
problems) before anything changes. *Update the plan* then applies it as one undo step.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QMessageBox, QTabWidget, QWidget

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import N_, tr
from planner.progress import scaled
from planner.spreadsheet import ImportResult, plan_columns, plan_sheet, read_customers
from planner.ui.import_dialog import ImportDialog
from planner.ui.text_table import TextTable
from planner.ui.workers import run_task
from planner.update import CustomerUpdate, RowMatch, list_match, locate_rows, update_customers


class UpdateDialog(ImportDialog):
    """Compare ``path`` with ``plan``; afterwards ``update`` holds the result, ``plan`` the plan."""

    csv_name = "customer-changes.csv"
    #: nothing goes into the plan until *Update the plan*: 「取り込んでいます…」 said otherwise
    task_title = N_("Comparing with the plan…")

    def __init__(self, path: str, plan: m.Plan, parent: QWidget | None = None):
        self.base = plan  # before the preview, which reads the columns the plan remembers
        self.update: CustomerUpdate | None = None
        self.list_result: ImportResult | None = None  # the list read (and located) once
        self.list_match: RowMatch | None = None  # its rows matched to the plan's, once
        super().__init__(path, plan.settings, parent)
        self.setWindowTitle(tr("Update customers from spreadsheet"))
        self.import_button.setText(tr("Compare"))
        self.accept_button.setText(tr("Update the plan"))
        self.csv_button.setText(tr("Save the changes as CSV…"))
        self.geocode_check.setText(tr(
            "Find positions of new customers, new addresses and customers without one (online)"))
        self.keep_check = QCheckBox(tr("Keep customers that are no longer on the list"), self)
        page = self.pages.widget(0)
        page.layout().insertWidget(page.layout().count() - 1, self.keep_check)
        # Tab reaches it where it shows: after the geocoding choice, before the buttons
        QWidget.setTabOrder(self.provider_combo, self.keep_check)
        QWidget.setTabOrder(self.keep_check, self.import_button)
        # the same choice beside the comparison: changing it compares again
        self.keep_again = QCheckBox(tr("Keep customers that are no longer on the list"), self)
        self.keep_again.toggled.connect(self._on_keep_again_toggled)
        self.report_layout.insertWidget(1, self.keep_again)
        self.changes_table = TextTable(self)
        self.tabs = QTabWidget(self)
        self.report_layout.replaceWidget(self.problem_table, self.tabs)
        self.tabs.addTab(self.changes_table, tr("Changes"))
        self.tabs.addTab(self.problem_table, tr("Problems in the list"))
        # what asks the manager to act (the calendar out of date, approximate positions):
        # in red above the summary, one item a line, not buried in its paragraph
        self.warnings = QLabel(self)
        self.warnings.setObjectName("updateWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setStyleSheet("color: #c62828;")
        self.warnings.hide()
        self.report_layout.insertWidget(0, self.warnings)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        # the customers whose corrections in the plan stayed over the list's older values
        self.kept_table = TextTable(self)
        self.tabs.addTab(self.kept_table, tr("Corrections kept"))

    def first_sheet(self) -> str | None:
        """The sheet the plan was read from (one office of a workbook of several), when the
        workbook still has it; else the first with a list, which the sheet box shows."""
        try:
            return plan_sheet(self.base, self.path)
        except PlannerError:
            return None

    def remembered(self) -> dict[str, str]:
        """The columns the plan was read from (two 担当: the one chosen at the import)."""
        return plan_columns(self.base)

    def _job(
        self,
        path: str,
        sheet: str | None,
        columns: dict[str, str],
        settings: m.Settings,
        provider: str,
    ) -> Callable[[Any], Any]:
        base, keep = self.base, self.keep_check.isChecked()

        def work(progress: Any) -> tuple[ImportResult, CustomerUpdate, RowMatch]:
            # the bar's share of each step as long as it takes: read, locate (long with an
            # online search), compare (half of the whole without one; it sat at 85 % for 7 s);
            # the locating began at 40 % once the read had reached 68 %
            read, located = (0.2, 0.7) if provider else (0.3, 0.45)
            step = scaled(progress, 0.0, read)

            def reading(fraction: float, message: str) -> Any:
                # not the read's last 「1,510件の顧客を取り込みました。」: nothing is in the plan yet
                return step(fraction, "" if fraction >= 1.0 else message) if step else None

            result = read_customers(
                path,
                sheet=sheet,
                columns=columns,
                settings=base.settings,
                remembered=self.remembered(),
                progress=reading,
            )
            match = list_match(base, result)  # once: locating changes positions only
            # no search ("none"): placed at the plan's customers of the same 丁目, town …
            result = locate_rows(base, result, provider=provider or "none",
                                 progress=scaled(progress, read, located), match=match)
            progress(located, tr("Comparing with the plan…"))
            update = update_customers(base, result, keep_missing=keep, match=match,
                                      progress=scaled(progress, located, 1.0))  # its steps
            return result, update, match

        return work

    def _on_keep_again_toggled(self, keep: bool) -> None:
        """Compare the list already read (and located) again, keeping or removing the
        customers no longer on it."""
        if keep == self.keep_check.isChecked() or self.list_result is None:
            return
        self.keep_check.setChecked(keep)
        self.accept_button.setEnabled(False)
        base, result, match = self.base, self.list_result, self.list_match

        def work(progress: Any) -> tuple[ImportResult, CustomerUpdate, RowMatch | None]:
            return result, update_customers(base, result, keep_missing=keep, match=match,
                                            progress=progress), match

        self.task = run_task(self, tr("Comparing with the plan…"), work, on_done=self._on_done,
                             on_error=self._on_error)

    def _on_done(  # type: ignore[override]
        self, done: tuple[ImportResult, CustomerUpdate, RowMatch | None]
    ) -> None:
        self.list_result, update, self.list_match = done
        self.update = update
        self.keep_again.blockSignals(True)
        self.keep_again.setChecked(update.keep_missing)
        self.keep_again.setVisible(bool(update.removed))
        self.keep_again.blockSignals(False)
        self.plan = update.plan
        warnings = update.warning_lines()
        self.warnings.setText("\n".join(warnings))
        self.warnings.setVisible(bool(warnings))
        # the rest one item a line, as the update command prints them
        notes = [p.reason for p in update.report.problems if p.note]  # 髙橋 read as 高橋
        rest = [line for line in update.summary_lines() if line not in warnings]
        self.summary.setText("\n".join(rest + notes))
        self._fill_changes(update)
        self._fill_problems(update.report, done[0].customers)
        self.tabs.setTabText(
            0, tr("Changes ({n})", n=len(update.added) + len(update.removed) + len(update.changed))
        )
        kept = update.kept_rows()
        self.tabs.setTabText(2, tr("Corrections kept ({n})", n=len(kept)))
        self.tabs.setTabVisible(2, bool(kept))
        self.tabs.setTabText(1, tr("Problems in the list ({n})", n=len(update.report.problems)))
        self.accept_button.setEnabled(
            bool(update.added or update.changed or (update.removed and not update.keep_missing))
        )
        self.pages.setCurrentIndex(1)
        self.imported.emit(update)

    def _fill_changes(self, update: CustomerUpdate) -> None:
        headers = [tr("Change"), tr("Code"), tr("Name"), tr("Territory"), tr("Details")]
        self.changes_table.set_rows(headers, update.rows())
        self.changes_table.horizontalHeader().setStretchLastSection(True)
        self.kept_table.set_rows(headers, update.kept_rows())
        self.kept_table.horizontalHeader().setStretchLastSection(True)

    def accept(self) -> None:
        """Update the plan; when the list lacks most of the plan's customers, ask first."""
        update, total = self.update, len(self.base.customers)
        if update is not None and update.removes_most(total) and not self.confirm_removal(
            tr("The list lacks {n} of the plan's {total} customers. Is it the whole list? "
               "Updating removes them from the plan.", n=f"{len(update.removed):,}",
               total=f"{total:,}")
        ):
            return
        super().accept()

    def confirm_removal(self, text: str) -> bool:
        """Ask whether to remove them (tests replace this)."""
        answer = QMessageBox.question(
            self, self.windowTitle(), text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def save_report(self, path: str) -> None:
        """The Save button: the changes (the list's problems are on the other tab)."""
        assert self.update is not None
        self.update.to_csv(path, source=self.base.source_paths())
