"""The Customers list's cell editors: a territory's and a frequency's combo box.

Editing the territory cell says in the status bar what it did ("Moved 1 customer into
東京エリア."), as assigning a selection does (:mod:`planner.ui.customer_panel`): in red when
it took a rep over their weekly hours.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

from planner._design_changes import territory_label
from planner.frequency import SUPPORTED, frequency_label
from planner.i18n import tr
from planner.maps.actions import over_hours_note
from planner.ui.document import PlanDocument
from planner.ui.edit_notes import assigned_note

#: The frequencies a cell or a selection can be given (0: no regular visit).
FREQUENCIES = (*SUPPORTED, 0.0)


class TerritoryDelegate(QStyledItemDelegate):
    """Edits the territory cell with a combo box of the plan's territories; ``said`` gets
    what the change did, for the status bar ("Moved 1 customer into 東京エリア."), ``warned``
    instead when it took a rep over their weekly hours (said in red)."""

    def __init__(self, document: PlanDocument, parent: Any = None,
                 said: Callable[[str], None] = lambda _text: None,
                 warned: Callable[[str], None] | None = None):
        super().__init__(parent)
        self._doc = document
        self._said = said
        self._warned = warned or said

    def createEditor(self, parent: QWidget, _option: Any, _index: QModelIndex) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        combo.addItem(tr("(unassigned)"), "")
        plan = self._doc.plan
        for t in plan.territories:  # 「新横浜エリア（伊藤 由美）」, as the assign menus: managers
            combo.addItem(territory_label(plan, t.id), t.id)  # move customers to a rep
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        value = editor.currentData()
        if value != index.data(Qt.ItemDataRole.EditRole):
            before = self._doc.plan
            model.setData(index, value, Qt.ItemDataRole.EditRole)
            after = self._doc.plan
            if text := assigned_note(before, after, figures=self._doc.metrics):
                over = over_hours_note(before, after, self._doc.metrics)  # its last sentence
                (self._warned if over else self._said)(text)


class FrequencyDelegate(QStyledItemDelegate):
    """Edits the frequency cell with the frequencies the calendar supports."""

    def createEditor(self, parent: QWidget, _option: Any, _index: QModelIndex) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        for value in FREQUENCIES:
            combo.addItem(tr(frequency_label(value)), value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(value, float) and np.isfinite(value):
            best = min(range(len(FREQUENCIES)), key=lambda i: abs(FREQUENCIES[i] - value))
            editor.setCurrentIndex(best)

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        value = float(editor.currentData())
        if value != index.data(Qt.ItemDataRole.EditRole):
            model.setData(index, value, Qt.ItemDataRole.EditRole)
