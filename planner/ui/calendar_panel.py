"""The Calendar dock: per rep, weeks × weekdays with visits and hours per day; click a day to see its route."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner.edits import Changes
from planner.i18n import tr
from planner.stats import day_summary
from planner.ui.document import PlanDocument

DAY_NAMES = m.WEEKDAY_TITLES


class CalendarPanel(QWidget):
    """Choose a rep; see the cycle as a grid; clicking a day asks the map to show its route."""

    dayActivated = Signal(str, int, str)  # territory id, week, day

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._doc = document
        self.rep_combo = QComboBox(self)
        self.summary = QLabel(self)
        self.grid = QTableWidget(self)
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows = self.grid.verticalHeader()  # the weeks share the dock's height (two lines at least)
        rows.setMinimumSectionSize(2 * self.grid.fontMetrics().lineSpacing() + 10)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.cellClicked.connect(self._on_grid_cellClicked)
        top = QHBoxLayout()
        self.rep_label = QLabel(tr("Rep"), self)
        top.addWidget(self.rep_label)
        top.addWidget(self.rep_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.grid, 1)
        self.rep_combo.currentIndexChanged.connect(lambda _i: self._fill_grid())
        document.planChanged.connect(self._on_document_planChanged)
        self._fill_reps()

    def retranslate(self) -> None:
        self.rep_label.setText(tr("Rep"))
        self._fill_grid()

    def _on_document_planChanged(self, changes: Changes) -> None:
        if changes.territories:
            self._fill_reps()
        elif changes.schedule or changes.settings:
            self._fill_grid()

    def _fill_reps(self) -> None:
        current = self.rep_combo.currentData()
        self.rep_combo.blockSignals(True)
        self.rep_combo.clear()
        for t in self._doc.plan.territories:
            label = f"{t.rep} — {t.name}" if t.rep else t.name
            self.rep_combo.addItem(label, t.id)
        index = self.rep_combo.findData(current)
        self.rep_combo.setCurrentIndex(max(0, index))
        self.rep_combo.blockSignals(False)
        self._fill_grid()

    def territory_id(self) -> str:
        return str(self.rep_combo.currentData() or "")

    def days(self) -> list[str]:
        """The calendar's weekdays (those it was built with, else the plan's working days)."""
        plan = self._doc.plan
        built = (plan.meta or {}).get("schedule_days") if plan.schedule is not None else None
        return [str(d) for d in (built or plan.settings.working_days) if d in DAY_NAMES]

    def _fill_grid(self) -> None:
        plan = self._doc.plan
        days = self.days()
        weeks = int((plan.meta or {}).get("schedule_weeks", plan.settings.cycle_weeks))
        self.grid.clear()
        self.grid.setColumnCount(len(days))
        self.grid.setHorizontalHeaderLabels([tr(DAY_NAMES[d]) for d in days])
        self.grid.setRowCount(weeks)
        self.grid.setVerticalHeaderLabels([tr("Week {n}", n=w + 1) for w in range(weeks)])
        tid = self.territory_id()
        if plan.schedule is None or not tid:
            self.summary.setText(tr("No calendar yet: Schedule → Build calendar…"))
            return
        table = day_summary(plan, territory_id=tid)
        limit = plan.settings.day_hours
        stale = bool((plan.meta or {}).get("schedule_stale"))
        over = 0
        for rec in table.itertuples(index=False):
            if rec.day not in days or not 1 <= int(rec.week) <= weeks:
                continue
            item = QTableWidgetItem(
                tr("{visits} visits\n{hours:.1f} h", visits=int(rec.visits), hours=float(rec.hours))
            )
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if rec.hours > limit + 1e-6:
                over += 1
                item.setBackground(QBrush(QColor("#f8c9c4")))
                item.setToolTip(tr("Longer than the {hours:g}-hour day", hours=limit))
            self.grid.setItem(int(rec.week) - 1, days.index(rec.day), item)
        text = tr(
            "{days} days, {visits} visits, {km:.0f} km",
            days=len(table),
            visits=int(table["visits"].sum()),
            km=float(table["travel_km"].sum()),
        )
        if over:
            text += " — " + tr("{n} days too long", n=over)
        if stale:
            text += " — " + tr("the plan changed since the calendar was built")
        self.summary.setText(text)

    def _on_grid_cellClicked(self, row: int, column: int) -> None:
        days = self.days()
        self.dayActivated.emit(self.territory_id(), row + 1, days[column])


def route_of_day(
    plan: m.Plan, territory_id: str, week: int, day: str
) -> list[tuple[float, float, str, str | None]]:
    """(lat, lon, label, mark) of the day: the start point, the stops in order, and back.

    The start is marked "⌂" and the stops by their number; the drive back to the start
    point is a line without a marker. Without a home base, the route starts at the first stop.
    """
    s = plan.schedule
    if s is None:
        return []
    rows = s[
        (s["territory"] == territory_id) & (s["week"] == week) & (s["day"] == day)
    ].sort_values("seq")
    c = plan.customers.set_index(m.CUSTOMER_ID)
    stops: list[tuple[float, float, str, str | None]] = []
    t = plan.territory(territory_id)
    home = (float(t.home_lat), float(t.home_lon)) if t.has_home else None  # type: ignore[arg-type]
    if home is not None:
        stops.append((home[0], home[1], tr("Start"), "⌂"))
    for rec in rows.itertuples(index=False):
        cust: Any = c.loc[rec.customer_id]
        stops.append(
            (
                float(cust[m.LAT]),
                float(cust[m.LON]),
                f"{int(rec.seq)}. {cust[m.NAME]} {rec.arrival}",
                str(int(rec.seq)),
            )
        )
    if home is not None and len(stops) > 1:
        stops.append((home[0], home[1], tr("Back at the start"), ""))
    return stops
