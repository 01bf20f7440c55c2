"""Cell styles and print settings shared by the workbook's sheets (openpyxl write-only mode)."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from planner.areas import municipality
from planner.export.common import display_width
from planner.i18n import tr

#: A Japanese-capable font every Windows/Office has (LibreOffice substitutes a Japanese font).
FONT_NAME = "Meiryo"
FONT_SIZE = 10

_THIN = Side(style="thin", color="808080")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
SECTION_FILL = PatternFill("solid", fgColor="FCE4D6")
TOTAL_FILL = PatternFill("solid", fgColor="EDEDED")
#: A day longer than the rep's day (as the Calendar dock paints it), and its red type.
LONG_DAY_FILL = PatternFill("solid", fgColor="F8C9C4")
LONG_DAY_RED = "C00000"


def new_workbook() -> Workbook:
    """A write-only workbook whose default font is :data:`FONT_NAME` (so every cell shows Japanese)."""
    wb = Workbook(write_only=True)
    font = Font(name=FONT_NAME, sz=FONT_SIZE, family=3, charset=128)
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = font
    return wb


def styled(
    ws: WriteOnlyWorksheet,
    value: Any,
    *,
    bold: bool = False,
    size: float | None = None,
    fill: PatternFill | None = None,
    border: bool = False,
    number_format: str | None = None,
    align: str | None = None,
    wrap: bool = False,
    vertical: str = "center",
    color: str | None = None,
    underline: bool = False,
) -> WriteOnlyCell:
    """A write-only cell with the given look (``color``: of the type, ``"C00000"``). Text is always text: a customer named
    ``=HYPERLINK(…)`` or ``+81…`` is written as typed, never as a formula."""
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and cell.data_type == "f":
        cell.data_type = "s"
    if bold or size or color or underline:
        cell.font = Font(name=FONT_NAME, sz=size or FONT_SIZE, b=bold, family=3, charset=128,
                         color=color, u="single" if underline else None)
    if fill is not None:
        cell.fill = fill
    if border:
        cell.border = BORDER
    if number_format:
        cell.number_format = number_format
    if align or wrap or vertical != "center":
        cell.alignment = Alignment(horizontal=align, vertical=vertical, wrap_text=wrap)
    return cell


def header_row(ws: WriteOnlyWorksheet, headers: Iterable[str]) -> list[WriteOnlyCell]:
    """Bold, shaded, bordered header cells."""
    return [styled(ws, h, bold=True, fill=HEADER_FILL, border=True, align="center") for h in headers]


def column_widths(
    rows: Iterable[Sequence[Any]],
    headers: Sequence[str],
    *,
    minimum: float = 4.0,
    maximum: float = 50.0,
) -> list[float]:
    """Column widths in Excel units, counting East-Asian wide characters as 2."""
    widths = [float(display_width(h)) for h in headers]
    first: Sequence[Any] = ()
    for row in rows:
        first = first or row
        for i, value in enumerate(row[: len(widths)]):
            if value is None:
                continue
            text = f"{value:,.1f}" if isinstance(value, float) else str(value)
            w = display_width(text)
            if w > widths[i]:
                widths[i] = w
    for i, value in enumerate(first):
        if isinstance(value, float):  # room for formatted numbers: "1,234,567.8", "+12.3%"
            widths[i] = max(widths[i], 9)
    return [min(maximum, max(minimum, w * 1.1 + 2)) for w in widths]


#: Where a Japanese header may break: after / ・ 、 の に or a space, before an opening bracket.
#: Excel and LibreOffice break Japanese between any two characters (訪問回数/サイ|クル).
_HEADER_BREAK = re.compile(r"(?<=[/／・、のに ])|(?=[(（の])")


def header_parts(header: str) -> list[str]:
    """The pieces of ``header`` that never break: a Latin word (split at spaces) in English,
    in Japanese the runs between :data:`_HEADER_BREAK`'s places."""
    if header.isascii():
        return re.findall(r"[!-~]+", header) or [""]
    parts: list[str] = []
    # a short bracket stays whole ((時間/週), （4週）), a long one breaks inside
    for k, piece in enumerate(re.split(r"([(（][^)）]*[)）])", header)):
        whole = k % 2 == 1 and display_width(piece) <= 13
        parts += [piece] if whole else [p for p in _HEADER_BREAK.split(piece) if p]
    return [p for p in parts if p.strip()] or [""]


