"""The Calendar dock's day list: a right-click on its stops offers 「別の日に移動（この日だけ）…」,
a small picker of the rep's calendar days (:func:`planner.move_choices.once_choices`); the
day chosen gets the one undoable :class:`planner.edits.MoveVisitsOnce` the grid's day menu
makes (:meth:`CalendarPanel.move_selected_to`). The picker opens at once; its 移動後 column
(:func:`planner.move_choices.with_after`, a second or more when visiting hours make a day be
ordered again) says 「計算中…」 until a worker has it, and a day can be chosen meanwhile."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner import move_choices
from planner.day_length import hours_text, too_long
from planner.errors import PlannerError
from planner.i18n import tr, trn
from planner.move_choices import DayChoice
from planner.ui.workers import Task, run_task

AFTER = 2  # the column of the day's hours after the move


class MoveDayDialog(QDialog):
    """The days a visit can go to for one day only; the refused ones greyed with the reason."""

    def __init__(self, choices: list[DayChoice], who: str, source: tuple[int, str],
                 title: str, parent: QWidget | None = None, *, pending: bool = False):
        super().__init__(parent)
        self.choices = choices
        self.source = (int(source[0]), str(source[1]))
        self.setWindowTitle(tr("Move to another day (this day only)"))
        intro = QLabel(tr("Choose the day for the visit of {who} on {source}. Its usual day "
                          "stays.", who=who, source=title), self)
        intro.setWordWrap(True)
        self.table = QTableWidget(len(choices), 4, self)
        self.table.setObjectName("move_day_table")
        self.table.setHorizontalHeaderLabels(
            [tr("Date"), tr("Hours planned / day"), tr("After the move"), tr("Why not")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._task: Task | None = None
        self._closed = False
        self._fill(choices, pending)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.ok_button()
        ok.setText(tr("Move to this day"))
        ok.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(
            lambda: ok.setEnabled(self.chosen() is not None))
        self.table.cellDoubleClicked.connect(
            lambda _r, _c: self.accept() if self.chosen() is not None else None)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        width = sum(self.table.columnWidth(i) for i in range(4)) + 60
        self.resize(max(width, 420), 480)
        self._preselected = self._preselect()

    def _fill(self, choices: list[DayChoice], pending: bool) -> None:
        """Write every row; the 移動後 cells of the days that can be chosen say 「計算中…」
        while ``pending`` (the estimate still in the worker)."""
        grey, red = QBrush(QColor("#888888")), QBrush(QColor("#c62828"))
        for r, c in enumerate(choices):
            # a day the rep does not work: no hours, the reason says why (休み, 元日 …)
            planned = tr("{hours} / {limit:g} h", hours=hours_text(c.hours, c.limit),
                         limit=c.limit) if c.shows_hours else ""
            values = (c.label, planned, self._after_text(c, pending), c.reason)
            for col, text in enumerate(values):
                item = QTableWidgetItem(text)
                if not c.choosable:  # shown, not choosable: the reason says why
                    item.setFlags(Qt.ItemFlag.NoItemFlags)
                    item.setForeground(grey)
                elif col == 1 and too_long(c.hours, c.limit):
                    item.setForeground(red)
                elif col == AFTER and pending:
                    item.setForeground(grey)
                elif col == AFTER and c.after is not None and too_long(c.after, c.limit):
                    item.setForeground(red)
                    item.setToolTip(tr("Longer than the {hours:g}-hour day", hours=c.limit))
                self.table.setItem(r, col, item)

    @staticmethod
    def _after_text(c: DayChoice, pending: bool) -> str:
        """How long the day becomes with the visit: does it still fit?"""
        if not c.choosable:
            return ""
        if pending:
            return tr("Calculating…")
        return tr("{hours} h", hours=hours_text(c.after, c.limit)) if c.after is not None else ""

    def _preselect(self) -> int:
        """Select the first choosable day after the visit's (one it still fits in, once
        that is known), ready for Enter; the row selected (-1: none)."""
        choices = self.choices
        now = next((c.date for c in choices if (c.week, c.day) == self.source), "")
        open_ = [r for r, c in enumerate(choices) if c.choosable]
        later = [r for r in open_ if choices[r].date > now]
        fits = [r for r in later if choices[r].after is not None
                and not too_long(choices[r].after or 0.0, choices[r].limit)]
        if not open_:
            return -1
        row = (fits or later or open_)[0]
        self.table.setCurrentCell(row, 0)
        return row

    def show_after(self, choices: list[DayChoice]) -> None:
        """The worker's estimate has come: fill the 移動後 cells (and, when the manager has
        not chosen another day meanwhile, select the first later day it fits in)."""
        if self._closed:
            return
        untouched = self.table.currentRow() == self._preselected and self.chosen() is not None
        self.choices = choices
        self._fill(choices, pending=False)
        if untouched:
            self._preselected = self._preselect()
        self.table.resizeColumnToContents(AFTER)

    def estimate(self, plan: m.Plan, territory_id: str, customer_ids: list[str]) -> Task:
        """Start the 移動後 estimate in a worker thread; its result fills the cells."""
        choices = self.choices
        self._task = run_task(
            self, "", lambda progress: move_choices.with_after(
                plan, territory_id, customer_ids, choices, progress=progress),
            on_done=self.show_after, show_dialog=False)
        return self._task

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        """Closing stops an estimate still running (it checks between days, so the wait is
        about 0.1 s on a real day) and drops its result: no thread outlives the picker."""
        self._closed = True
        if self._task is not None and not self._task.done:
            self._task.cancel()
            self._task.wait()
        super().done(result)

    def ok_button(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def chosen(self) -> tuple[int, str] | None:
        """(week, day) of the choosable day selected."""
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        c = self.choices[rows.pop()]
        return (c.week, c.day) if c.choosable else None


def open_once_picker(panel: Any) -> MoveDayDialog | None:
    """Open the picker for the selected stops of the day shown (window-modal, not blocking);
    the day chosen moves them there for that day only. None (and a sentence) when it cannot."""
    movable = panel.movable()
    if not movable or panel.shown is None:
        return None
    plan = panel._doc.plan
    territory, week, day = panel.shown
    try:  # the days and their reasons at once; how long each becomes comes from a worker
        choices = move_choices.day_choices(plan, territory, movable, (week, day))
    except PlannerError as exc:
        QMessageBox.warning(panel, tr("Territory Planner"), str(exc))
        return None
    names = plan.customers.set_index(m.CUSTOMER_ID)[m.NAME]
    who = (str(names.get(movable[0], "")) or movable[0]) if len(movable) == 1 else trn(
        "{n} customer", "{n} customers", len(movable), n=len(movable))
    now = next(c.label for c in choices if (c.week, c.day) == (week, day))
    dialog = MoveDayDialog(choices, who, (week, day), now, panel, pending=True)
    dialog.setObjectName("move_day_dialog")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)

    def chosen() -> None:
        target = dialog.chosen()
        if target is not None:
            panel.move_selected_to(*target, once=True)

    dialog.accepted.connect(chosen)
    dialog.finished.connect(lambda _r: dialog.deleteLater())
    dialog.open()
    dialog.estimate(plan, territory, list(movable))
    return dialog


def stop_menu(panel: Any) -> QMenu:
    """The right-click menu of the day list's selected stops (built, not shown)."""
    menu = QMenu(panel)
    movable = panel.movable()
    once = menu.addAction(tr("Move to another day (this day only)…"))
    once.setObjectName("calendar_stop_move_once")
    once.setEnabled(bool(movable))
    once.triggered.connect(lambda: open_once_picker(panel))
    return menu


def day_list_tip() -> str:
    """The day list's tooltip: both ways of moving its stops, where a manager looks."""
    return tr("Drag stops onto another day of the calendar to move their visits there, every "
              "week of their rhythm. To move a visit for this day only, right-click the stop → "
              "Move to another day (this day only)…")


def stop_hint() -> str:
    """The last line of a stop's tooltip (the stop's own tooltip hides the list's)."""
    return tr("Right-click: Move to another day (this day only)… · drag onto another day of the "
              "calendar: change its usual day")


def add_stop_menu(panel: Any) -> None:
    """Give ``panel``'s day list its right-click menu."""
    view = panel.day_list

    def show(pos: QPoint) -> None:
        if not panel.movable():
            return
        menu = stop_menu(panel)
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    view.customContextMenuRequested.connect(show)
