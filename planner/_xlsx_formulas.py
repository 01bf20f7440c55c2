"""Formula cells an .xlsx workbook holds without a saved result.

Excel saves each formula's last result beside it, and that result is what a reader
sees. Files written by other programs (web systems' exports, scripts) may carry the
formula alone: its cell then reads as empty. These are found in the sheet's XML, so
the import can report them instead of silently reading nothing.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: A cell element (any namespace prefix) and its content; cell attributes hold no "/".
_CELL = re.compile(rb'<(?:\w+:)?c r="([A-Z]+)([0-9]+)"[^>/]*>(.*?)</(?:\w+:)?c>', re.DOTALL)
_FORMULA = re.compile(rb"<(?:\w+:)?f[ />](?:([^<]*)</(?:\w+:)?f>)?")
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]")
_INLINE = re.compile(rb"<(?:\w+:)?is>")


def _sheet_xml(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The archive member of the sheet named ``sheet``."""
    book = ET.fromstring(archive.read("xl/workbook.xml"))
    rel_id = None
    for element in book.iter(f"{_MAIN}sheet"):
        if element.get("name") == sheet:
            rel_id = element.get(f"{_REL}id")
    if rel_id is None:
        return None
    rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.iter(f"{_PKG}Relationship"):
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    return None


def _column_index(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def formulas_without_result(path: Path, sheet: str) -> dict[tuple[int, int], str]:
    """``{(row, column): "=formula"}`` (0-based) of the cells of ``sheet`` that hold a formula
    and no saved result; empty for other files or when the workbook cannot be read so."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_xml(archive, sheet)
            if member is None:
                return {}
            xml = archive.read(member)
    except (OSError, KeyError, zipfile.BadZipFile, ET.ParseError):
        return {}
    if b"<f" not in xml and b":f" not in xml:
        return {}
    out: dict[tuple[int, int], str] = {}
    for match in _CELL.finditer(xml):
        body = match.group(3)
        formula = _FORMULA.search(body)
        if formula is None or _VALUE.search(body) or _INLINE.search(body):
            continue
        text = html.unescape((formula.group(1) or b"").decode("utf-8", "replace"))
        row, col = int(match.group(2)) - 1, _column_index(match.group(1))
        out[(row, col)] = "=" + text if text else "="
    return out