def header_width(header: str, *, most: float = 8.0) -> float:
    """The width (Excel units) a wrapping header needs: its longest unbreakable piece
    (:func:`header_parts`), and at most ``most`` character cells for a header that could
    take one line."""
    longest = max(display_width(p.strip()) for p in header_parts(header))
    return min(display_width(header), max(longest, most)) * 1.1 + 2


def header_text(header: str, width: float) -> str:
    """``header`` with its line breaks for a column ``width`` Excel units wide: a Japanese
    header breaks only between its :func:`header_parts` (未スケジュールの / 顧客, not
    未スケジュー / ルの顧客); an English one wraps at its spaces by itself."""
    room = (width - 2) / 1.1
    if header.isascii() or display_width(header) <= room:
        return header
    lines = [""]
    for part in header_parts(header):
        if lines[-1] and display_width((lines[-1] + part).strip()) > room:
            lines.append(part)
        else:
            lines[-1] += part
    return "\n".join(line.strip() for line in lines)


def set_widths(ws: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
    """Column widths (must be set before the first row of a write-only sheet)."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def print_setup(
    ws: WriteOnlyWorksheet,
    *,
    landscape: bool,
    title_rows: str | None = None,
    header_left: str = "",
    header_right: str = "",
    pages_wide: int = 1,
    title_columns: str | None = None,
    top_bottom: float | None = None,
) -> None:
    """A4, fit to ``pages_wide`` pages wide (a wide list on pages side by side, read across
    before down, with ``title_columns`` repeated on each), repeated title rows, header texts
    and a footer of the sheet's name and its own page number; ``top_bottom``: the top and
    bottom margins (inches, :data:`TOP_BOTTOM_MARGIN` when not given)."""
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = max(1, pages_wide)
    if pages_wide > 1:
        ws.page_setup.pageOrder = "overThenDown"
        if title_columns:
            ws.print_title_cols = title_columns
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = (
        TOP_BOTTOM_MARGIN if top_bottom is None else top_bottom)
    ws.page_margins.header = ws.page_margins.footer = 0.25
    if title_rows:
        ws.print_title_rows = title_rows
    font = f'&10&"{FONT_NAME},Regular"'
    if header_left:
        ws.oddHeader.left.text = f"{font}{_escape_header(header_left)}"
    if header_right:
        ws.oddHeader.right.text = f"{font}{_escape_header(header_right)}"
    # the sheet's name and its own page number: printing the whole workbook numbered the
    # pages across every sheet ("109 / 198" on a rep's route sheet)
    # (「佐藤 健一 — 2」 read as 健一ー2: 「佐藤 健一（2ページ）」 in Japanese)
    ws.oddFooter.center.text = font + tr("{sheet} — page {page}", sheet="&A", page="&P")
    ws.page_setup.firstPageNumber = 1
    ws.page_setup.useFirstPageNumber = True


#: The top and bottom margins of a printed sheet (inches), the header's and footer's text
#: printed in them at 0.25 in from the paper's edge.
TOP_BOTTOM_MARGIN = 0.6


#: Points one Excel column-width unit prints at 100 % in the workbook's Meiryo 10, for the size
#: the type prints at: a little more than :data:`EXCEL_UNIT_POINTS` (a finer screen, or
#: LibreOffice's 6.45), so the type is never said to print larger than it does.
MEIRYO_UNIT_POINTS = 6.3


#: The smallest scale a wide list prints at: its Meiryo 10 at 8 points, read on paper
#: without strain (at 55 %, 5.5 points, it was not).
LEGIBLE_SCALE = 0.8
#: Column width units (Excel's, about one half-width character) an A4 landscape page
#: holds between the margins at :data:`LEGIBLE_SCALE`, a unit printing at
#: :data:`MEIRYO_UNIT_POINTS` (about 155): a wider list takes pages side by side. (240,
#: counted for Calibri, printed the Meiryo list at 52–56 %.)
LANDSCAPE_UNITS = (842.0 - 2 * 0.4 * 72) / (MEIRYO_UNIT_POINTS * LEGIBLE_SCALE)


def pages_across(widths: list[float], *, repeated: float = 0.0) -> int:
    """Pages side by side a list of columns ``widths`` needs to print legibly on A4
    landscape, ``repeated`` units of title columns printed again on each."""
    total = sum(widths)
    if total <= LANDSCAPE_UNITS:
        return 1
    room = max(LANDSCAPE_UNITS - repeated, LANDSCAPE_UNITS / 2)
    return 1 + math.ceil((total - LANDSCAPE_UNITS) / room)


#: Height of a row of one line, and of each further wrapped line (points, 10–11 pt text).
ROW_POINTS = 15.0
LINE_POINTS = 13.5


#: Printed widths (ems of the cell's type) of half-width characters in the workbook's
#: Meiryo (whose Latin letters are Verdana's, wider than LibreOffice's stand-in), rounded
#: up: a full-width character takes one em, a half-width digit 0.64, a space or a mark of
#: punctuation less. Counting each character's cell (2 for a wide one,
#: :func:`planner.export.common.display_width`) took a full-width character for 2 column
#: units (12.6 points) where it prints at 10: a note that took one line was given the
#: height of two.
_NARROW_EMS = {" ": 0.35, **dict.fromkeys(".,:;/()[]|'!-", 0.45)}
_HALF_EMS = 0.64


def _ems(text: str) -> float:
    """The printed width of ``text`` in ems of the cell's type (:data:`_NARROW_EMS`)."""
    if text.isascii():
        return sum(_NARROW_EMS.get(ch, _HALF_EMS) for ch in text)
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else
               _NARROW_EMS.get(ch, 0.55 if unicodedata.east_asian_width(ch) == "H" else _HALF_EMS)
               for ch in text)


