"""Which territory's area a position lies in, and the customers a new position took into
another territory's area (a shop moved from 渋谷 to 練馬 that still belongs to 東京エリア).

A customer keeps its territory when it gets a new position (Edit customer…, the map's pin,
next month's list): nothing moves it by itself. These functions only find the customers to
offer: the window asks whether to move one (:func:`offer_text`, :func:`offer_edit`, an
undoable :class:`planner.edits.AssignWithAreas`: the area follows, as for any assignment by
hand), the monthly update lists them.

The area of a territory is its drawn boundary when it has one; a position in no boundary
(or in a plan without boundaries) belongs to the territory whose customers' centre is
nearest, but only by a clear margin (:data:`MARGIN`): halfway between two territories
belongs to neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from planner import model as m
from planner.geometry import assign_by_polygons, polygonal
from planner.i18n import listing, sentences, tr, trn

if TYPE_CHECKING:
    from planner.edits import AssignWithAreas

#: A position belongs to the territory of the nearest centre only when the next one is this
#: many times as far (1.5: a fifth of the way past the halfway line between two centres).
MARGIN = 1.5


@dataclass(frozen=True)
class AreaMove:
    """A customer whose new position lies in the area of another territory than its own."""

    customer_id: str
    name: str
    territory: str  # its territory (kept)
    into: str  # the territory whose area holds its new position
    locked: bool  # locked to its territory: not offered, only told


def _centres(plan: m.Plan, skip: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The territories with located customers (those of ``skip`` left out) and the median
    latitude and longitude of each one's customers."""
    c = plan.customers
    lat, lon = c[m.LAT].to_numpy(dtype=float), c[m.LON].to_numpy(dtype=float)
    territory = c[m.TERRITORY].fillna("").astype(str).to_numpy(dtype=object)
    use = np.isfinite(lat) & np.isfinite(lon) & ~skip & (territory != "")
    ids, clat, clon = [], [], []
    for t in plan.territory_ids:
        mine = use & (territory == t)
        if mine.any():
            ids.append(t)
            clat.append(float(np.median(lat[mine])))
            clon.append(float(np.median(lon[mine])))
    return ids, np.array(clat), np.array(clon)


def area_territories(
    plan: m.Plan, lat: Iterable[float], lon: Iterable[float], *, skip: Iterable[str] = ()
) -> np.ndarray:
    """For each position, the id of the territory whose area holds it; "" for none (no
    position, halfway between centres, no territory). ``skip``: customers whose own
    positions do not count for the centres (those being moved)."""
    la, lo = np.asarray(list(lat), dtype=float), np.asarray(list(lon), dtype=float)
    out = np.full(len(la), "", dtype=object)
    located = np.isfinite(la) & np.isfinite(lo)
    if not plan.territories or not located.any():
        return out
    shapes = [polygonal(t.boundary) for t in plan.territories]
    found = assign_by_polygons(la, lo, shapes)
    inside = found >= 0
    ids = np.array(plan.territory_ids, dtype=object)
    out[inside] = ids[found[inside]]
    rest = np.flatnonzero(located & ~inside)
    if not rest.size:
        return out
    skipped = plan.customers[m.CUSTOMER_ID].astype(str).isin({str(i) for i in skip})
    names, clat, clon = _centres(plan, skipped.to_numpy())
    if not names:
        return out
    scale = np.cos(np.radians(la[rest]))[:, None]
    dist = np.hypot((lo[rest, None] - clon[None, :]) * scale, la[rest, None] - clat[None, :])
    if len(names) == 1:
        out[rest] = names[0]  # one territory: all the land is its
        return out
    order = np.argsort(dist, axis=1)
    near = dist[np.arange(len(rest)), order[:, 0]]
    next_ = dist[np.arange(len(rest)), order[:, 1]]
    clear = next_ >= MARGIN * near
    out[rest[clear]] = np.array(names, dtype=object)[order[clear, 0]]
    return out


