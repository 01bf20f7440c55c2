"""Columns and rows an .xlsx sheet hides (python-calamine does not say).

A hidden column is often an old one kept beside its successor (the former 担当 before
the current one); hidden rows are read like the others, and the import says how many.
Both are in the sheet's XML: ``<col min max hidden="1">`` and ``<row r hidden="1">``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from planner._xlsx_formulas import _sheet_xml

_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)>")
_ROW = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_ATTR = re.compile(rb'\b(min|max|r|hidden)="([^"]*)"')
_SHEET_DATA = re.compile(rb"<(?:\w+:)?sheetData\b")


def _hidden(attrs: dict[bytes, bytes]) -> bool:
    return attrs.get(b"hidden", b"0").lower() in (b"1", b"true")


def hidden_cells(path: Path, sheet: str, *, rows: bool = True) -> tuple[set[int], set[int]]:
    """(hidden columns, hidden rows) of ``sheet``, both 0-based; empty for other files or when
    the workbook cannot be read so. ``rows=False``: the columns only (the head of the XML)."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_xml(archive, sheet)
            if member is None:
                return set(), set()
            if rows:
                xml = archive.read(member)
            else:
                with archive.open(member) as stream:  # <cols> comes before the cells
                    xml = b""
                    while chunk := stream.read(1 << 16):
                        xml += chunk
                        if _SHEET_DATA.search(xml):
                            break
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError):
        return set(), set()
    columns: set[int] = set()
    head = xml[: m.start()] if (m := _SHEET_DATA.search(xml)) else xml
    for found in _COL.finditer(head):
        attrs = dict(_ATTR.findall(found.group(1)))
        if _hidden(attrs) and attrs.get(b"min", b"").isdigit():
            low = int(attrs[b"min"])
            high = int(attrs.get(b"max", b"") or low) if attrs.get(b"max", b"").isdigit() else low
            columns.update(range(low - 1, min(high, 16384)))
    hidden_rows: set[int] = set()
    if rows and (b'hidden="1"' in xml or b'hidden="true"' in xml):
        for found in _ROW.finditer(xml):
            attrs = dict(_ATTR.findall(found.group(1)))
            if _hidden(attrs) and attrs.get(b"r", b"").isdigit():
                hidden_rows.add(int(attrs[b"r"]) - 1)
    return columns, hidden_rows
