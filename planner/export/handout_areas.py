"""The names of municipalities (市区町村) on the PDF maps: where a day's stops are, and the
territory's main ones on the rep's overview.

The offline outline is only prefectures and coasts, so a rep could not tell from the map
alone whether the day is in 練馬区 or in 板橋区. Each municipality the day's stops lie in
(read from their addresses, :func:`planner.areas.municipality`) is named once in small grey
type near the middle of its stops, at the nearest spot that covers no stop number, no stop,
no home star and no other name, and crosses the route's line as little as it can. The
overview names the territory's municipalities with the most customers the same way, clear
of the customers' markers, the home star and the legend.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import shapely
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection

from planner.areas import municipality
from planner.export.common import display_width
from planner.export.handouts_map import RouteMarks, hits, map_box, to_points

#: Type size and colour of the names: quieter than the stop numbers.
AREA_SIZE = 7.0
AREA_COLOUR = "#6e6e6e"
#: Offsets (points) tried around the middle of an area's stops, nearest first.
_STEP = 6.0
_REACH = 60.0
#: The overview names at most this many of the territory's municipalities (most customers
#: first), each with at least this many customers: a lone shop's town is no landmark.
OVERVIEW_MOST = 8
OVERVIEW_LEAST = 2


def stop_areas(addresses: Sequence[object]) -> list[str]:
    """Per stop, the name of its municipality (``練馬区``, ``横浜市港北区``); ``""`` where the
    address names none. A name two of the day's prefectures share (府中市) carries its
    prefecture."""
    found = [municipality(a) for a in addresses]
    prefectures: dict[str, set[str]] = {}
    for prefecture, name in found:
        prefectures.setdefault(name, set()).add(prefecture)
    return [prefecture + name if name and len(prefectures[name]) > 1 else name
            for prefecture, name in found]


def _offsets() -> np.ndarray:
    """Candidate offsets of a name's centre from its stops' middle, nearest first."""
    steps = np.arange(-_REACH, _REACH + _STEP / 2, _STEP)
    grid = np.array([(dx, dy) for dx in steps for dy in steps if np.hypot(dx, dy) <= _REACH])
    return grid[np.argsort(np.hypot(grid[:, 0], grid[:, 1]), kind="stable")]


def area_places(
    ax: Axes, lon: np.ndarray, lat: np.ndarray, names: Sequence[str], marks: RouteMarks,
    *, fontsize: float = AREA_SIZE, keep_out: np.ndarray | None = None,
) -> list[tuple[str, float, float]]:
    """Per municipality of the stops (most stops first), its name and where its centre goes
    (points from the figure's corner).

    Greedy, as the stop numbers are placed: the nearest spot to the middle (median) of the
    area's stops whose box stays on the map and covers no number, stop, home star or name
    placed before; crossing the route's line or a leader counts against a spot, less.
    ``keep_out``: boxes (points) a name may cover no more than the map's edge (a legend).
    """
    pts = to_points(ax, lon, lat)
    x0, y0, x1, y1 = map_box(ax)
    named = np.asarray(names, dtype=object)
    areas = [str(a) for a in dict.fromkeys(named.tolist()) if a]
    areas.sort(key=lambda a: -int((named == a).sum()))  # the day's main area first
    lines = [shapely.linestrings(line) for line in marks.lines if len(line) >= 2]
    offsets = _offsets()
    placed = np.empty((0, 4))
    out: list[tuple[str, float, float]] = []
    for area in areas:
        mid = np.median(pts[named == area], axis=0)
        half_w = 0.5 * fontsize * display_width(area) / 2 + 1.5
        half_h = fontsize / 2 + 1.5
        cx, cy = mid[0] + offsets[:, 0], mid[1] + offsets[:, 1]
        boxes = np.column_stack([cx - half_w, cy - half_h, cx + half_w, cy + half_h])
        crossing = np.zeros(len(boxes), dtype=int)
        if lines:
            shapes = shapely.box(boxes[:, 0], boxes[:, 1], boxes[:, 2], boxes[:, 3])
            for line in lines:
                crossing += shapely.intersects(shapes, line).astype(int)
        outside = ((boxes[:, 0] < x0) | (boxes[:, 1] < y0) | (boxes[:, 2] > x1)
                   | (boxes[:, 3] > y1))
        if keep_out is not None:
            outside |= hits(boxes, keep_out) > 0
        score = (100 * outside + 30 * hits(boxes, marks.boxes) + 30 * hits(boxes, placed)
                 + 4 * crossing)
        best = int(np.argmin(score))  # the nearest of the clearest
        placed = np.vstack([placed, boxes[best]])
        out.append((area, float(cx[best]), float(cy[best])))
    return out


def draw_area_names(
    ax: Axes, lon: np.ndarray, lat: np.ndarray, names: Sequence[str], marks: RouteMarks,
    *, keep_out: np.ndarray | None = None,
) -> None:
    """Name the stops' municipalities on the day's map (small grey type on a white halo, so
    an outline under it does not cross the letters)."""
    if len(lon) == 0:
        return
    scale = ax.figure.dpi / 72
    to_data = ax.transData.inverted()
    halo = [patheffects.withStroke(linewidth=2.2, foreground="white")]
    places = area_places(ax, lon, lat, names, marks, keep_out=keep_out)
    for area, px, py in places:  # points → the map's degrees
        at = to_data.transform((px * scale, py * scale))
        x, y = float(at[0]), float(at[1])
        # the halo is drawn as outlines; the name over it stays text (found by a PDF search)
        ax.text(x, y, area, fontsize=AREA_SIZE, ha="center", va="center", color="white",
                zorder=2.4, path_effects=halo, gid="area-halo")
        ax.text(x, y, area, fontsize=AREA_SIZE, ha="center", va="center", color=AREA_COLOUR,
                zorder=2.5, gid="area-name")


def draw_territory_names(
    ax: Axes, lon: np.ndarray, lat: np.ndarray, addresses: Sequence[object],
) -> None:
    """Name the territory's main municipalities (most customers first, at most
    :data:`OVERVIEW_MOST`) on the rep's overview map, as a day's map names its stops', clear
    of what is drawn on it already: the customers' markers, the home star, the boundary's
    line and the legend."""
    names = stop_areas(addresses)
    # as the 担当エリア line under the map orders them: most customers, then by name
    ranked = sorted(Counter(n for n in names if n).items(), key=lambda nk: (-nk[1], nk[0]))
    main = {n for n, k in ranked[:OVERVIEW_MOST] if k >= OVERVIEW_LEAST}
    legend = ax.get_legend()
    keep_out = (np.asarray(legend.get_window_extent().extents).reshape(1, 4)
                * (72 / ax.figure.dpi)) if legend is not None else None
    draw_area_names(ax, lon, lat, [n if n in main else "" for n in names], _drawn_marks(ax),
                    keep_out=keep_out)


def _drawn_marks(ax: Axes) -> RouteMarks:
    """What the map shows so far, in points from the figure's corner: each marker's box (of
    the scatters: customers, home star) and each line (the boundary)."""
    boxes = [np.empty((0, 4))]
    for markers in ax.collections:
        if not isinstance(markers, PathCollection):  # (the outline's polygons: no marker)
            continue
        xy = np.asarray(markers.get_offsets(), dtype=float).reshape(-1, 2)
        pts = to_points(ax, xy[:, 0], xy[:, 1])
        half = np.sqrt(np.resize(markers.get_sizes(), len(pts))) / 2  # sizes are points²
        boxes.append(np.column_stack([pts[:, 0] - half, pts[:, 1] - half, pts[:, 0] + half,
                                      pts[:, 1] + half]))
    lines = tuple(to_points(ax, *(np.asarray(v, dtype=float) for v in line.get_data()))
                  for line in ax.lines)
    return RouteMarks(np.vstack(boxes), lines)
