"""``territory-planner export PLAN.gpkg [--xlsx OUT.xlsx] [--pdf OUT.pdf] [--html OUT.html]
[--ics FOLDER] [--weeks N[-M]] [--rep NAME_OR_TERRITORY]... [--reps T1,T2] [--no-nav-links]
[--no-map-background]``:
``--no-nav-links`` leaves out the Google Maps links of the route sheets, hand-outs and map;
``--no-map-background`` prints the hand-outs' maps without the street background (地理院タイル,
fetched online and cached; offline they print without it, said in one line); ``--ics``
writes each rep's visits as a phone calendar file; ``--weeks`` prints the handouts and the
workbook's route sheets of those calendar weeks only (the summary, customer list and visit
calendar keep the whole cycle); ``--rep`` (or ``--reps``, several at once) the handouts,
route sheets, customer list and phone calendars of those reps only."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from typing import Any

from planner.i18n import listing, tr


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("plan", metavar="PLAN.gpkg", help=tr("plan file"))
    parser.add_argument("--xlsx", metavar="OUT.xlsx",
                        help=tr("Excel workbook: summary, customers, a route sheet per rep"))
    parser.add_argument("--pdf", metavar="OUT.pdf", help=tr("PDF map handouts per rep and day"))
    parser.add_argument("--html", metavar="OUT.html", help=tr("shareable interactive HTML map"))
    parser.add_argument("--ics", metavar="FOLDER",
                        help=tr("each rep's visits as a calendar file (.ics) for the phone, in FOLDER"))
    parser.add_argument("--weeks", metavar="N[-M]",
                        help=tr("PDF handouts and the workbook's route sheets of these calendar "
                                "weeks only, e.g. 2 or 2-3 or 1,3 (the summary, customer list "
                                "and visit calendar keep the whole cycle)"))
    parser.add_argument("--rep", metavar="NAME_OR_TERRITORY", action="append", default=[],
                        help=tr("handouts (PDF), workbook and phone calendars (--ics) of this "
                                "rep only: a territory id, a territory's or rep's name as the "
                                "window shows it; repeat for more reps"))
    parser.add_argument("--reps", metavar="T1,T2,...",
                        help=tr("handouts (PDF), workbook and phone calendars (--ics) of these "
                                "reps only (territory ids, names or reps)"))
    parser.add_argument("--no-nav-links", dest="nav_links", action="store_false",
                        help=tr("leave out the Google Maps navigation links (each stop's "
                                "address, each day's route) of the workbook's route sheets, the "
                                "PDF handouts, the HTML map and the phone calendars"))
    parser.add_argument("--no-map-background", dest="map_background", action="store_false",
                        help=tr("print the PDF handouts' maps without the street background "
                                "(GSI tiles, fetched online)"))


def parse_weeks(text: str) -> list[int]:
    """``2`` / ``2-3`` / ``1,3`` (also ``2〜3``) → week numbers; :class:`PlannerError` else."""
    import re
    import unicodedata

    from planner.errors import PlannerError

    weeks: list[int] = []
    for part in re.split(r"[,、]", unicodedata.normalize("NFKC", text)):
        span = re.fullmatch(r"\s*(\d+)\s*(?:[-~〜]\s*(\d+)\s*)?", part)
        if not span:
            raise PlannerError(tr("Weeks must look like 2, 2-3 or 1,3."))
        first, last = int(span[1]), int(span[2] or span[1])
        if last < first:
            raise PlannerError(tr("Weeks {first}-{last}: the first week comes first (write "
                                  "{last}-{first}).", first=first, last=last))
        weeks.extend(range(first, last + 1))
    return weeks


def _reps(plan: Any, text: str) -> tuple[str, ...]:
    """The territory ids ``--reps`` names (comma-separated): see :func:`rep_ids`."""
    return rep_ids(plan, re.split(r"[,、]", text))


def _unpadded(text: str) -> str:
    """An id's key with each number's leading zeros dropped (T01 and T1 are one)."""
    return re.sub(r"\d+", lambda d: str(int(d[0])), text)


def _same_id(plan: Any, key: str) -> str:
    """The one territory whose id is ``key`` but for leading zeros (T01 for T1), else ""."""
    from planner.cells import text_key

    if not re.search(r"\d", key):
        return ""
    ids = [t.id for t in plan.territories if _unpadded(text_key(str(t.id))) == _unpadded(key)]
    return ids[0] if len(ids) == 1 else ""


def rep_ids(plan: Any, names: list[str]) -> tuple[str, ...]:
    """The territory ids ``names`` name: ids, territory names or reps' names (every
    territory of a rep), the window's "rep (territory)", or a rep's family or given name alone
    (山田 for 山田 太郎) when it is one rep's, an id without its leading zeros (T1 for T01)
    when it is one territory's; an unknown name is a :class:`PlannerError`
    listing the plan's reps."""
    from planner.cells import text_key
    from planner.errors import PlannerError
    from planner.export.excel_routes import rep_title

    named: dict[str, list[str]] = {}
    for t in plan.territories:
        both = f"{t.rep} ({t.name})" if t.rep and t.name else ""  # as the window shows it
        for label in dict.fromkeys((t.id, t.name, t.rep, both)):
            if label:
                named.setdefault(text_key(str(label)), []).append(t.id)
    out: list[str] = []
    for part in names:
        key = text_key(part)
        if not key:
            continue
        if key in named:
            out += named[key]
            continue
        same = _same_id(plan, key)  # T1 for T01: the id without its leading zeros
        if same:
            out.append(same)
            continue
        reps = {t.rep for t in plan.territories
                if t.rep and key in {text_key(w) for w in str(t.rep).split()}}
        if len(reps) > 1:
            raise PlannerError(tr("{name} could be any of {reps}: write the name whole.",
                                  name=part.strip(), reps=listing(sorted(reps))))
        if not reps:
            raise PlannerError(tr("No territory or rep “{name}” in the plan; its reps are {reps}.",
                                  name=part.strip(), reps=listing(
                                      f"{t.id} {rep_title(t)}" for t in plan.territories)))
        out += [t.id for t in plan.territories if t.rep in reps]
    return tuple(dict.fromkeys(out))


