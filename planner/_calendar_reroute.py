"""Route the days of the calendar a hand edit touched again (:func:`reroute`), every other
day kept exactly as it was, and the new calendar made with one copy of the untouched rows.

The result is the calendar sorted by territory (the plan's order), week, weekday and stop
number, with the dates filled (:func:`planner._schedule_dates.add_dates`). A calendar that is
already so sorted (any the calendar builder or an edit made) keeps its untouched rows as
slices: the new calendar is those slices and the routed days put together once (0.2 s less at
100,000 customers than concatenating, sorting and taking the whole calendar again).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from planner import model as m
from planner._routing_windows import order_day, visiting_hours
from planner._schedule_dates import add_dates
from planner._tour_bound import tour_lower_bound
from planner.rep_days import rep_day_start
from planner.routing import ROUTE_COLUMNS, day_columns, lunch_of, parse_clock
from planner.schedule_index import (
    one_key,
    remember_order,
    remember_runs,
    sort_order,
    territory_positions,
)
from planner.territories import service_minutes
from planner.travel import travel_matrices
from planner.visit_times import window_minutes

#: Seconds spent ordering one edited day (the calendar builder spends the same).
ROUTE_SECONDS = 0.05

#: More runs of untouched rows than this: the calendar was not sorted, taken row by row.
_MAX_PIECES = 200


def reroute(
    plan: m.Plan,
    schedule: pd.DataFrame,
    slots: set[tuple[str, int, str]],
    *,
    keep_order: bool = False,
    base: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``schedule`` with the days in ``slots`` (territory, week, day) ordered and timed again
    (``keep_order``: timed again in their present order, as after a stop left the day).

    ``base``: the calendar ``schedule`` was made from by changing rows of the days in
    ``slots`` only (their week, day …, not their territory) and adding rows on those days
    after its own: its rows found by territory and its order, made once per calendar
    (:mod:`planner.schedule_index`), serve for ``schedule`` (finding them again took 0.1 s at
    100,000 customers)."""
    stops = _Stops(plan)
    keep = np.ones(len(schedule), dtype=bool)
    frames = []
    slot_of = _slot_finder(schedule, base)
    for territory, week, day in sorted(slots):
        here = slot_of(territory, week, day)
        keep &= ~here
        routed = route_day(plan, schedule, territory, schedule.loc[here],
                           keep_order=keep_order, stops=stops)
        if routed is not None:
            frames.append(routed)
    return assemble(plan, schedule, keep, frames, base=base)


class _Stops:
    """The customers' positions, visit lengths and visiting hours, read once per edit."""

    def __init__(self, plan: m.Plan):
        customers = plan.customers
        self.index = pd.Index(customers[m.CUSTOMER_ID].to_numpy(dtype=object))
        self.lat = customers[m.LAT].to_numpy(dtype=float)
        self.lon = customers[m.LON].to_numpy(dtype=float)
        self.service = service_minutes(customers, plan.settings)
        self.hours = customers[m.VISIT_TIME].to_numpy(dtype=object)


