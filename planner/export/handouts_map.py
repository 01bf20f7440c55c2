"""Map drawing for the PDF handouts: offline prefecture outline, customers by weekday, day routes.

Everything reads in black and white: weekdays differ by marker shape as well
as colour, routes are black lines with numbered white labels.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection
from shapely.geometry.base import BaseGeometry

from planner import model as m
from planner.export.common import day_label
from planner.i18n import N_, tr

if TYPE_CHECKING:
    from planner.export.print_tiles import PrintTiles

#: Weekday → (marker, colour): shapes alone tell the days apart on a grey printout.
DAY_MARKERS = {"mon": "o", "tue": "s", "wed": "^", "thu": "D", "fri": "v", "sat": "P", "sun": "X"}
DAY_STYLE: dict[str, tuple[str, str]] = {d: (DAY_MARKERS[d], m.DAY_COLORS[d]) for d in m.WEEKDAYS}
NONE_STYLE = ("x", "#777777")
#: The bundled outline's coast is drawn in segments of about 5 km: on a map narrower than
#: this (a day's route across a few wards) it put Tokyo Bay over 渋谷区 and is left out.
OUTLINE_MIN_KM = 50.0


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


def setup_map(ax: Axes, extent: tuple[float, float, float, float], *,
              background: PrintTiles | None = None) -> None:
    """Axes limits, true-shape aspect, the street background of ``background`` behind (when
    its tiles could be had), else the offline outline (on a map wide enough for its coarse
    coast, :data:`OUTLINE_MIN_KM`), no ticks."""
    x0, y0, x1, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect(1 / math.cos(math.radians((y0 + y1) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor("#ffffff")
    if background is not None and background.draw(ax, extent):
        return
    geoms, tree = _outline()
    km = 111.32 * max((x1 - x0) * math.cos(math.radians((y0 + y1) / 2)), y1 - y0)
    if tree is None or km < OUTLINE_MIN_KM:
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
    ax: Axes, lon: np.ndarray, lat: np.ndarray, days: Sequence[str], *, working_days: Sequence[str],
    rough: np.ndarray | None = None,
) -> None:
    """Customers as markers by weekday (shape and colour) with a legend; those ``rough``
    (placed approximately) in a dashed ring, the legend's last line saying so."""
    days_arr = np.asarray(days, dtype=object)
    for day in [*working_days, ""]:
        sel = days_arr == day
        if not sel.any():
            continue
        marker, colour = DAY_STYLE.get(day, NONE_STYLE) if day else NONE_STYLE
        label = day_label(day) if day else tr("not scheduled")
        edge = None if marker in ("x", "+") else "black"
        ax.scatter(lon[sel], lat[sel], s=22, marker=marker, c=colour, edgecolors=edge,
                   linewidths=0.4 if edge else 1.2, label=label, zorder=3)
    if rough is not None and np.any(rough):
        draw_rings(ax, lon[rough], lat[rough], radius=OVERVIEW_RING)
    ax.legend(loc="upper right", fontsize=8, framealpha=0.9, markerscale=1.2)


def draw_home(ax: Axes, t: m.Territory) -> None:
    """The rep's home base as a large black star."""
    if t.home_lon is not None and t.home_lat is not None:
        ax.scatter([t.home_lon], [t.home_lat], s=180, marker="*", c="white", edgecolors="black",
                   linewidths=1.4, zorder=5)


#: Radius (points) of the dashed ring round a stop placed approximately (``nearby:…``),
#: on a day's map and on the overview (whose markers are bigger).
RING = 5.5
OVERVIEW_RING = 6.5
#: The ring's dashes: as the window's map draws an approximate position.
_RING_DASHES = (0, (2.0, 1.6))
#: The map's key to the dashed ring (the stop table's △ says the same).
APPROXIMATE_KEY = N_("approximate position: go by the address")


def draw_rings(ax: Axes, lon: np.ndarray, lat: np.ndarray, *, radius: float = RING) -> None:
    """A dashed black ring round each position that is only approximate (placed at its 丁目's,
    town's or municipality's customers), labelled for the map's legend."""
    ax.scatter(lon, lat, s=(2 * radius) ** 2, marker="o", facecolors="none",
               edgecolors="black", linewidths=1.0, linestyles=[_RING_DASHES], zorder=4.5,
               label=tr(APPROXIMATE_KEY))


