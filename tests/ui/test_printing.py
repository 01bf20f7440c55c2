"""File → Print handouts…: the handouts PDF built in the worker and painted onto a QPrinter."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QToolBar

from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.handout_printing import new_printer
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


def page_count(path: str | Path) -> int:
    document = QPdfDocument()
    document.load(str(path))
    assert document.status() == QPdfDocument.Status.Ready
    count = document.pageCount()
    document.close()
    return count


def test_print_handouts_paints_every_handout_page_onto_the_printer(qtbot, tmp_path):
    plan = build_schedule(synthetic_plan(30, territories=2, seed=3), weeks=1)
    window = MainWindow(plan)
    qtbot.addWidget(window)
    ui = window.actions_ui
    ui.files.ask_save_changes = lambda: file_actions.DISCARD
    printing = ui.printing
    out = tmp_path / "printed.pdf"
    seen: dict[str, object] = {}

    def print_to_file(pdf_path: str) -> None:  # instead of the modal preview
        seen["handouts"] = page_count(pdf_path)
        dialog = printing.preview_dialog(pdf_path)
        qtbot.addWidget(dialog)
        assert isinstance(dialog, QPrintPreviewDialog)
        preview = dialog.findChild(QPrintPreviewWidget)
        with qtbot.waitSignal(dialog.paintRequested, timeout=60_000):
            dialog.show()  # the preview itself (not modal here): every page painted
        assert preview.pageCount() == seen["handouts"]
        dialog.close()
        toolbar = dialog.findChild(QToolBar)
        assert "Save as PDF…" in [a.text() for a in toolbar.actions()]
        copy = tmp_path / "copy.pdf"
        ui.files.ask_save_path = lambda *_args: str(copy)
        assert printing.save_copy(pdf_path) == str(copy)
        assert copy.read_bytes() == Path(pdf_path).read_bytes()
        printer = new_printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        seen["painted"] = printing.paint(pdf_path, printer)

    printing.show_preview = print_to_file
    with qtbot.waitSignal(printing.pdfReady, timeout=120_000):
        ui.actions["print_handouts"].trigger()
    handouts = seen["handouts"]
    assert isinstance(handouts, int) and handouts >= 3  # an overview per rep and the days
    assert seen["painted"] == handouts
    assert page_count(out) == handouts
    assert printing._tmpdir is None  # the temporary handouts are gone after the preview


def test_print_handouts_without_a_calendar_explains(qtbot):
    window = MainWindow(synthetic_plan(20, territories=2))
    qtbot.addWidget(window)
    ui = window.actions_ui
    messages: list[str] = []
    ui.files.show_error = lambda message, user_error=True: messages.append(message)
    ui.actions["print_handouts"].trigger()
    assert messages and "calendar" in messages[0]
    assert ui.actions["export_pdf"].text() == "Export handouts as PDF…"


def test_cancelling_the_build_opens_no_preview_and_leaves_no_file(qtbot):
    plan = build_schedule(synthetic_plan(30, territories=2, seed=3), weeks=1)
    window = MainWindow(plan)
    qtbot.addWidget(window)
    printing = window.actions_ui.printing
    previews: list[str] = []
    printing.show_preview = previews.append
    task = printing.start()
    assert task is not None
    folder = Path(printing._tmpdir or "")
    with qtbot.waitSignal(task.cancelled, timeout=120_000):
        task.cancel()  # what the progress dialog's Cancel button does
    assert previews == [] and printing._tmpdir is None and not folder.exists()
