"""Colours of neighbouring territories told apart: after a fresh design, two territories that
share a border never keep two near-identical colours (a 60-rep plan gave two neighbours
#7b68ee and #8d6df2, which read as one area on the map and the hand-outs).

The territories keep the colours they have as a set; a territory whose colour is too close to
a neighbour's swaps colours with another territory while that lowers the clashes (a rep's
colour changes only to settle one). Whether two territories are neighbours is read off the
customers: an edge of their Delaunay graph joins one customer of each.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import shapely
from shapely.geometry.base import BaseGeometry

from planner import model as m
from planner._design_graph import _delaunay_pairs, project_km

#: Colours at least this far apart (CIE76 ΔE in Lab) are told apart at a glance.
DISTINCT = 25.0


def lab(color: str) -> np.ndarray:
    """``#rrggbb`` in CIE L*a*b* (sRGB, D65 white)."""
    rgb = np.array([int(color[i:i + 2], 16) for i in (1, 3, 5)], dtype=float) / 255.0
    rgb = np.where(rgb > 0.04045, ((rgb + 0.055) / 1.055) ** 2.4, rgb / 12.92)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ rgb / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def neighbours(plan: m.Plan) -> list[set[int]]:
    """For each territory (by its position in ``plan.territories``), the territories whose
    customers lie next to its own."""
    k = len(plan.territories)
    c = plan.customers
    code = pd.Index(plan.territory_ids).get_indexer(c[m.TERRITORY].to_numpy(dtype=object))
    ok = (code >= 0) & m.located_mask(c)
    out: list[set[int]] = [set() for _ in range(k)]
    if ok.sum() < 3:
        return out
    xy = project_km(c[m.LAT].to_numpy(dtype=float)[ok], c[m.LON].to_numpy(dtype=float)[ok])
    a, b = _delaunay_pairs(xy)
    ta, tb = code[ok][a], code[ok][b]
    for x, y in {(int(p), int(q)) for p, q in zip(ta, tb, strict=True) if p != q}:
        out[x].add(y)
        out[y].add(x)
    return out


def contrasting(plan: m.Plan) -> m.Plan:
    """``plan`` with its territories' colours shared out so that neighbours differ (see the
    module docstring); a territory whose colour already stands apart keeps it."""
    terrs = plan.territories
    k = len(terrs)
    if k < 2 or not all(_is_hex(t.color) for t in terrs):
        return plan
    near = [sorted(n) for n in neighbours(plan)]
    labs = np.array([lab(t.color) for t in terrs])
    apart = np.linalg.norm(labs[:, None, :] - labs[None, :, :], axis=2)  # colour × colour
    clash = np.maximum(0.0, DISTINCT - apart) ** 2  # the price of two neighbours' colours
    colour = list(range(k))  # territory i wears colour colour[i]; at first its own

    def cost(i: int, c: int) -> float:
        """Territory ``i`` in colour ``c`` beside its neighbours as they are (1 to leave its
        own colour: a rep's colour changes only to settle a clash)."""
        return float(sum(clash[c, colour[j]] for j in near[i])) + (c != i)

    for _round in range(50):  # swap two territories' colours while that lowers the price
        better = False
        for i in range(k):
            if colour[i] == i and cost(i, i) == 0:
                continue  # no clash: a swap with it would be the other one's to make
            for j in range(k):
                a, b = colour[i], colour[j]
                if i == j:
                    continue
                now = cost(i, a) + cost(j, b)
                colour[i], colour[j] = b, a
                if cost(i, b) + cost(j, a) < now - 1e-9:
                    better = True
                else:
                    colour[i], colour[j] = a, b
        if not better:
            break
    if colour == list(range(k)):
        return plan
    return plan.replace(territories=tuple(
        t.replace(color=terrs[colour[i]].color) for i, t in enumerate(terrs)))


def free_colour(plan: m.Plan, *, near: BaseGeometry | None = None,
                beside: Iterable[str] = ()) -> str:
    """A colour no territory of ``plan`` wears for a new territory: of the palette's free
    ones, the one farthest from the colours it will be seen beside — ``beside`` and those of
    the territories whose boundary meets ``near`` (its area) — so that half of a split red
    territory is not dark red; the first free one when it has no neighbours to stand apart
    from."""
    used = {t.color for t in plan.territories}
    free = [c for c in m.PALETTE if c not in used] or [m.palette_color(len(plan.territories))]
    others = [c for c in beside if _is_hex(c)]
    if near is not None and not near.is_empty:
        reach = shapely.buffer(near, 1e-4)  # about 10 m: borders drawn apart still meet
        others += [t.color for t in plan.territories
                   if t.boundary is not None and _is_hex(t.color) and t.boundary.intersects(reach)]
    if not others or len(free) == 1:
        return free[0]
    labs = np.array([lab(c) for c in others])
    return max(free, key=lambda c: float(np.linalg.norm(labs - lab(c), axis=1).min()))


def _is_hex(color: str) -> bool:
    return len(color) == 7 and color.startswith("#") and all(
        ch in "0123456789abcdefABCDEF" for ch in color[1:])
