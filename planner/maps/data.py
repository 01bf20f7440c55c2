"""The plan as compact JSON for the map page: column arrays for the points, GeoJSON for areas.

The page draws customers from parallel arrays (positions, territory index, flags)
on one canvas, so 100,000 customers cost a few megabytes of JSON and one parse.
Territory indices point into the ``territories`` list sent alongside; -1 means
unassigned. Text fields travel as data and the page shows them with
``textContent`` (never as HTML).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import mapping
from shapely.ops import polylabel

from planner import model as m
from planner._geocode_nearby import approximate_mask
from planner._schedule_keep import planned_visits
from planner.visit_times import visit_time_label

#: Bits of the per-customer ``flags`` array.
FLAG_LOCKED = 1
FLAG_UNLOCATED = 2
FLAG_APPROXIMATE = 4  # placed at the customers of its 丁目, town or municipality: to check

COORD_DIGITS = 6
#: Points travel as integer micro-degrees (lat6 = round(lat × 1e6)); unlocated = 0 + flag.
COORD_SCALE = 1_000_000
#: Fields the tooltip shows when set, as (payload key, column): closing and fixed visit days
#: (weekday codes "sat,sun"), the visit week ("2") and visiting hours (shown text "10:00〜12:00").
TOOLTIP_FIELDS = (
    ("closed", m.CLOSED_DAYS),
    ("visit", m.VISIT_DAYS),
    ("week", m.VISIT_WEEK),
    ("hours", m.VISIT_TIME),
)


def dumps(value: Any) -> str:
    """Compact JSON (UTF-8 text, no NaN)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def territory_indices(plan: m.Plan) -> np.ndarray:
    """Index of each customer's territory in ``plan.territories`` (-1 when unassigned)."""
    ids = pd.Index(plan.territory_ids)
    return ids.get_indexer(plan.customers[m.TERRITORY].to_numpy()).astype(np.int32)


def customer_flags(plan: m.Plan, rows: np.ndarray | None = None) -> np.ndarray:
    """Per-customer bit flags (:data:`FLAG_LOCKED`, :data:`FLAG_UNLOCATED`,
    :data:`FLAG_APPROXIMATE`); of the customers at positions ``rows`` only, when given."""
    c = plan.customers if rows is None else plan.customers.iloc[rows]
    flags = np.where(c[m.LOCKED].to_numpy(dtype=bool), FLAG_LOCKED, 0)
    flags |= np.where(m.located_mask(c), 0, FLAG_UNLOCATED)
    flags |= np.where(approximate_mask(c), FLAG_APPROXIMATE, 0)
    return flags.astype(np.int32)


def _text_list(values: pd.Series) -> list[str]:
    return ["" if v is None else str(v) for v in values.tolist()]


def _scaled_ints(values: np.ndarray, scale: float, missing: int = 0) -> list[int]:
    """``values × scale`` as integers (JSON ints serialise and parse far faster than floats)."""
    v = values.astype(float)
    out = np.where(np.isfinite(v), np.round(v * scale), missing)
    return out.astype(np.int64).tolist()


def _weight(plan: m.Plan) -> np.ndarray:
    """Relative size 0…1 by sales (square-root scaled, robust to outliers)."""
    sales = plan.customers[m.SALES].to_numpy(dtype=float)
    sales = np.where(np.isfinite(sales) & (sales > 0), sales, 0.0)
    top = float(np.quantile(sales, 0.98)) if len(sales) else 0.0
    if top <= 0:
        return np.full(len(sales), 0.5)
    return np.sqrt(np.clip(sales / top, 0.0, 1.0))


def points_payload(plan: m.Plan) -> dict[str, Any]:
    """Every customer as parallel column arrays (the page's point layer input)."""
    c = plan.customers
    payload: dict[str, Any] = {
        "n": len(c),
        "ids": _text_list(c[m.CUSTOMER_ID]),
        **_drawn_fields(c, np.asarray(_weight(plan))),
        "terr": territory_indices(plan).tolist(),
        "flags": customer_flags(plan).tolist(),
    }
    for key, column in TOOLTIP_FIELDS:  # sent only when any customer has one
        texts = _tooltip_texts(c, column)
        if any(texts):
            payload[key] = texts
    return payload


def _frequency_words(freq: np.ndarray, freq100: list[int]) -> dict[str, str]:
    """The tooltip's words for each ``freq100`` value sent (``every 2 weeks`` / ``隔週``, as
    the customer list says it; 4週に0.53回（約8週に1回）), worded from the frequency itself
    (4/6 is 6週に1回, not the 0.67 its code reads as)."""
    from planner.frequency import frequency_words

    codes, first = np.unique(np.asarray(freq100, dtype=np.int64), return_index=True)
    return {str(int(c)): frequency_words(float(freq[i])) for c, i in zip(codes, first, strict=True)
            if c >= 0}