def run(args: argparse.Namespace) -> int:
    """Load the plan, check every requested output, then write them; returns the exit status."""
    if not (args.xlsx or args.pdf or args.html or args.ics):
        print(tr("territory-planner export: name at least one output (--xlsx, --pdf, --html or "
                 "--ics)."), file=sys.stderr)
        return 2
    if args.weeks and not (args.pdf or args.xlsx):
        print(tr("territory-planner export: --weeks chooses the weeks of the PDF handouts and "
                 "of the workbook's route sheets; add --pdf or --xlsx."), file=sys.stderr)
        return 2
    if (args.reps or args.rep) and not (args.pdf or args.xlsx or args.ics):
        print(tr("territory-planner export: --rep chooses the reps of the PDF handouts, the "
                 "workbook and the phone calendars; add --pdf, --xlsx or --ics."),
              file=sys.stderr)
        return 2
    import functools

    from planner._cli.arguments import check_suffix, judging_arguments
    from planner._cli.plan_file import open_plan
    from planner._cli.schedule_cmd import terminal_progress
    from planner.export.common import (
        calendar_is_stale,
        check_visited,
        check_weeks,
        resolve_target,
    )
    from planner.export.excel import check_workbook, export_workbook
    from planner.export.handouts import (
        check_choice,
        check_handouts,
        export_handouts,
        skipped_text,
    )
    from planner.export.ical import calendar_targets, export_calendars
    from planner.maps.share import check_share_map, export_share_map

    with judging_arguments():  # the values alone, before the plan is read: exit 2
        for path, suffix in ((args.xlsx, ".xlsx"), (args.pdf, ".pdf"), (args.html, ".html")):
            check_suffix(path, suffix)
        weeks = parse_weeks(args.weeks) if args.weeks else None
    plan = open_plan(args.plan)
    from planner.export.print_tiles import PrintTiles

    # the maps' street background: fetched once per tile, a failure said once, after the file
    background = PrintTiles() if args.pdf and args.map_background else None
    # the hand-outs of many reps take minutes: their progress on the terminal
    handouts = functools.partial(export_handouts, progress=terminal_progress(False),
                                 nav_links=args.nav_links, background=background)
    if weeks:
        check_weeks(plan, weeks)
        handouts = functools.partial(handouts, weeks=weeks)
    # next week's route sheets: the workbook's too (its other sheets keep the whole cycle)
    workbook = functools.partial(export_workbook, weeks=weeks, nav_links=args.nav_links)
    share_map = functools.partial(export_share_map, nav_links=args.nav_links)
    chosen: tuple[str, ...] | None = None
    if args.reps or args.rep:  # an unknown name: one line listing the reps, nothing written
        chosen = rep_ids(plan, [*re.split(r"[,、]", args.reps or ""), *args.rep])
        handouts = functools.partial(handouts, territories=chosen)
        workbook = functools.partial(workbook, territories=chosen)

    def check_pdf(plan: Any) -> None:  # the reps' and weeks' pages too, before any file
        check_handouts(plan)
        check_choice(plan, chosen, weeks or None)

    outputs = [
        (path, suffix, check, export)
        for path, suffix, check, export in (
            (args.xlsx, ".xlsx", check_workbook, workbook),
            (args.pdf, ".pdf", check_pdf, handouts),
            (args.html, ".html", check_share_map, share_map),
        )
        if path
    ]
    # Check everything before writing anything: a failure must not leave half the hand-outs.
    # The chosen reps idle in the chosen weeks: one sentence for the workbook and the PDF
    check_visited(plan, chosen, weeks or None, handouts=bool(args.pdf), sheets=bool(args.xlsx))
    for path, suffix, check, _export in outputs:
        resolve_target(path, source=plan.source_paths(), suffix=suffix)
        check(plan)
    if args.ics:  # the chosen reps' files only
        calendar_targets(plan, args.ics, chosen)
    if weeks:  # a chosen rep idle in those weeks: named, not silently missing
        left_out = skipped_text(plan, chosen, weeks, handouts=bool(args.pdf),
                                sheets=bool(args.xlsx))
        if left_out:
            print("territory-planner: " + left_out, file=sys.stderr)
    if calendar_is_stale(plan) and (args.xlsx or args.pdf or args.ics):
        print(tr("territory-planner: warning: the visit calendar is out of date (the plan changed "
                 "after it was built); rebuild it with the schedule command before handing out "
                 "route sheets."), file=sys.stderr)
    if args.xlsx or args.pdf or args.ics:  # days longer than the rep's, as the window paints
        from planner.day_length import long_day_records, long_days_text

        # the chosen reps' days, in the chosen weeks of the route sheets and hand-outs
        long = long_days_text(long_day_records(
            plan, territories=chosen, weeks=weeks or None if args.xlsx or args.pdf else None))
        if long:
            print(tr("territory-planner: warning: {days}. The route sheets and hand-outs mark "
                     "them: move visits to another day or rebuild the calendar.", days=long),
                  file=sys.stderr)
    written = 0
    try:
        for path, suffix, _check, export in outputs:
            print(export(plan, path), flush=True)
            written += 1
            if suffix == ".pdf" and background is not None and background.note():
                print("territory-planner: " + background.note(), file=sys.stderr, flush=True)
        calendars = functools.partial(export_calendars, territories=chosen,
                                      nav_links=args.nav_links)
        for target in calendars(plan, args.ics) if args.ics else []:
            print(target, flush=True)
            written += 1
    except (Exception, KeyboardInterrupt) as exc:  # or as a library turned it into its own
        from planner.cli import as_interrupt, interrupted_status

        stop = as_interrupt(exc)
        if stop is None or not written:
            raise  # a bug; or "nothing was saved"
        with contextlib.suppress(OSError):  # the terminal closed (SIGHUP): no one to tell
            print("territory-planner: " + tr("Interrupted; only the files listed above were "
                                             "written."), file=sys.stderr)
        return interrupted_status(stop)
    return 0
