"""The Customers list's search box: it asks for a search once typing pauses (at once on
Enter), and says when it gets the focus, so the list can make its search texts meanwhile;
and the list's count line under it (:func:`count_text`: 「担当 鈴木 一郎 の顧客 211件」)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from planner import model as m
from planner.customer_search import Found
from planner.i18n import clauses, listing, tr, trn

#: how long typing pauses before the list is searched (a name committed by the input method
#: comes whole; letters typed one by one are searched as the typist pauses)
SEARCH_PAUSE_MS = 80


class SearchBox(QLineEdit):
    """A line edit that emits ``searched(text)`` after a pause in typing, or on Enter."""

    searched = Signal(str)
    focused = Signal()  # the box got the keyboard focus: a search is coming

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumWidth(160)  # a narrow window squeezes the filters, not the search
        self.setClearButtonEnabled(True)
        self.pause = QTimer(self)  # a key is 10–50 ms at 100,000 customers: no need to wait long
        self.pause.setSingleShot(True)
        self.pause.setInterval(SEARCH_PAUSE_MS)
        self.pause.timeout.connect(self.search_now)
        self.textChanged.connect(self.pause.start)
        self.returnPressed.connect(self.search_now)  # Enter: no pause
        self.retranslate()

    def retranslate(self) -> None:
        self.setPlaceholderText(tr("Search code, name, reading, address, phone or rep…"))
        self.setToolTip(tr(
            "Part of a code, name, reading or address, a phone number however it is written "
            "(03-1234-5678, 0312345678), or a rep's or territory's name to list its customers. "
            "Words separated by a space must all be found; full- and half-width letters, digits "
            "and kana, hiragana and katakana, and the dashes of addresses are alike. Enter "
            "searches at once."))

    def search_now(self) -> None:
        self.pause.stop()
        self.searched.emit(self.text())

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.focused.emit()


def count_text(plan: m.Plan, rows: np.ndarray, found: Found) -> str:
    """The list's count line: how many customers it shows (「顧客 1,000件」, 「12件 / 全1,000件」),
    and whose they are when the search named a rep or territory (「担当 鈴木 一郎 の顧客 211件、
    ほかに名前・住所・電話番号などで 3件」); ``rows`` = the plan rows shown."""
    total = len(plan.customers)
    n = len(rows)
    if found.named:
        by_id = {t.id: t for t in plan.territories}
        ids = [tid for tid, _ in found.named]
        territory = plan.customers[m.TERRITORY].to_numpy()[rows]
        theirs = int(np.isin(territory, ids).sum()) if n else 0
        who = listing(tr("rep {rep}", rep=by_id[tid].rep) if kind == "rep" else by_id[tid].name
                      for tid, kind in found.named)
        return clauses(
            trn("{who}'s customer: {n}", "{who}'s customers: {n}", theirs, who=who,
                n=f"{theirs:,}"),
            trn("{n} more found by name, address, phone or other details",
                "{n} more found by name, address, phone or other details", n - theirs,
                n=f"{n - theirs:,}") if n > theirs else "")
    if n == total:
        return tr("Customers: {n}", n=f"{n:,}")
    return trn("{n} of {total} customer", "{n} of {total} customers", total, n=f"{n:,}",
               total=f"{total:,}")


def selected_text(n: int) -> str:
    """The count line's part on the selection (「51件を選択中」; "" for none): after a lasso
    on the map the list showed only 「顧客 1,500件」, nowhere how many were caught."""
    return trn("{n} selected", "{n} selected", n, n=f"{n:,}") if n else ""
