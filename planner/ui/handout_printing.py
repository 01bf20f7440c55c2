"""File → Print handouts…: the handouts PDF, shown in Qt's print preview and printed from there.

The handouts are built by :func:`planner.export.handouts.export_handouts` in a worker (progress
and Cancel) into a temporary file; the preview then paints each page of that PDF onto the
printer (``QPdfDocument.render`` → ``QPainter.drawImage``), so the printed pages are the
exported ones. The preview's toolbar also offers "Save as PDF…", which copies the original
(vector) PDF.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPaintEngine,
    QPainter,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QToolBar

from planner.errors import PlannerError
from planner.i18n import tr
from planner.ui.workers import Task, run_task

#: Pages are rasterised at the printer's resolution, but never finer than this (an A4 page
#: at 1200 dpi would need half a gigabyte per page); 300 dpi prints maps and text sharply.
MAX_DPI = 300
#: The preview keeps every page as a picture: screen resolution keeps it quick and small.
PREVIEW_DPI = 150


def new_printer() -> QPrinter:
    """A high-resolution A4 portrait printer, as the handouts are laid out."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)  # the handouts carry their own margins: same pages as the PDF
    printer.setDocName(tr("Route handouts"))
    return printer


def render_pdf(pdf_path: str | Path, printer: QPrinter) -> int:
    """Paint every page of ``pdf_path`` onto ``printer``, scaled to the page; the page count."""
    document = QPdfDocument()
    document.load(str(pdf_path))
    pages = document.pageCount()
    if document.status() != QPdfDocument.Status.Ready or pages == 0:
        raise PlannerError(tr("Could not read the handouts PDF."))
    painter = QPainter()
    if not painter.begin(printer):
        raise PlannerError(tr("Could not start printing."))
    try:
        preview = painter.paintEngine().type() == QPaintEngine.Type.Picture
        dpi = printer.resolution()
        finest = PREVIEW_DPI if preview else MAX_DPI
        scale = min(1.0, finest / dpi) if dpi > 0 else 1.0
        for page in range(pages):
            if page:
                printer.newPage()
            target = _fitted(
                document.pagePointSize(page).width(), document.pagePointSize(page).height(), painter
            )
            size = QSize(
                max(1, round(target.width() * scale)), max(1, round(target.height() * scale))
            )
            painter.drawImage(target, _on_white(document.render(page, size)))
    finally:
        painter.end()
        document.close()
    return pages


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
    """Builds the handouts PDF in a worker, then offers it in the print preview.

    ``show_preview`` is what tests replace: they print to a PDF file instead.
    """

    pdfReady = Signal(str)  # the temporary handouts PDF, before the preview opens
    failed = Signal(str)

    def __init__(self, actions: Any):
        super().__init__(actions)
        self.actions = actions
        self.window = actions.window
        self.task: Task | None = None
        self._tmpdir: str | None = None
        self.pdf_path = ""
        self.printer: QPrinter | None = None

    def start(self) -> Task | None:
        """Build the handouts of the current plan; the preview opens when they are written."""
        files = self.actions.files
        plan = self.actions.doc.plan
        if plan.schedule is None or plan.schedule.empty:
            files.show_error(
                tr("Build the visit calendar first: the handouts show each day's route.")
            )
            return None
        from planner.export.handouts import export_handouts

        self.cleanup()
        self._tmpdir = tempfile.mkdtemp(prefix="planner-print-")
        target = Path(self._tmpdir) / "handouts.pdf"

        def on_error(message: str, user_error: bool) -> None:
            self.cleanup()
            files.show_error(message, user_error)
            self.failed.emit(message)

        self.task = run_task(
            self.window,
            tr("Preparing the handouts for printing…"),
            lambda progress: export_handouts(plan, target, progress=progress),
            on_done=self._on_task_done,
            on_error=on_error,
        )
        self.task.cancelled.connect(self.cleanup)
        files.task = self.task  # closing the window waits for it like for any file task
        return self.task

    def _on_task_done(self, result: object) -> None:
        self.pdf_path = str(result)
        self.pdfReady.emit(self.pdf_path)
        try:
            self.show_preview(self.pdf_path)
        finally:
            self.cleanup()

    def preview_dialog(self, pdf_path: str) -> QPrintPreviewDialog:
        """The print preview of ``pdf_path`` with a "Save as PDF…" button (not yet shown)."""
        self.printer = new_printer()  # the dialog does not own its printer: keep it alive
        dialog = QPrintPreviewDialog(self.printer, self.window)
        dialog.setWindowTitle(tr("Print handouts"))
        dialog.resize(900, 1000)
        dialog.paintRequested.connect(lambda printer: self.paint(pdf_path, printer))
        toolbar = dialog.findChild(QToolBar)
        if toolbar is not None:
            save = QAction(tr("Save as PDF…"), dialog)
            save.setObjectName("action_save_handouts_pdf")
            save.triggered.connect(lambda _checked=False: self.save_copy(pdf_path))
            toolbar.addSeparator()
            toolbar.addAction(save)
        return dialog

    def show_preview(self, pdf_path: str) -> None:
        dialog = self.preview_dialog(pdf_path)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exec()

    def paint(self, pdf_path: str, printer: QPrinter) -> int:
        """The preview's ``paintRequested``: the handout pages onto ``printer``."""
        try:
            return render_pdf(pdf_path, printer)
        except PlannerError as exc:
            self.actions.files.show_error(str(exc))
            return 0

    def save_copy(self, pdf_path: str) -> str:
        """Ask where to save the handouts PDF and copy it there; the path ("" if not saved)."""
        files = self.actions.files
        path = files.ask_save_path(tr("Save handouts as PDF"), tr("PDF (*.pdf)"), ".pdf")
        if path:
            shutil.copyfile(pdf_path, path)
            self.window.statusBar().showMessage(tr("Exported {path}", path=path), 8000)
        return path

    def cleanup(self) -> None:
        """Remove the temporary handouts once the preview has closed."""
        if self._tmpdir:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None
