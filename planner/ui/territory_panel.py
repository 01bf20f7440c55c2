"""The Territories dock: one row per territory with its live figures and a deviation bar.

Right-click a territory for its context menu (fit, colour, the rep's working days, merge,
split, delete); a rep's own working days show in the name and rep tooltips.
"""

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
    QAbstractItemView,
    QColorDialog,
    QHeaderView,
    QInputDialog,
    QMenu,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.areas import AreaShare, areas_text, suggested_name, territory_areas
from planner.days_off import days_off_label
from planner.edits import Changes
from planner.i18n import tr, trn
from planner.rep_days import days_label, rep_name
from planner.territories import capacity_hours, territory_metrics
from planner.ui.document import PlanDocument
from planner.ui.working_days_dialog import WorkingDaysDialog

Index = QModelIndex | QPersistentModelIndex

# (key, title, editable)
COLUMNS = (
    ("name", "Territory", True),
    ("rep", "Rep", True),
    ("customers", "Customers", False),
    ("visits_per_cycle", "Visits / cycle", False),
    ("workload_hours_per_week", "Hours / week", False),
    ("deviation", "Deviation", False),
    ("sales", "Sales", False),
)
DEVIATION_COLUMN = 5
DEVIATION_WIDTH = 110
#: Headers shown in the narrow dock; the full titles above are their tooltips.
SHORT_TITLES = {
    "visits_per_cycle": "Visits",
    "workload_hours_per_week": "h / week",
    "sales": "Sales ¥M",
}
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
    """The plan's territories with :func:`territory_metrics`, recomputed when they change."""

    refused = Signal(str)  # a name or rep typed in the table that the plan refuses, in a sentence

    def __init__(self, document: PlanDocument, parent: Any = None):
        super().__init__(parent)
        self._doc = document
        self._metrics = self._compute()
        self._areas: dict[str, list[AreaShare]] | None = None  # read when a tooltip asks
        document.planChanged.connect(self._on_document_planChanged)

    def _compute(self) -> pd.DataFrame:
        return territory_metrics(self._doc.plan)

    def territory_id(self, row: int) -> str:
        return self._doc.plan.territories[row].id

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
        territory = self._doc.plan.territories[index.row()]
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
        if key == "visits_per_cycle":  # 646.5 as the workbook says it (every-8-weeks halves)
            return f"{value:,.1f}" if abs(value - round(value)) > 1e-9 else f"{value:,.0f}"
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
            if role != Qt.ItemDataRole.DisplayRole:
                return f"¥{value:,.0f}"
            millions = value / 1e6
            return f"{millions:,.0f}" if abs(millions) >= 100 else f"{millions:,.1f}"
        if key == "deviation":
            if not np.isfinite(value):
                return ""
            if role == Qt.ItemDataRole.ToolTipRole and self._doc.plan.settings.balance_by_capacity:
                share = float(self._metrics.at[territory.id, "fair_share"])
                return tr(
                    "{deviation} from this rep's fair share ({share} of the total, in "
                    "proportion to the weekly hours)",
                    deviation=f"{value:+.1%}",
                    share=f"{share:.1%}",
                )
            return f"{value:+.1%}"
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

        territory = self._doc.plan.territories[index.row()]
        text = str(value).strip()
        key = COLUMNS[index.column()][0]
        edit: edits.Edit | None = None
        if key == "name" and text and text != territory.name:
            edit = edits.RenameTerritory(territory.id, text)
        elif key == "rep" and text != territory.rep:
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
            self.endResetModel()


