"""The Customers list's search box: it asks for a search once typing pauses (at once on
Enter), and says when it gets the focus, so the list can make its search texts meanwhile."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from planner.i18n import tr

#: how long typing pauses before the list is searched (a name committed by the input method
#: comes whole; letters typed one by one are searched as the typist pauses)
SEARCH_PAUSE_MS = 80


class SearchBox(QLineEdit):
    """A line edit that emits ``searched(text)`` after a pause in typing, or on Enter."""

    searched = Signal(str)
    focused = Signal()  # the box got the keyboard focus: a search is coming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(160)  # a narrow window squeezes the filters, not the search
        self.setClearButtonEnabled(True)
        self.pause = QTimer(self)  # a key is 10–50 ms at 100,000 customers: no need to wait long
        self.pause.setSingleShot(True)
        self.pause.setInterval(SEARCH_PAUSE_MS)
        self.pause.timeout.connect(self.search_now)
        self.textChanged.connect(self.pause.start)
        self.returnPressed.connect(self.search_now)  # Enter: no pause
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(tr("Search code, name, reading or address…"))
        self.setToolTip(tr(
            "Part of a code, name, reading or address. Words separated by a space must all be "
            "found; full- and half-width letters, digits and kana, hiragana and katakana, and "
            "the dashes of addresses are alike. Enter searches at once."))

    def search_now(self) -> None:
        self.pause.stop()
        self.searched.emit(self.text())

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.focused.emit()
