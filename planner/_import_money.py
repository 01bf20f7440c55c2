"""Money in a customer list: the unit a sales header states (年間売上(千円)) applied to its
cells, except to a cell that states its own (1,234,000円, 120万円)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

import numpy as np
import pandas as pd

from planner import model as m
from planner._import_grid import Grid, _Problems
from planner.i18n import tr

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


def in_header_unit(
    grid: Grid, found: Mapping[str, int], sales: np.ndarray, problems: _Problems
) -> np.ndarray:
    """Sales in yen: the header's unit (``年間売上(千円)``) applied, except to a cell that
    states its own (``1,234,000円``, ``120万円``), which is read as it says, and reported."""
    header = grid.header(found, m.SALES)
    factor = header_unit(header)
    if factor == 1.0:
        return sales
    cells = grid.text(found, m.SALES)
    own = np.isfinite(sales) & pd.Series(cells, dtype=object).astype(str).str.contains(
        _CELL_UNIT).to_numpy()
    problems.add(own, header, cells, tr(
        "The cell states its own unit: read as it says, not in the header's unit."))
    return np.where(own, sales, sales * factor)
