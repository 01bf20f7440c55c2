"""What a file opened as a plan really is, when it is not one: another program's GeoPackage
(QGIS, a GIS export), or a spreadsheet given the plan's ``.gpkg`` name. The window says so and
points to the import of a customer list; the file is only read."""

from __future__ import annotations

import contextlib
import sqlite3
import zipfile
from pathlib import Path

from planner.store import CUSTOMERS_LAYER, META_TABLE

#: another program's GeoPackage with points or plain tables: it may hold a customer list
GEOPACKAGE_ROWS = "geopackage_rows"
#: another program's GeoPackage of areas or lines only
GEOPACKAGE = "geopackage"

_SQLITE_MAGIC = b"SQLite format 3\x00"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97–2003 workbook (.xls)
_PLAN_TABLES = {META_TABLE, CUSTOMERS_LAYER}


def foreign_kind(path: str | Path) -> str:
    """What ``path`` is, as it is not a Territory Planner plan: :data:`GEOPACKAGE_ROWS`,
    :data:`GEOPACKAGE`, the suffix a spreadsheet renamed from would have (``.xlsx``,
    ``.ods``, ``.xls``, ``.csv``), or "" (a plan, damaged or not; a file it cannot tell;
    one that cannot be read)."""
    source = Path(path)
    try:
        with open(source, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return ""
    if head.startswith(_SQLITE_MAGIC):
        return _geopackage_kind(source)
    if head.startswith(_ZIP_MAGIC):
        return _zip_kind(source)
    if head.startswith(_OLE_MAGIC):
        return ".xls"
    return ".csv" if _looks_like_csv(head) else ""


def _geopackage_kind(source: Path) -> str:
    """Its tables, read from the GeoPackage's own list (``gpkg_contents``), never written."""
    try:
        with contextlib.closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro",
                                                uri=True, timeout=0.5)) as db:
            rows = db.execute(
                "SELECT c.table_name, c.data_type, g.geometry_type_name FROM gpkg_contents c "
                "LEFT JOIN gpkg_geometry_columns g ON g.table_name = c.table_name").fetchall()
    except sqlite3.Error:  # a plain SQLite database, locked or damaged: nothing to add
        return ""
    tables = {str(name).lower() for name, _type, _geometry in rows}
    if _PLAN_TABLES <= tables:
        return ""  # a plan after all: the reason it did not open is the one to tell
    rows_kind = any(str(data_type).lower() == "attributes"
                    or "POINT" in str(geometry or "").upper()
                    for _name, data_type, geometry in rows)
    return GEOPACKAGE_ROWS if rows_kind else GEOPACKAGE


def _zip_kind(source: Path) -> str:
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" in names:
                return ".xlsx"
            if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
                return ".ods"
    except (OSError, zipfile.BadZipFile, KeyError):
        pass
    return ""


def _looks_like_csv(head: bytes) -> bool:
    """Text (UTF-8 or Shift_JIS) whose first line has commas or tabs between fields."""
    if not head or b"\x00" in head:
        return False
    if b"\n" in head:  # whole lines only: the read may end inside a character
        head = head[:head.rindex(b"\n")]
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        first = text.splitlines()[0] if text.splitlines() else ""
        return "," in first or "\t" in first
    return False
