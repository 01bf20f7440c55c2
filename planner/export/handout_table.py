"""The stop table of the PDF hand-outs' day pages: its rows, type sizes, how much of the page
the map gives it, and how a long day's table breaks into pages above the page number without
parting a stop from its rows."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from planner.areas import AreaShare, areas_text
from planner.export.common import display_width
from planner.i18n import tr

ROW_H = 0.0155
#: A link's colour (a stop's address linking to Google Maps): dark blue, printing near black.
LINK_COLOR = "#1f3f8f"
#: An arrival after the rep's day ends: the red of a day too long (the Calendar dock's).
LATE_RED = "#c00000"
#: The least row pitch (11.6 points for 8.5-point type): a day a few rows too long for the
#: smallest map closes its rows up to this rather than take a second sheet.
ROW_H_MIN = 0.0138
#: Type size of the stop table, and the smallest it shrinks to for a long address or name.
CELL_SIZE, CELL_SIZE_MIN = 8.5, 6.0
#: The page number's baseline (figure fraction), and the top of its 8-point type with a gap:
#: no table row is drawn below it.
FOOTER_Y = 0.02
FOOTER_TOP = 0.035
#: Where the stop table's header starts: under the map, and on a "(continued)" page.
TABLE_TOP_UNDER_MAP, TABLE_TOP_FULL_PAGE = 0.40, 0.91


#: The day map's top (under the title), its gap above the table's header, and its height:
#: a full one, and the least it shrinks to so that a day a little longer than the rows under
#: a full map still prints on one sheet (a second sheet for a few stops wasted paper).
MAP_TOP, MAP_GAP = 0.92, 0.02
MAP_HEIGHT = MAP_TOP - MAP_GAP - TABLE_TOP_UNDER_MAP
MAP_HEIGHT_MIN = 0.30


def rows_fitting(top: float, row_h: float = ROW_H) -> int:
    """How many stop-table rows of pitch ``row_h`` fit between a header at ``top`` and the
    page number."""
    # row k (1-based) is shaded down to top − 0.005 − (k + 1)·row_h + 0.003 (see stop_table)
    return int((top - 0.002 - FOOTER_TOP) / row_h + 1e-9) - 1


ROWS_UNDER_MAP = rows_fitting(TABLE_TOP_UNDER_MAP)
ROWS_FULL_PAGE = rows_fitting(TABLE_TOP_FULL_PAGE)
#: The rows under the smallest map: a day's table up to this long prints on one page.
ROWS_UNDER_SMALLEST_MAP = rows_fitting(MAP_TOP - MAP_GAP - MAP_HEIGHT_MIN)
#: The longest day's table that prints on one page: under the smallest map, its rows
#: closed up to :data:`ROW_H_MIN`.
ROWS_ONE_PAGE_MOST = rows_fitting(MAP_TOP - MAP_GAP - MAP_HEIGHT_MIN, ROW_H_MIN)
#: The page's width (points) and the right edge of the stop table (figure fraction).
PAGE_POINTS, TABLE_RIGHT = 595.3, 0.94
#: Where each stop's check box (済) sits, and its size: the rep ticks the visits off.
CHECK_X, CHECK_W, CHECK_H = 0.915, 0.016, 0.0095


def _columns(spec: Sequence[tuple[str, float]]) -> tuple[tuple[str, float, int], ...]:
    """(header, x, width in character cells) for columns starting at ``spec``'s x, each as
    wide as the room to the next one (the last one's to the check boxes), less a gap: the
    cells of :data:`CELL_SIZE` type (half an em, :func:`print_cells`)."""
    ends = [x for _h, x in spec[1:]] + [CHECK_X]
    return tuple((h, x, int((end - x - 0.008) * PAGE_POINTS / (CELL_SIZE / 2)))
                 for (h, x), end in zip(spec, ends, strict=True))


#: Stop table columns: (header, x position, width in character cells).
COLUMNS = _columns((("No.", 0.06), ("Arrival", 0.094), ("Name", 0.16), ("Address", 0.455),
                    ("Phone", 0.79)))
#: The same with the visiting hours (時間指定), on days where some customer has them.
HOURS_COLUMNS = _columns((("No.", 0.06), ("Arrival", 0.094), ("Hours", 0.152), ("Name", 0.262),
                          ("Address", 0.51), ("Phone", 0.79)))


def paginate_table(
    table: Sequence[tuple[str, ...]], first: int, rest: int
) -> list[list[tuple[str, ...]]]:
    """``table`` cut into pages of at most ``first`` rows, then ``rest`` rows each, never
    between a stop and its rows: the lunch break before it and what to tell under it
    (:data:`NOTE_ROW`) move to the next page with it, and so does the last stop with the
    day's totals (:data:`TOTAL_ROW`). Always at least one (maybe empty) page."""
    groups: list[list[tuple[str, ...]]] = []
    lunch_before = False
    for row in table:
        if not groups or (row[0] not in (NOTE_ROW, TOTAL_ROW) and not lunch_before):
            groups.append([])
        groups[-1].append(row)
        lunch_before = row[0] == ""  # a lunch break row: its stop follows it
    pages: list[list[tuple[str, ...]]] = [[]]
    room = first
    for group in groups:
        if len(group) > room and pages[-1]:
            pages.append([])
            room = rest
        while len(group) > room:  # only a group longer than a whole page is cut
            pages[-1].extend(group[:room])
            group = group[room:]
            pages.append([])
            room = rest
        pages[-1].extend(group)
        room -= len(group)
    return pages


def table_top_for(rows: int, row_h: float = ROW_H) -> float:
    """The lowest header top under which ``rows`` stop-table rows fit above the page number."""
    return FOOTER_TOP + 0.002 + (rows + 1) * row_h


def day_layout(
    table: Sequence[tuple[str, ...]], *, total: str = "",
) -> tuple[float, list[list[tuple[str, ...]]], float]:
    """:func:`fitted_layout` of ``table``; a day it gives more than one page gets ``total``
    (the day's totals, "" for none) in a last row (:data:`TOTAL_ROW`) under its last stop, so
    the rep finds them where the day ends."""
    layout = fitted_layout(table)
    if total and len(layout[1]) > 1:  # (a row more never makes a day fit one page)
        layout = fitted_layout([*table, (TOTAL_ROW, total)])
    return layout


def fitted_layout(
    table: Sequence[tuple[str, ...]],
) -> tuple[float, list[list[tuple[str, ...]]], float]:
    """(the table's top under the day map, the table's pages, the first page's row pitch):
    the tallest map, down to :data:`MAP_HEIGHT_MIN` a row at a time, with which the day
    takes the fewest pages. A day a few rows longer than :data:`ROWS_UNDER_MAP` gets a
    shorter map and one page; a few rows longer than the smallest map holds
    (:data:`ROWS_ONE_PAGE_MOST`), its rows close up just enough to stay on that page (a
    second sheet for a stop or two, or for the notes under them, wasted paper); one longer
    still keeps the full map unless a shorter one saves a page."""
    best = (TABLE_TOP_UNDER_MAP, paginate_table(table, ROWS_UNDER_MAP, ROWS_FULL_PAGE))
    for rows in range(ROWS_UNDER_MAP + 1, ROWS_UNDER_SMALLEST_MAP + 1):
        if len(best[1]) == 1:
            break
        pages = paginate_table(table, rows, ROWS_FULL_PAGE)
        if len(pages) < len(best[1]):
            best = (max(TABLE_TOP_UNDER_MAP, table_top_for(rows)), pages)
    if len(best[1]) > 1 and len(table) <= ROWS_ONE_PAGE_MOST:
        top = MAP_TOP - MAP_GAP - MAP_HEIGHT_MIN
        return top, [list(table)], (top - 0.002 - FOOTER_TOP) / (len(table) + 1)
    return (*best, ROW_H)


#: The first cell of a table row telling the customer's news under its stop.
NOTE_ROW = "\x00note"
#: The first cell of the day's totals row, under the last stop of a day over several pages.
TOTAL_ROW = "\x00total"

#: Character cells a half-width character takes in print: a Latin letter or digit of the
#: embedded font is wider than half an em (04-3668-9476: 0.6 em a character).
NARROW_CELLS = 1.3


def print_cells(text: str) -> float:
    """The width of ``text`` in character cells of half an em: a wide (Japanese) character
    2, a half-width one :data:`NARROW_CELLS`."""
    wide = display_width(text) - len(text)  # display_width counts a wide character 2
    return 2 * wide + NARROW_CELLS * (len(text) - wide)


def _clip_cells(text: str, cells: float) -> str:
    """``text`` cut with an ellipsis to ``cells`` (:func:`print_cells`)."""
    if print_cells(text) <= cells:
        return text
    out = text
    while out and print_cells(out) + NARROW_CELLS > cells:
        out = out[:-1]
    return out + "…"


def note_cells(columns: Sequence[tuple[str, float, int]]) -> int:
    """The character cells of a note row (:data:`NOTE_ROW`): from the name column to the
    table's right edge, at :data:`CELL_SIZE`."""
    _h, x, width = columns[-3]
    return int(width * (0.94 - x) / (columns[-2][1] - x))


#: A note runs on over at most this many rows under its stop; a longer one shrinks on the last.
NOTE_LINES = 3
#: Where a note's line breaks: between its pieces of news, else after 、 or a space.
_NEWS = re.compile(r".+?(?: / |; |；)|.+$")
_WORDS = re.compile(r".+?(?:、|。| )|.+$")
#: The rows after a note's first, indented under its text after "→ ".
_INDENT = "   "


def note_lines(text: str, cells: int) -> list[str]:
    """``text`` (what to tell the customer) in rows of ``cells`` character cells at
    :data:`CELL_SIZE`, broken between its pieces of news (``12/16 から振替 / お知らせ: …``),
    inside a piece only when it is longer than a row (after 、 or a space, else anywhere);
    the rows after the first indented under its text. It was cut with 「…」, or printed at
    6 points, where it ran beyond one row."""
    if print_cells(text) <= cells:
        return [text]
    lines: list[str] = []
    line = ""

    def room() -> float:
        return cells - (print_cells(_INDENT) if lines else 0)

    def fits(more: str) -> bool:
        return print_cells(line + more.rstrip()) <= room()

    for news in _NEWS.findall(text):
        if line and not fits(news):
            lines.append(line)
            line = ""
        if fits(news):
            line += news
            continue
        for word in _WORDS.findall(news):  # a piece longer than a row
            whole = print_cells(word.rstrip()) <= cells - print_cells(_INDENT)
            if line and not fits(word) and whole:  # else cut, filling this row first
                lines.append(line)
                line = ""
            while not fits(word):  # a word longer than a row: cut anywhere
                k = len(word) - 1
                while k > 1 and not fits(word[:k]):
                    k -= 1
                lines.append(line + word[:k])
                line, word = "", word[k:]
            line += word
    lines.append(line)
    lines = [row.rstrip() for row in lines if row.strip()]
    if len(lines) > NOTE_LINES:  # the rest on the last row, in smaller type (fitted_cell)
        lines = [*lines[:NOTE_LINES - 1], " ".join(lines[NOTE_LINES - 1:])]
    return [lines[0], *(_INDENT + row for row in lines[1:])]


def fitted_cell(value: str, width: int) -> tuple[float, str]:
    """(type size, text) showing ``value`` whole in ``width`` character cells at
    :data:`CELL_SIZE`, in smaller type when it is longer (an address keeps its 丁目・番地),
    cut with an ellipsis only beyond what :data:`CELL_SIZE_MIN` holds."""
    wide = print_cells(value)
    if wide <= width:
        return CELL_SIZE, value
    size = max(CELL_SIZE_MIN, CELL_SIZE * width / wide)
    # the cells the type size holds (30.9999 cells hold 31 at that size)
    return size, _clip_cells(value, width * CELL_SIZE / size + 1e-6)


#: The smallest type of the overview's 担当エリア line: fewer municipalities, "ほか N件", rather
#: than smaller type.
AREAS_SIZE_MIN = 7.5


def areas_fitting(shares: Sequence[AreaShare], width: int, *, most: int = 12) -> str:
    """The territory's municipalities (``練馬区 120、板橋区 45 ほか3件``) as many of the first
    ``most`` as its 担当エリア line holds in ``width`` character cells at
    :data:`AREAS_SIZE_MIN` or larger, cut at a whole municipality with the rest counted
    (:func:`planner.areas.areas_text`); at least the first one."""
    for k in range(min(most, len(shares)), 1, -1):
        text = areas_text(list(shares), most=k)
        if fitted_cell(tr("Areas: {areas}", areas=text), width)[0] >= AREAS_SIZE_MIN:
            return text
    return areas_text(list(shares), most=1) if shares else ""


def stop_table(
    fig: Figure,
    rows: Sequence[tuple[str, ...]],
    *,
    top: float,
    columns: Sequence[tuple[str, float, int]] = COLUMNS,
    row_h: float = ROW_H,
    links: Mapping[str, str] | None = None,
    late: Collection[str] = (),
) -> None:
    """Draw the stop table's header at ``top`` and ``rows`` under it ``row_h`` apart (notes
    under their stop), each stop with a box at the right edge for the rep to tick (済);
    ``links``: per stop number the web address its name and address link to (Google Maps'
    directions), the address in dark blue; ``late``: the stop numbers reached after the
    rep's day ends, their arrival in red (as the Calendar dock shows it)."""
    links = links or {}
    y = top
    for header, x, _w in columns:
        fig.text(x, y, tr(header), fontsize=9, va="top")
    fig.text(CHECK_X + CHECK_W / 2, y, tr("Done"), fontsize=9, va="top", ha="center")
    fig.add_artist(Line2D([0.06, 0.94], [y - 0.016, y - 0.016], lw=0.8, color="black"))
    y -= 0.005
    shaded = True
    for row in rows:
        y -= row_h
        if row[0] == TOTAL_ROW:  # the day's totals: ruled off, in bold, unshaded
            fig.add_artist(Line2D([0.06, 0.94], [y + 0.003, y + 0.003], lw=0.6, color="black"))
            size, text = fitted_cell(row[1], int((0.94 - 0.06) * PAGE_POINTS / (CELL_SIZE / 2)))
            fig.text(columns[0][1], y - 0.002, text, fontsize=size, va="top", fontweight="bold")
            continue
        if row[0] != NOTE_ROW:  # a stop's news shares its stop's shade
            shaded = not shaded
        if shaded:
            fig.add_artist(Rectangle((0.055, y - row_h + 0.003), 0.89, row_h,
                                                        color="#eeeeee", zorder=0))
        if row[0] == NOTE_ROW:  # what to tell the customer: under the name, to the edge
            x = columns[-3][1]
            size, text = fitted_cell(row[1], note_cells(columns))
            fig.text(x, y, text, fontsize=size, va="top", color="#222222", fontweight="bold")
            continue
        url = links.get(row[0])
        for (header, x, width), value in zip(columns, row, strict=True):
            size, text = fitted_cell(value, width)
            if url and header in ("Name", "Address"):  # a tap opens the directions to it
                fig.text(x, y, text, fontsize=size, va="top", url=url,
                         color=LINK_COLOR if header == "Address" else None)
            elif header == "Arrival" and row[0] in late:  # after the rep's day: red
                fig.text(x, y, text, fontsize=size, va="top", color=LATE_RED, fontweight="bold")
            else:
                fig.text(x, y, text, fontsize=size, va="top")
        if row[0]:  # a stop (not the lunch break): its box to tick off
            fig.add_artist(Rectangle((CHECK_X, y - CHECK_H + 0.001), CHECK_W, CHECK_H,
                                     fill=False, lw=0.7, edgecolor="#333333", zorder=2))
