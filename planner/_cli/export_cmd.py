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
    """Load the plan and write the requested files; returns the exit status."""
    if not (args.xlsx or args.pdf or args.html):
        print(tr("territory-planner export: name at least one output (--xlsx, --pdf or --html)."),
              file=sys.stderr)
        return 2
    from planner.store import load_plan  # lazily: the GeoPackage reader is heavy

    plan = load_plan(args.plan)
    if args.xlsx:
        from planner.export.excel import export_workbook

        print(export_workbook(plan, args.xlsx))
    if args.pdf:
        from planner.export.handouts import export_handouts

        print(export_handouts(plan, args.pdf))
    if args.html:
        from planner.maps.share import export_share_map

        print(export_share_map(plan, args.html))
    return 0