#: Where a wrapping cell may break a line, as this counts it: after a space, or between two
#: wide characters (新横|浜). Excel and LibreOffice break in more places (12/29(|火)), so a
#: line counted here is never shorter than theirs.
_BREAKS = re.compile(r"(?<= )(?! )|(?<=[\u2e80-\u9fff\uf900-\ufaff\uff01-\uff60])"
                     r"(?=[\u2e80-\u9fff\uf900-\ufaff\uff01-\uff60])")


def _line_count(text: str, room: float) -> int:
    """The lines one line of ``text`` (no line break) takes ``room`` ems wide, filled a word
    at a time (:data:`_BREAKS`); a word longer than a line is broken inside."""
    lines, used = 1, 0.0
    for word in _BREAKS.split(text):
        ems = _ems(word.rstrip(" "))  # its spaces may hang past the line's end
        spaces = _ems(word) - ems
        if used and used + ems > room:  # the next line
            lines, used = lines + 1, 0.0
        while ems > room:  # broken inside: a line of it each
            lines, ems = lines + 1, ems - room
        used += ems + spaces
    return lines


def wrapped_lines(text: object, width: float) -> int:
    """The lines ``text`` takes in a wrapping cell ``width`` Excel units wide, each line
    break starting a line, the type measured as it prints (:func:`_ems`)."""
    # the cell's padding: an Excel unit (a digit, 6 points at Meiryo 10 and more) each side
    room = max(1.0, (width - 1.0) * 6.0 / FONT_SIZE)
    parts = ("" if text is None else str(text)).split("\n")
    # a line that fits even if every character is wide is not measured
    return sum(1 if len(part) <= room else _line_count(part, room) for part in parts)


def folded(pieces: Sequence[str], width: float, *, separator: str = "") -> str:
    """``pieces`` (runs that must not break: an address's 都道府県・市区町村 and the rest, a
    note's parts) joined on as few lines as fit a wrapping cell ``width`` Excel units wide,
    with a line break only between two pieces. Excel and LibreOffice wrap Japanese between
    any two characters (新横|浜5丁目12-|8, a house number read wrong); a piece longer than a
    line is still wrapped by them. ``separator`` (the notes' ``/``) is dropped where a line
    ends: the new line parts them (``定休日: 水 /`` read as something left out)."""
    room = max(1.0, width - 1.5)  # the cell's padding, as wrapped_lines counts it
    lines = [""]
    for piece in pieces:
        if lines[-1] and display_width((lines[-1] + piece).rstrip()) > room:
            lines[-1] = lines[-1].rstrip()
            if separator:
                lines[-1] = lines[-1].removesuffix(separator).rstrip()
            lines.append(piece.lstrip())
        else:
            lines[-1] += piece
    return "\n".join(lines)


