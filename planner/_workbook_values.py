"""The plan's columns of the customer sheet as an export wrote them, kept in a hidden sheet of
the workbook (:data:`planner.sheetfile.EXPORTED_SHEET`).

Reading the workbook back (``update``), a cell of those columns is the clerk's edit only where
it differs from what the export wrote; where it does not, the plan's value now stays, even when
the plan changed after the export (a frequency rule applied since). Without the hidden sheet (a
customer sheet copied into a new workbook) a cell is taken where it differs from the plan now.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from planner import model as m
from planner.cells import text_values
from planner.columns import REP
from planner.sheetfile import EXPORTED_SHEET

#: The fields whose export-time cells the hidden sheet keeps (the plan's own columns an update
#: reads back from the workbook); its header row names them by these keys.
FIELDS = (REP, m.FREQUENCY, m.CLOSED_DAYS, m.VISIT_DAYS, m.VISIT_WEEK, m.VISIT_TIME)

#: field -> {customer code key: the cell's text as the export wrote it}
Exported = dict[str, dict[str, str]]


def exported_rows(codes: Sequence[Any], columns: dict[str, Sequence[Any]]) -> list[list[Any]]:
    """The hidden sheet's rows: a header of field keys, then each customer's plan code and its
    cells as the customer sheet has them."""
    header = [m.CUSTOMER_ID, *FIELDS]
    cols = [list(map(str, codes)), *(list(columns[f]) for f in FIELDS)]
    return [header, *map(list, zip(*cols, strict=True))]


def read_exported(path: str | Path) -> Exported:
    """The export-time cells of a workbook's hidden sheet, by customer code; empty when the
    workbook has none or it cannot be read (the update then compares with the plan now)."""
    import python_calamine as pc

    from planner._update_match import code_keys

    try:
        workbook = pc.CalamineWorkbook.from_path(str(path))
    except Exception:  # noqa: BLE001 - the list itself was read; the extra sheet is a help
        return {}
    try:
        if EXPORTED_SHEET not in workbook.sheet_names:
            return {}
        rows = workbook.get_sheet_by_name(EXPORTED_SHEET).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001
        return {}
    finally:
        workbook.close()
    if len(rows) < 2:
        return {}
    header = [str(h) for h in rows[0]]
    if m.CUSTOMER_ID not in header:
        return {}
    width = len(header)
    grid = np.empty((len(rows) - 1, width), dtype=object)
    grid[:, :] = [list(r[:width]) + [""] * (width - len(r)) for r in rows[1:]]
    keys = code_keys(text_values(grid[:, header.index(m.CUSTOMER_ID)]))
    out: Exported = {}
    for field in FIELDS:
        if field in header:
            texts = text_values(grid[:, header.index(field)])
            out[field] = dict(zip(keys, texts, strict=True))
    return out
