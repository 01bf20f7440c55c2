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
listed in ``plan.unscheduled`` with the reason; when the days are full the least important
customers (:func:`importance_order`: rank, then sales, then frequency) are the ones left out. A customer with visiting hours (訪問時間帯,
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
week that has room, or another week for customers seen less often (the week before or after,
any week of the period for those seen every 4 weeks or less often: :mod:`planner._schedule_off`);
a visit that fits nowhere is listed in ``meta["schedule_skipped"]`` with the date, or, when
its customer has no other visit and no visit of a customer seen more often can give way to it
(``meta["schedule_gave_way"]``), in ``plan.unscheduled``; so only plans that work on
holidays show names here),
``return_km`` and ``return_minutes`` (the drive back to the start point, on the day's last
stop, 0 elsewhere), ``day_hours`` (the whole day: travel, visits, waiting for opening times
and the return, not the lunch break) and ``lunch`` ("HH:MM" when the lunch break begins
before the visit, else "").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Sequence
from typing import Any

import numpy as np
import pandas as pd

from planner import model as m
from planner._calendar_once import keep_one_off
from planner._calendar_reps import PREVIOUS_KEY, RepNames, built_record, remember_territories
from planner._customer_edits import TAKEN_OUT_KEY, with_taken_out
from planner._schedule_built_with import record_working_time
from planner._schedule_customers import importance_order as importance_order  # re-exported
from planner._schedule_customers import typed_days as typed_days  # re-exported
from planner._schedule_damaged import DAMAGED_KEY, lost_days, previous_calendar
from planner._schedule_dates import add_dates, first_monday, holidays_in
from planner._schedule_dates import holiday_name as holiday_name  # re-exported (public)
from planner._schedule_far import far_reasons
from planner._schedule_from import FROM_KEY, MOVES_KEY
from planner._schedule_keep import free_pin, pin_kept, week_shift
from planner._schedule_keep_off import (
    closed_day_memory,
    gave_way_memory,
    kept_memory,
    previous_days,
    previous_visits,
)
from planner._schedule_keep_report import KEEP_REPORT_KEY, keep_record
from planner._schedule_keep_room import held_note, previous_rhythms
from planner._schedule_notes import fewer_note, rhythm_notes, words_or
from planner._schedule_off import CLOSED_OUT_KEY, GAVE_WAY_KEY, SKIPPED_KEY
from planner._schedule_parallel import TerritoryJob, run_territories
from planner._schedule_rep_part import KEPT_BY_KEY, kept_by_territory
from planner._schedule_roll import not_visited_again, not_visited_rows, rolled_on
from planner._schedule_same_days import previous_day_stops
from planner._schedule_table import EXTRA_COLUMNS as EXTRA_COLUMNS  # re-exported
from planner._schedule_table import finish_frame, kept_as_they_are
from planner._schedule_territory import TerritoryInput
from planner._schedule_told import CHANGED_KEY, changed_days, first_visits, lost_visits
from planner._schedule_zones import Pattern, horizon_weeks, pattern_for
from planner.build_figures import ASKED_KEY, asked_record
from planner.closed_days import join_days, split_days
from planner.days_off import company_days_in, days_off_in
from planner.errors import PlannerError
from planner.i18n import sentences, tr
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
from planner.routing import parse_clock
from planner.shared_reps import shared_rep_notes
from planner.territories import service_minutes
from planner.unscheduled import TO_FIX, Reason, unscheduled_frame
from planner.visit_days import day_limits
from planner.visit_times import visit_time_label, window_minutes
from planner.visit_weeks import fixed_offset

