"""Cells of a workbook's sheet as Excel shows them, where python-calamine reads them
otherwise: formulas without a saved result, numbers padded with zeros by their format,
cells merged down a column, hidden columns and rows; and the other sheets holding a list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import python_calamine as pc

if TYPE_CHECKING:
    from planner.sheetfile import RawSheet

class FormulaCell(str):
    """A cell holding a formula without a saved result (its text is the formula, ``=A2*2``):
    it reads as empty, and the import reports it."""


#: The workbook formats whose XML is read here (.xlsx, .xlsm).
FORMULA_SUFFIXES = (".xlsx", ".xlsm")


def _other_lists(
    workbook: Any, metadata: list[Any], names: list[str], read: str,
    accept: Callable[[list[list[Any]]], bool] | None,
) -> list[str]:
    """The visible sheets other than ``read`` whose first rows hold a list (a header row,
    when ``accept`` says what one is): the other offices of a workbook of one sheet each."""
    visible = {s.name for s in metadata if s.visible == pc.SheetVisibleEnum.Visible}
    out = []
    for name in names:
        if name == read or name not in visible:
            continue
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=True, nrows=40)
        except Exception:  # a damaged sheet that is not read is no reason to stop
            continue
        if _has_data(rows) and (accept is None or accept(rows)):
            out.append(name)
    return out


def _mark_formulas(
    rows: list[list[Any]], data: Any, formulas: dict[tuple[int, int], str]
) -> int:
    """Put a :class:`FormulaCell` in each empty cell of ``formulas`` (0-based sheet
    positions); how many there are."""
    top, left = data.start if data.start else (0, 0)
    count = 0
    for (r, c), formula in formulas.items():
        i, j = r - top, c - left
        if 0 <= i < len(rows) and 0 <= j < len(rows[i]) and rows[i][j] in ("", None):
            rows[i][j] = FormulaCell(formula)
            count += 1
    return count


def _mark_hidden(raw: RawSheet, data: Any, p: Path, whole: bool) -> None:
    """The columns and rows the sheet hides, as positions in ``raw`` (.xlsx/.xlsm only)."""
    if p.suffix.lower() not in FORMULA_SUFFIXES:
        return
    from planner._xlsx_hidden import hidden_cells

    columns, rows = hidden_cells(p, raw.name, rows=whole)
    top, left = data.start if data.start else (0, 0)
    raw.hidden_columns = {c - left for c in columns if c >= left}
    raw.hidden_rows = {r + 1 for r in rows if r >= top}


def _pad_numbers(rows: list[list[Any]], data: Any, p: Path, sheet: str) -> None:
    """Numbers shown with leading zeros by their format (a code 123 formatted ``00000``)
    as Excel shows them (``00123``): python-calamine gives the bare number."""
    if p.suffix.lower() not in FORMULA_SUFFIXES:
        return
    from planner._xlsx_formats import zero_padded

    top, left = data.start if data.start else (0, 0)
    for (r, c), text in zero_padded(p, sheet, rows=top + len(rows)).items():
        i, j = r - top, c - left
        if 0 <= i < len(rows) and 0 <= j < len(rows[i]) and isinstance(rows[i][j], (int, float)):
            rows[i][j] = text


def _fill_merged_down(rows: list[list[Any]], data: Any) -> None:
    """Cells merged down a column (one 担当 for five rows) give their value to every row of
    the merge, as a reader of the sheet sees it. Merges across columns are left as they are
    (a title over the table, a header spanning two columns)."""
    try:
        ranges = data.merged_cell_ranges or []
    except Exception:  # not every format reports merges
        return
    top, left = data.start if data.start else (0, 0)
    for (r1, c1), (r2, _c2) in ranges:
        i1, j = r1 - top, c1 - left
        if r2 <= r1 or not 0 <= i1 < len(rows) or j < 0 or j >= len(rows[i1]):
            continue
        value = rows[i1][j]
        for i in range(i1 + 1, min(r2 - top + 1, len(rows))):
            if j < len(rows[i]) and rows[i][j] in ("", None):
                rows[i][j] = value


def merged_across(data: Any) -> list[tuple[int, int, int]]:
    """Cells merged across columns on one row, as (row index, first column, last column)
    into the rows read: a header spanning two columns (住所 over 都道府県市区町村 | 番地)."""
    try:
        ranges = data.merged_cell_ranges or []
    except Exception:  # not every format reports merges
        return []
    top, left = data.start if data.start else (0, 0)
    return [(r1 - top, c1 - left, c2 - left) for (r1, c1), (r2, c2) in ranges
            if r1 == r2 and c2 > c1 and r1 >= top and c1 >= left]


def _has_data(rows: list[list[Any]]) -> bool:
    for row in rows:
        for cell in row:
            if cell is not None and cell != "" and not (isinstance(cell, str) and not cell.strip()):
                return True
    return False
