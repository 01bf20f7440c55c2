"""How long each day of a rep's calendar would become with some visits added: the figure
the one-day move picker shows beside the hours planned now, so that a manager sees
whether the day still fits before choosing it.

Routing each candidate day again (as the move itself does, 0.1–0.2 s a day) would keep the
picker waiting seconds; instead each visit is put where it lengthens the day's present
route least (cheapest insertion, Rosenkrantz, Stearns & Lewis 1977), the day timed as the
calendar times it (visiting hours, the lunch break, the drive home). The move orders the
day again afterwards, so its day is seldom longer than this.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from planner import model as m
from planner._routing_windows import evaluate, order_day
from planner.errors import Cancelled
from planner.rep_days import rep_day_start
from planner.routing import lunch_of, parse_clock
from planner.schedule_index import customers_mask, territory_rows
from planner.territories import service_minutes
from planner.travel import travel_matrices
from planner.visit_times import window_minutes


@dataclass(frozen=True)
class Insertion:
    """A day with visits put into its present route where they lengthen it least."""

    added: float  # hours the day gains
    order: tuple[str, ...]  # the day's customers in visiting order, the new ones included
    in_hours: bool  # every visit of the day within its visiting hours


def added_hours(
    plan: m.Plan, territory_id: str, customer_ids: Iterable[str],
    slots: Iterable[tuple[int, str]], progress: Callable[[float, str], bool] | None = None,
) -> dict[tuple[int, str], float]:
    """(week, day) of ``slots`` → the hours the rep ``territory_id``'s day would gain with
    the visits of ``customer_ids`` added (a day the estimate cannot be made for, such as a
    customer without a position, is left out; ``progress``: :func:`insertions`)."""
    return {k: v.added for k, v in
            insertions(plan, territory_id, customer_ids, slots, progress=progress).items()}


def insertions(
    plan: m.Plan, territory_id: str, customer_ids: Iterable[str],
    slots: Iterable[tuple[int, str]], progress: Callable[[float, str], bool] | None = None,
) -> dict[tuple[int, str], Insertion]:
    """(week, day) of ``slots`` → the rep ``territory_id``'s day with the visits of
    ``customer_ids`` put into its present route where they cost least (a day this cannot
    be made for, such as a customer without a position, is left out). ``progress`` is
    told before each day; its ``False`` (the picker closed) raises :class:`Cancelled`."""
    from planner._calendar_reroute import ROUTE_SECONDS, _day_territory, _start_point

    s = plan.schedule
    wanted = list(dict.fromkeys((int(w), str(d)) for w, d in slots))
    if s is None or s.empty or not wanted:
        return {}
    c = plan.customers
    index = pd.Index(c[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object))
    moved = [cid for cid in dict.fromkeys(str(v) for v in customer_ids) if cid in index]
    if not moved:
        return {}
    lat_all = c[m.LAT].to_numpy(dtype=float)
    lon_all = c[m.LON].to_numpy(dtype=float)
    mine = territory_rows(s, territory_id)  # its rows, as the whole calendar filtered gives them
    # the wanted days' customers only: one day after a move (its rep's whole calendar made
    # a 2,000-point matrix, 0.3 s at 100,000 customers); each pair's time is the same
    on = pd.MultiIndex.from_arrays([mine["week"].astype(int), mine["day"].astype(str)])
    mine = mine[on.isin(wanted)]
    ids = list(dict.fromkeys([*mine["customer_id"].astype(str), *moved]))
    pos = index.get_indexer(ids)
    start = _start_point(plan, s, territory_id, index, lat_all, lon_all)
    # one matrix for the whole picker: the start point first, then the rep's customers
    tm = travel_matrices(np.concatenate([[start[0]], lat_all[pos]]),
                         np.concatenate([[start[1]], lon_all[pos]]), settings=plan.settings)
    service = np.concatenate([[0.0], service_minutes(c, plan.settings)[pos]])
    hours = c[m.VISIT_TIME].to_numpy(dtype=object)
    windows = [None, *(window_minutes(hours[p]) for p in pos)]
    opens = np.array([w[0] if w else 0.0 for w in windows])
    closes = np.array([w[1] if w else np.inf for w in windows])
    lunch = lunch_of(plan.settings.lunch_start, plan.settings.lunch_minutes)
    day_start = parse_clock(rep_day_start(_day_territory(plan, territory_id),
                                          plan.settings.day_start))
    at = {cid: k + 1 for k, cid in enumerate(ids)}

    def timed(route: list[int]) -> tuple[float, bool]:
        """The day's minutes along ``route`` (the start first) as the routing counts them,
        and whether every visit ends within its visiting hours."""
        if len(route) < 2:
            return 0.0, True
        day = evaluate(route, tm.minutes, service, opens, closes, day_start, lunch)
        return day.minutes, day.late <= 0.0

    def reordered(route: list[int]) -> tuple[list[int], float, bool]:
        """``route``'s points ordered by the calendar's routing (visiting hours first)."""
        nodes = np.array(route)
        order = order_day(tm.minutes[np.ix_(nodes, nodes)], service[nodes],
                          [windows[p] for p in nodes], day_start=day_start,
                          time_limit=ROUTE_SECONDS, lunch=lunch)
        again = [int(nodes[k]) for k in order]
        length, ok = timed(again)
        return again, length, not ok

    days = {(int(w), str(d)): rows.sort_values("seq")["customer_id"].astype(str).tolist()
            for (w, d), rows in mine.groupby(["week", "day"], sort=False)}
    out: dict[tuple[int, str], Insertion] = {}
    for n, (week, day) in enumerate(wanted):
        if progress is not None and not progress(n / len(wanted), ""):
            raise Cancelled()
        route = [0, *(at[cid] for cid in days.get((week, day), []) if cid not in moved)]
        was, _ = timed(route)
        now, late = was, False
        for cid in moved:  # each where the day grows least, within visiting hours if it can
            tries = [(not ok, length, k) for k in range(1, len(route) + 1)
                     for length, ok in [timed([*route[:k], at[cid], *route[k:]])]]
            late, now, k = min(tries)
            route.insert(k, at[cid])
        if late:  # no place within visiting hours: the day ordered again, as the move does
            route, now, late = reordered(route)
        if np.isfinite(now - was):
            out[(week, day)] = Insertion(max(float(now - was), 0.0) / 60.0,
                                         tuple(ids[p - 1] for p in route[1:]), not late)
    return out


def no_longer_than_inserted(
    plan: m.Plan, routed: pd.DataFrame, customer_ids: Iterable[str], target: tuple[int, str],
) -> pd.DataFrame:
    """``routed`` (``plan``'s calendar with ``customer_ids``' visits moved to ``target`` and
    its days routed again) with each rep's ``target`` day in the order of :func:`insertions`
    instead, where that order makes the day shorter within the visiting hours: the day is
    never longer than the picker said it would be (the search with visiting hours can miss
    it: a shop open 10:00–12:00 made a day 0.9 h longer than putting it in its place).

    Only that day is timed again in the picker's order; the calendar is copied only when
    that order is kept (its rows then replaced in place: ``routed`` is sorted by stop
    number, as :func:`planner._calendar_reroute.reroute` makes it)."""
    from planner._calendar_reroute import _slot_finder, route_day

    s = plan.schedule
    if s is None or "day_hours" not in routed:
        return routed
    ids = {str(c) for c in customer_ids}
    week, day = int(target[0]), str(target[1])
    moved = s.iloc[np.flatnonzero(customers_mask(s, ids))]
    out = routed
    slot_of = _slot_finder(routed)
    for territory in sorted(set(moved["territory"].astype(str))):
        mine = ids & set(moved.loc[moved["territory"].astype(str) == territory, "customer_id"]
                         .astype(str))
        best = insertions(plan, territory, sorted(mine), [(week, day)]).get((week, day))
        at = np.flatnonzero(slot_of(territory, week, day))
        rows = out.iloc[at]
        if best is None or not best.in_hours or set(best.order) != set(
                rows["customer_id"].astype(str)):
            continue
        rank = {cid: k + 1 for k, cid in enumerate(best.order)}
        rows = rows.copy()
        rows["seq"] = [rank[str(c)] for c in rows["customer_id"]]
        alt = route_day(plan, out, territory, rows, keep_order=True)
        if alt is None or not (float(alt["day_hours"].max())
                               < float(rows["day_hours"].max()) - 1e-6):
            continue
        out = out.copy()
        alt = alt.astype(out.dtypes.to_dict())
        for k, name in enumerate(out.columns):
            out.iloc[at, k] = alt[name].to_numpy()  # type: ignore[index]
    return out