def route_day(
    plan: m.Plan, schedule: pd.DataFrame, territory: str, day_rows: pd.DataFrame, *,
    keep_order: bool = False, stops: _Stops | None = None,
) -> pd.DataFrame | None:
    """The visits ``day_rows`` of one day of ``territory`` in ``schedule`` ordered and timed
    again as :func:`reroute` does (``keep_order``: in the order of their stop numbers), in
    visiting order; None when the day has no visits."""
    if keep_order:
        day_rows = day_rows.sort_values("seq", kind="stable")
    if day_rows.empty:
        return None
    c = _Stops(plan) if stops is None else stops
    lunch = lunch_of(plan.settings.lunch_start, plan.settings.lunch_minutes)
    pos = c.index.get_indexer(day_rows["customer_id"].to_numpy(dtype=object))
    start = _start_point(plan, schedule, territory, c.index, c.lat, c.lon)
    day_start = parse_clock(rep_day_start(_day_territory(plan, territory),
                                          plan.settings.day_start))
    tm = travel_matrices(
        np.concatenate([[start[0]], c.lat[pos]]),
        np.concatenate([[start[1]], c.lon[pos]]),
        settings=plan.settings,
    )
    service = np.concatenate([[0.0], c.service[pos]])
    windows = [None, *(window_minutes(c.hours[p]) for p in pos)]
    order = list(range(len(pos) + 1)) if keep_order else order_day(
        tm.minutes, service, windows, day_start=day_start, time_limit=ROUTE_SECONDS,
        lunch=lunch,
    )
    opens = visiting_hours(windows)[0] if any(windows) else None
    cols = day_columns(order, tm.minutes, tm.km, service, day_start, opens=opens, lunch=lunch)
    routed = day_rows.iloc[[stop - 1 for stop in cols["stop"]]].copy()
    for key in ROUTE_COLUMNS:
        if key in routed:
            routed[key] = cols[key]
    return routed


def least_day_minutes(
    plan: m.Plan, schedule: pd.DataFrame, territory: str, customer_ids: Sequence[str], *,
    above: float = math.inf, stops: _Stops | None = None,
) -> float:
    """A lower bound on the minutes of one day of ``territory`` in ``schedule`` visiting
    ``customer_ids`` as :func:`route_day` routes and times it, in any order: the visits plus
    the Held–Karp bound on the round trip from the rep's start
    (:func:`planner._tour_bound.tour_lower_bound`, guided by the order given; it stops once
    past ``above``). Waiting only adds to a day and the lunch break is left out of it, so
    the day's hours are never below this / 60 (up to their rounding); 0 when a stop has no
    position or visit length to reckon with."""
    c = _Stops(plan) if stops is None else stops
    pos = c.index.get_indexer(np.asarray(list(customer_ids), dtype=object))
    if not len(pos) or (pos < 0).any():
        return 0.0
    start = _start_point(plan, schedule, territory, c.index, c.lat, c.lon)
    tm = travel_matrices(
        np.concatenate([[start[0]], c.lat[pos]]),
        np.concatenate([[start[1]], c.lon[pos]]),
        settings=plan.settings,
    )
    visits = float(np.sum(c.service[pos]))
    if not (math.isfinite(visits) and np.isfinite(tm.minutes).all()):
        return 0.0
    travel = tour_lower_bound(tm.minutes, list(range(len(pos) + 1)), above=above - visits)
    return visits + max(travel, 0.0)


