"""``territory-planner compare PLAN.gpkg OTHER.gpkg [--json] [--xlsx OUT.xlsx] [--moved OUT.csv]``:
two plans
(two designs of the same customers) side by side, and the customers who would change
territory going from the first to the second."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from planner.i18n import tr


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("plan", metavar="PLAN.gpkg", help=tr("plan file (the present plan)"))
    parser.add_argument("other", metavar="OTHER.gpkg", help=tr("plan file to compare it with"))
    parser.add_argument("--json", action="store_true", help=tr("print one JSON object"))
    parser.add_argument("--xlsx", metavar="OUT.xlsx",
                        help=tr("write the comparison as an Excel workbook (figures, territories, "
                        "the customers to tell)"))
    parser.add_argument("--moved", metavar="OUT.csv",
                        help=tr("write the customers to tell (a new rep, or new visit days) as a "
                        "CSV file for Excel"))
    parser.add_argument(
        "--balance",
        choices=["workload", "visits", "sales", "customers"],
        help=tr("measure for the deviation in both plans (default: the first plan's setting)"),
    )


def run(args: argparse.Namespace) -> int:
    """Load both plans and print the comparison; returns the exit status."""
    from planner._cli.arguments import check_suffix
    from planner._cli.import_cmd import _same_file
    from planner._cli.plan_file import open_plan
    from planner.compare import compare_plans, plan_labels, write_moved_csv

    check_suffix(args.xlsx, ".xlsx")  # before the plans are read: exit 2
    check_suffix(args.moved, ".csv")
    a, b = open_plan(args.plan), open_plan(args.other)
    if _same_file(Path(args.plan), Path(args.other)):
        print(tr("territory-planner: warning: both names are the same file, so nothing differs."),
              file=sys.stderr)
    comparison = compare_plans(a, b, labels=plan_labels(args.plan, args.other),
                               balance=args.balance)
    if args.xlsx:
        from planner.export.excel_compare import export_comparison

        export_comparison(comparison, args.xlsx)
    if args.moved:
        write_moved_csv(comparison, args.moved)
    if args.json:
        sys.stdout.write(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_comparison(comparison))
    return 0


def format_comparison(c: Any) -> str:
    """The readable form of :class:`planner.compare.PlanComparison`."""
    from planner._cli.stats_cmd import format_table
    from planner.compare import TERRITORY_HEADERS, territory_in

    a, b = c.labels
    lines = c.summary_lines()
    out = [lines[0], "", format_table([tr("Figure"), a, b], c.figure_rows(), [False, True, True])]
    out.append(format_table([tr(h) for h in TERRITORY_HEADERS], c.territory_rows(),
                            [False, False, False, True, True, True, True]))
    if len(c.moved):
        flows = c.flows()
        rows = [[r.from_territory or tr("(none)"), r.to_territory or tr("(none)"),
                 f"{r.customers:,}", f"{r.hours_per_week:.1f}"]
                for r in flows.itertuples(index=False)]
        out.append(format_table([territory_in(a), territory_in(b), tr("Customers"),
                                 tr("Hours/week")], rows, [False, False, True, True]))
    return "\n".join(out + lines[1:]) + "\n"
