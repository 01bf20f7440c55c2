"""Territory areas that follow a hand assignment: the moved customers' cells change hands.

When the manager assigns customers to another territory in the window
(:class:`AssignWithAreas`), the drawn areas follow locally: each moved customer's own Voronoi
cell, among the located customers as :func:`planner.geometry.boundaries_from_assignment`
draws them and clipped to the same coverage (discs around the customers), is cut from the
territories the customers move between and added to the receiving territory's boundary. Every
other territory's boundary stays exactly as it is (the added cells leave out what they hold
of it); a territory without a drawn boundary gets none, and customers taken out of every
territory leave their cells to no one. The cells come from the customers near the moved ones
only (a k-d tree neighbourhood, widened until every cell is exact: Voronoi, Okabe et al.
2000), so an assignment at 100,000 customers stays quick. The design, the monthly update and
the other callers of :class:`planner.edits.AssignCustomers` keep the areas as they are.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from planner import model as m
from planner._edit_base import Changes, Edit, applies, apply_edit
from planner.geometry import (
    _COVER_GRID_KM,
    BOUNDARY_BUFFER_KM,
    _from_km,
    _to_km,
    polygonal,
)

log = logging.getLogger(__name__)

#: The coverage's discs as :func:`planner.geometry._coverage_km` draws them (16-gons).
_QUAD_SEGS = 4
#: Parts and holes smaller than this (degrees², about 1 m²) are the rounding's slivers where a
#: cell's edge meets a boundary drawn from the same cells: dropped.
_SLIVER_DEG2 = 1e-10
#: Neighbours asked for first around each moved customer (widened while a cell is not exact).
_FIRST_K = 24
#: When the first neighbourhoods hold this share of the customers, the diagram takes them all.
_WHOLE_SHARE = 0.5
#: More customers moved at once than this (thousands of rows of a filtered list given to one
#: rep, scattered over the plan: thousands of islands, 10 s at 100,000 customers) leave the
#: areas as they are; a lasso across a border is far below it.
MAX_FOLLOWED = 5_000


@dataclass(frozen=True)
class AssignWithAreas(Edit):
    """Put customers into territories by hand (as :class:`planner.edits.AssignCustomers`), the
    drawn areas following them: the moved customers' cells go to the receiving territory."""

    customer_ids: tuple[str, ...]
    territories: tuple[str, ...]

    @classmethod
    def to(cls, customer_ids: Any, territory: str) -> AssignWithAreas:
        ids = tuple(customer_ids)
        return cls(ids, (territory,) * len(ids))

    def _assign(self) -> Edit:
        from planner.edits import AssignCustomers

        return AssignCustomers(self.customer_ids, self.territories)

    def describe(self) -> str:
        return self._assign().describe()

    def describe_for(self, plan: m.Plan) -> str:
        return self._assign().describe_for(plan)

    def without_no_ops(self, plan: m.Plan) -> AssignWithAreas:
        kept = self._assign().without_no_ops(plan)
        ids, into = getattr(kept, "customer_ids"), getattr(kept, "territories")  # noqa: B009
        return AssignWithAreas(tuple(ids), tuple(into))

    def replays_on_redo(self) -> bool:
        return True  # redo gives back the very boundaries the first time drew, at no cost


@applies(AssignWithAreas)
def _assign_with_areas(plan: m.Plan, edit: AssignWithAreas) -> tuple[m.Plan, Edit, Changes]:
    from planner.edits import Batch, SetTerritories

    assigned, inverse, changes = apply_edit(plan, edit._assign())
    if assigned is plan:
        return plan, inverse, changes
    try:
        territories = followed_territories(plan, assigned)
    except shapely.errors.GEOSException:  # a shape GEOS cannot cut: the areas stay as they are
        log.exception("the areas could not follow the assignment")
        territories = None
    if territories is None:
        return assigned, inverse, changes
    done, back, drawn = apply_edit(assigned, SetTerritories(territories))
    return done, Batch((back, inverse), edit.describe()), changes | drawn


