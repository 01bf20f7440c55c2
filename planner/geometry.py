"""Territory geometry: point-in-polygon assignment, reshaping a boundary, boundaries from assignments.

All vectorised with shapely 2's array functions. Boundaries are Polygon/MultiPolygon
in lon/lat (EPSG:4326); work that needs distances (buffers, Voronoi cells) happens in
local equirectangular kilometres and is transformed back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from planner import _hand_over
from planner import model as m
from planner.errors import PlannerError
from planner.i18n import tr

KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320
#: How far (km) a boundary derived from assignments reaches beyond the customers.
BOUNDARY_BUFFER_KM = 2.5
#: Grid (km) on which customers are snapped before buffering (keeps the union cheap).
_COVER_GRID_KM = 0.5
#: A drawn territory joined along long links (see _bridged) fills its holes up to this many
#: times the square of the margin (12.6: a disc of twice the margin, 79 km² at 2.5 km).
_HOLE_KM2 = 12.6


def polygonal(geometry: BaseGeometry | None) -> BaseGeometry | None:
    """The valid polygonal part of ``geometry`` (None when nothing is left)."""
    if geometry is None or shapely.is_empty(geometry):
        return None
    geometry = shapely.make_valid(geometry)
    parts = shapely.get_parts(geometry)
    keep = parts[np.isin(shapely.get_type_id(parts), (3, 6))]  # Polygon, MultiPolygon
    if len(keep) == 0:
        return None
    out = keep[0] if len(keep) == 1 else shapely.union_all(keep)
    if shapely.is_empty(out) or shapely.area(out) <= 0:
        return None
    return out


def assign_by_polygons(
    lat: Sequence[float] | np.ndarray,
    lon: Sequence[float] | np.ndarray,
    polygons: Sequence[BaseGeometry | None],
) -> np.ndarray:
    """Index into ``polygons`` of the polygon holding each point, -1 for none.

    Points on an edge count as inside; where polygons overlap the first one wins.
    Points are sorted by longitude once; each polygon's bounding box then picks its
    candidates by binary search, so the exact test only sees the few points near it.
    """
    la = np.asarray(lat, dtype=float).ravel()
    lo = np.asarray(lon, dtype=float).ravel()
    if la.shape != lo.shape:
        raise PlannerError(tr("Latitudes and longitudes differ in number."))
    located = np.flatnonzero(np.isfinite(la) & np.isfinite(lo))
    order = located[np.argsort(lo[located], kind="stable")]
    lo_s, la_s = lo[order], la[order]  # points by longitude, contiguous
    found = np.full(len(order), -1, dtype=np.int64)
    for k, poly in enumerate(polygons):
        if poly is None or shapely.is_empty(poly):
            continue
        minx, miny, maxx, maxy = shapely.bounds(poly)
        start = int(np.searchsorted(lo_s, minx, side="left"))
        stop = int(np.searchsorted(lo_s, maxx, side="right"))
        band = la_s[start:stop]
        cand = np.flatnonzero((band >= miny) & (band <= maxy) & (found[start:stop] < 0)) + start
        if len(cand) == 0:
            continue
        shapely.prepare(poly)
        found[cand[shapely.intersects_xy(poly, lo_s[cand], la_s[cand])]] = k
    out = np.full(len(la), -1, dtype=np.int64)
    out[order] = found
    return out


@dataclass(frozen=True)
class ReshapeResult:
    """The territories after a reshape and the customers whose territory changed."""

    territories: tuple[m.Territory, ...]
    customer_ids: tuple[str, ...]
    new_territories: tuple[str, ...]  # the new territory id of each customer ("" = unassigned)


def reshape_territory(plan: m.Plan, territory_id: str, new_polygon: BaseGeometry) -> ReshapeResult:
    """Give ``territory_id`` the boundary ``new_polygon``; trim neighbours and move customers.

    Neighbouring boundaries lose the new shape (territories never overlap). The area the
    territory gives up goes, piece by piece, to the neighbour sharing the longest border
    with the piece, so a boundary between two reps moves as one line (a piece on the outer
    edge, touching no neighbour, goes to no one). Only the customers between the old and the
    new line change territory: every unlocked customer in the area gained joins the
    territory; its customers in the area given up go to the neighbour whose polygon holds
    them, else become unassigned. A customer the manager put in another territory than its
    polygon's (Assign selection) keeps it while the line does not cross it. Locked customers
    never move. (A territory without a boundary yet takes every customer inside the new
    shape and gives up its customers outside it.)
    """
    try:
        plan.territory(territory_id)
    except KeyError:
        raise PlannerError(tr("Unknown territory: {id}.", id=territory_id)) from None
    if not isinstance(new_polygon, BaseGeometry):
        raise PlannerError(tr("The new boundary is not a shape."))
    shape = polygonal(new_polygon)
    if shape is None:
        raise PlannerError(tr("The new boundary must enclose an area."))
    territories = []
    for t in plan.territories:
        if t.id == territory_id:
            territories.append(t.replace(boundary=shape))
        elif t.boundary is not None and shapely.intersects(t.boundary, shape):
            territories.append(t.replace(boundary=polygonal(shapely.difference(t.boundary, shape))))
        else:
            territories.append(t)
    old = plan.territory(territory_id).boundary
    if old is not None:
        given = shapely.difference(old, shape)
        territories = _hand_over.hand_over(territories, territory_id, given, polygonal)
    customers = plan.customers
    lat = customers[m.LAT].to_numpy(dtype=float)
    lon = customers[m.LON].to_numpy(dtype=float)
    current = customers[m.TERRITORY].to_numpy(dtype=object)
    unlocked = ~customers[m.LOCKED].to_numpy(dtype=bool)
    new = current.copy()
    inside = assign_by_polygons(lat, lon, [shape]) == 0
    if old is None:
        was_inside = np.zeros(len(customers), dtype=bool)
        given_up = ~inside
    else:
        was_inside = assign_by_polygons(lat, lon, [old]) == 0
        given_up = was_inside & ~inside
    new[inside & ~was_inside & unlocked] = territory_id
    leaving = np.flatnonzero((current == territory_id) & given_up & unlocked)
    if len(leaving):
        others = [t for t in territories if t.id != territory_id]
        where = assign_by_polygons(lat[leaving], lon[leaving], [t.boundary for t in others])
        ids = np.array([t.id for t in others] + [""], dtype=object)
        new[leaving] = ids[where]  # -1 picks the trailing ""
    changed = np.flatnonzero(new != current)
    cid = customers[m.CUSTOMER_ID].to_numpy(dtype=object)
    return ReshapeResult(
        territories=tuple(territories),
        customer_ids=tuple(cid[changed].tolist()),
        new_territories=tuple(new[changed].tolist()),
    )


def _to_km(lat: np.ndarray, lon: np.ndarray, lat0: float) -> tuple[np.ndarray, np.ndarray]:
    return lon * KM_PER_DEG_LON * np.cos(np.radians(lat0)), lat * KM_PER_DEG_LAT


def _from_km(geometry: Any, lat0: float) -> Any:
    scale = np.array([1.0 / (KM_PER_DEG_LON * np.cos(np.radians(lat0))), 1.0 / KM_PER_DEG_LAT])
    return shapely.transform(geometry, lambda xy: xy * scale)


def boundaries_from_assignment(
    plan: m.Plan,
    *,
    buffer_km: float = BOUNDARY_BUFFER_KM,
    step: Callable[[float], object] | None = None,
) -> tuple[m.Territory, ...]:
    """The territories with boundaries drawn around their customers (a partition, no overlaps).

    Each located, assigned customer gets its Voronoi cell (duplicate positions count
    once, for the first customer there); cells are dissolved per territory and clipped
    to ``buffer_km`` around all customers, so boundaries stay off open water and empty
    land far from any customer. Territories without located customers get no boundary.
    ``step`` is told the share done (0–1) as the work goes (a few seconds at 100,000).
    """
    def done(share: float) -> None:
        if step is not None:
            step(share)

    if not buffer_km > 0:
        raise PlannerError(tr("The boundary margin must be a positive distance."))
    customers = plan.customers
    ids = pd.Index(plan.territory_ids)
    codes = ids.get_indexer(customers[m.TERRITORY].to_numpy(dtype=object))
    lat = customers[m.LAT].to_numpy(dtype=float)
    lon = customers[m.LON].to_numpy(dtype=float)
    ok = (codes >= 0) & np.isfinite(lat) & np.isfinite(lon)
    if not ok.any():
        return tuple(t.replace(boundary=None) for t in plan.territories)
    lat0 = float(np.mean(lat[ok]))
    x, y = _to_km(lat[ok], lon[ok], lat0)
    codes = codes[ok]
    # one point per distinct position (1 cm), the first customer's territory wins
    key = np.round(np.column_stack([x, y]) * 1e5).astype(np.int64)
    first = np.flatnonzero(~pd.DataFrame(key).duplicated().to_numpy())  # hash-based, O(n)
    px, py, pc = x[first], y[first], codes[first]
    cover = _coverage_km(px, py, buffer_km)
    done(0.25)
    if len(px) == 1:
        cells = np.array([cover], dtype=object)
    else:
        envelope = shapely.buffer(shapely.envelope(cover), buffer_km)
        cells = shapely.get_parts(
            shapely.voronoi_polygons(shapely.multipoints(np.column_stack([px, py])),
                                     extend_to=envelope, ordered=True)
        )  # fmt: skip
    done(0.55)
    out = []
    links = None  # the Delaunay edges, when a territory needs them (_bridged)
    for k, t in enumerate(plan.territories):
        done(0.55 + 0.45 * k / len(plan.territories))
        mine = cells[pc == k]
        if len(mine) == 0:
            out.append(t.replace(boundary=None))
            continue
        region = shapely.coverage_union_all(mine) if len(mine) > 1 else mine[0]
        region = shapely.intersection(shapely.make_valid(region), cover)
        if shapely.get_num_geometries(region) > 1 and len(px) > 1:  # sparse: cover in pieces
            links = _neighbour_links(px, py) if links is None else links
            region = _bridged(region, cells, pc == k, links, px, py, buffer_km)
        out.append(t.replace(boundary=polygonal(_from_km(region, lat0))))
    return tuple(out)


def _bridged(
    region: BaseGeometry,
    cells: np.ndarray,
    mine: np.ndarray,
    links: tuple[np.ndarray, np.ndarray],
    x: np.ndarray,
    y: np.ndarray,
    buffer_km: float,
) -> BaseGeometry:
    """``region`` joined into one piece where its customers are neighbours: a strip along
    each link of the shortest tree of neighbour links (:func:`_neighbour_links`) holding its
    customers (``mine``, bool per point) together that is longer than the cover bridges, bent
    through the middle of the two customers' common Voronoi edge so it stays inside their own
    cells (a territory cut by another's customers stays in pieces)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import minimum_spanning_tree

    a, b = links
    a, b = a[mine[a] & mine[b]], b[mine[a] & mine[b]]
    # the shortest links that hold its customers together (no chord across a bay)
    n = len(x)
    tree = minimum_spanning_tree(coo_matrix(
        (np.hypot(x[a] - x[b], y[a] - y[b]) + 1e-9, (a, b)), shape=(n, n)).tocsr()).tocoo()
    a, b = tree.row.astype(np.int64), tree.col.astype(np.int64)
    keep = np.hypot(x[a] - x[b], y[a] - y[b]) > 1.5 * buffer_km
    a, b = a[keep], b[keep]
    if not len(a):
        return region
    shared = shapely.intersection(cells[a], cells[b])
    ok = ~shapely.is_empty(shared)
    if not ok.any():
        return region
    a, b, shared = a[ok], b[ok], shared[ok]
    halfway = shapely.points((x[a] + x[b]) / 2, (y[a] + y[b]) / 2)
    middle = shapely.get_point(shapely.shortest_line(shared, halfway), 0)
    # a common edge far off the link (an obtuse triangle): the straight link instead
    far = shapely.distance(middle, halfway) > 0.25 * np.hypot(x[a] - x[b], y[a] - y[b])
    middle = np.where(far, halfway, middle)
    mx, my = shapely.get_x(middle), shapely.get_y(middle)
    path = np.stack([np.column_stack([x[a], y[a]]), np.column_stack([mx, my]),
                     np.column_stack([x[b], y[b]])], axis=1)
    strips = shapely.union_all(shapely.buffer(shapely.linestrings(path), buffer_km * 0.5,
                                              quad_segs=4))
    own = shapely.make_valid(
        shapely.coverage_union_all(cells[mine]) if mine.sum() > 1 else cells[mine][0]
    )
    joined = polygonal(shapely.intersection(shapely.union(region, strips), own))
    if joined is None:
        return region
    # the strips' small loops (not a bay's worth) filled, where the cells are its own
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(joined)
             for ring in part.interiors]
    small = [h for h in holes if h.area <= _HOLE_KM2 * buffer_km**2]
    if not small:
        return joined
    return shapely.intersection(shapely.union_all([joined, *small]), own)


