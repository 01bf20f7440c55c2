"""Where a printed list's pages break: between whole blocks (a rep's day), each block kept on
one page when it fits one, a block longer than a page broken inside it.

The sheet gives every row its height, so the points a page holds
(:func:`planner.export.excel_cells.page_rows_points`) decide the breaks; the page may
also start with rows repeated on every page (print titles), which the caller takes off.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: A block broken across pages leaves at least this many rows for the next page (its last
#: stop with the day's total, never the total alone under a repeated title).
_TAIL = 2


def printed_height(points: float) -> float:
    """The height Excel prints a row ``points`` tall at: whole screen pixels (3/4 point at
    96 dpi), a 29-point row 29.25 (counted rounded up: a page's 20 rows of two lines came
    to 5 points more than their sum)."""
    return math.ceil(points / 0.75 - 1e-9) * 0.75


@dataclass(frozen=True)
class Block:
    """Rows that belong together on paper: ``heights`` of each row (points), its first row the
    block's title; ``new_page``: the block starts a page of its own (a new week)."""

    heights: Sequence[float]
    new_page: bool = False
    #: rows the block is best broken before when it takes two pages (the afternoon after
    #: the lunch break): the morning on one page, the afternoon on the next, rather than
    #: its last two stops alone overleaf
    cuts: Sequence[int] = ()

    @property
    def tall(self) -> float:
        return float(sum(self.heights))

    @classmethod
    def printed(cls, heights: Sequence[float], *, new_page: bool = False,
                cuts: Sequence[int] = ()) -> Block:
        """A block of rows ``heights`` tall as the sheet gives them, counted as Excel prints
        them (:func:`printed_height`)."""
        return cls([printed_height(h) for h in heights], new_page=new_page, cuts=cuts)


def one_page(
    heights: Sequence[float], most: float, tighten: Callable[[float], float]
) -> list[float]:
    """The row heights a block (a rep's day) is printed at: as given, or each made
    ``tighten(height)`` when only that keeps the block on one page of ``most`` points (a day
    over by a few stops printed whole, not its last stops under 「（続き）」 overleaf).

    A block that fits a page, or that a page would not hold even tightened, keeps its rows
    as given; the heights returned are the ones the sheet gets and the pages are counted by.
    """
    if len(heights) < 2 or Block.printed(heights).tall <= most:
        return list(heights)
    tight = [tighten(h) for h in heights]
    return tight if Block.printed(tight).tall <= most else list(heights)


@dataclass(frozen=True)
class PageStart:
    """A printed page starts before row ``row`` of block ``block``; ``inside``: within the
    block, whose title the page repeats first (``第2週 12月17日(木)（続き）``)."""

    block: int
    row: int

    @property
    def inside(self) -> bool:
        return self.row > 0


def page_starts(
    blocks: Sequence[Block], room: float, *, repeat: float, most: float | None = None
) -> list[PageStart]:
    """The places a new page starts (none before the first block): a block starts a page
    when it asks to or when it would not fit the rest of the page (``room`` points a page);
    a block longer than a page starts one and is broken where the page is full, each
    continued page beginning with its title again (``repeat`` points tall).

    Never begun at the foot of the page before: its title and three stops there and the
    rest under 「（続き）」 overleaf, a printed 12/9 read as a day cut short (a fresh page
    costs a sheet now and then).

    ``most``: the points a page holds without the safety margin ``room`` keeps. A block
    between the two stays whole on a page of its own: broken, it would take a second page
    for its last rows, and should the page print them no more, they go on the next page
    all the same. Blocks of one row that end the sheet or a week never start a page."""
    most = room if most is None else max(most, room)
    # rows of their own (a closed day's 訪問なし) before the end or a page of its own: past the
    # page's foot a printer moves them to the next page, where a break would have put them
    # (a page for 「1月1日(金) 元日 — 訪問なし」 alone), and where its page holds more, they stay
    last = [False] * len(blocks)
    for b in range(len(blocks) - 1, -1, -1):
        after = b + 1 == len(blocks) or blocks[b + 1].new_page or last[b + 1]
        last[b] = len(blocks[b].heights) == 1 and after
    starts: list[PageStart] = []
    used = 0.0
    for b, block in enumerate(blocks):
        tall = block.tall
        # a row of its own is never broken: printed past the page's end it only moves to
        # the next, where a break would have put it
        fits = math.inf if last[b] else most if len(block.heights) == 1 else room
        if used > 0 and (block.new_page or used + tall > fits):
            starts.append(PageStart(b, 0))
            used = 0.0
        if used + tall <= (fits if used > 0 else most):
            used += tall
            continue
        first = True  # the block's rows, a page at a time
        for r, height in enumerate(block.heights):
            if not first and used + height > room:
                cut = min(r, len(block.heights) - _TAIL)
                begun = starts[-1].row if starts and starts[-1].block == b else 0
                if cut <= begun + 1:
                    cut = r  # a page of its title and one row: never left emptier
                # the rest on one page either way: broken where the block prefers (after the
                # lunch break) when that is on this page, no page more for it
                cut = next((c for c in sorted(block.cuts, reverse=True)
                            if begun + 1 < c <= cut and len(block.heights) - c >= _TAIL
                            and repeat + float(sum(block.heights[c:])) <= room), cut)
                starts.append(PageStart(b, cut))
                used = repeat + float(sum(block.heights[cut:r]))
            used += height
            first = False
    return starts


def split_rows(blocks: Sequence[Block], starts: Sequence[PageStart]) -> dict[int, list[int]]:
    """Per block index, the rows before which its pages break inside it (from
    :func:`page_starts`)."""
    out: dict[int, list[int]] = {}
    for s in starts:
        if s.inside:
            out.setdefault(s.block, []).append(s.row)
    return out
