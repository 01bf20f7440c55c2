"""Map drawing for the PDF handouts: offline prefecture outline, customers by weekday, day routes.

Everything reads in black and white: weekdays differ by marker shape as well
as colour, routes are black lines with numbered white labels.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from shapely.geometry.base import BaseGeometry

from planner import model as m
from planner.export.common import day_label

#: Weekday → (marker, colour): shapes alone tell the days apart on a grey printout.
DAY_MARKERS = {"mon": "o", "tue": "s", "wed": "^", "thu": "D", "fri": "v", "sat": "P", "sun": "X"}
DAY_STYLE: dict[str, tuple[str, str]] = {d: (DAY_MARKERS[d], m.DAY_COLORS[d]) for d in m.WEEKDAYS}
NONE_STYLE = ("x", "#777777")


@cache
def _outline() -> tuple[list[BaseGeometry], shapely.STRtree | None]:
    """The bundled prefecture polygons (``resources/japan/prefectures.geojson``) when present."""
    try:
        from planner.resources import resource_path

        path = resource_path("japan", "prefectures.geojson")
        if not path.is_file():
            return [], None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, FileNotFoundError):
        return [], None
    geoms = [shapely.from_geojson(json.dumps(f["geometry"])) for f in data.get("features", [])
             if f.get("geometry")]
    geoms = [g for g in geoms if g is not None and not g.is_empty]
    return geoms, (shapely.STRtree(geoms) if geoms else None)


def _rings(geom: BaseGeometry) -> list[np.ndarray]:
    """Exterior rings of a (multi)polygon as coordinate arrays."""
    out = []
    for part in getattr(geom, "geoms", [geom]):
        if part.geom_type == "Polygon" and not part.is_empty:
            out.append(np.asarray(part.exterior.coords)[:, :2])
        elif part.geom_type in ("MultiPolygon", "GeometryCollection"):
            out.extend(_rings(part))
    return out


def view_extent(lon: np.ndarray, lat: np.ndarray, *, aspect: float) -> tuple[float, float, float,
                                                                              float]:
    """A padded bounding box around the points with the axes' shape (width / height)."""
    if len(lon) == 0:
        return 139.0, 35.0, 140.0, 36.0
    x0, x1 = float(np.nanmin(lon)), float(np.nanmax(lon))
    y0, y1 = float(np.nanmin(lat)), float(np.nanmax(lat))
    k = math.cos(math.radians((y0 + y1) / 2))
    w = max((x1 - x0) * k, 0.01)
    h = max(y1 - y0, 0.01)
    w, h = w * 1.12, h * 1.12
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w / k / 2, cy - h / 2, cx + w / k / 2, cy + h / 2


def setup_map(ax: Axes, extent: tuple[float, float, float, float]) -> None:
    """Axes limits, true-shape aspect, the offline outline behind, no ticks."""
    x0, y0, x1, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#ffffff")
    geoms, tree = _outline()
    if tree is None:
        return
    box = shapely.box(x0, y0, x1, y1)
    tol = max(x1 - x0, y1 - y0) / 800
    rings = []
    for i in tree.query(box):
        clipped = shapely.clip_by_rect(geoms[int(i)], x0, y0, x1, y1)
        if not clipped.is_empty:
            rings.extend(_rings(shapely.simplify(clipped, tol)))
    if rings:
        ax.add_collection(PolyCollection(rings, facecolors="#f0f0f0", edgecolors="#a0a0a0",
                                         linewidths=0.5, zorder=0))


def draw_boundary(ax: Axes, boundary: BaseGeometry | None, points: np.ndarray) -> None:
    """The territory's boundary (or the outline of its customers) as a dashed black line."""
    geom = boundary
    if geom is None or geom.is_empty:
        if len(points) < 3:
            return
        geom = shapely.convex_hull(shapely.multipoints(points))
    for ring in _rings(geom):
        ax.plot(ring[:, 0], ring[:, 1], color="black", lw=1.2, ls=(0, (5, 3)), zorder=2)


