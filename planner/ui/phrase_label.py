"""A word-wrapped label of phrases joined by " — " that wraps between the phrases, not inside
one: Japanese may break between any two characters, and the Calendar dock's line wrapped
inside 「うち要修正6件」 at the widths a manager's window has."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

SEPARATOR = " — "
WORD_JOINER = "\u2060"


class PhraseLabel(QLabel):
    """:meth:`setText` takes plain text; :meth:`text` gives it back. Each phrase narrower than
    the label is kept on one line (a wider one, a whole sentence, wraps as usual, so the
    label never widens its dock); the dash stays with the phrase before it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._plain = ""
        self._shown = ""
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)

    def text(self) -> str:  # type: ignore[override]
        return self._plain

    def setText(self, text: str) -> None:  # type: ignore[override]  # noqa: N802 - Qt's name
        self._plain = text
        self._render()

    def phrases_html(self, width: int) -> str:
        """The text as rich text for a label ``width`` pixels wide."""
        metrics = self.fontMetrics()
        pieces = []
        for phrase in self._plain.split(SEPARATOR):
            if metrics.horizontalAdvance(phrase) <= width:
                # no break inside: Qt breaks Japanese between any two characters, but not
                # beside a word joiner or at a no-break space
                pieces.append(html.escape(unbroken(phrase), quote=False))
            else:
                pieces.append(html.escape(phrase, quote=False))
        return "&nbsp;— ".join(pieces).replace("\n", "<br>")

    def shown_text(self) -> str:
        """The rich text shown now."""
        return QLabel.text(self)

    def _render(self) -> None:
        # a few pixels short of the width: a phrase just as wide must not push the label wider
        shown = self.phrases_html(max(1, self.contentsRect().width() - 2 * self.margin() - 4))
        if shown != self._shown:
            self._shown = shown
            super().setText(shown)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._render()


#: a figure and the character after it (「14件」, 「7.8時間」, 「4.3%」)
_FIGURE = re.compile(r"\d[\d,.]*\d?\S")


def figures_whole(text: str) -> str:
    """``text`` with each figure held to its counter by word joiners: Qt broke the calendar
    report's 「訪問 14件」 into 「14」 at a line's end and 「件は…」 on the next."""
    return _FIGURE.sub(lambda found: WORD_JOINER.join(found.group()), text)


def unbroken(text: str) -> str:
    """``text`` that no line breaks inside, for plain text (a message box's): word joiners
    between its characters, its spaces no-break spaces. The shared-plan question broke
    「12月2日 / 06:14」 across two lines."""
    return WORD_JOINER.join(text.replace(" ", "\u00a0"))


#: a short quoted name (「山崎クリニック」の位置を変更)
_QUOTED = re.compile(r"「[^」\n]{1,24}」")


def names_whole(text: str, names: Iterable[str]) -> str:
    """``text`` with each of ``names`` in it (the reps', the territories'), each short quoted
    name and each figure with its counter unbroken: the status bar wrapped inside 「山田 太 /
    郎」. Plain text for a label; it reads as ``text``."""
    text = figures_whole(text)
    for name in sorted({n.strip() for n in names if len(n.strip()) > 1}, key=len, reverse=True):
        if name in text:
            text = text.replace(name, unbroken(name))
    return _QUOTED.sub(lambda found: unbroken(found.group()), text)


def plain(text: str) -> str:
    """``text`` without what :func:`names_whole` put in (for a message that had no no-break
    space of its own)."""
    return text.replace(WORD_JOINER, "").replace("\u00a0", " ")


class FiguresLabel(QLabel):
    """A word-wrapped label that never breaks a figure from its counter; :meth:`text` gives
    the plain text back."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._plain = ""
        self.setWordWrap(True)
        self.setText(text)

    def text(self) -> str:  # type: ignore[override]
        return self._plain

    def setText(self, text: str) -> None:  # type: ignore[override]  # noqa: N802 - Qt's name
        self._plain = text
        super().setText(figures_whole(text))
