"""``territory-planner compare PLAN.gpkg OTHER.gpkg [--json] [--moved OUT.csv]``: two plans
(two designs of the same customers) side by side, and the customers who would change
territory going from the first to the second."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from planner.i18n import tr


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("plan", metavar="PLAN.gpkg", help="plan file (the present plan)")
    parser.add_argument("other", metavar="OTHER.gpkg", help="plan file to compare it with")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--moved", metavar="OUT.csv",
                        help="write the customers who change territory as a CSV file for Excel")
    parser.add_argument(
        "--balance",
        choices=["workload", "sales", "customers"],
        help="measure for the deviation in both plans (default: the first plan's setting)",
    )


def run(args: argparse.Namespace) -> int:
    """Load both plans and print the comparison; returns the exit status."""
    from planner.compare import compare_plans, plan_labels, write_moved_csv
    from planner.store import load_plan  # lazily: the GeoPackage reader is heavy

    a, b = load_plan(args.plan), load_plan(args.other)
    comparison = compare_plans(a, b, labels=plan_labels(args.plan, args.other),
                               balance=args.balance)
    if args.moved:
        write_moved_csv(comparison, args.moved)
    if args.json:
        sys.stdout.write(json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(format_comparison(comparison))
    return 0


def _pair(a: float, b: float, fmt: str) -> str:
    """``a → b``, one value when equal, ``—`` for a territory missing on one side."""
    ta = "—" if a != a else fmt.format(a)  # NaN: not in that plan
    tb = "—" if b != b else fmt.format(b)
    return ta if ta == tb else f"{ta} → {tb}"


def format_comparison(c: Any) -> str:
    """The readable form of :class:`planner.compare.PlanComparison`."""
    from planner._cli.stats_cmd import format_table
    from planner.compare import OVERALL, figure_text

    a, b = c.labels
    out = [tr("{a} against {b}: {n} customers in both.", a=a, b=b, n=f"{c.common:,}"), ""]
    rows = [[tr(OVERALL[k][0]), figure_text(k, c.overall.at[k, "a"]),
             figure_text(k, c.overall.at[k, "b"])] for k in c.overall.index]
    out.append(format_table([tr("Figure"), a, b], rows, [False, True, True]))
    note = c.calendar_note()
    if note:
        out.append(note)
    t = c.territories
    rows = [
        [tid,
         r.name_b or r.name_a if r.name_a == r.name_b or not r.name_a else
         (f"{r.name_a} → {r.name_b}" if r.name_b else r.name_a),
         r.rep_b if r.rep_a == r.rep_b or not r.rep_a else
         (f"{r.rep_a} → {r.rep_b}" if r.rep_b else r.rep_a),
         _pair(r.customers_a, r.customers_b, "{:,.0f}"),
         _pair(r.hours_a, r.hours_b, "{:.1f}"),
         _pair(r.capacity_use_a, r.capacity_use_b, "{:.0%}"),
         _pair(r.deviation_a, r.deviation_b, "{:+.1%}")]
        for tid, r in zip(t.index, t.itertuples(index=False), strict=True)
    ]
    out += ["", format_table([tr("ID"), tr("Territory name"), tr("Rep"), tr("Customers"),
                              tr("Hours/week"), tr("Of hours"), tr("Deviation")],
                             rows, [False, False, False, True, True, True, True])]
    if len(c.moved):
        out.append(tr("{n} customers change territory ({h} visit hours a week):",
                      n=f"{len(c.moved):,}", h=f"{c.moved_hours:,.1f}"))
        flows = c.flows()
        rows = [[r.from_territory or tr("(none)"), r.to_territory or tr("(none)"),
                 f"{r.customers:,}", f"{r.hours_per_week:.1f}"]
                for r in flows.itertuples(index=False)]
        out.append(format_table([tr("From"), tr("To"), tr("Customers"), tr("Hours/week")],
                                rows, [False, False, True, True]))
    else:
        out.append(tr("No customer changes territory."))
    lines = []
    if c.days_changed is not None:
        lines.append(tr("{n} customers would be visited on other days.", n=f"{c.days_changed:,}"))
    if c.frequency_changed:
        lines.append(tr("{n} customers have another visit frequency.",
                        n=f"{c.frequency_changed:,}"))
    if c.only_a or c.only_b:
        lines.append(tr("Only in {a}: {na} customers; only in {b}: {nb}.", a=a, b=b,
                        na=f"{c.only_a:,}", nb=f"{c.only_b:,}"))
    return "\n".join(out + lines) + "\n"
