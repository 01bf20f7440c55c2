"""How the customer sheet prints: its long texts (name, address, problems) wrapped in narrower
columns, each narrow column as wide as its values with its header wrapped over two lines, and
the columns a rep never reads on paper (positions, the territory's id, the list's own values
the plan replaced, 元_…) grouped and folded away, so that the list prints on A4 landscape at
:data:`planner.export.excel_cells.LEGIBLE_SCALE` or more (at 52–56 %, 5.5 pt, it was
illegible). Only widths, wrapping and row heights: every value is written as before and the
sheet reads back the same (folded columns are read like the others).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from planner import model as m
from planner.export.excel_cells import ROW_POINTS, column_widths, header_width, row_height
from planner.kept_headers import kept_base

#: The widths (Excel units) long texts wrap within on paper: the name, the address and any
#: other long text (the problems, a list's notes); a phone with its extension noted wraps too.
_WRAP_AT = {m.NAME: 24.0, m.ADDRESS: 32.0, m.PHONE: 16.0}
_TEXT_WRAP_AT = 40.0
#: The widest a column of numbers is made.
_WIDEST = 40.0


def print_widths(
    headers: Sequence[str], sample: Sequence[Sequence[Any]], found: Mapping[str, int],
) -> tuple[list[float], set[int]]:
    """The columns' widths and which of them wrap: each as wide as its widest value (of
    ``sample``) or its header wrapped (:func:`header_width`), whichever is wider; a long
    text narrowed to :data:`_WRAP_AT` (:data:`_TEXT_WRAP_AT` another), wrapping in it."""
    content = column_widths(sample, [""] * len(headers), maximum=math.inf)
    widths = [max(w, header_width(str(h))) for w, h in zip(content, headers, strict=True)]
    wraps: set[int] = set()
    at = {i: _WRAP_AT[f] for f, i in found.items() if f in _WRAP_AT and i < len(headers)}
    for i, width in enumerate(widths):
        most = max(at.get(i, _TEXT_WRAP_AT), header_width(str(headers[i])))
        if width > most:
            widths[i] = most if _texts(sample, i) else min(width, _WIDEST)
            if _texts(sample, i):
                wraps.add(i)
    return widths, wraps


def _texts(sample: Sequence[Sequence[Any]], i: int) -> bool:
    """Whether column ``i`` holds text (not numbers alone)."""
    return any(isinstance(row[i], str) for row in sample if i < len(row))


def off_paper(headers: Sequence[str], found: Mapping[str, int], territory_id: str) -> list[int]:
    """The columns folded away from the printed list: latitude, longitude, the territory's
    id and the list's own values the plan's columns replaced (元_担当 …)."""
    out = {found[f] for f in (m.LAT, m.LON) if f in found}
    out |= {i for i, h in enumerate(headers)
            if h == territory_id or kept_base(h) is not None}
    return sorted(out)


def fold(ws: Any, columns: Sequence[int]) -> None:
    """Group ``columns`` (0-based) and hide them: not printed, one click (+) to show."""
    from openpyxl.utils import get_column_letter

    for i in columns:
        dim = ws.column_dimensions[get_column_letter(i + 1)]
        dim.hidden = True
        dim.outlineLevel = 1
    if columns:
        ws.sheet_format.outlineLevelCol = 1


def wrapped_height(row: Sequence[Any], widths: Sequence[float], wraps: set[int]) -> float | None:
    """The height (points) a row needs for its wrapped texts, None for one line."""
    texts = [row[i] if isinstance(row[i], str) else None for i in sorted(wraps)]
    height = row_height(texts, [widths[i] for i in sorted(wraps)])
    return height if height > ROW_POINTS else None