def assemble(
    plan: m.Plan, schedule: pd.DataFrame, keep: np.ndarray, days: list[pd.DataFrame],
    *, base: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The rows of ``schedule`` in ``keep`` and the routed ``days``, dated and sorted by
    territory (the plan's order), week, weekday and stop number, indexed 0…, with
    ``schedule``'s column types; the same as :func:`assemble_by_sorting` with one copy
    (``base``: as in :func:`reroute`, its rows in ``keep`` being ``schedule``'s)."""
    extra = pd.concat(days, ignore_index=True) if days else schedule.iloc[:0]
    n = len(schedule)
    source, merged = _merged_order(plan, schedule, keep, extra, base)
    out = _put_together(schedule, extra, source)
    if out is None:  # not a sorted calendar: its kept rows taken in order once, then so
        own = source < n
        taken = schedule.take(source[own])
        again = np.where(own, np.cumsum(own) - 1, len(taken) + source - n)
        out = _put_together(taken, extra, again)
        if out is None:  # the routed days scattered too: row by row
            out = pd.concat([schedule, extra], ignore_index=True).take(source)
    out = out.reset_index(drop=True)
    if "date" in out:  # a moved visit falls on another date (and maybe a holiday)
        add_dates(out, plan.settings)
    out = out.astype(schedule.dtypes.to_dict())
    if merged is not None:  # sorted as it stands: the next edit of it needs no sort
        remember_order(out, _territory_ids(plan), np.arange(len(out)), *merged)
        _remember_territories(plan, out, *merged)
    return out


def _remember_territories(
    plan: m.Plan, out: pd.DataFrame, key: np.ndarray, scale: tuple[tuple[int, int], ...]
) -> None:
    """Keep the runs of ``out``'s rows by territory (``out`` sorted, ``key`` its rows' keys
    as :func:`_merged_order` made them), so that the views reading a rep's rows of the new
    calendar need not group it (30 ms at 100,000 customers); not when a territory the plan
    no longer has is in it (those share one code, not one run each)."""
    step = int(np.prod([w for _l, w in scale[:-1]]))
    codes = key // step + scale[-1][0]
    if len(codes) and int(codes[0]) < 0:
        return
    ids = _territory_ids(plan)
    present = np.unique(codes)
    starts = np.searchsorted(codes, present, side="left")
    ends = np.searchsorted(codes, present, side="right")
    remember_runs(out, {str(ids[int(c)]): (int(a), int(b))
                        for c, a, b in zip(present, starts, ends, strict=True)})


def _put_together(
    schedule: pd.DataFrame, extra: pd.DataFrame, source: np.ndarray
) -> pd.DataFrame | None:
    """The rows ``source`` (of ``schedule``, then of ``extra`` numbered on) as slices of
    consecutive rows put together once; None when they would be too many slices."""
    n = len(schedule)
    cut = np.flatnonzero((np.diff(source) != 1) | (source[1:] == n)) + 1
    if len(cut) >= _MAX_PIECES:
        return None
    starts = np.concatenate([[0], cut])
    ends = np.concatenate([cut, [len(source)]])
    pieces = [schedule.iloc[source[a]:source[b - 1] + 1] if source[a] < n
              else extra.iloc[source[a] - n:source[b - 1] - n + 1]
              for a, b in zip(starts, ends, strict=True)]
    return pd.concat(pieces, ignore_index=True) if pieces else schedule.iloc[:0].copy()


def assemble_by_sorting(
    plan: m.Plan, schedule: pd.DataFrame, keep: np.ndarray, days: list[pd.DataFrame],
    *, base: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`assemble` as it was made before (the whole calendar concatenated, dated, sorted
    and taken again): the reference the tests hold it to."""
    out = pd.concat([schedule.loc[keep], *days], ignore_index=True)
    if "date" in out:
        add_dates(out, plan.settings)
    sort = np.lexsort(_sort_keys(plan, (out, None)))
    return out.iloc[sort].reset_index(drop=True).astype(schedule.dtypes.to_dict())


def _merged_order(
    plan: m.Plan, schedule: pd.DataFrame, keep: np.ndarray, extra: pd.DataFrame,
    base: pd.DataFrame | None = None,
) -> tuple[np.ndarray, tuple[np.ndarray, tuple[tuple[int, int], ...]] | None]:
    """The rows of ``schedule`` in ``keep`` and of ``extra`` (numbered ``len(schedule)`` …)
    in calendar order: ``np.lexsort`` of their :func:`_sort_keys`, kept rows first among
    equals; and each of them its keys as one integer with their scale (None when not made).

    The calendar's order is sorted once (:func:`planner.schedule_index.sort_order`, of
    ``base`` when given: its rows in ``keep`` are ``schedule``'s); the kept rows keep it and
    the few routed rows are merged in (a lexsort of the whole calendar took 40 ms at 100,000
    customers)."""
    n = len(schedule)
    ref = schedule if base is None else base
    ranked = None
    if len(ref) <= n and not keep[len(ref):].any():
        ranked = sort_order(ref, _territory_ids(plan), lambda s: _sort_keys(plan, (s, None)))
    extra_key = None if ranked is None else one_key(_sort_keys(plan, (extra, None)), ranked[2])
    if ranked is None or extra_key is None:  # keys too wide for one integer: as before
        kept = np.flatnonzero(keep)
        order = np.lexsort(_sort_keys(plan, (schedule, kept), (extra, None)))
        return np.concatenate([kept, n + np.arange(len(extra))])[order], None
    order, key, scale = ranked
    kept = order[keep[:len(ref)][order]]  # the kept rows in calendar order
    mine = np.argsort(extra_key, kind="stable")
    at = np.searchsorted(key[kept], extra_key[mine], side="right")  # after equal kept rows
    return (np.insert(kept, at, n + mine),
            (np.insert(key[kept], at, extra_key[mine]), scale))


def _territory_ids(plan: m.Plan) -> list[str]:
    return [t.id for t in plan.territories]


def _sort_keys(
    plan: m.Plan, *parts: tuple[pd.DataFrame, np.ndarray | None]
) -> tuple[np.ndarray, ...]:
    """``np.lexsort``'s keys (stop number, weekday, week, territory) of the rows ``at`` of
    each (frame, at) (all its rows when None), one after the other."""
    days = pd.Index(m.WEEKDAYS)
    territories = pd.Index([t.id for t in plan.territories])

    def column(name: str, code: pd.Index | None) -> np.ndarray:
        values = []
        for frame, at in parts:
            v = frame[name].to_numpy(dtype=object if code is not None else None)
            v = v if at is None else v[at]
            values.append(code.get_indexer(v) if code is not None else v)
        return np.concatenate(values) if values else np.zeros(0, dtype=np.int64)

    return (column("seq", None), column("day", days), column("week", None),
            column("territory", territories))


def _slot_finder(
    schedule: pd.DataFrame, base: pd.DataFrame | None = None
) -> Callable[[str, int, str], np.ndarray]:
    """A function giving the mask of ``schedule``'s rows on one (territory, week, day): each
    day is looked for among its rep's rows alone (:func:`planner.schedule_index`, grouped
    once per calendar, ``base``'s when given, as in :func:`reroute`; coding the whole
    calendar for it took 20 ms at 100,000 customers)."""
    ref = schedule if base is None or len(base) > len(schedule) else base
    weeks = schedule["week"].to_numpy()
    days = schedule["day"].to_numpy(dtype=object)
    territories = schedule["territory"].to_numpy(dtype=object)
    added = np.arange(len(ref), len(schedule))  # rows after ``base``'s own

    def rows(territory: str, week: int, day: str) -> np.ndarray:
        mask = np.zeros(len(schedule), dtype=bool)
        at = territory_positions(ref, territory)
        if len(added):
            at = np.concatenate([at, added[territories[added] == territory]])
        mask[at[(weeks[at] == week) & (days[at] == day)]] = True
        return mask

    return rows


def _day_territory(plan: m.Plan, territory_id: str) -> m.Territory:
    """The territory whose day of the calendar is routed; one the calendar still names that
    the plan no longer has (deleted or merged since the build): no home or hours of its own,
    so its days start at the plan's start, from the centre of its visits."""
    try:
        return plan.territory(territory_id)
    except KeyError:
        return m.Territory(id=territory_id, name="")


def _start_point(
    plan: m.Plan,
    schedule: pd.DataFrame,
    territory: str,
    index: pd.Index,
    lat_all: np.ndarray,
    lon_all: np.ndarray,
) -> tuple[float, float]:
    """The rep's home base, else the centre of the territory's scheduled customers."""
    t = _day_territory(plan, territory)
    if t.has_home:
        return float(t.home_lat), float(t.home_lon)  # type: ignore[arg-type]
    ids = pd.unique(schedule.loc[schedule["territory"] == territory, "customer_id"])
    pos = index.get_indexer(ids)
    return float(lat_all[pos].mean()), float(lon_all[pos].mean())
