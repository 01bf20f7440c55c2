"""The design dialog's table of each territory before and after a design run (before Apply)."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from planner import model as m
from planner.design import DesignResult
from planner.i18n import tr
from planner.territories import territory_metrics

HEADERS = ("Territory", "Customers", "Hours / week", "Customers in / out")
GONE = QColor("#888888")


def comparison_rows(before: m.Plan, result: DesignResult, was: pd.DataFrame | None = None
                    ) -> list[tuple[str, str, str, str]]:
    """(territory, customers, hours a week, in / out) per territory the design touched: the
    designed ones (all, or ``only``'s), then any it removed (``was``: ``before``'s
    ``territory_metrics`` when the caller has them)."""
    was = territory_metrics(before) if was is None else was
    now = result.metrics
    moves = result.moves
    into = moves.groupby("to_territory").size() if len(moves) else pd.Series(dtype=int)
    out = moves.groupby("from_territory").size() if len(moves) else pd.Series(dtype=int)
    names = {t.id: t.name for t in before.territories} | {
        t.id: t.name for t in result.plan.territories
    }
    rows = []
    for tid in list(now.index) + [t for t in was.index if t not in result.plan.territory_ids]:
        def pair(col: str, fmt: str, tid: str = tid) -> str:
            old = f"{was.at[tid, col]:{fmt}}" if tid in was.index else "—"
            new = f"{now.at[tid, col]:{fmt}}" if tid in now.index else tr("removed")
            return old if old == new else f"{old} → {new}"

        moved = f"+{int(into.get(tid, 0))} / −{int(out.get(tid, 0))}"
        rows.append((names.get(tid, tid), pair("customers", ",.0f"),
                     pair("workload_hours_per_week", ".1f"), moved))
    if row := unassigned_row(before, result, into, out):
        rows.append(row)
    return rows


def unassigned_row(before: m.Plan, result: DesignResult, into: pd.Series, out: pd.Series
                   ) -> tuple[str, str, str, str] | None:
    """The customers in no territory before → after (未割当 18 → 0), when there are any."""
    old = int((before.customers[m.TERRITORY] == "").sum())
    new = int((result.plan.customers[m.TERRITORY] == "").sum())
    if not old and not new:
        return None
    count = f"{old:,}" if old == new else f"{old:,} → {new:,}"
    return (tr("Unassigned"), count, "—", f"+{int(into.get('', 0))} / −{int(out.get('', 0))}")


class DesignComparison(QTableWidget):
    """Each touched territory's customers and hours before → after, and the customers moved."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, len(HEADERS), parent)
        self.setObjectName("design_comparison")
        self.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setVisible(False)

    def show_result(self, before: m.Plan, result: DesignResult,
                    was: pd.DataFrame | None = None) -> None:
        rows = comparison_rows(before, result, was)
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if text.endswith(tr("removed")):
                    item.setForeground(GONE)
                self.setItem(r, c, item)
        self.ensurePolished()  # measured in the font it is shown in
        self.resizeColumnsToContents()
        gap = self.fontMetrics().horizontalAdvance("M")  # the figures clear of the lines
        for c in range(self.columnCount()):
            self.setColumnWidth(c, self.columnWidth(c) + gap)
        frame = 2 * self.frameWidth() + self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(self.horizontalHeader().length() + frame + 4)  # every column shown
        self.setMinimumHeight(min(320, 28 + 26 * len(rows)))
        self.setVisible(True)

    def clear_result(self) -> None:
        self.setRowCount(0)
        self.setVisible(False)
