"""Visiting hours (訪問時間帯): ordering a day within them, and calendars that keep to them.

Part 1, one day: random days of 8–20 stops in a 10 km square (straight line × 1.3 at
30 km/h, visits 10–30 min, day from 09:00), 30 % of the customers with hours (before
12:00, from 13:00, 10:00–12:00, 14:00–16:00). Ours (``order_day``: the shortest tour,
then Or-opt/2-opt on the clock from three starts) against OR-Tools' routing solver with a
time dimension (hard windows, waiting allowed, path-cheapest-arc then guided local
search for 1 s, from its cheapest-arc or its cheapest-insertion first solution), and the
shortest tour that ignores the hours. Day = mean minutes from 09:00 until back (travel,
visits, waiting) over the days the method kept within the hours; "vs ours" = the mean
ratio over the days both kept within them; late/none = days with a visit outside its
hours, or (OR-Tools) no order found within them (some random days have none).

Part 2, calendars: ``planner.synthetic`` customers with route-sales visit lengths and
territories designed on workload (as ``bench_schedule.py``), 20 % of the customers with
hours. Ours (``build_schedule``) against the same calendar built without the hours and
then each day re-ordered within them (what a calendar that ignores the hours gives the
rep), and against the plan without hours (what the hours cost).

    python benchmarks/bench_windows.py            # days, then calendars of 1,000 and 2,000
    python benchmarks/bench_windows.py --large    # adds 10,000 customers / 50 reps
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_schedule import realistic_plan  # noqa: E402

from planner import model as m  # noqa: E402
from planner._routing_windows import evaluate, order_day, visiting_hours  # noqa: E402
from planner.routing import clock_minutes, order_stops  # noqa: E402
from planner.schedule import build_schedule  # noqa: E402
from planner.visit_times import window_minutes  # noqa: E402

DAY_START = 540.0
HOURS = ((0.0, 720.0), (780.0, 1440.0), (600.0, 720.0), (840.0, 960.0))
HOURS_SHARE = (0.12, 0.10, 0.05, 0.03)  # 30 % of the customers
HOURS_TEXT = ("-12:00", "13:00-", "10:00-12:00", "14:00-16:00")
#: OR-Tools' first-solution strategies tried, each followed by guided local search for 1 s.
PEERS = (("PATH_CHEAPEST_ARC", "OR-Tools, cheapest arc"),
         ("PARALLEL_CHEAPEST_INSERTION", "OR-Tools, insertion"))


def random_day(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, list]:
    pts = rng.uniform(0, 10, (n + 1, 2))
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 1.3 * 2.0
    service = np.r_[0.0, rng.uniform(10, 30, n)]
    cut = np.cumsum(HOURS_SHARE)
    windows: list = [None]
    for _ in range(n):
        r = rng.random()
        k = int(np.searchsorted(cut, r, side="right"))
        windows.append(HOURS[k] if k < len(HOURS) else None)
    return minutes, service, windows


def ortools_day(
    minutes: np.ndarray, service: np.ndarray, windows: list, seconds: float, first: str
) -> list[int] | None:
    """OR-Tools' routing solver with a time dimension (seconds as integers); None = no order."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    n = len(minutes)
    manager = pywrapcp.RoutingIndexManager(n, 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    secs = np.rint(minutes * 60).astype(int).tolist()
    svc = np.rint(service * 60).astype(int).tolist()

    def transit(i: int, j: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return secs[a][b] + svc[a]

    cb = routing.RegisterTransitCallback(transit)
    routing.SetArcCostEvaluatorOfAllVehicles(cb)
    routing.AddDimension(cb, 24 * 3600, 48 * 3600, False, "Time")
    clock = routing.GetDimensionOrDie("Time")
    clock.SetSpanCostCoefficientForAllVehicles(1)
    start = int(DAY_START * 60)
    clock.CumulVar(routing.Start(0)).SetRange(start, start)
    for node in range(1, n):
        w = windows[node]
        if w:
            latest = int(min(w[1], 1440.0) * 60) - svc[node]
            clock.CumulVar(manager.NodeToIndex(node)).SetRange(int(w[0] * 60), max(latest, 0))
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, first)
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(params)
    if solution is None:
        return None
    order, index = [], routing.Start(0)
    while not routing.IsEnd(index):
        order.append(manager.IndexToNode(index))
        index = solution.Value(routing.NextVar(index))
    return order


def days_table(sizes: tuple[int, ...], count: int) -> None:
    print(f"one day, {count} random days per size, 30 % of the customers with visiting hours")
    print("  stops  method                  mean day min  vs ours  late/none  mean s")
    rng = np.random.default_rng(11)
    for n in sizes:
        rows: dict[str, list[tuple[float, bool, float]]] = {"ours": [], "shortest tour": []}
        for _ in range(count):
            minutes, service, windows = random_day(n, rng)
            opens, closes = visiting_hours(windows)
            t0 = time.perf_counter()
            ours = order_day(minutes, service, windows, day_start=DAY_START, time_limit=0.05)
            rows["ours"].append(_score(ours, minutes, service, opens, closes, t0))
            t0 = time.perf_counter()
            tour = order_stops(minutes, time_limit=0.05)
            rows["shortest tour"].append(_score(tour, minutes, service, opens, closes, t0))
            for first, name in PEERS:
                t0 = time.perf_counter()
                peer = ortools_day(minutes, service, windows, 1.0, first)
                if peer is None:  # no order found within the hours: counted as late
                    rows.setdefault(name, []).append((np.nan, True, time.perf_counter() - t0))
                else:
                    rows.setdefault(name, []).append(
                        _score(peer, minutes, service, opens, closes, t0))
        base = np.array([r[0] for r in rows["ours"]])
        base_ok = ~np.array([r[1] for r in rows["ours"]])
        for name, got in rows.items():
            day = np.array([r[0] for r in got])
            ok = ~np.array([r[1] for r in got])
            both = ok & base_ok
            ratio = f"{np.mean(day[both] / base[both] - 1.0) * 100:+6.2f} %" if both.any() else "     – "
            mean = f"{day[ok].mean():12.1f}" if ok.any() else f"{'–':>12s}"
            print(f"  {n:5d}  {name:22s}  {mean}  {ratio}  {int((~ok).sum()):9d}"
                  f"  {np.mean([r[2] for r in got]):6.3f}")


def _score(order: list[int], minutes: np.ndarray, service: np.ndarray, opens: np.ndarray,
           closes: np.ndarray, t0: float) -> tuple[float, bool, float]:
    seconds = time.perf_counter() - t0
    day = evaluate(order, minutes, service, opens, closes, DAY_START)
    return day.minutes, day.late > 1e-6, seconds


def with_hours(plan: m.Plan, seed: int = 5, share: float = 0.2) -> m.Plan:
    rng = np.random.default_rng(seed)
    r = rng.random(len(plan.customers))
    cut = np.cumsum(np.array(HOURS_SHARE) * share / sum(HOURS_SHARE))
    k = np.searchsorted(cut, r, side="right")
    text = np.array([*HOURS_TEXT, ""], dtype=object)[np.minimum(k, len(HOURS_TEXT))]
    c = plan.customers.copy()
    c[m.VISIT_TIME] = text
    return plan.replace(customers=c)


def outside_hours(plan: m.Plan, hours_of: m.Plan) -> int:
    s = plan.schedule
    assert s is not None
    hours = dict(zip(hours_of.customers[m.CUSTOMER_ID], hours_of.customers[m.VISIT_TIME],
                     strict=True))
    arrival, departure = clock_minutes(s["arrival"]), clock_minutes(s["departure"])
    bad = 0
    for cid, a, d in zip(s["customer_id"], arrival, departure, strict=True):
        w = window_minutes(hours[cid])
        bad += bool(w and (a < w[0] - 0.5 or d > w[1] + 0.5))
    return bad


def reorder_within_hours(built: m.Plan, hours_of: m.Plan) -> m.Plan:
    """The calendar ``built`` without hours, each day then ordered within ``hours_of``'s."""
    from planner._calendar_edits import _reroute

    s = built.schedule
    assert s is not None
    slots = {(str(t), int(w), str(d)) for t, w, d in s[["territory", "week", "day"]].itertuples(
        index=False)}
    return built.replace(customers=hours_of.customers,
                         schedule=_reroute(hours_of, s, slots))


def calendar_table(cases: tuple[tuple[int, int], ...]) -> None:
    print()
    print("calendars, 20 % of the customers with visiting hours (8-week horizon, 8 h days)")
    print("  customers  reps  method                       km  unsched  outside hours"
          "  mean day h  max day h  seconds")
    for n, k in cases:
        plain, _secs = realistic_plan(n, k)
        hours = with_hours(plain)
        rows = []
        t0 = time.perf_counter()
        ours = build_schedule(hours)
        rows.append(("ours (hours kept)", ours, hours, time.perf_counter() - t0))
        t0 = time.perf_counter()
        blind = build_schedule(plain)
        blind_secs = time.perf_counter() - t0
        t0 = time.perf_counter()
        reordered = reorder_within_hours(blind, hours)
        rows.append(("hours ignored, days re-ordered", reordered, hours,
                     blind_secs + time.perf_counter() - t0))
        rows.append(("no hours at all", blind, plain, blind_secs))
        for name, plan, judge, secs in rows:
            s = plan.schedule
            assert s is not None
            km = float(s["travel_km"].sum() + s["return_km"].sum())
            days = s.groupby(["territory", "week", "day"])["day_hours"].first()
            print(f"  {n:9,d}  {k:4d}  {name:30s} {km:8,.0f}  {len(plan.unscheduled):7d}"
                  f"  {outside_hours(plan, judge):13d}  {days.mean():10.2f}  {days.max():9.2f}"
                  f"  {secs:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="add 10,000 customers / 50 reps")
    parser.add_argument("--days", type=int, default=20, help="random days per size")
    args = parser.parse_args()
    days_table((8, 12, 16, 20), args.days)
    cases: tuple[tuple[int, int], ...] = ((1000, 5), (2000, 10))
    if args.large:
        cases += ((10000, 50),)
    calendar_table(cases)


if __name__ == "__main__":
    main()
