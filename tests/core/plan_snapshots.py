"""A full, detached record of a plan, compared exactly: what undo and redo must give back.

:func:`snapshot` copies every part of a plan (the customer table with its dtypes and column
order, each geometry as WKB, the territories field by field with their boundaries as WKB,
the calendar and its unscheduled list, meta, settings and the plan's other fields), so a
later edit that changed a table of an earlier plan in place is caught too.
:func:`differences` names each part in which two snapshots differ ("" = none).
"""

from __future__ import annotations

import copy
import dataclasses
import math
from typing import Any

import pandas as pd
import shapely

from planner import model as m


def _wkb(geometry: Any) -> bytes | None:
    return None if geometry is None else shapely.to_wkb(geometry, hex=False, include_srid=True)


def _frame(table: pd.DataFrame | None) -> pd.DataFrame | None:
    if table is None:
        return None
    return pd.DataFrame(table).copy(deep=True)


def _territory(t: m.Territory) -> dict[str, Any]:
    out = {f.name: getattr(t, f.name) for f in dataclasses.fields(t)}
    out["boundary"] = _wkb(t.boundary)
    out["boundary_type"] = None if t.boundary is None else t.boundary.geom_type
    return out


def snapshot(plan: m.Plan) -> dict[str, Any]:
    """Everything the plan holds, copied."""
    c = plan.customers
    geometry_name = c.geometry.name
    rest = {
        f.name: copy.deepcopy(getattr(plan, f.name))
        for f in dataclasses.fields(plan)
        if f.name not in ("customers", "territories", "schedule", "unscheduled", "meta")
    }
    return {
        "customers": _frame(pd.DataFrame(c.drop(columns=geometry_name))),
        "customers_type": (type(c).__name__, geometry_name, str(c.crs), list(c.columns)),
        "geometry": [_wkb(g) for g in c.geometry.to_numpy()],
        "territories": [_territory(t) for t in plan.territories],
        "schedule": _frame(plan.schedule),
        "unscheduled": _frame(plan.unscheduled),
        "meta": copy.deepcopy(dict(plan.meta or {})),
        **rest,
    }


def _same_value(a: Any, b: Any) -> bool:
    """Deep equality with NaN equal to NaN and the container types compared too."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same_value(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same_value(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _frame_difference(a: pd.DataFrame | None, b: pd.DataFrame | None) -> str:
    if a is None or b is None:
        return "" if a is None and b is None else f"one is None ({a is None}, {b is None})"
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=True, check_like=False)
    except AssertionError as exc:
        return str(exc)[:1500]
    return ""


def differences(a: dict[str, Any], b: dict[str, Any]) -> str:
    """Each part in which the snapshots differ, with what differs; "" when they are equal."""
    out = []
    for key in a.keys() | b.keys():
        x, y = a.get(key), b.get(key)
        if key in ("customers", "schedule", "unscheduled"):
            found = _frame_difference(x, y)
        elif key == "meta":
            found = "" if _same_value(x, y) else _meta_difference(x, y)
        elif key == "territories":
            found = "" if _same_value(x, y) else _territories_difference(x, y)
        elif key == "geometry":
            found = "" if x == y else str(
                [i for i, (g, h) in enumerate(zip(x, y, strict=False)) if g != h][:10]
                or f"lengths {len(x)} != {len(y)}"
            )
        else:
            found = "" if _same_value(x, y) else f"{x!r:.300} != {y!r:.300}"
        if found:
            out.append(f"[{key}] {found}")
    return "\n".join(sorted(out))


def _meta_difference(x: dict[str, Any], y: dict[str, Any]) -> str:
    keys = [k for k in dict.fromkeys([*x, *y]) if not _same_value(x.get(k, ...), y.get(k, ...))]
    parts = [f"{k}: {x.get(k, '<absent>')!r:.200} != {y.get(k, '<absent>')!r:.200}" for k in keys]
    return "; ".join(parts)


def _territories_difference(x: list[dict[str, Any]], y: list[dict[str, Any]]) -> str:
    if [t["id"] for t in x] != [t["id"] for t in y]:
        return f"ids {[t['id'] for t in x]} != {[t['id'] for t in y]}"
    parts = []
    for s, t in zip(x, y, strict=True):
        for field in s:
            if not _same_value(s[field], t[field]):
                shown = (s[field], t[field]) if field != "boundary" else ("<wkb>", "<wkb>")
                parts.append(f"{s['id']}.{field}: {shown[0]!r:.120} != {shown[1]!r:.120}")
    return "; ".join(parts)


def assert_same(a: dict[str, Any], b: dict[str, Any], where: str = "") -> None:
    """Raise naming every difference between two snapshots."""
    found = differences(a, b)
    assert not found, f"{where}\n{found}"
