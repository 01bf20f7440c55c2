"""Customers whose 担当 cell is blank while the other rows of the list name their reps: imported
without a territory (``stats``: 割当済み 9 of 10). The import report says so in one line, with
the rows as the sheet numbers them; an update says what it did with them instead (a customer
already in the plan keeps its territory, a new one joins one by its place)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from planner import model as m
from planner._import_grid import Problem, rows_named
from planner.i18n import clauses, trn


def blank_rep_mask(customers: pd.DataFrame, header: str,
                   original_columns: Sequence[str]) -> np.ndarray:
    """Which customers' rep cell (the column ``header``) is blank, when other customers of
    the list name a rep (none: all False). A placeholder (未定, -) is no blank: its rows are
    reported one by one."""
    n = len(customers)
    if not header or header not in original_columns:
        return np.zeros(n, dtype=bool)
    column = f"{m.ORIGINAL_PREFIX}{list(original_columns).index(header)}"
    if column not in customers:
        return np.zeros(n, dtype=bool)
    cells = customers[column].fillna("").astype(str).str.strip().to_numpy(dtype=object)
    named = customers[m.TERRITORY].fillna("").astype(str).to_numpy(dtype=object) != ""
    if not named.any():
        return np.zeros(n, dtype=bool)
    return (cells == "") & ~named


def blank_rep_note(customers: pd.DataFrame, header: str,
                   original_columns: Sequence[str]) -> list[Problem]:
    """The import's one line on customers with a blank rep cell (:func:`blank_rep_mask`),
    at the first of them; none when there are none."""
    blank = blank_rep_mask(customers, header, original_columns)
    if not blank.any():
        return []
    rows = sorted(int(r) for r in customers[m.SOURCE_ROW].to_numpy()[blank])
    return [Problem(rows[0], header, "", blank_rep_reason(rows), True, note=True)]


def blank_rep_reason(rows: list[int]) -> str:
    """「担当が空欄の顧客 3件は、どのテリトリーにも入れずに読み込みました（12・15・40行目）…」"""
    return trn(
        "{n} customer with a blank rep cell is imported without a territory (row "
        "{rows}{more}); fill in the rep in the list and import it again, or assign it to a "
        "territory in the plan.",
        "{n} customers with a blank rep cell are imported without a territory (rows "
        "{rows}{more}); fill in the rep in the list and import it again, or assign them to a "
        "territory in the plan.",
        len(rows), n=f"{len(rows):,}", **rows_named(rows))


def blank_rep_update_note(
    rows: list[int], kept: int, kept_none: int, joined: int, unjoined: int, header: str,
) -> list[Problem]:
    """An update's one line on the list's rows with a blank rep cell (``rows``): of them,
    ``kept`` customers already in the plan keep their territory, ``kept_none`` stay without
    one, ``joined`` new customers join a territory by their place, ``unjoined`` are added
    without a territory."""
    if not rows:
        return []
    what = clauses(
        trn("{n} customer already in the plan keeps its territory",
            "{n} customers already in the plan keep their territory", kept,
            n=f"{kept:,}") if kept else "",
        trn("{n} customer already in the plan stays without a territory",
            "{n} customers already in the plan stay without a territory", kept_none,
            n=f"{kept_none:,}") if kept_none else "",
        trn("{n} new customer joins a territory by its place (see the changes)",
            "{n} new customers join a territory by their place (see the changes)", joined,
            n=f"{joined:,}") if joined else "",
        trn("{n} new customer is added without a territory",
            "{n} new customers are added without a territory", unjoined,
            n=f"{unjoined:,}") if unjoined else "",
    )
    said = trn("The rep cell is blank on {n} row (row {rows}{more}): {what}.",
               "The rep cell is blank on {n} rows (rows {rows}{more}): {what}.",
               len(rows), n=f"{len(rows):,}", what=what, **rows_named(rows))
    return [Problem(rows[0], header, "", said, True, note=True)]


def blank_rep_update_notes(
    problems: Sequence[Problem], customers: pd.DataFrame, header: str,
    original_columns: Sequence[str], territory: np.ndarray, before: np.ndarray,
    kept_rows: np.ndarray, new_rows: np.ndarray,
) -> list[Problem]:
    """An update's report ``problems`` with the import's line on blank rep cells in the words
    of the update (:func:`blank_rep_update_note`): ``customers`` is the list read, in the
    order of ``territory`` (each row's territory after the update); ``before``: the
    territory of each kept row (``kept_rows``) in the plan before."""
    blank = blank_rep_mask(customers, header, original_columns)
    if not blank.any():
        return list(problems)
    rows = customers[m.SOURCE_ROW].to_numpy()
    told = blank_rep_reason(sorted(int(r) for r in rows[blank]))
    out = [p for p in problems if not (p.note and p.reason == told)]
    now = np.asarray(territory, dtype=object)
    was = np.asarray(before, dtype=object)
    kept = kept_rows[blank[kept_rows] & (now[kept_rows] == was) & (was != "")]
    kept_none = kept_rows[blank[kept_rows] & (now[kept_rows] == "") & (was == "")]
    joined = new_rows[blank[new_rows] & (now[new_rows] != "")]
    unjoined = new_rows[blank[new_rows] & (now[new_rows] == "")]
    said = sorted(int(r) for r in rows[np.concatenate([kept, kept_none, joined, unjoined])])
    return sorted([*out, *blank_rep_update_note(said, len(kept), len(kept_none), len(joined),
                                                len(unjoined), header)], key=lambda p: p.row)