@dataclass(frozen=True)
class RouteMarks:
    """What a day's route put on the map, in points from the figure's corner: what is placed
    after it (the areas' names) keeps clear of."""

    boxes: np.ndarray  # the numbers, the stops' dots, the home star (rows: x0, y0, x1, y1)
    lines: tuple[np.ndarray, ...]  # the route (home, stops, home) and each leader line


def draw_route(ax: Axes, t: m.Territory, lon: np.ndarray, lat: np.ndarray,
               rough: np.ndarray | None = None) -> RouteMarks:
    """The day's stops in order: the line from home through each stop and back, numbered labels;
    a stop ``rough`` (placed approximately) in a dashed ring, with a key on the map.

    A number sits beside its stop (outside its ring); on a crowded day one that found no room
    there is moved out to where it covers no other number, with a thin leader line to its
    stop. Returns where the route, its numbers and the home star are, for what is placed
    after them.
    """
    ringed = (np.zeros(len(lon), dtype=bool) if rough is None
              else np.asarray(rough, dtype=bool))
    xs, ys = list(lon), list(lat)
    if t.has_home:
        xs = [t.home_lon, *xs, t.home_lon]
        ys = [t.home_lat, *ys, t.home_lat]
    ax.plot(xs, ys, color="black", lw=1.0, zorder=3)
    ax.scatter(lon, lat, s=16, c="black", zorder=4)
    if ringed.any():
        draw_rings(ax, lon[ringed], lat[ringed])
        # the key where it covers fewest stops (the ring alone: the route has no legend)
        ax.legend(loc="best", fontsize=8, framealpha=0.9, handletextpad=0.3)
    labels = [str(i) for i in range(1, len(lon) + 1)]
    home = (float(t.home_lon or 0.0), float(t.home_lat or 0.0)) if t.has_home else None
    places = label_places(ax, lon, lat, labels, fontsize=LABEL_SIZE, home=home, ringed=ringed)
    pts = to_points(ax, lon, lat)
    lines = [to_points(ax, np.asarray(xs, dtype=float), np.asarray(ys, dtype=float))]
    lines += [np.array([p, p + offset]) for p, (offset, leader) in zip(pts, places, strict=True)
              if leader]
    marks = RouteMarks(np.vstack([_number_boxes(ax, lon, lat, labels, places),
                                  _dot_boxes(ax, lon, lat, home, ringed)]), tuple(lines))
    for text, x, y, (offset, leader) in zip(labels, lon, lat, places, strict=True):
        arrow = ({"arrowstyle": "-", "color": "#444444", "lw": 0.5, "shrinkA": 0, "shrinkB": 2.0}
                 if leader else None)
        ax.annotate(text, (x, y), xytext=offset, textcoords="offset points",
                    fontsize=LABEL_SIZE, ha="center", va="center", zorder=6, arrowprops=arrow,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "black",
                          "lw": 0.5})
    draw_home(ax, t)
    return marks


#: Type size of the stop numbers on a day's map.
LABEL_SIZE = 8.0
#: Directions tried around a stop, most natural first (upper right, then round the clock).
_ANGLES = np.radians([45, -45, 135, -135, 0, 180, 90, -90, 22.5, -22.5, 157.5, -157.5,
                      67.5, -67.5, 112.5, -112.5])
#: Gaps (points) between a stop and its number's box: beside it, then further out on a leader.
_GAPS = (2.5, 10.0, 18.0, 27.0, 37.0, 48.0, 60.0)
#: A number this far (points) from its stop or more gets a leader line.
LEADER_FROM = 6.0


