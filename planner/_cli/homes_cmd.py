"""``territory-planner homes PLAN.gpkg HOMES.csv``: set the reps' home bases (where their
routes start) from a homes file, leaving the territories as they are.

The file is ``design --homes``'s (columns territory or id, name, rep, lat, lon — or address,
looked up with ``--geocode gsi``; UTF-8 or cp932 CSV, or a workbook); each line finds its
territory by id, rep or territory name, as the design does (:mod:`planner.home_bases`). Prints
which rep got which home base and which lines matched no rep. The plan file is rewritten
atomically, and only when at least one rep got a home base or new days off (a ``days_off``
column, read as ``design --homes`` reads it); a built calendar is marked out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner._cli.arguments import add_homes_geocode
from planner.i18n import listing, tr, trn


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("plan", metavar="PLAN.gpkg", help=tr("plan file (rewritten in place)"))
    parser.add_argument(
        "homes", metavar="HOMES.csv",
        help=tr("the reps' home bases: columns territory (or id), name, rep, lat, lon (or "
                "address, with --geocode); a line finds its territory by id, rep or territory "
                "name"),
    )
    add_homes_geocode(parser)


def run(args: argparse.Namespace) -> int:
    """Set the home bases and save the plan; returns the exit status."""
    from planner._cli.plan_file import open_plan
    from planner._schedule_no_home import rep_label
    from planner.days_off import days_off_label
    from planner.home_bases import set_homes_from_file
    from planner.store import save_plan  # lazily: the GeoPackage code is heavy

    plan = open_plan(args.plan, then="save")
    result = set_homes_from_file(plan, args.homes, geocode=args.geocode)
    new = result.plan
    moved = sum(1 for _tid, changed in result.matched if changed)
    if moved or result.days_off:
        save_plan(new, args.plan)
    for tid, changed in result.matched:
        t = new.territory(tid)
        where = f"{t.home_lat:.6f}, {t.home_lon:.6f}"
        print("  " + (tr("{rep}: {home}", rep=rep_label(new, tid), home=where) if changed else
                      tr("{rep}: {home} (as it was)", rep=rep_label(new, tid), home=where)))
    for tid in result.days_off:  # the days off column, read as design --homes reads it
        print("  " + tr("{id} is off on {dates}.", id=rep_label(new, tid),
                        dates=days_off_label(new.territory(tid).days_off)))
    if result.unmatched:
        print(trn("territory-planner: warning: {n} line matched no rep and was left out: {names}.",
                  "territory-planner: warning: {n} lines matched no rep and were left out: "
                  "{names}.", len(result.unmatched), n=len(result.unmatched),
                  names=listing(result.unmatched)), file=sys.stderr)
    if result.unused:  # hours, days…: only the window's import and design --homes take them
        print(trn("territory-planner: note: the column {columns} of {name} was not used (this "
                  "command sets only the home bases); the window's Territory → Load home bases "
                  "from a file… or design --homes use it.",
                  "territory-planner: note: the columns {columns} of {name} were not used (this "
                  "command sets only the home bases); the window's Territory → Load home bases "
                  "from a file… or design --homes use them.", len(result.unused),
                  columns=listing(result.unused), name=Path(args.homes).name), file=sys.stderr)
    if moved:
        print(trn("Set the home base of {n} rep; the territories are as they were.",
                  "Set the home bases of {n} reps; the territories are as they were.", moved,
                  n=moved))
    elif result.days_off:
        print(trn("Set the days off of {n} rep; the territories are as they were.",
                  "Set the days off of {n} reps; the territories are as they were.",
                  len(result.days_off), n=len(result.days_off)))
    else:
        print(tr("The home bases were already these; the plan is left as it was."))
    if (moved or result.days_off) and new.schedule is not None and new.meta.get("schedule_stale"):
        print(tr("The calendar is out of date: run the schedule command again."), file=sys.stderr)
    return 0
