"""Territories made of whole municipalities or towns (``design_territories(..., whole=...)``).

Japanese sales teams name a rep's area in 市区町村 ("練馬区と板橋区は田中さん"); a territory
boundary through the middle of a ward is hard to explain to reps and customers alike. After
the design, each area (the customers sharing a municipality, or a town, read from the
address by :func:`planner.areas.area_key`) goes whole to the territory that holds most of
its work; then the same steps as for single customers run on the areas instead: detached
pieces join the neighbour they touch most, and boundary areas are handed over, the move
that brings the loads nearest the tolerance first, never splitting or emptying a territory.
Areas are coarser than customers, so the balance can stay above the tolerance: the result
says so. Customers whose address cannot be read are areas of their own; an area whose
locked customers belong to different territories stays split.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import model as m
from planner._design_flow import centroids
from planner._design_graph import NeighbourGraph, _pairs_to_graph, removable, repair_islands
from planner._design_reach import group_reach, nearest_allowed, reachable
from planner._design_repair import (
    INSIDE,
    SwapModel,
    _excess,
    fill_empty,
    rebalance_few_moves,
)
from planner.areas import area_key, area_name

LEVELS = ("municipality", "town")
#: Areas handed over two in a row: the first moves tried, the best alone first.
CHAIN_STARTS = 60
#: A chain's loss of compactness (share of the design's visit-weighted distance) counts this
#: many times against its gain in balance. Measured (bench_design_areas.py, districts of ~25 /
#: ~100 customers at 10k): 0 → 4.25 % / 21.9 % at 4.69 / 5.09 km; 0.5 → 4.97 % / 15.1 % at
#: 4.57 / 5.10 km; 3 → 4.97 % / 15.3 % at 4.57 / 5.01 km, the sample plan 13 %.
COMPACT_WEIGHT = 0.5


def area_of(addresses: np.ndarray, locked_to: np.ndarray, level: str) -> np.ndarray:
    """Area number per customer (0..A-1); unread addresses, and customers of an area
    locked to two or more territories, get one of their own."""
    keys = np.array([area_key(a, level) for a in addresses], dtype=object)
    codes, _ = pd.factorize(keys)
    codes = codes.astype(np.int64)
    codes[keys == ""] = -1
    # an area with locked customers in two territories cannot be whole
    locked = locked_to >= 0
    if locked.any():
        pairs = pd.DataFrame({"a": codes[locked], "t": locked_to[locked]})
        pairs = pairs[pairs["a"] >= 0]
        split = pairs.groupby("a")["t"].nunique()
        bad = split[split > 1].index.to_numpy()
        codes[np.isin(codes, bad)] = -1
    alone = codes < 0
    codes[alone] = codes.max(initial=-1) + 1 + np.arange(int(alone.sum()))
    return pd.factorize(codes)[0].astype(np.int64)


def unplaced_with_area(
    plan: m.Plan, rows: np.ndarray, fixed: np.ndarray, labels: np.ndarray, level: str
) -> tuple[np.ndarray, np.ndarray] | None:
    """(rows, territory index) of the unlocked customers the design could not place (no map
    position) whose area it placed whole: they go with their area."""
    c = plan.customers
    outside = np.ones(len(c), bool)
    outside[rows] = False
    outside &= ~c[m.LOCKED].to_numpy(dtype=bool)
    if not outside.any():
        return None
    keys = np.array([area_key(a, level) for a in c[m.ADDRESS].to_numpy(dtype=object)],
                    dtype=object)
    free = fixed < 0
    placed = pd.Series(labels[free], index=keys[rows][free])
    placed = placed[placed.index != ""]
    whole = placed.groupby(level=0).nunique()
    where = placed.groupby(level=0).first()[whole == 1]
    todo = np.flatnonzero(outside & np.isin(keys, where.index.to_numpy()))
    if not len(todo):
        return None
    return todo, where.loc[keys[todo]].to_numpy(dtype=np.int64)


@dataclass(frozen=True)
class AreaGraph:
    """The areas' neighbour graph, and what each area carries."""

    graph: NeighbourGraph
    area: np.ndarray  # area per customer
    xy: np.ndarray  # each area's visit-weighted centre (km)
    mass: np.ndarray  # each area's visits
    locked_to: np.ndarray  # territory an area's locked customers hold it in, -1 when free
    #: (area, territory) True where the territory's rep reaches every customer of the area in
    #: a day (an area none reaches whole: those reaching most of it); None: no limit
    reach: np.ndarray | None = None


def area_graph(graph: NeighbourGraph, area: np.ndarray, xy: np.ndarray, mass: np.ndarray,
               locked_to: np.ndarray, reach: np.ndarray | None = None) -> AreaGraph:
    """Two areas are neighbours when two of their customers are; ``reach`` (customer,
    territory: :mod:`planner._design_reach`) becomes the areas' own."""
    n = int(area.max()) + 1
    u, v = graph.edges()
    a, b = area[u], area[v]
    cross = a != b
    w = np.bincount(area, weights=mass, minlength=n)
    centre = centroids(xy, mass, area, n, np.zeros((n, 2)))
    forced = np.full(n, -1, np.int64)
    held = locked_to >= 0
    forced[area[held]] = locked_to[held]
    whole = None
    if reach is not None:
        whole = group_reach(reach, area, n)
        whole[np.flatnonzero(forced >= 0), forced[forced >= 0]] = True
    return AreaGraph(_pairs_to_graph(n, a[cross], b[cross]), area, centre, w, forced, whole)


