"""``territory-planner update PLAN.gpkg SHEET``: bring a revised customer list into a plan.

New customers join a territory, customers no longer on the list leave (``--keep-missing``
keeps them), kept customers take the list's new facts and keep the plan's territory, lock,
position and hand-set values (:mod:`planner.update`). Options as for ``import``:
``--sheet``, ``--column FIELD=HEADER``, ``--report REPORT.json`` (the import report plus
the changes), ``--geocode`` (locate new customers, new addresses and customers without a position only). ``--dry-run``
prints the changes and leaves the plan file as it is. The file is rewritten atomically.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner import model as m
from planner._cli.import_cmd import (
    _progress,
    _same_file,
    add_sheet_arguments,
    check_report_name,
    check_writable,
    json_beside,
    note_lines,
    problem_lines,
    sheet_lines,
)
from planner._update_cells import unread_reasons
from planner.errors import PlannerError
from planner.i18n import tr, trn

if TYPE_CHECKING:
    from planner.update import CustomerUpdate

#: Customers listed per kind before "… and N more".
SHOWN = 15


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("plan", metavar="PLAN.gpkg", help=tr("plan file (rewritten in place)"))
    parser.add_argument(
        "source", metavar="SHEET", help=tr("the revised customer list (.xlsx .xlsm .xls .ods .csv)")
    )
    add_sheet_arguments(
        parser,
        report_help=tr("write the import report and the changes as JSON"),
        geocode_help=tr("locate new customers, new addresses and customers without a position "
                        "(default: none)"),
    )
    parser.add_argument(
        "--keep-missing",
        action="store_true",
        help=tr("keep customers that are no longer on the list (default: remove them)"),
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=tr("print the changes without saving the plan")
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=tr("remove customers even when the list lacks more than half of the plan's"),
    )


def check_not_partial(update: CustomerUpdate, customers: int) -> None:
    """A :class:`PlannerError` when the update would remove most of the plan's ``customers``
    (:meth:`CustomerUpdate.removes_most`): the plan file is not rewritten."""
    if update.removes_most(customers):
        raise PlannerError(tr(
            "The list lacks {n} of the plan's {total} customers: is it the whole list? The "
            "plan is unchanged; add --keep-missing to keep them, or --force to remove them.",
            n=f"{len(update.removed):,}", total=f"{customers:,}"))


#: The changes a manager acts on first (a new rep, a new rhythm, new days) before the facts
#: that only update the record (a new phone number, this year's sales).
_FIRST = (m.TERRITORY, m.LOCKED, m.FREQUENCY, m.VISIT_DAYS, m.VISIT_WEEK, m.CLOSED_DAYS,
          m.VISIT_TIME, m.RANK, "position", m.ADDRESS, m.SERVICE_MINUTES, m.NAME, m.NAME_KANA,
          m.PHONE, m.SALES)


def _weight(change: Any) -> int:
    """Sort key of a changed customer: its weightiest changed field's place in _FIRST."""
    return min((_FIRST.index(f) for f in change.fields if f in _FIRST), default=len(_FIRST))


