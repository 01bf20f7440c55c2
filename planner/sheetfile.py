"""Reading the raw rows of a customer file: Excel/ODS through python-calamine, CSV/TSV as text.

Every failure a user can cause (missing file, wrong sheet, password, a text
file renamed ``.xlsx``, an unknown encoding) becomes one :class:`PlannerError`
sentence. Row numbers are kept as Excel or a text editor shows them.
"""

from __future__ import annotations

import csv
import io
import os
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import python_calamine as pc

from planner._excel_cells import FORMULA_SUFFIXES as _FORMULA_SUFFIXES
from planner._excel_cells import FormulaCell as FormulaCell  # read by the import
from planner._excel_cells import (
    _fill_merged_down,
    _has_data,
    _mark_formulas,
    _mark_hidden,
    _other_lists,
    _pad_numbers,
    merged_across,
)
from planner.errors import PlannerError, os_reason
from planner.i18n import tr

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
#: The hidden sheet in which this program's workbook keeps the plan's cells as exported
#: (:mod:`planner._workbook_values`); never a list to read.
EXPORTED_SHEET = "_exported"
SUFFIXES = EXCEL_SUFFIXES + TEXT_SUFFIXES

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_HALFWIDTH_KANA = re.compile("[\uff61-\uff9f]")


@dataclass
class RawSheet:
    """The rows of one sheet as read, before any interpretation."""

    sheets: list[str]  # every sheet of the file (one name for a CSV file)
    name: str  # the sheet read
    rows: list[list[Any]]  # cells as Python values ("" or None when empty)
    row_numbers: np.ndarray  # 1-based row number of each row, as Excel / an editor shows it
    encoding: str = ""  # text encoding of a CSV file
    formulas: int = 0  # cells that are a FormulaCell
    exported: bool = False  # the workbook is this program's, with its hidden EXPORTED_SHEET
    #: the workbook's other visible sheets holding a list (one per office): not read
    others: list[str] = field(default_factory=list)
    #: columns (indexes into each row) and rows (numbers as Excel shows them) the sheet hides
    #: (.xlsx and .xlsm; the rows of a whole read only)
    hidden_columns: set[int] = field(default_factory=set)
    hidden_rows: set[int] = field(default_factory=set)
    #: cells merged across columns on one row: (row index, first column, last column)
    across: list[tuple[int, int, int]] = field(default_factory=list)


def check_path(path: str | os.PathLike[str]) -> Path:
    """The path, or a :class:`PlannerError` when it is missing or of an unsupported type."""
    p = Path(path)
    if not p.exists():
        raise PlannerError(tr("The file {path} does not exist.", path=str(p)))
    if p.is_dir():
        raise PlannerError(tr("{path} is a folder, not a spreadsheet file.", path=str(p)))
    if p.suffix.lower() not in SUFFIXES:
        raise PlannerError(
            tr(
                "{name} is not a supported spreadsheet; use .xlsx, .xlsm, .xls, .ods or .csv.",
                name=p.name,
            )
        )
    return p


def read_sheet(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    nrows: int | None = None,
    accept: Callable[[list[list[Any]]], bool] | None = None,
) -> RawSheet:
    """The rows of ``sheet`` of a spreadsheet or CSV file.

    Without ``sheet``: the first visible sheet with data that ``accept`` likes
    (for example, one with a header row), else the first sheet with data.
    """
    p = check_path(path)
    _check_not_pdf(p)
    if is_text_file(p):
        return _read_text(p, sheet=sheet, nrows=nrows)
    return _read_excel(p, sheet=sheet, nrows=nrows, accept=accept)


def is_text_file(p: Path) -> bool:
    """A CSV or TSV file: by its name, or a text file named .xls (a sales system's export of
    comma- or tab-separated text under Excel's old name, which Excel opens as it is; a text
    file named .xlsx Excel refuses, and so does this program). A web page saved as .xls is
    no such file."""
    suffix = p.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return True
    if suffix != ".xls":
        return False
    try:
        with open(p, "rb") as fh:
            head = fh.read(512)
    except OSError:
        return False  # said by the reader, with the reason
    start = head.lstrip(b"\xef\xbb\xbf\r\n\t ")
    if not head or head.startswith((_OLE, _ZIP)) or start[:1] == b"<" or start.startswith(b"%PDF-"):
        return False
    return _looks_like_text(p)


