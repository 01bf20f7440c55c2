"""Reading this program's own workbook back: only what a clerk edited since the export.

The workbook records its customer sheet as written (:mod:`planner._workbook_values`). A kept
customer's position, lock and list words (元_ columns, カナ, 住所2 …) come from the workbook
only where the clerk changed them; elsewhere the plan's stay, so a workbook exported before
the plan last changed (next month's list read in between) takes nothing old back. The fields
(name, sales, rep, frequency …) are compared in :func:`planner._update_cells.from_list`.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd

from planner import model as m
from planner._import_grid import Problem
from planner._update_cells import edited_cells, original_index
from planner._update_match import code_keys
from planner._workbook_values import LOCKED, digest
from planner.cells import cell_text
from planner.i18n import all_forms, tr
from planner.kept_headers import kept_base, kept_forms
from planner.spreadsheet import ImportResult

#: A lock cell meaning "locked" (固定): the program writes はい / yes; a clerk may type these.
_LOCK_WORDS = frozenset({"yes", "y", "true", "1", "はい", "固定", "○", "〇", "◯", "✓", "✔", "レ",
                         "locked", "lock", "済"})


#: ``plan.meta`` key: the codes of every customer an update removed (no longer on the list),
#: so that a workbook exported before does not bring them back.
REMOVED_KEY = "customers_removed"


def without_removed(plan: m.Plan, result: ImportResult) -> ImportResult:
    """``result`` without the workbook's customers an update removed from the plan after the
    export (next month's list no longer had them): they are not added again, and the report
    says so. (Those of a workbook from another plan, never in this one, are added.)"""
    codes = pd.Index(code_keys(result.customers[m.CUSTOMER_ID].to_numpy(dtype=object)))
    removed = code_keys(np.asarray((plan.meta or {}).get(REMOVED_KEY) or [], dtype=object))
    ours = code_keys(plan.customers[m.CUSTOMER_ID].to_numpy(dtype=object))
    # hashed look-ups: numpy's isin compares text arrays pair by pair (minutes at 100,000)
    gone = codes.isin(result.exported.codes()) & codes.isin(removed) & ~codes.isin(ours)
    if not gone.any():
        return result
    header = result.mapping.get(m.CUSTOMER_ID, "")
    rows = result.customers[m.SOURCE_ROW].to_numpy()[gone]
    ids = result.customers[m.CUSTOMER_ID].to_numpy(dtype=object)[gone]
    problems = [Problem(int(r), header, str(cid), removed_reason(), False)
                for r, cid in zip(rows, ids, strict=True)]
    report = dataclasses.replace(result.report, problems=[*result.report.problems, *problems])
    return dataclasses.replace(
        result, customers=result.customers[~gone].reset_index(drop=True), report=report)


def removed_reason() -> str:
    """The report's reason for a workbook row whose customer the plan removed since."""
    return tr("The plan no longer has this customer (removed after the workbook was exported); "
              "it is not added again.")


def workbook_edits(
    plan: m.Plan,
    result: ImportResult,
    merged: gpd.GeoDataFrame,
    old: gpd.GeoDataFrame,
    kept_rows: np.ndarray,
    src: np.ndarray,
    note: Callable[[np.ndarray, str], None],
) -> tuple[gpd.GeoDataFrame, np.ndarray]:
    """``merged`` with the kept customers' unedited positions and list words the plan's, and
    their edited locks taken; and which kept rows' other list cells (元_ …) a clerk edited."""
    merged = merged.copy()
    _positions_kept(plan, result, merged, old, kept_rows, src)
    _locks(plan, result, merged, kept_rows, src, note)
    edited = _other_cells_edited(plan, result, kept_rows, src)
    rest = set(result.exported.rest_headers)
    field_of = {header: key for key, header in result.mapping.items()}
    for j, header in enumerate(result.original_columns):
        source = _plan_source(plan, str(header))
        if source is None:
            continue
        if header in rest:  # the list's other words: the plan's where the row is untouched
            same = ~edited
        else:  # a field's column: the plan's words where that cell is untouched
            key = field_of.get(header)
            found = edited_cells(plan, result, header, key, kept_rows, src) if key else None
            if found is None:
                continue
            same = found[1] & ~found[0]
        if not same.any():
            continue
        column = f"{m.ORIGINAL_PREFIX}{j}"
        values = merged[column].to_numpy(dtype=object, copy=True)
        values[kept_rows[same]] = plan.customers[f"{m.ORIGINAL_PREFIX}{source}"].to_numpy(
            dtype=object)[src[same]]
        merged[column] = values
    return merged, edited


def _positions_kept(
    plan: m.Plan, result: ImportResult, merged: gpd.GeoDataFrame, old: gpd.GeoDataFrame,
    kept_rows: np.ndarray, src: np.ndarray,
) -> None:
    """Unedited coordinates: the plan's position (and how it was found) stays."""
    marks = []
    for key in (m.LAT, m.LON):
        header = result.mapping.get(key)
        found = edited_cells(plan, result, header, key, kept_rows, src) if header else None
        if found is None:
            return
        marks.append(found)
    stay = ~marks[0][0] & ~marks[1][0] & marks[0][1]
    if not stay.any():
        return
    rows = kept_rows[stay]
    for column in (m.LAT, m.LON, m.GEOCODE):
        values = merged[column].to_numpy(copy=True)
        values[rows] = old[column].to_numpy()[src[stay]]
        merged[column] = values  # the points follow in _update_positions.kept_positions


def _locks(
    plan: m.Plan, result: ImportResult, merged: gpd.GeoDataFrame, kept_rows: np.ndarray,
    src: np.ndarray, note: Callable[[np.ndarray, str], None],
) -> None:
    """The lock column (固定) where a clerk changed it: はい, ○, 固定 … lock; empty unlocks."""
    headers = set(all_forms(["Locked"]))
    header = next((str(h) for h in result.original_columns if str(h) in headers), None)
    found = edited_cells(plan, result, header, LOCKED, kept_rows, src) if header else None
    if found is None or not found[0].any():
        return
    cells = result.customers[
        f"{m.ORIGINAL_PREFIX}{result.original_columns.index(header)}"
    ].to_numpy(dtype=object)[kept_rows]
    locked = merged[m.LOCKED].to_numpy(dtype=bool, copy=True)
    now = np.array([unicodedata.normalize("NFKC", str(v or "")).strip().lower() in _LOCK_WORDS
                    for v in cells], dtype=bool)
    rows = found[0] & (now != locked[kept_rows])
    locked[kept_rows[rows]] = now[rows]
    merged[m.LOCKED] = locked
    note(kept_rows[rows], m.LOCKED)


def _other_cells_edited(
    plan: m.Plan, result: ImportResult, kept_rows: np.ndarray, src: np.ndarray
) -> np.ndarray:
    """Which kept rows' list columns without a field (元_ words, カナ …) differ from what the
    export wrote (all rows the record does not know, or when a column went missing)."""
    record = result.exported
    codes = code_keys(plan.customers[m.CUSTOMER_ID].to_numpy(dtype=object)[src])
    then = [record.rest.get(c) for c in codes]
    headers = list(result.original_columns)
    if not record.rest or any(h not in headers for h in record.rest_headers):
        return np.ones(len(src), dtype=bool)
    columns = [result.customers[f"{m.ORIGINAL_PREFIX}{headers.index(h)}"].to_numpy(
        dtype=object)[kept_rows] for h in record.rest_headers]
    rows = zip(*columns, strict=True) if columns else ((),) * len(kept_rows)
    now = [digest([cell_text(v) for v in row]) for row in rows]  # as the export digested
    return np.array([t is None or t != n for t, n in zip(then, now, strict=True)], dtype=bool)


def _plan_source(plan: m.Plan, header: str) -> int | None:
    """The plan's original column holding what the workbook wrote under ``header``: the same
    header, or for its 元_ column the list's own (元_担当 → 担当)."""
    base = kept_base(header)
    return original_index(plan, [header] if base is None else [header, *kept_forms(base), base])
