"""The route search behind :func:`planner.routing.order_stops`: iterated local search
(Lourenço, Martin & Stützle 2003) with 2-opt and Or-opt moves on neighbour lists and
don't-look bits (Bentley 1992), perturbed by segment-local double-bridge kicks (Martin, Otto
& Felten 1991). Pure Python over lists: a day's few dozen stops are too few for numpy's cost
per call. The innermost loops run millions of times in a calendar build; each shortcut in
them keeps the moves found, in the order found, so the tours stay the same.
"""

from __future__ import annotations

import random
import time

import numpy as np

_EPS = 1e-9
_NEIGHBOURS = 10


def _solve(
    cost: np.ndarray, *, time_limit: float, seed: int, max_kicks: int | None, stall: int
) -> list[int]:
    deadline = time.perf_counter() + time_limit
    n = cost.shape[0]
    d = cost.tolist()
    k = min(_NEIGHBOURS, n - 1)
    nb_idx = np.argsort(cost + np.diag(np.full(n, np.inf)), axis=1)[:, :k]
    neigh = nb_idx.tolist()
    rng = random.Random(seed)
    tour = _nearest_neighbour(d, n)
    ls = _LocalSearch(d, neigh, tour)
    ls.run(list(range(n)))
    best = ls.tour[:]
    best_cost = cur_cost = ls.cost()
    kicks = last_best = 0
    if n < 8:
        return best
    while time.perf_counter() < deadline and kicks - last_best < stall:
        if max_kicks is not None and kicks >= max_kicks:
            break
        kicks += 1
        saved = ls.tour[:]
        touched = ls.double_bridge(rng)
        ls.run(touched)
        new_cost = ls.cost()
        if new_cost < cur_cost - _EPS or (new_cost < cur_cost + _EPS):
            cur_cost = new_cost
            if new_cost < best_cost - _EPS:
                best_cost = new_cost
                best = ls.tour[:]
                last_best = kicks
        else:
            ls.set_tour(saved)
    return best


def _nearest_neighbour(d: list[list[float]], n: int) -> list[int]:
    tour = [0]
    left = set(range(1, n))
    cur = 0
    while left:
        row = d[cur]
        nxt = min(left, key=row.__getitem__)
        tour.append(nxt)
        left.remove(nxt)
        cur = nxt
    return tour


