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
#: The last column, when the customers have sales figures: the sales each territory gains
#: and loses (in millions of yen, as the Territories dock shows sales)
SALES_HEADER = "Sales in / out (¥M)"
GONE = QColor("#888888")
NOTHING = "—"  # a figure that does not change, or none
QWIDGETSIZE_MAX = 16777215  # Qt's "no limit" for a widget's size


def has_sales(plan: m.Plan) -> bool:
    """Whether any customer has a sales figure (a list without a sales column has none)."""
    return bool((pd.to_numeric(plan.customers[m.SALES], errors="coerce").fillna(0) > 0).any())


def comparison_rows(before: m.Plan, result: DesignResult, was: pd.DataFrame | None = None
                    ) -> list[tuple[str, ...]]:
    """(territory, customers, hours a week, in / out[, sales in / out]) per territory the
    design touched: the designed ones (all, or ``only``'s), then any it removed (``was``:
    ``before``'s ``territory_metrics`` when the caller has them); the sales column when the
    customers have sales figures."""
    was = territory_metrics(before) if was is None else was
    now = result.metrics
    moves = result.moves
    into = moves.groupby("to_territory").size() if len(moves) else pd.Series(dtype=int)
    out = moves.groupby("from_territory").size() if len(moves) else pd.Series(dtype=int)
    sales = _moved_sales(before, moves) if has_sales(before) else None
    names = {t.id: t.name for t in before.territories} | {
        t.id: t.name for t in result.plan.territories
    }
    rows = []
    for tid in list(now.index) + [t for t in was.index if t not in result.plan.territory_ids]:
        def pair(col: str, fmt: str, tid: str = tid) -> str:
            old = f"{was.at[tid, col]:{fmt}}" if tid in was.index else "—"
            new = f"{now.at[tid, col]:{fmt}}" if tid in now.index else tr("removed")
            return old if old == new else f"{old} → {new}"

        moved = _in_out(int(into.get(tid, 0)), int(out.get(tid, 0)))
        row = (names.get(tid, tid), pair("customers", ",.0f"),
               pair("workload_hours_per_week", ".1f"), moved)
        rows.append(row if sales is None else (*row, _sales_in_out(sales, tid)))
    if row := unassigned_row(before, result, into, out):
        rows.append(row if sales is None else (*row, _sales_in_out(sales, "")))
    return rows


def _in_out(gained: int, lost: int) -> str:
    """「+12 / −4」 customers in and out; 「—」 for a territory none move into or out of (a
    table of 「+0 / −0」 and 「+0.0 / −0.0」 hid the few that change)."""
    return f"+{gained:,} / −{lost:,}" if gained or lost else NOTHING


def _moved_sales(before: m.Plan, moves: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The moved customers' sales into and out of each territory."""
    c = before.customers
    by_id = pd.Series(pd.to_numeric(c[m.SALES], errors="coerce").fillna(0.0).to_numpy(),
                      index=c[m.CUSTOMER_ID].astype(str).to_numpy())
    by_id = by_id[~by_id.index.duplicated()]
    amount = by_id.reindex(moves[m.CUSTOMER_ID].astype(str)).fillna(0.0).to_numpy()
    frame = pd.DataFrame({"to": moves["to_territory"].to_numpy(),
                          "from": moves["from_territory"].to_numpy(), "sales": amount})
    return frame.groupby("to")["sales"].sum(), frame.groupby("from")["sales"].sum()


def _sales_in_out(sales: tuple[pd.Series, pd.Series], tid: str) -> str:
    """「+12.3 / −4.5」 (millions of yen) the territory gains and loses."""
    gained, lost = (float(s.get(tid, 0.0)) / 1e6 for s in sales)
    if not any(tid in s.index for s in sales):  # no customer moved: nothing gained or lost
        return NOTHING
    return f"+{gained:,.1f} / −{lost:,.1f}"


def unassigned_row(before: m.Plan, result: DesignResult, into: pd.Series, out: pd.Series
                   ) -> tuple[str, str, str, str] | None:
    """The customers in no territory before → after (未割当 18 → 0), when there are any."""
    old = int((before.customers[m.TERRITORY] == "").sum())
    new = int((result.plan.customers[m.TERRITORY] == "").sum())
    if not old and not new:
        return None
    count = f"{old:,}" if old == new else f"{old:,} → {new:,}"
    return (tr("Unassigned"), count, NOTHING, _in_out(int(into.get("", 0)), int(out.get("", 0))))


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
        headers = [*HEADERS, SALES_HEADER][:len(rows[0]) if rows else len(HEADERS)]
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels([tr(h) for h in headers])
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # measured below
        reps = {t.name: t.rep for t in (*before.territories, *result.plan.territories) if t.rep}
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                item = QTableWidgetItem(text)
                if not c and reps.get(text):  # whose customers these are, on hover
                    item.setToolTip(tr("Rep: {rep}", rep=reps[text]))
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
        self.setMinimumWidth(header.length() + frame + 4)  # every column shown
        # the names take the room left: no blank strip right of the last column
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(min(320, 28 + 26 * len(rows)))
        # no blank rows under the last one: the dialog's room goes to the sentences about
        # the reps around the table
        rows_height = self.horizontalHeader().sizeHint().height() + self.verticalHeader().length()
        self.setMaximumHeight(max(self.minimumHeight(), rows_height + 2 * self.frameWidth()))
        self.setVisible(True)

    def clear_result(self) -> None:
        self.setRowCount(0)
        self.setMaximumHeight(QWIDGETSIZE_MAX)
        self.setVisible(False)
