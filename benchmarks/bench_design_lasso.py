"""Re-balance after a block of customers was moved by hand (bench_manager.py's lasso), core only.

The plan of ``bench_manager.py``: ``synthetic_plan`` customers designed around the reps' homes
(30,000 × 40 by default); the 2,000 customers nearest the third territory's home (a disc) are
assigned to the fourth territory, as is, with their frequency set to 8 visits, or locked; then
``design_territories(keep_existing=True, seeds="homes")`` is timed, stage by stage with
``--stages`` (each stage's start, and the customers each step of the design moved). Prints one
row per case: the total workload's change, the perfect re-balance (``datasets.perfect_moves``,
as ``bench_design.py`` counts it) and the perfect one along the borders
(``datasets.border_perfect_moves``), seconds, customers moved and the ratios, max deviation,
contiguous, and the territories left outside the tolerance (why). ``--spread`` adds the
frequency case with the same customers raised to 8 visits left where they were, and the same
number of customers anywhere in the plan raised to 8 instead.

    python benchmarks/bench_design_lasso.py [--size 30000:40] [--cases assign frequency lock]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import datasets  # noqa: E402

import planner.design as design_module  # noqa: E402
from planner import model as m  # noqa: E402
from planner import territories as tmod  # noqa: E402
from planner._design_graph import neighbour_graph, project_km  # noqa: E402
from planner.design import design_territories  # noqa: E402
from planner.synthetic import synthetic_plan  # noqa: E402

CASES = ("assign", "frequency", "lock")
#: The design's steps whose moves ``--stages`` counts (name, position of the labels argument).
STEPS = (("reach_fix", 1), ("flow_round", 3), ("carve_new_territories", 1),
         ("repair_islands", 1), ("hand_over", 1), ("boundary_swaps", 2),
         ("tidy_enclaves", 2), ("fill_empty", 1))


def lassoed(plan: m.Plan, case: str, count: int = 2000) -> m.Plan:
    """``plan`` with the ``count`` customers nearest the third territory's home assigned to the
    fourth (``case``: also their frequency set to 8, or locked)."""
    c = plan.customers.copy()
    home = plan.territories[2]
    lat, lon = c[m.LAT].to_numpy(float), c[m.LON].to_numpy(float)
    d = (lat - home.home_lat) ** 2 + ((lon - home.home_lon) * 0.81) ** 2
    block = np.argsort(np.nan_to_num(d, nan=np.inf))[:count]
    terr = c[m.TERRITORY].to_numpy(object).copy()
    terr[block] = plan.territories[3].id
    c[m.TERRITORY] = terr
    if case == "frequency":
        freq = c[m.FREQUENCY].to_numpy(float).copy()
        freq[block] = 8.0
        c[m.FREQUENCY] = freq
    if case == "lock":
        locked = c[m.LOCKED].to_numpy(bool).copy()
        locked[block] = True
        c[m.LOCKED] = locked
    return plan.replace(customers=c)


def spread(plan: m.Plan, case: str, count: int = 2000) -> m.Plan:
    """The frequency case's change without the lasso: ``"stay"`` raises the same customers to 8
    visits where they are; ``"anywhere"`` raises ``count`` customers drawn over the plan."""
    c = plan.customers.copy()
    freq = c[m.FREQUENCY].to_numpy(float).copy()
    if case == "stay":
        freq = lassoed(plan, "frequency", count).customers[m.FREQUENCY].to_numpy(float)
    else:
        freq[np.random.default_rng(0).choice(len(freq), count, replace=False)] = 8.0
    c[m.FREQUENCY] = freq
    return plan.replace(customers=c)


def labels_of(plan: m.Plan) -> np.ndarray:
    ids = {t: i for i, t in enumerate(plan.territory_ids)}
    return np.array([ids.get(t, -1) for t in plan.customers[m.TERRITORY]], dtype=np.int64)


def perfect(plan: m.Plan, before: m.Plan, tolerance: float = 0.05) -> tuple[int, int | None]:
    """The perfect re-balance of ``plan`` (as ``bench_design.py`` counts it) and the perfect
    one along the borders (the territories touching in ``plan`` or in ``before``: a territory
    emptied by the lasso still borders its old neighbours)."""
    k = len(plan.territories)
    metrics = tmod.territory_metrics(plan, balance="workload")
    loads = metrics["workload_hours_per_week"].to_numpy(dtype=float)
    labels = labels_of(plan)
    service = tmod.service_hours_per_week(plan.customers, plan.settings)
    travel_share = (metrics["travel_hours_per_week"].to_numpy()
                    / np.maximum(np.bincount(labels, weights=service, minlength=k), 1e-9))[labels]
    weight = service * (1 + travel_share)
    c = plan.customers
    u, v = neighbour_graph(project_km(c[m.LAT].to_numpy(float), c[m.LON].to_numpy(float))).edges()
    touching = []
    for lab in (labels, labels_of(before)):
        a, b = lab[u], lab[v]
        cross = (a != b) & (a >= 0) & (b >= 0)
        touching.append(np.column_stack([a[cross], b[cross]]))
    return (datasets.perfect_moves(loads, labels, weight, tolerance),
            datasets.border_perfect_moves(loads, labels, weight, tolerance,
                                          np.concatenate(touching),
                                          locked=c[m.LOCKED].to_numpy(bool)))


def count_steps(log: list[tuple[str, int]]) -> None:
    """Wrap the design's steps (:data:`STEPS`) so each appends (name, customers it moved)."""
    for name, at in STEPS:
        step = getattr(design_module, name)

        def counted(*args: Any, _step: Any = step, _name: str = name, _at: int = at,
                    **kwargs: Any) -> Any:
            out = _step(*args, **kwargs)
            before = kwargs.get("labels", args[_at] if len(args) > _at else None)
            after = out[0] if isinstance(out, tuple) else out
            if isinstance(after, np.ndarray) and np.shape(before) == after.shape:
                log.append((_name, int((after != before).sum())))
            return out

        setattr(design_module, name, counted)
    once = design_module._design_once

    def counted_once(*args: Any, **kwargs: Any) -> Any:
        log.append(("design, the empty carved" if kwargs.get("grow_new") else "design", -1))
        result = once(*args, **kwargs)
        log.append(("moved", len(result.moves)))
        return result

    design_module._design_once = counted_once  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="30000:40", help="n:k")
    parser.add_argument("--cases", nargs="*", default=list(CASES), choices=CASES)
    parser.add_argument("--stages", action="store_true",
                        help="print each stage's start and each step's moves")
    parser.add_argument("--spread", action="store_true",
                        help="also the frequency change without the lasso (see the docstring)")
    args = parser.parse_args()
    log: list[tuple[str, int]] = []
    if args.stages:
        count_steps(log)
    n, k = (int(x) for x in args.size.split(":"))
    t = time.perf_counter()
    plan = design_territories(synthetic_plan(n, territories=k, seed=1), count=k,
                              seeds="homes").plan
    print(f"designed {n:,} × {k} in {time.perf_counter() - t:.1f} s", flush=True)
    print("| case | workload | perfect | along the borders | seconds | moved | ratio | "
          "ratio along the borders | max\\|dev\\| | contiguous | outside the tolerance |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    total = float(tmod.territory_metrics(plan)["workload_hours_per_week"].sum())
    cases = [(case, lassoed(plan, case)) for case in args.cases]
    if args.spread:
        cases += [("frequency, not moved", spread(plan, "stay")),
                  ("as many raised anywhere", spread(plan, "anywhere"))]
    for case, changed in cases:
        rise = float(tmod.territory_metrics(changed)["workload_hours_per_week"].sum()) / total - 1
        best, along = perfect(changed, plan)
        log.clear()
        start = time.perf_counter()
        last = [""]

        def progress(fraction: float, message: str = "", start: float = start,
                     last: list[str] = last) -> bool:
            if args.stages and message != last[0]:
                print(f"    {time.perf_counter() - start:6.1f} s  {message}", flush=True)
                last[0] = message
            return True

        result = design_territories(changed, count=k, keep_existing=True,
                                    seeds="homes", progress=progress)
        seconds = time.perf_counter() - start
        for name, moved in log:
            print(f"    {'== ' + name if moved < 0 else name:26s} {'' if moved < 0 else moved}")
        outside = ", ".join(f"{t} ({why})" for t, why in getattr(result, "outside", ())) or "–"
        moved = len(result.moves)
        along_text = "–" if along is None else f"{along:,}"
        ratio_along = "–" if along is None else f"{moved / max(along, 1):.2f}"
        print(f"| {case} | {rise * 100:+.1f} % | {best:,} | {along_text} | {seconds:.1f} | "
              f"{moved:,} | {moved / max(best, 1):.2f} | {ratio_along} | "
              f"{result.max_deviation * 100:.2f} % | {'yes' if result.contiguous else 'NO'} | "
              f"{outside} |", flush=True)


if __name__ == "__main__":
    main()