class _LocalSearch:
    """2-opt and Or-opt (segments of 1–3) over neighbour lists, with don't-look bits."""

    def __init__(self, d: list[list[float]], neigh: list[list[int]], tour: list[int]) -> None:
        self.d = d
        self.neigh = neigh
        self.n = len(tour)
        self.set_tour(tour)

    def set_tour(self, tour: list[int]) -> None:
        self.tour = list(tour)
        self.pos = [0] * self.n
        for i, c in enumerate(self.tour):
            self.pos[c] = i

    def cost(self) -> float:
        d, t = self.d, self.tour
        total, prev = 0.0, t[-1]  # added from the closing edge on, as the sum always was
        for c in t:
            total += d[prev][c]
            prev = c
        return total

    def succ(self, a: int) -> int:
        return self.tour[(self.pos[a] + 1) % self.n]

    def pred(self, a: int) -> int:
        return self.tour[self.pos[a] - 1]

    def _reverse(self, i: int, j: int) -> None:
        """Reverse the tour between positions ``i`` and ``j`` (inclusive, going forward)."""
        n, t, pos = self.n, self.tour, self.pos
        length = (j - i) % n + 1
        if 2 * length > n:  # reversing the complement gives the same cycle, cheaper
            i, j = (j + 1) % n, (i - 1) % n
            length = n - length
        for _ in range(length // 2):
            a, b = t[i], t[j]
            t[i], t[j] = b, a
            pos[b], pos[a] = i, j
            i = (i + 1) % n
            j = (j - 1) % n

    def double_bridge(self, rng: random.Random) -> list[int]:
        """Segment-local double-bridge kick A B C D → A C B D; returns the touched nodes."""
        n = self.n
        span = max(3, min(n - 1, 30))
        a = rng.randrange(n)
        cuts = sorted(rng.sample(range(1, span), 3)) if span > 3 else [1, 2, 3]
        t = self.tour[a:] + self.tour[:a]
        p1, p2, p3 = cuts
        new = t[:p1] + t[p2:p3] + t[p1:p2] + t[p3:]
        touched = {t[p1 - 1], t[p1], t[p2 - 1], t[p2], t[p3 - 1], t[p3 % n], t[0], t[-1]}
        self.set_tour(new)
        return list(touched)

    def run(self, active: list[int]) -> None:
        """Improve until no move helps from any active node."""
        queue = list(active)
        in_queue = [False] * self.n
        for a in queue:
            in_queue[a] = True
        while queue:
            a = queue.pop()
            in_queue[a] = False
            changed = self._improve_2opt(a) or self._improve_oropt(a)
            if changed:
                for c in changed:
                    if not in_queue[c]:
                        in_queue[c] = True
                        queue.append(c)

    def _improve_2opt(self, a: int) -> list[int] | None:
        d, pos, n, t = self.d, self.pos, self.n, self.tour
        da, near = d[a], self.neigh[a]
        pa = pos[a]
        b = t[pa + 1] if pa + 1 < n else t[0]  # forward: a b … c e → a c … b e
        dab, db = da[b], d[b]
        for c in near:
            g1 = dab - da[c]
            if g1 <= _EPS:
                break
            pc = pos[c]
            e = t[pc + 1] if pc + 1 < n else t[0]
            if c == b or e == a:
                continue
            if g1 + d[c][e] - db[e] > _EPS:
                self._reverse(pos[b], pc)
                return [a, b, c, e]
        b = t[pa - 1]  # backward: e c … b a → e b … c a, i.e. reverse a … e forward
        dab, db = da[b], d[b]
        for c in near:
            g1 = dab - da[c]
            if g1 <= _EPS:
                break
            e = t[pos[c] - 1]
            if c == b or e == a:
                continue
            if g1 + d[c][e] - db[e] > _EPS:
                self._reverse(pa, pos[e])
                return [a, b, c, e]
        return None

    def _improve_oropt(self, a: int) -> list[int] | None:
        d, n, t, pos, neigh = self.d, self.n, self.tour, self.pos, self.neigh
        pa = pos[a]
        for length in (1, 2, 3):
            if length + 2 >= n:
                break
            # a one-stop segment is the same with ``a`` first or last, and so are its ends:
            # searched once (the repeats could only fail again on the same tour)
            for ps1 in (pa,) if length == 1 else (pa, (pa - length + 1) % n):
                # segment s1 … s2 (forward), with a as its first or last node
                s1 = t[ps1]
                s2 = t[(ps1 + length - 1) % n]
                p = t[ps1 - 1]
                nx = t[(ps1 + length) % n]
                g_rem = d[p][s1] + d[s2][nx] - d[p][nx]
                if g_rem <= _EPS:
                    continue
                reach = g_rem - _EPS
                for end_node, other in ((s1, s2),) if length == 1 else ((s1, s2), (s2, s1)):
                    de = d[end_node]
                    d_other = d[other]
                    for c in neigh[end_node]:
                        dc = de[c]
                        if dc >= reach:
                            break
                        pc = pos[c]
                        if (pc - ps1) % n < length:
                            continue
                        dcrow = d[c]
                        pe = pc + 1 if pc + 1 < n else 0
                        e = t[pe]  # c's successor, then its predecessor
                        if not ((pe - ps1) % n < length or (c == p and e == nx) or (
                                c == nx and e == p)):
                            gain = g_rem - (dc + d_other[e] - dcrow[e])
                            if gain > _EPS:
                                self._move_segment(s1, length, c, e, end_node)
                                return [p, nx, s1, s2, c, e]
                        e = t[pc - 1]
                        if not ((pc - 1 - ps1) % n < length or (c == p and e == nx) or (
                                c == nx and e == p)):
                            gain = g_rem - (dc + d_other[e] - dcrow[e])
                            if gain > _EPS:
                                self._move_segment(s1, length, c, e, end_node)
                                return [p, nx, s1, s2, c, e]
        return None

    def _move_segment(self, s1: int, length: int, c: int, e: int, near_c: int) -> None:
        """Move the segment starting at ``s1`` between ``c`` and ``e``, ``near_c`` next to ``c``."""
        n = self.n
        ps = self.pos[s1]
        rot = self.tour[ps:] + self.tour[:ps]
        seg, rest = rot[:length], rot[length:]
        ic = rest.index(c)
        e_after = rest[(ic + 1) % len(rest)] == e
        # we build rest with the segment inserted between c and e
        if e_after:  # … c [seg] e …, c must touch near_c
            piece = seg if seg[0] == near_c else seg[::-1]
            new = rest[: ic + 1] + piece + rest[ic + 1 :]
        else:  # … e [seg] c …
            piece = seg if seg[-1] == near_c else seg[::-1]
            new = rest[:ic] + piece + rest[ic:]
        assert len(new) == n
        self.set_tour(new)
