"""``territory-planner schedule PLAN.gpkg``: build the call-cycle calendar and routes, in place.

Options: ``--weeks 4``, ``--days mon,tue,wed,thu,fri``, ``--day-hours 8`` (defaults: the
plan's settings, which then keep the values used), ``--lunch 60`` / ``--lunch-at 12:00`` (the lunch break, kept in the plan's
settings; 0 = none), ``--start 2026-12-07`` / ``--holidays skip|keep`` (real dates from week 1's
Monday; visits on public holidays, the company's days off (``--company-days-off 12/29-1/3``)
and reps' days off move to another day of the week, or a week for customers seen less
often; kept in the plan), ``--keep-days`` (customers keep the weekday and week the present calendar
gives them; only new and changed customers are placed), ``--from 2026-12-16`` (with the
days kept: the visits before that date stay exactly as they are) and ``--only 鈴木,T04``
(only those reps' calendars are built again; :mod:`planner._schedule_from`). Prints one line per rep (visits, days, longest day, travel km,
unscheduled; with ``--only``, after what was built again, those reps' alone, as are the counts
of customers kept on their days and placed anew) and names the territories without a home base (their routes start
from the customers' centre); the customers left out are counted by what to do about them
(change the customer, or make room) with the next step for each reason. The plan file is
rewritten atomically.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import shlex
import sys
from collections.abc import Collection
from typing import TextIO

import pandas as pd

from planner import model as m
from planner._schedule_keep_report import keep_report
from planner._schedule_no_home import no_home_text
from planner.errors import PlannerError
from planner.i18n import day_list, language, sentences, tr, trn
from planner.progress import Progress


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("plan", metavar="PLAN.gpkg", help=tr("plan file (rewritten in place)"))
    parser.add_argument("--weeks", type=int,
                        help=tr("weeks in the cycle (default: the plan's, 4); kept in the plan"))
    parser.add_argument(
        "--days", help=tr("working days, comma-separated (default: the plan's, mon,tue,wed,thu,fri); "
        "kept in the plan")
    )
    parser.add_argument("--day-hours", type=float,
                        help=tr("longest working day in hours (default: the plan's, 8); kept in the plan"))
    parser.add_argument(
        "--lunch", type=float, metavar="MINUTES",
        help=tr("lunch break in minutes, 0 = none (default: the plan's, 60); kept in the plan"),
    )
    parser.add_argument(
        "--lunch-at", metavar="HH:MM",
        help=tr("the lunch break begins at the first free moment from this time (default: the "
                "plan's, 12:00); kept in the plan"),
    )
    parser.add_argument(
        "--start", metavar="YYYY-MM-DD",
        help=tr("real dates: week 1 is the week of this date (none: no dates); kept in the plan"),
    )
    parser.add_argument(
        "--holidays", choices=("skip", "keep"),
        help=tr("with dates, move visits off Japanese public holidays (skip) or not (keep) "
                "(default: the plan's, skip); kept in the plan"),
    )
    parser.add_argument(
        "--company-days-off", metavar="DATES",
        help=tr("with dates, days no rep works (年末年始, お盆), e.g. \"12/29-1/3, 8/13-8/16\" "
        "(none: clear); kept in the plan"),
    )
    parser.add_argument(
        "--keep-days",
        action="store_true",
        help=tr("keep every customer on the weekday and week the present calendar gives it; "
        "place only new and changed customers"),
    )
    parser.add_argument(
        "--from", dest="since", metavar="YYYY-MM-DD",
        help=tr("with --keep-days on a dated calendar: the visits before this date stay exactly "
                "as they are (they happened); only the days from it on are built again"),
    )
    parser.add_argument(
        "--only", metavar="REPS",
        help=tr("with --keep-days: build again only these reps' calendars (rep names, territory "
                "names or ids, comma-separated); every other calendar stays as it is"),
    )
    parser.add_argument(
        "--workers", type=int, metavar="N",
        help=tr("processes building the reps' calendars side by side (default: the cores "
                "available; 1: one after another); the calendar is the same"),
    )
    parser.add_argument("--quiet", "-q", action="store_true", help=tr("no progress on stderr"))


_FULL = {
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu",
    "friday": "fri", "saturday": "sat", "sunday": "sun",
    "月": "mon", "火": "tue", "水": "wed", "木": "thu", "金": "fri", "土": "sat", "日": "sun",
}


def _parse_days(text: str | None) -> list[str] | None:
    """``mon,tue`` (or ``monday``, ``月,火``) → weekday codes; unknown names are kept for the error."""
    if text is None:
        return None
    tokens = [d.strip().lower().removesuffix("曜日").removesuffix("曜") for d in text.split(",")]
    days = [_FULL.get(d, d) for d in tokens if d]
    bad = [d for d in days if d not in m.WEEKDAYS]
    if bad or not days:  # 月〜金, 月水金, 土日: the grammar of HOMES.csv's days column
        from planner.rep_days import read_working_days

        working = read_working_days(text)
        if working is not None:
            return list(working)
        raise PlannerError(
            tr("Unknown working day(s): {days}.", days=", ".join(bad) or tr("(none)"))
        )
    return days


def terminal_progress(quiet: bool, stream: TextIO | None = None) -> Progress | None:
    """Progress lines on ``stream`` (stderr) in 10 % steps, only on a terminal, never twice."""
    out = sys.stderr if stream is None else stream
    if quiet or not out.isatty():
        return None
    last = [""]

    def progress(fraction: float, message: str) -> None:
        line = f"{int(fraction * 10) * 10:3d}%  {message}"
        if line != last[0]:
            last[0] = line
            print(line, file=out, flush=True)

    return progress


def summary_rows(plan: m.Plan, *, only: Collection[str] | None = None) -> list[list[str]]:
    """Per territory (those of ``only``, else every one): id, name, rep, visits, days, longest
    day (h), travel km, unscheduled."""
    sched = plan.schedule if plan.schedule is not None else pd.DataFrame()
    unsched = plan.unscheduled if plan.unscheduled is not None else pd.DataFrame()
    rows = []
    for t in plan.territories:
        if only is not None and t.id not in only:
            continue
        s = sched[sched["territory"] == t.id] if len(sched) else sched
        days = s[["week", "day"]].drop_duplicates() if len(s) else []
        km = float(s["travel_km"].sum() + s.get("return_km", pd.Series(dtype=float)).sum()) if len(s) else 0.0
        longest = float(s["day_hours"].max()) if len(s) and "day_hours" in s else 0.0
        lost = int((unsched["territory"] == t.id).sum()) if len(unsched) else 0
        rows.append(
            [t.id, t.name, t.rep, str(len(s)), str(len(days)), f"{longest:.1f}", f"{km:,.1f}", str(lost)]
        )
    return rows


def _with_dates(
    plan: m.Plan, start: str | None, holidays: str | None, company: str | None = None
) -> m.Plan:
    """``plan`` with the start date of ``--start``, the holiday choice of ``--holidays`` and
    the company's days off of ``--company-days-off`` (dates without a year from week 1)."""
    import dataclasses

    changes: dict[str, object] = {}
    if start is not None:
        changes["start_date"] = _start_date(start)
    if holidays is not None:
        changes["skip_holidays"] = holidays == "skip"
    settings = dataclasses.replace(plan.settings, **changes)  # type: ignore[arg-type]
    settings.validate()  # a start date no plan has (9999-12-25) stops here, in one sentence
    if company is not None:
        from planner._schedule_dates import first_monday
        from planner.days_off import parse_days_off

        text = company.strip()
        off = () if text.lower() in ("none", "なし") else parse_days_off(
            text, start=first_monday(settings)
        )
        settings = dataclasses.replace(settings, company_days_off=off)
    return plan.replace(settings=settings) if settings != plan.settings else plan


