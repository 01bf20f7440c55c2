"""A spin box of a percentage as a manager reads one: 「5%」, 「7.5%」 when a tenth is needed
(a QDoubleSpinBox said 「5.00%」, a number from a calculator, not a tolerance)."""

from __future__ import annotations

from PySide6.QtWidgets import QDoubleSpinBox, QWidget

from planner.i18n import tr


class PercentBox(QDoubleSpinBox):
    """Whole percents, one decimal only when the value has one; steps of one percent."""

    def __init__(self, low: float, high: float, value: float, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(1)  # 7.5% is typed and kept; 7.25% is a tenth too fine to matter
        self.setRange(low, high)
        self.setSingleStep(1.0)
        self.setSuffix(tr(" %"))
        self.setValue(value)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt's name
        """「5」, 「7.5」: no trailing zeros (the locale's decimal point)."""
        text = self.locale().toString(round(value, 1), "f", 1)
        point = self.locale().decimalPoint()
        return text[: -len(point) - 1] if text.endswith(f"{point}0") else text