#: Where a sentence ends: after 。 (not before a closing bracket) or after ". ", "? ", "! ".
_SENTENCE_END = re.compile(r"(?<=。)(?![」』）)\]])|(?<=[.!?] )(?=\S)")


def sentence_lines(note: str, width: float) -> str:
    """``note`` with a line break after each sentence that ends a line of a wrapping cell
    ``width`` Excel units wide, when each sentence fits a line: Excel and LibreOffice wrap
    where the line is full, which left the closing 「。」 of a note a hair too long alone on
    its second line. A note with a sentence longer than a line is left to wrap."""
    sentences = [s for s in _SENTENCE_END.split(note) if s]
    if len(sentences) < 2 or any(wrapped_lines(s.strip(), width) > 1 for s in sentences):
        return note
    return folded(sentences, width)


def address_pieces(address: str) -> list[str]:
    """``address`` cut after its prefecture and municipality (神奈川県横浜市港北区 |
    新横浜5丁目12-8), where a printed address may take a new line; whole when none is read
    (the municipality as :func:`planner.areas.municipality`, the 担当エリア's, reads it)."""
    prefecture, name = municipality(address)
    if not name:
        return [address]
    head = unicodedata.normalize("NFKC", prefecture + name)
    for end in range(1, len(address)):  # the raw text may be full-width or spaced
        if "".join(unicodedata.normalize("NFKC", address[:end]).split()) == head:
            return [address[:end], address[end:]]
    return [address]


def row_height(
    texts: Sequence[object], widths: Sequence[float], *, line: float = LINE_POINTS
) -> float:
    """The height (points) that shows every line of ``texts`` wrapped in their columns
    (``line``: points a line of the cells' type takes)."""
    lines = max((wrapped_lines(t, w) for t, w in zip(texts, widths, strict=True) if t), default=1)
    return ROW_POINTS if lines <= 1 else line * lines + 2.0


def tight_height(points: float) -> float:
    """The height a row :func:`row_height` made ``points`` tall (or :data:`ROW_POINTS`) takes
    when its block is tightened to fit a page: :data:`LINE_POINTS` a line, without the
    spacing under them (15 → 13.5, two lines 29 → 27), the type as large as ever. Meiryo 10
    takes 15 points a line in Excel, about 1.8 of them blank above its characters and 3
    below: the row cuts into that blank only (at 12.75 the type touched the borders)."""
    lines = 1 if points <= ROW_POINTS else max(1, round((points - 2.0) / LINE_POINTS))
    return lines * LINE_POINTS


def warn_on_every_page(ws: Any, text: str) -> None:
    """``text`` in bold red in the middle of every printed page's header."""
    ws.oddHeader.center.text = f'&10&"{FONT_NAME},Bold"&KC00000{_escape_header(text)}'


#: Points one Excel column-width unit prints at 100 %. Excel sizes a column in pixels of the
#: widest digit of the workbook's font, Meiryo 10: 8 pixels at 96 dpi (6 points; on a screen
#: set to 125 % the sheet comes out wider still); LibreOffice, with its stand-in font, prints a
#: unit at 6.45 points (measured: the route sheet's 155.6 units printed 1,005 points wide).
#: The narrowest sheet is shrunk least to fit the page, so holds the fewest rows: the page
#: breaks are placed by it. (Counted as Calibri 11, 5.25 points and 3.75 a column, the pages
#: broke about a fifth early.)
EXCEL_UNIT_POINTS = 6.0
#: The share of a page left free under the estimate: a printer driver's or Excel's rounding of
#: the scale, a row printed a point taller. A page that overflows splits a day and wastes a sheet.
PAGE_SAFETY = 0.02
#: Height of a sheet's title row in 13-point type (points; 28 pixels at 96 dpi).
TITLE_POINTS = 21.0


