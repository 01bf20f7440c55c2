"""Handing the area a reshaped territory gives up to its neighbours (:func:`reshape_territory`).

A vertex dragged on the map comes back with every coordinate rounded to the page's
precision, so the old boundary minus the new one is not one piece but hundreds of slivers
along the whole ring. Each piece goes to the neighbour sharing the longest border with it.

:func:`hand_over` does this locally: an STRtree finds the few neighbours within reach of
each piece, and the border length is measured against the neighbour's boundary clipped to
the piece's surroundings (buffering a whole territory hundreds of times is what made a
drag freeze the window for seconds at 20,000 customers). Each neighbour is joined with all
its pieces in one union at the end. :func:`hand_over_plain` is the direct version, kept
as the reference the tests and benchmarks compare against.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from planner import model as m

#: Two boundaries closer than this (degrees, about 1 m) share a border.
SHARED_EDGE_DEG = 1e-5
#: A piece shares a border (not a corner) with a neighbour when more than this fraction
#: of its outline lies along it.
_BORDER_SHARE = 0.05
#: Clip margin around a piece, in units of :data:`SHARED_EDGE_DEG`: far enough that the
#: buffer of the cut lines never reaches the piece's outline.
_CLIP_MARGIN = 4.0


def _pieces(given: BaseGeometry) -> list[Any]:
    """The polygons of ``given`` with an area, in order."""
    parts = shapely.get_parts(given)
    return [g for g in parts[shapely.get_type_id(parts) == 3] if g.area > 0]


def hand_over(
    territories: list[m.Territory],
    territory_id: str,
    given: BaseGeometry,
    polygonal: Callable[[Any], BaseGeometry | None],
) -> list[m.Territory]:
    """``territories`` with each piece of the area ``given`` up by ``territory_id`` joined to
    the neighbour sharing the longest border with it (``polygonal`` cleans each joined
    boundary); the choices of :func:`hand_over_plain`, worked out only near each piece."""
    pieces = _pieces(given)
    keys = [k for k, t in enumerate(territories) if t.id != territory_id and t.boundary is not None]
    if not pieces or not keys:
        return territories
    bounds = np.array([territories[k].boundary for k in keys])
    # boxes around the pieces: a neighbour outside a box shares no border with its piece
    reach = shapely.box(*(shapely.bounds(pieces) + np.array([-1, -1, 1, 1]) * SHARED_EDGE_DEG).T)
    near_i, near_k = shapely.STRtree(bounds).query(reach)
    static: list[list[int]] = [[] for _ in pieces]
    for i, j in zip(near_i.tolist(), near_k.tolist(), strict=True):
        static[i].append(keys[j])
    # pieces near each other: an earlier piece joined to a neighbour extends its border
    pa, pb = shapely.STRtree(pieces).query(reach)
    earlier: list[list[int]] = [[] for _ in pieces]
    for a, b in zip(pa.tolist(), pb.tolist(), strict=True):
        if b < a:
            earlier[a].append(b)
    owner = [-1] * len(pieces)
    joined: dict[int, list[int]] = {}
    margin = _CLIP_MARGIN * SHARED_EDGE_DEG
    for i, piece in enumerate(pieces):
        edge = piece.boundary
        cands = set(static[i])
        cands.update(owner[j] for j in earlier[i] if owner[j] >= 0)
        if not cands:
            continue
        x0, y0, x1, y1 = shapely.bounds(piece)
        box = (x0 - margin, y0 - margin, x1 + margin, y1 + margin)
        best, best_length = -1, 0.0
        for k in sorted(cands):  # the plain version's order: ties go to the first
            local = [shapely.clip_by_rect(territories[k].boundary, *box)]
            local += [pieces[j] for j in earlier[i] if owner[j] == k]
            area = local[0] if len(local) == 1 else shapely.union_all(local)
            if shapely.is_empty(area):
                continue
            length = shapely.intersection(edge, shapely.buffer(area, SHARED_EDGE_DEG)).length
            if length > best_length and length > _BORDER_SHARE * edge.length:
                best, best_length = k, length
        if best >= 0:
            owner[i] = best
            joined.setdefault(best, []).append(i)
    for k, mine in joined.items():
        t = territories[k]
        whole = shapely.union(t.boundary, shapely.union_all([pieces[i] for i in mine]))
        territories[k] = t.replace(boundary=polygonal(whole))
    return territories


def hand_over_plain(
    territories: list[m.Territory],
    territory_id: str,
    given: BaseGeometry,
    polygonal: Callable[[Any], BaseGeometry | None],
) -> list[m.Territory]:
    """The direct version of :func:`hand_over`: every piece measured against the buffer
    of every neighbour's whole boundary, joined one piece at a time."""
    pieces = _pieces(given)
    near = {
        k: t.boundary.buffer(SHARED_EDGE_DEG)
        for k, t in enumerate(territories)
        if pieces and t.id != territory_id and t.boundary is not None
    }
    for piece in pieces:
        edge = piece.boundary
        best, best_length = -1, 0.0
        for k, zone in near.items():
            length = shapely.intersection(edge, zone).length
            if length > best_length and length > _BORDER_SHARE * edge.length:
                best, best_length = k, length
        if best >= 0:
            t = territories[best]
            joined = polygonal(shapely.union(t.boundary, piece))
            territories[best] = t.replace(boundary=joined)
            near[best] = shapely.buffer(joined, SHARED_EDGE_DEG)
    return territories
