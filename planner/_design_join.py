"""A rep joins beside a territory (the territory list's 「ここに担当者を追加」).

The manager right-clicks the territory the new rep is to relieve: the new rep takes over part
of THAT territory, and its neighbours shift a little to even the loads. Before, the menu asked
for one territory more among the clicked one and those touching it, and the kept plan's carve
(:mod:`planner._design_carve`) grew the new territory from a k-means++ centre anywhere in the
group. Found on the README's sample chain (a rep had left, 7 reps): 東京's menu carved the new
territory around 立川's rep's HOME in the west, 立川 moved 19 km east into 東京, 283 customers
changed rep, and the new rep's calendar left 54 customers out and drove 1,844 km.

:class:`Joining` names the clicked territory (and the new rep's name and home, when the manager
knows them): :func:`with_joining` adds the new rep's territory, empty, to the plan. The design
then carves only (no flow rounds, which grow the new territory wherever the balance likes):

* the new territory grows around its rep's home when one is given; else from the middle of the
  clicked territory's part farthest from its rep's home (:func:`beside_centre`);
* the clicked territory may give up to :data:`BESIDE_GIVES` of the new one's load (the others
  their share, ``GIVE_CAP``), so it gives most: its far side from its rep's home, cut straight
  across (:func:`far_slice`), the new territory not growing round its home side; in the
  hand-over after the carve, a customer it gave never goes back to it (it takes back from its
  other neighbours). Before, the line halfway between its rep's home and the new centre
  limited what it gave, and the hand-over filled the new territory from the neighbours and
  the clicked one from the new: beside 立川 or 熊谷 (homes at their territories' edge) it
  gave under half (``benchmarks/bench_design_join.py``);
* the customers next to every rep's home stay with that rep (:func:`next_door`), in the carve
  and the hand-over after it.

:func:`joined_text` says where the new rep's customers came from.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import model as m
from planner._design_weights import Values
from planner.errors import PlannerError
from planner.i18n import listing, tr, trn
from planner.japan_extent import in_japan
from planner.rep_titles import territory_title

#: Share of the new territory's load the clicked territory may give (the others: their share).
BESIDE_GIVES = 0.8
#: The customers nearest each rep's home that stay with that rep while a rep joins.
NEXT_DOOR = 3


@dataclass(frozen=True)
class Joining:
    """A rep who joins beside ``beside`` (a territory id or name): their name and home
    (lat, lon), when known, and the home's address as the manager typed it (it names the
    territory: :mod:`planner._design_join_name`)."""

    beside: str
    rep: str = ""
    home: tuple[float, float] | None = None
    address: str = ""


def with_joining(plan: m.Plan, joining: Joining, only: Sequence[str] | None,
                 count: int) -> tuple[m.Plan, tuple[str, ...] | None, str, str]:
    """``plan`` with the joining rep's territory added, empty (named and coloured as a design
    names a new one); ``only`` (when given) with it; the clicked territory's id and the new
    one's. Refused when ``count`` leaves no room for the new rep."""
    from planner._design_subset import resolve

    beside = resolve(plan, [joining.beside])[0]
    group = None if only is None else (*resolve(plan, [*only, beside]),)
    have = len(group if group is not None else plan.territories)
    if count < have + 1:
        raise PlannerError(tr("A rep joins: ask for {n} territories or more.", n=have + 1))
    if joining.home is not None:
        lat, lon = joining.home
        if not in_japan(lat, lon):
            raise PlannerError(tr("The home base {lat}, {lon} is not in Japan.", lat=lat,
                                  lon=lon))
    taken = plan.taken_territory_ids()
    n = 1
    while f"T{n:02d}" in taken:
        n += 1
    tid = f"T{n:02d}"
    names = {t.name for t in plan.territories}
    k = n  # T09 is "Territory 9" when that name is free, as a design names a new one
    while (name := tr("Territory {n}", n=k)) in names:
        k += 1
    colours = {t.color for t in plan.territories}
    colour = next((c for c in m.PALETTE if c not in colours), m.palette_color(len(colours)))
    home = joining.home or (None, None)
    new = m.Territory(id=tid, name=name, rep=joining.rep.strip(), color=colour,
                      home_lat=home[0], home_lon=home[1])
    plan = plan.replace(territories=(*plan.territories, new))
    return plan, None if group is None else (*group, tid), beside, tid


def named_joined(plan: m.Plan, new_id: str, joining: Joining) -> m.Plan:
    """``plan`` with the joining rep's territory ``new_id`` named as the manager names the
    others (:func:`planner._design_join_name.joined_name`)."""
    from planner._design_join_name import joined_name

    name = joined_name(plan, new_id, home=joining.home, address=joining.address)
    return plan.replace(territories=tuple(t.replace(name=name) if t.id == new_id else t
                                          for t in plan.territories))


