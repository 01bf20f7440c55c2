"""A plan file edited in another program (QGIS, DB Browser for SQLite): what makes no sense in
its customer table is set right as it is read, each with a note in the user's language (the
window and the commands show them; they are not saved); what cannot be set right refuses the
file in one sentence."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import model as m
from planner.errors import PlannerError
from planner.i18n import N_, listing, tr, trn

#: The customer table's number columns, each with the name the user knows it by.
NUMBER_LABELS: dict[str, str] = {
    m.LAT: N_("Latitude"),
    m.LON: N_("Longitude"),
    m.SALES: N_("Sales"),
    m.FREQUENCY: N_("Frequency"),
    m.SERVICE_MINUTES: N_("Visit minutes"),
    m.SOURCE_ROW: N_("Source row"),
    m.LOCKED: N_("Locked"),
}
#: How many customers a note names before "…" (a whole column of text names none more).
_NAMED = 5


def check_essential_columns(path: Path, layer: str) -> None:
    """Refuse a plan whose customer table lost its customer code or map position column
    (dropped in another program): nothing could tell its customers apart or place them."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        columns = {str(row[1]) for row in db.execute(f'PRAGMA table_info("{layer}")')}
        geometry = [str(row[0]) for row in db.execute(
            "SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (layer,))]
    if m.CUSTOMER_ID not in columns:
        raise PlannerError(tr("{name} cannot be opened: its customer table has lost the "
                              "customer code column ({column}).", name=path.name,
                              column=m.CUSTOMER_ID))
    if not geometry or geometry[0] not in columns:
        raise PlannerError(tr("{name} cannot be opened: its customer table has lost the map "
                              "position column ({column}).", name=path.name,
                              column=geometry[0] if geometry else "geom"))


def lost_columns(path: Path, layer: str, saved: Collection[str]) -> list[str]:
    """A note for each plan column the file was saved with and has lost since (dropped in
    another program): read as empty for every customer."""
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        columns = {str(row[1]) for row in db.execute(f'PRAGMA table_info("{layer}")')}
    return [tr("The customer table has lost the column {column}; it was read as empty for "
               "every customer.", column=column)
            for column in m.CUSTOMER_COLUMNS if column in saved and column not in columns]


def text_in_number_cells(path: Path, layer: str) -> dict[str, list[int]]:
    """The feature ids whose cell holds text in each number column (another program lets
    one type 'abc' there; GDAL would read it as 0)."""
    found: dict[str, list[int]] = {}
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        columns = {str(row[1]) for row in db.execute(f'PRAGMA table_info("{layer}")')}
        for column in NUMBER_LABELS:
            if column not in columns:
                continue
            fids = [int(row[0]) for row in db.execute(
                f'SELECT fid FROM "{layer}" WHERE typeof("{column}") IN (\'text\', \'blob\')')]
            if fids:
                found[column] = fids
    return found


def _named(codes: Sequence[str]) -> str:
    """The first customer codes of ``codes`` in a list, "…" for the rest."""
    shown = listing(codes[:_NAMED])
    return shown + ("…" if len(codes) > _NAMED else "")


def unset_text_cells(columns: pd.DataFrame, fids: Sequence[int],
                     cells: Mapping[str, Sequence[int]],
                     points: Sequence[object] = ()) -> tuple[pd.DataFrame, list[str]]:
    """``columns`` (rows in the order of ``fids``) with the number ``cells`` that held text
    left unset (empty; 0 or not locked where a column has no empty), and a note per column;
    a latitude or longitude is taken from the customer's point (``points``) where it has one,
    so the two never disagree."""
    if not cells:
        return columns, []
    columns = columns.copy()
    row_of = {fid: i for i, fid in enumerate(fids)}
    notes = []
    for column, bad in cells.items():
        rows = [row_of[f] for f in bad if f in row_of]
        if not rows or column not in columns.columns:
            continue
        values = columns[column].copy()
        empty = False if values.dtype == bool else (0 if values.dtype.kind in "iu" else np.nan)
        values.iloc[rows] = empty
        kept = []
        if column in (m.LAT, m.LON) and len(points):
            for row in rows:
                point = points[row]
                if isinstance(point, shapely.Point) and not point.is_empty:
                    values.iloc[row] = point.y if column == m.LAT else point.x
                    kept.append(row)
        columns[column] = values
        label = tr(NUMBER_LABELS[column])
        ids = columns[m.CUSTOMER_ID]
        if kept:
            codes = [str(ids.iloc[r]) for r in kept]
            notes.append(trn("{column} was not a number for customer {customers} and was taken "
                             "from the map position.", "{column} was not a number for {n} "
                             "customers ({customers}) and was taken from their map position.",
                             len(codes), column=label, customers=_named(codes)))
        codes = [str(ids.iloc[r]) for r in rows if r not in kept]
        if codes:
            notes.append(trn("{column} was not a number for customer {customers} and was left "
                             "empty.", "{column} was not a number for {n} customers "
                             "({customers}) and was left empty.", len(codes), column=label,
                             customers=_named(codes)))
    return columns, notes


def unique_codes(customers: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """A customer code given twice: the second (and later) read as ``C001-2`` … (a code not
    taken), with a note; the first keeps its code."""
    ids = customers[m.CUSTOMER_ID].astype(str)
    twice = ids.duplicated() & (ids != "")
    if not twice.any():
        return customers, []
    taken = set(ids)
    new = ids.copy()
    renamed = []
    for i in np.flatnonzero(twice.to_numpy()):
        code, k = str(ids.iloc[i]), 2
        while f"{code}-{k}" in taken:
            k += 1
        new.iloc[i] = f"{code}-{k}"
        taken.add(new.iloc[i])
        renamed.append(tr("{old} → {new}", old=code, new=new.iloc[i]))
    customers = customers.copy()
    customers[m.CUSTOMER_ID] = new.astype(object)
    note = trn("A customer code was given twice; the second customer was given a new code: "
               "{codes}.", "{n} customer codes were given twice; the later customers were "
               "given new codes: {codes}.", len(renamed), codes=_named(renamed))
    return customers, [note]


def unassign_unknown(customers: gpd.GeoDataFrame,
                     territory_ids: Collection[str]) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Customers assigned to a territory the file does not have (deleted in another program):
    unassigned, with a note."""
    assigned = customers[m.TERRITORY].astype(str)
    unknown = (assigned != "") & ~assigned.isin(list(territory_ids))
    if not unknown.any():
        return customers, []
    gone = sorted(set(assigned[unknown]))
    codes = [str(c) for c in customers.loc[unknown, m.CUSTOMER_ID]]
    customers = customers.copy()
    territory = customers[m.TERRITORY].copy()
    territory[unknown] = ""
    customers[m.TERRITORY] = territory
    note = trn("Customer {customers} was assigned to a territory the plan does not have "
               "({territories}) and is now unassigned.", "{n} customers ({customers}) were "
               "assigned to territories the plan does not have ({territories}) and are now "
               "unassigned.", len(codes), customers=_named(codes), territories=listing(gone))
    return customers, [note]
