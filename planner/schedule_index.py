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
from collections.abc import Callable, Iterable, Sequence
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


def memo(kind: str, table: pd.DataFrame, make: Callable[[pd.DataFrame], Any]) -> Any:
    """``make(table)``, made once while ``table`` lives: for a value worked out from a
    calendar that is not changed in place (a dict to fill is shared by every caller)."""
    return _of(kind, table, make)


class _Groups:
    """A calendar's row positions by territory (ascending), its rows by territory once
    asked for."""

    def __init__(self, schedule: pd.DataFrame, positions: dict[str, np.ndarray] | None = None):
        self.frames: dict[str, pd.DataFrame] = {}
        if positions is not None:
            self.positions = positions
            return
        codes, names = pd.factorize(schedule["territory"].to_numpy(dtype=object))
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
        self.positions = {str(t): order[bounds[i]:bounds[i + 1]] for i, t in enumerate(names)}


def remember_runs(schedule: pd.DataFrame, runs: dict[str, tuple[int, int]]) -> None:
    """Keep each territory's rows of ``schedule`` as the run of positions ``runs`` gives
    (start, end): the rows of a calendar sorted by territory, known as it was put together."""
    _of("territories", schedule, lambda s: _Groups(s, {
        t: np.arange(a, b, dtype=np.intp) for t, (a, b) in runs.items()}))


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


def territory_positions(schedule: pd.DataFrame, territory_id: str) -> np.ndarray:
    """The row positions of ``territory_id``'s visits in ``schedule``, ascending."""
    groups: _Groups = _of("territories", schedule, _Groups)
    return groups.positions.get(territory_id, np.zeros(0, dtype=np.intp))


#: What :func:`sort_order` gives: the calendar's rows in sorted order, each row's key as one
#: integer, and the (lowest value, width) of each key the integer was made with.
Ranked = tuple[np.ndarray, np.ndarray, tuple[tuple[int, int], ...]]


def sort_order(
    schedule: pd.DataFrame, territory_ids: Sequence[str],
    keys: Callable[[pd.DataFrame], tuple[np.ndarray, ...]],
) -> Ranked | None:
    """``schedule``'s rows in the order ``np.lexsort(keys(schedule))`` gives (stable), with
    each row's keys as one integer (:func:`one_key`), made once per calendar and order of
    the plan's territories (``territory_ids``, on which ``keys`` depends); None when the keys
    are too wide for one 64-bit integer. The widths leave room for a few more stops or
    weeks, so that the rows of a day routed again mostly fit."""
    memo: dict[tuple[str, ...], Ranked | None] = _of("sorted", schedule, lambda _t: {})
    at = tuple(territory_ids)
    if at not in memo:
        values = keys(schedule)
        if any(np.asarray(v).dtype.kind not in "iub" for v in values):
            memo[at] = None  # not whole numbers (a stop number read as 1.0): sorted as before
            return None
        scale: list[tuple[int, int]] = []
        for v in values:
            low = min(int(v.min()), 0) - 1 if len(v) else -1
            high = int(v.max()) if len(v) else 0
            scale.append((low, 2 * (high - low) + 64))
        if np.prod([float(w) for _l, w in scale]) >= 2.0**62:
            memo[at] = None
        else:
            key = one_key(values, tuple(scale))
            memo[at] = None if key is None else (np.argsort(key, kind="stable"), key,
                                                 tuple(scale))
    return memo[at]


def remember_order(
    schedule: pd.DataFrame, territory_ids: Sequence[str], order: np.ndarray, key: np.ndarray,
    scale: tuple[tuple[int, int], ...],
) -> None:
    """Keep ``order``, ``key`` and ``scale`` as :func:`sort_order` of ``schedule`` (made as
    the calendar was put together, so that its next edit needs no sort)."""
    memo: dict[tuple[str, ...], Ranked | None] = _of("sorted", schedule, lambda _t: {})
    memo[tuple(territory_ids)] = (order, key, scale)


def one_key(
    keys: tuple[np.ndarray, ...], scale: tuple[tuple[int, int], ...]
) -> np.ndarray | None:
    """``keys`` (least significant first, as ``np.lexsort`` takes them) as one integer per
    row that sorts as they do, each key ``(lowest value, width)`` of ``scale``; None when a
    value is outside its key's range."""
    out = np.zeros(len(keys[0]) if keys else 0, dtype=np.int64)
    step = 1
    for values, (low, width) in zip(keys, scale, strict=True):
        if np.asarray(values).dtype.kind not in "iub":
            return None
        v = np.asarray(values).astype(np.int64) - low
        if len(v) and (int(v.min()) < 0 or int(v.max()) >= width):
            return None
        out += v * step
        step *= width
    return out


def day_rows(schedule: pd.DataFrame, territory_id: str, week: int, day: str) -> pd.DataFrame:
    """The visits of ``territory_id`` on ``week`` ``day``, in the calendar's order."""
    rows = territory_rows(schedule, territory_id)
    return rows[(rows["week"] == week) & (rows["day"] == day)]


def customers_mask(table: pd.DataFrame, ids: Iterable[Any], column: str = "customer_id"
                   ) -> np.ndarray:
    """Mask of ``table``'s rows whose ``column`` is one of the codes ``ids``: the mask of
    ``table[column].astype(str).isin(ids)``, a text column compared as it stands (writing
    235,000 visits' codes as text again took 20 ms)."""
    col = table[column]
    wanted = [str(i) for i in ids]
    # a missing code (NA) is written "nan" or "<NA>" as text: only a code so written finds it
    if (isinstance(col.dtype, pd.StringDtype) and col.dtype.na_value is not pd.NA
            and not {"nan", "<NA>", "None"} & set(wanted)):
        return np.isin(col.to_numpy(dtype=object), wanted)
    return col.astype(str).isin(wanted).to_numpy()


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
