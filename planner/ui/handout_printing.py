"""File → Print handouts…: the handouts PDF, shown in our preview and printed in a worker.

The handouts are built by :func:`planner.export.handouts.export_handouts` in a worker (progress
and Cancel) into a temporary folder; :class:`planner.ui.handout_preview.HandoutPreviewDialog`
shows that PDF (Qt draws only the pages on screen). "Print…" asks for the printer and the
pages in ``QPrintDialog``, then a worker paints the chosen pages onto the ``QPrinter``
(``QPdfDocument.render`` → ``QPainter.drawImage``; Qt allows painting on a printer outside
the GUI thread), so the printed pages are the exported ones and the window never freezes.
The reps and weeks are chosen first (:mod:`planner.ui.export_choice`) and only those built;
choosing one of them in the preview builds its pages alone (kept until the preview closes).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QRectF, QSize, Signal
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageRanges, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from planner.errors import Cancelled, PlannerError, os_reason
from planner.export.common import EMPTY_CALENDAR
from planner.i18n import sentences, tr
from planner.progress import Progress, report
from planner.ui.export_choice import ExportChoice, handout_reps, week_titles
from planner.ui.handout_preview import HandoutPreviewDialog
from planner.ui.workers import Task, run_task

#: Pages are rasterised at the printer's resolution, but never finer than this (an A4 page
#: at 1200 dpi would need half a gigabyte per page); 300 dpi prints maps and text sharply.
MAX_DPI = 300


def new_printer() -> QPrinter:
    """A high-resolution A4 portrait printer, as the handouts are laid out."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the handouts carry their own margins: same pages as the PDF
    printer.setDocName(tr("Route handouts"))
    return printer


def chosen_pages(printer: QPrinter, count: int) -> list[int]:
    """The pages (0-based) of a ``count``-page document the user chose in the print dialog.

    ``printer.pageRanges()`` holds the 1-based range(s) (``fromPage()``/``toPage()`` are its
    ends; empty means every page); pages past the end are ignored.
    """
    ranges = printer.pageRanges()
    if ranges.isEmpty():
        return list(range(count))
    return [page for page in range(count) if ranges.contains(page + 1)]


def print_pdf(pdf_path: str | Path, printer: QPrinter, *, progress: Progress | None = None) -> int:
    """Paint the chosen pages of ``pdf_path`` onto ``printer``; the number of pages printed.

    Runs in a worker: the ``QPdfDocument`` is made here, in the painting thread. When
    ``progress`` asks to stop, the job is aborted between pages (a PDF file being printed
    to is removed) and :class:`Cancelled` raised.
    """
    document = QPdfDocument()
    try:
        document.load(str(pdf_path))
        count = document.pageCount()
        if document.status() != QPdfDocument.Status.Ready or count == 0:
            raise PlannerError(tr("Could not read the handouts PDF."))
        pages = chosen_pages(printer, count)
        if not pages:
            raise PlannerError(
                tr("The handouts have pages 1 to {pages}: choose pages among them.", pages=count)
            )
        _paint_pages(document, pages, printer, progress)
    finally:
        document.close()
    report(progress, 1.0, tr("Sent to the printer."))
    return len(pages)


def _paint_pages(
    document: QPdfDocument, pages: list[int], printer: QPrinter, progress: Progress | None
) -> None:
    painter = QPainter()
    if not painter.begin(printer):
        raise PlannerError(tr("Could not start printing."))
    stopped = False
    try:
        dpi = printer.resolution()
        scale = min(1.0, MAX_DPI / dpi) if dpi > 0 else 1.0
        for i, page in enumerate(pages):
            message = tr("Printing page {page} of {pages}…", page=i + 1, pages=len(pages))
            if progress is not None and progress(i / len(pages), message) is False:
                stopped = True
                printer.abort()  # a real printer drops the job when it can
                raise Cancelled()
            if i:
                printer.newPage()
            size_pt = document.pagePointSize(page)
            target = _fitted(size_pt.width(), size_pt.height(), painter)
            size = QSize(
                max(1, round(target.width() * scale)), max(1, round(target.height() * scale))
            )
            painter.drawImage(target, _on_white(document.render(page, size)))
    finally:
        painter.end()
        if stopped:
            _discard_output(printer)