def _check_not_pdf(p: Path) -> None:
    """A PDF saved under a spreadsheet's name (the list printed to PDF, then renamed) is
    said to be one, rather than "not a spreadsheet or damaged"."""
    try:
        with open(p, "rb") as fh:
            head = fh.read(1024)
    except OSError:
        return  # said by the reader, with the reason
    if head.lstrip(b"\xef\xbb\xbf\r\n\t ").startswith(b"%PDF-"):
        raise PlannerError(tr(
            "{name} is a PDF file, not a spreadsheet; choose the list as Excel saved it "
            "(.xlsx) or as a CSV file.", name=p.name))


# --- Excel / ODS -------------------------------------------------------------------
def _check_signature(p: Path) -> None:
    try:
        with open(p, "rb") as fh:
            head = fh.read(8)
            fh.seek(0)
            blob = fh.read(1 << 20) if head.startswith(_OLE) else b""
    except OSError as exc:  # no permission, or locked by another program
        raise PlannerError(
            tr("{name} cannot be opened; close it in Excel or check its permissions.", name=p.name)
        ) from exc
    if not head:
        raise PlannerError(tr("{name} is empty.", name=p.name))
    suffix = p.suffix.lower()
    if head.startswith(_OLE) and _ENCRYPTED in blob:
        raise PlannerError(
            tr(
                "{name} is password-protected; remove the password in Excel and save it again.",
                name=p.name,
            )
        )
    expected = _OLE if suffix == ".xls" else _ZIP
    if head.startswith(expected) or (suffix == ".xls" and head.startswith(_ZIP)):
        return
    if _looks_like_text(p):
        raise PlannerError(
            tr(
                "{name} is a text file, not an Excel workbook; save it as .xlsx, or rename it to .csv if it is a CSV file.",
                name=p.name,
            )
        )
    raise PlannerError(tr("{name} is not a spreadsheet or is damaged.", name=p.name))


def _looks_like_text(p: Path) -> bool:
    with open(p, "rb") as fh:
        head = fh.read(4096)
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp932", "euc_jp"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            if exc.start > len(head) - 4:  # a character cut at the end of the sample
                return True
    return False


def _open_workbook(p: Path) -> pc.CalamineWorkbook:
    _check_signature(p)
    try:
        return pc.CalamineWorkbook.from_path(str(p))
    except pc.PasswordError as exc:
        raise PlannerError(
            tr(
                "{name} is password-protected; remove the password in Excel and save it again.",
                name=p.name,
            )
        ) from exc
    except PermissionError as exc:
        raise PlannerError(
            tr("{name} cannot be opened; close it in Excel or check its permissions.", name=p.name)
        ) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        try:  # a workbook saved under the wrong extension (.xlsx named .xls): sniff the content
            return pc.CalamineWorkbook.from_filelike(io.BytesIO(p.read_bytes()))
        except Exception:
            pass
        raise PlannerError(tr("{name} is not a spreadsheet or is damaged.", name=p.name)) from exc


def _pick_sheet(names: list[str], wanted: str | None, file_name: str) -> str | None:
    if wanted is None:
        return None
    if wanted in names:
        return wanted
    key = unicodedata.normalize("NFKC", wanted).strip().casefold()
    for name in names:
        if unicodedata.normalize("NFKC", name).strip().casefold() == key:
            return name
    raise PlannerError(
        tr(
            "{file} has no sheet named {sheet}; its sheets are: {sheets}.",
            file=file_name,
            sheet=repr(wanted),
            sheets=", ".join(names) or tr("(none)"),
        )
    )


