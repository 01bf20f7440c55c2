"""Fast row streaming for big sheets: rows written as XML text, spliced into the saved workbook.

openpyxl spends ~10 µs per cell even in write-only mode; a 100,000-customer
workbook has millions of cells. The big sheets therefore stream their rows as
``<row>`` XML (inline strings, style ids registered through openpyxl) into a
temporary file, and :func:`save_with_rows` puts them inside each sheet's
``<sheetData>`` while copying openpyxl's otherwise complete file. Text is
always written as text, so a customer name starting with ``=`` is never a formula.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.hyperlink import Hyperlink

from planner.export.excel_cells import styled

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_DATA = re.compile(rb"<sheetData\s*/>|<sheetData>\s*</sheetData>")
_LETTERS = [get_column_letter(i) for i in range(1, 16385)]  # every Excel column


def _escape(text: str) -> str:
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
    text = text[:32767]
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if text[:1].isspace() or text[-1:].isspace():
        return f'<is><t xml:space="preserve">{text}</t></is>'
    return f"<is><t>{text}</t></is>"


class FastRows:
    """The rows of one write-only sheet, streamed to a temporary XML fragment."""

    def __init__(self, wb: Workbook, ws: WriteOnlyWorksheet, folder: str) -> None:
        self.ws = ws
        fd, name = tempfile.mkstemp(suffix=".xml", dir=folder)
        self.path = Path(name)
        self.fh = os.fdopen(fd, "w", encoding="utf-8")
        self.row = 0
        self.links: list[Hyperlink] = []  # the cells linking to a web page
        rows_of(wb)[ws.title] = self

    def style(self, **look: Any) -> int:
        """The workbook's style id for a cell look (see :func:`excel_cells.styled`)."""
        return int(styled(self.ws, None, **look).style_id)

    def append(
        self, values: Sequence[Any], styles: Sequence[int] | None = None, *,
        height: float | None = None, links: Mapping[int, str] | None = None,
    ) -> None:
        """Write one row; ``styles`` gives each cell's style id (0 = plain), ``height`` the
        row's height in points (default: the sheet's), ``links`` the web address a cell (by
        column index) links to."""
        self.row += 1
        r = self.row
        for j, url in (links or {}).items():
            self.links.append(Hyperlink(ref=f"{_LETTERS[j]}{r}", target=url))
        tall = f' ht="{height:.1f}" customHeight="1"' if height else ""
        parts = [f'<row r="{r}"{tall}>']
        for j, value in enumerate(values):
            s = styles[j] if styles is not None else 0
            attrs = f' r="{_LETTERS[j]}{r}"' + (f' s="{s}"' if s else "")
            if value is None:
                if s:
                    parts.append(f"<c{attrs}/>")
            elif type(value) is str:
                if value:
                    parts.append(f'<c{attrs} t="inlineStr">{_escape(value)}</c>')
                elif s:
                    parts.append(f"<c{attrs}/>")
            elif isinstance(value, bool):
                parts.append(f'<c{attrs} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)):
                if isinstance(value, float) and not math.isfinite(value):
                    if s:
                        parts.append(f"<c{attrs}/>")
                    continue
                parts.append(f"<c{attrs}><v>{value!r}</v></c>")
            else:
                parts.append(f'<c{attrs} t="inlineStr">{_escape(str(value))}</c>')
        parts.append("</row>")
        self.fh.write("".join(parts))

    def close(self) -> None:
        if not self.fh.closed:
            self.fh.close()


def rows_of(wb: Workbook) -> dict[str, FastRows]:
    """The workbook's fast-row sheets by title (kept on the workbook object)."""
    found: dict[str, FastRows] | None = getattr(wb, "_tp_fast_rows", None)
    if found is None:
        found = {}
        wb._tp_fast_rows = found  # type: ignore[attr-defined]
    return found


def discard_rows(wb: Workbook) -> None:
    """Delete the temporary row files (after saving, or when the export failed)."""
    for fast in rows_of(wb).values():
        with contextlib.suppress(OSError):  # a full disk fails the last flush: delete anyway
            fast.close()
        with contextlib.suppress(FileNotFoundError):
            fast.path.unlink()


def save_with_rows(wb: Workbook, target: Path) -> None:
    """Save ``wb`` to ``target`` with every fast sheet's rows inside its ``<sheetData>``."""
    fast = rows_of(wb)
    for rows in fast.values():
        rows.close()
    for ws in wb.worksheets:
        sheet_rows = fast.get(ws.title)
        if sheet_rows is not None and sheet_rows.links:
            # openpyxl writes a sheet's hyperlinks (and their relationships) after its rows,
            # from the list its writer starts empty: started now, the list is filled
            ws._get_writer()  # type: ignore[union-attr]
            ws._hyperlinks.extend(sheet_rows.links)  # type: ignore[union-attr]
    buffer = io.BytesIO()
    wb.save(buffer)
    paths = {ws.path.lstrip("/"): fast[ws.title] for ws in wb.worksheets if ws.title in fast}
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(
        target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=4
    ) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            fast_rows = paths.get(info.filename)
            if fast_rows is None:
                out.writestr(info, data)
                continue
            match = _SHEET_DATA.search(data)
            if match is None:
                raise RuntimeError(f"no sheetData in {info.filename}")
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry._compresslevel = 1  # type: ignore[attr-defined]  # big and repetitive: speed wins
            with out.open(entry, "w", force_zip64=True) as dst:
                dst.write(data[: match.start()] + b"<sheetData>")
                with open(fast_rows.path, "rb") as fh:
                    shutil.copyfileobj(fh, dst, 1 << 20)
                dst.write(b"</sheetData>" + data[match.end():])