def followed_territories(
    before: m.Plan, after: m.Plan, *, buffer_km: float = BOUNDARY_BUFFER_KM
) -> tuple[m.Territory, ...] | None:
    """``after``'s territories with their boundaries following the customers whose territory
    changed since ``before`` (the same customers, in the same order); None when no boundary
    changes (no drawn boundaries, no located customer moved)."""
    if all(t.boundary is None for t in after.territories):
        return None
    c0, c1 = before.customers, after.customers
    old = c0[m.TERRITORY].fillna("").astype(str).to_numpy(dtype=object)
    new = c1[m.TERRITORY].fillna("").astype(str).to_numpy(dtype=object)
    lat = c1[m.LAT].to_numpy(dtype=float)
    lon = c1[m.LON].to_numpy(dtype=float)
    # the points as either plan's boundaries_from_assignment takes them: located, assigned
    rows = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon) & ((old != "") | (new != "")))
    if not (old[rows] != new[rows]).any():
        return None
    lat0 = float(np.mean(lat[rows]))
    x, y = _to_km(lat[rows], lon[rows], lat0)
    key = np.round(np.column_stack([x, y]) * 1e5).astype(np.int64)
    first = np.flatnonzero(~pd.DataFrame(key).duplicated().to_numpy())  # a position's first
    xy = np.column_stack([x[first], y[first]])
    here = rows[first]
    moving = np.flatnonzero(old[here] != new[here])
    if not len(moving) or len(moving) > MAX_FOLLOWED:
        return None  # only customers sharing another's position (that one's cell stays), or
        # too many at once: the areas as they are
    cells, groups = moved_cells(xy, moving, buffer_km)
    return _handed(after.territories, _from_km(cells, lat0), groups, old[here[moving]],
                   new[here[moving]])


def _handed(
    territories: Sequence[m.Territory],
    cells: np.ndarray,
    groups: np.ndarray,
    sources: np.ndarray,
    targets: np.ndarray,
) -> tuple[m.Territory, ...] | None:
    """The territories with ``cells`` (lon/lat; ``groups``: see :func:`moved_cells`) cut
    from those they move between and added to their targets' (a territory without a
    boundary keeps none; the others stay as they are)."""
    keep = ~shapely.is_empty(cells)
    cells, groups = cells[keep], groups[keep]
    sources, targets = sources[keep], targets[keep]
    if not len(cells):
        return None
    involved = (set(sources) | set(targets)) - {""}
    gains = {t: _union(cells[targets == t], groups[targets == t])
             for t in set(targets) - {""}}
    pieces = shapely.get_parts(_union(cells, groups))
    index = shapely.STRtree(pieces)
    others = np.array([t.boundary for t in territories
                       if t.id not in involved and t.boundary is not None], dtype=object)
    near = others[np.unique(index.query(others, predicate="intersects")[0])] if len(
        others) else others
    untouched = shapely.union_all(near) if len(near) else None
    out = []
    changed = False
    for t in territories:
        if t.id not in involved or t.boundary is None:
            out.append(t)
            continue
        area = t.boundary
        hit = index.query(area, predicate="intersects")
        if len(hit):  # only the cells near it cut it (a few of thousands spread out)
            area = shapely.difference(area, shapely.MultiPolygon(list(pieces[hit]))
                                      if len(hit) > 1 else pieces[hit[0]])
        add = gains.get(t.id)
        if add is not None:
            if untouched is not None:
                add = shapely.difference(add, untouched)
            area = shapely.union(area, add)
        if area is t.boundary:
            out.append(t)
            continue
        out.append(t.replace(boundary=_tidy(area)))
        changed = True
    return tuple(out) if changed else None


def _union(cells: np.ndarray, groups: np.ndarray) -> BaseGeometry:
    """The union of Voronoi cells, as a coverage (edges shared exactly: ten times as quick as
    any shapes). When the clipping or the two diagrams left edges that do not match: each
    group's cells (one diagram's cells left whole, or cut by their squares), then only the
    pieces of the groups that touch joined as any shapes."""
    kinds = np.unique(groups)
    joined = _coverage_union(cells) if len(kinds) == 1 else None  # else it fails: skip it
    if joined is not None:
        return joined
    pieces: np.ndarray | None = None
    for g in kinds:
        mine = cells[groups == g]
        union = (None if len(kinds) == 1 else _coverage_union(mine)) if len(mine) > 1 else mine[0]
        parts = shapely.get_parts(shapely.union_all(mine) if union is None else union)
        pieces = parts if pieces is None else _merged(pieces, parts)
    assert pieces is not None
    pieces = pieces[shapely.get_type_id(pieces) == 3]
    return pieces[0] if len(pieces) == 1 else shapely.MultiPolygon(list(pieces))