def beside_centre(xy: np.ndarray, mass: np.ndarray, mine: np.ndarray,
                  home: np.ndarray | None) -> np.ndarray:
    """Where a rep joining beside a territory starts (km): the visit-weighted middle of the
    half of that territory's customers (``mine``) farthest along the line from its rep's
    ``home`` through the territory's middle; without a home (or one in the very middle), along
    the territory's longest axis (its eastern or northern end)."""
    p, w = xy[mine], mass[mine]
    middle = np.average(p, axis=0, weights=w)
    spread = float(np.sqrt(np.average(((p - middle) ** 2).sum(axis=1), weights=w)))
    way = None if home is None else middle - home
    if way is None or float(np.hypot(*way)) < 0.1 * spread:
        cov = np.cov((p - middle).T, aweights=w) if len(p) > 1 else np.eye(2)
        way = np.linalg.eigh(np.atleast_2d(cov))[1][:, -1]
        if way[int(np.argmax(np.abs(way)))] < 0:
            way = -way
    along = (p - middle) @ way
    order = np.argsort(along)
    half = np.cumsum(w[order]) >= 0.5 * float(w.sum())
    far = order[half]
    return np.average(p[far], axis=0, weights=w[far])


def next_door(xy: np.ndarray, labels: np.ndarray, homes: dict[int, np.ndarray],
              n: int = NEXT_DOOR) -> np.ndarray:
    """The customers (mask) among the ``n`` nearest each rep's home that are that rep's."""
    held = np.zeros(len(labels), bool)
    for j, home in homes.items():
        d = ((xy - home) ** 2).sum(axis=1)
        near = np.argsort(d)[:n]
        held[near[labels[near] == j]] = True
    return held


def far_slice(labels: np.ndarray, t: int, home: np.ndarray, centre: np.ndarray, *,
              xy: np.ndarray, weight: np.ndarray, give: float) -> np.ndarray:
    """The customers (mask) of territory ``t`` a rep joining beside it may take: its far side
    from its rep's ``home`` towards the new territory's ``centre`` (km), cut straight across,
    carrying the load ``give``. The clicked territory keeps its home side whole, with its
    borders to the other neighbours, from whom it takes back what it gave."""
    mine = np.flatnonzero(labels == t)
    out = np.zeros(len(labels), bool)
    way = centre - home
    if not len(mine) or give <= 0 or float(np.hypot(*way)) == 0.0:
        return out
    order = mine[np.argsort(-(xy[mine] @ way), kind="stable")]
    out[order[np.cumsum(weight[order]) <= give]] = True
    return out


def join_setup(values: Values, labels: np.ndarray, ids: Sequence[str], beside: str,
               centres: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """For the design of a kept plan a rep joins beside ``beside`` (an id of ``ids``, the
    territories in the design's order): the centres with each empty territory's at its rep's
    home, else at :func:`beside_centre`; the customers to hold (:func:`next_door`); the clicked
    territory's index."""
    b = list(ids).index(beside)
    counts = np.bincount(labels[labels >= 0], minlength=len(ids))
    centres = centres.copy()
    mine = labels == b
    for t in np.flatnonzero(counts == 0).tolist():
        home = values.homes.get(t)
        if home is not None:
            centres[t] = home
        elif mine.any():
            centres[t] = beside_centre(values.xy, values.vpw + 1e-6, mine, values.homes.get(b))
    homes = {j: h for j, h in values.homes.items() if counts[j] > 0}
    return centres, next_door(values.xy, labels, homes), b


def joined_text(before: m.Plan, after: m.Plan, moves: pd.DataFrame) -> str:
    """Where each new territory's customers came from: 「テリトリー9（小林 直樹）は東京エリア
    から120件、草加エリアから31件の顧客を引き継ぎます。」 ("" without a new territory)."""
    was = {t.id: t.name for t in before.territories}
    lines = []
    for t in after.territories:
        if t.id in was:
            continue
        came = moves[moves["to_territory"] == t.id]
        counts = came.groupby("from_territory").size().sort_values(ascending=False,
                                                                  kind="stable")
        if counts.empty:
            continue
        name = territory_title(t.name, t.rep)
        lines.append(tr("{name} takes over {where}.", name=name, where=listing(
            trn("{n} customer from {territory}", "{n} customers from {territory}", int(k),
                n=f"{int(k):,}", territory=was.get(str(src), str(src)))
            for src, k in counts.items())))
    return "\n".join(lines)
