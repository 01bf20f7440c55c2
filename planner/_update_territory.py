"""Reading back the territory columns of this program's workbook (テリトリーID, テリトリー):
a clerk who moves a customer there moves it, as a changed rep cell does.

The export records what it wrote in both columns (:mod:`planner._workbook_values`); a cell
that still says that is no edit. Without the record (a sheet copied into a new workbook) a
cell is an edit where it names another territory than the plan's now. The ID column wins
over the name column, and either wins over a changed rep cell that names another territory
(the report lists that rep cell as not read).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from planner import model as m
from planner._import_grid import Problem
from planner._update_cells import edited_cells
from planner._update_match import differ_texts
from planner._workbook_values import TERRITORY_ID_KEY, TERRITORY_NAME_KEY
from planner.cells import text_key
from planner.columns import REP
from planner.i18n import all_forms, tr
from planner.spreadsheet import ImportResult

_COLUMNS = ((TERRITORY_ID_KEY, "Territory ID"), (TERRITORY_NAME_KEY, "Territory"))


def territory_changes(
    plan: m.Plan, result: ImportResult, old: pd.DataFrame, kept_rows: np.ndarray,
    src: np.ndarray,
) -> tuple[np.ndarray, list[Problem]]:
    """For each kept customer, the index (in ``plan.territory_ids``) of the territory its
    edited territory cell names, -1 when it stays; and the report's notes on edited cells
    not followed (no such territory, a customer locked before the update)."""
    out = np.full(len(kept_rows), -1, dtype=np.int64)
    notes: list[Problem] = []
    if not result.exported or not plan.territories:
        return out, notes
    index = {tid: k for k, tid in enumerate(plan.territory_ids)}
    by_id = {text_key(t.id): t.id for t in plan.territories}
    by_name: dict[str, str] = {}
    for t in plan.territories:  # a name two territories share names neither
        key = text_key(t.name)
        by_name[key] = t.id if by_name.get(key, t.id) == t.id else ""
    before = old[m.TERRITORY].fillna("").astype(str).to_numpy(dtype=object)[src]
    locked = old[m.LOCKED].to_numpy(dtype=bool)[src]
    rows = result.customers[m.SOURCE_ROW].to_numpy()[kept_rows]
    names = {t.id: t.name for t in plan.territories}
    decided = np.zeros(len(kept_rows), dtype=bool)  # the ID column's edit wins over the name's
    for key, label in _COLUMNS:
        header = next((str(h) for h in result.original_columns
                       if str(h) in set(all_forms([label]))), None)
        if header is None:
            continue
        cells = result.customers[
            f"{m.ORIGINAL_PREFIX}{result.original_columns.index(header)}"
        ].fillna("").astype(str).to_numpy(dtype=object)[kept_rows]
        found = edited_cells(plan, result, header, key, kept_rows, src)
        now = before if key == TERRITORY_ID_KEY else np.array(
            [names.get(t, "") for t in before], dtype=object)
        edited = differ_texts(cells, now)
        if found is not None:  # the record knows the row: only a cell changed since the export
            edited = np.where(found[1], found[0], edited)
        for i in np.flatnonzero(edited & ~decided):
            text = text_key(cells[i])
            if not text:
                continue  # an emptied cell names no territory: the customer stays
            decided[i] = True
            target = by_id.get(text) or by_name.get(text, "")
            if not target:
                notes.append(Problem(int(rows[i]), header, str(cells[i]), no_territory_reason(),
                                     True))
            elif target != before[i] and locked[i]:
                notes.append(Problem(int(rows[i]), header, str(cells[i]), locked_reason(), True))
            elif target != before[i]:
                out[i] = index[target]
    return out, notes


def no_territory_reason() -> str:
    """The report's reason for an edited territory cell naming no territory of the plan."""
    return tr("The plan has no such territory; the customer stays in its territory.")


def locked_reason() -> str:
    """The report's reason for an edited territory cell of a customer locked before."""
    return tr("The customer is locked to its territory; the new territory is not followed "
              "(unlock it first).")


def rep_overruled_reason() -> str:
    """The report's reason for a changed rep cell the territory column contradicts."""
    return tr("The territory column names another territory; the customer goes there and this "
              "rep cell is not read.")


def both_changes(
    plan: m.Plan, result: ImportResult, moved_rep: np.ndarray, moved_territory: np.ndarray,
    kept_rows: np.ndarray,
) -> tuple[np.ndarray, list[Problem]]:
    """The moves of an update: the territory column's where it moved a customer, else the
    rep column's; a note on each rep cell that named another territory than the one taken."""
    moved = np.where(moved_territory >= 0, moved_territory, moved_rep)
    clash = (moved_territory >= 0) & (moved_rep >= 0) & (moved_rep != moved_territory)
    header = result.mapping.get(REP, "")
    rows = result.customers[m.SOURCE_ROW].to_numpy()[kept_rows]
    reps = {t.id: t.rep for t in plan.territories}
    notes = [Problem(int(rows[i]), header, reps.get(plan.territory_ids[moved_rep[i]], ""),
                     rep_overruled_reason(), True) for i in np.flatnonzero(clash)]
    return moved, notes
