"""Frequency rules: visits per 4 weeks by rank, optionally overriding per-customer frequencies.

The rules are plan settings (``frequency_by_rank``); customers whose frequency is empty
follow them. "Apply to every customer" also clears the per-customer values. One undo step.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.edits import Batch, Edit, SetFrequency, UpdateSettings
from planner.frequency import SUPPORTED, frequency_label
from planner.i18n import tr
from planner.ui.document import PlanDocument

CHOICES = (*SUPPORTED, 0.0)


def frequency_combo(value: float, parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    for v in CHOICES:
        combo.addItem(tr(frequency_label(v)), v)
    best = min(range(len(CHOICES)), key=lambda i: abs(CHOICES[i] - value))
    combo.setCurrentIndex(best)
    return combo


class FrequencyDialog(QDialog):
    """One combo per rank plus the default; OK pushes one undoable edit."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = document
        s = document.plan.settings
        self.setWindowTitle(tr("Frequency rules"))
        ranks = sorted(set(s.frequency_by_rank) | (set(document.plan.customers[m.RANK]) - {""}))
        form = QFormLayout()
        self.combos: dict[str, QComboBox] = {}
        for rank in ranks:
            combo = frequency_combo(float(s.frequency_by_rank.get(rank, s.default_frequency)), self)
            self.combos[rank] = combo
            form.addRow(tr("Rank {rank}", rank=rank), combo)
        self.default = frequency_combo(s.default_frequency, self)
        form.addRow(tr("Other customers"), self.default)
        self.override = QCheckBox(
            tr("Apply to every customer (replaces frequencies set per customer)"), self
        )
        note = QLabel(tr("Customers without their own frequency follow these rules."), self)
        note.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.override)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def edit(self) -> Edit | None:
        """The edit the dialog's choices make (None when nothing changes)."""
        plan = self.doc.plan
        rules = {rank: float(c.currentData()) for rank, c in self.combos.items()}
        settings = m.Settings.from_dict(
            {
                **plan.settings.to_dict(),
                "frequency_by_rank": rules,
                "default_frequency": float(self.default.currentData()),
            }
        )
        steps: list[Edit] = []
        if settings != plan.settings:
            steps.append(UpdateSettings(settings))
        if self.override.isChecked():
            freq = plan.customers[m.FREQUENCY].to_numpy(dtype=float)
            rows = np.flatnonzero(np.isfinite(freq))
            if len(rows):
                ids = tuple(plan.customers[m.CUSTOMER_ID].to_numpy()[rows].tolist())
                steps.append(SetFrequency(ids, (math.nan,) * len(ids)))
        if not steps:
            return None
        return Batch(tuple(steps), tr("Frequency rules"))

    def apply(self) -> None:
        edit = self.edit()
        if edit is not None:
            self.doc.push(edit)
        self.accept()
