"""The customers' neighbour graph for the territory designer: Delaunay edges, contiguity, islands.

Contiguity is judged on the Delaunay triangulation of the customers' positions
(scipy.spatial.Delaunay) with very long edges dropped (a triangle across Tokyo
Bay does not make two shores neighbours); the minimum spanning tree of the full
triangulation is kept so the graph stays connected. Customers at the same spot
are chained together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree
from scipy.spatial import Delaunay, QhullError, cKDTree

#: An edge is dropped when longer than this many times the typical spacing at both ends.
LONG_EDGE_FACTOR = 3.0
#: Customers sharing one spot are all neighbours of each other up to this many (a chain above).
CLIQUE_LIMIT = 40
#: The typical spacing at a point: the distance to its n-th nearest neighbour.
TYPICAL_NEIGHBOUR = 4


def project_km(lat: np.ndarray, lon: np.ndarray, lat0: float | None = None) -> np.ndarray:
    """Equirectangular projection to kilometres around ``lat0`` (default: the points' mean
    latitude)."""
    if lat0 is None:
        lat0 = float(np.nanmean(lat)) if len(lat) else 35.0
    x = np.asarray(lon, dtype=float) * 111.32 * np.cos(np.radians(lat0))
    y = np.asarray(lat, dtype=float) * 110.57
    return np.column_stack([x, y])


@dataclass(frozen=True)
class NeighbourGraph:
    """Undirected neighbour graph over ``n`` points as CSR arrays (both directions stored)."""

    n: int
    indptr: np.ndarray
    indices: np.ndarray

    def neighbours(self, i: int) -> np.ndarray:
        """Neighbours of point ``i``."""
        return self.indices[self.indptr[i] : self.indptr[i + 1]]

    def edges(self) -> tuple[np.ndarray, np.ndarray]:
        """Directed edge arrays (u, v), each undirected edge twice."""
        u = np.repeat(np.arange(self.n), np.diff(self.indptr))
        return u, self.indices

    def adjacency_lists(self) -> list[list[int]]:
        """Neighbours as Python lists (fast lookups in greedy loops)."""
        ind = self.indices.tolist()
        ptr = self.indptr.tolist()
        return [ind[ptr[i] : ptr[i + 1]] for i in range(self.n)]


def _pairs_to_graph(n: int, a: np.ndarray, b: np.ndarray) -> NeighbourGraph:
    keep = a != b
    a, b = a[keep], b[keep]
    rows = np.concatenate([a, b])
    cols = np.concatenate([b, a])
    mat = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n)).tocsr()
    mat.sum_duplicates()
    mat.sort_indices()
    return NeighbourGraph(n, mat.indptr.astype(np.int64), mat.indices.astype(np.int64))


def _delaunay_pairs(xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Edges of the Delaunay triangulation of distinct points (k-NN when degenerate)."""
    m = len(xy)
    if m < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    try:
        if m < 3:
            raise QhullError("too few points")
        tri = Delaunay(xy)
        s = tri.simplices
        a = np.concatenate([s[:, 0], s[:, 1], s[:, 2]])
        b = np.concatenate([s[:, 1], s[:, 2], s[:, 0]])
    except (QhullError, ValueError):
        k = min(m, 4)
        _, nn = cKDTree(xy).query(xy, k=k)
        a = np.repeat(np.arange(m), k - 1)
        b = nn[:, 1:].ravel()
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    pairs = np.unique(np.column_stack([lo, hi]), axis=0)
    return pairs[:, 0].astype(np.int64), pairs[:, 1].astype(np.int64)


