"""The main window's status bar, its message shown whole: what an edit did is often two or
three sentences in Japanese (「顧客 山崎クリニックを編集しました。…訪問頻度は規則により毎週に
なります。」), and Qt draws a status message on one line, cut at the window's edge, the rest
only on hover. Here the message wraps, up to three lines, then 「詳しく…」 opens the whole of
it; a ✕ closes it. It never wraps inside a name of the plan, a short quoted name or a
figure with its counter (「山田 太 / 郎」). The bar keeps the message (``showMessage``, ``currentMessage``, its
timeout and ``messageChanged`` work as Qt's), so every caller stays as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent, QTextLayout
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QStatusBar,
    QStyle,
    QStyleOption,
    QToolButton,
    QWidget,
)

from planner.i18n import tr
from planner.ui.phrase_label import names_whole, plain

#: The most lines a message takes in the bar; a longer one ends in "…" and 「詳しく…」
MOST_LINES = 3
#: The strip's look: a pale band, its text a little off its edges
STRIP_STYLE = "#noteStrip { background: #eef3fa; border: 1px solid #c9d7ea; border-radius: 3px; }"


def _lines(layout: QTextLayout, text: str, width: int) -> list[str]:
    """``text`` broken into the lines a word-wrapped label ``width`` px wide shows (Japanese
    breaks between any two characters, English between words)."""
    layout.setText(text.replace("\n", "\u2028"))  # a line break of the message's own
    layout.beginLayout()
    starts = []
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        starts.append((line.textStart(), line.textLength()))
    layout.endLayout()
    return [text[s:s + n] for s, n in starts] or [""]


class NoteLabel(QLabel):
    """The message, wrapped to the width it gets, at most :data:`MOST_LINES` lines high."""

    def __init__(self, strip: NoteStrip):
        super().__init__(strip)
        self._strip = strip
        self.whole = ""
        self._kept = ""  # the message, its names and figures held unbroken
        self._shown = ""  # what the label shows, as plain text (:meth:`text`)
        #: the names the message may hold, each kept on one line (the window gives its
        #: plan's reps and territories)
        self.names: Callable[[], Iterable[str]] = tuple
        self.cut = False  # the label shows the first lines only, ending in "…"
        self.setObjectName("noteText")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(120)
        self.setContentsMargins(2, 1, 2, 1)

    def text(self) -> str:  # type: ignore[override]
        """The text shown, as plain text (without what keeps names unbroken)."""
        return self._shown

    def set_whole(self, text: str) -> None:
        self.whole = text
        self._kept = names_whole(text, self.names()) if text else ""
        # as wide as the sentence and no wider: what follows it (the area offer's buttons,
        # 「詳しく…」) sits right after its end
        margins = self.contentsMargins()
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance(text) + margins.left()
                             + margins.right() + 8)
        self.fit()

    def fit(self) -> None:
        """Show the message's lines at the present width, cut after :data:`MOST_LINES`."""
        width = max(1, self.contentsRect().width())
        kept = self._kept
        layout = QTextLayout(kept, self.font())
        lines = _lines(layout, kept, width)
        self.cut = len(lines) > MOST_LINES
        if self.cut:
            head = "".join(lines[:MOST_LINES - 1])
            rest = kept[len(head):].replace("\n", " ")
            last = self.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, width)
            if last == rest:  # cut by the message's own line breaks: the third line, "…"
                last = self.fontMetrics().elidedText(
                    lines[MOST_LINES - 1].rstrip("\n") + "…", Qt.TextElideMode.ElideRight,
                    width)
            shown = head + last
        else:
            shown = kept
        self._shown = self.whole if shown == kept else plain(shown)
        if QLabel.text(self) != shown:
            self.setText(shown)
        # the height the label's own wrapping takes at this width (heightForWidth would
        # keep the fixed height set before)
        margins = self.contentsMargins()
        wrapped = self.fontMetrics().boundingRect(
            0, 0, width, 1 << 20, int(Qt.TextFlag.TextWordWrap), shown)
        height = wrapped.height() + margins.top() + margins.bottom()
        if self.height() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)
            self._strip.height_changed()
        self._strip.more_button.setVisible(self.cut)
        self.setToolTip(self.whole if self.cut else "")

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        """No: :meth:`fit` sets the height (the bar's layout asked a wrapping label its
        height at a narrower width and grew by a line under a one-line note)."""
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit()


