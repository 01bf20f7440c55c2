"""Two plans side by side as a workbook, to show (or send) the comparison of two designs.

Three printable list sheets (:func:`planner.export.excel_cells.list_sheet`): *Comparison*
(each figure in both plans, with the comparison's sentences above), *Territories* (each
territory's figures in both) and *Customers to tell* (each customer who would change
territory, where from and where to, then each who keeps it but would get other visit days;
their visit hours and visit days in both plans): the office's list for calling them.
"""

from __future__ import annotations

import os
from pathlib import Path

from planner.compare import TERRITORY_HEADERS, PlanComparison
from planner.export.common import write_atomically
from planner.export.excel_cells import list_sheet, new_workbook
from planner.i18n import sentences, tr


def export_comparison(comparison: PlanComparison, path: str | os.PathLike[str]) -> Path:
    """Write the comparison's workbook to ``path`` (``.xlsx``) atomically; return the path."""
    c = comparison
    a, b = c.labels

    def write(tmp: Path) -> None:
        wb = new_workbook()
        used: set[str] = set()
        list_sheet(wb, tr("Comparison"), sentences(*c.summary_lines()),
                   [tr("Figure"), a, b], c.figure_rows(), used=used)
        list_sheet(wb, tr("Territories"), tr("{a} → {b}", a=a, b=b),
                   [tr(h) for h in TERRITORY_HEADERS], c.territory_rows(), used=used)
        headers, moved = c.moved_table()
        note = sentences(*c.summary_lines()[1:])  # who moves, who gets other days (not who vs whom)
        list_sheet(wb, tr("Customers to tell"), note, headers, moved, used=used)
        wb.save(tmp)

    return write_atomically(path, write, source=comparison.sources, suffix=".xlsx")
