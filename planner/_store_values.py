"""Values in and out of plan files: dtype records, JSON key/value tables, model dtypes on load."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from planner.visit_weeks import parse_visit_week, visit_week_text

TEXT_DTYPES = ("object", "str", "string")


def dtypes(frame: pd.DataFrame) -> list[list[str]]:
    """``[[column, dtype], …]`` in column order, kept in the file's meta table."""
    return [[str(col), str(dtype)] for col, dtype in frame.dtypes.items()]


def key_values(data: Mapping[str, Any]) -> pd.DataFrame:
    """A two-column (key, JSON value) table; readable in QGIS, Japanese kept as is."""
    keys = list(data)
    values = [json.dumps(data[k], ensure_ascii=False, default=json_default) for k in keys]
    return pd.DataFrame({"key": pd.Series(keys, dtype=object),
                         "value": pd.Series(values, dtype=object)})


def json_default(value: Any) -> Any:
    """JSON for numpy scalars and tuples/sets; anything else is a bug (never silently ``str``)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, (tuple, set, frozenset)):
        return list(value)
    raise TypeError(f"cannot store {type(value).__name__} in a plan file")


def restore(
    frame: pd.DataFrame, saved_dtypes: Mapping[str, str], *, model: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Columns in their saved order with their saved dtypes (the model's dtype where it has one)."""
    out: dict[str, Any] = {}
    n = len(frame)
    for col, saved in saved_dtypes.items():
        dtype = (model or {}).get(col, saved)
        values = frame[col] if col in frame.columns else pd.Series([None] * n, dtype=object)
        out[col] = convert(values.reset_index(drop=True), dtype)
    return pd.DataFrame(out, index=pd.RangeIndex(n))


def with_optional_columns(
    columns: pd.DataFrame, order: Sequence[str], optional: Sequence[str]
) -> pd.DataFrame:
    """``columns`` with the ``optional`` text columns a file lacks (written before they
    existed) filled with "", each placed after the column before it in ``order``."""
    for col in optional:
        if col in columns.columns:
            continue
        before = [c for c in order[: list(order).index(col)] if c in columns.columns]
        at = list(columns.columns).index(before[-1]) + 1 if before else 0
        columns.insert(at, col, pd.Series([""] * len(columns), dtype=object))
    return columns


def convert(values: pd.Series, dtype: str) -> pd.Series:
    """``values`` as read by GDAL, back in ``dtype`` (text: str with "" for missing)."""
    if dtype in TEXT_DTYPES:
        strings = pd.Series(values.astype(object).where(values.notna(), ""), dtype=object)
        if len(strings) and pd.api.types.infer_dtype(strings, skipna=False) != "string":
            strings = pd.Series(text_values(strings), dtype=object)
        return strings if dtype == "object" else strings.astype(dtype)
    if dtype == "bool":
        return pd.Series(values.astype(object).where(values.notna(), False).astype(bool))
    if dtype.startswith(("int", "uint")):
        return pd.to_numeric(values, errors="coerce").fillna(0).astype(dtype)
    if dtype.startswith("float"):
        return pd.to_numeric(values, errors="coerce").astype(dtype)
    try:
        return values.astype(dtype)
    except (TypeError, ValueError):
        return values


def text_values(values: pd.Series) -> list[str]:
    """Each value as text, "" for None/NaN/NA."""
    return [text(v) for v in values.tolist()]


def text(value: Any) -> str:
    """One value as text, "" for None/NaN/NA."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value)


def number(value: Any) -> float:
    """One value as a float, NaN for None/NA."""
    if value is None or value is pd.NA:
        return math.nan
    return float(value)


def days_text(days: Sequence[str]) -> str:
    """A territory's working days as the territories layer stores them ("mon,thu"; "" = none)."""
    return ",".join(str(d) for d in days)


def days_tuple(value: Any) -> tuple[str, ...]:
    """A territory's working days read back from the territories layer (() when empty/missing)."""
    return tuple(d for d in (p.strip() for p in text(value).split(",")) if d)


def visit_week_values(values: pd.Series) -> pd.Series:
    """Stored visit weeks (訪問週) in the plan's form: "2", "" when free (a file written with
    numbers, 0 or "2.0" loads the same; an unreadable value loads as free)."""
    return pd.Series(
        [visit_week_text(parse_visit_week(v) or 0) for v in values.tolist()],
        index=values.index,
        dtype=object,
    )
