"""Full-width digits typed into number boxes, read as the digits they are.

A Japanese input method types １２ (full-width) unless switched off. Qt's number boxes
(``QSpinBox``, ``QDoubleSpinBox``, ``QDateEdit``) accept only ASCII digits and drop the
rest without a word, while the program's text fields read full-width text (NFKC). An event
filter on each number box of a dialog (:func:`accept_wide_digits`) turns a full-width key or
committed text into its ASCII form (NFKC) before the box sees it. (A filter on the whole
application would be simpler, but with QtWebEngine in the process PySide6 6.12 crashes
with any Python application-wide event filter.)
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QInputMethodEvent, QKeyEvent
from PySide6.QtWidgets import QAbstractSpinBox, QDateEdit, QLineEdit, QWidget


def _in_number_box(obj: QObject) -> bool:
    return isinstance(obj, QAbstractSpinBox) or isinstance(obj.parent(), QAbstractSpinBox)


def _ascii(text: str) -> str | None:
    """``text`` in ASCII when NFKC makes it so and it was not already ("" stays None)."""
    if not text or text.isascii():
        return None
    plain = unicodedata.normalize("NFKC", text)
    return plain if plain.isascii() and plain != text else None


class WideDigits(QObject):
    """The event filter (:func:`install` puts one on the application)."""

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.InputMethod):
            return False
        if not _in_number_box(obj):
            return False
        if kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            plain = _ascii(event.text())
            if plain is None:
                return False
            key = Qt.Key(ord(plain.upper())) if len(plain) == 1 else Qt.Key.Key_unknown
            QCoreApplication.sendEvent(
                obj, QKeyEvent(QEvent.Type.KeyPress, key, event.modifiers(), plain)
            )
            return True
        assert isinstance(event, QInputMethodEvent)
        plain = _ascii(event.commitString())
        if plain is None:
            return False
        again = QInputMethodEvent(event.preeditString(), event.attributes())
        again.setCommitString(plain, event.replacementStart(), event.replacementLength())
        QCoreApplication.sendEvent(obj, again)
        return True


_filter: list[WideDigits] = []


def accept_wide_digits(root: QWidget) -> None:
    """Let ``root`` (a number box) or every number box inside it (a dialog, once its boxes
    are made) read full-width digits."""
    if not _filter:
        _filter.append(WideDigits(QCoreApplication.instance()))
    wide = _filter[0]
    own = [root] if isinstance(root, QAbstractSpinBox) else []
    for box in own + list(root.findChildren(QAbstractSpinBox)):
        box.installEventFilter(wide)
        edit = box.findChild(QLineEdit)
        if edit is not None:
            edit.installEventFilter(wide)


class DateBox(QDateEdit):
    """A date box that reads ``2026-12-24`` typed whole: Qt moves on to the month once the
    year's four digits are in, and the ``-`` typed next moved on once more, to the day, so
    the month went into the day. A separator right after such a move is taken as typed."""

    _SEPARATORS = frozenset("-/. ")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._moved_on = False  # the last digit filled a part and moved to the next one

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = unicodedata.normalize("NFKC", event.text())
        if text and text in self._SEPARATORS and self._moved_on:
            self._moved_on = False
            event.accept()
            return
        before = self.currentSection()
        super().keyPressEvent(event)
        self._moved_on = text.isdigit() and self.currentSection() != before
