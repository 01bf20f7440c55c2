"""File → Print handouts…: the handouts PDF built in a worker, previewed lazily, printed in a worker."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QImage, QPageSize, QPainter, QPdfWriter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from planner.export.handouts import export_handouts
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.export_choice import ExportChoice
from planner.ui.handout_preview import HandoutPreviewDialog
from planner.ui.handout_printing import chosen_pages, new_printer
from planner.ui.main_window import MainWindow
from planner.ui.menu_table import without_access_key

pytestmark = pytest.mark.usefixtures("isolated")
THUMB = QSize(150, 212)


@pytest.fixture(scope="module")
def plan():
    """Two reps with a one-week calendar: an overview page per rep and a page per day."""
    return build_schedule(synthetic_plan(30, territories=2, seed=3), weeks=1)


@pytest.fixture(scope="module")
def handouts(plan, tmp_path_factory) -> Path:
    return export_handouts(plan, tmp_path_factory.mktemp("handouts") / "handouts.pdf")


def rep_pages(plan, territory_id: str) -> int:
    days = plan.schedule.loc[plan.schedule["territory"] == territory_id, ["week", "day"]]
    return 1 + int(days.drop_duplicates().shape[0])


def page_count(path: str | Path) -> int:
    document = QPdfDocument()
    document.load(str(path))
    assert document.status() == QPdfDocument.Status.Ready
    count = document.pageCount()
    document.close()
    return count


def thumbnails(path: str | Path) -> list[np.ndarray]:
    """Every page, small and grey on white: enough to tell the pages apart."""
    document = QPdfDocument()
    document.load(str(path))
    out = []
    for page in range(document.pageCount()):
        image = QImage(THUMB, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.drawImage(0, 0, document.render(page, THUMB))
        painter.end()
        grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
        rows = np.frombuffer(grey.constBits(), np.uint8).reshape(grey.height(), -1)
        out.append(rows[:, : grey.width()].astype(int))
    document.close()
    return out


def window_for(qtbot, plan) -> MainWindow:
    window = MainWindow(plan)
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    return window


def print_to_file(printing, out: Path, pages: tuple[int, int] = (0, 0)) -> list[int]:
    """Replace the print dialog: print to the PDF file ``out`` (pages 1-based, 0 = all)."""
    asked: list[int] = []

    def ask(printer: QPrinter, count: int, _parent) -> bool:
        asked.append(count)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        if pages != (0, 0):
            printer.setFromTo(*pages)
        return True

    printing.ask_print_options = ask
    return asked


def test_print_handouts_previews_the_pdf_and_prints_every_page_in_a_worker(qtbot, tmp_path, plan):
    window = window_for(qtbot, plan)
    ui = window.actions_ui
    printing = ui.printing
    out = tmp_path / "printed.pdf"
    asked = print_to_file(printing, out)
    seen: dict[str, object] = {}

    def preview(pdf_path: str) -> None:  # instead of the modal preview
        seen["handouts"] = page_count(pdf_path)
        dialog = printing.preview_dialog(pdf_path)
        qtbot.addWidget(dialog)
        assert isinstance(dialog, HandoutPreviewDialog)
        assert dialog.windowTitle() == "Print handouts"
        dialog.show()
        view = dialog.findChild(QPdfView)
        assert view is not None and view.document().pageCount() == seen["handouts"]
        assert dialog.page_count_label.text().strip() == f"of {seen['handouts']}"
        texts = [a.text() for a in dialog.toolbar.actions()]
        assert {"Print…", "Save as PDF…", "Close", "Fit width", "Fit page"} <= set(texts)
        copy = tmp_path / "copy.pdf"
        ui.files.ask_save_path = lambda *_args: str(copy)
        assert printing.save_copy(pdf_path) == str(copy)
        assert copy.read_bytes() == Path(pdf_path).read_bytes()  # the vector PDF itself
        with qtbot.waitSignal(printing.printed, timeout=120_000) as printed:
            dialog.actions_by_name["print"].trigger()  # Print… → print dialog → worker
        seen["printed"] = printed.args[0]
        seen["path"] = pdf_path
        dialog.close()

    printing.show_preview = preview
    ui.files.ask_export_choice = lambda *_a, **_k: ExportChoice()  # every rep and week
    with qtbot.waitSignal(printing.pdfReady, timeout=120_000):
        ui.actions["print_handouts"].trigger()
    handouts = seen["handouts"]
    assert handouts == sum(rep_pages(plan, t.id) for t in plan.territories)
    assert asked == [handouts]  # the print dialog offered pages 1..N
    assert seen["printed"] == handouts
    assert page_count(out) == handouts
    size = QPdfDocument()
    size.load(str(out))
    assert (round(size.pagePointSize(0).width()), round(size.pagePointSize(0).height())) == (
        595, 842)  # A4 portrait, like the handouts
    size.close()
    assert printing._tmpdir is None and not Path(str(seen["path"])).exists()


def test_the_preview_opens_a_many_page_pdf_without_drawing_its_pages(qtbot, tmp_path,
                                                                     monkeypatch):
    path = tmp_path / "many.pdf"
    writer = QPdfWriter(str(path))
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for page in range(1200):
        if page:
            writer.newPage()
        painter.drawText(QPointF(200, 200), f"page {page + 1}")
    painter.end()
    rendered: list[int] = []
    real_render = QPdfDocument.render

    def counting_render(self, page, *args):
        rendered.append(page)
        return real_render(self, page, *args)

    monkeypatch.setattr(QPdfDocument, "render", counting_render)
    dialog = HandoutPreviewDialog(str(path), [])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.wait(50)
    assert rendered == []  # no page painted by us: QPdfView draws those in sight
    assert dialog.findChild(QPrintPreviewWidget) is None
    view = dialog.findChild(QPdfView)
    assert view is dialog.view and view.document() is dialog.document
    assert view.pageMode() == QPdfView.PageMode.MultiPage
    assert dialog.page_count() == 1200 and dialog.page_spin.maximum() == 1200
    dialog.page_spin.setValue(700)
    assert dialog.current_page() == 699
    dialog.actions_by_name["next"].trigger()
    assert dialog.current_page() == 700 and dialog.page_spin.value() == 701
    dialog.fit_width()
    assert view.zoomMode() == QPdfView.ZoomMode.FitToWidth
    before = dialog.effective_zoom()
    dialog.zoom_by(1.25)
    assert view.zoomMode() == QPdfView.ZoomMode.Custom
    assert view.zoomFactor() == pytest.approx(before * 1.25)
    assert dialog.current_page() == 700


def test_printing_writes_exactly_the_chosen_pages(qtbot, tmp_path, plan, handouts):
    printing = window_for(qtbot, plan).actions_ui.printing
    out = tmp_path / "two.pdf"
    print_to_file(printing, out, pages=(2, 3))
    task = printing.print_handouts(str(handouts))
    assert task is not None
    with qtbot.waitSignal(printing.printed, timeout=120_000) as printed:
        pass
    assert printed.args == [2] and page_count(out) == 2
    source, printed_pages = thumbnails(handouts), thumbnails(out)
    for k, page in enumerate(printed_pages):  # pages 2 and 3, not 1 and 2
        gaps = [int(np.abs(page - other).sum()) for other in source]
        assert gaps.index(min(gaps)) == k + 1


def test_chosen_pages_follow_the_print_dialog_range():
    printer = new_printer()
    assert chosen_pages(printer, 4) == [0, 1, 2, 3]  # nothing chosen: every page
    printer.setFromTo(2, 3)
    assert chosen_pages(printer, 4) == [1, 2]
    printer.setFromTo(3, 9)
    assert chosen_pages(printer, 4) == [2, 3]  # past the end: ignored


def test_choosing_one_rep_shows_and_prints_only_their_pages(qtbot, tmp_path, plan):
    long = "伊藤 由美（新横浜エリア）の担当分"  # wide text, longer than 14 letters' width
    named = plan.territories[0].replace(rep=long, name="新横浜エリア")
    plan = plan.replace(territories=(named, *plan.territories[1:]))
    window = window_for(qtbot, plan)
    printing = window.actions_ui.printing
    out = tmp_path / "rep.pdf"
    print_to_file(printing, out)
    rep = plan.territories[1].id
    seen: dict[str, object] = {}

    def preview(pdf_path: str) -> None:
        dialog = printing.preview_dialog(pdf_path)
        qtbot.addWidget(dialog)
        dialog.show()
        combo = dialog.rep_combo
        assert combo.itemText(0) == "All reps" and combo.count() == 1 + len(plan.territories)
        widest = max(combo.fontMetrics().horizontalAdvance(combo.itemText(i))
                     for i in range(combo.count()))
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                             QStyle.SubControl.SC_ComboBoxEditField, combo)
        assert field.width() >= widest  # the longest "rep (territory)" shows whole
        seen["all"] = dialog.page_count()
        combo.setCurrentIndex(combo.findData(rep))  # builds that rep's pages in a worker
        task = printing.rep_task
        assert task is not None
        with qtbot.waitSignal(task.finished, timeout=120_000):
            pass
        seen["rep"] = (dialog.rep_id, dialog.page_count(), dialog.page_spin.maximum())
        with qtbot.waitSignal(printing.printed, timeout=120_000):
            dialog.actions_by_name["print"].trigger()
        combo.setCurrentIndex(0)  # back to all reps: kept, no new build
        seen["back"] = (dialog.rep_id, dialog.page_count(), combo.isEnabled())
        dialog.close()

    printing.show_preview = preview
    with qtbot.waitSignal(printing.pdfReady, timeout=120_000):
        printing.start()
    pages = rep_pages(plan, rep)
    assert seen["rep"] == (rep, pages, pages)
    assert page_count(out) == pages
    assert seen["all"] > pages and seen["back"] == ("", seen["all"], True)
    assert printing._tmpdir is None


def test_cancelling_the_print_stops_between_pages_and_leaves_no_file(qtbot, tmp_path, plan,
                                                                      handouts):
    printing = window_for(qtbot, plan).actions_ui.printing
    out = tmp_path / "cancelled.pdf"
    print_to_file(printing, out)
    printed: list[int] = []
    printing.printed.connect(printed.append)
    task = printing.print_handouts(str(handouts))
    assert task is not None
    progress: list[float] = []
    # Cancel pressed once printing had begun: at the worker's first report, in its own thread
    # (through the GUI thread's queue a quick machine had printed every page before the
    # Cancel came, and a Cancel too late is rightly a finished print)
    from PySide6.QtCore import Qt

    task._runner.progressed.connect(
        lambda fraction, _msg: (progress.append(fraction), task.cancel()),
        Qt.ConnectionType.DirectConnection)
    with qtbot.waitSignal(task.cancelled, timeout=120_000):
        pass
    assert progress and printed == []
    assert not out.exists()  # the half-printed file is gone
    assert printing.print_task is task and task.done


def test_print_handouts_without_a_calendar_explains(qtbot):
    window = MainWindow(synthetic_plan(20, territories=2))
    qtbot.addWidget(window)
    ui = window.actions_ui
    messages: list[str] = []
    ui.files.show_error = lambda message, user_error=True: messages.append(message)
    ui.actions["print_handouts"].trigger()
    assert messages and "calendar" in messages[0]
    assert without_access_key(ui.actions["export_pdf"].text()) == "Export handouts as PDF…"


def test_cancelling_the_build_opens_no_preview_and_leaves_no_file(qtbot, plan):
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


def test_a_bad_page_range_is_one_clear_sentence(qtbot, tmp_path, plan, handouts):
    printing = window_for(qtbot, plan).actions_ui.printing
    messages: list[str] = []
    printing.actions.files.show_error = lambda message, user_error=True: messages.append(message)
    print_to_file(printing, tmp_path / "none.pdf", pages=(90, 99))
    task = printing.print_handouts(str(handouts))
    with qtbot.waitSignal(task.failed, timeout=60_000):
        pass
    assert messages == [f"The handouts have pages 1 to {page_count(handouts)}: choose pages "
                        "among them."]
    assert not (tmp_path / "none.pdf").exists()


def test_choosing_a_week_shows_that_weeks_pages(qtbot, tmp_path):
    import dataclasses
    import re

    from pypdf import PdfReader

    two = synthetic_plan(30, territories=2, seed=3)
    two = build_schedule(
        two.replace(settings=dataclasses.replace(two.settings, start_date="2026-12-07")),
        weeks=2, route_seconds=0.01,
    )
    window = window_for(qtbot, two)
    printing = window.actions_ui.printing
    seen: dict[str, object] = {}

    def preview(pdf_path: str) -> None:
        dialog = printing.preview_dialog(pdf_path)
        qtbot.addWidget(dialog)
        dialog.show()
        combo = dialog.week_combo
        seen["titles"] = [combo.itemText(i) for i in range(combo.count())]
        seen["all"] = dialog.page_count()
        combo.setCurrentIndex(combo.findData(2))  # week 2's pages, built in a worker
        with qtbot.waitSignal(printing.rep_task.finished, timeout=120_000):
            pass
        seen["week"] = (dialog.week, dialog.page_count())
        seen["overview"] = PdfReader(dialog.pdf_path).pages[0].extract_text()
        rep = two.territories[0].id
        dialog.rep_combo.setCurrentIndex(dialog.rep_combo.findData(rep))  # one rep, week 2
        with qtbot.waitSignal(printing.rep_task.finished, timeout=120_000):
            pass
        seen["rep"] = (dialog.rep_id, dialog.week, dialog.page_count())
        combo.setCurrentIndex(0)  # back to every week of that rep
        with qtbot.waitSignal(printing.rep_task.finished, timeout=120_000):
            pass
        seen["back"] = (dialog.rep_id, dialog.week, dialog.page_count(), combo.isEnabled())
        dialog.close()

    printing.show_preview = preview
    with qtbot.waitSignal(printing.pdfReady, timeout=120_000):
        printing.start()
    s = two.schedule
    titles = seen["titles"]
    # one pair of brackets: it read "Week 1 (12/7 (Mon) – 12/11 (Fri))"
    assert titles[:3] == ["All weeks", "Week 1 (Mon 12/7 – Fri 12/11)",
                          "Week 2 (Mon 12/14 – Fri 12/18)"]
    assert len(titles) == 1 + int(s["week"].max())  # every week of the horizon
    week2 = s[s["week"] == 2]
    pages = week2["territory"].nunique() + int(week2[["territory", "day"]].drop_duplicates().shape[0])
    assert seen["week"] == (2, pages)
    # the overview's week-by-day table: week 2 alone, as the pages after it (it listed both)
    assert re.findall(r"^Week \d+", str(seen["overview"]), flags=re.M) == ["Week 2"]
    rep = two.territories[0].id
    mine = week2[week2["territory"] == rep]
    assert seen["rep"] == (rep, 2, 1 + int(mine["day"].nunique()))
    assert seen["back"] == (rep, 0, rep_pages(two, rep), True)


def test_the_rep_and_week_labels_read_alike_in_japanese(qtbot, handouts):
    """「担当者:」 and 「週:」 side by side above the pages (the week's had a half-width colon,
    「週:」, beside the rep's full-width one; both now take the catalogue's ASCII one)."""
    from PySide6.QtWidgets import QLabel

    from planner.i18n import set_language

    set_language("ja")
    dialog = HandoutPreviewDialog(str(handouts), [])
    qtbot.addWidget(dialog)
    labels = [w.text().strip() for w in dialog.choices_bar.findChildren(QLabel)]
    assert labels == ["担当者:", "週:"]


def test_print_handouts_for_reps_idle_in_the_chosen_weeks_says_so_before_any_work(
        qtbot, plan, monkeypatch):
    """Export handouts as PDF… said "no visits in the chosen weeks" before anything was
    built; Print handouts… built in a worker first and failed there: it says the same
    sentence now, and builds nothing."""
    from planner.export import handouts as handouts_module
    from planner.export.excel_routes import rep_title

    one = plan.territories[0]
    s = plan.schedule
    quiet = plan.replace(schedule=s.assign(week=s["week"].where(s["territory"] != one.id, 2)))
    ui = window_for(qtbot, quiet).actions_ui
    shown: list[str] = []
    built: list[object] = []
    ui.files.show_error = lambda message, user_error=True: shown.append(message)
    ui.files.ask_export_choice = lambda *_args, **_kw: ExportChoice((one.id,), (1,))
    monkeypatch.setattr(handouts_module, "export_handouts", lambda *a, **_kw: built.append(a))
    ui.actions["print_handouts"].trigger()
    assert shown == [f"{rep_title(one)}: no visits in the chosen weeks, so no handouts."]
    assert ui.printing.task is None and ui.printing._tmpdir is None and built == []


def test_the_previews_week_without_visits_of_the_rep_is_said_before_any_work(qtbot, plan):
    """In the preview, a rep and a week in which they have no visits built in a worker and
    failed there; the same sentence now comes at once, and the pages shown stay."""
    from planner.export.excel_routes import rep_title

    one = plan.territories[0]
    s = plan.schedule
    quiet = plan.replace(schedule=s.assign(week=s["week"].where(s["territory"] != one.id, 2)))
    printing = window_for(qtbot, quiet).actions_ui.printing
    shown: list[str] = []
    printing.actions.files.show_error = lambda message, user_error=True: shown.append(message)
    seen: dict[str, object] = {}

    def preview(pdf_path: str) -> None:
        dialog = printing.preview_dialog(pdf_path)
        qtbot.addWidget(dialog)
        seen["task"] = printing.show_rep(dialog, one.id, 1)
        seen["shown"] = (dialog.rep_id, dialog.week, dialog.pdf_path == pdf_path)
        dialog.close()

    printing.show_preview = preview
    with qtbot.waitSignal(printing.pdfReady, timeout=120_000):
        printing.start()
    assert shown == [f"{rep_title(one)}: no visits in the chosen weeks, so no handouts."]
    assert seen == {"task": None, "shown": ("", 0, True)}


def test_one_chosen_week_is_the_only_week_offered(qtbot, handouts):
    """第2週 chosen before the build: the week box offers 第2週 alone (「選択したすべての週」
    beside it meant the same pages under a second name); two chosen weeks keep "all"."""
    weeks = [(2, "Week 2"), (3, "Week 3")]
    one = HandoutPreviewDialog(str(handouts), [], weeks=weeks[:1], chosen=(False, True))
    two = HandoutPreviewDialog(str(handouts), [], weeks=weeks, chosen=(False, True))
    for dialog in (one, two):
        qtbot.addWidget(dialog)
    items = [(one.week_combo.itemText(i), one.week_combo.itemData(i))
             for i in range(one.week_combo.count())]
    assert items == [("Week 2", 0)]  # 0: the pages built, which are that week's
    one.show_pdf(str(handouts), "", 0)
    assert one.week_combo.currentText() == "Week 2"
    assert [two.week_combo.itemText(i) for i in range(two.week_combo.count())] == [
        "All chosen weeks", "Week 2", "Week 3"]
