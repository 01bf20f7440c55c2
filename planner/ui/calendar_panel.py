"""The Calendar dock: per rep, weeks × weekdays with visits and hours per day.

Click a day to see its route on the map. Right-click a day to select its customers, or to
move the selected customers' visits from the day shown last to this one (one undo step;
both days are routed again, see :class:`planner.edits.MoveVisits`).
"""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner import model as m
from planner._schedule_dates import week_begins
from planner.day_length import hours_text, rep_limit, too_long
from planner.edits import Changes, MoveVisits, MoveVisitsOnce
from planner.i18n import tr, trn
from planner.move_effect import effect_text, move_effect
from planner.rep_days import built_days, calendar_days
from planner.schedule_index import day_rows, territory_rows
from planner.stats import day_summary
from planner.ui import calendar_notes
from planner.ui.calendar_day_off import (
    add_day_off_action,
    add_range_actions,
    cell_dates,
    selected_days,
)
from planner.ui.calendar_grid import (
    VISITS_MIME,
    DayList,
    is_former,
    note_given_days,
    note_one_off_days,
    paint_closed_days,
    rep_choices,
    shown_territory,
)
from planner.ui.calendar_notes import day_title, held_back, move_message
from planner.ui.calendar_stops import fill_stops
from planner.ui.days_off_dialog import add_dialog_action
from planner.ui.document import PlanDocument
from planner.ui.move_day_dialog import add_stop_menu, day_list_tip
from planner.ui.phrase_label import PhraseLabel