def page_rows_points(
    widths: Sequence[float],
    *,
    landscape: bool,
    safety: float = PAGE_SAFETY,
    top_bottom: float = TOP_BOTTOM_MARGIN,
) -> float:
    """How many points of rows (their heights as the sheet gives them) one printed A4 page
    holds at the scale "fit to one page wide" gives (:func:`print_setup`'s margins,
    ``top_bottom`` inches above and below), for placing page breaks between whole blocks;
    the share ``safety`` of it kept free."""
    page_w, page_h = (842.0, 595.0) if landscape else (595.0, 842.0)
    printable_w = page_w - 2 * 0.4 * 72
    printable_h = page_h - 2 * top_bottom * 72
    sheet_w = sum(widths) * EXCEL_UNIT_POINTS
    scale = min(1.0, printable_w / sheet_w) if sheet_w else 1.0
    return printable_h / scale * (1.0 - safety)


def printed_type_points(widths: Sequence[float], *, landscape: bool) -> float:
    """The size (points) :data:`FONT_SIZE` type prints at on an A4 page when the columns
    ``widths`` are fit to one page wide (:func:`print_setup`'s margins)."""
    page_w = 842.0 if landscape else 595.0
    sheet_w = sum(widths) * MEIRYO_UNIT_POINTS
    return FONT_SIZE * min(1.0, (page_w - 2 * 0.4 * 72) / sheet_w) if sheet_w else FONT_SIZE


#: The smallest type (points) a list sheet prints at upright (A4 portrait, fit to the page's
#: width); a wider list prints on its side.
PORTRAIT_SMALLEST_POINTS = 8.5


def _escape_header(text: str) -> str:
    """Header/footer text with ``&`` doubled (a single ``&`` starts a code)."""
    return text.replace("&", "&&")



def list_sheet(
    wb: Workbook,
    title: str,
    note: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    used: set[str],
    widest: float = 40.0,
    formats: Sequence[str | None] = (),
) -> WriteOnlyWorksheet:
    """A printable list sheet: ``title`` in large type, the ``note`` under it, then the
    ``headers`` (repeated on every printed page) and ``rows`` with borders and a filter;
    no column wider than ``widest``; ``formats`` gives columns a number format (``"0%"``)."""
    used.add(title)
    ws = wb.create_sheet(title)
    widths = column_widths(list(rows[:400]), list(headers), maximum=widest)
    set_widths(ws, widths)
    ws.freeze_panes = "A4"
    # a narrow list (市区町村 | 担当者 | 顧客数) upright: on its side it ran a few rows onto a
    # second page with most of each page's width blank
    upright = printed_type_points(widths, landscape=False) >= PORTRAIT_SMALLEST_POINTS
    print_setup(ws, landscape=not upright, title_rows="3:3", header_left=title,
                header_right="")
    ws.append([styled(ws, title, bold=True, size=14)])
    across = sum(widths[: len(headers)])
    if len(headers) > 1 and wrapped_lines(note, across) > 1:
        # a long note wraps across the table: run on past it, it shrank the printed page
        note = sentence_lines(note, across)
        ws.merged_cells.add(f"A2:{get_column_letter(len(headers))}2")
        ws.row_dimensions[2].height = row_height([note], [across])
        ws.append([styled(ws, note, wrap=True, vertical="top")])
    else:
        ws.append([note])
    ws.append(header_row(ws, headers))
    shape = list(formats) + [None] * (len(headers) - len(formats))
    for i, row in enumerate(rows):
        texts = [v if isinstance(v, str) else None for v in row]
        height = row_height(texts, widths[: len(texts)])
        wrap = height > ROW_POINTS  # a long name wraps in its cell (the office phones it)
        if wrap:
            ws.row_dimensions[4 + i].height = height
        ws.append([styled(ws, v, border=True, number_format=f, wrap=wrap)
                   for v, f in zip(row, shape, strict=False)])
    if rows:
        ws.auto_filter.ref = f"A3:{get_column_letter(len(headers))}{3 + len(rows)}"
    return ws
