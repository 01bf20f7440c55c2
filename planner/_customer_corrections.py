"""The manager's corrections of the list's facts, which next month's list must not undo.

*Edit customer…* corrects a fact the office's list owns (the shop was renamed, moved, its
phone or rank changed) and writes it into the list's own cell too (so the workbook shows
it), so the customer table no longer holds what the list said. The plan remembers it in
``meta[CORRECTIONS_KEY]``: per customer code, per field, the list's value when the manager
first corrected it. An update (:func:`planner.update.update_customers`) keeps the correction
while the office's list still says that value (the office never heard of the correction),
and takes the list's value when it says something new (the office changed it since).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner.cells import text_key

#: ``plan.meta`` key: ``{customer code: {field: the list's value before the correction}}``.
CORRECTIONS_KEY = "customer_corrections"
#: The fields remembered: the facts an update otherwise takes from the list whatever it said.
FIELDS = (m.NAME, m.NAME_KANA, m.ADDRESS, m.PHONE, m.RANK, m.SALES)

Entry = tuple[tuple[str, Any], ...]


def corrections(plan: m.Plan) -> dict[str, dict[str, Any]]:
    """The plan's remembered corrections (a copy): code → field → what the list said."""
    stored = (plan.meta or {}).get(CORRECTIONS_KEY) or {}
    return {str(k): dict(v) for k, v in stored.items() if isinstance(v, Mapping) and v}


def entry_of(plan: m.Plan, customer_id: str) -> Entry:
    """One customer's remembered corrections as a hashable tuple (``()``: none)."""
    return tuple(sorted(corrections(plan).get(customer_id, {}).items()))


def _stored(field: str, value: Any) -> Any:
    """A value as the plan file's JSON keeps it (sales: a number, or None for none)."""
    if field == m.SALES:
        number = float(value) if value is not None else math.nan
        return None if math.isnan(number) else number
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def same_value(field: str, a: Any, b: Any) -> bool:
    """Whether two values of ``field`` say the same: sales as numbers, texts as the list's
    cells compare (width, spaces and case aside; 髙橋 is not 高橋)."""
    a, b = _stored(field, a), _stored(field, b)
    if field == m.SALES:
        return (a is None and b is None) or (
            a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9))
    return text_key(a, variants=False) == text_key(b, variants=False)


def with_entry(plan: m.Plan, customer_id: str, entry: Entry | Mapping[str, Any]) -> m.Plan:
    """``plan`` remembering ``entry`` for the customer (none: forgetting it)."""
    memo = corrections(plan)
    entry = dict(entry)
    if entry == memo.get(customer_id, {}):
        return plan
    if entry:
        memo[customer_id] = entry
    else:
        memo.pop(customer_id, None)
    return with_corrections(plan, memo)


def with_corrections(plan: m.Plan, memo: Mapping[str, Mapping[str, Any]]) -> m.Plan:
    """``plan`` remembering ``memo`` (empty: the key left out)."""
    meta = dict(plan.meta)
    if memo:
        meta[CORRECTIONS_KEY] = {k: dict(sorted(v.items())) for k, v in sorted(memo.items())}
    else:
        meta.pop(CORRECTIONS_KEY, None)
    return plan.replace(meta=meta)


def corrected(plan: m.Plan, pos: int, values: Mapping[str, Any]) -> dict[str, Any]:
    """The customer at ``pos``'s remembered corrections once its ``values`` (stored form)
    are set: a field corrected the first time remembers the list's value (the customer's
    now); a field set back to the list's value is no correction any more. A customer typed in
    by hand (no row of the list) has no list's value to remember."""
    row = plan.customers.iloc[pos]
    entry = dict(corrections(plan).get(str(row[m.CUSTOMER_ID]), {}))
    if int(row[m.SOURCE_ROW]) == 0:
        return entry
    for field in FIELDS:
        if field not in values:
            continue
        listed = entry.setdefault(field, _stored(field, row[field]))
        if same_value(field, values[field], listed):
            del entry[field]
    return entry


# --- the update ---------------------------------------------------------------------------


def remembered_rows(memo: Mapping[str, Any], ids: np.ndarray) -> list[tuple[int, str]]:
    """(position in ``ids``, code) of the customers ``memo`` remembers corrections of (a
    hashed look-up: a list of 100,000 rows is not walked in Python for a few corrections)."""
    if not memo:
        return []
    index = pd.Index(ids)
    if not index.is_unique:  # codes are unique in a plan; anything else walks the rows
        return [(i, str(c)) for i, c in enumerate(ids) if str(c) in memo]
    at = index.get_indexer(list(memo))
    return sorted((int(i), cid) for i, cid in zip(at, memo, strict=True) if i >= 0)


def kept_corrections(
    plan: m.Plan, incoming: pd.DataFrame, listed: set[str], old: pd.DataFrame,
    kept_rows: np.ndarray, src: np.ndarray,
) -> dict[str, np.ndarray]:
    """Per field of the list, which kept customers keep the manager's correction: the list
    (``incoming``; ``listed`` its fields) still says what it said when it was made."""
    memo = corrections(plan)
    out: dict[str, np.ndarray] = {}
    if not memo:
        return out
    rows = remembered_rows(memo, old[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)[src])
    for field in FIELDS:
        if field not in listed:
            continue
        values = incoming[field].to_numpy(dtype=object)[kept_rows]
        keep = np.zeros(len(src), dtype=bool)
        for i, cid in rows:
            if field in memo[cid]:
                keep[i] = same_value(field, values[i], memo[cid][field])
        if keep.any():
            out[field] = keep
    return out


def corrections_after(
    plan: m.Plan, merged: pd.DataFrame, incoming: pd.DataFrame, listed: set[str],
    old: pd.DataFrame, kept_rows: np.ndarray, src: np.ndarray, removed: set[str],
    kept: Mapping[str, np.ndarray],
) -> dict[str, dict[str, Any]]:
    """The corrections still standing after an update: those ``kept``, and those the list
    did not speak to (no column, a cell not read, this program's workbook unedited); not
    those of ``removed`` customers, of a value the list changed since, nor of a value the
    list now says itself (the office took the correction in)."""
    memo = corrections(plan)
    for cid in removed:
        memo.pop(cid, None)
    ids = old[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)[src]
    for i, cid in remembered_rows(memo, ids):
        entry = memo[cid]
        r, j = int(kept_rows[i]), int(src[i])
        for field in list(entry):
            if field in kept and kept[field][i]:
                continue
            now = old[field].iloc[j]
            if not same_value(field, merged[field].iloc[r], now) or (
                    field in listed and same_value(field, incoming[field].iloc[r], now)):
                del entry[field]
        if not entry:
            del memo[cid]
    return memo