def _discard_output(printer: QPrinter) -> None:
    """After Cancel, remove the half-written file when printing to a file (PDF can't abort)."""
    name = printer.outputFileName()
    if name:
        Path(name).unlink(missing_ok=True)


def _fitted(width_pt: float, height_pt: float, painter: QPainter) -> QRectF:
    """The largest rectangle of the page's aspect ratio centred in the painter's page area."""
    area = QRectF(painter.viewport())
    if width_pt <= 0 or height_pt <= 0:
        return area
    k = min(area.width() / width_pt, area.height() / height_pt)
    w, h = width_pt * k, height_pt * k
    return QRectF(area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h)


def _on_white(image: QImage) -> QImage:
    """The rendered page on white paper (PDFium leaves the background transparent)."""
    out = QImage(image.size(), QImage.Format.Format_RGB32)
    out.fill(QColor("white"))
    painter = QPainter(out)
    painter.drawImage(0, 0, image)
    painter.end()
    return out


class HandoutPrinting(QObject):
    """Builds the handouts PDF in a worker, then offers it in the preview and prints it.

    ``show_preview`` and ``ask_print_options`` are what tests replace (no modal dialogs).
    """

    pdfReady = Signal(str)  # the temporary handouts PDF, before the preview opens
    failed = Signal(str)
    printed = Signal(int)  # pages sent to the printer

    def __init__(self, actions: Any):
        super().__init__(actions)
        self.actions = actions
        self.window = actions.window
        self.task: Task | None = None  # building the handouts
        self.print_task: Task | None = None
        self.rep_task: Task | None = None
        self.printer: QPrinter | None = None
        self._tmpdir: str | None = None
        self._plan: Any = None
        self._choice = ExportChoice()  # the reps and weeks of the handouts being shown
        self._background: Any = None  # the maps' street tiles of this preview (or None)
        self._options: dict[str, Any] = {}  # export_handouts' options of this preview
        self._rep_pdfs: dict[tuple[str, int], str] = {}  # (rep id, week) → its pages
        self.pdf_path = ""

    # -- building --------------------------------------------------------------------------
    def choose_and_start(self) -> Task | None:
        """Ask which reps and weeks to print (:mod:`planner.ui.export_choice`), then build
        only those; the preview opens when they are written."""
        from planner.ui.export_choice import ask_choice

        if not self._has_calendar():
            return None
        choice = ask_choice(self.actions, tr("Print handouts"), handouts=True)
        return None if choice is None else self.start(choice)

    def _has_calendar(self) -> bool:
        plan = self.actions.doc.plan
        if plan.schedule is None or plan.schedule.empty:
            self.actions.files.show_error(tr(EMPTY_CALENDAR) if plan.schedule is not None else tr(
                "Build the visit calendar first: the handouts show each day's route."))
            return False
        return True

    def start(self, choice: ExportChoice | None = None) -> Task | None:
        """Build the handouts of the current plan (``choice``: those reps and weeks only;
        ``None``: every one); the preview opens when they are written."""
        from planner.ui.export_choice import busy_choice, print_background

        # reps without visits in the chosen weeks: said in one sentence, as Export handouts
        # as PDF… says it, before anything is built
        if not self._has_calendar() or (choice is not None and not busy_choice(
                self.actions, choice, sheets=False)):
            return None
        from planner.export.handouts import export_handouts

        plan = self.actions.doc.plan
        self.cleanup()
        self._plan = plan
        self._choice = choice or ExportChoice()
        # the street background: one per preview (a failure is not retried for each rep shown)
        self._background = background = print_background()
        # the Preferences switches (links, background) as they were at the start: every page
        # of this preview, a rep's rebuilt alone too, is built with the same ones
        self._options = options = {**self._choice.handout_options(), "background": background}
        self._tmpdir = tempfile.mkdtemp(prefix="planner-print-")
        target = Path(self._tmpdir) / "handouts.pdf"
        self.task = run_task(
            self.window,
            tr("Preparing the handouts for printing…"),
            lambda progress: export_handouts(plan, target, progress=progress, **options),
            on_done=self._on_task_done,
            on_error=self._on_task_error,
        )
        self.task.cancelled.connect(self.cleanup)
        self.actions.files.task = self.task  # closing the window waits for it like any task
        return self.task

    def _on_task_error(self, message: str, user_error: bool) -> None:
        self.cleanup()
        self.actions.files.show_error(message, user_error)
        self.failed.emit(message)

    def _on_task_done(self, result: object) -> None:
        self.pdf_path = str(result)
        self.pdfReady.emit(self.pdf_path)
        try:
            self.show_preview(self.pdf_path)
        finally:
            self.cleanup()

    # -- the preview -----------------------------------------------------------------------
    def reps(self) -> list[tuple[str, str]]:
        """``(territory id, title)`` of every rep in the handouts (those chosen), in order."""
        if self._plan is None:
            return []
        from planner.export.handouts import skipped_reps

        chosen = self._choice.reps
        left_out = {t.id for t in skipped_reps(self._plan, chosen, self._choice.weeks)}
        return [r for r in handout_reps(self._plan)
                if (chosen is None or r[0] in chosen) and r[0] not in left_out]

    def weeks(self) -> list[tuple[int, str]]:
        """``(week, title)`` of the weeks in the handouts ("Week 2 (from 12/14)" when dated)."""
        if self._plan is None:
            return []
        chosen = self._choice.weeks
        return [w for w in week_titles(self._plan) if chosen is None or w[0] in chosen]

    def preview_dialog(self, pdf_path: str) -> HandoutPreviewDialog:
        """The preview of ``pdf_path`` wired to printing, saving and the rep choice (not shown)."""
        some = self._choice.reps is not None, self._choice.weeks is not None
        from planner.export.handouts import skipped_text

        note = "" if self._plan is None else skipped_text(self._plan, self._choice.reps,
                                                         self._choice.weeks)
        offline = preview_note(self._background)  # said once, for the whole preview
        note = sentences(note, offline)
        dialog = HandoutPreviewDialog(pdf_path, self.reps(), self.window, self.weeks(),
                                      chosen=some, note=note)
        self._rep_pdfs[("", 0)] = pdf_path
        dialog.repChosen.connect(lambda rep_id: self.show_rep(dialog, rep_id))
        dialog.weekChosen.connect(lambda week: self.show_rep(dialog, dialog.rep_id, week))
        dialog.printRequested.connect(lambda path: self.print_handouts(path, dialog))
        dialog.saveRequested.connect(self.save_copy)
        return dialog

    def show_preview(self, pdf_path: str) -> None:
        dialog = self.preview_dialog(pdf_path)
        try:
            dialog.exec()
        finally:
            self._stop(self.print_task)
            self._stop(self.rep_task)
            dialog.deleteLater()

    def show_rep(
        self, dialog: HandoutPreviewDialog, rep_id: str, week: int | None = None
    ) -> Task | None:
        """Show ``rep_id``'s pages ("" for all) of ``week`` (0 for all; None: the week shown):
        built once in a worker, then kept."""
        week = dialog.week if week is None else week
        if (rep_id, week) in self._rep_pdfs:
            dialog.show_pdf(self._rep_pdfs[(rep_id, week)], rep_id, week)
            return None
        if self._plan is None or not self._tmpdir:
            dialog.revert_rep()
            return None
        from planner.export.handouts import check_choice, export_handouts

        plan, choice = self._plan, self._choice
        reps, weeks = [rep_id] if rep_id else choice.reps, [week] if week else choice.weeks
        options = {**self._options, "territories": reps, "weeks": weeks}  # "", 0: all chosen
        try:  # a rep without visits in the week chosen: its sentence, before any work
            check_choice(plan, reps, weeks)
        except PlannerError as exc:
            dialog.revert_rep()
            self.actions.files.show_error(str(exc))
            return None
        target = Path(self._tmpdir) / f"handouts-{len(self._rep_pdfs)}.pdf"

        def on_done(result: object) -> None:
            self._rep_pdfs[(rep_id, week)] = str(result)
            dialog.show_pdf(str(result), rep_id, week)

        def on_error(message: str, user_error: bool) -> None:
            dialog.revert_rep()
            self.actions.files.show_error(message, user_error)

        self.rep_task = run_task(
            dialog,
            tr("Preparing the handouts for printing…"),
            lambda progress: export_handouts(plan, target, progress=progress, **options),
            on_done=on_done,
            on_error=on_error,
        )
        self.rep_task.cancelled.connect(dialog.revert_rep)
        return self.rep_task

    # -- printing --------------------------------------------------------------------------
    def ask_print_options(self, printer: QPrinter, pages: int, parent: QWidget) -> bool:
        """Qt's print dialog (printer, pages) for ``printer``; False when the user cancels."""
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(tr("Print handouts"))
        dialog.setOptions(
            QAbstractPrintDialog.PrintDialogOption.PrintPageRange
            | QAbstractPrintDialog.PrintDialogOption.PrintToFile
            | QAbstractPrintDialog.PrintDialogOption.PrintShowPageSize
        )
        dialog.setMinMax(1, max(pages, 1))
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
        if printer.printRange() == QPrinter.PrintRange.AllPages:
            printer.setPageRanges(QPageRanges())  # "All" chosen: no range left from typing
        return True

    def print_handouts(self, pdf_path: str, parent: QWidget | None = None) -> Task | None:
        """Ask for the printer and pages, then print ``pdf_path`` in a worker with Cancel."""
        if self.print_task is not None and not self.print_task.done:
            return None
        parent = parent or self.window
        pages = _page_count(pdf_path)
        printer = new_printer()
        if not self.ask_print_options(printer, pages, parent):
            return None
        self.printer = printer  # alive until the worker is done with it

        def on_error(message: str, user_error: bool) -> None:
            self.actions.files.show_error(message, user_error)
            self.failed.emit(message)

        self.print_task = run_task(
            parent,
            tr("Printing the handouts…"),
            lambda progress: print_pdf(pdf_path, printer, progress=progress),
            on_done=self._on_printed,
            on_error=on_error,
        )
        return self.print_task

    def _on_printed(self, result: object) -> None:
        pages = int(result)  # the pages sent
        self.window.statusBar().showMessage(tr("Sent {pages} pages to the printer.", pages=pages),
                                            8000)
        self.printed.emit(pages)

    # -- saving and cleaning up ------------------------------------------------------------
    def save_copy(self, pdf_path: str) -> str:
        """Ask where to save the handouts PDF and copy it there; the path ("" if not saved)."""
        files = self.actions.files
        path = files.ask_save_path(tr("Save handouts as PDF"), tr("PDF (*.pdf)"), ".pdf")
        if path:
            try:
                shutil.copyfile(pdf_path, path)
            except OSError as exc:
                files.show_error(tr("Could not write {path}: {reason}", path=path,
                                    reason=os_reason(exc)))
                return ""
            self.window.statusBar().showMessage(tr("Exported {path}", path=path), 8000)
        return path

    @staticmethod
    def _stop(task: Task | None) -> None:
        """Cancel ``task`` and wait until it has stopped (its files are no longer in use)."""
        if task is None or task.done:
            return
        loop = QEventLoop()  # the task ends through the GUI thread: keep events flowing
        for signal in (task.finished, task.failed, task.cancelled):
            signal.connect(loop.quit)
        task.cancel()
        if not task.done:
            loop.exec()

    def cleanup(self) -> None:
        """Remove the temporary handouts once the preview has closed (or the build stopped)."""
        self._stop(self.print_task)
        self._stop(self.rep_task)
        self._rep_pdfs = {}
        self._plan = None
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None


def preview_note(background: Any) -> str:
    """The preview's sentence when maps came without their street background ("" else).

    Not :meth:`PrintTiles.note`'s "were printed without": nothing is printed yet, and the
    manager can still try again (a new preview fetches afresh) or switch the background off.
    """
    if background is None or not background.missed:
        return ""
    if not background.drawn:
        said = tr("The map backgrounds could not be fetched (offline): the maps show without "
                  "them.")
    else:
        said = tr("Some map backgrounds could not be fetched (offline): those maps show "
                  "without them.")
    return sentences(said, tr("Close the preview and print again to try again, or switch "
                              "them off in Edit → Preferences… (Map background in print)."))


def _page_count(pdf_path: str) -> int:
    document = QPdfDocument()
    document.load(pdf_path)
    count = document.pageCount() if document.status() == QPdfDocument.Status.Ready else 0
    document.close()
    return count