def _read_excel(
    p: Path,
    *,
    sheet: str | None,
    nrows: int | None,
    accept: Callable[[list[list[Any]]], bool] | None,
) -> RawSheet:
    workbook = _open_workbook(p)
    try:
        metadata = workbook.sheets_metadata
        names = [s.name for s in metadata if s.typ == pc.SheetTypeEnum.WorkSheet
                 and s.name != EXPORTED_SHEET] or list(workbook.sheet_names)
        chosen = _pick_sheet(names, sheet, p.name)
        order = [chosen] if chosen else _visible_first(metadata, names)
        # the formula scan reads the sheet's XML again: on the other core, while calamine
        # reads (the whole sheet only: a preview's first rows are not reported on)
        whole = nrows is None
        first = (order[0], _scan_formulas_in_background(p, order[0])) if order and whole else None
        fallback: RawSheet | None = None
        for name in order:
            try:
                data = workbook.get_sheet_by_name(name)
                rows = data.to_python(skip_empty_area=True, nrows=nrows)
            except Exception as exc:
                raise PlannerError(
                    tr("{name} is not a spreadsheet or is damaged.", name=p.name)
                ) from exc
            if _has_data(rows):
                formulas = _mark_formulas(rows, data, _formulas(p, name, first)) if whole else 0
                _fill_merged_down(rows, data)
                _pad_numbers(rows, data, p, name)
                start = data.start[0] if data.start else 0
                numbers = np.arange(start + 1, start + 1 + len(rows), dtype=np.int64)
                found = RawSheet(sheets=names, name=name, rows=rows, row_numbers=numbers,
                                 formulas=formulas,
                                 exported=EXPORTED_SHEET in workbook.sheet_names,
                                 across=merged_across(data))
                _mark_hidden(found, data, p, whole)
                if chosen or accept is None or accept(rows):
                    if whole and not found.exported:  # our route sheets are no lists
                        found.others = _other_lists(workbook, metadata, names, name, accept)
                    return found
                fallback = fallback or found
        if fallback is not None:
            return fallback
        if chosen:
            raise PlannerError(tr("The sheet {sheet} is empty.", sheet=repr(chosen)))
        raise PlannerError(tr("{name} has no data in any sheet.", name=p.name))
    finally:
        workbook.close()




def _scan_formulas_in_background(
    p: Path, sheet: str
) -> Callable[[], dict[tuple[int, int], str]]:
    """Start looking for formulas without results in ``sheet``; the function returned waits
    for the answer. (Inflating the XML releases the GIL, so this runs beside calamine.)"""
    found: dict[tuple[int, int], str] = {}
    if p.suffix.lower() not in _FORMULA_SUFFIXES:
        return lambda: found
    from planner._xlsx_formulas import formulas_without_result

    thread = threading.Thread(
        target=lambda: found.update(formulas_without_result(p, sheet)), daemon=True
    )
    thread.start()

    def result() -> dict[tuple[int, int], str]:
        thread.join()
        return found

    return result


def _formulas(
    p: Path, sheet: str, first: tuple[str, Callable[[], dict[tuple[int, int], str]]] | None
) -> dict[tuple[int, int], str]:
    """The formula cells without a result of ``sheet``: the background scan's answer when it
    was the first sheet tried, else scanned now."""
    if first is not None and first[0] == sheet:
        return first[1]()
    return _scan_formulas_in_background(p, sheet)()


def _visible_first(metadata: list[Any], names: list[str]) -> list[str]:
    visible = {s.name for s in metadata if s.visible == pc.SheetVisibleEnum.Visible}
    return [n for n in names if n in visible] + [n for n in names if n not in visible]


