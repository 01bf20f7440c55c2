"""Printed pages of an exported workbook's route sheets, as Excel and LibreOffice lay them out.

Run: ``python benchmarks/bench_route_pages.py BOOK.xlsx``. Each route sheet is laid out from
its own column widths, row heights, page breaks and print titles, fit to one A4 landscape
page wide, for each renderer: Excel prints a column-width unit of the workbook's Meiryo 10 at
6 points (8 pixels at 96 dpi; rows in whole pixels, the scale a whole percent), LibreOffice at
6.45 (measured: ``soffice --headless --convert-to pdf`` printed the README plan's route
sheet, 155.6 units, 1,005 points wide). Prints, per renderer, the pages, the page ends the
sheet did not make itself (the renderer's own, past a page's foot) and how many of those
split a day without its title, and how full the pages ending in a break are.
"""

from __future__ import annotations

import math
import statistics
import sys
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

#: Points one column-width unit prints at 100 %, and whether rows snap to whole 96-dpi pixels
#: and the scale to a whole percent.
RENDERERS = {"Excel (96 dpi)": (6.0, True), "LibreOffice": (6.45, False)}
PAGE_W, PAGE_H = 842.0 - 2 * 0.4 * 72, 595.0 - 2 * 0.6 * 72  # A4 landscape less the margins


def lay_out(ws, unit: float, excel: bool) -> tuple[int, int, int, list[float]]:  # type: ignore[no-untyped-def]
    """(pages, renderer's own page ends, of them inside a day, fullness of pages ending in a
    break) of route sheet ``ws``."""
    widths = [ws.column_dimensions[get_column_letter(k)].width or 8.43
              for k in range(1, ws.max_column + 1)]
    scale = min(1.0, PAGE_W / (sum(widths) * unit))
    if excel:
        scale = math.floor(scale * 100) / 100

    def height(r: int) -> float:
        h = ws.row_dimensions[r].height or 15.0
        return math.ceil(h / 0.75 - 1e-9) * 0.75 if excel else h

    room = PAGE_H / scale
    titles = height(1) + height(2)
    breaks = {b.id for b in ws.row_breaks.brk}
    pages, own, split, used, fills = 1, 0, 0, titles, []
    for r in range(3, ws.max_row + 1):
        h = height(r)
        if used + h > room:
            fills.append(used / room)
            pages, own, used = pages + 1, own + 1, titles
            split += not isinstance(ws.cell(r, 1).value, str)  # a stop, not a day's title
        used += h
        if r in breaks:
            fills.append(used / room)
            pages, used = pages + 1, titles
    return pages, own, split, fills


def main(path: str) -> None:
    wb = load_workbook(path)
    sheets = [ws for ws in wb if ws.print_title_rows and "1:$2" in ws.print_title_rows
              and ws["A2"].value in ("No.",)]
    print(f"{Path(path).name}: {len(sheets)} route sheets")
    for name, (unit, excel) in RENDERERS.items():
        results = [lay_out(ws, unit, excel) for ws in sheets]
        fills = [f for *_x, page_fills in results for f in page_fills]
        print(f"  {name}: {sum(r[0] for r in results)} pages, "
              f"{sum(r[1] for r in results)} page ends of its own "
              f"({sum(r[2] for r in results)} inside a day), pages ending in a break "
              f"{statistics.mean(fills):.0%} full on average" if fills else "")


if __name__ == "__main__":
    main(sys.argv[1])