DAY_NAMES = m.WEEKDAY_TITLES
class CalendarPanel(QWidget):
    """Choose a rep; see the cycle as a grid; clicking a day asks the map to show its route."""

    dayActivated = Signal(str, int, str)  # territory id, week, day
    dayChanged = Signal(str, int, str)  # the day shown changed (an edit, undo): its route again
    visitsMoved = Signal(str, bool)  # a sentence for the status bar; a day now too long

    def __init__(self, document: PlanDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self._doc = document
        self.rep_combo = QComboBox(self)
        # word-wrapped (a long note must not widen the docks for good), between its phrases
        self.summary = PhraseLabel(self)
        self.grid = QTableWidget(self)
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        rows = self.grid.verticalHeader()  # the weeks share the dock's height (two lines at least)
        rows.setMinimumSectionSize(2 * self.grid.fontMetrics().lineSpacing() + 10)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.cellClicked.connect(self._on_grid_cellClicked)
        # from the keyboard: the arrows show the day they move to, Enter the current one
        self.grid.currentCellChanged.connect(self._on_grid_currentCellChanged)
        self.grid.cellActivated.connect(self._on_grid_cellActivated)
        self._filling_grid = False
        self.grid.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.grid.customContextMenuRequested.connect(self._on_grid_customContextMenuRequested)
        self.shown: tuple[str, int, str] | None = None  # the day whose route the map shows
        self._closed: dict[tuple[int, int], str] = {}  # (row, column) of a closed day → label
        self._days_table: pd.DataFrame | None = None  # day_summary of the rep shown
        self._former_listed: set[str] = set()  # territories the plan no longer has, listed
        # the shown day's stops in route order; selecting rows selects those customers
        self.day_title = QLabel(self)
        self.day_title.setWordWrap(True)
        # a day longer than the rep's day (its grid cell red): said in red above its stops
        self.day_warning = QLabel(self)
        self.day_warning.setObjectName("calendarDayWarning")
        self.day_warning.setWordWrap(True)
        self.day_warning.setStyleSheet("color: #c62828;")
        self.day_warning.hide()
        self.day_list = DayList(self, lambda: self.day_ids)
        self.day_list.setObjectName("calendarDayList")
        self.day_list.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.day_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.day_list.verticalHeader().setVisible(False)
        self.day_list.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.day_list.horizontalHeader().setStretchLastSection(True)
        self.day_list.itemSelectionChanged.connect(self._on_day_list_itemSelectionChanged)
        add_stop_menu(self)  # right-click: 別の日に移動（この日だけ）…
        # drag the picked stops onto another day of the grid to move their visits there
        self.day_list.setDragEnabled(True)
        self.day_list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.day_list.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.grid.setAcceptDrops(True)
        self.grid.viewport().setAcceptDrops(True)
        self.grid.viewport().installEventFilter(self)
        self.day_ids: list[str] = []
        self._filling = False
        self._moving = False  # a hand move in progress: its own signals move the map
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.day_title)
        lower_layout.addWidget(self.day_warning)
        lower_layout.addWidget(self.day_list, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.grid)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        top = QHBoxLayout()
        self.rep_label = QLabel(self)
        top.addWidget(self.rep_label)
        top.addWidget(self.rep_combo, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.splitter, 1)
        self.rep_combo.currentIndexChanged.connect(lambda _i: self._fill_grid())
        document.planChanged.connect(self._on_document_planChanged)
        document.selectionChanged.connect(self._on_document_selectionChanged)
        self._fill_reps()
        self._set_texts()

    def _set_texts(self) -> None:
        self.rep_label.setText(tr("Rep"))
        self.day_list.setToolTip(day_list_tip())  # and right-click for this day only

    def retranslate(self) -> None:
        self._set_texts()
        self._fill_reps()  # a former territory's mark too

    def _on_document_planChanged(self, changes: Changes) -> None:
        if changes.territories or changes.schedule:  # a rebuild drops former territories
            self._fill_reps()
        elif changes.schedule or changes.settings or changes.customers or (
                changes.assignment and self._doc.plan.schedule is not None):
            self._fill_grid()  # a carve after the first (the calendar already out of date)
            # greys its stops and counts them too: only the first one's flipped the schedule
        else:
            return
        if self.shown is not None and (changes.schedule or changes.customers) and not self._moving:
            self.dayChanged.emit(*self.shown)  # the map's route follows (undo, a rebuild …)

    def _fill_reps(self) -> None:
        """The Rep box, made again only when its reps changed (a hand move keeps them), then
        the grid."""
        plan = self._doc.plan
        choices = rep_choices(plan)  # former territories last, marked
        combo = self.rep_combo
        listed = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        if choices != listed:
            current = combo.currentData()
            was_former = current in self._former_listed  # chosen as a former territory
            combo.blockSignals(True)
            combo.clear()
            for label, tid in choices:
                combo.addItem(label, tid)
            self._former_listed = {tid for _l, tid in choices if is_former(plan, tid)}
            index = combo.findData(current)
            if index >= 0 and is_former(plan, str(current)) and not was_former:
                index = 0  # the territory shown just went: show a rep of the plan (it stays)
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        self._fill_grid()

    def territory_id(self) -> str:
        return str(self.rep_combo.currentData() or "")

    def days(self) -> list[str]:
        """The current rep's weekdays: the rep's own working days, else those the calendar was
        built with (else the plan's); a day that still has visits of the rep stays shown."""
        plan = self._doc.plan
        tid = self.territory_id()
        wanted = set(calendar_days(plan, tid) if tid else built_days(plan))
        s = plan.schedule
        if s is not None and tid and len(s):
            wanted |= set(territory_rows(s, tid)["day"].astype(str))
        return [d for d in m.WEEKDAYS if d in wanted and d in DAY_NAMES]

    def _fill_grid(self) -> None:
        self._filling_grid = True  # the current cell moves as the grid is made again
        try:
            self._make_grid()
        finally:
            self._filling_grid = False

    def _make_grid(self) -> None:
        plan = self._doc.plan
        days = self.days()
        weeks = int((plan.meta or {}).get("schedule_weeks", plan.settings.cycle_weeks))
        self.grid.clear()
        self._closed = {}
        self.grid.setColumnCount(len(days))
        self.grid.setHorizontalHeaderLabels([tr(DAY_NAMES[d]) for d in days])
        self.grid.setRowCount(weeks)
        labels = []  # with real dates: each week's Monday under it
        for w in range(1, weeks + 1):
            begins = week_begins(plan.settings, w)
            labels.append(tr("Week {n}", n=w) + (f"\n{begins}" if begins else ""))
        self.grid.setVerticalHeaderLabels(labels)
        tid = self.territory_id()
        # the rep's days, once per change: the grid, the day list's title and moves read it
        self._days_table = day_summary(plan, territory_id=tid) if tid else None
        self._fill_day_list()
        if plan.schedule is None or not tid:
            damaged = plan.schedule is None and plan.calendar_set_aside
            self.summary.setText(tr("Calendar set aside (damaged): Schedule → Build calendar…")
                                 if damaged else tr("No calendar yet: Schedule → Build calendar…"))
            self.summary.setToolTip("")
            return
        table = self._days_table
        territory = shown_territory(plan, tid) or m.Territory(id=tid)
        # a part-timer's day: the rule every output shares (a former territory: the plan's)
        limit = plan.settings.day_hours if is_former(plan, tid) else rep_limit(plan, tid)
        over = 0
        for rec in table.itertuples(index=False):
            if rec.day not in days or not 1 <= int(rec.week) <= weeks:
                continue
            item = QTableWidgetItem(trn("{visits} visit\n{hours} h", "{visits} visits\n{hours} h",
                                        int(rec.visits), visits=int(rec.visits),
                                       hours=hours_text(float(rec.hours), limit)))
            item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            if too_long(float(rec.hours), limit):
                over += 1
                item.setBackground(QBrush(QColor("#f8c9c4")))
                item.setToolTip(tr("Longer than the {hours:g}-hour day", hours=limit))
            self.grid.setItem(int(rec.week) - 1, days.index(rec.day), item)
        # days without work: the rep's days off, public holidays (with dates); a visit there
        # (a hand move's) is shown as it is
        self._closed = paint_closed_days(self.grid, plan, territory, weeks, days)
        note_given_days(self.grid, plan, tid, days)  # a working day whose visit gave way
        note_one_off_days(self.grid, plan, tid, days)  # ◆ a visit moved for that day only
        left, names = calendar_notes.left_out(plan, tid)  # once for the line and its tooltip
        self.summary.setText(calendar_notes.summary_line(plan, tid, table, weeks, over, left))
        # who is left out, why; the whole of the line's short 「作成後の変更: …」
        self.summary.setToolTip("\n".join(x for x in (calendar_notes.stale_tip(plan, tid), names)
                                           if x))

    def _on_grid_currentCellChanged(self, row: int, column: int, *_previous: int) -> None:
        """An arrow key moved to a day: show it (a click shows it through cellClicked)."""
        if self._filling_grid or row < 0 or column < 0 or QApplication.mouseButtons() != (
            Qt.MouseButton.NoButton
        ):
            return
        self._on_grid_cellActivated(row, column)

    def _on_grid_cellActivated(self, row: int, column: int) -> None:
        """Enter on a day: show it, unless it is shown already."""
        days = self.days()
        if column < len(days) and self.shown == (self.territory_id(), row + 1, days[column]):
            return
        self._on_grid_cellClicked(row, column)

    def _on_grid_cellClicked(self, row: int, column: int) -> None:
        days = self.days()
        self.shown = (self.territory_id(), row + 1, days[column])
        self._fill_day_list()
        self.dayActivated.emit(*self.shown)

    # -- the shown day's stops ------------------------------------------------------------

    def _fill_day_list(self) -> None:
        """The stops of the day shown (of the current rep), in route order."""
        self._filling = True
        try:
            shown = self.shown if self.shown and self.shown[0] == self.territory_id() else None
            ids = fill_stops(self.day_list, self.day_title, self._doc.plan, shown,
                             self._days_table, self.day_warning)
            self.day_ids = ids or []
            if ids is not None:
                self._select_rows(self._doc.selection)
        finally:
            self._filling = False

    def _select_rows(self, ids: frozenset[str]) -> None:
        model = self.day_list.selectionModel()
        self.day_list.clearSelection()
        for r, cid in enumerate(self.day_ids):
            if cid in ids:
                model.select(self.day_list.model().index(r, 0),
                             model.SelectionFlag.Select | model.SelectionFlag.Rows)

    def _on_document_selectionChanged(self, ids: frozenset[str]) -> None:
        self._filling = True
        self._select_rows(ids)
        self._filling = False

    def _on_day_list_itemSelectionChanged(self) -> None:
        if self._filling:
            return
        rows = sorted({i.row() for i in self.day_list.selectedIndexes()})
        self._doc.set_selection([self.day_ids[r] for r in rows])

    # -- hand edits -----------------------------------------------------------------------

    def day_customers(self, week: int, day: str) -> list[str]:
        """The customers the current rep visits on ``day`` of ``week``, in route order."""
        s = self._doc.plan.schedule
        if s is None:
            return []
        rows = day_rows(s, self.territory_id(), week, day)
        return [str(c) for c in rows.sort_values("seq")["customer_id"]]

    def movable(self) -> list[str]:
        """The selected customers visited on the day shown last (what a move would take)."""
        if self.shown is None or self.shown[0] != self.territory_id():
            return []
        if is_former(self._doc.plan, self.shown[0]):  # to look at; the rebuild moves them
            return []
        chosen = self._doc.selection
        return [c for c in self.day_customers(self.shown[1], self.shown[2]) if c in chosen]

    def day_menu(self, row: int, column: int) -> QMenu:
        """The right-click menu of a day (built, not shown: tests trigger its actions)."""
        days = self.days()
        week, day = row + 1, days[column]
        menu = QMenu(self)
        on_day = self.day_customers(week, day)
        show = menu.addAction(tr("Show the route"))
        show.setObjectName("calendar_show_route")
        # a closed day (holiday, the company's or the rep's day off) has no route, unless a
        # visit stayed there (a day off given after the build)
        show.setEnabled(bool(on_day) or (row, column) not in self._closed)
        show.triggered.connect(lambda: self._on_grid_cellClicked(row, column))
        pick = menu.addAction(tr("Select this day's customers ({n})", n=len(on_day)))
        pick.setObjectName("calendar_select_day")
        pick.setEnabled(bool(on_day))
        pick.triggered.connect(lambda: self._doc.set_selection(on_day))
        movable = self.movable()
        if movable and self.shown is not None and (self.shown[1], self.shown[2]) != (week, day):
            source = day_title(self.shown[1], self.shown[2], self._doc.plan)
            text = trn("Move {n} selected customer from {source} to this day, every week "
                       "of its rhythm",
                       "Move {n} selected customers from {source} to this day, every week "
                       "of their rhythm",
                       len(movable), n=len(movable), source=source)
        elif movable:  # dragged onto the day they are on: nothing to move
            text = trn("{n} selected customer is on this day already",
                       "{n} selected customers are on this day already", len(movable),
                       n=len(movable))
        else:
            text = tr("Move the selected customers here (select them on a day shown first)")
        closed = self._closed.get((row, column))
        if closed:  # a holiday, the company's or the rep's day off: no visits (MoveVisits)
            text = tr("No visits on this day ({label})", label=closed)
        move = menu.addAction(text)
        move.setObjectName("calendar_move_here")
        move.setEnabled(bool(movable) and self.shown is not None and not closed
                        and (self.shown[1], self.shown[2]) != (week, day))
        move.triggered.connect(lambda: self.move_selected_to(week, day))
        once = menu.addAction(calendar_notes.once_text(self, movable, week, day, closed or ""))
        once.setObjectName("calendar_move_once")
        once.setEnabled(move.isEnabled())
        once.setVisible(not closed)  # the line above says why already; twice read as a glitch
        once.triggered.connect(lambda: self.move_selected_to(week, day, once=True))
        said = lambda text: self.visitsMoved.emit(text, False)  # noqa: E731
        chosen = selected_days(self.grid, days)  # a rep off sick: the day, or the days selected
        if len(chosen) > 1 and (week, day) in chosen:
            add_range_actions(menu, self._doc, self.territory_id(), chosen, said=said)
        else:
            chosen = [(week, day)]
            add_day_off_action(menu, self._doc, self.territory_id(), week, day, closed or "",
                               said=said)
        add_dialog_action(menu, self._doc, self.territory_id(), cell_dates(self._doc, chosen),
                          said=said)
        return menu

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Drops of the day list's stops on a day of the grid move their visits there."""
        if watched is self.grid.viewport() and event.type() in (
            QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop
        ):
            target = self._drop_cell(event.position().toPoint())  # type: ignore[attr-defined]
            mime = event.mimeData()  # type: ignore[attr-defined]
            ok = target is not None and mime is not None and mime.hasFormat(VISITS_MIME)
            if ok:
                # a copy, not a move: the list must not delete the dragged rows afterwards
                event.setDropAction(Qt.DropAction.CopyAction)  # type: ignore[attr-defined]
                event.accept()
            else:
                event.ignore()
            if event.type() == QEvent.Type.Drop and ok:
                ids = [i for i in bytes(mime.data(VISITS_MIME).data()).decode("utf-8").split("\n")
                       if i]
                # after the drag has finished (a refusal's message box must not open inside it)
                QTimer.singleShot(0, lambda: self._move_dropped(ids, target))
            return True
        return super().eventFilter(watched, event)

    def _move_dropped(self, ids: list[str], target: tuple[int, str]) -> None:
        self._doc.set_selection(ids)
        self.move_selected_to(*target)

    def _drop_cell(self, pos: QPoint) -> tuple[int, str] | None:
        """The (week, day) under ``pos`` in the grid, when it is another day than the one shown."""
        index = self.grid.indexAt(pos)
        if not index.isValid() or self.shown is None:
            return None
        target = (index.row() + 1, self.days()[index.column()])
        return None if target == (self.shown[1], self.shown[2]) else target

    def _on_grid_customContextMenuRequested(self, pos: QPoint) -> None:
        index = self.grid.indexAt(pos)
        if not index.isValid() or self._doc.plan.schedule is None:
            return
        menu = self.day_menu(index.row(), index.column())
        menu.exec(self.grid.viewport().mapToGlobal(pos))
        menu.deleteLater()

    def move_selected_to(self, week: int, day: str, *, once: bool = False) -> bool:
        """Move the selected customers' visits from the day shown to ``day`` of ``week``
        (``once``: that day's visits only, their usual days stay)."""
        movable = self.movable()
        if not movable or self.shown is None:
            return False
        territory, src_week, src_day = self.shown
        edit = (MoveVisitsOnce if once else MoveVisits)(
            tuple(movable), (src_week, src_day), (week, day))
        s = self._doc.plan.schedule
        series = 0 if s is None else int(
            (s["customer_id"].isin(movable) & (s["day"] == src_day)).sum()
        )
        before = self._doc.plan
        # the day shown is the target as the edit redraws the dock (its stops listed once)
        self.shown, self._moving = (territory, week, day), True
        try:
            refused = self._doc.try_push(edit)
        except BaseException:
            self.shown = (territory, src_week, src_day)
            raise
        finally:
            self._moving = False
        after = self._doc.plan
        if refused or after is before:
            self.shown = (territory, src_week, src_day)
        if refused:
            QMessageBox.warning(self, tr("Territory Planner"), refused)
            return False
        # the two days' lengths before → after and the driving, from the plans themselves
        effect = move_effect(before, after, territory)
        if after is before:  # on its day already (a weekly series moved a week on): no step
            self.visitsMoved.emit(move_message(len(movable), (week, day), False, effect=effect),
                                  False)
            return False
        self._doc.note_last_step(lambda: effect_text(effect))  # the undo button's tooltip
        self.dayActivated.emit(*self.shown)  # the map follows the visits to their new day
        self.visitsMoved.emit(move_message(
            len(movable), (week, day), series > len(movable) and not once, effect=effect,
            held=held_back(after, movable, day), plan=after, once=once), effect.too_long)
        return True