def _area_model(model: SwapModel, area: np.ndarray, n: int) -> SwapModel:
    """The customers' swap model summed per area (the factors and offsets are per territory)."""
    return SwapModel(
        np.bincount(area, weights=model.base, minlength=n),
        np.bincount(area, weights=model.proxy, minlength=n),
        model.factor,
        model.offset,
    )


def area_model_of(
    ag: AreaGraph, model_of: Callable[[np.ndarray], SwapModel]
) -> Callable[[np.ndarray], SwapModel]:
    """The customers' ``model_of`` as a model of the areas (for area labels)."""
    n = ag.graph.n

    def of(area_labels: np.ndarray) -> SwapModel:
        return _area_model(model_of(area_labels[ag.area]), ag.area, n)

    return of


def heaviest_area(
    ag: AreaGraph,
    area_labels: np.ndarray,
    area_model: Callable[[np.ndarray], SwapModel],
    shares: np.ndarray,
    addresses: np.ndarray,
    level: str,
) -> tuple[str, float] | None:
    """The area with the most work for its territory's fair share: (name, work / share)."""
    model = area_model(area_labels)
    weight = model.weight_in(area_labels)
    total = float(np.bincount(area_labels[area_labels >= 0], weights=weight[area_labels >= 0],
                              minlength=len(shares)).sum() + model.offset.sum())
    if not total > 0:
        return None
    ratio = np.where(area_labels >= 0, weight / (total * shares[np.maximum(area_labels, 0)]), 0)
    a = int(np.argmax(ratio))
    first = int(np.flatnonzero(ag.area == a)[0])
    return area_name(addresses[first], level) or "?", float(ratio[a])


