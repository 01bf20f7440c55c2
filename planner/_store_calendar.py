"""The calendar read back from a plan file, or set aside with the reason when its table no
longer makes sense (a row edited in a database viewer: weekday "xyz", week 0, a column
dropped). The customers, territories and frequencies open either way; the file itself is
left as it is until the user saves (then without the calendar they were told about)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors

from planner import model as m
from planner._store_values import restore, text_values
from planner.i18n import N_, listing, tr, trn

_READ_ERRORS = (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError,
                pyogrio.errors.FieldError, ValueError, KeyError, TypeError)


def read_calendar(
    path: Path, layer: str, saved: Sequence[Sequence[Any]] | None
) -> tuple[pd.DataFrame | None, str]:
    """The calendar table ``layer`` of ``path`` in its saved dtypes (``saved``: the meta's
    ``[[column, dtype], …]``), or ``(None, reason)`` when it cannot be used: the reason in
    the user's language, "" when the calendar loaded."""
    try:
        raw = pyogrio.read_dataframe(path, layer=layer, read_geometry=False, fid_as_index=True)
        raw = pd.DataFrame(raw).sort_index()
    except _READ_ERRORS:
        return None, tr("its table cannot be read")
    reason = calendar_damage(raw)
    if reason:
        return None, reason
    try:
        frame = raw.reset_index(drop=True).drop(columns=["_empty"], errors="ignore")
        dtypes = {str(c): str(d) for c, d in (saved or {})}
        return restore(frame, dtypes, model=m.SCHEDULE_COLUMNS), ""
    except _READ_ERRORS:
        return None, tr("its table cannot be read")


def calendar_damage(raw: pd.DataFrame) -> str:
    """Why the calendar table ``raw`` (as read, indexed by the rows' numbers in the file)
    cannot be used, in the user's language: a missing column, a visit on no known weekday or
    on no week of the calendar; "" when every visit can be placed."""
    missing = [c for c in m.SCHEDULE_COLUMNS if c not in raw.columns]
    if missing:
        return trn("the column {columns} is missing", "the columns {columns} are missing",
                   len(missing), columns=listing(tr("“{column}”", column=c) for c in missing))
    days = pd.Series(text_values(raw["day"]), index=raw.index, dtype=object)
    bad = ~days.isin(m.WEEKDAYS)
    if bad.any():
        return _rows(bad, days, N_("row {row} has the weekday “{value}”"),
                     N_("{n} rows have an unknown weekday, starting with row {row}: “{value}”"))
    weeks = pd.to_numeric(raw["week"], errors="coerce").to_numpy(dtype=float)
    bad = pd.Series(~(np.isfinite(weeks) & (weeks >= 1) & (np.mod(weeks, 1) == 0)),
                    index=raw.index)
    if bad.any():
        shown = pd.Series(text_values(raw["week"]), index=raw.index, dtype=object)
        return _rows(bad, shown, N_("row {row} has the week “{value}”"),
                     N_("{n} rows have an invalid week, starting with row {row}: “{value}”"))
    return ""


def _rows(bad: pd.Series, values: pd.Series, one: str, many: str) -> str:
    """The damaged rows of one kind: the first by its number and value, and how many."""
    first = bad[bad].index[0]
    value = str(values[first]) or tr("(empty)")
    return trn(one, many, int(bad.sum()), row=str(first), value=value)
