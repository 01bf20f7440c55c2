"""The design dialog's result about the reps (:mod:`planner._design_changes`): under the
figures, when many customers would get a new rep with *Keep existing assignments* off, the
suggestion to keep them, with a button that ticks it and runs again; under the before/after
table, who hands customers to whom (「上野エリア（山田 太郎） → 府中エリア（佐藤 花子）: 12件、
売上 34.5百万円」)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from planner import model as m
from planner._design_changes import RepChanges, flow_lines, keep_suggestion
from planner.i18n import tr

#: The suggestion's box: a pale amber, as a warning, readable in a light or dark palette
HINT_STYLE = ("QFrame#design_keep_hint { background: #fff4d6; border: 1px solid #e6a100; "
              "border-radius: 4px; } QFrame#design_keep_hint QLabel { color: #3a2a00; }")


class FlowList(QLabel):
    """Who hands how many customers to whom, most first (under the before/after table)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("design_flows")
        self.setWordWrap(True)
        self.clear_result()

    def show_result(self, before: m.Plan, after: m.Plan, changes: RepChanges) -> None:
        lines = flow_lines(before, after, changes)
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))

    def clear_result(self) -> None:
        self.clear()
        self.setVisible(False)


class KeepHint(QFrame):
    """Many customers would change rep with keep-existing off: tick it (the button) and run
    again, and what that costs in balance (under the result's figures, in sight)."""

    keepAndRun = Signal()  # the button: tick keep-existing, run again

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("design_keep_hint")
        self.setStyleSheet(HINT_STYLE)
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.button = QPushButton(tr("Keep existing assignments and run again"), self)
        self.button.setObjectName("design_keep_and_run")
        self.button.clicked.connect(self.keepAndRun)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(row)
        self.clear_result()

    def show_result(self, changes: RepChanges, *, keep_existing: bool, tolerance: float,
                    deviation: float) -> None:
        hint = keep_suggestion(changes, keep_existing=keep_existing, tolerance=tolerance,
                               deviation=deviation)
        self.text.setText(hint)
        self.setVisible(bool(hint))

    def clear_result(self) -> None:
        self.text.clear()
        self.setVisible(False)
