"""The Territories dock's table: one row per territory with its live figures (the
:func:`planner.territories.territory_metrics`), the editable name and rep, and the deviation
bar's delegate; :mod:`planner.ui.territory_panel` holds the dock around it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from planner import model as m
from planner.areas import AreaShare, areas_text, territory_areas
from planner.days_off import days_off_label
from planner.edits import Changes
from planner.frequency import visits_text
from planner.i18n import N_, tr
from planner.rep_days import days_label
from planner.shared_reps import territories_of_rep
from planner.territories import capacity_hours, deviation_text
from planner.ui.document import PlanDocument

Index = QModelIndex | QPersistentModelIndex

# (key, title, editable)
COLUMNS = (
    ("name", "Territory", True),
    ("rep", "Rep", True),
    ("customers", "Customers", False),
    ("visits_per_4_weeks", "Visits / 4 weeks", False),
    ("workload_hours_per_week", "Hours / week", False),
    ("deviation", "Deviation", False),
    ("sales", "Sales", False),
)
DEVIATION_COLUMN = 5
DEVIATION_WIDTH = 110
#: Headers shown in the narrow dock; the full titles above are their tooltips.
SHORT_TITLES = {
    "visits_per_4_weeks": "Visits",
    "workload_hours_per_week": "h / week",
    "sales": "Sales ¥M",
}
#: Why the sales show m.NO_FIGURE (a list without a sales column).
NO_SALES = N_("The customer list has no sales figures.")
GREEN, AMBER, RED = QColor("#2e9d4f"), QColor("#e6a100"), QColor("#d33c2c")
#: A rep's week above this share of their hours shows amber (full), above 100 % red.
FULL = 0.95


def deviation_colour(deviation: float, tolerance: float) -> QColor:
    """Green within tolerance, amber up to twice it, red beyond."""
    d = abs(deviation)
    if d <= tolerance:
        return GREEN
    return AMBER if d <= 2 * tolerance else RED


class TerritoryTableModel(QAbstractTableModel):
    """The plan's territories with :func:`territory_metrics`, recomputed when they change.

    A click on a header sorts the rows by that column (the busiest rep, the largest deviation
    first), a third click gives the plan's order back; the order holds while the plan changes,
    so a territory whose figures change moves to its new place. Row numbers are the view's:
    :meth:`territory_id` and :meth:`territory_at` say which territory a row shows."""

    refused = Signal(str)  # a name or rep typed in the table that the plan refuses, in a sentence

    @staticmethod
    def ask_shared_rep(rep: str, others: list[m.Territory]) -> bool:
        """Whether ``rep``, who already works ``others``, takes this territory too (the
        panel asks the manager; the model alone says yes)."""
        return True

    def __init__(self, document: PlanDocument, parent: Any = None):
        super().__init__(parent)
        self._doc = document
        self._metrics = self._compute()
        self._areas: dict[str, list[AreaShare]] | None = None  # read when a tooltip asks
        self._sort: tuple[int, Qt.SortOrder] | None = None  # None: the plan's order
        self._order: list[int] = []  # row -> index in plan.territories
        self._ids: list[str] = []  # row -> territory id, as the view shows them until a reset
        self._reorder()
        document.planChanged.connect(self._on_document_planChanged)

    def _compute(self) -> pd.DataFrame:
        self._has_sales = m.has_sales(self._doc.plan.customers)  # none: "—", not ¥0
        figures = self._doc.metrics()
        # one format down the column: a new territory's 「0.0」 stood under 「907」
        largest = figures["sales"].abs().max() / 1e6 if len(figures) else 0.0
        self._sales_format = ",.0f" if np.isfinite(largest) and largest >= 100 else ",.1f"
        return figures

    def territory_at(self, row: int) -> m.Territory:
        """The territory the view's ``row`` shows (sorted or in the plan's order)."""
        territories = self._doc.plan.territories
        if len(self._order) != len(territories):  # another plan, before its planChanged
            self._reorder()
        return territories[self._order[row]]

    def territory_id(self, row: int) -> str:
        """The id of the territory the view's ``row`` shows (also while an edit's new plan
        waits for the reset: what was selected before it)."""
        if 0 <= row < len(self._ids):
            return self._ids[row]
        return self.territory_at(row).id

    def row_of(self, territory_id: str) -> int:
        """The view's row of ``territory_id`` (-1 when the plan has no such territory)."""
        return self._ids.index(territory_id) if territory_id in self._ids else -1

    def _reorder(self) -> None:
        self._order = self._sorted_order()
        territories = self._doc.plan.territories
        self._ids = [territories[i].id for i in self._order]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Rows by ``column`` (names in their own order, figures by value; a territory
        without the figure last), ``column`` -1 in the plan's order; the selection follows
        its territories."""
        self.layoutAboutToBeChanged.emit()
        was = [self.territory_id(r) for r in range(len(self._order))]
        self._sort = None if column < 0 or column >= len(COLUMNS) else (column, order)
        self._reorder()
        rows = {self.territory_id(r): r for r in range(len(self._order))}
        old = self.persistentIndexList()
        self.changePersistentIndexList(
            old, [self.index(rows[was[i.row()]], i.column()) for i in old])
        self.layoutChanged.emit()

    def _sorted_order(self) -> list[int]:
        territories = self._doc.plan.territories
        order = list(range(len(territories)))
        if self._sort is None:
            return order
        column, direction = self._sort
        key = COLUMNS[column][0]
        if key in ("name", "rep"):
            texts = [getattr(t, key) or "" for t in territories]
            order.sort(key=lambda i: texts[i],
                       reverse=direction == Qt.SortOrder.DescendingOrder)
            return order
        values = [float(self._metrics.at[t.id, key]) if t.id in self._metrics.index
                  else np.nan for t in territories]
        known = [i for i in order if np.isfinite(values[i])]
        known.sort(key=lambda i: values[i], reverse=direction == Qt.SortOrder.DescendingOrder)
        return known + [i for i in order if not np.isfinite(values[i])]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._doc.plan.territories)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        key, title, _editable = COLUMNS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return tr(SHORT_TITLES.get(key, title))
        if role == Qt.ItemDataRole.ToolTipRole:
            return tr(title)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if COLUMNS[index.column()][2] else base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        territory = self.territory_at(index.row())
        key = COLUMNS[index.column()][0]
        if role == Qt.ItemDataRole.DecorationRole and key == "name":
            return QColor(territory.color)
        if role == Qt.ItemDataRole.UserRole:
            if key == "deviation":
                return float(self._metrics.at[territory.id, "deviation"])
            return territory.id
        if role == Qt.ItemDataRole.TextAlignmentRole and key not in ("name", "rep"):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and key == "workload_hours_per_week":
            # a week longer than the rep's hours: red; nearly full: amber
            use = float(self._metrics.at[territory.id, "capacity_use"])
            if np.isfinite(use) and use > 1.0 + 5e-3:
                return RED
            return AMBER if np.isfinite(use) and use > FULL else None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.EditRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        if role == Qt.ItemDataRole.ToolTipRole and key == "name":
            return self._tooltip(territory, territory.name, areas=True)
        if role == Qt.ItemDataRole.ToolTipRole and key == "rep":
            return self._tooltip(territory, territory.rep)
        if key == "name":
            return territory.name
        if key == "rep":
            return territory.rep
        value = float(self._metrics.at[territory.id, key])
        if key == "customers":
            return f"{value:,.0f}"
        if key == "visits_per_4_weeks":  # 646.5 as the workbook says it (every-8-weeks halves)
            return visits_text(value)
        if key == "workload_hours_per_week":
            if role == Qt.ItemDataRole.ToolTipRole:
                use = float(self._metrics.at[territory.id, "capacity_use"])
                if np.isfinite(use):
                    return tr(
                        "{hours:.1f} h a week of the rep's {capacity:g} h ({use:.0%}): visits "
                        "{service:.1f} h, driving {travel:.1f} h",
                        hours=value, use=use, capacity=float(capacity_hours(
                            (territory,), self._doc.plan.settings)[0]),
                        service=float(self._metrics.at[territory.id, "service_hours_per_week"]),
                        travel=float(self._metrics.at[territory.id, "travel_hours_per_week"]),
                    )
            return f"{value:.1f}"
        if key == "sales":  # millions of yen in the cell, the exact amount in its tooltip
            if not self._has_sales:
                return m.NO_FIGURE if role == Qt.ItemDataRole.DisplayRole else tr(NO_SALES)
            if role != Qt.ItemDataRole.DisplayRole:
                return f"¥{value:,.0f}"
            return format(value / 1e6, self._sales_format)
        if key == "deviation":
            if not np.isfinite(value):  # no customers yet: no share to be above or below
                return (deviation_text(value) if role != Qt.ItemDataRole.ToolTipRole else
                        tr("No customers yet: left out of the average the others are "
                           "measured against."))
            if role == Qt.ItemDataRole.ToolTipRole and self._doc.plan.settings.balance_by_capacity:
                share = float(self._metrics.at[territory.id, "fair_share"])
                return tr(
                    "{deviation} from this rep's fair share ({share} of the total, in "
                    "proportion to the weekly hours)",
                    deviation=deviation_text(value),
                    share=f"{share:.1%}",
                )
            return deviation_text(value)
        return str(value)

    def _tooltip(self, territory: m.Territory, text: str, *, areas: bool = False) -> str:
        """The cell's text, its municipalities (``areas``), and the rep's own working days and
        hours when not the usual ones."""
        lines = [text] if text else []
        if areas:
            if self._areas is None:
                self._areas = territory_areas(self._doc.plan)
            shares = self._areas.get(territory.id, [])
            if shares:
                lines.append(tr("Areas: {areas}", areas=areas_text(shares)))
        own = tuple(territory.working_days)
        if own and own != tuple(self._doc.plan.settings.working_days):
            lines.append(tr("Working days: {days}", days=days_label(own)))
        if territory.day_hours:
            lines.append(tr("Hours a day: {hours}", hours=f"{territory.day_hours:g}"))
        if territory.day_start:
            lines.append(tr("Day starts at {time}", time=territory.day_start))
        if territory.days_off:
            lines.append(tr("Days off: {dates}", dates=days_off_label(territory.days_off)))
        if territory.capacity_hours != m.Territory.capacity_hours:
            hours = f"{territory.capacity_hours:g}"
            lines.append(tr("Weekly hours: {hours}", hours=hours))
        return "\n".join(lines)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        from planner import edits

        territory = self.territory_at(index.row())
        text = str(value).strip()
        key = COLUMNS[index.column()][0]
        edit: edits.Edit | None = None
        if key == "name" and text and text != territory.name:
            edit = edits.RenameTerritory(territory.id, text)
        elif key == "rep" and text != territory.rep:
            others = territories_of_rep(self._doc.plan.territories, text, besides=territory.id)
            if others and not self.ask_shared_rep(text, others):
                return False  # one rep in two territories: only when the manager says so
            edit = edits.SetRep(territory.id, text)
        if edit is None:
            return False
        refused = self._doc.try_push(edit)
        if refused:
            self.refused.emit(refused)
        return not refused

    def _on_document_planChanged(self, changes: Changes) -> None:
        if (
            changes.assignment
            or changes.territories
            or changes.frequencies
            or changes.customers
            or changes.settings
        ):
            self.beginResetModel()
            self._metrics = self._compute()
            self._areas = None
            self._reorder()
            self.endResetModel()


class DeviationDelegate(QStyledItemDelegate):
    """Draws the deviation as a bar around a centre line, coloured by the tolerance."""

    def __init__(self, document: PlanDocument, parent: Any = None):
        super().__init__(parent)
        self._doc = document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        full: QRect = QRect(option.rect)  # type: ignore[attr-defined]
        deviation = index.data(Qt.ItemDataRole.UserRole)
        if deviation is None or not np.isfinite(deviation):  # 「顧客なし」 across, no bar
            super().paint(painter, option, index)
            return
        text_w = option.fontMetrics.horizontalAdvance("+888.8%") + 8  # type: ignore[attr-defined]
        bar_w = max(full.width() // 3, full.width() - text_w)
        text_option = QStyleOptionViewItem(option)
        text_option.rect = full.adjusted(bar_w, 0, 0, 0)  # type: ignore[attr-defined]
        super().paint(painter, text_option, index)  # the figure in the right half
        tolerance = self._doc.plan.settings.tolerance
        rect = full.adjusted(4, 4, -4, -4)
        centre = rect.left() + bar_w // 2
        scale = max(3 * tolerance, abs(deviation))
        length = int((bar_w // 2) * min(1.0, abs(deviation) / scale)) if scale else 0
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(deviation_colour(deviation, tolerance))
        if deviation >= 0:
            painter.drawRect(centre, rect.top(), max(1, length), rect.height())
        else:
            painter.drawRect(centre - length, rect.top(), max(1, length), rect.height())
        painter.setPen(QColor("#555555"))
        painter.drawLine(centre, rect.top(), centre, rect.bottom())
        painter.restore()