def _drawn_fields(rows: pd.DataFrame, weight: np.ndarray) -> dict[str, Any]:
    """The page's columns of the customers ``rows`` (``weight``: their size weights)."""
    freq = rows[m.FREQUENCY].to_numpy(dtype=float)
    freq100 = _scaled_ints(freq, 100, -1)
    return {
        "names": _text_list(rows[m.NAME]),
        "address": _text_list(rows[m.ADDRESS]),
        "rank": _text_list(rows[m.RANK]),
        "freq100": freq100,
        "freq_words": _frequency_words(freq, freq100),
        "lat6": _scaled_ints(rows[m.LAT].to_numpy(dtype=float), COORD_SCALE),
        "lon6": _scaled_ints(rows[m.LON].to_numpy(dtype=float), COORD_SCALE),
        "weight1000": _scaled_ints(weight, 1000),
    }


def _tooltip_texts(c: pd.DataFrame, column: str) -> list[str]:
    """A :data:`TOOLTIP_FIELDS` column as the page reads it ("" = not set)."""
    if column not in c:
        return [""] * len(c)
    texts = _text_list(c[column].fillna(""))
    if column == m.VISIT_TIME:  # the same in every language: shown as sent
        labels = {v: visit_time_label(v) for v in set(texts)}
        texts = [labels[v] for v in texts]
    return texts


def _geometry_json(geom: Any) -> dict[str, Any] | None:
    if geom is None or geom.is_empty:
        return None
    polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon"]
    if not polys:
        return None
    shape = polys[0] if len(polys) == 1 else shapely.MultiPolygon(polys)
    # Round without reordering vertices (set_precision may restart rings elsewhere).
    shape = shapely.transform(shape, lambda xy: np.round(xy, COORD_DIGITS))
    return mapping(shape)


def label_point(
    boundary: Any, lon: np.ndarray | None = None, lat: np.ndarray | None = None
) -> Any:
    """Where a territory's name goes: inside the part of ``boundary`` holding most of its
    customers (``lon``/``lat``; the largest part without them), not on whichever part comes
    first, which after a design may be an island of two shops far from the rest."""
    parts = list(getattr(boundary, "geoms", [boundary]))
    if len(parts) > 1:
        if lon is not None and lat is not None and len(lon):
            # each customer found in its part at once (a territory given thousands of
            # scattered customers by hand has thousands of islands: one test each took 6 s)
            _, where = shapely.STRtree(parts).query(shapely.points(lon, lat), predicate="within")
            held = np.bincount(where, minlength=len(parts)).tolist()
            score = [(h, part.area) for h, part in zip(held, parts, strict=True)]
        else:
            score = [(0, part.area) for part in parts]
        boundary = parts[max(range(len(parts)), key=score.__getitem__)]
    return roomiest_point(boundary)


def roomiest_point(polygon: Any) -> Any:
    """The point of ``polygon`` farthest from its edges (its pole of inaccessibility, on true
    distances rather than degrees), where a name has most room: GEOS's representative point
    sat in whatever lay on the box's middle line, e.g. the narrow neck between a territory's
    two halves, where the page had to shrink the name. The representative point when the
    search fails."""
    try:
        k = math.cos(math.radians(polygon.centroid.y))
        flat = shapely.transform(polygon, lambda xy: xy * np.array([k, 1.0]))
        pole = polylabel(flat, tolerance=max(math.sqrt(flat.area) / 200.0, 1e-7))
        point = shapely.Point(pole.x / k, pole.y)
        return point if polygon.contains(point) else polygon.representative_point()
    except (ValueError, shapely.errors.GEOSException, ZeroDivisionError):
        return polygon.representative_point()