def _lines(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    out = [tr("{title} ({n}):", title=title, n=f"{len(items):,}")]  # 「新規（30件）:」
    out += [f"  {text}" for text in items[:SHOWN]]
    if len(items) > SHOWN:
        out.append("  " + tr("… and {n} more", n=f"{len(items) - SHOWN:,}"))
    return out


def run(args: argparse.Namespace) -> int:
    """Read the list, merge it into the plan, save, print the changes."""
    from planner._cli.plan_file import open_plan
    from planner.spreadsheet import plan_columns, plan_sheet, read_customers
    from planner.store import save_plan  # lazily: the GeoPackage code is heavy
    from planner.update import list_match, locate_rows, update_customers

    source, target = Path(args.source), Path(args.plan)
    report_path = Path(args.report) if args.report else None
    for path in (target, report_path):
        if path is not None and _same_file(source, path):
            raise PlannerError(
                tr("{name} is the customer list; choose another file.", name=path.name)
            )
    if report_path is not None and _same_file(target, report_path):
        raise PlannerError(tr("The report and the plan cannot be the same file."))
    check_report_name(report_path)
    if report_path is not None:  # before anything is read or the plan is saved
        check_writable(report_path)
    plan = open_plan(target, then="read" if args.dry_run else "save")
    result = read_customers(
        source,
        sheet=args.sheet or plan_sheet(plan, source),  # the sheet the plan was read from
        columns=dict(args.column),
        settings=plan.settings,
        progress=_progress,
        remembered=plan_columns(plan),  # the columns the plan was read from
    )
    refuse_partial = not (args.force or args.keep_missing)
    refused = False  # a dry run shows the changes, then says the real run would refuse them
    match = list_match(plan, result)  # once: locating changes positions only
    if args.geocode != "none" and refuse_partial:  # before the lookups, which a refused
        first = update_customers(plan, result, match=match)  # list would waste
        if not args.dry_run:
            check_not_partial(first, len(plan.customers))
        refused = first.removes_most(len(plan.customers))
    if not refused:  # "none": no search, yet placed at the customers of the same 丁目 …
        result = locate_rows(plan, result, provider=args.geocode, progress=_progress,
                             match=match)
    update = update_customers(plan, result, keep_missing=args.keep_missing, match=match)
    if refuse_partial and not args.dry_run:
        check_not_partial(update, len(plan.customers))
    refused = refuse_partial and update.removes_most(len(plan.customers))
    with json_beside(update.to_dict() if report_path else None, report_path):
        if not args.dry_run:
            save_plan(update.plan, target)
    names = {t.id: t.name for t in update.plan.territories}
    by = tr("customer code") if update.matched_by == "code" else tr("name and address")
    unread = unread_reasons()  # cells left as the plan has them: listed under "Not read"
    problems = [p for p in update.report.problems if not p.note]
    print(
        tr(
            "{rows} rows read from {name}, matched by {by}; {problems}.",
            rows=f"{result.report.rows:,}",
            name=source.name,
            by=by,
            problems=trn("{n} problem", "{n} problems", len(problems),
                         n=f"{len(problems):,}"),
        )
    )
    others = [p for p in problems if p.reason not in unread]  # each reason, as import says it
    for line in [*sheet_lines(update.report), *note_lines(update.report.problems),
                 *problem_lines(others)]:
        print(line)
    if others and report_path is None:
        print(tr("  (add --report REPORT.json to list every row)"))
    lines = _lines(
        tr("New"),
        [
            f"{c.customer_id} {c.name} → "
            + (tr("{territory} ({note})", territory=names.get(c.territory, c.territory),
                  note=c.note) if c.territory
               else tr("{territory} ({note})", territory=tr("Unassigned"), note=c.note)
               if c.note else tr("Unassigned"))
            for c in update.added
        ],
    )
    lines += _lines(
        tr("Kept in the plan, no longer on the list")
        if update.keep_missing
        else tr("Removed, no longer on the list"),
        [
            f"{c.customer_id} "
            + (tr("{name} ({territory})", name=c.name,
                  territory=names.get(c.territory, c.territory))
               if c.territory else tr("{name} (unassigned)", name=c.name))
            for c in update.removed
        ],
    )
    lines += _lines(
        tr("Changed"),
        [f"{c.customer_id} {c.name}: {c.describe()}"
         for c in sorted(update.changed, key=_weight)],
    )
    lines += _lines(
        tr("Not read (the plan keeps its value)"),
        [tr("row {row}, {column}: {reason}", row=p.row, column=p.column, reason=p.reason)
         for p in update.report.problems if p.reason in unread],
    )
    for line in lines:
        print(line)
    for line in update.summary_lines():  # one item a line, not one long paragraph
        print(line)
    if args.dry_run:
        print(tr("Dry run: {name} is unchanged.", name=target.name))
    if refused:  # as the real run would: one sentence, exit 1
        raise PlannerError(tr(
            "The list lacks {n} of the plan's {total} customers: without --keep-missing or "
            "--force, the update refuses it.", n=f"{len(update.removed):,}",
            total=f"{len(plan.customers):,}"))
    return 0
