"""The route sheet's day blocks written page by page: a new page for each week, a day kept on
one page when it fits one, a longer day titled again on the next (…（続き）)."""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.pagebreak import Break

from planner.export.excel_cells import ROW_POINTS, tight_height
from planner.export.excel_fast import FastRows
from planner.export.excel_pages import Block, one_page, page_starts, printed_height, split_rows
from planner.export.excel_route_links import Row
from planner.i18n import tr


def write_pages(
    ws: Any,
    fast: FastRows,
    blocks: list[list[Row]],
    weeks: list[int],
    page: tuple[float, float],
    row_no: int,
    afternoons: dict[int, int],
) -> int:
    """Write the route sheet's ``blocks`` (rows of values, looks, height) after row
    ``row_no`` with a page break wherever :func:`page_starts` puts one (``page``: the points
    a page holds, with and without the safety margin), a day broken across pages titled
    again on the next (``…（続き）``) — after its lunch break when the afternoon fits the
    next page (``afternoons``: block → its first row after the break) — a day a page holds
    only with its rows tightened (:func:`one_page`) written with those rows; the last row's
    number."""
    heights = [one_page([row[2] for row in block], page[1], tight_height) for block in blocks]
    shapes = [Block.printed(tall, new_page=b > 0 and weeks[b] != weeks[b - 1],
                            cuts=[afternoons[b]] if b in afternoons else [])
              for b, tall in enumerate(heights)]
    starts = page_starts(shapes, page[0], most=page[1], repeat=printed_height(ROW_POINTS))
    before = {s.block for s in starts if not s.inside}
    inside = split_rows(shapes, starts)
    for b, block in enumerate(blocks):
        if b in before:
            ws.row_breaks.append(Break(id=row_no))
        for r, (values, looks, _height, *links) in enumerate(block):
            if r in inside.get(b, ()):
                ws.row_breaks.append(Break(id=row_no))
                heading, *rest = block[0][0]
                more = tr("(continued)")  # 第2週 12月17日(木)（続き）: no space before （
                fast.append([heading + (more if more.startswith("（") else " " + more), *rest],
                            block[0][1], height=ROW_POINTS)
                row_no += 1
            fast.append(values, looks, height=heights[b][r], links=links[0] if links else None)
            row_no += 1
    return row_no
