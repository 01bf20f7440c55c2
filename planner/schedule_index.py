"""Each rep's visits of a calendar and the customers' rows, found once per table.

The Calendar dock's grid, its list of the day's stops and the map's route of the day each
read one rep's visits; filtering the whole calendar by its text columns for each (235,000
visits at 100,000 customers) took ~0.1 s after every hand move. :func:`territory_rows` groups
the calendar by territory once per calendar and hands each reader its rep's rows (in the
calendar's order, as the filter gave them); :func:`day_rows` one day of them;
:func:`customer_positions` finds a few customers' rows by code without an index of them all.

A plan's tables are not changed in place (an edit makes new ones), so a table's groups are
kept while it lives (the few last tables only: undo keeps older calendars alive).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m

#: How many tables of each kind keep their groups (the calendar shown, the one before …).
_KEPT = 4

#: Up to this many codes are looked for one by one in :func:`customer_positions`.
_FEW = 1000

_Key = tuple[str, int]
_memo: OrderedDict[_Key, tuple[weakref.ref[pd.DataFrame], int, Any]] = OrderedDict()


def _of(kind: str, table: pd.DataFrame, make: Callable[[pd.DataFrame], Any]) -> Any:
    """``make(table)``, made once while ``table`` lives (and keeps its length)."""
    key, size = (kind, id(table)), len(table)
    hit = _memo.get(key)
    if hit is not None and hit[0]() is table and hit[1] == size:
        _memo.move_to_end(key)
        return hit[2]
    value = make(table)

    def forget(_ref: object, k: _Key = key) -> None:
        _memo.pop(k, None)

    _memo[key] = (weakref.ref(table, forget), size, value)
    if sum(k[0] == kind for k in _memo) > _KEPT:
        del _memo[next(k for k in _memo if k[0] == kind)]
    return value


class _Groups:
    """A calendar's row positions by territory (ascending), its rows by territory once
    asked for."""

    def __init__(self, schedule: pd.DataFrame):
        codes, names = pd.factorize(schedule["territory"].to_numpy(dtype=object))
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
        self.positions = {str(t): order[bounds[i]:bounds[i + 1]] for i, t in enumerate(names)}
        self.frames: dict[str, pd.DataFrame] = {}


def territory_rows(schedule: pd.DataFrame, territory_id: str) -> pd.DataFrame:
    """The visits of ``territory_id`` in ``schedule``, in its order: the rows of
    ``schedule[schedule["territory"].astype(str) == territory_id]`` (shared: not to be
    changed)."""
    groups: _Groups = _of("territories", schedule, _Groups)
    rows = groups.frames.get(territory_id)
    if rows is None:
        at = groups.positions.get(territory_id, np.zeros(0, dtype=np.intp))
        rows = groups.frames[territory_id] = schedule.iloc[at]
    return rows


def day_rows(schedule: pd.DataFrame, territory_id: str, week: int, day: str) -> pd.DataFrame:
    """The visits of ``territory_id`` on ``week`` ``day``, in the calendar's order."""
    rows = territory_rows(schedule, territory_id)
    return rows[(rows["week"] == week) & (rows["day"] == day)]


def customer_positions(customers: pd.DataFrame, ids: Iterable[Any]) -> np.ndarray:
    """The row of each of ``ids`` in ``customers`` (-1 when none has that code)."""
    wanted = list(ids)
    codes = customers[m.CUSTOMER_ID]
    if len(wanted) > _FEW:  # many (a whole calendar's): one index of them all
        index = pd.Index(codes.to_numpy(dtype=object))
        return np.asarray(index.get_indexer(pd.Index(wanted, dtype=object)))
    rows = np.flatnonzero(codes.isin(wanted).to_numpy())  # a few codes: 3 ms at 100,000
    found: dict[Any, int] = {}
    for row, code in zip(rows, codes.to_numpy(dtype=object)[rows], strict=True):
        found.setdefault(code, int(row))
    return np.array([found.get(code, -1) for code in wanted], dtype=np.intp)