STRATEGIES = ("zones", "zones-travel", "naive", "naive-repaired")


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
    workers: int | None = None,
    only: Collection[str] | None = None,
) -> m.Plan:
    """A new plan with the calendar (``schedule``), the ``unscheduled`` list and schedule meta.

    ``weeks``, ``days`` and ``day_hours`` default to the plan's settings, and the plan
    returned keeps those used in its settings. ``keep_days``:
    customers keep the weekday and week the present calendar gives them, only new and
    changed ones are placed (:mod:`planner._schedule_keep`; ``meta["schedule_kept"]``
    counts the customers kept). ``strategy``
    ``"naive"`` (weekday by angle, weeks in list order, days may run over),
    ``"naive-repaired"`` (the same, then the day-limit repair) and ``"zones-travel"``
    (the travel search without evening out the day lengths) exist only as the
    benchmark's baselines; the naive ones ignore closing days when they place visits.
    ``workers``: processes building the territories side by side (``None``: the cores
    available; 1: one after another); the calendar is the same either way
    (:mod:`planner._schedule_parallel`). ``only``: the territories built; every other one
    keeps its rows of the present calendar (no work spent on a calendar a rebuild of one rep
    throws away, :func:`planner._schedule_from.rebuild_from`); everything plan-wide (the
    horizon, the notes on the frequencies, what each customer asks) is reckoned as before.
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
    importance = importance_order(rank, c[m.SALES].to_numpy(dtype=float), freq)
    kept: set[int] = set()
    grown: set[int] = set()  # kept, but visited more often since the last update
    hand_days, hand_weeks = visit_codes, visit_weeks  # as the manager set them
    typed = typed_days(c)  # of those, the customer's wish (not a hand move): never moved off
    # the present calendar, with the readable visits its damaged rows left out put back
    before = previous_calendar(plan)
    if keep_days:  # the present calendar's days and weeks, as if the manager had set them
        visit_codes, visit_weeks, kept, grown = pin_kept(
            before, freq, day_sets, visit_codes, visit_weeks)
    shut_by_row: dict[int, frozenset[int]] = {}  # working-day indexes a customer is not seen on
    shop_shut: dict[int, frozenset[int]] = {}  # of customers with visit days: closing days only

    unscheduled: list[tuple[str, str, str, str]] = []  # id, territory, reason, its code
    candidates: dict[str, list[int]] = {t: [] for t in plan.territory_ids}
    fewer: dict[int, int] = {}  # seen more times a week than it has days: on each of them
    for i in range(len(c)):
        if (terr[i] == "" or terr[i] not in known) and not located[i]:
            unscheduled.append((ids[i], terr[i], no_place_reason(), Reason.NO_POSITION))
        elif terr[i] == "" or terr[i] not in known:
            unscheduled.append((ids[i], terr[i], tr("Not assigned to a territory."),
                                Reason.NO_TERRITORY))
        elif not located[i]:
            unscheduled.append((ids[i], terr[i], tr("The customer has no map position."),
                                Reason.NO_POSITION))
        elif freq[i] <= 0:
            unscheduled.append((ids[i], terr[i], tr("No visits: the visit frequency is 0."),
                                Reason.NO_FREQUENCY))
        else:
            t_days = day_sets[terr[i]]
            reason, code = None, Reason.REP_DAYS
            if terr[i] in own:
                rep = rep_name(plan.territory(terr[i]))
                reason = too_few_days_reason(freq[i], visit_codes[i], t_days, rep=rep)
            per_week = pattern_for(freq[i], len(t_days)).per_week
            shut, limit_reason = day_limits(closed_codes[i], visit_codes[i], t_days, per_week)
            usable = len(t_days) - len(shut)
            if limit_reason and not reason and 1 <= usable < per_week:
                fewer[i] = usable  # seen on each day it can be: fewer visits, not none
                limit_reason = None
            if not reason:
                reason, code = limit_reason, Reason.NO_WORKING_DAY
            if reason:
                unscheduled.append((ids[i], terr[i], reason, code))
                continue
            candidates[terr[i]].append(i)
            if shut:
                shut_by_row[i] = shut
            if hand_days[i]:  # a holiday's visit may leave its 訪問曜日, never its 定休日
                shop_shut[i] = day_limits(closed_codes[i], "", t_days, per_week)[0]

    patterns = {
        i: pattern_for(freq[i], fewer.get(i, len(day_sets[t])))
        for t, rows in candidates.items() for i in rows
    }
    fixed = {i: fixed_offset(visit_weeks[i], p.period) for i, p in patterns.items()}
    week_by_row = {i: o for i, o in fixed.items() if o is not None}
    # the periods the cycle does not hold (every 8 weeks in a 4-week cycle) lengthen it
    periods = sorted(p for p in {p.period for p in patterns.values()} if weeks % p)
    horizon = horizon_weeks(weeks, list(periods))
    if horizon > 52:
        raise PlannerError(tr(
            "A {weeks}-week cycle repeated until the customers seen every {periods} weeks fit "
            "would run {horizon} weeks, more than a year: choose a cycle of {suggest} weeks.",
            weeks=weeks, periods=words_or(periods), horizon=horizon,
            suggest=horizon_weeks(1, list(periods)),
        ))

    holidays = {d: holidays_in(s, horizon, d) for d in set(day_sets.values())}
    notes: set[str] = set(rhythm_notes(
        weeks, horizon, periods, freq, {i: p for i, p in patterns.items() if i not in fewer}))
    if fewer:
        notes.add(fewer_note(freq, {i: patterns[i] for i in fewer}))
    notes.update(shared_rep_notes(plan.territories))  # one rep, two calendars: may overlap
    lat_all = c[m.LAT].to_numpy(dtype=float)
    lon_all = c[m.LON].to_numpy(dtype=float)
    frames: list[pd.DataFrame] = []
    no_home: list[str] = []
    unscheduled_before = (
        set(plan.unscheduled["customer_id"].astype(str)) if plan.unscheduled is not None else set()
    )
    # left out last time; a customer a closed day left with no visit is kept on its day
    left_out_before = unscheduled_before - {ids[i] for i in kept}
    # where the previous calendar moved (or left out) the kept customers' closed-day visits
    memory = kept_memory(closed_day_memory(
        plan, {ids[i]: i for i in kept}, first_monday(s), day_sets, horizon)) if kept else {}
    orders = previous_days(plan, {ids[i]: i for i in kept}) if kept else {}
    gave_to = gave_way_memory(plan, {cid: i for i, cid in enumerate(ids)}) if kept else {}
    same_days = previous_day_stops(  # the days that did not change keep their order
        plan.schedule, {cid: i for i, cid in enumerate(ids)}, days=day_sets,
        shift=week_shift(plan.schedule, s), horizon=horizon) if kept else {}
    visited_before = _before(plan)  # kept and visited: their closed-day visits move first
    # rolled on to the next period: the customers the last one did not visit come first
    rolled = keep_days and rolled_on(before, s)
    first = not_visited_rows((i for r in candidates.values() for i in r), ids, kept=kept,
                             visited=visited_before, left_out=unscheduled_before) if rolled else set()
    if first:
        importance = importance_order(rank, c[m.SALES].to_numpy(dtype=float), freq, first)
    rhythms = previous_rhythms(before, grown, horizon=horizon, shift=week_shift(before.schedule, s))
    held: list[tuple[str, int, int]] = []  # kept at the previous rhythm: name, wanted, kept
    moved_t: dict[str, list[str]] = {}  # keeping the days: moved to another day, per territory
    hand_t: dict[str, list[tuple[str, str]]] = {}  # of those, set by hand: id, hand-set days
    out_t: dict[str, list[tuple[str, str]]] = {}  # left out for lack of room: id, reason
    sources: set[str] = set()
    skipped: list[list[str]] = []  # visits left out on closed days (SKIPPED_KEY)
    left_out: set[str] = set()
    closed_out: list[list[str]] = []  # their visits, when that left a customer none (CLOSED_OUT_KEY)
    gave_way: list[list[str]] = []  # of the skipped, those given to an only visit (GAVE_WAY_KEY)
    jobs: list[TerritoryJob] = []
    for t in plan.territories:
        rows = candidates[t.id]
        if not rows:
            continue
        if t.has_home:
            start = (float(t.home_lat), float(t.home_lon))  # type: ignore[arg-type]
        else:
            start = (float(lat_all[rows].mean()), float(lon_all[rows].mean()))
            no_home.append(t.id)
        if only is not None and t.id not in only:
            continue  # keeps its present calendar (added below)
        local = {i: k for k, i in enumerate(rows)}
        ctx = TerritoryInput(
            rows=np.asarray(rows, dtype=np.int64),
            lat=lat_all[rows],
            lon=lon_all[rows],
            service=service[rows],
            patterns=[patterns[i] for i in rows],
            start=start,
            closed={k: shut_by_row[i] for k, i in enumerate(rows) if i in shut_by_row},
            shop_closed={k: shop_shut[i] for k, i in enumerate(rows) if i in shop_shut},
            weeks={k: week_by_row[i] for k, i in enumerate(rows) if i in week_by_row},
            kept={k: free_pin(closed_codes[i], hand_days[i], hand_weeks[i], day_sets[t.id],
                              patterns[i]) for k, i in enumerate(rows) if i in kept},
            grown={k for k, i in enumerate(rows) if i in grown},
            previous={k: rhythms[i] for k, i in enumerate(rows) if i in rhythms},
            wishes={k for k, i in enumerate(rows) if typed[i]},
            yielding={k for k, i in enumerate(rows)
                      if keep_days and not rolled and ids[i] in left_out_before},
            first={k for k, i in enumerate(rows) if i in first},
            memory={k: memory[i] for k, i in enumerate(rows) if i in memory},
            gave_to={local[j]: local[i] for j, i in gave_to.items() if j in local and i in local},
            visited={k for k, i in enumerate(rows) if (i in kept or keep_days and hand_days[i])
                     and ids[i] in visited_before},
            orders=[[local[i] for i in day if i in local] for day in orders.get(t.id, [])],
            same_days={k: [local[i] for i in day] for k, day in same_days.get(t.id, {}).items()
                       if all(i in local for i in day)},
            windows={k: w for k, i in enumerate(rows) if (w := window_minutes(hours_text[i]))},
            hours={k: visit_time_label(hours_text[i]) for k, i in enumerate(rows)},
            importance=importance[rows],
        )

        off = {k: (iso, "") for k, iso in days_off_in(t, s, horizon, day_sets[t.id]).items()}
        company = set(company_days_in(s, horizon, day_sets[t.id]))
        jobs.append(TerritoryJob(t.name or t.id, ctx, dict(
            territory=t.id,
            settings=s,
            horizon=horizon,
            days=day_sets[t.id],
            # a rep's own hours (a part-timer's day, or weekly hours over the days) win
            limit=rep_day_hours(t, hours, len(day_sets[t.id])) * 60.0,
            day_start=parse_clock(rep_day_start(t, s.day_start)),
            route_seconds=route_seconds,
            strategy=strategy,
            closed={**off, **holidays[day_sets[t.id]]},  # a public holiday says its name
            days_off=set(off) - company,
            company=company,
        )))
    # each territory's calendar depends on its input alone: built side by side, in order back
    built = run_territories(jobs, workers=workers, progress=progress)
    for t, (frame, lost, off_lost, given, note, source, ctx) in zip(
            [t for t in plan.territories if candidates[t.id] and (only is None or t.id in only)],
            built, strict=True):
        frames.append(frame)
        for i in (int(ctx.rows[k]) for k in ctx.held):
            name = f"{ids[i]} {c[m.NAME].iat[i]}".strip()
            held.append((name, patterns[i].period, rhythms[i][0]))
            patterns[i] = Pattern(rhythms[i][0], 1, False)  # its rhythm in this calendar
        # left out for room, its address outside the territory: how far, and whose area
        lost = far_reasons(t, plan.territories, lost, frame["row"].to_numpy(dtype=np.int64),
                           lat_all, lon_all, hours=rep_day_hours(t, hours, len(day_sets[t.id])))
        unscheduled.extend((ids[i], t.id, reason, code) for i, reason, code in lost)
        if keep_days:  # no room around the kept days (not the customer's own data: its hours …)
            moved_t[t.id] = [ids[int(ctx.rows[k])] for k in ctx.released]
            hand_t[t.id] = [(ids[i], join_days(split_days(hand_days[i])))
                            for i in (int(ctx.rows[k]) for k in ctx.hand_moved)]
            out_t[t.id] = sorted((ids[i], r) for i, r, code in lost
                                 if ids[i] not in unscheduled_before and code not in TO_FIX)
        # a visit a closed day pushed out: the customer keeps its other visits (listed as
        # a skipped visit), unless it has none left
        seen = set(frame["row"].astype(int))
        for i, date, reason in off_lost:
            if i in seen:
                skipped.append([ids[i], t.id, date, reason])
            else:  # the customer's only visits fell on closed days: unscheduled, and kept
                closed_out.append([ids[i], t.id, date])  # with the date for the office's call
                if ids[i] not in left_out:
                    left_out.add(ids[i])
                    unscheduled.append((ids[i], t.id, reason, Reason.CLOSED_DAY))
        for g, date, k in given:  # a visit that gave way: its customer keeps the others
            skipped.append([ids[g], t.id, date, tr(
                "The visit of {date} gave way to the only visit of {customer} this cycle.",
                date=date, customer=f"{ids[k]} {c[m.NAME].iat[k]}".strip())])
            gave_way.append([ids[g], t.id, date, ids[k]])
        if note:
            notes.add(note)
        sources.add(source)

    notes.update(held_note(held))
    schedule = finish_frame(frames, ids)
    add_dates(schedule, s)
    if only is not None:
        schedule = kept_as_they_are(schedule, plan.schedule, only)
    # keeping the days: per rep, the visits moved to other days and the customers left out
    keep_report = keep_record(schedule, moved=moved_t, hand=hand_t, out=out_t) if kept else {}
    unsched = unscheduled_frame((a, b, r, str(code)) for a, b, r, code in unscheduled)
    meta: dict[str, Any] = dict(plan.meta)
    meta.pop(DAMAGED_KEY, None)  # they are placed now: told below, counted no more
    meta.pop(TAKEN_OUT_KEY, None)  # told below (no visit now, or their new day)
    # a whole new calendar: the last partial rebuild's record (its reps, its moves) is
    # not this build's; rebuild_from records its own after this
    meta.pop(FROM_KEY, None)
    meta.pop(MOVES_KEY, None)
    meta.update(
        {
            "schedule_weeks": horizon,
            "schedule_cycle_weeks": weeks,
            "schedule_days": list(days_t),
            "schedule_days_by_territory": {k: list(v) for k, v in own.items()},
            "schedule_day_hours": float(hours),
            "schedule_day_hours_by_territory": own_day_hours(
                plan.replace(settings=dataclasses.replace(s, day_hours=float(hours))), days_t),
            "schedule_no_home": no_home,
            "schedule_stale": False,
            "schedule_travel": "server" if sources == {"server"} else "straight-line",
            "schedule_note": sentences(*sorted(notes)),
            SKIPPED_KEY: skipped,
            KEEP_REPORT_KEY: keep_report,
            CLOSED_OUT_KEY: closed_out,
            GAVE_WAY_KEY: gave_way,
            ASKED_KEY: asked_record(freq, terr, ids, day_sets=day_sets, days=days_t,
                                    horizon=horizon, unplaced=set(unsched["customer_id"])),
            "schedule_frequency_rounded": int(sum(p.rounded for p in patterns.values())),
            # customers whose rep, day or week differs from the previous calendar's, to tell
            # (every visit the previous calendar planned, those closed days left out too: a
            # customer back on its day after a holiday took its visit learns nothing new)
            CHANGED_KEY: (changed := changed_days(
                planned := _with_taken_out(previous_visits(before), before), schedule,
                shift=week_shift(before.schedule, s),
                periods={str(ids[i]): p.period for i, p in patterns.items()},
                old_rhythm=(rhythm_of := previous_visits(previous_calendar(plan, rhythm=True))),
                reps=RepNames.building(plan),
            ) | first_visits(planned, schedule, skip=_new_from_list(plan), lost=lost_days(plan))
              | lost_visits(_with_taken_out(before.schedule, before), schedule,
                            plan.customers, old_rhythm=rhythm_of)
              | not_visited_again(first, ids, terr, schedule)),
            # customers still where the previous calendar had them (kept, or on the visit
            # days the list fixes for them; a rep replaced in their territory is news, no move)
            "schedule_kept": len(kept_ids := ({ids[i] for i in kept} | _before(before))
                                 & set(schedule["customer_id"].astype(str))
                                 - {cid for cid, e in changed.items() if e[:2] != e[2:4]
                                    or e[4] != e[5] or len(e) > 6}),
            KEPT_BY_KEY: kept_by_territory(kept_ids, schedule),  # a one-rep rebuild's own
            # the reps those customers knew, as the previous calendar was built with them
            PREVIOUS_KEY: built_record(plan, {str(e[4]) for e in changed.values()}),
        }
    )
    report(progress, 1.0, tr("Calendar ready."))
    # the plan keeps how its calendar was built: the next build (--keep-days next month, the
    # dialog's fields) starts from the same cycle, working days and day length
    kept_settings = dataclasses.replace(
        s, cycle_weeks=int(weeks), working_days=tuple(days_t), day_hours=float(hours)
    )
    # a new calendar: nothing of a damaged saved one is left out or set aside any more; the
    # territories it names are remembered (a rep who leaves stays the previous rep it tells)
    made = record_working_time(remember_territories(plan.replace(  # what each rep had
        schedule=schedule, unscheduled=unsched, meta=meta, settings=kept_settings,
        calendar_set_aside="", calendar_left_out=""), built=True))
    return keep_one_off(plan, made, keep_days=keep_days)  # visits moved for one day only


def _with_taken_out(visits: pd.DataFrame | None, before: m.Plan) -> pd.DataFrame | None:
    """The previous calendar's ``visits`` with those an update took out of it since (a
    customer that lost its position), whose customers are told what this calendar does:
    without them a customer left with no visit was not told at all."""
    return None if visits is None or before.schedule is None else with_taken_out(visits, before)


def no_place_reason() -> str:
    """Why a customer with neither a territory nor a map position (a new shop of the monthly
    list, not located yet) is not in the calendar: the position is what the manager fixes."""
    return tr("No map position, so no territory either: locate its address or place it on "
              "the map.")


def _before(plan: m.Plan) -> set[str]:
    """The customers the previous calendar visited (none without one)."""
    if plan.schedule is None or plan.schedule.empty:
        return set()
    return set(plan.schedule["customer_id"].astype(str))


def _new_from_list(plan: m.Plan) -> set[str]:
    """Customers the plan's last update added from the company's list (told as 新規)."""
    from planner._update_changes import last_update

    return set(last_update(plan)["added"])


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
        raise PlannerError(tr("Day hours must be more than 0 and at most 24."))
    if strategy not in STRATEGIES:
        raise PlannerError(tr("Unknown calendar strategy {name}.", name=strategy))