def label_places(
    ax: Axes, lon: np.ndarray, lat: np.ndarray, labels: Sequence[str], *, fontsize: float,
    home: tuple[float, float] | None = None, ringed: np.ndarray | None = None,
) -> list[tuple[tuple[float, float], bool]]:
    """Per label, the offset (points) of its box's centre from its stop and whether it needs
    a leader line.

    Greedy placement: each number takes the nearest spot, beside its stop first, whose box
    covers no number placed before, no stop, no home star and stays on the map; when none
    is clear, the least crowded one. Shops next door to each other (a shopping street, one
    building) would otherwise print their numbers on top of each other. A stop ``ringed``
    (an approximate position) keeps its number outside its ring.
    """
    pts = to_points(ax, lon, lat)
    x0, y0, x1, y1 = map_box(ax)
    ringed = np.zeros(len(pts), dtype=bool) if ringed is None else np.asarray(ringed, bool)
    # every stop's dot (or ring) and the home star are in the way of a number (not its own)
    dots = _dot_boxes(ax, lon, lat, home, ringed)
    placed = np.empty((0, 4))
    out: list[tuple[tuple[float, float], bool]] = []
    for k, ((x, y), text) in enumerate(zip(pts, labels, strict=True)):
        half_w, half_h = _half_size(text, fontsize)
        gaps = np.repeat(_GAPS, len(_ANGLES))
        angles = np.tile(_ANGLES, len(_GAPS))
        out_by = gaps + (RING - 2.5 if ringed[k] else 0.0)  # clear of its own ring
        dx = np.cos(angles) * (half_w + out_by)
        dy = np.sin(angles) * (half_h + out_by)
        boxes = np.column_stack([x + dx - half_w, y + dy - half_h, x + dx + half_w,
                                 y + dy + half_h])
        others = np.delete(dots, k, axis=0) if k < len(pts) else dots
        score = (10 * hits(boxes, placed) + 3 * hits(boxes, others)
                 + 100 * ((boxes[:, 0] < x0) | (boxes[:, 1] < y0) | (boxes[:, 2] > x1)
                          | (boxes[:, 3] > y1)))
        best = int(np.argmin(score))  # the first (nearest) of the least crowded
        placed = np.vstack([placed, boxes[best]])
        out.append(((float(dx[best]), float(dy[best])), bool(gaps[best] >= LEADER_FROM)))
    return out


def to_points(ax: Axes, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Map positions as points (1/72 inch) from the figure's corner, as printed."""
    ax.apply_aspect()  # the final axes box, so data → points is the printed one
    pts = ax.transData.transform(np.column_stack([lon, lat]).reshape(-1, 2))
    return np.asarray(pts) * (72 / ax.figure.dpi)


def map_box(ax: Axes) -> tuple[float, float, float, float]:
    """The map's edges in points from the figure's corner (x0, y0, x1, y1)."""
    ax.apply_aspect()
    x0, y0, x1, y1 = (np.asarray(ax.get_window_extent().extents) * (72 / ax.figure.dpi)).tolist()
    return x0, y0, x1, y1


def _half_size(text: str, fontsize: float) -> tuple[float, float]:
    """Half the width and height (points) of a stop number's white box."""
    return (0.6 * fontsize * len(text) + 4) / 2, (fontsize + 4) / 2


def _dot_boxes(ax: Axes, lon: np.ndarray, lat: np.ndarray,
               home: tuple[float, float] | None,
               ringed: np.ndarray | None = None) -> np.ndarray:
    """The boxes of the stops' dots (or their rings) and of the home star (points)."""
    pts = to_points(ax, lon, lat)
    r = np.full(len(pts), 2.5) if ringed is None else np.where(ringed, RING, 2.5)
    dots = np.column_stack([pts[:, 0] - r, pts[:, 1] - r, pts[:, 0] + r, pts[:, 1] + r])
    if home is not None:
        hx, hy = to_points(ax, np.array([home[0]]), np.array([home[1]]))[0]
        dots = np.vstack([dots, [hx - 6.5, hy - 6.5, hx + 6.5, hy + 6.5]])
    return dots


def _number_boxes(ax: Axes, lon: np.ndarray, lat: np.ndarray, labels: Sequence[str],
                  places: Sequence[tuple[tuple[float, float], bool]]) -> np.ndarray:
    """The boxes (points) of the stop numbers where :func:`label_places` put them."""
    pts = to_points(ax, lon, lat)
    out = np.empty((len(labels), 4))
    for k, ((x, y), text, ((dx, dy), _leader)) in enumerate(
            zip(pts, labels, places, strict=True)):
        half_w, half_h = _half_size(text, LABEL_SIZE)
        out[k] = (x + dx - half_w, y + dy - half_h, x + dx + half_w, y + dy + half_h)
    return out


def hits(boxes: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Per box of ``boxes``, how many of ``others`` it overlaps (rows: x0, y0, x1, y1)."""
    if len(others) == 0:
        return np.zeros(len(boxes), dtype=int)
    a, b = boxes[:, None, :], others[None, :, :]
    over = (a[..., 0] < b[..., 2]) & (b[..., 0] < a[..., 2]) & (a[..., 1] < b[..., 3]) & (
        b[..., 1] < a[..., 3])
    return np.asarray(over.sum(axis=1))