def _start_date(text: str) -> str:
    """``--start``: an ISO date, or "" for none (none, なし)."""
    text = text.strip()
    if text.lower() in ("", "none", "なし"):
        return ""
    try:
        return dt.date.fromisoformat(text.replace("/", "-")).isoformat()
    except ValueError:
        raise PlannerError(tr("The start date must look like 2027-04-05.")) from None


def _since(text: str) -> dt.date:
    """``--from``: the first day built again, 2026-12-16 (or 2026/12/16)."""
    try:
        return dt.date.fromisoformat(text.strip().replace("/", "-"))
    except ValueError:
        raise PlannerError(tr("The date of --from must look like 2026-12-16.")) from None


def _lunch_clock(at: str) -> str:
    """``--lunch-at``: a time of day, HH:MM."""
    from planner.routing import parse_clock

    try:
        parse_clock(at)
    except PlannerError:
        raise PlannerError(tr("The lunch time must look like 12:00.")) from None
    return at.strip()


def check_values(args: argparse.Namespace) -> list[str] | None:
    """The options' values judged alone, before the plan is read (a wrong one is a bad
    argument: exit status 2); returns the working days of ``--days``."""
    import dataclasses

    from planner._cli.arguments import judging_arguments

    with judging_arguments():
        if args.workers is not None and args.workers < 1:
            raise PlannerError(tr("--workers must be 1 or more."))
        days = _parse_days(args.days)
        given = {"cycle_weeks": args.weeks, "working_days": tuple(days) if days else None,
                 "day_hours": args.day_hours, "lunch_minutes": args.lunch,
                 "start_date": None if args.start is None else _start_date(args.start),
                 "lunch_start": None if args.lunch_at is None else _lunch_clock(args.lunch_at)}
        dataclasses.replace(m.Settings(), **{k: v for k, v in given.items()
                                             if v is not None}).validate()  # type: ignore[arg-type]
    return days


