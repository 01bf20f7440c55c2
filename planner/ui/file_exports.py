"""The main window's exports (Excel, PDF, map, calendars): ask for a target, write it in a
worker, say what was written (and the days longer than their rep's day the outputs mark);
an out-of-date calendar is handed out only after asking."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QMainWindow, QMessageBox

from planner.i18n import tr
from planner.ui.document import PlanDocument
from planner.ui.export_choice import ExportChoice
from planner.ui.workers import Task, run_task

log = logging.getLogger(__name__)


class ExportActions:
    """Export commands of :class:`planner.ui.file_actions.FileActions` (mixed into it)."""

    window: QMainWindow
    doc: PlanDocument
    task: Task | None

    def ask_save_path(self, title: str, filter_text: str, suffix: str) -> str:
        raise NotImplementedError

    def ask_folder(self, title: str) -> str:
        raise NotImplementedError

    def show_error(self, message: str, user_error: bool = True) -> None:
        raise NotImplementedError

    def ask_export_choice(
        self, title: str, reps: list[tuple[str, str]], weeks: list[tuple[int, str]] | None,
        selected: list[str], note: str, *, count_pages: bool = True,
    ) -> ExportChoice | None:
        """Which ``reps`` and ``weeks`` to export, ``selected`` ticked (else every one);
        ``None`` when the manager cancels (``count_pages``: the hand-outs' pages said).
        Tests replace it."""
        from planner._schedule_dates import first_monday
        from planner.export.handout_day import day_page_counts
        from planner.ui.export_choice import ExportChoiceDialog

        plan = self.doc.plan
        counted = weeks is not None and count_pages
        # each day's pages, a long day's run on too: the estimate is the PDF's count
        dialog = ExportChoiceDialog(title, reps, weeks=weeks, selected=selected, note=note,
                                    schedule=plan.schedule if counted else None,
                                    day_pages=day_page_counts(plan) if counted else None,
                                    week1=first_monday(plan.settings), parent=self.window)
        try:
            return dialog.choice() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def calendar_current_or_asked(self) -> bool:
        """True to go on handing out the calendar: it is up to date, or the manager chose to
        export the out-of-date one anyway (the pages then say so in red)."""
        from planner.export.common import calendar_is_stale

        return not calendar_is_stale(self.doc.plan) or self.ask_export_stale()

    def ask_export_stale(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, tr("Territory Planner"), tr(
            "The visit calendar is out of date: the plan changed after it was built. Rebuild "
            "it (Schedule → Build calendar…) before handing out route sheets, or export it as "
            "it is: printed pages then say in red that it is out of date."), parent=self.window)
        # the usual answer, in one click: build it now (the dialog as the menu opens it), then
        # go on with the export of the new calendar (a rep off sick, next week's sheets)
        rebuild = box.addButton(tr("Rebuild the calendar first…"),
                                QMessageBox.ButtonRole.ActionRole)
        rebuild.setObjectName("rebuild_before_export")
        anyway = box.addButton(tr("Export anyway"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is rebuild:
            return self.rebuild_before_export()
        return box.clickedButton() is anyway

    def rebuild_before_export(self) -> bool:
        """Open *Build calendar…*; True (export on) once the calendar is up to date, False
        when the manager cancelled it."""
        from planner.export.common import calendar_is_stale

        # its report read before the export's own dialog opens, not under it
        self.window.actions_ui.show_schedule(before_export=True)  # type: ignore[attr-defined]
        return not calendar_is_stale(self.doc.plan)

    def export_to_folder(self, title: str, fn: Callable[..., Any], *,
                         long_days: ExportChoice | None = None) -> None:
        """Ask for a folder and run ``fn(plan, folder, progress=…)`` in a worker
        (``long_days``: as :meth:`export`)."""
        folder = self.ask_folder(title)
        if folder:
            self._run_export(title, fn, folder, tr("Exported into {path}", path=folder),
                             long_days=long_days)

    def export(
        self,
        title: str,
        filter_text: str,
        suffix: str,
        fn: Callable[..., Any],
        *,
        open_after: bool = False,
        note: str | Callable[[], str] = "",
        long_days: ExportChoice | None = None,
    ) -> None:
        """Ask for a target and run ``fn(plan, path, progress=…)`` in a worker; ``note``
        is said after the file written (the reps left out; a function: asked then);
        ``long_days``: the reps and weeks written, whose days longer than the rep's are
        named after it (None: an output that prints no day, the HTML map)."""
        path = self.ask_save_path(title, filter_text, suffix)
        if path:
            self._run_export(title, fn, path, None, open_after=open_after, note=note,
                             long_days=long_days)

    def _run_export(
        self,
        title: str,
        fn: Callable[..., Any],
        target: str,
        message: str | None,
        *,
        open_after: bool = False,
        note: str | Callable[[], str] = "",
        long_days: ExportChoice | None = None,
    ) -> None:
        """Run ``fn(plan, target, progress=…)`` in a worker; then say ``message`` (default:
        the file written), ``note`` and the long days of ``long_days``' reps and weeks in
        the status bar and emit ``exported``."""
        plan = self.doc.plan

        def done(result: Any) -> None:
            from planner.day_length import long_day_records, long_days_text

            written = target if message is not None else str(result or target)
            log.info("%s: wrote %s", title, written)
            said = message or tr("Exported {path}", path=written)
            # as the command line warns: the days of the reps and weeks written only
            long = "" if long_days is None else long_days_text(long_day_records(
                plan, territories=long_days.reps, weeks=long_days.weeks))
            told = note() if callable(note) else note
            said = " — ".join(t for t in (said, told, long) if t)
            self.window.statusBar().showMessage(said, 20000 if told else 8000)
            self.exported.emit(written)  # type: ignore[attr-defined]
            if open_after:
                from PySide6.QtCore import QUrl
                from PySide6.QtGui import QDesktopServices

                QDesktopServices.openUrl(QUrl.fromLocalFile(written))

        self.task = run_task(
            self.window,
            title,
            lambda progress: fn(plan, target, progress=progress),
            on_done=done,
            on_error=self.show_error,
        )
        self.task.cancelled.connect(  # every export writes its files at the end, or none
            lambda: self.window.statusBar().showMessage(
                tr("Export cancelled; nothing was written."), 8000))
