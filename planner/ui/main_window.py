"""The main window: the map in the middle; docks, menus and toolbar come from ``main_actions``."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow

from planner import model as m
from planner.i18n import tr
from planner.ui.document import PlanDocument
from planner.ui.map_view import MapView
from planner.ui.note_bar import NoteBar

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The planner's window; ``readyForScreenshot`` fires once the map has drawn the plan."""

    readyForScreenshot = Signal()

    def __init__(self, plan: m.Plan, path: str = ""):
        super().__init__()
        self.document = PlanDocument(plan, path, self)
        # a long note (what new frequencies do to the reps' weeks) wraps instead of being cut
        # at the window's edge (planner/ui/note_bar.py)
        bar = NoteBar(self)
        self.setStatusBar(bar)
        # its reps' and territories' names never broken at a line's end (「山田 太 / 郎」)
        bar.strip.label.names = lambda: [
            n for t in self.document.plan.territories for n in (t.rep, t.name) if n]
        self.map_view = MapView(self)
        self.setCentralWidget(self.map_view)
        self.map_view.mapReady.connect(self.readyForScreenshot)
        self.map_view.editFailed.connect(self._on_map_view_editFailed)
        # tiles that failed are said once, on the map where the outline replaces them (its
        # notice, planner/maps/static/tp_layers.js), the manager's eyes on the change; the
        # status bar said it too at its far right end, and kept its message for the edits
        self.map_view.tilesUnavailable.connect(self._on_map_view_tilesUnavailable)
        self.map_view.tilesRestored.connect(self._on_map_view_tilesRestored)
        self.map_view.set_document(self.document)
        name = Path(path).name if path else tr("Sample plan")
        self.setWindowTitle(f"{name} — {tr('Territory Planner')}")
        from planner.ui.main_actions import install  # docks, menus, toolbar, autosave, title

        self.actions_ui = install(self)
        from planner.ui.area_offer import AreaOffer  # a new position in another's area

        self.area_offer = AreaOffer(self, self.document)
        self.area_offer.noted.connect(
            lambda text, warn: self.actions_ui.notes.show(text, warn=warn))

    def is_ready(self) -> bool:
        return self.map_view.is_ready()

    def _on_map_view_editFailed(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)

    def _on_map_view_tilesUnavailable(self) -> None:
        # the console says it in the manager's language, as the map's notice does
        log.warning("%s", tr("Map tiles unavailable: showing the offline outline."))

    def _on_map_view_tilesRestored(self) -> None:
        log.info("%s", tr("Map tiles load again."))

    def retranslate(self) -> None:
        """Texts this class shows itself (the rest is in ``main_actions``)."""
        bar = self.statusBar()
        if isinstance(bar, NoteBar):
            bar.strip.retranslate()
        if hasattr(self, "area_offer"):
            self.area_offer.retranslate()