def neighbour_graph(xy: np.ndarray, *, outside: np.ndarray | None = None) -> NeighbourGraph:
    """The pruned Delaunay neighbour graph of points ``xy`` (km), see the module docstring.

    ``outside``: other customers (km) that the graph must not reach across. The graph is
    built over all the points and keeps the edges between ``xy``'s, so two of them are
    neighbours only when no outside customer lies between them.
    """
    if outside is not None and len(outside):
        return graph_of_pairs(xy, *induced_pairs(xy, outside))
    n = len(xy)
    if n == 0:
        return NeighbourGraph(0, np.zeros(1, np.int64), np.empty(0, np.int64))
    rounded = np.round(xy, 4)
    uniq, first, inverse = np.unique(rounded, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    m = len(uniq)
    a, b = _delaunay_pairs(uniq)
    length = np.hypot(*(uniq[a] - uniq[b]).T)
    if len(a):
        # typical spacing at each node: distance to its 4th nearest neighbour (a fan of
        # long triangles across a bay does not make long edges look typical)
        kk = min(TYPICAL_NEIGHBOUR, m - 1)
        dist, _ = cKDTree(uniq).query(uniq, k=kk + 1)
        typical = np.asarray(dist).reshape(m, -1)[:, -1]
        limit = LONG_EDGE_FACTOR * np.maximum(typical[a], typical[b])
        short = length <= limit
        # keep the spanning tree so the graph stays connected
        w = coo_matrix((length + 1e-9, (a, b)), shape=(m, m)).tocsr()
        tree = minimum_spanning_tree(w).tocoo()
        ka = np.concatenate([a[short], tree.row.astype(np.int64)])
        kb = np.concatenate([b[short], tree.col.astype(np.int64)])
    else:
        ka = kb = np.empty(0, np.int64)
    # points Qhull left out of the triangulation (near-duplicates): join their nearest point
    degree = np.bincount(np.concatenate([ka, kb]), minlength=m)
    lonely = np.flatnonzero(degree == 0)
    if m > 1 and len(lonely):
        _, nn = cKDTree(uniq).query(uniq[lonely], k=2)
        ka = np.concatenate([ka, lonely])
        kb = np.concatenate([kb, nn[:, 1].astype(np.int64)])
    ka, kb = _connect_pieces(uniq, ka, kb)
    return _expand_duplicates(n, first.astype(np.int64), inverse, ka, kb)


def induced_pairs(xy: np.ndarray, outside: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Neighbour pairs (i < j) among ``xy`` in the graph of ``xy`` and ``outside`` together:
    two of them are neighbours only when no outside point lies between them."""
    n = len(xy)
    u, v = neighbour_graph(np.vstack([xy, np.reshape(outside, (-1, 2))])).edges()
    keep = (u < n) & (v < n) & (u < v)
    return u[keep], v[keep]


def graph_of_pairs(xy: np.ndarray, a: np.ndarray, b: np.ndarray) -> NeighbourGraph:
    """The graph of the neighbour pairs ``a``–``b`` over ``xy``, separate pieces joined by
    their shortest links."""
    return _pairs_to_graph(len(xy), *_connect_pieces(xy, a, b))


def _connect_pieces(
    pts: np.ndarray, a: np.ndarray, b: np.ndarray, *, max_joins: int = 500
) -> tuple[np.ndarray, np.ndarray]:
    """Join separate pieces of the graph (degenerate input) by their shortest links."""
    m = len(pts)
    for _ in range(max_joins):
        mat = coo_matrix((np.ones(len(a)), (a, b)), shape=(m, m)).tocsr()
        count, comp = connected_components(mat, directed=False)
        if count <= 1:
            break
        sizes = np.bincount(comp)
        small = int(sizes.argmin())
        inside = np.flatnonzero(comp == small)
        outside = np.flatnonzero(comp != small)
        dist, idx = cKDTree(pts[outside]).query(pts[inside], k=1)
        j = int(np.argmin(dist))
        a = np.append(a, inside[j])
        b = np.append(b, outside[int(idx[j])])
    return a, b


def _expand_duplicates(
    n: int, rep: np.ndarray, inverse: np.ndarray, ka: np.ndarray, kb: np.ndarray
) -> NeighbourGraph:
    """Customer graph from the position graph: customers at one spot are neighbours of each
    other (a chain for very large groups) and of every neighbouring spot."""
    ea, eb = [rep[ka]], [rep[kb]]
    others = np.flatnonzero(rep[inverse] != np.arange(n))
    if len(others):
        spot = inverse[others]
        ea.append(others)
        eb.append(rep[spot])
        # the neighbouring spots of each duplicate's spot
        pa = np.concatenate([ka, kb])
        pb = np.concatenate([kb, ka])
        order = np.argsort(pa, kind="stable")
        pa, pb = pa[order], pb[order]
        starts = np.searchsorted(pa, spot)
        counts = np.searchsorted(pa, spot, side="right") - starts
        member = np.repeat(others, counts)
        offset = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        ea.append(member)
        eb.append(rep[pb[np.repeat(starts, counts) + offset]])
        # customers sharing a spot: all pairs for small groups, a chain for large ones
        order = np.argsort(spot, kind="stable")
        grouped, spots = others[order], spot[order]
        bounds = np.flatnonzero(np.diff(spots)) + 1
        for group in np.split(grouped, bounds):
            if len(group) < 2:
                continue
            if len(group) <= CLIQUE_LIMIT:
                ii, jj = np.triu_indices(len(group), k=1)
                ea.append(group[ii])
                eb.append(group[jj])
            else:
                ea.append(group[:-1])
                eb.append(group[1:])
    return _pairs_to_graph(n, np.concatenate(ea), np.concatenate(eb))


def territory_components(graph: NeighbourGraph, labels: np.ndarray) -> np.ndarray:
    """Component id per point of the graph restricted to edges inside one territory."""
    u, v = graph.edges()
    same = (labels[u] == labels[v]) & (labels[u] >= 0)
    mat = csr_matrix(
        (np.ones(int(same.sum()), dtype=np.int8), (u[same], v[same])), shape=(graph.n, graph.n)
    )
    _, comp = connected_components(mat, directed=False)
    return comp.astype(np.int64)


def islands_count(graph: NeighbourGraph, labels: np.ndarray) -> np.ndarray:
    """Number of separate pieces of each territory (index = label), 0 for empty ones."""
    k = int(labels.max()) + 1 if len(labels) and labels.max() >= 0 else 0
    comp = territory_components(graph, labels)
    ok = labels >= 0
    pairs = np.unique(np.column_stack([labels[ok], comp[ok]]), axis=0)
    return np.bincount(pairs[:, 0], minlength=k) if len(pairs) else np.zeros(k, np.int64)


def is_contiguous(graph: NeighbourGraph, labels: np.ndarray) -> bool:
    """True when no territory is split into separate pieces of the neighbour graph."""
    return bool((islands_count(graph, labels) <= 1).all())


def repair_islands(
    graph: NeighbourGraph,
    labels: np.ndarray,
    weights: np.ndarray,
    locked: np.ndarray,
    *,
    reach: np.ndarray | None = None,
    max_rounds: int = 20,
) -> np.ndarray:
    """Give every detached piece of a territory to the neighbouring territory it touches most.

    The piece with the most weight stays; pieces holding locked customers are never moved
    (a locked shop far off stays its territory's outlier: it never makes the territory's
    own body a piece to give away). ``reach`` (point, territory: :mod:`planner._design_reach`)
    keeps a point out of territories that may not hold it: a piece goes to the neighbour
    touching it most among those that may hold all of it, else that neighbour takes the
    points it may hold and the rest stays an island. Returns new labels.
    """
    labels = labels.copy()
    u, v = graph.edges()
    for _ in range(max_rounds):
        comp = territory_components(graph, labels)
        ok = labels >= 0
        if not ok.any():
            return labels
        ncomp = int(comp.max()) + 1
        cw = np.bincount(comp[ok], weights=weights[ok] + 1e-9, minlength=ncomp)
        clocked = np.bincount(comp[ok], weights=locked[ok].astype(float), minlength=ncomp) > 0
        clabel = np.full(ncomp, -1, np.int64)
        clabel[comp[ok]] = labels[ok]
        # main piece per territory: the heaviest (locked pieces stay as well, below)
        score = cw
        valid = np.flatnonzero(clabel >= 0)
        order = valid[np.lexsort((-score[valid], clabel[valid]))]
        first = np.ones(len(order), bool)
        first[1:] = clabel[order][1:] != clabel[order][:-1]
        detached = order[~first & ~clocked[order]]
        if len(detached) == 0:
            return labels
        is_detached = np.zeros(ncomp, bool)
        is_detached[detached] = True
        # edges leaving a detached piece to another territory: vote for the receiver
        cross = is_detached[comp[u]] & (labels[v] >= 0) & (labels[v] != labels[u])
        if not cross.any():
            return labels
        votes = np.unique(
            np.column_stack([comp[u][cross], labels[v][cross]]), axis=0, return_counts=True
        )
        pairs, counts = votes
        whole = np.ones(len(pairs), bool)
        if reach is not None:  # receivers that may hold the whole piece come first
            inside = np.flatnonzero(is_detached[comp] & ok)
            shut = np.zeros((ncomp, reach.shape[1]), bool)
            for t in np.flatnonzero(~reach[inside].all(axis=0)).tolist():
                shut[:, t] = np.bincount(comp[inside], weights=~reach[inside, t],
                                         minlength=ncomp) > 0
            whole = ~shut[pairs[:, 0], pairs[:, 1]]
        order2 = np.lexsort((-counts, ~whole, pairs[:, 0]))
        pairs = pairs[order2]
        best = np.ones(len(pairs), bool)
        best[1:] = pairs[1:, 0] != pairs[:-1, 0]
        target = np.full(ncomp, -1, np.int64)
        target[pairs[best, 0]] = pairs[best, 1]
        move = ok & (target[comp] >= 0)
        if reach is not None:
            move &= reach[np.arange(len(labels)), np.maximum(target[comp], 0)]
        if not move.any():
            return labels
        labels[move] = target[comp[move]]
    return labels


def removable(adj: list[list[int]], labels: np.ndarray, i: int) -> bool:
    """True when taking point ``i`` out of its territory cannot split that territory.

    Local test: the territory's neighbours of ``i`` must stay connected through
    territory points within two steps of ``i`` (a sufficient condition).
    """
    own = labels[i]
    near = [j for j in adj[i] if labels[j] == own]
    if len(near) <= 1:
        return True
    region = set(near)
    for j in near:
        for h in adj[j]:
            if h != i and labels[h] == own:
                region.add(h)
    targets = set(near)
    start = near[0]
    seen = {start}
    stack = [start]
    found = 1
    while stack:
        p = stack.pop()
        for h in adj[p]:
            if h in region and h not in seen:
                seen.add(h)
                stack.append(h)
                if h in targets:
                    found += 1
                    if found == len(targets):
                        return True
    return found == len(targets)