class DeviationDelegate(QStyledItemDelegate):
    """Draws the deviation as a bar around a centre line, coloured by the tolerance."""

    def __init__(self, document: PlanDocument, parent: Any = None):
        super().__init__(parent)
        self._doc = document

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        full: QRect = QRect(option.rect)  # type: ignore[attr-defined]
        text_w = option.fontMetrics.horizontalAdvance("+888.8%") + 8  # type: ignore[attr-defined]
        bar_w = max(full.width() // 3, full.width() - text_w)
        text_option = QStyleOptionViewItem(option)
        text_option.rect = full.adjusted(bar_w, 0, 0, 0)  # type: ignore[attr-defined]
        super().paint(painter, text_option, index)  # the figure in the right half
        deviation = index.data(Qt.ItemDataRole.UserRole)
        if deviation is None or not np.isfinite(deviation):
            return
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


class TerritoryPanel(QWidget):
    """The dock's content: the table plus its context menu (merge, split, delete, fit)."""

    fitRequested = Signal(str)  # territory id
    placeHomeRequested = Signal(str)  # territory id: offer the map pin for its home base
    homeSet = Signal(str)  # territory id, once a home base from an address is in the plan
    message = Signal(str)  # a hint for the status bar
    territorySelected = Signal(str)
    rebalanceRequested = Signal(list)  # territory ids: design them among themselves
    splitRequested = Signal(str)  # territory id: design it into balanced territories
    handOverRequested = Signal(str)  # territory id: its rep leaves, the neighbours take over
    addRepRequested = Signal(str)  # territory id: a new rep's territory carved here

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._doc = document
        self.model = TerritoryTableModel(document, self)
        self.model.refused.connect(self.explain)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(DEVIATION_COLUMN, DeviationDelegate(document, self.view))
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setSectionResizeMode(
            DEVIATION_COLUMN, QHeaderView.ResizeMode.Fixed
        )
        self.view.horizontalHeader().resizeSection(DEVIATION_COLUMN, DEVIATION_WIDTH)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_contextMenu)
        self.view.doubleClicked.connect(self._on_view_doubleClicked)
        self.view.clicked.connect(
            lambda idx: self.territorySelected.emit(self.model.territory_id(idx.row()))
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def preferred_width(self) -> int:
        """The width that shows every column without scrolling (for the dock's first size)."""
        header = self.view.horizontalHeader()
        columns = sum(
            DEVIATION_WIDTH
            if c == DEVIATION_COLUMN
            else max(header.sectionSizeHint(c), self.view.sizeHintForColumn(c))
            for c in range(self.model.columnCount())
        )
        frame = 2 * self.view.frameWidth() + self.view.verticalScrollBar().sizeHint().width()
        return max(320, min(560, columns + frame))

    def preferred_height(self, most_rows: int = 12) -> int:
        """The height of the table with up to ``most_rows`` rows (the calendar gets the rest)."""
        rows = max(3, min(most_rows, self.model.rowCount()))
        row_h = self.view.verticalHeader().defaultSectionSize()
        header_h = self.view.horizontalHeader().sizeHint().height()
        return header_h + rows * row_h + 2 * self.view.frameWidth() + 8

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.territory_id(r) for r in rows]

    def _on_view_doubleClicked(self, index: QModelIndex) -> None:
        if not COLUMNS[index.column()][2]:  # figures: double-click shows the territory
            self.fitRequested.emit(self.model.territory_id(index.row()))

    def retranslate(self) -> None:
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(COLUMNS) - 1)

    def push(self, edit: Any) -> None:
        """Push an edit; a refused one (PlannerError) is explained instead of raised."""
        refused = self._doc.try_push(edit)
        if refused:
            self.explain(refused)

    def explain(self, text: str) -> None:
        """Say why an edit was refused (a menu's, or a name typed in the table)."""
        QMessageBox.warning(self, tr("Territory Planner"), text)

    def ask_address(self, territory_id: str) -> str:
        """The address of a rep's office or home (tests replace this); "" when cancelled."""
        t = self._doc.plan.territory(territory_id)
        text, ok = QInputDialog.getText(
            self, tr("Home base (start of the routes)"),
            tr("Address of {rep}'s office or home:", rep=rep_name(t)),
        )
        return text.strip() if ok else ""

    def home_from_address(self, territory_id: str) -> None:
        """Look an address up (online, in the background) and make it the rep's home base;
        the map pin then shows it to confirm (or, not found, to place by hand)."""
        from planner import edits
        from planner.ui.address_lookup import look_up, search_for

        address = self.ask_address(territory_id)
        if not address:
            return
        settings = self._doc.plan.settings

        def done(point: tuple[float, float] | None) -> None:
            if point is None:
                self.message.emit(tr("The address was not found: place the home base on the "
                                     "map."))
            else:
                self.push(edits.SetHome(territory_id, point[0], point[1]))
                self.homeSet.emit(territory_id)
            self.placeHomeRequested.emit(territory_id)

        def failed(text: str) -> None:
            self.message.emit(text)
            self.placeHomeRequested.emit(territory_id)

        self._lookup = look_up(self, address, settings=settings, provider=search_for(settings),
                               done=done, failed=failed)

    def choose_colour(self, territory_id: str) -> None:
        from planner import edits

        current = QColor(self._doc.plan.territory(territory_id).color)
        colour = QColorDialog.getColor(current, self, tr("Territory colour"))
        if colour.isValid() and colour != current:
            self.push(edits.RecolorTerritory(territory_id, colour.name()))

    def working_days_dialog(self, territory_id: str) -> WorkingDaysDialog:
        """The Working days dialog of one territory's rep (not shown)."""
        return WorkingDaysDialog(self._doc.plan, territory_id, self)

    def apply_working_days(self, dialog: WorkingDaysDialog) -> None:
        """Push the accepted dialog's edit (one undo step), if it changes anything."""
        edit = dialog.edit()
        if edit is None:
            return
        before = self._doc.plan
        self.push(edit)
        if self._doc.plan is not before:  # not refused
            self.message.emit(
                tr("{rep}'s working time changed: build the calendar again to use it; "
                   "Territory → Rebalance keeping assignments… shares the work by weekly hours.",
                   rep=rep_name(dialog.territory))
            )

    def edit_working_days(self, territory_id: str) -> None:
        dialog = self.working_days_dialog(territory_id)
        if dialog.exec() == WorkingDaysDialog.DialogCode.Accepted:
            self.apply_working_days(dialog)
        dialog.deleteLater()

    def _on_view_contextMenu(self, pos: Any) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return
        menu = self.territory_menu(index.row())
        menu.exec(self.view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def territory_menu(self, row: int) -> QMenu:
        """The right-click menu of a territory's row (built, not shown: tests trigger it)."""
        from planner import edits

        tid = self.model.territory_id(row)
        selected = self.selected_ids()
        menu = QMenu(self)
        menu.addAction(tr("Fit to map"), lambda: self.fitRequested.emit(tid))
        menu.addAction(tr("Colour…"), lambda: self.choose_colour(tid))
        named = suggested_name(self._doc.plan, tid)  # after its main municipality
        if named:
            rename = menu.addAction(tr("Name it {name}", name=named),
                                    lambda: self.push(edits.RenameTerritory(tid, named)))
            rename.setObjectName("territory_name_after_area")
        days = menu.addAction(tr("Working time…"), lambda: self.edit_working_days(tid))
        days.setObjectName("territory_working_days")
        home = menu.addMenu(tr("Home base (start of the routes)"))
        home.setObjectName("territory_home")
        home.addAction(tr("Place on the map"), lambda: self.placeHomeRequested.emit(tid))
        home.addAction(tr("From an address…"), lambda: self.home_from_address(tid))
        if self._doc.plan.territory(tid).has_home:
            home.addAction(tr("Clear"), lambda: self.push(edits.SetHome(tid, None, None)))
        menu.addSeparator()
        if len(selected) == 2:
            a, b = selected
            menu.addAction(
                tr("Merge the two selected"), lambda: self.push(edits.MergeTerritories(a, b))
            )
        if len(selected) >= 2:
            rebalance = menu.addAction(
                tr("Rebalance the selected territories…"),
                lambda: self.rebalanceRequested.emit(selected),
            )
            rebalance.setObjectName("territory_rebalance_selected")
        menu.addAction(tr("Split into two"), lambda: self.push(edits.SplitTerritory(tid)))
        split = menu.addAction(tr("Split into balanced territories…"),
                               lambda: self.splitRequested.emit(tid))
        split.setObjectName("territory_split_balanced")
        hand = menu.addAction(tr("Hand over to the neighbouring territories (rep leaves)…"),
                              lambda: self.handOverRequested.emit(tid))
        hand.setObjectName("territory_hand_over")
        add = menu.addAction(tr("Add a rep here (with the neighbouring territories)…"),
                             lambda: self.addRepRequested.emit(tid))
        add.setObjectName("territory_add_rep")
        c = self._doc.plan.customers  # a lock keeps a customer in its territory: it goes too
        locked = int((c[m.LOCKED].to_numpy(dtype=bool) & (c[m.TERRITORY] == tid)).sum())
        delete = menu.addAction(
            trn("Delete (customers become unassigned; {n} locked customer is unlocked)",
                "Delete (customers become unassigned; {n} locked customers are unlocked)",
                locked) if locked else tr("Delete (customers become unassigned)"),
            lambda: self.push(edits.DeleteTerritory(tid)),
        )
        delete.setObjectName("territory_delete")
        return menu


def territory_of_row(plan: m.Plan, row: int) -> m.Territory:
    return plan.territories[row]
