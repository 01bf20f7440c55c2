"""Numbers an .xlsx workbook shows with leading zeros (number format ``00000``).

A customer code typed as the number 123 in a column formatted ``00000`` reads ``00123`` in
Excel; python-calamine gives the number alone. The format is in the workbook's styles, and
which cells use it in the sheet's XML: both are read here, only when some style pads with
zeros (most workbooks have none, and cost one small read).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from planner._xlsx_formulas import _MAIN, _column_index, _sheet_xml

_ATTR = re.compile(rb'\b([rst])="([^"]*)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_CLOSE = re.compile(rb"</(?:\w+:)?c>")
_ZEROS = re.compile(r"0{2,}")


def padded_styles(archive: zipfile.ZipFile) -> dict[int, int]:
    """Cell style index → digits, for the styles whose number format is zeros alone."""
    try:
        root = ET.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, ET.ParseError):
        return {}
    widths = {}
    for fmt in root.iter(f"{_MAIN}numFmt"):
        code = (fmt.get("formatCode") or "").strip().strip('"')
        if _ZEROS.fullmatch(code):
            widths[fmt.get("numFmtId")] = len(code)
    if not widths:
        return {}
    xfs = root.find(f"{_MAIN}cellXfs")
    if xfs is None:
        return {}
    return {i: widths[xf.get("numFmtId")] for i, xf in enumerate(xfs.findall(f"{_MAIN}xf"))
            if xf.get("numFmtId") in widths}


_LAST_REF = re.compile(rb'r="[A-Z]+([0-9]+)"')


def zero_padded(path: Path, sheet: str, rows: int | None = None) -> dict[tuple[int, int], str]:
    """``{(row, column): "00123"}`` (0-based) of the number cells of ``sheet`` whose format
    pads them with zeros, as Excel shows them; empty for other files and workbooks. With
    ``rows``, the sheet is read only as far as its first ``rows`` rows (a preview's)."""
    try:
        with zipfile.ZipFile(path) as archive:
            styles = padded_styles(archive)
            member = _sheet_xml(archive, sheet) if styles else None
            if member is None:
                return {}
            xml = _read_rows(archive, member, rows)
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError):
        return {}
    out: dict[tuple[int, int], str] = {}
    # only the cells of those styles are looked at (a 100,000-row sheet has a column of them)
    wanted = b"|".join(str(i).encode() for i in styles)
    cells = re.compile(rb'<(?:\w+:)?c\b([^>]*?\bs="(?:' + wanted + rb')"[^>]*?)(/?)>')
    for start in cells.finditer(xml):
        attrs = dict(_ATTR.findall(start.group(1)))
        if attrs.get(b"t", b"n") != b"n" or start.group(2):
            continue
        close = _CLOSE.search(xml, start.end())
        value = _VALUE.search(xml, start.end(), close.start() if close else len(xml))
        ref = re.fullmatch(rb"([A-Z]+)([0-9]+)", attrs.get(b"r", b""))
        if value is None or ref is None:
            continue
        try:
            number = float(value.group(1))
        except ValueError:
            continue
        if number >= 0 and number == int(number):
            width = styles[int(attrs[b"s"])]
            out[(int(ref.group(2)) - 1, _column_index(ref.group(1)))] = str(int(number)).zfill(
                width)
    return out


def _read_rows(archive: zipfile.ZipFile, member: str, rows: int | None) -> bytes:
    """The sheet's XML, or as much of it as holds its first ``rows`` rows whole."""
    if rows is None:
        return archive.read(member)
    chunks = []
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            chunks.append(chunk)
            refs = _LAST_REF.findall(chunk[-4096:])
            if refs and int(refs[-1]) > rows:
                break  # every cell of the rows wanted has been read
    return b"".join(chunks)
