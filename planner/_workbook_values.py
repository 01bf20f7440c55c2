"""The customer sheet as an export wrote it, kept in a hidden sheet of the workbook
(:data:`planner.sheetfile.EXPORTED_SHEET`), so that reading the workbook back (``update``)
takes only what a clerk edited since.

The record holds, per customer (by its plan code), the cell of each field the sheet carries
(name, address, sales … and the plan's columns: rep, frequency, closing days …, the lock),
how its position was found (the plan's ``geocode``: a position placed approximately at its
丁目's customers reads back as approximate, :func:`restore_geocode`) and one digest of the
list's other columns (its 元_ words, カナ, 住所2 …). A cell that still says
what the export wrote is no edit: the plan's value now stays, even when the plan changed after
the export (a frequency rule applied since, next month's list read in between). Without the
hidden sheet (a customer sheet copied into a new workbook) a cell is taken where it differs
from the plan now.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner.cells import cell_text, text_values
from planner.sheetfile import EXPORTED_SHEET

#: The record's key of the lock column (固定), which is no field of the importer.
LOCKED = m.LOCKED
#: The record's keys of the territory columns (テリトリーID, テリトリー): a clerk moves a
#: customer there (:mod:`planner._update_territory`).
TERRITORY_ID_KEY = "territory_id"
TERRITORY_NAME_KEY = "territory_name"
#: The record's key of how each position was found (the plan's ``geocode``: ``nearby:chome``,
#: ``manual`` …), which the customer sheet does not show as such.
GEOCODE_KEY = m.GEOCODE
#: The header cell of the digest column starts with this, followed by the headers it covers.
_REST = "_rest\t"


@dataclass(frozen=True)
class Exported:
    """What the export wrote, by customer code key (see :func:`code_keys`)."""

    cells: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> code -> text
    rest_headers: tuple[str, ...] = ()  # the list's other columns, digested per row
    rest: dict[str, str] = field(default_factory=dict)  # code -> digest

    def __bool__(self) -> bool:
        return bool(self.cells)

    def get(self, key: str) -> dict[str, str] | None:
        return self.cells.get(key)

    def codes(self) -> set[str]:
        """The customers the workbook was written with."""
        return set(next(iter(self.cells.values()), {}))


def digest(texts: Sequence[str]) -> str:
    """One row's cells of the list's other columns, as a short key."""
    return hashlib.blake2b("\x1f".join(texts).encode("utf-8"), digest_size=8).hexdigest()


def exported_rows(
    codes: Sequence[Any] | np.ndarray, fields: dict[str, Sequence[Any]],
    rest_headers: Sequence[str], rest: Sequence[Sequence[Any]],
) -> list[list[Any]]:
    """The hidden sheet's rows: a header (code, field keys, the digest column naming the
    headers it covers), then each customer's plan code, its cells as the customer sheet has
    them, and the digest of its other list cells (``rest``: those columns' values)."""
    header = [m.CUSTOMER_ID, *fields, _REST + "\t".join(rest_headers)]
    rows = zip(*rest, strict=True) if rest else ((),) * len(codes)
    digests = [digest([cell_text(v) for v in row]) for row in rows]
    cols = [list(map(str, codes)), *(list(v) for v in fields.values()), digests]
    return [header, *map(list, zip(*cols, strict=True))]


def read_exported(path: str | os.PathLike[str]) -> Exported:
    """The export-time record of a workbook's hidden sheet; empty when the workbook has none
    or it cannot be read (the update then compares with the plan now)."""
    import python_calamine as pc

    from planner._update_match import code_keys

    try:
        workbook = pc.CalamineWorkbook.from_path(str(path))
    except Exception:  # noqa: BLE001 - the list itself was read; the extra sheet is a help
        return Exported()
    try:
        if EXPORTED_SHEET not in workbook.sheet_names:
            return Exported()
        rows = workbook.get_sheet_by_name(EXPORTED_SHEET).to_python(skip_empty_area=False)
    except Exception:  # noqa: BLE001
        return Exported()
    finally:
        workbook.close()
    if len(rows) < 2:
        return Exported()
    header = [str(h) for h in rows[0]]
    if m.CUSTOMER_ID not in header:
        return Exported()
    width = len(header)
    grid = np.empty((len(rows) - 1, width), dtype=object)
    grid[:, :] = [list(r[:width]) + [""] * (width - len(r)) for r in rows[1:]]
    keys = code_keys(text_values(grid[:, header.index(m.CUSTOMER_ID)]))
    cells: dict[str, dict[str, str]] = {}
    rest_headers: tuple[str, ...] = ()
    rest: dict[str, str] = {}
    for j, key in enumerate(header):
        if key == m.CUSTOMER_ID:
            continue
        texts = text_values(grid[:, j])
        if key.startswith(_REST):
            rest_headers = tuple(key[len(_REST):].split("\t")) if len(key) > len(_REST) else ()
            rest = dict(zip(keys, texts, strict=True))
        else:
            cells[key] = dict(zip(keys, texts, strict=True))
    return Exported(cells, rest_headers, rest)


def restore_geocode(customers: pd.DataFrame, exported: Exported) -> pd.DataFrame:
    """``customers`` (read from this program's workbook) with how each position was found as
    the export recorded it, where the row's coordinates are still those exported: a customer
    placed approximately (``nearby:chome``), by hand (``manual``) or at its previous address
    comes back so, not as a position the list gives (``sheet``). Coordinates a clerk typed
    since, and workbooks without the record, keep ``sheet``."""
    how = exported.get(GEOCODE_KEY) if exported else None
    lat_then, lon_then = (exported.get(m.LAT), exported.get(m.LON)) if exported else (None, None)
    if not how or not lat_then or not lon_then or not len(customers):
        return customers
    if set(how.values()) <= {"", "sheet"}:  # every position the list's own: nothing to restore
        return customers
    from planner._update_match import code_keys

    codes = code_keys(customers[m.CUSTOMER_ID].to_numpy(dtype=object))
    then = np.array([how.get(c, "") for c in codes], dtype=object)
    lat = customers[m.LAT].to_numpy(dtype=float)
    lon = customers[m.LON].to_numpy(dtype=float)
    same = ((then != "") & m.located_mask(customers)
            & _same_numbers(lat, [lat_then.get(c) for c in codes])
            & _same_numbers(lon, [lon_then.get(c) for c in codes]))
    if not same.any():
        return customers
    values = customers[m.GEOCODE].fillna("").astype(str).to_numpy(dtype=object, copy=True)
    values[same] = then[same]
    out = customers.copy()
    out[m.GEOCODE] = values
    return out


def _same_numbers(values: np.ndarray, texts: Sequence[str | None]) -> np.ndarray:
    """Which ``values`` are the recorded numbers (texts as the record holds them)."""
    then = pd.to_numeric(pd.Series([t or "" for t in texts], dtype=object),
                         errors="coerce").to_numpy(dtype=float)
    return np.isfinite(then) & np.isclose(values, then, rtol=0.0, atol=1e-9)
