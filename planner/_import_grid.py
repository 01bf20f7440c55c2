"""The imported sheet's data rows as columns (:class:`Grid`), and the problems found while
they become customer fields (:class:`Problem`, one per reported cell or row)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from planner import model as m
from planner.cells import blank_mask
from planner.i18n import day_list, tr


@dataclass(frozen=True)
class Problem:
    """One reported row: where (row as Excel shows it, column header), what, why, still a customer?"""

    row: int
    column: str
    value: str
    reason: str
    kept: bool
    #: a note on how the list was read (two spellings of one rep), no problem of the row
    note: bool = False
    #: the reason in words shared by rows whose own reasons differ only in the row they name
    #: (「184行目とすべてのセルが同じ行」): a summary counts them on one line; "" for none
    group: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "kept": self.kept,
        }
        return {**out, "note": True} if self.note else out


@dataclass
class Built:
    """Plan columns for every data row, which rows are customers, and the problems."""

    numeric: dict[str, np.ndarray]
    text: dict[str, np.ndarray]
    kept: np.ndarray
    problems: list[Problem]
    territories: tuple[m.Territory, ...] = ()
    #: codes of rows left out for lacking a name (an update keeps those customers as they are)
    unnamed: tuple[str, ...] = ()


@dataclass
class Grid:
    """The data rows of a sheet as columns: raw cells, their text, blank masks, row numbers."""

    headers: list[str]
    cols: list[np.ndarray]
    texts: list[np.ndarray]
    rows: np.ndarray
    blanks: dict[int, np.ndarray] = field(default_factory=dict)  # computed when first asked
    #: column → each cell's formula when it has no saved result ("" elsewhere)
    formulas: dict[int, np.ndarray] = field(default_factory=dict)
    #: headers given to several columns, as told apart here → as the sheet gives them
    renamed: dict[str, str] = field(default_factory=dict)
    #: the columns the sheet hides
    hidden: set[int] = field(default_factory=set)
    #: (row, text) of the filled cells above the header: a title, a date, （単位：千円）
    above: list[tuple[int, str]] = field(default_factory=list)

    def raw(self, found: Mapping[str, int], key: str) -> np.ndarray:
        return self.cols[found[key]]

    def text(self, found: Mapping[str, int], key: str) -> np.ndarray:
        return self.texts[found[key]]

    def blank(self, found: Mapping[str, int], key: str) -> np.ndarray:
        index = found[key]
        if index not in self.blanks:
            self.blanks[index] = blank_mask(self.cols[index])
        return self.blanks[index]

    def header(self, found: Mapping[str, int], key: str) -> str:
        return self.headers[found[key]] if key in found else ""


@dataclass
class _Problems:
    """Problems collected per row index while the fields are built."""

    rows: np.ndarray
    items: list[tuple[int, str, str, str]] = field(
        default_factory=list
    )  # index, column, value, reason
    #: a row's own reason → the reason a summary groups it under (:attr:`Problem.group`)
    groups: dict[str, str] = field(default_factory=dict)

    def add(self, mask: np.ndarray, column: str, values: np.ndarray | None, reason: str) -> None:
        for i in np.flatnonzero(mask):
            value = "" if values is None else str(values[i])
            self.items.append((int(i), column, value, reason))

    def finish(self, kept: np.ndarray) -> list[Problem]:
        ordered = sorted(enumerate(self.items), key=lambda p: (p[1][0], p[0]))
        return [
            Problem(int(self.rows[i]), column, value, reason, bool(kept[i]),
                    group=self.groups.get(reason, ""))
            for _n, (i, column, value, reason) in ordered
        ]


#: Rows a one-line note names at most (「12・15・40・41・52行目 ほか 7件」).
ROWS_NAMED = 5


def rows_named(rows: list[int], most: int = ROWS_NAMED) -> dict[str, str]:
    """A note's ``rows`` and ``more`` fields: the first ``most`` rows as the sheet numbers
    them (「12・15・40」, "12, 15, 40") and, beyond them, how many more (「 ほか7件」)."""
    if len(rows) <= most + 1:  # 「ほか1件」 hides no more than naming it would
        return {"rows": day_list(rows), "more": ""}
    shown = day_list(rows[:most])
    more = tr(" and {n} more", n=f"{len(rows) - most:,}")
    return {"rows": shown, "more": more}