def moved_into_other_areas(
    before: m.Plan, after: m.Plan, customer_ids: Iterable[str] | None = None
) -> tuple[AreaMove, ...]:
    """The customers (of ``customer_ids``, else all) whose position changed from ``before``
    to ``after`` into the area of another territory than the one they have in ``after``,
    from outside that area (a customer kept on purpose in a neighbour's area and nudged
    within it is not offered again). Unassigned customers are not listed (placing one
    joins it to its nearest customers' territory)."""
    c = after.customers
    ids = c[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)
    rows = np.arange(len(c)) if customer_ids is None else np.flatnonzero(
        np.isin(ids, [str(i) for i in customer_ids]))
    old = before.customers.assign(_id=before.customers[m.CUSTOMER_ID].astype(str)).set_index("_id")
    rows = rows[np.isin(ids[rows], old.index)]
    territory = c[m.TERRITORY].fillna("").astype(str).to_numpy(dtype=object)
    rows = rows[territory[rows] != ""]
    lat, lon = c[m.LAT].to_numpy(dtype=float)[rows], c[m.LON].to_numpy(dtype=float)[rows]
    was_lat = old.loc[ids[rows], m.LAT].to_numpy(dtype=float)
    was_lon = old.loc[ids[rows], m.LON].to_numpy(dtype=float)
    moved = np.isfinite(lat) & np.isfinite(lon) & ~(
        np.isclose(lat, was_lat, rtol=0, atol=1e-7) & np.isclose(lon, was_lon, rtol=0, atol=1e-7))
    rows, lat, lon = rows[moved], lat[moved], lon[moved]
    was_lat, was_lon = was_lat[moved], was_lon[moved]
    if not rows.size:
        return ()
    skip = ids[rows]
    now = area_territories(after, lat, lon, skip=skip)
    then = area_territories(after, was_lat, was_lon, skip=skip)
    locked = c[m.LOCKED].fillna(False).astype(bool).to_numpy()
    names = c[m.NAME].fillna("").astype(str).to_numpy(dtype=object)
    return tuple(
        AreaMove(str(ids[r]), str(names[r]), str(territory[r]), str(into), bool(locked[r]))
        for r, into, was in zip(rows, now, then, strict=True)
        if into and into != territory[r] and into != was
    )


def _shown(plan: m.Plan, territory_id: str) -> str:
    """「練馬エリア」（田中 健太）: the territory's name and its rep."""
    t = plan.territory(territory_id)
    name = t.name or t.id
    if t.rep and t.rep != name:
        return tr("“{territory}” ({rep})", territory=name, rep=t.rep)
    return tr("“{territory}”", territory=name)


def offer_text(plan: m.Plan, move: AreaMove) -> str:
    """The question offering to move the customer: "This customer's new position lies in
    “練馬エリア” (田中 健太). Move it to that territory?"; for a locked one, that it stays."""
    where = _shown(plan, move.into)
    if move.locked:
        return tr("This customer's new position lies in {territory}; it stays in its "
                  "territory because it is locked.", territory=where)
    return tr("This customer's new position lies in {territory}. Move it to that territory?",
              territory=where)


def offer_edit(move: AreaMove) -> AssignWithAreas:
    """The undoable edit that moves the customer into the territory whose area holds it (its
    cell of the areas goes with it, as when the manager assigns it by hand)."""
    from planner.edits import AssignWithAreas

    return AssignWithAreas.to((move.customer_id,), move.into)


def area_note(plan: m.Plan, move: AreaMove) -> str:
    """A changed customer's note in the update's list: "now in the area of “練馬エリア” (田中
    健太), still in its own territory" (locked: "…, locked to its own territory")."""
    where = _shown(plan, move.into)
    if move.locked:
        return tr("now in the area of {territory}, locked to its own territory", territory=where)
    return tr("now in the area of {territory}, still in its own territory", territory=where)


def moves_text(plan: m.Plan, moves: Iterable[AreaMove]) -> str:
    """The monthly update's line: "2 customers moved into another territory's area and keep
    their own: 練馬エリア 1, 立川エリア 1 (1 locked).", "" for none."""
    moves = tuple(moves)
    if not moves:
        return ""
    names = {t.id: t.name or t.id for t in plan.territories}
    counts: dict[str, int] = {}
    for mv in moves:
        counts[mv.into] = counts.get(mv.into, 0) + 1
    parts = [tr("{territory} {n}", territory=names.get(k, k), n=f"{n:,}")
             for k, n in counts.items()]
    text = trn("{n} customer moved into another territory's area and keeps its own: {where}.",
               "{n} customers moved into another territory's area and keep their own: {where}.",
               len(moves), n=f"{len(moves):,}", where=listing(parts))
    locked = sum(mv.locked for mv in moves)
    return sentences(text, trn(
        "{n} of them is locked to its territory.", "{n} of them are locked to their "
        "territories.", locked, n=f"{locked:,}") if locked else "")
