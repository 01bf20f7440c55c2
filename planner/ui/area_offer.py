"""The status bar's offer after a customer got a new position inside another territory's
area: "This customer's new position lies in “練馬エリア” (田中 健太). Move it to that
territory?" with a button that moves it (one undo step), never moving it by itself; a locked
customer is only told. After a monthly update, the customers it moved so are counted, with a
button selecting them.

The offer stays while it is true: a step of the undo history that takes the customer back,
or into another territory, withdraws it, as does another message in the status bar.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QPushButton, QWidget

from planner import model as m
from planner.i18n import sentences, tr
from planner.maps.actions import over_hours_note
from planner.territory_areas import (
    AreaMove,
    area_territories,
    moved_into_other_areas,
    moves_text,
    offer_edit,
    offer_text,
)
from planner.ui.document import PlanDocument
from planner.ui.edit_notes import assigned_note
from planner.ui.note_bar import note_strip


def offer_area_moves(doc: PlanDocument, before: m.Plan, customer_ids: Iterable[str],
                     note: str = "") -> bool:
    """Offer to move the customers of ``customer_ids`` whose position the last edit took
    into another territory's area (``before``: the plan before it); ``note``: what the edit
    said, said first. False when there is none to offer."""
    moves = moved_into_other_areas(before, doc.plan, customer_ids)
    if moves:
        doc.areaMovesFound.emit(moves, note, False)
    return bool(moves)


def still_true(plan: m.Plan, moves: Iterable[AreaMove]) -> tuple[AreaMove, ...]:
    """The ``moves`` still so in ``plan``: the customer is there, in its territory, and its
    position in the other territory's area."""
    c = plan.customers.assign(_id=plan.customers[m.CUSTOMER_ID].astype(str)).set_index("_id")
    moves = tuple(mv for mv in moves if mv.customer_id in c.index
                  and str(c.at[mv.customer_id, m.TERRITORY]) == mv.territory
                  and mv.into in plan.territory_ids)
    if not moves:
        return ()
    ids = [mv.customer_id for mv in moves]
    areas = area_territories(plan, c.loc[ids, m.LAT], c.loc[ids, m.LON], skip=ids)
    return tuple(mv for mv, area in zip(moves, areas, strict=True) if area == mv.into)


class AreaOffer(QWidget):
    """The buttons right after the offer's sentence in the status bar (at its far end, a
    wide window left them a hand's width from the question they answer): the sentence is
    the bar's message, which its note strip shows wrapped as wide as it is
    (planner/ui/note_bar.py), this widget right after it."""

    #: what the offer's move did ("Moved 1 customer into 練馬エリア."), for the edit notes;
    #: True: in red (it took a rep over their weekly hours, as the map's edits say it)
    noted = Signal(str, bool)

    def __init__(self, window: QMainWindow, doc: PlanDocument):
        strip = note_strip(window)
        super().__init__(strip)
        self.setObjectName("areaOffer")
        self._window, self.doc = window, doc
        self.moves: tuple[AreaMove, ...] = ()
        self.text = ""
        self.move_button = QPushButton(self)
        self.move_button.setObjectName("areaOfferMove")
        self.move_button.clicked.connect(self._on_move_clicked)
        self.select_button = QPushButton(tr("Select them"), self)
        self.select_button.setObjectName("areaOfferSelect")
        self.select_button.clicked.connect(self._on_select_clicked)
        self.keep_button = QPushButton(self)
        self.keep_button.setObjectName("areaOfferKeep")
        self.keep_button.clicked.connect(self.withdraw)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 4, 0)
        for button in (self.move_button, self.select_button, self.keep_button):
            row.addWidget(button)
        strip.add_widget(self)
        self.setVisible(False)
        window.statusBar().messageChanged.connect(self._on_bar_messageChanged)
        doc.areaMovesFound.connect(self.offer)
        doc.undo_stack.indexChanged.connect(self._on_stack_indexChanged)

    def offer(self, moves: tuple[AreaMove, ...], note: str = "", listed: bool = False) -> None:
        """Say ``moves`` after ``note``: one customer's question and its button, or (several,
        or ``listed`` by an update) their count and the button selecting them."""
        plan = self.doc.plan
        one = len(moves) == 1 and not listed
        # the customer's question after what the edit said; an update's count before its
        # counts (a note longer than three lines ends in 「詳しく…」)
        self.moves = moves
        self.text = (sentences(note, offer_text(plan, moves[0])) if one
                     else sentences(moves_text(plan, moves), note))
        askable = one and not moves[0].locked
        if askable:
            into = plan.territory(moves[0].into)
            self.move_button.setText(tr("Move to {territory}", territory=into.name or into.id))
        self.move_button.setVisible(askable)
        self.select_button.setVisible(not one)
        self.keep_button.setText(tr("Keep its territory") if askable else tr("Dismiss"))
        self._window.statusBar().showMessage(self.text)  # until it is no longer true
        self.setVisible(True)

    def withdraw(self) -> None:
        """Take the offer away (and its sentence, while the status bar still shows it)."""
        if not self.moves:
            return
        self.moves = ()
        self.setVisible(False)
        bar = self._window.statusBar()
        if bar.currentMessage() == self.text:
            bar.clearMessage()

    def _on_bar_messageChanged(self, text: str) -> None:
        if self.moves and text != self.text:  # another message took its place
            self.moves = ()
            self.setVisible(False)

    def _on_stack_indexChanged(self, _index: int) -> None:
        if self.moves and not still_true(self.doc.plan, self.moves):
            self.withdraw()

    def _on_move_clicked(self) -> None:
        if len(self.moves) != 1:
            return
        move, before = self.moves[0], self.doc.plan
        self.withdraw()
        refused = self.doc.try_push(offer_edit(move))
        if refused:
            self._window.statusBar().showMessage(refused, 8000)
        elif text := assigned_note(before, self.doc.plan, figures=self.doc.metrics):
            over = over_hours_note(before, self.doc.plan, self.doc.metrics)  # its last sentence
            self.noted.emit(text, bool(over))  # "Moved 1 customer into 練馬エリア."

    def _on_select_clicked(self) -> None:
        ids = [mv.customer_id for mv in still_true(self.doc.plan, self.moves)]
        if ids:
            self.doc.set_selection(ids)

    def retranslate(self) -> None:
        """Another language: the offer's sentence was in the last one, it goes."""
        self.withdraw()
        self.select_button.setText(tr("Select them"))