def is_exported_workbook(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is this program's own workbook (it holds :data:`EXPORTED_SHEET`)."""
    p = check_path(path)
    if is_text_file(p):
        return False
    workbook = _open_workbook(p)
    try:
        return EXPORTED_SHEET in workbook.sheet_names
    finally:
        workbook.close()


def sheet_names(path: str | os.PathLike[str]) -> list[str]:
    """The sheet names of a workbook (one pseudo-sheet, the file name, for a CSV file)."""
    p = check_path(path)
    if is_text_file(p):
        return [p.stem]
    workbook = _open_workbook(p)
    try:
        return [s.name for s in workbook.sheets_metadata
                if s.typ == pc.SheetTypeEnum.WorkSheet and s.name != EXPORTED_SHEET]
    finally:
        workbook.close()


# --- CSV / TSV -----------------------------------------------------------------------
def decode_text(raw: bytes, name: str) -> tuple[str, str]:
    """Text and encoding of a CSV file: UTF-8 (BOM or not), UTF-16 with BOM, cp932, EUC-JP, else detected."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:8192]:
        raise PlannerError(tr("{name} is not a text file; it cannot be read as CSV.", name=name))
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    decoded: list[tuple[int, str, str]] = []
    for encoding in ("cp932", "euc_jp"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        # EUC-JP bytes often also decode as cp932, as a run of half-width katakana
        halfwidth = len(_HALFWIDTH_KANA.findall(text))
        decoded.append((halfwidth, encoding, text))
    if decoded:
        decoded.sort(key=lambda item: item[0])
        return decoded[0][2], decoded[0][1]
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise PlannerError(
            tr(
                "The text encoding of {name} is unknown; save it as UTF-8 or Shift-JIS CSV.",
                name=name,
            )
        )
    return str(best), str(best.encoding)


def _read_text(p: Path, *, sheet: str | None, nrows: int | None) -> RawSheet:
    name = p.stem
    if sheet is not None and sheet not in (name, p.name):
        raise PlannerError(
            tr(
                "{file} has no sheet named {sheet}; its sheets are: {sheets}.",
                file=p.name,
                sheet=repr(sheet),
                sheets=name,
            )
        )
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise PlannerError(
            tr("{name} cannot be read: {reason}", name=p.name, reason=os_reason(exc))
        ) from exc
    if not raw.strip():
        raise PlannerError(tr("{name} is empty.", name=p.name))
    text, encoding = decode_text(raw, p.name)
    delimiter = "\t" if p.suffix.lower() == ".tsv" else _delimiter(text[:8192])
    rows, numbers = _parse_csv(text, delimiter, nrows, p.name)
    if not _has_data(rows):
        raise PlannerError(tr("{name} is empty.", name=p.name))
    return RawSheet(
        sheets=[name],
        name=name,
        rows=rows,
        row_numbers=numbers,
        encoding=encoding,
    )


def _delimiter(sample: str) -> str:
    """Comma, tab or semicolon (European Excel's CSV): the one the most lines hold, counted
    outside quotes; a comma when none does."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    best, best_lines = ",", 0
    for candidate in (",", "\t", ";"):
        holding = sum(1 for line in lines if candidate in re.sub(r'"[^"]*"', "", line))
        if holding > best_lines:
            best, best_lines = candidate, holding
    return best


#: Excel's way of keeping a CSV cell as text (leading zeros): ``="0012"``.
_EXCEL_TEXT = re.compile(r'^="(.*)"$', re.DOTALL)


def _unwrap_excel_text(rows: list[list[Any]]) -> None:
    """``="0012"`` cells become ``0012`` (in place)."""
    for row in rows:
        for j, cell in enumerate(row):
            if cell.startswith('="'):
                match = _EXCEL_TEXT.match(cell)
                if match:
                    row[j] = match.group(1)


def _parse_csv(
    text: str, delimiter: str, nrows: int | None, name: str
) -> tuple[list[list[Any]], np.ndarray]:
    """Records and the line number each starts on (records may hold line breaks in quotes)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        if nrows is None:
            rows: list[list[Any]] = list(reader)
            lines = text.count("\n") + (0 if text.endswith("\n") else 1)
            if len(rows) == lines:  # one record per line: line number = position
                if '="' in text:
                    _unwrap_excel_text(rows)
                return rows, np.arange(1, len(rows) + 1, dtype=np.int64)
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = []
        numbers: list[int] = []
        previous = 0
        for row in reader:
            rows.append(row)
            numbers.append(previous + 1)
            previous = reader.line_num
            if nrows is not None and len(rows) >= nrows:
                break
    except csv.Error as exc:
        raise PlannerError(
            tr("{name} is not a valid CSV file (line {line}).", name=name, line=reader.line_num)
        ) from exc
    if '="' in text:
        _unwrap_excel_text(rows)
    return rows, np.asarray(numbers, dtype=np.int64)
