"""One territory's calendar: zones, the travel search, evening the days out, the repairs.

:func:`territory_schedule` is :func:`planner.schedule.build_schedule`'s work for one rep:
the customers' visit patterns on day zones (:mod:`planner._schedule_zones`), the travel
search (:mod:`planner._schedule_search`), the day lengths evened out with the spread priced
in, days longer than the working day repaired, visiting hours met
(:mod:`planner._schedule_windows`), visits moved off closed days
(:mod:`planner._schedule_off`), and the table of timed visits.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_dates import first_monday
from planner._schedule_days import TerritoryDays
from planner._schedule_give_way import Gave, gave_way_dates
from planner._schedule_input import TerritoryInput as TerritoryInput  # re-exported
from planner._schedule_keep_off import fill_room, move_off_kept, previous_order
from planner._schedule_keep_room import hold_rhythm, remembered_room
from planner._schedule_last_visit import place_last_visits
from planner._schedule_off import closed_day_losses, move_off
from planner._schedule_same_days import SameDays, keep_same_orders
from planner._schedule_search import even_out, ruin_recreate, swap
from planner._schedule_table import day_table
from planner._schedule_windows import fit_windows, impossible_hours, late_reason
from planner._schedule_zones import assign_naive, assign_zones, balance
from planner.i18n import tr
from planner.routing import lunch_of
from planner.travel import round_trip_minutes, travel_matrices
from planner.unscheduled import Reason

#: Ruin-and-recreate rounds per customer of a territory (see planner._schedule_search).
LNS_ROUNDS_PER_CUSTOMER = 0.5
#: Customers taken out together by one ruin-and-recreate round (neighbours of a random one).
LNS_SIZE = 30
#: Travel minutes worth one hour² of squared day-length deviation: how much travel the
#: calendar pays to make days similar (goal 3 ranks above travel; see benchmarks/README.md).
EVEN_WEIGHT = 3.0
#: The last evening-out pass pays a little more travel per hour² (it only polishes).
EVEN_FINAL_WEIGHT = 5.0
#: Day-hours standard deviation above which a territory's evening-out weight is raised
#: (up to EVEN_MAX_WEIGHT): goal 3 is judged per rep, not on the average of the reps.
EVEN_TARGET_STD = 0.7
EVEN_MAX_WEIGHT = 40.0
EVEN_STEP = 1.5
#: Ruin-and-recreate rounds per customer after evening out, with the spread priced in.
EVEN_LNS_ROUNDS_PER_CUSTOMER = 1.0
#: The same after each raise of a territory's evening-out weight (at the raised price).
EVEN_RAISE_LNS_ROUNDS_PER_CUSTOMER = 1.0


def territory_schedule(
    ctx: TerritoryInput,
    *,
    territory: str,
    settings: m.Settings,
    horizon: int,
    days: tuple[str, ...],
    limit: float,
    day_start: float,
    route_seconds: float,
    strategy: str,
    closed: dict[tuple[int, int], tuple[str, str]],
    progress: Any,
    days_off: set[tuple[int, int]] | None = None,
    company: set[tuple[int, int]] | None = None,
) -> tuple[pd.DataFrame, list[tuple[int, str, Reason]], list[tuple[int, str, str]],
           list[tuple[int, str, int]], str, str]:
    """The schedule rows of one territory, the customers (plan rows) left out with reasons
    and their codes, the visits of closed days (public holidays, days off) no other day could
    take, as (plan row, ISO date, reason), and the visits that gave way to a customer's only
    visit, as (plan row, ISO date, plan row of the customer placed)."""
    progress = _rising(progress)
    lat = np.concatenate([[ctx.start[0]], ctx.lat])
    lon = np.concatenate([[ctx.start[1]], ctx.lon])
    tm = travel_matrices(lat, lon, settings=settings)
    minutes, km = tm.minutes, tm.km
    n = len(ctx.rows)
    active = np.ones(n, dtype=bool)
    lost: list[tuple[int, str, Reason]] = []
    round_trip = round_trip_minutes(minutes[0, 1:], minutes[1:, 0], ctx.service)
    for i in np.flatnonzero(round_trip > limit):
        active[i] = False
        if ctx.service[i] > limit / 2:  # the visit itself fills the day: not the distance
            reason = tr(
                "The visit takes {visit:.1f} hours, and with the drive there and back "
                "{hours:.1f} hours, longer than the working day.",
                visit=float(ctx.service[i]) / 60.0, hours=float(round_trip[i]) / 60.0)
            code = Reason.VISIT_TOO_LONG
        else:
            reason = tr(
                "Too far from the start point: the visit and the drive there and back "
                "take {hours:.1f} hours, longer than the working day.",
                hours=float(round_trip[i]) / 60.0)
            code = Reason.TOO_FAR
        lost.append((int(ctx.rows[i]), reason, code))
    lunch = lunch_of(settings.lunch_start, settings.lunch_minutes)
    windows = {i: w for i, w in ctx.windows.items() if active[i]}
    for k, reason in impossible_hours(
        minutes, ctx.service, windows, day_start=day_start, limit=limit, labels=ctx.hours,
        lunch=lunch,
    ).items():
        active[k] = False
        del windows[k]
        lost.append((int(ctx.rows[k]), reason, Reason.VISIT_HOURS))
    # km east/north of the start point for the sweep
    x = (ctx.lon - ctx.start[1]) * 111.32 * np.cos(np.radians(ctx.start[0]))
    y = (ctx.lat - ctx.start[0]) * 110.57
    if strategy.startswith("naive"):
        day_sets, offsets = assign_naive(x=x, y=y, patterns=ctx.patterns, days=days)
        for k, o in ctx.weeks.items():
            offsets[k] = o
    else:
        inner = minutes[1:, 1:] + np.diag(np.full(n, np.inf))
        nearest = np.where(np.isfinite(inner.min(axis=1)), inner.min(axis=1), 0.0) if n > 1 else 0
        per_week = np.array([p.per_week if p.period == 1 else 1.0 / p.period for p in ctx.patterns])
        stops_per_day = max(1.0, float(per_week.sum()) / len(days))
        load = ctx.service + nearest + (minutes[0, 1:] + minutes[1:, 0]) / stops_per_day
        day_sets, offsets = assign_zones(
            x=x, y=y, load=load, patterns=ctx.patterns, days=days, matrix=minutes,
            closed=ctx.closed, weeks=ctx.weeks,
        )
    cal = TerritoryDays(
        minutes=minutes,
        service=ctx.service,
        patterns=ctx.patterns,
        day_sets=day_sets,
        offsets=offsets,
        horizon=horizon,
        n_days=len(days),
        limit_minutes=limit,
        route_seconds=route_seconds,
        active=active,
        weekday_no=[m.WEEKDAYS.index(d) for d in days],
        closed=ctx.closed,
        weeks=ctx.weeks,
        windows=windows,
        day_start=day_start,
        lunch=lunch,
    )
    cal.unpinned = dict(ctx.kept)
    first_days = {k: cal.day_sets[k] for k in ctx.previous}  # their kept days
    cal.shop_closed = dict(ctx.shop_closed)
    cal.wishes = set(ctx.wishes)
    cal.grown = set(ctx.grown)
    cal.yielding = set(ctx.yielding)
    cal.first = set(ctx.first)
    if ctx.importance is not None:
        cal.importance = np.asarray(ctx.importance)
    if ctx.orders:
        cal.hint = previous_order(ctx.orders)
    if ctx.same_days:
        cal.same = SameDays(ctx.same_days)
    cal.route_all(lambda f: progress(0.8 * f))
    tick = _ticker(progress, 0.82)
    if strategy.startswith("zones"):
        # the travel-only baseline spends the same search effort on travel alone
        rounds = LNS_ROUNDS_PER_CUSTOMER
        if strategy == "zones-travel":
            rounds += EVEN_LNS_ROUNDS_PER_CUSTOMER
        # relocate, swap and ruin-and-recreate on insertion estimates, then re-route the
        # edited days and relocate once more on the true routes
        cal.improve(tick=tick)
        swap(cal, tick=tick)
        progress(0.81)
        ruin_recreate(cal, iterations=int(rounds * n), size=LNS_SIZE, tick=tick)
        progress(0.83)
        cal.reoptimise(tick)
        cal.improve(tick=tick)
    if strategy == "zones":
        tick = _ticker(progress, 0.84)
        # similar days rank above travel: even the day lengths out, paying a little travel,
        # then search travel again with the spread priced in, and even out what is left
        _even_then_search(cal, EVEN_WEIGHT, int(EVEN_LNS_ROUNDS_PER_CUSTOMER * n), 1, tick)
        even_out(cal, weight=EVEN_FINAL_WEIGHT, tick=tick)
        # a territory whose days still differ a lot (far customers make long tours on a
        # few weekdays) pays more travel, raising the price step by step until the days are
        # similar; at each price the spread-priced ruin-and-recreate wins back some travel
        weight = EVEN_FINAL_WEIGHT
        while _day_spread(cal) > EVEN_TARGET_STD and weight < EVEN_MAX_WEIGHT:
            weight *= EVEN_STEP
            _even_then_search(cal, weight, int(EVEN_RAISE_LNS_ROUNDS_PER_CUSTOMER * n), 2, tick)
    full = tr("The working days are full: the visits do not fit in {hours:g} hours a day.",
              hours=limit / 60.0)
    if strategy != "naive":
        # keeping the days, a customer moved off a day too long goes onto no closed day
        cal.avoid = frozenset(closed) if ctx.kept else frozenset()
        cal.repair(full_reason=full)
        cal.avoid = frozenset()
        progress(0.85)
        if strategy.startswith("naive"):
            balance(cal)
        cal.reoptimise(tick)
        if cal.removed_reason:
            cal.reinsert()
        before = cal._snapshot() if ctx.previous else None
        _place_released(cal, ctx, closed, full)
        if before is not None and not cal.removed_reason.keys().isdisjoint(ctx.previous):
            ctx.held = _hold_rhythms(cal, ctx, closed, full, before, first_days)
        if cal.dirty:  # the days customers were put back on, or moved off
            cal.reoptimise(tick)
        if windows:
            cal.avoid = frozenset(closed) if ctx.kept else frozenset()
            fit_windows(cal, reason=lambda i: late_reason(ctx.hours[i]), tick=tick,
                        full_reason=full)
            cal.avoid = frozenset()
    off_lost: list[tuple[int, str, str]] = []
    gave: list[Gave] = []  # visits that gave way to a customer's only visit
    moved: dict[tuple[tuple[int, int], int], tuple[int, int]] = {}
    if closed and ctx.kept:  # the kept customers' visits first, as the previous calendar
        off = move_off_kept(cal, set(closed), moved, kept=ctx.visited | ctx.first,  # moved them
                            memory=ctx.memory, reason=full, gave=gave, gave_to=ctx.gave_to)
    else:
        off = move_off(cal, set(closed), moved)
    if strategy != "naive":
        off += fill_room(cal, set(closed), moved, reason=full)
        # a customer whose only visit fits nowhere: a neighbour moving may make room
        off = place_last_visits(cal, set(closed), moved, off, gave)
    if closed:
        off_lost = [
            (int(ctx.rows[j]), date, reason)
            for j, date, reason in closed_day_losses(
                cal, closed, days_off=days_off or (), company=company or (), moved=moved,
                lost=off,
            )
        ]
    if closed or cal.dirty:
        cal.reoptimise()
    keep_same_orders(cal)  # an unchanged day keeps its order (the solver has a time limit)
    ctx.released = {k for k in ctx.kept if k not in cal.unpinned and cal.active[k]} - ctx.held
    ctx.hand_moved = {k for k in cal.hand_moved if cal.active[k]}
    lost.extend((int(ctx.rows[i]), r, Reason.NO_ROOM_IN_HOURS
                 if i in ctx.windows and r == late_reason(ctx.hours[i]) else Reason.NO_ROOM)
                for i, r in cal.removed_reason.items())
    progress(1.0)

    frame = day_table(cal, rows=ctx.rows, territory=territory, days=days, minutes=minutes, km=km,
                      day_start=day_start, lunch=lunch, moved=moved,
                      first=first_monday(settings))
    given = [(int(ctx.rows[j]), iso, int(ctx.rows[i]))
             for j, iso, i in gave_way_dates(gave, cal.weekday_no, first_monday(settings))]
    return frame, lost, off_lost, given, tm.note, tm.source


def _place_released(
    cal: TerritoryDays, ctx: TerritoryInput, closed: Mapping[tuple[int, int], object],
    reason: str,
) -> None:
    """The customers left out placed where kept customers make room for them (released from
    their days, :func:`reclaim`); the room the kept customers' holiday moves go back to is
    not theirs to take (:func:`remembered_room`)."""
    with remembered_room(cal, closed, ctx.memory):
        if cal.removed_reason and cal.unpinned:  # kept customers move only to make room
            # for a customer new or changed, never onto a closed day (it would move back)
            cal.avoid = frozenset(closed)
            cal.reinsert(release=True)
            cal.avoid = frozenset()
        if cal.removed_reason and (cal.yielding or cal.unpinned):
            reclaim(cal, reason, avoid=frozenset(closed), kept=frozenset(ctx.kept))


def _hold_rhythms(
    cal: TerritoryDays, ctx: TerritoryInput, closed: Mapping[tuple[int, int], object],
    reason: str, before: tuple[Any, ...], days: dict[int, tuple[int, ...]],
) -> set[int]:
    """The customers now visited more often that are still left out keep their previous
    visits (:func:`hold_rhythm`); when the placing (``before``: the calendar before it) gave
    their room to others, it is done again with them held first. Returns those held."""
    patterns, grown = list(cal.patterns), set(cal.grown)
    held = hold_rhythm(cal, ctx.previous, days, closed)
    out = {k: v for k, v in ctx.previous.items() if k in cal.removed_reason}
    if not out:
        return held
    cal._rollback(before)
    cal.patterns[:], cal.grown = patterns, grown
    held = hold_rhythm(cal, out, days, closed)
    if held:
        _place_released(cal, ctx, closed, reason)
    return held | hold_rhythm(cal, ctx.previous, days, closed)


def reclaim(
    cal: TerritoryDays, reason: str, *, avoid: frozenset[tuple[int, int]],
    kept: frozenset[int] | None = None,
) -> None:
    """Put back the customers left out in the place of less important customers placed anew
    (new, changed, or left out by the previous calendar: rank, then sales,
    :func:`planner._schedule_customers.importance_order`; among equals one the previous calendar left
    out, ``cal.yielding``, gives way), which then take whatever room is left: a rebuild with
    kept days should not drop a weekly customer whose closing day moved, or a B customer
    handed over from another rep, to fit a C one. For a customer the previous calendar
    visited (or new to the list) kept customers may move off their days too
    (:meth:`TerritoryDays.reinsert` with ``release``), never all of a customer's visits onto
    the days of ``avoid`` (holidays, days off), where it would lose them; one the previous
    calendar left out moves no kept customer. ``kept``: the customers kept on their days
    (default: those pinned now)."""
    cal.avoid = avoid
    try:
        _reclaim(cal, reason, set(cal.unpinned) if kept is None else set(kept))
    finally:
        cal.avoid = frozenset()


def _reclaim(cal: TerritoryDays, reason: str, kept: set[int]) -> None:
    def weight(j: int) -> tuple[int, bool]:
        return int(cal.importance[j]), j not in cal.yielding

    for i in sorted(cal.removed_reason, key=lambda j: (weight(j), float(cal.service[j])),
                    reverse=True):
        if i not in cal.removed_reason:  # put back meanwhile (a reinsert below)
            continue
        below = {j for j in range(len(cal.active)) if j not in kept and weight(j) < weight(i)}
        if not below and i in cal.yielding:
            continue
        if _place_instead(cal, i, reason, below):
            continue
        if i in cal.first and _take_place(cal, i, reason, {
                j for j in range(len(cal.active)) if j not in cal.first and weight(j) < weight(i)}):
            continue
        present = [j for j in below if cal.active[j] and j in cal.yielding]
        if not present:
            continue
        # the room is on other days: all those the previous calendar left out leave, the
        # kept customers can move there
        snapshot = cal._snapshot()
        for j in present:
            cal.remove(j, reason)
        if _place_instead(cal, i, reason, below):
            _reinsert_all(cal)  # those that gave way take whatever room is left
        else:
            cal._rollback(snapshot)
    _reinsert_all(cal)


def _take_place(cal: TerritoryDays, i: int, reason: str, below: set[int]) -> bool:
    """Rolled on to the next period, customer ``i`` the last period did not visit takes the
    place of smaller accounts (``below``, kept on their days too), which then take whatever
    room is left: kept only when no more customers are left out than before (one in for one
    out, not one weekly customer for four monthly ones); False, nothing changed, otherwise."""
    snapshot, out = cal._snapshot(), len(cal.removed_reason)
    if _place_instead(cal, i, reason, below):
        _reinsert_all(cal)
        if len(cal.removed_reason) <= out:
            return True
    cal._rollback(snapshot)
    return False


def _reinsert_all(cal: TerritoryDays) -> None:
    """:meth:`TerritoryDays.reinsert` until it places no one (it tries 40 at a time)."""
    while cal.removed_reason and cal.reinsert():
        pass


def _place_instead(cal: TerritoryDays, i: int, reason: str, below: set[int]) -> bool:
    """Place taken-out customer ``i`` on one of its four cheapest pattern positions, then
    make room on each day it overfills (:func:`_room_for`); False, nothing changed, when
    none works."""
    for _n, _cost, days, offset, blocking in cal.positions(i)[:4]:
        snapshot = cal._snapshot()
        cal.place(i, days, offset)  # first, so that no one moves onto its days
        if all(_room_for(cal, key, i, reason, below) for key in blocking):
            return True
        cal._rollback(snapshot)
    return False


def _room_for(
    cal: TerritoryDays, key: tuple[int, int], i: int, reason: str, below: set[int]
) -> bool:
    """Bring day ``key``, overfilled by customer ``i``, back within the day: customers of
    ``below`` (less important, placed anew) leave it (the one giving most time first), then
    others move to days with room, those placed anew before those kept on their days
    (:meth:`TerritoryDays._release`; not for a customer the previous calendar left out)."""
    def over() -> bool:
        return cal.length(key) > cal.limit + 1e-6

    def saving(j: int) -> float:
        return cal._removal_saving(key, j) + float(cal.service[j])

    for j in sorted((j for j in cal.stops[key] if j in below), key=saving, reverse=True):
        if not over():
            return True
        cal.remove(j, reason)
    others = sorted((j for j in cal.stops[key] if j != i), key=saving, reverse=True)
    others.sort(key=lambda j: j in cal.unpinned)
    for j in others[:12]:
        if not over():
            break
        if not cal._try_move(j) and j in cal.unpinned and i not in cal.yielding:
            cal._release(j)
    return not over()


def _even_then_search(
    cal: TerritoryDays, weight: float, iterations: int, seed: int, tick: Any
) -> None:
    """Even the day lengths out at ``weight`` (minutes per hour² of spread), then run the
    ruin-and-recreate travel search with the same spread price, and re-route what changed."""
    even_out(cal, weight=weight, tick=tick)
    ruin_recreate(cal, iterations=iterations, size=LNS_SIZE, seed=seed, weight=weight, tick=tick)
    cal.reoptimise(tick)


def _day_spread(cal: TerritoryDays) -> float:
    """Standard deviation of the territory's working days, in hours (an empty day counts 0 h)."""
    lengths = np.array([cal.length(k) for k in cal.stops]) / 60.0
    return float(lengths.std(ddof=1)) if len(lengths) > 1 else 0.0


def _rising(progress: Any) -> Any:
    """``progress`` that never goes back: a search's periodic tick (its phase's fraction, sent
    only when 0.2 s have passed, so only on a slow or busy machine) may come after a later
    phase's first report; the bar then stays where it was."""
    top = [0.0]

    def report(fraction: float) -> Any:
        top[0] = max(top[0], fraction)
        return progress(top[0])

    return report


def _ticker(progress: Any, fraction: float, every: float = 0.2) -> Any:
    """A no-argument callback for the searches: reports ``fraction`` (so cancel is checked)
    at most every ``every`` seconds."""
    last = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        if now - last[0] >= every:
            last[0] = now
            progress(fraction)

    return tick
