"""The plan file's territory layer: boundary polygons (one MultiPolygon layer for QGIS) with
id, name, rep, colour, home base, capacity, own days, and the rest as JSON."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from planner import _store_values as sv
from planner import model as m
from planner._store_values import json_default, number, text

TERRITORIES_LAYER = "territories"
_TERRITORY_TEXT = ("id", "name", "rep", "color")
_TERRITORY_OPTIONAL = ("home_lat", "home_lon")
_TERRITORY_KNOWN = (*_TERRITORY_TEXT, *_TERRITORY_OPTIONAL, "capacity_hours", "working_days", "boundary")


def _territory_frame(territories: tuple[m.Territory, ...]) -> gpd.GeoDataFrame:
    data: dict[str, Any] = {}
    for key in _TERRITORY_TEXT:
        data[key] = pd.Series([getattr(t, key) or "" for t in territories], dtype=object)
    for key in _TERRITORY_OPTIONAL:
        values = [getattr(t, key) for t in territories]
        data[key] = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
    data["capacity_hours"] = np.array([float(t.capacity_hours) for t in territories], dtype=float)
    data["working_days"] = pd.Series([sv.days_text(t.working_days) for t in territories], dtype=object)
    extra = [
        {f.name: getattr(t, f.name) for f in dataclasses.fields(t) if f.name not in _TERRITORY_KNOWN}
        for t in territories
    ]
    data["extra"] = pd.Series(
        [json.dumps(e, ensure_ascii=False, default=json_default) for e in extra], dtype=object
    )
    # one MultiPolygon layer for QGIS; the kind lets a single Polygon come back as a Polygon
    data["boundary_kind"] = pd.Series(
        ["" if t.boundary is None else t.boundary.geom_type for t in territories], dtype=object
    )
    geoms = gpd.GeoSeries([t.boundary for t in territories], crs=m.CRS)
    return gpd.GeoDataFrame(data, geometry=geoms, crs=m.CRS)


def _read_territories(path: Path) -> tuple[m.Territory, ...]:
    raw = pyogrio.read_dataframe(path, layer=TERRITORIES_LAYER, fid_as_index=True).sort_index()
    territories = []
    for row, boundary in zip(raw.itertuples(index=False), raw.geometry.to_numpy(), strict=True):
        values = row._asdict()
        fields: dict[str, Any] = {k: text(values.get(k)) for k in _TERRITORY_TEXT}
        for key in _TERRITORY_OPTIONAL:
            coordinate = number(values.get(key))
            fields[key] = None if math.isnan(coordinate) else coordinate
        fields["capacity_hours"] = number(values.get("capacity_hours"))
        fields["working_days"] = sv.days_tuple(values.get("working_days"))  # old files: none
        kind = text(values.get("boundary_kind"))
        if kind == "Polygon" and isinstance(boundary, shapely.MultiPolygon) and len(boundary.geoms) == 1:
            boundary = boundary.geoms[0]
        fields["boundary"] = boundary
        extra = json.loads(str(values.get("extra") or "{}"))
        known = {f.name for f in dataclasses.fields(m.Territory)}
        fields.update({k: v for k, v in extra.items() if k in known})
        territories.append(m.Territory(**fields))
    return tuple(territories)