def draw_customers_by_day(
    ax: Axes, lon: np.ndarray, lat: np.ndarray, days: Sequence[str], *, working_days: Sequence[str]
) -> None:
    """Customers as markers by weekday (shape and colour) with a legend."""
    days_arr = np.asarray(days, dtype=object)
    for day in [*working_days, ""]:
        sel = days_arr == day
        if not sel.any():
            continue
        marker, colour = DAY_STYLE.get(day, NONE_STYLE) if day else NONE_STYLE
        from planner.i18n import tr

        label = day_label(day) if day else tr("not scheduled")
        edge = None if marker in ("x", "+") else "black"
        ax.scatter(lon[sel], lat[sel], s=22, marker=marker, c=colour, edgecolors=edge,
                   linewidths=0.4 if edge else 1.2, label=label, zorder=3)
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9, markerscale=1.2)


def draw_home(ax: Axes, t: m.Territory) -> None:
    """The rep's home base as a large black star."""
    if t.home_lon is not None and t.home_lat is not None:
        ax.scatter([t.home_lon], [t.home_lat], s=180, marker="*", c="white", edgecolors="black",
                   linewidths=1.4, zorder=5)


def draw_route(ax: Axes, t: m.Territory, lon: np.ndarray, lat: np.ndarray) -> None:
    """The day's stops in order: the line from home through each stop and back, numbered labels."""
    xs, ys = list(lon), list(lat)
    if t.has_home:
        xs = [t.home_lon, *xs, t.home_lon]
        ys = [t.home_lat, *ys, t.home_lat]
    ax.plot(xs, ys, color="black", lw=1.0, zorder=3)
    ax.scatter(lon, lat, s=16, c="black", zorder=4)
    labels = [str(i) for i in range(1, len(lon) + 1)]
    offsets = label_offsets(ax, lon, lat, labels, fontsize=8)
    for text, x, y, offset in zip(labels, lon, lat, offsets, strict=True):
        ax.annotate(text, (x, y), xytext=offset, textcoords="offset points", fontsize=8,
                    zorder=6, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "black",
                                    "lw": 0.5})
    draw_home(ax, t)


#: Where a stop's number may go, in points from the stop, most natural first.
_OFFSETS = ((4, 4), (4, -12), (-10, 4), (-10, -12), (8, -4), (-14, -4), (-3, 9), (-3, -17),
            (14, 12), (-20, 12), (14, -20), (-20, -20), (22, -4), (-28, -4), (-3, 20), (-3, -28))


def label_offsets(
    ax: Axes, lon: np.ndarray, lat: np.ndarray, labels: Sequence[str], *, fontsize: float
) -> list[tuple[float, float]]:
    """Greedy label placement: each number takes the first offset clear of the ones placed.

    Neighbouring shops (a shopping street, one building) would otherwise print
    their numbers on top of each other; when no offset is clear, the least
    crowded one is used.
    """
    ax.apply_aspect()  # the final axes box, so data → points is the printed one
    pts = ax.transData.transform(np.column_stack([lon, lat])) * 72 / ax.figure.dpi
    placed: list[tuple[float, float, float, float]] = []
    out: list[tuple[float, float]] = []
    for (x, y), text in zip(pts, labels, strict=True):
        width, height = 0.6 * fontsize * len(text) + 5, fontsize + 5  # with the white box
        best: tuple[int, tuple[float, float], tuple[float, float, float, float]] | None = None
        for dx, dy in _OFFSETS:
            box = (x + dx - 2.5, y + dy - 3, x + dx + width - 2.5, y + dy + height - 3)
            hits = sum(_overlaps(box, other) for other in placed)
            if best is None or hits < best[0]:
                best = (hits, (float(dx), float(dy)), box)
            if hits == 0:
                break
        assert best is not None
        placed.append(best[2])
        out.append(best[1])
    return out


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