def _neighbour_links(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The neighbour links (index pairs) of the points, as the designer judges contiguity
    (:func:`planner._design_graph.neighbour_graph`: no long links across the hull)."""
    from planner._design_graph import neighbour_graph

    u, v = neighbour_graph(np.column_stack([x, y])).edges()
    return u[u < v], v[u < v]


def _coverage_km(x: np.ndarray, y: np.ndarray, buffer_km: float) -> BaseGeometry:
    """Union of ``buffer_km`` discs around the points (snapped to a fine grid first)."""
    cells = pd.DataFrame(np.round(np.column_stack([x, y]) / _COVER_GRID_KM)).drop_duplicates()
    grid = cells.to_numpy() * _COVER_GRID_KM
    discs = shapely.buffer(shapely.points(grid), buffer_km + _COVER_GRID_KM, quad_segs=4)
    return shapely.union_all(discs)


def principal_axis(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit vector of the weighted principal axis and the weighted centre."""
    centre = np.array([np.average(x, weights=w), np.average(y, weights=w)])
    d = np.column_stack([x - centre[0], y - centre[1]])
    cov = (d * w[:, None]).T @ d / w.sum()
    values, vectors = np.linalg.eigh(cov)
    axis = vectors[:, int(np.argmax(values))]
    if values.max() <= 0:
        axis = np.array([1.0, 0.0])
    return axis, centre


def split_by_line(
    boundary: BaseGeometry | None, centre: np.ndarray, axis: np.ndarray, cut: float, lat0: float
) -> tuple[BaseGeometry | None, BaseGeometry | None]:
    """Cut a lon/lat boundary into (near side, far side) of a straight line.

    The line lies in local kilometres about ``lat0`` (see :func:`principal_axis`):
    perpendicular to unit vector ``axis``, ``cut`` km from ``centre`` along it.
    """
    if boundary is None:
        return None, None
    far = 2000.0  # km: beyond any territory
    normal = np.array([-axis[1], axis[0]])
    base = centre + axis * cut
    corners = np.array(
        [base + normal * far, base - normal * far,
         base - normal * far + axis * far, base + normal * far + axis * far]
    )  # fmt: skip
    lon = corners[:, 0] / (KM_PER_DEG_LON * np.cos(np.radians(lat0)))
    lat = corners[:, 1] / KM_PER_DEG_LAT
    half_plane = shapely.Polygon(np.column_stack([lon, lat]))
    return (
        polygonal(shapely.difference(boundary, half_plane)),
        polygonal(shapely.intersection(boundary, half_plane)),
    )