def _with_lunch(plan: m.Plan, minutes: float | None, at: str | None) -> m.Plan:
    """``plan`` with the lunch break of ``--lunch`` / ``--lunch-at`` in its settings."""
    import dataclasses

    changes: dict[str, object] = {}
    if minutes is not None:
        changes["lunch_minutes"] = float(minutes)
    if at is not None:
        changes["lunch_start"] = _lunch_clock(at)
    if not changes:
        return plan
    settings = dataclasses.replace(plan.settings, **changes)  # type: ignore[arg-type]
    settings.validate()
    return plan.replace(settings=settings)


def run(args: argparse.Namespace) -> int:
    """Build the calendar and save the plan; returns the exit status."""
    from planner._cli.arguments import judging_arguments
    from planner._cli.plan_file import open_plan
    from planner._cli.stats_cmd import format_table
    from planner._schedule_dates import dates_as_days, first_monday, holiday_label, holiday_name
    from planner._schedule_from import check_partial, from_report, rebuild_from
    from planner._schedule_off import gave_way_visits, skipped_visits
    from planner._schedule_rep_part import rebuilt_reps, reps_part
    from planner._schedule_told import changed_customers
    from planner.build_figures import figure_lines
    from planner.days_off import dates_within, days_off_label
    from planner.export.common import day_label
    from planner.export.excel_period import long_date
    from planner.gave_way_notes import gave_way_sentence
    from planner.rep_days import reps_names
    from planner.schedule import build_schedule
    from planner.store import check_plan_target, save_plan  # lazily: heavy
    from planner.unscheduled_groups import summary_lines

    days = check_values(args)
    plan = open_plan(args.plan, then="build")
    check_plan_target(args.plan)  # a read-only plan fails now, not after the build
    with judging_arguments():  # the days off of --company-days-off: read from the plan's week 1
        plan = _with_lunch(plan, args.lunch, args.lunch_at)
        plan = _with_dates(plan, args.start, args.holidays, args.company_days_off)
    since = None if args.since is None else _since(args.since)
    only = None if args.only is None else [x for x in re.split(r"[,、，]", args.only) if x.strip()]
    build = dict(weeks=args.weeks, days=days, day_hours=args.day_hours,
                 progress=terminal_progress(args.quiet), workers=args.workers)
    if since is not None or only is not None:  # keeping the days, of the past and other reps
        args.keep_days = True
        check_partial(plan, since, only, weeks=args.weeks, days=days,  # refused before
                      day_hours=args.day_hours)  # the work
        new = rebuild_from(plan, since=since, only=only, **build)  # type: ignore[arg-type]
    else:
        new = build_schedule(plan, keep_days=args.keep_days, **build)  # type: ignore[arg-type]
    save_plan(new, args.plan)
    # --only: said first what was built again (「伊藤 由美のカレンダーを作り直しました。…」, as the
    # window's report), then the counts are those reps' (the others' calendars stayed as they
    # were: their customers "kept", their km and customers left out unchanged)
    partial = from_report(new) if since is not None or only is not None else []
    reps = rebuilt_reps(new)
    rebuilt = reps_names(new, reps)
    whole, new = new, reps_part(new, reps) if reps else new
    if partial:
        print(partial[0])
    if reps:
        visits = 0 if whole.schedule is None else len(whole.schedule)
        print(tr("The whole calendar now has {visits} visits.", visits=f"{visits:,}"))
        print(tr("The figures that follow are those of {reps}.", reps=rebuilt))
    header = [
        tr("Territory"), tr("Territory name"), tr("Rep"), tr("Visits"), tr("Days"),
        tr("Longest day (h)"), tr("Travel km"), tr("Unscheduled"),
    ]
    numeric = [False, False, False, True, True, True, True, True]
    sys.stdout.write(format_table(header, summary_rows(new, only=reps or None), numeric))
    weeks = new.meta.get("schedule_weeks")
    print(tr("Calendar of {weeks} weeks, working days {days}, at most {hours:g} hours a day.",
             weeks=weeks, days=day_list(day_label(d) for d in new.meta.get("schedule_days", [])),
             hours=float(new.meta.get("schedule_day_hours", 0.0))))
    if new.settings.lunch_minutes > 0:
        print(tr("Lunch break: {minutes:g} minutes from {time} (not working time).",
                 minutes=float(new.settings.lunch_minutes), time=new.settings.lunch_start))
    own = new.meta.get("schedule_days_by_territory") or {}
    for tid, own_days in own.items():
        print(tr("{id} works on its own days: {days}.", id=tid,
                 days=day_list(day_label(d) for d in own_days)))
    for tid, hours in (new.meta.get("schedule_day_hours_by_territory") or {}).items():
        print(tr("{id} works at most {hours:g} hours a day.", id=tid, hours=float(hours)))
    if new.settings.start_date:
        monday = first_monday(new.settings)
        # the days as a manager writes them, 2026/12/07(月) and 12/30(水), not 2026-12-30
        print(tr("Week 1 begins on {date}; public holidays: {what}.",
                 date=long_date(monday) if monday is not None else "",
                 what=tr("visits moved off") if new.settings.skip_holidays else tr("kept")))
        if monday is not None and monday.isoformat() != new.settings.start_date:
            print(tr("{date} is not a Monday: the calendar runs in whole weeks from the Monday "
                     "of its week.", date=dates_as_days(new.settings.start_date)))
    # only the closures inside the calendar built: January's does not announce 12/29〜1/3
    def applying(dates: tuple[str, ...]) -> tuple[str, ...]:
        return dates_within(dates, new.settings, int(weeks or 0)) if new.settings.start_date \
            else dates

    if company := applying(new.settings.company_days_off):
        text = tr("Company days off: {dates}.", dates=days_off_label(company))
        if not new.settings.start_date:
            text = sentences(text, tr("Days off need the calendar's start date (--start)."))
        print(text)
    for t in new.territories:
        if off := applying(t.days_off):
            text = tr("{id} is off on {dates}.", id=t.id, dates=days_off_label(off))
            if not new.settings.start_date:
                text = sentences(text, tr("Days off need the calendar's start date (--start)."))
            print(text)
    # what asks the manager to act first, one item a line: the customers left out (by what
    # to do), the visits lost to holidays and days off, the reps without a home base
    unsched = new.unscheduled
    if unsched is not None and len(unsched):
        if len(unsched) == 1:
            print(tr("1 customer could not be scheduled:"))
        else:
            print(tr("{count} customers could not be scheduled:", count=f"{len(unsched):,}"))
        for line in summary_lines(unsched):  # by what to do: change the customer, make room
            print(line)
    gave = gave_way_visits(new)  # listed apart: they fall on open days
    skipped = skipped_visits(new).drop(index=gave.index)
    if len(skipped):
        print(trn("{n} visit on a holiday or day off fits no other day and is left out (its "
                  "customer keeps its other visits):",
                  "{n} visits on holidays or days off fit no other day and are left out (their "
                  "customers keep their other visits):", len(skipped), n=f"{len(skipped):,}"))
        for date, count in skipped.groupby("date").size().items():
            name = holiday_name(dt.date.fromisoformat(str(date)))
            print(f"  {count:5,d}  {dates_as_days(str(date))}"
                  + (f"  {holiday_label(name)}" if name else ""))
    no_home = no_home_text(new, where="cli", path=shlex.quote(str(args.plan)))  # the reps by name, and how to set one
    if no_home:
        print(no_home)
    # then what the build did of the rest
    sched = new.schedule
    if sched is not None and "holiday" in sched and (sched["holiday"] != "").any():
        hol = sched[sched["holiday"] != ""].groupby(["date", "holiday"]).size()
        print(tr("Visits falling on public holidays (first cycle):"))
        for (date, name), count in hol.items():
            print(f"  {dates_as_days(str(date))}  {holiday_label(name)}  {count}")
    if args.keep_days:
        kept = int(new.meta.get("schedule_kept", 0))
        placed = int(new.schedule["customer_id"].nunique()) - kept if new.schedule is not None else 0
        gap = "" if language() == "ja" else " "  # Japanese sentences follow 。 directly
        print(trn("{kept} customer kept its visit days.", "{kept} customers kept their visit "
                  "days.", kept, kept=f"{kept:,}") + gap + trn(
            "{placed} was placed anew.", "{placed} were placed anew.", max(placed, 0),
            placed=f"{max(placed, 0):,}"))
    changed = len(changed_customers(new))
    if changed:
        print(trn(
            "{n} customer has a new rep, visit day or week: the route sheets mark it.",
            "{n} customers have a new rep, visit day or week: the route sheets mark them.",
            changed,
            n=f"{changed:,}"))
    if new.meta.get("schedule_note"):
        print(dates_as_days(str(new.meta["schedule_note"])))
    if len(gave):
        print(gave_way_sentence(new))
        print(tr("The visits given up, by date:"))
        for date, count in gave.groupby("date").size().items():
            print(f"  {count:5,d}  {dates_as_days(str(date))}")
    for line in figure_lines(new, reps=rebuilt if reps else ""):  # asked for → built
        print(line)
    for line in keep_report(whole):  # per rep: visits moved to other days, customers left out
        print(line)
    for line in partial[1:]:  # each visit moved, each left out
        print(line)
    return 0
