"""``territory-planner stats PLAN.gpkg [--json]``: the plan's figures as a table or one JSON object."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from planner.frequency import visits_text
from planner.i18n import clauses, sentences, tr, trn


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("plan", metavar="PLAN.gpkg", help=tr("plan file"))
    parser.add_argument("--json", action="store_true", help=tr("print one JSON object"))
    parser.add_argument(
        "--balance",
        choices=["workload", "visits", "sales", "customers"],
        help=tr("measure for the deviation (default: the plan's setting)"),
    )


def run(args: argparse.Namespace) -> int:
    """Load the plan and print its figures; returns the exit status."""
    from planner._cli.plan_file import open_plan
    from planner.model import has_sales
    from planner.stats import plan_stats

    plan = open_plan(args.plan)
    stats = plan_stats(plan, balance=args.balance)
    if args.json:  # the sales stay numbers (0.0 without figures): the documented keys
        sys.stdout.write(json.dumps(stats, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_stats(stats, sales=has_sales(plan.customers)))
    return 0


def text_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (East Asian wide and full-width characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, *, right: bool) -> str:
    gap = " " * max(0, width - text_width(text))
    return gap + text if right else text + gap


def format_table(
    header: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]
) -> str:
    """Rows aligned in columns by display width; numeric columns to the right."""
    widths = [max([text_width(h)] + [text_width(r[i]) for r in rows]) for i, h in enumerate(header)]
    lines = []
    for row in [list(header), ["-" * w for w in widths], *rows]:
        cells = [_pad(c, widths[i], right=numeric[i]) for i, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines) + "\n"




def calendar_km_columns(
    stats: dict[str, Any], header: list[str], rows: list[list[str]], numeric: list[bool]
) -> list[str]:
    """With a calendar, put its kilometres before the estimate in the table: first what each
    rep drives in the calendar's weeks (holidays and days off as they fall, the dock's and the
    workbook's figure), then, when that differs, the same routes as a full cycle without days
    off beside the estimate it compares with; returns the note that says what that one is."""
    territories = stats["territories"]
    if not any("scheduled_travel_km" in t for t in territories):
        return []
    at = header.index(tr("Travel km/cycle (estimate)"))
    weeks = (stats.get("schedule") or {}).get("weeks")
    real = [float(t.get("scheduled_travel_km", 0.0)) for t in territories]
    scaled = [float(t.get("scheduled_travel_km_per_cycle", 0.0)) for t in territories]
    columns = [(tr("Calendar km ({weeks} weeks)", weeks=weeks) if weeks else tr("Calendar km"),
                real)]
    # the same without December's closed days or an 8-week calendar: nothing to explain
    apart = any(f"{a:,.0f}" != f"{b:,.0f}" for a, b in zip(real, scaled, strict=True))
    if apart:
        columns.append((tr("Calendar km, full cycle without days off"), scaled))
    for i, (title, values) in enumerate(columns):
        header.insert(at + i, title)
        numeric.append(True)
        for row, value in zip(rows, values, strict=True):
            row.insert(at + i, f"{value:,.0f}")
    if not apart:
        return []
    return [tr("{scaled}: the calendar's km a working day over a whole cycle with no day "
               "off, to set beside the estimate. What the reps drive is \"{real}\".",
               scaled=columns[1][0], real=columns[0][0])]


def format_stats(stats: dict[str, Any], *, sales: bool = True) -> str:
    """The readable form of :func:`planner.territories.plan_stats`; ``sales=False`` (a list
    without sales figures) shows the sales as "—", not 0, as the dock and the workbook do."""
    from planner.model import NO_FIGURE
    from planner.territories import deviation_text

    out = [
        tr(
            "Customers: {customers}  located: {located}  assigned: {assigned}",
            customers=f"{stats['customers']:,}",
            located=f"{stats['located']:,}",
            assigned=f"{stats['assigned']:,}",
        ),
        "",
    ]
    header = [
        tr("ID"),
        tr("Territory name"),
        tr("Rep"),
        tr("Customers"),
        tr("Visits/4 weeks"),
        tr("Hours/week"),
        tr("Of hours"),
        tr("Sales (¥)"),
        tr("Travel km/cycle (estimate)"),
        tr("Deviation"),
    ]
    rows = [
        [
            t["id"],
            t["name"],
            t["rep"],
            f"{t['customers']:,}",
            visits_text(t["visits_per_4_weeks"]),  # 646.5, as the dock and the workbook show it
            f"{t['workload_hours_per_week']:,.1f}",
            # the share of the rep's weekly hours the work takes (over 100 %: too much)
            f"{t['capacity_use']:.0%}" if t.get("capacity_use") is not None else "",
            f"{t['sales']:,.0f}" if sales else NO_FIGURE,
            f"{t['travel_km_per_cycle']:,.0f}",
            deviation_text(float("nan") if t['deviation'] is None else t['deviation']),
        ]
        for t in stats["territories"]
    ]
    numeric = [False, False, False] + [True] * 7
    notes = calendar_km_columns(stats, header, rows, numeric)
    shared = bool(stats["balance"].get("by_capacity"))
    if shared:  # each rep's share of the total, in proportion to the weekly hours
        header.insert(-1, tr("Share"))
        numeric.append(True)
        for row, t in zip(rows, stats["territories"], strict=True):
            row.insert(-1, f"{t.get('fair_share', 0.0):.1%}")
    if not rows:  # an empty table and a 0 % balance would say nothing useful
        out.append(tr("No territories yet: create them with the design command or in the window."))
    else:
        out.append(format_table(header, rows, numeric))
        b = stats["balance"]
        out.append(
            tr(
                "Balance ({measure}): largest deviation {max_deviation}, variation {cv}",
                measure=tr(
                    {"workload": "by workload", "visits": "by visits", "sales": "by sales",
                     "customers": "by customer count"}[b["measure"]]
                ),
                max_deviation=f"{b['max_deviation']:.1%}",
                cv=f"{b['cv']:.1%}",
            )
            + (" " + tr("(each rep against their share by weekly hours)") if shared else "")
        )
        out.extend(notes)  # what the calendar's km as a full cycle is
    s = stats.get("schedule")
    if s is None:
        out.append(tr("Schedule: not built yet"))
    else:
        line = tr(
            "Schedule: {weeks} weeks, {visits} visits, {unscheduled} unscheduled, "
            "longest day {hours} h, {km} km",
            weeks=s["weeks"],
            visits=f"{s['visits']:,}",
            unscheduled=f"{s['unscheduled']:,}",
            hours=f"{s['max_day_hours']:.1f}",
            km=f"{s['travel_km']:,.0f}",
        )
        if s.get("stale"):
            line = sentences(line, tr("(out of date: the plan changed since)"))
        if s.get("damaged_left_out"):  # the saved calendar's damaged rows left them out
            line = clauses(line, trn(
                "the visits of {n} customer left out of the saved calendar (damaged rows)",
                "the visits of {n} customers left out of the saved calendar (damaged rows)",
                s["damaged_left_out"], n=f"{s['damaged_left_out']:,}"))
        if s.get("skipped_visits"):  # holidays and days off with no room elsewhere
            line = clauses(line, trn(
                "{n} visit left out on holidays and days off",
                "{n} visits left out on holidays and days off",
                s['skipped_visits'],
                n=f"{s['skipped_visits']:,}"))
        if s.get("gave_way_visits"):  # of those, given to a customer's only visit
            line = clauses(line, trn(
                "{n} of them gave way to a customer's only visit",
                "{n} of them gave way to customers' only visits",
                s['gave_way_visits'],
                n=f"{s['gave_way_visits']:,}"))
        if s.get("outside_hours"):  # a hand edit put visits outside the customers' hours
            line = clauses(line, trn(
                "{n} visit outside the customer's visiting hours",
                "{n} visits outside the customer's visiting hours",
                s['outside_hours'],
                n=f"{s['outside_hours']:,}"))
        out.append(line)
        if s.get("long_days"):  # the days the Calendar dock paints red
            from planner.day_length import long_days_text

            out.append(long_days_text(s["long_days"]))
    return "\n".join(out) + "\n"