class NoteStrip(QWidget):
    """The message's place in the bar: its text, then whatever answers it (the area offer's
    buttons, :meth:`add_widget`), 「詳しく…」 when cut, and ✕ at the far end."""

    def __init__(self, bar: QStatusBar):
        super().__init__(bar)
        self.setObjectName("noteStrip")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STRIP_STYLE)  # set apart from the bar's other texts, softly
        self._bar = bar
        self._box: QMessageBox | None = None
        self._reformat_due = False
        self.more_button = QToolButton(self)
        self.more_button.setObjectName("noteMore")
        self.more_button.setAutoRaise(True)
        self.more_button.clicked.connect(self.show_whole)
        self.label = NoteLabel(self)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("noteClose")
        self.close_button.setText("✕")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(bar.clearMessage)
        for button in (self.more_button, self.close_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the map or list keeps the keys
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(4, 0, 0, 0)
        self.row.setSpacing(6)
        self.row.addWidget(self.label, 100, Qt.AlignmentFlag.AlignVCenter)
        self.row.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.row.addStretch(1)
        self.row.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignTop)
        self.more_button.setVisible(False)
        self.retranslate()

    def height_changed(self) -> None:
        """The bar takes its height from its widgets' only when it lays them out anew
        (``QStatusBar.reformat``): soon, not inside the label's own resize."""
        if not self._reformat_due:
            self._reformat_due = True
            QTimer.singleShot(0, self._reformat)

    def _reformat(self) -> None:
        self._reformat_due = False
        bar = self._bar
        if isinstance(bar, NoteBar):
            bar.fit_height()

    def add_widget(self, widget: QWidget) -> None:
        """Put ``widget`` right after the message (before 「詳しく…」)."""
        self.row.insertWidget(1, widget, 0, Qt.AlignmentFlag.AlignVCenter)

    def say(self, text: str) -> None:
        """Show ``text`` (the bar's message); hide with none."""
        if self._box is not None and text != self._box.text():
            self._box.close()
        self.label.set_whole(text)
        self.setVisible(bool(text))

    def show_whole(self) -> None:
        """The whole message in a box (it ran past :data:`MOST_LINES` lines)."""
        box = QMessageBox(QMessageBox.Icon.Information, tr("Note"), self.label.whole,
                          QMessageBox.StandardButton.Ok, self.window())
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.destroyed.connect(lambda: setattr(self, "_box", None))
        self._box = box
        box.open()

    def retranslate(self) -> None:
        self.more_button.setText(tr("More…"))
        self.more_button.setToolTip(tr("Show the whole message"))
        self.close_button.setToolTip(tr("Close this message"))


class NoteBar(QStatusBar):
    """The status bar whose message wraps in :class:`NoteStrip` instead of being cut."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("noteBar")
        self.strip = NoteStrip(self)
        self.addPermanentWidget(self.strip, 1)
        self.strip.setVisible(False)
        # as high with a one-line message as without: a short note moves nothing above it
        self.strip.say("あA")  # (a Japanese line is taller than a Latin one)
        self._least = max(self.strip.sizeHint().height(), self.sizeHint().height())
        self.strip.say("")
        self.setMinimumHeight(self._least)
        self.messageChanged.connect(self.strip.say)

    def fit_height(self) -> None:
        """As high as the message's lines (the main window gives its status bar its least
        height), never lower than with a one-line message."""
        self.reformat()
        layout = self.layout()
        wanted = layout.totalMinimumSize().height() if layout is not None else 0
        self.setMinimumHeight(max(self._least, wanted))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """The bar's panel without its one-line message (the strip shows it)."""
        painter = QPainter(self)
        option = QStyleOption()
        option.initFrom(self)
        self.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelStatusBar, option, painter,
                                   self)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.PaletteChange):
            # a warning's red (the bar's style sheet) on the message's own label
            colour = self.palette().windowText().color().name()
            self.strip.label.setStyleSheet(f"color: {colour};" if self.styleSheet() else "")


def note_strip(window: QMainWindow) -> NoteStrip:
    """The window's message strip (a :class:`NoteBar` is its status bar)."""
    bar = window.statusBar()
    assert isinstance(bar, NoteBar), "the window's status bar is a NoteBar"
    return bar.strip
