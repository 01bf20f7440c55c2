"""Money in a customer list: the unit a sales header states (年間売上(千円)), or else a line
of the sheet above or under the list (（単位：千円）, ※金額単位：千円), applied to its cells,
except to a cell that states its own (1,234,000円, 120万円)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from planner import model as m
from planner._import_grid import Grid, Problem, _Problems
from planner.cells import parse_number_text, parse_numbers
from planner.i18n import N_, tr

_HEADER_UNIT = re.compile(r"(百万|千|万)円|[(\[](百万|千|万)[)\]]")
_UNIT_FACTORS = {"百万": 1_000_000.0, "千": 1_000.0, "万": 10_000.0}


def header_unit(header: str) -> float:
    """The factor a header's money unit stands for: 1,000 for ``売上(千円)``, 1 without one."""
    match = _HEADER_UNIT.search(unicodedata.normalize("NFKC", header or ""))
    if not match:
        return 1.0
    return _UNIT_FACTORS[match.group(1) or match.group(2)]


#: A cell that states its own money unit (``1,234千円``, ``120万円``, ``¥1,234,000``).
_CELL_UNIT = re.compile(r"[円¥￥$万千億]|JPY|yen", re.IGNORECASE)


#: A dash alone in a figure's cell (－, -, ―, ‐): nil, as accounts write a zero.
_NIL = re.compile(r"^[-−－―‐—–ー]$")


def sales_text(text: str) -> float | None:
    """A sales cell's figure: as :func:`planner.cells.parse_number_text` reads it, and 0
    for a dash alone (－), which was "not a number"."""
    if _NIL.match(unicodedata.normalize("NFKC", text).strip()):
        return 0.0
    return parse_number_text(text)


def parse_sales(values: np.ndarray, *, blank: np.ndarray | None = None) -> tuple[np.ndarray,
                                                                                np.ndarray]:
    """Sales figures of a column and a mask of the cells that hold something unreadable."""
    return parse_numbers(values, sales_text, blank=blank)


#: A line of the sheet telling the unit of its figures: （単位：千円）, 単位:百万円, 千円単位.
_STATED_UNIT = re.compile(r"単位\s*[:：]?\s*(百万|千|万)?円|(百万|千|万)円単位")


def stated_unit(lines: Iterable[tuple[int, str]]) -> tuple[float, int, str] | None:
    """(factor, row, text) of the one money unit the sheet's lines above or under the list
    state (（単位：千円） on row 2); None when they state none, or two different ones."""
    found: dict[float, tuple[int, str]] = {}
    for row, text in lines:
        match = _STATED_UNIT.search(unicodedata.normalize("NFKC", text))
        if match:
            unit = match.group(1) or match.group(2)
            found.setdefault(_UNIT_FACTORS[unit] if unit else 1.0, (row, text.strip()))
    if len(found) != 1:
        return None
    ((factor, (row, text)),) = found.items()
    return factor, row, text


def in_header_unit(
    grid: Grid, found: Mapping[str, int], sales: np.ndarray, problems: _Problems,
    lines: Iterable[tuple[int, str]] = (),
) -> tuple[np.ndarray, list[Problem]]:
    """Sales in yen: the header's unit (``年間売上(千円)``) applied, or where the header states
    none, the unit a line of the sheet states (``lines``: (row, text) above or under the list,
    （単位：千円）), told in a note; except to a cell that states its own (``1,234,000円``,
    ``120万円``), which is read as it says, and reported."""
    header = grid.header(found, m.SALES)
    factor = header_unit(header)
    notes: list[Problem] = []
    if factor == 1.0 and not _HEADER_YEN.search(unicodedata.normalize("NFKC", header)):
        stated = stated_unit(lines)
        if stated is not None and stated[0] != 1.0:
            factor, row, text = stated
            notes.append(Problem(row, header, text, tr(
                "The sales in {column} are read in {unit}, as the line {text} on row {row} "
                "says.", column=header, unit=tr(_UNIT_WORDS[factor]), text=text, row=row),
                True, note=True))
    if factor == 1.0:
        return sales, notes
    cells = grid.text(found, m.SALES)
    own = np.isfinite(sales) & pd.Series(cells, dtype=object).astype(str).str.contains(
        _CELL_UNIT).to_numpy()
    problems.add(own, header, cells, tr(
        "The cell states its own unit: read as it says, not in the header's unit."))
    return np.where(own, sales, sales * factor), notes


#: A header stating yen itself (売上(円), 売上金額 円): a line's unit is not for it.
_HEADER_YEN = re.compile(r"円|yen|jpy", re.IGNORECASE)
_UNIT_WORDS = {1_000_000.0: N_("millions of yen"), 1_000.0: N_("thousands of yen"),
               10_000.0: N_("tens of thousands of yen")}
