"""The customer table: a QAbstractTableModel over the document's plan (never a copy).

Search, filters and sorting are done with numpy on the plan's columns and kept as
an array of row positions, so 100,000 customers sort and filter without a pause (the filters
and the columns' sort keys: :mod:`planner.ui.customer_rows`; the search:
:mod:`planner.customer_search`). The search and the name's sort fold katakana, half-width
katakana and hiragana into one (:mod:`planner.kana`): やまだ finds ヤマダ商店 and, by its
reading (フリガナ), 山田商店, and names sort by their reading (五十音順) where the list gives one.
Frequency, closing days (定休日), visit days (訪問曜日), visit week (訪問週), visiting hours
(訪問時間帯), territory and lock are editable in place; edits go through the document. A
closing- or visit-day, visit-week or visiting-hours text that cannot be read is refused
(``editRefused``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from planner import model as m
from planner._geocode_nearby import is_approximate
from planner._update_changes import PREVIOUS
from planner.calendar_rhythm import frequency_beside_calendar
from planner.customer_search import (
    Found,
    SearchTexts,
    find_customers,
    named_territories,
    search_terms,
)
from planner.edits import AssignWithAreas, Changes, LockCustomers, SetFrequency
from planner.frequency import parse_frequency
from planner.holiday_notes import HolidayNotes
from planner.i18n import notes, retranslate, tr
from planner.kana import name_sort_keys
from planner.ui.customer_columns import COLUMNS as COLUMNS  # re-exported
from planner.ui.customer_days import CalendarRates, CalendarWords
from planner.ui.customer_fields import TYPED
from planner.ui.customer_rows import (
    FILTERS,
    UNSCHEDULED,
    filter_mask,
    row_runs,
    sort_keys_kept,
    sort_values,
)
from planner.ui.document import PlanDocument
from planner.ui.lock_notes import locked_note
from planner.ui.typed_notes import typed_notes
from planner.unscheduled_groups import reason_with_fix, reasons_by_customer

Index = QModelIndex | QPersistentModelIndex


_NCOLUMNS = len(COLUMNS)
#: how long the plan stays unchanged before the search texts are made in a thread
PREPARE_AFTER_MS = 300
#: the most runs of rows told apart after an edit (more: the whole list is told at once)
MAX_RUNS = 200
_ROLES = [Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.CheckStateRole]
_BASE = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_FLAGS = tuple(
    _BASE | Qt.ItemFlag.ItemIsUserCheckable
    if c.key == m.LOCKED
    else (_BASE | Qt.ItemFlag.ItemIsEditable if c.editable else _BASE)
    for c in COLUMNS
)


class CustomerTableModel(QAbstractTableModel):
    """Rows = the customers that pass the search and filter, in the chosen order."""

    editRefused = Signal(str)  # why a typed value was not taken (shown by the panel)
    editWarned = Signal(str)  # a typed value taken that leaves a customer no day to visit
    editSaid = Signal(str)  # what a cell's edit did, for the status bar ("Locked 1 customer.")

    def __init__(self, document: PlanDocument, parent: Any = None):
        super().__init__(parent)
        self._doc = document
        self._rows = np.arange(len(document.plan.customers))
        self._search = ""
        self._filter = "all"
        self._territory = ""
        self._rank = ""
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._names_key: object = None
        self._texts = SearchTexts()
        self.found = Found(np.zeros(0, dtype=np.intp))  # the last search: territories it named
        self._names_sort_key: tuple[int, ...] = ()
        self._names_sort = np.array([], dtype=str)
        self._names_sort_arrays: list[np.ndarray] = []
        self._names: dict[str, str] = {}
        self._columns_of: object = None  # the customer table self._columns were taken from
        self._columns: dict[str, np.ndarray] = {}
        self._ids_index: tuple[np.ndarray, pd.Index] | None = None
        self._reasons_key: object = None
        self._holidays = HolidayNotes()  # the holidays filter: what closed days did, dated
        self._reasons: dict[str, tuple[str, str]] = {}  # customer → reason's words, code
        self._words = CalendarWords()  # the "In the calendar" column's words, kept
        self._rates = CalendarRates()  # the calendar's visits per 4 weeks, kept
        self._plan_seen: m.Plan = document.plan  # the plan of the last planChanged
        # the search texts made in a thread once the plan has been still for a moment (after
        # opening a file, after names or addresses changed), so the first key finds them
        self._prepare_timer = QTimer(self)
        self._prepare_timer.setSingleShot(True)
        self._prepare_timer.setInterval(PREPARE_AFTER_MS)
        self._prepare_timer.timeout.connect(self.prepare_search)
        self._prepare_timer.start()
        document.planChanged.connect(self._on_document_planChanged)

    # -- Qt model API ----------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else int(len(self._rows))

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else _NCOLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[section].title)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        return _FLAGS[index.column()]  # precomputed: Qt asks this for every selected cell

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cell = self._column
        row = int(self._rows[index.row()])
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.CheckStateRole and key == m.LOCKED:
            locked = bool(cell(m.LOCKED)[row])
            return Qt.CheckState.Checked if locked else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.EditRole:
            if key == m.FREQUENCY:
                return float(cell(m.FREQUENCY)[row])
            if key == m.TERRITORY:
                return str(cell(m.TERRITORY)[row])
            if key in TYPED:
                return TYPED[key].label(cell(key)[row])
        if role == Qt.ItemDataRole.ToolTipRole:
            if key in (m.PROBLEMS, m.ADDRESS):
                # the whole sentence or address: the narrow cell ends in "…"
                return self.data(index, Qt.ItemDataRole.DisplayRole) or None
            # anywhere on the row of a customer the calendar left out: why, and what to change
            why = self._not_in_calendar(str(cell(m.CUSTOMER_ID)[row]))
            if key == m.NAME:  # its reading: フリガナ
                return "\n".join(t for t in (str(cell(m.NAME_KANA)[row]), why) if t) or None
            if key == m.FREQUENCY:  # 6週に1回（カレンダーでは8週に1回） whole: the cell ends in "…"
                said = self.data(index, Qt.ItemDataRole.DisplayRole) or ""
                return "\n".join(t for t in (said, why) if t) or None
            return why or None
        if role != Qt.ItemDataRole.DisplayRole:
            if role == Qt.ItemDataRole.TextAlignmentRole and key in (m.SALES, m.FREQUENCY):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if key == "located":  # an approximate position (placed at its 丁目's customers): to check
            ok = np.isfinite(cell(m.LAT)[row]) and np.isfinite(cell(m.LON)[row])
            how = cell(m.GEOCODE)[row]
            if ok and str(how or "") == PREVIOUS:  # moved, its new address not located yet
                return tr("previous address")
            rough = ok and is_approximate(how)
            return tr("approximate") if rough else tr("yes") if ok else tr("not located")
        if key == m.LOCKED:
            return None
        if key == "calendar":
            return self._calendar_days()[row]
        value = cell(key)[row]
        if key == m.TERRITORY:
            return self._territory_names().get(str(value), tr("(unassigned)"))
        if key == m.FREQUENCY:
            # 4週に0.53回（約8週に1回）, not "0.53 per 4 weeks"; and the calendar's rhythm
            # where it differs: 6週に1回（カレンダーでは8週に1回）
            rate = self._rates.of(self._doc.plan).get(str(cell(m.CUSTOMER_ID)[row]))
            return frequency_beside_calendar(float(value), rate)
        if key == m.SALES:
            return f"{value:,.0f}" if np.isfinite(value) else ""
        if key in TYPED:
            return TYPED[key].label(value)
        if key == m.PROBLEMS:
            return self._problem_text(str(value or ""), str(cell(m.CUSTOMER_ID)[row]))
        return "" if value is None else str(value)

    def _id_index(self) -> pd.Index:
        """The customer codes as an index (its hash table kept with it): the rows of a
        selection are looked up after every search or filter (25 ms to build at 100,000)."""
        ids = self._column(m.CUSTOMER_ID)
        known = self._ids_index
        if known is None or known[0] is not ids:
            # an edit's new table with the same codes (a hand move) keeps the index: comparing
            # them costs 3 ms, an index and its hash table 40 ms after every move and undo
            same = known is not None and len(known[0]) == len(ids) and bool(
                (known[0] == ids).all())
            self._ids_index = (ids, known[1] if same and known is not None else pd.Index(ids))
        return self._ids_index[1]

    def _column(self, key: str) -> np.ndarray:
        """The plan's column ``key`` as an array, kept while the plan's customer table is the
        same: Qt asks for each cell drawn, and a column of the table costs 50 µs to reach
        (half of each repaint of the list)."""
        customers = self._doc.plan.customers
        if self._columns_of is not customers:
            self._columns_of, self._columns = customers, {}
        values = self._columns.get(key)
        if values is None:
            values = self._columns[key] = customers[key].to_numpy()
        return values

    def _calendar_days(self) -> np.ndarray:
        """Each customer's days in the calendar, in words (:class:`CalendarWords`)."""
        return self._words.of(self._doc.plan)

    def _problem_text(self, problem: str, customer_id: str) -> str:
        """Import problems, then why the calendar left the customer out (as the Excel sheet);
        a filter of those customers says 「カレンダー外」 already: the reason alone, in full."""
        parts = [retranslate(problem)] if problem else []
        if self._filter == "holidays":  # 12/29(火)（休業日）→ 12/28(月)に振替
            parts += [t for t in (self._holidays.text(self._doc.plan, customer_id),) if t]
        why = self._not_in_calendar(customer_id, bare=not parts and self._filter in UNSCHEDULED)
        return notes(*parts, why)

    def _not_in_calendar(self, customer_id: str, *, bare: bool = False) -> str:
        """Why the calendar left the customer out and, for a reason of its own data, what to
        change (as the Excel sheet: its first reason), after "Not in the calendar:" unless
        ``bare``; "" for a customer in the calendar."""
        un = self._doc.plan.unscheduled
        if un is None or not len(un):
            return ""
        if self._reasons_key is not un:
            self._reasons = reasons_by_customer(un)
            self._reasons_key = un
        reason = self._reasons.get(customer_id)
        if reason is None or not reason[0]:
            return ""
        why = reason_with_fix(*reason)
        return why if bare else tr("Not in the calendar: {reason}", reason=why)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid():
            return False
        key = COLUMNS[index.column()].key
        ids = (self.customer_id(index.row()),)
        if key == m.LOCKED and role == Qt.ItemDataRole.CheckStateRole:
            locked = Qt.CheckState(value) == Qt.CheckState.Checked
            if locked and self._doc.plan.customers[m.TERRITORY].iat[int(self._rows[index.row()])] == "":
                self.editRefused.emit(tr("A customer without a territory cannot be locked: a lock "
                                         "keeps a customer in its territory. Assign it first."))
                return False
            before = self._doc.plan
            self._doc.push(LockCustomers(ids, locked))
            if text := locked_note(before, self._doc.plan):  # as Lock / Unlock from the menu
                self.editSaid.emit(text)
            return True
        if role != Qt.ItemDataRole.EditRole:
            return False
        if key == m.FREQUENCY:
            freq = parse_frequency(value)
            if freq is None:
                return False
            self._doc.push(SetFrequency(ids, (float(freq),)))
            return True
        if key == m.TERRITORY:
            self._doc.push(AssignWithAreas(ids, (str(value),)))
            return True
        if key in TYPED:
            return self.set_typed(key, ids, value)
        return False

    def set_typed(self, key: str, customer_ids: tuple[str, ...], text: Any) -> bool:
        """Set the field ``key`` (closing or visit days, visit week or hours; see TYPED) of
        ``customer_ids`` from ``text`` typed as in a spreadsheet cell, as one undo step.

        An unreadable text changes nothing and says why (``editRefused``); a value the
        customers already have adds no empty undo step.
        """
        field = TYPED[key]
        value = field.parse("" if text is None else text)
        if value is None:
            self.editRefused.emit(tr(field.refusal, text=str(text)))
            return False
        c = self._doc.plan.customers
        current = c.loc[c[m.CUSTOMER_ID].isin(customer_ids), key]
        if customer_ids and (current == value).all() and len(current) == len(customer_ids):
            return True
        self._doc.push(field.edit.to(customer_ids, value))
        warned, said = typed_notes(self._doc.plan, key, customer_ids)  # what the calendar does
        if said:
            self.editSaid.emit(said)
        if warned:
            self.editWarned.emit(warned)
        return True

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        self._rows = self._sorted(self._rows)
        self.layoutChanged.emit()

    # -- our API -------------------------------------------------------------------
    def customer_id(self, view_row: int) -> str:
        return str(self._doc.plan.customers[m.CUSTOMER_ID].iat[int(self._rows[view_row])])

    def view_rows_of(self, customer_ids: set[str] | frozenset[str]) -> np.ndarray:
        """View rows showing ``customer_ids``, ascending (for mirroring the map's selection)."""
        if not customer_ids or not len(self._rows):
            return np.zeros(0, dtype=np.intp)
        ids = self._column(m.CUSTOMER_ID)
        wanted = np.fromiter(customer_ids, dtype=object, count=len(customer_ids))
        plan_rows = self._id_index().get_indexer(wanted)
        plan_rows = plan_rows[plan_rows >= 0]
        view_of = np.full(len(ids), -1, dtype=np.intp)
        view_of[self._rows] = np.arange(len(self._rows))
        found = view_of[plan_rows]
        return np.sort(found[found >= 0])

    def customer_ids(self, view_rows: np.ndarray) -> list[str]:
        """Customer codes shown at ``view_rows``."""
        ids = self._doc.plan.customers[m.CUSTOMER_ID].to_numpy()
        return [str(c) for c in ids[self._rows[np.asarray(view_rows, dtype=np.intp)]]]

    def shown_ids(self) -> list[str]:
        """Customer codes of every row that passes the search and filters."""
        return self.customer_ids(np.arange(len(self._rows)))

    def set_search(self, text: str) -> None:
        """Show the customers found by ``text`` (:mod:`planner.customer_search`); a text of
        the same words (a space typed after the last) shows the same rows, at once."""
        same = search_terms(text) == search_terms(self._search)
        self._search = text.strip()
        if not same:
            self._refilter()

    def set_filter(self, key: str, *, territory: str = "", rank: str = "") -> None:
        if key not in FILTERS:
            raise ValueError(key)
        self._filter, self._territory, self._rank = key, territory, rank
        self._refilter()

    # -- internals ---------------------------------------------------------------
    def _territory_names(self) -> dict[str, str]:
        territories = self._doc.plan.territories
        if self._names_key is not territories:
            self._names_key = territories
            self._names = {t.id: t.name for t in territories}
        return self._names

    def prepare_search(self) -> None:
        """Make the search texts ahead, in a thread (the search box got the focus)."""
        self._texts.prepare(self._doc.plan.customers)

    def _name_sort_keys(self) -> np.ndarray:
        """Each customer's name sort key (:func:`planner.kana.name_sort_keys`), rebuilt only
        when the names or readings change."""
        c = self._doc.plan.customers
        arrays = [c[col].to_numpy() for col in (m.NAME, m.NAME_KANA)]
        key = tuple(a.__array_interface__["data"][0] for a in arrays) + (len(c),)
        if self._names_sort_key != key:
            self._names_sort = name_sort_keys(c[m.NAME], c[m.NAME_KANA])
            self._names_sort_arrays = arrays  # keeps the buffers alive, so the key stays unique
            self._names_sort_key = key
        return self._names_sort

    def _mask(self) -> np.ndarray:
        c = self._doc.plan.customers
        n = len(c)
        mask = np.ones(n, dtype=bool)
        self.found = Found(np.zeros(0, dtype=np.intp))
        if terms := search_terms(self._search):
            self.found = find_customers(self._texts.get(c), terms, self._column(m.TERRITORY),
                                        self._doc.plan.territories)
            found = np.zeros(n, dtype=bool)
            found[self.found.rows] = True
            mask &= found
        if self._territory:
            mask &= (c[m.TERRITORY] == self._territory).to_numpy()
        if self._rank:
            mask &= (c[m.RANK] == self._rank).to_numpy()
        return mask & filter_mask(self._doc.plan, self._filter, self._doc.selection)

    def _sorted(self, rows: np.ndarray) -> np.ndarray:
        if self._sort is None or len(rows) == 0:
            return rows
        column, order = self._sort
        values = sort_values(self._doc.plan, COLUMNS[column].key, rows,
                             territory_names=self._territory_names,
                             calendar_days=self._calendar_days, name_keys=self._name_sort_keys)
        if values.dtype == object:
            values = values.astype(str)
        idx = np.argsort(values, kind="stable")
        if order == Qt.SortOrder.DescendingOrder:
            idx = idx[::-1]
        return rows[idx]

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = self._sorted(np.flatnonzero(self._mask()))
        self.endResetModel()

    def _depends_on(self, changes: Changes) -> bool:
        """True when the active search, filter or sort reads something ``changes`` touched."""
        keys = set()
        if self._sort is not None:
            keys.add(COLUMNS[self._sort[0]].key)
        if self._territory or self._filter in ("unassigned", "locked"):
            keys.update((m.TERRITORY, m.LOCKED))
        if changes.customers and (self._search or self._rank or self._filter != "all" or keys):
            return True
        if self._search and (changes.territories or changes.assignment and any(
                named_territories(t, self._doc.plan.territories) for t in search_terms(self._search))):
            return True  # a rep's or territory's customers found: who they are has changed
        if changes.assignment and keys & {m.TERRITORY, m.LOCKED}:
            return True
        if changes.frequencies and m.FREQUENCY in keys:
            return True
        if changes.territories and m.TERRITORY in keys:
            return True
        if changes.schedule and (self._filter in (*UNSCHEDULED, "day_changed", "holidays",
                                                  "outside_hours") or "calendar" in keys):
            return True
        return self._filter == "selected" and changes.customers

    def _on_document_planChanged(self, changes: Changes) -> None:
        try:
            self._redraw(changes)
        finally:
            self._plan_seen = self._doc.plan

    def _redraw(self, changes: Changes) -> None:
        """Refilter when the rows shown may change, else tell the views which rows' values
        did: the rows of ``changes.customer_ids`` only when an edit names them."""
        self._words.reword(self._plan_seen, self._doc.plan, changes, self._id_index)
        if changes.customers:
            self._prepare_timer.start()
        n = len(self._doc.plan.customers)
        structural = changes.customers and changes.customer_ids is None
        if structural or len(self._rows) > n or (self._rows.size and self._rows.max() >= n):
            self._refilter()
            return
        if self._depends_on(changes) and not self._order_kept(changes):
            self._refilter()
            return
        if not self.rowCount():
            return
        # Naming the roles spares Qt re-checking every selected cell's flags (slow at 100k).
        for first, last in self._changed_runs(changes):
            self.dataChanged.emit(self.index(first, 0), self.index(last, _NCOLUMNS - 1), _ROLES)

    def _order_kept(self, changes: Changes) -> bool:
        """Whether the rows shown and their order stay after ``changes``: an edit of a few
        customers (a hand move, its undo) that changed nothing the filter or the sort reads
        leaves the list as it is (a reset re-sorted 100,000 rows and redrew them all)."""
        before, plan = self._plan_seen, self._doc.plan
        ids = changes.customer_ids
        if (ids is None or self._search or before is plan or changes.territories
                or changes.settings or len(before.customers) != len(plan.customers)):
            return False
        rows = self._id_index().get_indexer(np.asarray(ids, dtype=object))
        codes = before.customers[m.CUSTOMER_ID].to_numpy()
        if (rows < 0).any() or not (codes[rows] == self._column(m.CUSTOMER_ID)[rows]).all():
            return False
        shown = np.zeros(len(plan.customers), dtype=bool)
        shown[self._rows] = True
        if not np.array_equal(self._mask(), shown):  # a filter takes or drops a row
            return False
        return self._sort is None or sort_keys_kept(
            before, plan, COLUMNS[self._sort[0]].key, rows, territory_names=self._territory_names)

    def _changed_runs(self, changes: Changes) -> list[tuple[int, int]]:
        """The (first, last) view rows whose values ``changes`` may have changed: those of its
        customers when it names them (a hand move: a row or two, not 100,000), else all."""
        everything = [(0, self.rowCount() - 1)]
        ids = changes.customer_ids
        if ids is None or changes.territories or changes.settings:
            return everything
        runs = row_runs(self.view_rows_of(frozenset(ids)))
        return everything if len(runs) > MAX_RUNS else runs  # scattered: told at once

