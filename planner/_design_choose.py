"""A kept plan gaining territories: the flow's result or the carve's, which one to keep.

:func:`planner.design.design_territories` with ``keep_existing`` and more territories than the
plan has designs the new ones both ways — carved whole out of those around them
(:mod:`planner._design_carve`) or grown by the flow — and keeps one. Fewer customers moved
decides, but only between results within the tolerance whose new territories are not
far-flung: a new territory whose customers lie on average more than :data:`FAR` times as far
from its rep's home as the other territories' customers from theirs (the median; from its
centre, without a home, as the others' from their centres) is a territory the new rep cannot
work, however few customers it moved.
(Found on the README's sample chain with a ninth rep living in 川崎: the flow moved 75
customers and gave that rep 35 of them north-west of 所沢 up to 熊谷, 51 km from home on
average, 84 km at most; the carve moved 205 and its customers lie 10 km from home. And with a
ninth rep without a home: the flow's customers lay 16 km from their centre, the others' 8.3 km
from their homes but 6.1 km from their centres — a home lies towards its territory's edge —
so the scatter passed and was kept for its 235 moves against the carve's 275.)
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np

from planner import model as m
from planner import territories as tmod
from planner._design_graph import project_km
from planner._design_repair import BULK, BULK_SHARE
from planner._design_result import DesignResult

#: A new territory is far-flung beyond this many times the other territories' spread.
FAR = 2.0
#: The share of the progress bar the few-moves re-balance takes when the flow may follow.
AGAIN_PROGRESS = 0.75


def home_spread(plan: m.Plan, *, homes: bool = True) -> dict[str, float]:
    """Each territory's visit-weighted mean distance (km) of its customers from its rep's home,
    or from the territory's visit-weighted centre when it has none or ``homes`` is False (0
    without customers)."""
    c = plan.customers
    lat = c[m.LAT].to_numpy(dtype=float)
    lon = c[m.LON].to_numpy(dtype=float)
    located = np.isfinite(lat) & np.isfinite(lon)
    weight = tmod.visits_per_week(c, settings=plan.settings) + 1e-6
    codes = c[m.TERRITORY].to_numpy(dtype=object)
    out: dict[str, float] = {}
    for t in plan.territories:
        mine = located & (codes == t.id)
        if not mine.any():
            out[t.id] = 0.0
            continue
        w = weight[mine]
        if t.has_home and homes:
            at = (float(t.home_lat or 0.0), float(t.home_lon or 0.0))
        else:
            at = (float(np.average(lat[mine], weights=w)), float(np.average(lon[mine], weights=w)))
        xy = project_km(np.r_[lat[mine], at[0]], np.r_[lon[mine], at[1]])
        out[t.id] = float(np.average(np.hypot(*(xy[:-1] - xy[-1]).T), weights=w))
    return out


def far_flung(plan: m.Plan, new: Collection[str]) -> bool:
    """Whether a territory of ``new`` is far-flung in ``plan`` (module docstring): one with a
    home measured from it against the others from theirs; one without, from its centre against
    the others from their centres (a home often lies towards its territory's edge: against
    the others' homes, a scattered new territory would pass)."""
    by_home = home_spread(plan)
    by_centre = home_spread(plan, homes=False)
    homes = {t.id for t in plan.territories if t.has_home}
    for t in new:
        spread = by_home if t in homes else by_centre
        others = [v for u, v in spread.items() if u not in new]
        if others and spread.get(t, 0.0) > FAR * float(np.median(others)):
            return True
    return False


def choose(results: Sequence[DesignResult], *, tolerance: float,
           new: Collection[str]) -> DesignResult:
    """The result to keep (module docstring): within the tolerance first, then one whose new
    territories are not far-flung, then fewest customers moved, then the smaller deviation."""
    def rank(r: DesignResult) -> tuple[bool, bool, int, float]:
        return (r.max_deviation > tolerance + 5e-4, far_flung(r.plan, new), len(r.moves),
                r.max_deviation)

    return min(results, key=rank)


def spreads_far(result: DesignResult, customers: int) -> bool:
    """Whether a re-balance of a kept plan moved so many customers — :data:`BULK` and
    :data:`BULK_SHARE` of them or more, a big hand-over — that the flow may do it with fewer.

    Work added in one place (2,000 customers raised to twice a week around one rep's home:
    +18 % of the plan's workload) reaches every territory only over the borders between, so
    the re-balance spreads over the whole plan. The few-moves hand-over judges each move by
    the loads' excess alone; along chains of borders the flow with a move penalty sometimes
    needs far fewer (``bench_design_lasso.py --spread``: 9,431 and 8,355 customers at
    30,000 × 40; a disc of 600 at 10,000 × 20: 2,244 and 1,443), sometimes more. The 10 %
    shift of ``bench_design.py --rebalance`` moves 0.6 % of the customers: left alone."""
    return len(result.moves) >= max(BULK, BULK_SHARE * customers)


def fewer_moves(results: Sequence[DesignResult], *, tolerance: float) -> DesignResult:
    """The re-balance to keep of several of the same kept plan: within the tolerance first,
    then contiguous, then fewest customers moved, then the smaller deviation."""
    def rank(r: DesignResult) -> tuple[bool, bool, int, float]:
        return (r.max_deviation > tolerance + 5e-4, not r.contiguous, len(r.moves),
                r.max_deviation)

    return min(results, key=rank)
