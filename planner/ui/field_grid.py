"""Label + combo pairs that flow into as many columns as the width allows.

The import dialog's column mapping has sixteen fields; three pairs a row need about
1000 px, more than a 1366×768 laptop at 125 % has. :class:`FieldGrid` puts as many pairs a
row as fit (one on a narrow window), inside a scroll area so that the dialog's buttons stay
on the screen; a label too long for its room is cut short with "…" and shown whole in its
tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QWidget,
)

#: A combo box shows this many characters at least; a longer header is cut short.
COMBO_CHARS = 12
#: A label takes at most this many average characters; a longer one is elided.
LABEL_CHARS = 18


class ElidedLabel(QLabel):
    """A one-line label that, given less room than its text needs, ends in "…" and shows
    the whole text in its tooltip."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._sync_tooltip()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self._sync_tooltip()

    def _sync_tooltip(self) -> None:
        wide = self.fontMetrics().horizontalAdvance(self.text()) > self._cap()
        self.setToolTip(self.text() if wide else "")

    def _cap(self) -> int:
        return self.fontMetrics().averageCharWidth() * LABEL_CHARS

    def sizeHint(self) -> QSize:  # noqa: N802
        hint = super().sizeHint()
        return QSize(min(hint.width(), self._cap()), hint.height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().averageCharWidth() * 6), hint.height())

    def is_elided(self) -> bool:
        return self.fontMetrics().horizontalAdvance(self.text()) > self.contentsRect().width()

    def paintEvent(self, _event: object) -> None:  # noqa: N802
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             rect.width())
        painter.drawText(rect, int(self.alignment() | Qt.AlignmentFlag.AlignVCenter), text)


def narrow_combo(combo: QComboBox, chars: int = COMBO_CHARS) -> QComboBox:
    """A combo box as wide as ``chars`` characters at least, never as wide as its longest
    item (a long header or provider note would widen the whole dialog)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
    return combo


class FieldGrid(QWidget):
    """Pairs of (label, field widget) in as many columns as fit, at most ``most``."""

    def __init__(self, parent: QWidget | None = None, most: int = 3):
        super().__init__(parent)
        self.most = most
        self.pairs: list[tuple[QLabel, QWidget]] = []
        self.grid = QGridLayout(self)
        self.columns = 0

    def add_pair(self, label: QLabel, field: QWidget) -> None:
        label.setParent(self)
        field.setParent(self)
        label.setBuddy(field)
        self.pairs.append((label, field))
        self._flow(max(1, self.columns or self.most), force=True)

    def pair_width(self) -> int:
        label = max((lab.sizeHint().width() for lab, _f in self.pairs), default=0)
        field = max((f.sizeHint().width() for _l, f in self.pairs), default=0)
        return label + field + 2 * self.grid.horizontalSpacing()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """As narrow as one pair: narrower still, the pairs flow into one column."""
        least = super().minimumSizeHint()
        margins = self.grid.contentsMargins()
        one = min(self.pair_width(), least.width() - margins.left() - margins.right())
        return QSize(one + margins.left() + margins.right(), least.height())

    def columns_for(self, width: int) -> int:
        margins = self.grid.contentsMargins()
        room = width - margins.left() - margins.right()
        return max(1, min(self.most, room // max(1, self.pair_width())))

    def _flow(self, columns: int, *, force: bool = False) -> None:
        if columns == self.columns and not force:
            return
        for label, field in self.pairs:
            self.grid.removeWidget(label)
            self.grid.removeWidget(field)
        for c in range(2 * max(self.columns, columns, self.most)):
            self.grid.setColumnStretch(c, 0)
        for i, (label, field) in enumerate(self.pairs):
            row, col = divmod(i, columns)
            self.grid.addWidget(label, row, 2 * col)
            self.grid.addWidget(field, row, 2 * col + 1)
        for col in range(columns):
            self.grid.setColumnStretch(2 * col + 1, 1)
        self.columns = columns
        # place the pairs now: until the posted relayout, the labels kept the narrow cells of
        # the first flow (three columns on a 760 px dialog showed 「顧客コ…」, 「座標（緯度,経…」)
        self.updateGeometry()
        viewport = self.parentWidget()  # in a scroll area: it asks for the new height too
        area = viewport.parentWidget() if viewport is not None else None
        if isinstance(area, QScrollArea):
            area.updateGeometry()
            # as high as the new rows need at once (the first picture squeezed the combos)
            self.resize(self.width(), max(viewport.height(), self.sizeHint().height()))
        self.grid.activate()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._flow(self.columns_for(event.size().width()))


class _ScrollArea(QScrollArea):
    """Asks for all the room its widget would like (a plain one asks for at most 24 lines)
    and, scrolling up and down only, for its widget's least width."""

    def _extra(self) -> int:
        return 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()

    def sizeHint(self) -> QSize:  # noqa: N802
        inner = self.widget()
        if inner is None:
            return super().sizeHint()
        hint = inner.sizeHint()
        return QSize(hint.width() + self._extra(), hint.height() + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        inner = self.widget()
        least = super().minimumSizeHint()
        if inner is None:
            return least
        return QSize(max(least.width(), inner.minimumSizeHint().width() + self._extra()),
                     least.height())


def scrolled(widget: QWidget, parent: QWidget | None = None) -> QScrollArea:
    """``widget`` in a frameless scroll area that scrolls up and down, never sideways."""
    area = _ScrollArea(parent)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
