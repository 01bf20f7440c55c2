"""Keeps a red mark red on a selected row (:class:`RedMarkDelegate`): in the Calendar dock's
stop list the arrival of a stop past the rep's day, and a visit outside its customer's hours,
are red, and the selection's colours (white on blue) hid exactly the row the manager picked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

#: The red of the marks (the grid's long day, the stop list's late arrival).
RED = QColor("#c62828")
#: A selected red cell's background: pale, so the red still reads on it.
PALE = QColor("#ffe0e0")


class RedMarkDelegate(QStyledItemDelegate):
    """Paints a selected cell whose text is red in red on a pale background (any other cell
    as usual): the red says something about the stop, so picking it must not hide it."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        brush = index.data(Qt.ItemDataRole.ForegroundRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        if not selected or brush is None or QBrush(brush).color() != RED:
            super().paint(painter, option, index)
            return
        kept = QStyleOptionViewItem(option)
        palette = QPalette(option.palette)  # type: ignore[attr-defined]
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.HighlightedText, RED)
            palette.setColor(group, QPalette.ColorRole.Highlight, PALE)
        kept.palette = palette  # type: ignore[attr-defined]
        super().paint(painter, kept, index)