def whole_areas(
    ag: AreaGraph,
    labels: np.ndarray,
    model_of: Callable[[np.ndarray], SwapModel],
    *,
    centres: np.ndarray,
    tolerance: float,
    shares: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Customer labels with every area whole, and the areas' labels."""
    n = ag.graph.n
    k = len(centres)
    # each area to the territory holding most of its work
    weight = model_of(labels).weight_in(labels)
    votes = pd.DataFrame({"a": ag.area, "t": labels, "w": weight + 1e-9})
    votes = votes[votes["t"] >= 0].groupby(["a", "t"])["w"].sum().reset_index()
    reach = ag.reach
    if reach is not None:  # only to a territory whose rep reaches the area (or most of it)
        votes = votes[reach[votes["a"].to_numpy(), votes["t"].to_numpy()]]
    votes = votes.sort_values(["a", "w"], ascending=[True, False]).drop_duplicates("a")
    area_labels = np.full(n, -1, np.int64)
    if reach is not None:
        area_labels[:] = nearest_allowed(
            ((ag.xy[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2), reach)
    area_labels[votes["a"].to_numpy()] = votes["t"].to_numpy()
    held = ag.locked_to >= 0
    area_labels[held] = ag.locked_to[held]

    area_model = area_model_of(ag, model_of)

    adj = ag.graph.adjacency_lists()
    area_labels = fill_empty(adj, area_labels, locked=held, xy=ag.xy, centres=centres,
                             reach=reach)
    area_w = area_model(area_labels).weight_in(area_labels)
    area_labels = repair_islands(ag.graph, area_labels, area_w, held, reach=reach)
    area_labels = fill_empty(adj, area_labels, locked=held, xy=ag.xy, centres=centres,
                             reach=reach)
    if (np.bincount(area_labels[area_labels >= 0], minlength=k) > 0).all():
        area_labels = _chains(ag, adj, area_labels, area_model, tolerance=tolerance,
                              shares=shares, held=held, centres=centres)
        area_labels = rebalance_few_moves(
            ag.graph,
            adj,
            area_labels,
            area_model,
            locked=held,
            xy=ag.xy,
            mass=ag.mass + 1e-6,
            centres=centres,
            tolerance=tolerance,
            shares=shares,
            reach=reach,
        )
    return area_labels[ag.area], area_labels


def _chains(
    ag: AreaGraph,
    adj: list[list[int]],
    labels: np.ndarray,
    model_of: Callable[[np.ndarray], SwapModel],
    *,
    tolerance: float,
    shares: np.ndarray,
    held: np.ndarray,
    centres: np.ndarray,
    most: int = 200,
) -> np.ndarray:
    """Hand boundary areas over, alone or two in a row (area x from a to b, then area y from
    b on to c): with areas as coarse as a town, no single move may help where a short
    chain does. Each step takes the move or chain that lowers the loads' total excess
    beyond the tolerance most, less its loss of compactness (``COMPACT_WEIGHT``); none
    splits or empties a territory."""
    labels = labels.copy()
    k = len(shares)
    inner = tolerance * INSIDE
    u_all, v_all = ag.graph.edges()
    # an area's distance to each territory's centre: a move's loss of compactness, as a
    # share of the whole design's visit-weighted distance
    dist = np.hypot(*(ag.xy[:, None, :] - centres[None, :, :]).transpose(2, 0, 1))
    norm = float((ag.mass * dist[np.arange(len(labels)), np.maximum(labels, 0)]).sum()) or 1.0

    def loss(i: int, src: int, dst: int) -> float:
        return COMPACT_WEIGHT * float(ag.mass[i] * (dist[i, dst] - dist[i, src])) / norm
    for _ in range(most):
        model = model_of(labels)
        w = model.weight_in(labels)
        loads = np.bincount(labels, weights=w, minlength=k) + model.offset
        target = float(loads.sum()) * shares
        if not (target > 0).all():
            break
        now = float(_excess(loads, target, inner).sum())
        if now <= 1e-12:
            break
        counts = np.bincount(labels, minlength=k)
        cross = (labels[u_all] != labels[v_all]) & ~held[u_all]
        key = np.unique(u_all[cross].astype(np.int64) * k + labels[v_all[cross]])
        xs, bs = key // k, key % k
        xs, bs = reachable(ag.reach, xs, bs)  # never to a rep who cannot reach the area
        as_ = labels[xs]
        w_out = model.base[xs] + model.factor[as_] * model.proxy[xs]
        w_in = model.base[xs] + model.factor[bs] * model.proxy[xs]
        # the first moves worth a chain: the best alone (totals of the two loads they change)
        score = (
            _excess(loads[as_] - w_out, target[as_], inner)
            + _excess(loads[bs] + w_in, target[bs], inner)
            - _excess(loads[as_], target[as_], inner)
            - _excess(loads[bs], target[bs], inner)
        )
        order = np.argsort(score, kind="stable")[:CHAIN_STARTS]
        best: tuple[float, list[tuple[int, int]] | None] = (now - 1e-9, None)
        for x, b in zip(xs[order].tolist(), bs[order].tolist(), strict=True):
            a = int(labels[x])
            if counts[a] <= 1 or not removable(adj, labels, x):
                continue
            first = _moved(loads, model, x, a, b)
            single = float(_excess(first, target, inner).sum()) + loss(x, a, b)
            if single < best[0]:
                best = (single, [(x, b)])
            # then one of b's boundary areas on to a neighbour c: each (area, territory) once,
            # scored together, the contiguity test only for one that would be the best
            labels[x] = b
            edge = (labels[u_all] == b) & (labels[v_all] != b) & ~held[u_all] & (u_all != x)
            pair = np.unique(u_all[edge].astype(np.int64) * k + labels[v_all[edge]])
            ys, cs = pair // k, pair % k
            ys, cs = reachable(ag.reach, ys, cs)
            after = np.repeat(first[None, :], len(ys), axis=0)
            rows = np.arange(len(ys))
            after[rows, b] -= model.base[ys] + model.factor[b] * model.proxy[ys]
            after[rows, cs] += model.base[ys] + model.factor[cs] * model.proxy[ys]
            chain = (_excess(after, target, inner).sum(axis=1) + loss(x, a, b)
                     + COMPACT_WEIGHT * ag.mass[ys] * (dist[ys, cs] - dist[ys, b]) / norm)
            for j in np.argsort(chain, kind="stable").tolist():
                if chain[j] >= best[0]:
                    break
                if removable(adj, labels, int(ys[j])):
                    best = (float(chain[j]), [(x, b), (int(ys[j]), int(cs[j]))])
                    break
            labels[x] = a
        if best[1] is None:
            break
        for area, dest in best[1]:
            labels[area] = dest
    return labels


def _moved(loads: np.ndarray, model: SwapModel, i: int, src: int, dst: int) -> np.ndarray:
    """``loads`` after area ``i`` moves from ``src`` to ``dst`` (its marginal weights)."""
    out = loads.copy()
    out[src] -= model.base[i] + model.factor[src] * model.proxy[i]
    out[dst] += model.base[i] + model.factor[dst] * model.proxy[i]
    return out


def towns_finer(customers: pd.DataFrame) -> bool:
    """Whether keeping towns whole would split ``customers`` notably finer than keeping
    municipalities whole: half as many areas again, or a heaviest area (by visit time) at
    most three quarters of the heaviest municipality's work. Where towns are hardly finer
    (addresses without town names), suggesting them would change nothing."""
    addresses = customers[m.ADDRESS].to_numpy(dtype=object)
    weight = (customers[m.FREQUENCY].fillna(0).to_numpy(dtype=float)
              * customers[m.SERVICE_MINUTES].fillna(0).to_numpy(dtype=float))
    if not len(addresses):
        return False
    heaviest, counts = [], []
    for level in LEVELS:
        keys = pd.Series([area_key(a, level) or f"\0{i}" for i, a in enumerate(addresses)])
        loads = pd.Series(weight).groupby(keys.to_numpy()).sum()
        counts.append(len(loads))
        heaviest.append(float(loads.max()))
    return counts[1] >= 1.5 * counts[0] or heaviest[1] <= 0.75 * heaviest[0]
