"""``territory-planner export PLAN.gpkg [--xlsx OUT.xlsx] [--pdf OUT.pdf] [--html OUT.html]``."""

from __future__ import annotations

import argparse
import sys

from planner.i18n import tr


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("plan", metavar="PLAN.gpkg", help="plan file")
    parser.add_argument("--xlsx", metavar="OUT.xlsx",
                        help="Excel workbook: summary, customers, a route sheet per rep")
    parser.add_argument("--pdf", metavar="OUT.pdf", help="PDF map handouts per rep and day")
    parser.add_argument("--html", metavar="OUT.html", help="shareable interactive HTML map")


def run(args: argparse.Namespace) -> int:
    """Load the plan, check every requested output, then write them; returns the exit status."""
    if not (args.xlsx or args.pdf or args.html):
        print(tr("territory-planner export: name at least one output (--xlsx, --pdf or --html)."),
              file=sys.stderr)
        return 2
    from planner.export.common import resolve_target
    from planner.export.excel import check_workbook, export_workbook
    from planner.export.handouts import check_handouts, export_handouts
    from planner.maps.share import check_share_map, export_share_map
    from planner.store import load_plan  # lazily: the GeoPackage reader is heavy

    plan = load_plan(args.plan)
    outputs = [
        (path, suffix, check, export)
        for path, suffix, check, export in (
            (args.xlsx, ".xlsx", check_workbook, export_workbook),
            (args.pdf, ".pdf", check_handouts, export_handouts),
            (args.html, ".html", check_share_map, export_share_map),
        )
        if path
    ]
    # Check everything before writing anything: a failure must not leave half the hand-outs.
    for path, suffix, check, _export in outputs:
        resolve_target(path, source=plan.source, suffix=suffix)
        check(plan)
    if plan.schedule is not None and plan.meta.get("schedule_stale") and (args.xlsx or args.pdf):
        print(tr("territory-planner: warning: the visit calendar is out of date (the plan changed "
                 "after it was built); rebuild it with the schedule command before handing out "
                 "route sheets."), file=sys.stderr)
    for path, _suffix, _check, export in outputs:
        print(export(plan, path))
    return 0
