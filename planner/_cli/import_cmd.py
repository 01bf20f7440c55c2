"""``territory-planner import SHEET -o PLAN.gpkg``: read a customer spreadsheet into a new plan file.

Options: ``--sheet NAME``, ``--column FIELD=HEADER`` (repeatable, overrides the
detected mapping; ``FIELD=`` ignores a column), ``--report REPORT.json`` (the
import report), ``--geocode gsi|nominatim|none`` (locate rows without
coordinates). Prints one summary line on stdout; progress goes to stderr when
it is a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from planner._geocode_nearby import approximate_text, place_read_rows
from planner._store_files import temporary_prefix
from planner.columns import FIELD_KEYS
from planner.errors import BadArgument, PlannerError, os_reason
from planner.i18n import listing, tr, trn
from planner.sheetfile import SUFFIXES

GEOCODERS = ("gsi", "nominatim", "none")


def _column_argument(text: str) -> tuple[str, str]:
    """``FIELD=HEADER`` → (field, header); argparse turns a ValueError into exit status 2."""
    field, sep, header = text.partition("=")
    field = field.strip()
    if not sep or not field:
        raise argparse.ArgumentTypeError(f"expected FIELD=HEADER, got {text!r}")
    if field not in FIELD_KEYS:
        raise argparse.ArgumentTypeError(
            f"unknown field {field!r}; the fields are: {', '.join(FIELD_KEYS)}"
        )
    return field, header.strip()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument(
        "source", metavar="SHEET", help=tr("customer list (.xlsx .xlsm .xls .ods .csv)")
    )
    parser.add_argument("-o", "--output", required=True, metavar="PLAN.gpkg", help=tr("new plan file"))
    add_sheet_arguments(
        parser,
        report_help=tr("write the import report as JSON"),
        geocode_help=tr("locate customers without coordinates from their address (default: none)"),
    )
    parser.add_argument(
        "--force", action="store_true", help=tr("replace PLAN.gpkg if it already exists")
    )


def add_sheet_arguments(parser: argparse.ArgumentParser, *, report_help: str,
                        geocode_help: str) -> None:
    """``--sheet``, ``--column``, ``--report`` and ``--geocode``: reading a customer list (import
    and update)."""
    parser.add_argument(
        "--sheet", metavar="NAME", help=tr("sheet to read (default: the first with a header)")
    )
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        type=_column_argument,
        metavar="FIELD=HEADER",
        help=tr("use column HEADER for FIELD ({fields}); FIELD= ignores it",
               fields=", ".join(FIELD_KEYS)),
    )
    parser.add_argument("--report", metavar="REPORT.json", help=report_help)
    parser.add_argument("--geocode", choices=GEOCODERS, default="none", help=geocode_help)


def _same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


def _check_outputs(
    source: Path, output: Path, report: Path | None, *, force: bool = False
) -> None:
    for target in (output, report):
        if target is not None and _same_file(source, target):
            raise PlannerError(
                tr(
                    "{name} is the spreadsheet being imported; choose another output file.",
                    name=target.name,
                )
            )
    if output.suffix.lower() in SUFFIXES:  # a file name judged alone: a bad argument (exit 2)
        raise BadArgument(
            tr(
                "{name} looks like a spreadsheet; the plan is saved as a .gpkg file.",
                name=output.name,
            )
        )
    if output.suffix.lower() != ".gpkg":  # the window's Open lists .gpkg files only
        raise BadArgument(
            tr("The file name {name} must end with {suffix}.", name=output.name, suffix=".gpkg")
        )
    if report is not None and _same_file(output, report):
        raise PlannerError(tr("The report and the plan cannot be the same file."))
    check_report_name(report)
    if output.exists() and not force:  # a plan holds the manager's work: never replace it silently
        raise PlannerError(
            tr(
                "{name} already exists; choose another file or add --force to replace it.",
                name=output.name,
            )
        )
    for target in (output, report):  # fail before the (slow) import, and before the plan is saved
        if target is not None:
            check_writable(target)


def check_report_name(report: Path | None) -> None:
    """A :class:`PlannerError` unless ``report`` (``--report``) ends with .json and is no plan
    file: a report never replaces a plan or a list."""
    from planner.export.common import check_not_plan

    if report is None:
        return
    if report.suffix.lower() != ".json":
        raise BadArgument(
            tr("The file name {name} must end with {suffix}.", name=report.name, suffix=".json")
        )
    check_not_plan(report)


def check_writable(path: Path) -> None:
    """A :class:`PlannerError` unless a file can be written at ``path``: its folder exists
    and takes a new file (tried with a temporary one, removed at once)."""
    from planner.export.common import check_folder_writable

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PlannerError(tr("The folder {folder} does not exist.", folder=str(folder)))
    check_folder_writable(path)


def _progress(fraction: float, message: str) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{int(fraction * 100):3d}% {message}\033[K")
        if fraction >= 1.0:
            sys.stderr.write("\n")
        sys.stderr.flush()


def write_json_atomically(data: Any, path: Path) -> None:
    """Write ``data`` as UTF-8 JSON through a temporary file, so a crash leaves no half file."""
    with json_beside(data, path):
        pass


@contextlib.contextmanager
def json_beside(data: Any, path: Path | None) -> Iterator[None]:
    """Write ``data`` as JSON at ``path`` around the block (the plan's save), all or nothing:
    the report is written beside its place and put there (the previous one set aside)
    before the block runs, so a report that cannot be written or placed (a full disk, a
    folder of that name) stops the command before the plan changes; when the block fails,
    the previous report comes back. ``path`` None: just the block."""
    if path is None:
        yield
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PlannerError(tr("The folder {folder} does not exist.", folder=str(folder)))

    def failed(exc: OSError) -> PlannerError:
        return PlannerError(
            tr("{name} cannot be written: {reason}", name=path.name, reason=os_reason(exc)))

    made: list[str] = []  # temporary files of ours, removed at the end
    try:
        try:
            fd, tmp = tempfile.mkstemp(prefix=temporary_prefix(), suffix=".json", dir=folder)
            made.append(tmp)
            umask = os.umask(0)
            os.umask(umask)
            with contextlib.suppress(OSError):  # mkstemp makes 0600; a report is ordinary
                os.chmod(tmp, 0o666 & ~umask)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=2)
                fh.write("\n")
            previous = None
            if os.path.lexists(path):  # set aside, to come back if the block fails
                if path.is_dir():
                    raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
                previous = tmp + ".previous"
                os.replace(path, previous)
                made.append(previous)
            try:
                os.replace(tmp, path)
            except OSError:
                if previous is not None:
                    os.replace(previous, path)
                raise
        except OSError as exc:
            raise failed(exc) from exc
        try:
            yield
        except BaseException:
            with contextlib.suppress(OSError):  # no report of a change that did not happen
                if previous is not None:
                    os.replace(previous, path)
                else:
                    os.unlink(path)
            raise
    finally:
        for name in made:
            with contextlib.suppress(OSError):
                os.unlink(name)


def run(args: argparse.Namespace) -> int:
    """Import the spreadsheet, optionally geocode, save the plan and the report."""
    from planner.spreadsheet import read_customers
    from planner.store import save_plan  # lazily: the GeoPackage writer is heavy

    source, output = Path(args.source), Path(args.output)
    report_path = Path(args.report) if args.report else None
    _check_outputs(source, output, report_path, force=bool(getattr(args, "force", False)))
    if output.exists():  # --force over a plan a window has open: said, then written
        from planner._cli.plan_file import warn_if_open_in_window

        warn_if_open_in_window(output)
    columns = dict(args.column)
    result = read_customers(source, sheet=args.sheet, columns=columns, progress=_progress)
    if not columns:  # the reps' home bases given for a customer list (--column: as told)
        from planner.homes import looks_like_homes

        headers = [str(h).strip().lower() for h in result.original_columns]
        rep_cells = f"src_{headers.index('rep')}" if "rep" in headers else ""
        reps = result.customers[rep_cells].tolist() if rep_cells in result.customers else []
        if looks_like_homes(list(result.original_columns), reps):
            raise PlannerError(tr(
                "{name} looks like a homes file (the reps' home bases, for design --homes), "
                "not a customer list; no plan was written.", name=source.name))
    # "none": no search, yet a row is placed at the list's customers of the same 丁目, town
    # or municipality
    result = place_read_rows(result, args.geocode, progress=_progress)
    plan = result.to_plan()
    if not len(plan.customers):  # a header alone, or every row unusable: nothing to plan
        if report_path is not None:  # the report says why each row was left out
            write_json_atomically(result.report.to_dict(), report_path)
        raise PlannerError(
            tr(
                "{name} holds no customer ({rows} rows read); no plan was written.",
                name=source.name,
                rows=f"{result.report.rows:,}",
            )
        )
    with json_beside(result.report.to_dict(), report_path):
        save_plan(plan, output)
    r = result.report
    problems = [p for p in r.problems if not p.note]
    print(
        tr(
            "{rows}, {customers}, {problems} → {path}",
            rows=trn("{n} row", "{n} rows", r.rows, n=f"{r.rows:,}"),
            customers=trn("{n} customer", "{n} customers", r.customers, n=f"{r.customers:,}"),
            problems=trn("{n} problem", "{n} problems", len(problems), n=f"{len(problems):,}"),
            path=str(output),
        )
    )
    from planner._import_unplaced import command_cure, unplaced_text

    provider = args.geocode if args.geocode != "none" else "gsi"
    unplaced = unplaced_text(plan.customers, searched=args.geocode != "none",
                             cure=command_cure(str(output), str(source), provider),
                             unreached=result.unreached)
    for line in [*([f"  {unplaced}"] if unplaced else []), *sheet_lines(r),
                 *note_lines(r.problems), *problem_lines(problems)]:
        print(line)
    if problems and report_path is None:
        print(tr("  (add --report REPORT.json to list every row)"))
    approximate = approximate_text(plan.customers)
    if approximate:
        print(approximate)
    return 0


def sheet_lines(report: Any) -> list[str]:
    """The workbook's sheet read, and its other lists (one sheet per office) with how to
    read one: one line (none for a CSV file)."""
    if not report.sheet:
        return []
    if not report.other_sheets:
        return [tr("  Read the sheet {sheet}.", sheet=report.sheet)]
    return [tr("  Read the sheet {sheet}; the workbook also has {others} (read one with "
               "--sheet NAME).", sheet=report.sheet, others=listing(report.other_sheets))]


def note_lines(problems: list[Any]) -> list[str]:
    """The report's notes on how the list was read (two spellings of one rep), one a line."""
    return [f"  {p.reason}" for p in problems if p.note]


def problem_lines(problems: list[Any], *, most: int = 8) -> list[str]:
    """The report in short: each reason with its number of rows and the first row numbers,
    the commonest first."""
    by_reason: dict[str, list[int]] = {}
    for p in problems:  # rows each naming their own earlier row (a pasted line): one line
        by_reason.setdefault(p.group or p.reason, []).append(int(p.row))
    ordered = sorted(by_reason.items(), key=lambda item: -len(item[1]))
    lines = []
    for reason, rows in ordered[:most]:
        # 「4、5、6、7、8 …行目」 in Japanese (a comma between numbers reads as one number)
        shown = listing(rows[:5]) + (" …" if len(rows) > 5 else "")
        lines.append(tr("  {n} × {reason} (rows {rows})", n=len(rows), reason=reason,
                        rows=shown) if len(rows) > 1 else
                     tr("  1 × {reason} (row {row})", reason=reason, row=shown))
    if len(ordered) > most:
        more = len(ordered) - most
        lines.append(tr("  … and {n} more reasons", n=more) if more > 1 else
                     tr("  … and one more reason"))
    return lines