def _customers_of(plan: m.Plan, ids: Sequence[str]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each territory of ``ids``'s located customers as (lon, lat) arrays."""
    c = plan.customers
    terr = c[m.TERRITORY].astype(str).to_numpy()
    lon = pd.to_numeric(c[m.LON], errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(c[m.LAT], errors="coerce").to_numpy(dtype=float)
    ok = np.flatnonzero(np.isfinite(lon) & np.isfinite(lat))
    groups = pd.Series(ok).groupby(terr[ok]).indices  # one pass, however many territories
    out = {}
    for tid in ids:
        rows = ok[groups[tid]] if tid in groups else ok[:0]
        out[tid] = (lon[rows], lat[rows])
    return out


def territories_payload(
    plan: m.Plan, shown: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Territories in order: id, name, rep, colour, boundary (GeoJSON or None), home, label point.

    ``shown`` maps territory id → the boundary object the page already has; a territory
    whose boundary is that very object is sent with ``"keep": true`` and no geometry
    (a boundary drag then ships one polygon, not all of them).
    """
    out = []
    parted = [t.id for t in plan.territories if getattr(t.boundary, "geom_type", "") == "MultiPolygon"]
    where = _customers_of(plan, parted) if parted else {}
    for t in plan.territories:
        keep = shown is not None and t.boundary is not None and shown.get(t.id) is t.boundary
        geometry = None if keep else _geometry_json(t.boundary)
        label = None
        if (keep or geometry is not None) and t.boundary is not None:
            p = label_point(t.boundary, *where.get(t.id, (None, None)))
            label = [round(p.y, COORD_DIGITS), round(p.x, COORD_DIGITS)]
        home = [t.home_lat, t.home_lon] if t.has_home else None
        # a territory named after its rep (as imported from a 担当 column) names them once:
        # the legend and tooltips read 「佐藤 健一」, not 「佐藤 健一 佐藤 健一」
        rep = t.rep if t.rep.strip() != t.name.strip() else ""
        out.append(
            {
                "id": t.id,
                "name": t.name,
                "rep": rep,
                "color": t.color,
                "geometry": geometry,
                "label": label,
                "home": home,
                "keep": keep,
            }
        )
    return out


def data_document(plan: m.Plan) -> bytes:
    """The page's full data (points + territories) as UTF-8 JSON, a column at a time (in a
    worker, the GUI thread gets its turn between them: one call held it 0.9 s at 100,000)."""
    columns = ",".join(f"{dumps(k)}:{dumps(v)}" for k, v in points_payload(plan).items())
    territories = dumps(territories_payload(plan))
    return f'{{"points":{{{columns}}},"territories":{territories}}}'.encode()


#: The data document made ahead for a plan (:func:`prepare_document`), until the map takes it.
_PREPARED: list[tuple[m.Plan, bytes]] = []


def prepare_document(plan: m.Plan) -> None:
    """Make ``plan``'s data document now (in the worker that read the plan from its file), so
    the map's first drawing of this very plan does not make it on the GUI thread."""
    _PREPARED[:] = [(plan, data_document(plan))]


def document_for(plan: m.Plan) -> bytes:
    """:func:`data_document` of ``plan``: the one prepared for it (taken once), or made now."""
    prepared = _PREPARED[:]
    _PREPARED.clear()
    if prepared and prepared[0][0] is plan:
        return prepared[0][1]
    return data_document(plan)


def recolor_payload(plan: m.Plan, positions: Iterable[int] | None) -> dict[str, Any]:
    """Territory indices and flags of the customers at ``positions`` (None = everyone)."""
    if positions is None:
        return {"terr": territory_indices(plan).tolist(), "flags": customer_flags(plan).tolist()}
    # the changed customers' only: the flags read every customer's geocode text (0.1–0.3 s
    # of each assignment at 100,000 customers)
    idx = np.asarray(list(positions), dtype=np.int64)
    ids = pd.Index(plan.territory_ids)
    terr = ids.get_indexer(plan.customers[m.TERRITORY].to_numpy()[idx]).astype(np.int32)
    return {"idx": idx.tolist(), "terr": terr.tolist(), "flags": customer_flags(plan, idx).tolist()}


#: :func:`visit_day_groups` of a customer visited on more than one weekday (twice a week).
SEVERAL_DAYS = len(m.WEEKDAYS)


def visit_day_groups(plan: m.Plan) -> np.ndarray:
    """Each customer's weekday in the calendar, for colouring by visit day: the index in
    :data:`planner.model.WEEKDAYS` of the day all its visits are planned on, :data:`SEVERAL_DAYS`
    when they are on more than one weekday, -1 without visits (or without a calendar). A
    visit moved off a holiday counts on the day it was planned on (``moved_from``)."""
    ids = plan.customers[m.CUSTOMER_ID].astype(str).to_numpy()
    out = np.full(len(ids), -1, dtype=np.int8)
    s = plan.schedule
    if s is None or not len(s) or not len(ids):
        return out
    s = planned_visits(s)  # a visit moved off a holiday counts on its planned day
    day = s["day"].map({d: i for i, d in enumerate(m.WEEKDAYS)}).to_numpy(dtype=float)
    pos = pd.Index(ids).get_indexer(s["customer_id"].astype(str).to_numpy())
    ok = (pos >= 0) & np.isfinite(day)
    low = np.full(len(ids), len(m.WEEKDAYS))
    high = np.full(len(ids), -1)
    np.minimum.at(low, pos[ok], day[ok].astype(int))
    np.maximum.at(high, pos[ok], day[ok].astype(int))
    seen = high >= 0
    out[seen] = np.where(low[seen] == high[seen], low[seen], SEVERAL_DAYS)
    return out


def positions_of(ids_index: pd.Index, customer_ids: Iterable[str]) -> list[int]:
    """Positions of known ``customer_ids`` in the loaded order (unknown ids are skipped)."""
    pos = ids_index.get_indexer(list(customer_ids))
    return [int(p) for p in pos if p >= 0]


def plan_bounds(plan: m.Plan) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of the located customers and homes, None if none."""
    c = plan.customers
    lat = c[m.LAT].to_numpy(dtype=float)
    lon = c[m.LON].to_numpy(dtype=float)
    ok = np.isfinite(lat) & np.isfinite(lon)
    lats = list(lat[ok])
    lons = list(lon[ok])
    for t in plan.territories:
        if t.has_home:
            lats.append(float(t.home_lat))  # type: ignore[arg-type]
            lons.append(float(t.home_lon))  # type: ignore[arg-type]
    if not lats:
        return None
    return [[float(np.min(lats)), float(np.min(lons))], [float(np.max(lats)), float(np.max(lons))]]


def territory_bounds(plan: m.Plan, territory_id: str) -> list[list[float]] | None:
    """Bounds of a territory's boundary (or of its customers when it has none)."""
    t = plan.territory(territory_id)
    if t.boundary is not None and not t.boundary.is_empty:
        w, s, e, n = t.boundary.bounds
        return [[s, w], [n, e]]
    c = plan.customers[plan.customers[m.TERRITORY] == territory_id]
    return plan_bounds(plan.replace(customers=c, territories=()))


#: The least height and width (degrees, about 500 m) of the customers' bounds a fit zooms to:
#: one shop (a point) zoomed to the map's last level showed nothing around it to know it by.
LEAST_SPAN = 0.005


def customer_bounds(plan: m.Plan, ids: Sequence[str]) -> list[list[float]] | None:
    """Bounds of the customers ``ids`` (those with a map position), None when none has one;
    at least :data:`LEAST_SPAN` across, round their centre."""
    c = plan.customers[plan.customers[m.CUSTOMER_ID].astype(str).isin(set(ids))]
    bounds = plan_bounds(plan.replace(customers=c, territories=()))
    if bounds is None:
        return None
    (south, west), (north, east) = bounds
    if north - south < LEAST_SPAN:
        south, north = (south + north - LEAST_SPAN) / 2, (south + north + LEAST_SPAN) / 2
    if east - west < LEAST_SPAN:
        west, east = (west + east - LEAST_SPAN) / 2, (west + east + LEAST_SPAN) / 2
    return [[south, west], [north, east]]


def route_payload(stops: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """A day's stops as ``[lat, lon, label, mark]`` (non-finite positions dropped).

    A stop is ``(lat, lon, label)`` or ``(lat, lon, label, mark)``: ``mark`` is the text
    of its marker (the page numbers stops 1, 2 … when it is None; "" draws no marker,
    for the drive back to the start point).
    """
    out = []
    for stop in stops:
        lat, lon, label = stop[0], stop[1], stop[2]
        mark = stop[3] if len(stop) > 3 else None
        if math.isfinite(float(lat)) and math.isfinite(float(lon)):
            out.append([float(lat), float(lon), str(label), None if mark is None else str(mark)])
    return out


def customers_patch(plan: m.Plan, positions: Sequence[int] | None) -> dict[str, Any]:
    """Every drawn field of the customers at ``positions`` (None = everyone), keyed like
    :func:`points_payload` plus ``idx``: positions, texts, frequency, size weight, flags, and
    the tooltip's :data:`TOOLTIP_FIELDS` (always sent, so a value just cleared is cleared).
    Made from those customers' rows only (the whole layer's fields were made and sliced: 0.15 s
    of each lock or frequency at 100,000 customers)."""
    c = plan.customers
    idx = (np.arange(len(c), dtype=np.int64) if positions is None
           else np.asarray([int(p) for p in positions], dtype=np.int64))
    rows = c.iloc[idx]
    patch: dict[str, Any] = {
        "idx": idx.tolist(),
        **_drawn_fields(rows, np.asarray(_weight(plan))[idx]),  # weight: of every sale
        "flags": customer_flags(plan, idx).tolist(),
    }
    for key, column in TOOLTIP_FIELDS:
        patch[key] = _tooltip_texts(rows, column)
    return patch
