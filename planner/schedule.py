"""The call-cycle calendar: every visit on a week and weekday of the cycle, each day routed.

:func:`build_schedule` gives weekly customers the same weekday every week, every-two-weeks
customers the same weekday in alternate weeks, twice-a-week customers two weekdays at least
two days apart, and every-4/8/12-weeks customers one day of the (grown) horizon. Each working
day is a compact zone of the territory (see :mod:`planner._schedule_zones`); the calendar is
then shortened by relocating, swapping and ruin-and-recreate of customers' whole patterns
(:mod:`planner._schedule_search`), the day lengths are evened out (similar days rank above
little travel: whole patterns move from long days to short ones, then the travel search runs
again with the spread priced in), days longer than the working day are repaired, and each day
is ordered from the rep's start point (home base, or the customers' centre when the territory
has none — recorded in ``meta["schedule_no_home"]``). No visit ever falls on one of a
customer's closing days (定休日, ``closed_days``), and a customer with fixed visit days (訪問曜日,
``visit_days``) is seen on those only: it counts as closed on every other working day
(:mod:`planner.visit_days`), so every step above only offers a customer its allowed weekdays.
A customer seen every 2, 4 … weeks with a visit week (訪問週, ``visit_week``) keeps the week
offset it fixes (:mod:`planner.visit_weeks`) through every step. Customers that cannot be
scheduled (also those whose pattern needs more weekdays than they are open or allowed) are
listed in ``plan.unscheduled`` with the reason. A customer with visiting hours (訪問時間帯,
``visit_time``) is visited inside them: days holding such customers are ordered on the clock
and a last pass moves whoever makes a day late (:mod:`planner._schedule_windows`); the rep's
lunch break (``settings.lunch_start`` / ``lunch_minutes``) is on the same clock. A rep with
own working days or own day hours (``Territory.working_days`` / ``day_hours``,
:mod:`planner.rep_days`) is scheduled on those (``meta["schedule_days_by_territory"]`` /
``["schedule_day_hours_by_territory"]``); the ``days`` and ``day_hours`` arguments apply to
the others.

``plan.schedule`` has :data:`planner.model.SCHEDULE_COLUMNS` plus ``date`` (ISO date from
``settings.start_date``, "" when unset), ``holiday`` (name of the Japanese public holiday
falling on that date, "" otherwise: with ``settings.skip_holidays`` the visits of a holiday
— and of the company's and the reps' days off — move to the nearest working day of the same
week that has room, or a week for customers seen less often (:mod:`planner._schedule_off`);
a visit that fits nowhere is listed in ``meta["schedule_skipped"]`` with the date, or, when
its customer has no other visit, in ``plan.unscheduled``; so only plans that work on
holidays show names here),
``return_km`` and ``return_minutes`` (the drive back to the start point, on the day's last
stop, 0 elsewhere), ``day_hours`` (the whole day: travel, visits, waiting for opening times
and the return, not the lunch break) and ``lunch`` ("HH:MM" when the lunch break begins
before the visit, else "").
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._schedule_dates import add_dates, first_monday, holidays_in
from planner._schedule_dates import holiday_name as holiday_name  # re-exported (public)
from planner._schedule_days import TerritoryDays
from planner._schedule_keep import (
    CHANGED_KEY,
    changed_days,
    crowded_note,
    free_pin,
    pin_kept,
    week_shift,
)
from planner._schedule_off import SKIPPED_KEY, closed_day_losses
from planner._schedule_search import even_out, ruin_recreate, swap
from planner._schedule_table import EXTRA_COLUMNS as EXTRA_COLUMNS  # re-exported
from planner._schedule_table import day_table, finish_frame
from planner._schedule_windows import fit_windows, impossible_hours, late_reason
from planner._schedule_zones import (
    Pattern,
    assign_naive,
    assign_zones,
    balance,
    horizon_weeks,
    pattern_for,
)
from planner.days_off import company_days_in, days_off_in
from planner.errors import PlannerError
from planner.i18n import tr
from planner.progress import Progress, report
from planner.rep_days import (
    own_day_hours,
    own_days,
    rep_day_hours,
    rep_day_start,
    rep_name,
    schedule_day_sets,
    too_few_days_reason,
)
from planner.routing import lunch_of, parse_clock
from planner.territories import service_minutes
from planner.travel import travel_matrices
from planner.visit_days import day_limits
from planner.visit_times import visit_time_label, window_minutes
from planner.visit_weeks import fixed_offset

UNSCHEDULED_COLUMNS = ("customer_id", "territory", "reason")
STRATEGIES = ("zones", "zones-travel", "naive", "naive-repaired")
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


def build_schedule(
    plan: m.Plan,
    *,
    weeks: int | None = None,
    days: Sequence[str] | None = None,
    day_hours: float | None = None,
    route_seconds: float = 0.05,
    strategy: str = "zones",
    keep_days: bool = False,
    progress: Progress | None = None,
) -> m.Plan:
    """A new plan with the calendar (``schedule``), the ``unscheduled`` list and schedule meta.

    ``weeks``, ``days`` and ``day_hours`` default to the plan's settings. ``keep_days``:
    customers keep the weekday and week the present calendar gives them, only new and
    changed ones are placed (:mod:`planner._schedule_keep`; ``meta["schedule_kept"]``
    counts the customers kept). ``strategy``
    ``"naive"`` (weekday by angle, weeks in list order, days may run over),
    ``"naive-repaired"`` (the same, then the day-limit repair) and ``"zones-travel"``
    (the travel search without evening out the day lengths) exist only as the
    benchmark's baselines; the naive ones ignore closing days when they place visits.
    """
    s = plan.settings
    weeks = s.cycle_weeks if weeks is None else weeks
    days_t = tuple(s.working_days if days is None else days)
    hours = s.day_hours if day_hours is None else day_hours
    _validate(weeks, days_t, hours, strategy)
    day_sets = schedule_day_sets(plan, days_t)  # each territory's weekdays (its rep's own days)
    own = own_days(plan)
    parse_clock(s.day_start)  # an unreadable start of the day stops here, before the work
    report(progress, 0.0, tr("Preparing the calendar…"))

    c = plan.customers
    ids = c[m.CUSTOMER_ID].astype(str).to_numpy()
    terr = c[m.TERRITORY].astype(str).to_numpy()
    rank = c[m.RANK].astype(str).to_numpy()
    freq = c[m.FREQUENCY].to_numpy(dtype=float).copy()
    service = service_minutes(c, s)
    for j in np.flatnonzero(~np.isfinite(freq)):
        freq[j] = float(s.frequency_by_rank.get(rank[j], s.default_frequency))
    located = m.located_mask(c)
    known = set(plan.territory_ids)
    closed_codes = c[m.CLOSED_DAYS].to_numpy(dtype=object)
    visit_codes = c[m.VISIT_DAYS].to_numpy(dtype=object)
    visit_weeks = c[m.VISIT_WEEK].to_numpy(dtype=object)
    hours_text = c[m.VISIT_TIME].to_numpy(dtype=object)
    kept: set[int] = set()
    hand_days, hand_weeks = visit_codes, visit_weeks  # as the manager set them
    if keep_days:  # the present calendar's days and weeks, as if the manager had set them
        visit_codes, visit_weeks, kept = pin_kept(plan, freq, day_sets, visit_codes, visit_weeks)
    shut_by_row: dict[int, frozenset[int]] = {}  # working-day indexes a customer is not seen on

    unscheduled: list[tuple[str, str, str]] = []
    candidates: dict[str, list[int]] = {t: [] for t in plan.territory_ids}
    for i in range(len(c)):
        if terr[i] == "" or terr[i] not in known:
            unscheduled.append((ids[i], terr[i], tr("Not assigned to a territory.")))
        elif not located[i]:
            unscheduled.append((ids[i], terr[i], tr("The customer has no map position.")))
        elif freq[i] <= 0:
            unscheduled.append((ids[i], terr[i], tr("No visits: the visit frequency is 0.")))
        else:
            t_days = day_sets[terr[i]]
            reason = None
            if terr[i] in own:
                rep = rep_name(plan.territory(terr[i]))
                reason = too_few_days_reason(freq[i], visit_codes[i], t_days, rep=rep)
            per_week = pattern_for(freq[i], len(t_days)).per_week
            shut, limit_reason = day_limits(closed_codes[i], visit_codes[i], t_days, per_week)
            reason = reason or limit_reason
            if reason:
                unscheduled.append((ids[i], terr[i], reason))
                continue
            candidates[terr[i]].append(i)
            if shut:
                shut_by_row[i] = shut

    patterns = {
        i: pattern_for(freq[i], len(day_sets[t])) for t, rows in candidates.items() for i in rows
    }
    fixed = {i: fixed_offset(visit_weeks[i], p.period) for i, p in patterns.items()}
    week_by_row = {i: o for i, o in fixed.items() if o is not None}
    horizon = horizon_weeks(weeks, [p.period for p in patterns.values()])
    if horizon > 52:
        raise PlannerError(tr("The visit frequencies need a calendar longer than a year."))

    holidays = {d: holidays_in(s, horizon, d) for d in set(day_sets.values())}
    lat_all = c[m.LAT].to_numpy(dtype=float)
    lon_all = c[m.LON].to_numpy(dtype=float)
    frames: list[pd.DataFrame] = []
    no_home: list[str] = []
    notes: set[str] = set()
    crowded = 0  # customers the days could not hold (that the previous calendar did)
    left_out_before = (
        set(plan.unscheduled["customer_id"].astype(str)) if plan.unscheduled is not None else set()
    )
    sources: set[str] = set()
    skipped: list[list[str]] = []  # visits left out on closed days (SKIPPED_KEY)
    left_out: set[str] = set()
    total = max(1, sum(len(v) for v in candidates.values()))
    done = 0
    for t in plan.territories:
        rows = candidates[t.id]
        if not rows:
            continue
        share = len(rows) / total
        base = done / total
        report(progress, base, tr("Calendar for {name}…", name=t.name or t.id))
        if t.has_home:
            start = (float(t.home_lat), float(t.home_lon))  # type: ignore[arg-type]
        else:
            start = (float(lat_all[rows].mean()), float(lon_all[rows].mean()))
            no_home.append(t.id)
        ctx = _TerritoryInput(
            rows=np.asarray(rows, dtype=np.int64),
            lat=lat_all[rows],
            lon=lon_all[rows],
            service=service[rows],
            patterns=[patterns[i] for i in rows],
            start=start,
            closed={k: shut_by_row[i] for k, i in enumerate(rows) if i in shut_by_row},
            weeks={k: week_by_row[i] for k, i in enumerate(rows) if i in week_by_row},
            kept={k: free_pin(closed_codes[i], hand_days[i], hand_weeks[i], day_sets[t.id],
                              patterns[i]) for k, i in enumerate(rows) if i in kept},
            windows={k: w for k, i in enumerate(rows) if (w := window_minutes(hours_text[i]))},
            hours={k: visit_time_label(hours_text[i]) for k, i in enumerate(rows)},
        )

        label = t.name or t.id
        off = {k: (iso, "") for k, iso in days_off_in(t, s, horizon, day_sets[t.id]).items()}
        company = set(company_days_in(s, horizon, day_sets[t.id]))

        def sub(fraction: float, _b: float = base, _s: float = share, _n: str = label) -> None:
            report(progress, _b + _s * fraction, tr("Calendar for {name}…", name=_n))

        frame, lost, off_lost, note, source = _territory_schedule(
            ctx,
            territory=t.id,
            settings=s,
            horizon=horizon,
            days=day_sets[t.id],
            limit=rep_day_hours(t, hours) * 60.0,  # a rep's own hours (a part-timer's) win
            day_start=parse_clock(rep_day_start(t, s.day_start)),
            route_seconds=route_seconds,
            strategy=strategy,
            closed={**off, **holidays[day_sets[t.id]]},  # a public holiday says its name
            days_off=set(off) - company,
            company=company,
            progress=sub,
        )
        frames.append(frame)
        unscheduled.extend((ids[i], t.id, reason) for i, reason in lost)
        crowded += sum(1 for i, _reason in lost if ids[i] not in left_out_before)
        # a visit a closed day pushed out: the customer keeps its other visits (listed as
        # a skipped visit), unless it has none left
        seen = set(frame["row"].astype(int))
        for i, date, reason in off_lost:
            if i in seen:
                skipped.append([ids[i], t.id, date, reason])
            elif ids[i] not in left_out:
                left_out.add(ids[i])
                unscheduled.append((ids[i], t.id, reason))
        if note:
            notes.add(note)
        sources.add(source)
        done += len(rows)

    if kept and crowded:
        notes.add(crowded_note(crowded))
    schedule = finish_frame(frames, ids)
    add_dates(schedule, s)
    unsched = pd.DataFrame(unscheduled, columns=list(UNSCHEDULED_COLUMNS)).astype(object)
    meta: dict[str, Any] = dict(plan.meta)
    meta.update(
        {
            "schedule_weeks": horizon,
            "schedule_cycle_weeks": weeks,
            "schedule_days": list(days_t),
            "schedule_days_by_territory": {k: list(v) for k, v in own.items()},
            "schedule_day_hours": float(hours),
            "schedule_day_hours_by_territory": own_day_hours(plan),
            "schedule_no_home": no_home,
            "schedule_stale": False,
            "schedule_travel": "server" if sources == {"server"} else "straight-line",
            "schedule_note": " ".join(sorted(notes)),
            SKIPPED_KEY: skipped,
            "schedule_frequency_rounded": int(sum(p.rounded for p in patterns.values())),
            # customers whose rep, day or week differs from the previous calendar's, to tell
            CHANGED_KEY: (changed := changed_days(
                plan.schedule, schedule, shift=week_shift(plan.schedule, s),
                periods={str(ids[i]): p.period for i, p in patterns.items()},
            )),
            # customers still where the previous calendar had them, of those kept
            "schedule_kept": len({ids[i] for i in kept} & set(schedule["customer_id"].astype(str))
                                 - set(changed)),
        }
    )
    report(progress, 1.0, tr("Calendar ready."))
    return plan.replace(schedule=schedule, unscheduled=unsched, meta=meta)


@dataclass
class _TerritoryInput:
    """The customers of one territory to be scheduled (located, assigned, visited)."""

    rows: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    service: np.ndarray
    patterns: list[Pattern]
    start: tuple[float, float]
    closed: dict[int, frozenset[int]]  # local customer index -> working-day indexes closed on
    weeks: dict[int, int] = field(default_factory=dict)  # local index -> fixed week offset
    # local index kept on its days (keep_days) -> its closing days and visit week unpinned
    kept: dict[int, tuple[frozenset[int], int | None]] = field(default_factory=dict)
    # local index -> visiting hours (opens, closes) in minutes after midnight, and as shown
    windows: dict[int, tuple[float, float]] = field(default_factory=dict)
    hours: dict[int, str] = field(default_factory=dict)


def _validate(weeks: int, days: tuple[str, ...], hours: float, strategy: str) -> None:
    if not isinstance(weeks, int) or not 1 <= weeks <= 52:
        raise PlannerError(tr("The cycle must be between 1 and 52 weeks."))
    bad = [d for d in days if d not in m.WEEKDAYS]
    if bad or not days:
        raise PlannerError(
            tr("Unknown working day(s): {days}.", days=", ".join(bad) or tr("(none)"))
        )
    if len(set(days)) != len(days):
        raise PlannerError(tr("A working day is listed twice."))
    if not 0 < hours <= 24:
        raise PlannerError(tr("Day hours must be between 0 and 24."))
    if strategy not in STRATEGIES:
        raise PlannerError(tr("Unknown calendar strategy {name}.", name=strategy))


def _territory_schedule(
    ctx: _TerritoryInput,
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
) -> tuple[pd.DataFrame, list[tuple[int, str]], list[tuple[int, str, str]], str, str]:
    """The schedule rows of one territory, the customers (plan rows) left out with reasons,
    and the visits of closed days (public holidays, days off) no other day could take, as
    (plan row, ISO date, reason)."""
    lat = np.concatenate([[ctx.start[0]], ctx.lat])
    lon = np.concatenate([[ctx.start[1]], ctx.lon])
    tm = travel_matrices(lat, lon, settings=settings)
    minutes, km = tm.minutes, tm.km
    n = len(ctx.rows)
    active = np.ones(n, dtype=bool)
    lost: list[tuple[int, str]] = []
    round_trip = minutes[0, 1:] + minutes[1:, 0] + ctx.service
    for i in np.flatnonzero(round_trip > limit):
        active[i] = False
        lost.append(
            (
                int(ctx.rows[i]),
                tr(
                    "Too far from the start point: the visit and the drive there and back "
                    "take {hours:.1f} hours, longer than the working day.",
                    hours=float(round_trip[i]) / 60.0,
                ),
            )
        )
    lunch = lunch_of(settings.lunch_start, settings.lunch_minutes)
    windows = {i: w for i, w in ctx.windows.items() if active[i]}
    for k, reason in impossible_hours(
        minutes, ctx.service, windows, day_start=day_start, limit=limit, labels=ctx.hours,
        lunch=lunch,
    ).items():
        active[k] = False
        del windows[k]
        lost.append((int(ctx.rows[k]), reason))
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
    if strategy != "naive":
        cal.repair(
            full_reason=tr(
                "The working days are full: the visits do not fit in {hours:g} hours a day.",
                hours=limit / 60.0,
            )
        )
        progress(0.85)
        if strategy.startswith("naive"):
            balance(cal)
        cal.reoptimise(tick)
        placed = cal.reinsert() if cal.removed_reason else 0
        if cal.removed_reason and cal.unpinned:  # kept customers move only to make room
            placed += cal.reinsert(release=True)
        if placed:
            cal.reoptimise(tick)
        if windows:
            fit_windows(cal, reason=lambda i: late_reason(ctx.hours[i]), tick=tick)
    lost.extend((int(ctx.rows[i]), r) for i, r in cal.removed_reason.items())
    off_lost: list[tuple[int, str, str]] = []
    moved: dict[tuple[tuple[int, int], int], tuple[int, int]] = {}
    if closed:
        off_lost = [
            (int(ctx.rows[j]), date, reason)
            for j, date, reason in closed_day_losses(
                cal, closed, days_off=days_off or set(), company=company or set(), moved=moved
            )
        ]
        cal.reoptimise()
    progress(1.0)

    frame = day_table(cal, rows=ctx.rows, territory=territory, days=days, minutes=minutes, km=km,
                      day_start=day_start, lunch=lunch, moved=moved,
                      first=first_monday(settings))
    return frame, lost, off_lost, tm.note, tm.source


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