def _merged(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The polygons of two unions joined: only the pieces of one touching the other's."""
    ia, ib = shapely.STRtree(b).query(a, predicate="intersects")
    if not len(ia):
        return np.concatenate([a, b])
    touching = shapely.get_parts(shapely.union_all(np.concatenate([a[np.unique(ia)],
                                                                   b[np.unique(ib)]])))
    return np.concatenate([np.delete(a, ia), np.delete(b, ib), touching])


def _coverage_union(cells: np.ndarray) -> BaseGeometry | None:
    """The union of cells whose shared edges match exactly; None when they do not (GEOS
    refuses, or the union comes out invalid)."""
    try:
        joined = shapely.coverage_union_all(cells)
    except shapely.errors.GEOSException:
        return None
    return joined if shapely.is_valid(joined) else None


def _tidy(geometry: BaseGeometry) -> BaseGeometry | None:
    """The polygonal part of ``geometry`` without the slivers the rounding leaves (parts and
    holes under :data:`_SLIVER_DEG2`)."""
    if geometry is None or shapely.is_empty(geometry):
        return None
    if not shapely.is_valid(geometry):
        return _tidy_parts(polygonal(geometry))
    parts = shapely.get_parts(geometry)
    if not (shapely.get_type_id(parts) == 3).all():  # a line or a point beside the area
        return _tidy_parts(polygonal(geometry))
    return _tidy_parts(geometry)


def _tidy_parts(shape: BaseGeometry | None) -> BaseGeometry | None:
    if shape is None:
        return None
    parts = shapely.get_parts(shape)
    big = parts[shapely.area(parts) > _SLIVER_DEG2]
    if not len(big):
        return None
    kept = big.copy()
    for i in np.flatnonzero(shapely.get_num_interior_rings(big) > 0):
        part = big[i]
        holes = [ring for ring in part.interiors if shapely.Polygon(ring).area > _SLIVER_DEG2]
        if len(holes) < len(part.interiors):
            kept[i] = shapely.Polygon(part.exterior, holes)
    if len(big) == len(parts) and all(k is p for k, p in zip(kept, parts, strict=True)):
        return shape
    return kept[0] if len(kept) == 1 else shapely.MultiPolygon(list(kept))


def moved_cells(
    xy: np.ndarray, moving: np.ndarray, buffer_km: float
) -> tuple[np.ndarray, np.ndarray]:
    """The Voronoi cells (km) of the points ``xy[moving]`` among all of ``xy`` (distinct
    positions), clipped to the coverage of :func:`planner.geometry._coverage_km`, and the
    group of each: 2 × its diagram (0 or 1) + whether its square cut it.

    A covered place lies within ``reach`` of a customer (the disc's radius and the grid's
    snap), so within ``reach`` of the customer whose cell holds it: each cell is cut to the
    square of half-side ``reach`` around its customer. A cell computed from the ``k`` nearest
    customers (diagram 0) is exact once no customer left out is nearer than twice its
    farthest corner (a farther one's bisector cannot cross it); the others are computed once
    more (diagram 1) among the customers within twice their farthest corner, which holds
    them exact (a cell only shrinks when customers join). The cells of one diagram share
    their edges exactly.
    """
    from scipy.spatial import cKDTree

    n = len(xy)
    radius = buffer_km + _COVER_GRID_KM
    reach = radius + _COVER_GRID_KM * np.sqrt(0.5)
    pts = xy[moving]
    square = shapely.box(pts[:, 0] - reach, pts[:, 1] - reach, pts[:, 0] + reach,
                         pts[:, 1] + reach)
    tree = cKDTree(xy)
    k = min(n, _FIRST_K)
    dist, near = tree.query(pts, k=k)
    dist, near = dist.reshape(len(pts), -1), near.reshape(len(pts), -1)
    subset = np.unique(near)
    if len(subset) > _WHOLE_SHARE * n:  # customers spread all over: every one, exact at once
        subset, k = np.arange(n), n
    cells, boxed = _boxed(_voronoi(xy, subset, moving, reach), square)
    far = _farthest(cells, pts)
    diagrams = np.zeros(len(moving), dtype=np.int64)
    loose = np.flatnonzero(2 * far > dist[:, -1]) if k < n else np.zeros(0, dtype=np.int64)
    if len(loose):
        found = tree.query_ball_point(pts[loose], 2 * far[loose])
        wide = np.unique(np.concatenate([np.asarray(f, dtype=np.int64) for f in found]))
        cells[loose], boxed[loose] = _boxed(_voronoi(xy, wide, moving[loose], reach),
                                            square[loose])
        diagrams[loose] = 1
    return _covered(cells, xy, moving, radius, reach), 2 * diagrams + boxed


def _boxed(cells: np.ndarray, square: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The cells cut to their squares, and which ones the squares cut (their edges no longer
    meet their neighbours' exactly)."""
    boxed = ~shapely.within(cells, square)
    out = cells.copy()
    out[boxed] = shapely.intersection(cells[boxed], square[boxed])
    return out, boxed


def _voronoi(xy: np.ndarray, subset: np.ndarray, pts: np.ndarray, reach: float) -> np.ndarray:
    """The Voronoi cells of the points ``pts`` among the points ``subset`` (sorted indices)."""
    if len(subset) == 1:
        return shapely.box(xy[pts, 0] - reach, xy[pts, 1] - reach,
                           xy[pts, 0] + reach, xy[pts, 1] + reach)
    sub = xy[subset]
    lo, hi = sub.min(axis=0) - 2 * reach, sub.max(axis=0) + 2 * reach
    diagram = shapely.voronoi_polygons(shapely.multipoints(sub), extend_to=shapely.box(*lo, *hi),
                                       ordered=True)
    # only the cells wanted taken out of the diagram (not a Python shape for every customer)
    return shapely.get_geometry(np.full(len(pts), diagram, dtype=object),
                                np.searchsorted(subset, pts))


def _farthest(cells: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Each cell's farthest corner's distance from its point (0 for an empty cell)."""
    coords, index = shapely.get_coordinates(cells, return_index=True)
    far = np.zeros(len(cells))
    if len(coords):
        np.maximum.at(far, index, np.hypot(*(coords - centres[index]).T))
    return far


def _covered(
    cells: np.ndarray, xy: np.ndarray, moving: np.ndarray, radius: float, reach: float
) -> np.ndarray:
    """``cells`` within the coverage's discs (radius ``radius`` around the customers'
    positions snapped to the grid). A cell inside its own customer's disc stays whole; the
    others are cut by the union of the discs near them (no farther disc reaches them)."""
    grid = np.round(xy / _COVER_GRID_KM) * _COVER_GRID_KM
    own = grid[moving]
    inner = radius * np.cos(np.pi / (4 * _QUAD_SEGS))  # the 16-gon's inscribed circle
    coords, index = shapely.get_coordinates(cells, return_index=True)
    far = np.zeros(len(cells))
    if len(coords):
        np.maximum.at(far, index, np.hypot(*(coords - own[index]).T))
    loose = np.flatnonzero(far > inner)
    if not len(loose):
        return cells
    from scipy.spatial import cKDTree

    centres = pd.DataFrame(np.round(xy / _COVER_GRID_KM)).drop_duplicates().to_numpy()
    centres = centres * _COVER_GRID_KM
    found = cKDTree(centres).query_ball_point(xy[moving[loose]], 2 * reach)
    nearby = np.unique(np.concatenate([np.asarray(f, dtype=np.int64) for f in found]))
    discs = shapely.buffer(shapely.points(centres[nearby]), radius, quad_segs=_QUAD_SEGS)
    cover = shapely.union_all(discs)
    shapely.prepare(cover)
    out = cells.copy()
    out[loose] = shapely.intersection(cells[loose], cover)
    return out
