"""The print preview of the handouts: a lazily drawn PDF view with printing and rep choice.

Qt's ``QPrintPreviewDialog`` paints every page up front on the GUI thread and keeps them all
as pictures (minutes and gigabytes for 50 reps). Here a ``QPdfView`` in multi-page mode
shows the handouts PDF itself: Qt renders only the pages that scroll into view. The dialog
holds no printing logic; it asks through its signals and
:class:`planner.ui.handout_printing.HandoutPrinting` answers (printing runs in a worker).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QAction, QColor, QKeySequence, QPalette
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QSizePolicy,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from planner.i18n import tr
from planner.ui.screen_fit import fit_to_screen
from planner.ui.wide_input import accept_wide_digits

#: Zoom steps of "Zoom in" / "Zoom out", and the bounds of a custom zoom.
ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.1, 8.0


class HandoutPreviewDialog(QDialog):
    """Shows one handouts PDF (all reps or one rep's pages) and offers Print… / Save as PDF….

    ``reps`` lists ``(territory id, title)`` of the reps in the PDF; choosing one emits
    ``repChosen(id)`` ("" for all reps) and the owner answers with :meth:`show_pdf` (or
    :meth:`revert_rep` when the pages could not be made). ``chosen``: the PDF holds some reps
    (some weeks) chosen before it was built, and "All …" names those; ``note`` names the
    chosen reps the PDF leaves out.
    """

    repChosen = Signal(str)
    weekChosen = Signal(int)  # 0 = every week
    printRequested = Signal(str)  # the PDF shown now
    saveRequested = Signal(str)

    def __init__(
        self,
        pdf_path: str,
        reps: list[tuple[str, str]],
        parent: QWidget | None = None,
        weeks: list[tuple[int, str]] | None = None,
        *,
        chosen: tuple[bool, bool] = (False, False),
        note: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle(tr("Print handouts"))
        self.setObjectName("handout_preview")
        self.pdf_path = ""
        self.rep_id = ""
        self.week = 0  # the calendar week shown, 0 = every week
        self._weeks = weeks or []
        self._chosen = chosen  # (some reps, some weeks) chosen before the build: "all" is theirs
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("handout_pages")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)  # pages drawn as they come into view
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.view.setPageSpacing(12)
        palette = self.view.palette()  # white pages on grey, as print previews look
        palette.setColor(QPalette.ColorRole.Dark, QColor("#8a8a8a"))
        self.view.setPalette(palette)
        self.view.setBackgroundRole(QPalette.ColorRole.Dark)
        self.toolbar = QToolBar(self)
        self.toolbar.setObjectName("handout_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self._build_toolbar(reps)
        # the chosen reps left out (no visits in the chosen weeks), under the choices
        self.note_label = QLabel(note, self)
        self.note_label.setObjectName("handout_left_out")
        self.note_label.setWordWrap(True)
        self.note_label.setContentsMargins(8, 4, 8, 4)
        self.note_label.setVisible(bool(note))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.choices_bar)
        layout.addWidget(self.note_label)
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._on_navigator_page_changed)
        self.view.zoomModeChanged.connect(self._on_view_zoom_mode_changed)
        self.show_pdf(pdf_path, "")
        self._fit_to_screen()

    def _fit_to_screen(self) -> None:
        """Wide enough for the whole toolbar, tall enough for a page, within the screen."""
        fit_to_screen(self, max(900, self.toolbar.sizeHint().width() + 16), 1000)

    # -- toolbar ---------------------------------------------------------------------------
    def _action(self, name: str, text: str, slot, shortcut=None) -> QAction:
        action = QAction(text, self)
        action.setIconText(text)  # toolbar buttons keep the "…" of a button that asks more
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        self.toolbar.addAction(action)
        return action

    def _build_toolbar(self, reps: list[tuple[str, str]]) -> None:
        self.actions_by_name: dict[str, QAction] = {}
        a = self.actions_by_name
        a["previous"] = self._action(
            "action_previous_page", "◀", lambda: self.go_to_page(self.current_page() - 1),
            QKeySequence.StandardKey.MoveToPreviousPage,
        )
        a["previous"].setToolTip(tr("Previous page"))
        self.page_label = QLabel(tr("Page"), self)
        self.toolbar.addWidget(self.page_label)
        self.page_spin = QSpinBox(self)
        self.page_spin.setObjectName("page_spin")
        self.page_spin.setKeyboardTracking(False)
        self.page_spin.valueChanged.connect(lambda value: self.go_to_page(value - 1))
        self.toolbar.addWidget(self.page_spin)
        self.page_count_label = QLabel(self)
        self.page_count_label.setObjectName("page_count_label")
        self.toolbar.addWidget(self.page_count_label)
        a["next"] = self._action(
            "action_next_page", "▶", lambda: self.go_to_page(self.current_page() + 1),
            QKeySequence.StandardKey.MoveToNextPage,
        )
        a["next"].setToolTip(tr("Next page"))
        self.toolbar.addSeparator()
        a["fit_width"] = self._action("action_fit_width", tr("Fit width"), self.fit_width)
        a["fit_page"] = self._action("action_fit_page", tr("Fit page"), self.fit_page)
        for key in ("fit_width", "fit_page"):
            a[key].setCheckable(True)
        a["zoom_out"] = self._action(
            "action_zoom_out", "−", lambda: self.zoom_by(1 / ZOOM_STEP),
            QKeySequence.StandardKey.ZoomOut,
        )
        a["zoom_out"].setToolTip(tr("Zoom out"))
        a["zoom_in"] = self._action(
            "action_zoom_in", "+", lambda: self.zoom_by(ZOOM_STEP),
            QKeySequence.StandardKey.ZoomIn,
        )
        a["zoom_in"].setToolTip(tr("Zoom in"))
        # the rep and week on a row of their own: Print, Save and Close stay in sight on a
        # laptop at 150 % (one row wanted 999 px of its 810, and hid them behind »)
        self.choices_bar = QToolBar(self)
        self.choices_bar.setObjectName("handout_choices")
        self.choices_bar.addWidget(QLabel(tr("Rep:"), self))
        self.rep_combo = QComboBox(self)
        self.rep_combo.setObjectName("rep_combo")
        # as wide as the longest "rep (territory)": 14 letters' width cut Japanese names
        self.rep_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        if self._chosen[0] and len(reps) == 1:
            # one rep chosen: named, not 「選択した全担当者」 for that same rep (as one week is)
            self.rep_combo.addItem(reps[0][1], "")
        else:
            self.rep_combo.addItem(tr("All chosen reps") if self._chosen[0] else tr("All reps"),
                                   "")
            for rep_id, title in reps:
                self.rep_combo.addItem(title, rep_id)
        popup = self.rep_combo.view()
        popup.setMinimumWidth(popup.sizeHintForColumn(0) + 2 * popup.frameWidth() + 24)
        self.rep_combo.currentIndexChanged.connect(self._on_rep_combo_changed)
        self.choices_bar.addWidget(self.rep_combo)
        # one week's pages: next week's route handouts, as a manager hands them out
        self.choices_bar.addWidget(QLabel(" " + tr("Week:"), self))
        self.week_combo = QComboBox(self)
        self.week_combo.setObjectName("week_combo")
        if self._chosen[1] and len(self._weeks) == 1:
            # one week chosen: "all chosen weeks" would be that same week under a second name
            self.week_combo.addItem(self._weeks[0][1], 0)
        else:
            self.week_combo.addItem(
                tr("All chosen weeks") if self._chosen[1] else tr("All weeks"), 0)
            for week, title in self._weeks:
                self.week_combo.addItem(title, week)
        self.week_combo.currentIndexChanged.connect(self._on_week_combo_changed)
        self.choices_bar.addWidget(self.week_combo)
        self.toolbar.addSeparator()
        a["print"] = self._action(
            "action_print_handouts", tr("Print…"), lambda: self.printRequested.emit(self.pdf_path),
            QKeySequence.StandardKey.Print,
        )
        a["save"] = self._action(
            "action_save_handouts_pdf", tr("Save as PDF…"),
            lambda: self.saveRequested.emit(self.pdf_path),
        )
        spacer = QWidget(self)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.toolbar.addWidget(spacer)
        a["close"] = self._action("action_close_preview", tr("Close"), self.reject)
        self._on_view_zoom_mode_changed(self.view.zoomMode())
        accept_wide_digits(self.page_spin)  # a page number typed full-width

    # -- the document ----------------------------------------------------------------------
    def show_pdf(self, pdf_path: str, rep_id: str, week: int = 0) -> None:
        """Show ``pdf_path`` (the pages of ``rep_id``, "" for all reps, and of ``week``, 0 for
        every week) from its first page."""
        self.pdf_path = pdf_path
        self.rep_id = rep_id
        self.week = week
        self.document.load(pdf_path)  # reads the page table only: nothing is drawn here
        pages = self.page_count()
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1 if pages else 0, max(pages, 1) if pages else 0)
        self.page_spin.setValue(1 if pages else 0)
        self.page_spin.blockSignals(False)
        self.page_count_label.setText(" " + tr("of {pages}", pages=pages) + " ")
        self.select_rep(rep_id)
        self._select_week(week)
        self.rep_combo.setEnabled(True)
        self.week_combo.setEnabled(True)
        self.go_to_page(0)
        self._update_navigation()

    def page_count(self) -> int:
        if self.document.status() != QPdfDocument.Status.Ready:
            return 0
        return self.document.pageCount()

    def select_rep(self, rep_id: str) -> None:
        """Show ``rep_id`` as chosen without asking for its pages."""
        index = self.rep_combo.findData(rep_id)
        self.rep_combo.blockSignals(True)
        self.rep_combo.setCurrentIndex(max(index, 0))
        self.rep_combo.blockSignals(False)

    def _select_week(self, week: int) -> None:
        index = self.week_combo.findData(week)
        self.week_combo.blockSignals(True)
        self.week_combo.setCurrentIndex(max(index, 0))
        self.week_combo.blockSignals(False)

    def revert_rep(self) -> None:
        """The chosen pages (rep or week) could not be made: keep showing what is shown."""
        self.select_rep(self.rep_id)
        self._select_week(self.week)
        self.rep_combo.setEnabled(True)
        self.week_combo.setEnabled(True)

    def _on_rep_combo_changed(self, _index: int) -> None:
        rep_id = str(self.rep_combo.currentData() or "")
        if rep_id == self.rep_id:
            return
        self.rep_combo.setEnabled(False)  # until the pages are there (or not)
        self.week_combo.setEnabled(False)
        self.repChosen.emit(rep_id)

    def _on_week_combo_changed(self, _index: int) -> None:
        week = int(self.week_combo.currentData() or 0)
        if week == self.week:
            return
        self.rep_combo.setEnabled(False)
        self.week_combo.setEnabled(False)
        self.weekChosen.emit(week)

    # -- pages and zoom --------------------------------------------------------------------
    def current_page(self) -> int:
        """The page shown (0-based)."""
        return self.view.pageNavigator().currentPage()

    def go_to_page(self, page: int) -> None:
        pages = self.page_count()
        if pages == 0:
            return
        page = max(0, min(page, pages - 1))
        self.view.pageNavigator().jump(page, QPointF(0, 0), self.view.pageNavigator().currentZoom())
        self._update_navigation()

    def _on_navigator_page_changed(self, page: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(page + 1)
        self.page_spin.blockSignals(False)
        self._update_navigation()

    def _update_navigation(self) -> None:
        page, pages = self.current_page(), self.page_count()
        self.actions_by_name["previous"].setEnabled(page > 0)
        self.actions_by_name["next"].setEnabled(page < pages - 1)

    def fit_width(self) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.go_to_page(page)

    def fit_page(self) -> None:
        page = self.current_page()
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        self.go_to_page(page)

    def effective_zoom(self) -> float:
        """The zoom factor shown now (a fitted view's too), 1.0 being the page's real size."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.page_count() == 0:
            return self.view.zoomFactor()
        size = self.document.pagePointSize(self.current_page())
        dpi = self.view.logicalDpiX() / 72.0  # QPdfView's zoom 1.0: points at screen size
        viewport = self.view.viewport().size()
        margins = self.view.documentMargins()
        width = max(1, viewport.width() - margins.left() - margins.right())
        height = max(1, viewport.height() - margins.top() - margins.bottom())
        if size.width() <= 0 or size.height() <= 0:
            return 1.0
        zoom = width / (size.width() * dpi)
        if self.view.zoomMode() == QPdfView.ZoomMode.FitInView:
            zoom = min(zoom, height / (size.height() * dpi))
        return zoom

    def zoom_by(self, factor: float) -> None:
        page = self.current_page()
        zoom = min(ZOOM_MAX, max(ZOOM_MIN, self.effective_zoom() * factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)
        self.go_to_page(page)

    def _on_view_zoom_mode_changed(self, mode: QPdfView.ZoomMode) -> None:
        self.actions_by_name["fit_width"].setChecked(mode == QPdfView.ZoomMode.FitToWidth)
        self.actions_by_name["fit_page"].setChecked(mode == QPdfView.ZoomMode.FitInView)

    def done(self, result: int) -> None:
        """Closing lets go of the PDF so its temporary file can be removed."""
        super().done(result)
        self.document.close()
