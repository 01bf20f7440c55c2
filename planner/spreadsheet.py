"""Importing customers from a spreadsheet: header detection, column mapping, the import report.

:func:`read_customers` reads .xlsx/.xlsm/.xls/.ods (python-calamine) or CSV
(UTF-8, cp932, EUC-JP), finds the header row among the first 30 rows,
recognises Japanese and English column names and builds the customer table.
Every non-blank row below the header is a customer, a problem in the report,
or both; nothing is dropped silently. Entirely blank rows are not data rows
and are not counted. Rows without a name are not customers (``kept=False``).
"""

from __future__ import annotations

import csv
import dataclasses
import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from planner import _import_headers as headers_of
from planner import model as m
from planner._import_blank_reps import blank_rep_note
from planner._import_few_reps import few_reps_told
from planner._import_grid import Built, Grid, Problem
from planner._import_headers import HEADER_SEARCH_ROWS
from planner._import_wrong_column import check_name_column
from planner._workbook_values import Exported, read_exported, restore_geocode
from planner.cells import blank_mask, blank_rows, cell_text, text_values
from planner.columns import (
    FIELDS,
    REP,
    detect_column_indexes,
    detect_columns,
    merge_indexes,
    unique_headers,
)
from planner.errors import PlannerError
from planner.i18n import listing, tr
from planner.import_fields import build_fields, no_position_reason
from planner.progress import Progress, report
from planner.sheetfile import (
    FormulaCell,
    RawSheet,
    is_exported_workbook,
    is_text_file,
    read_sheet,
    sheet_names,
)

__all__ = [
    "FIELDS",
    "ImportReport",
    "ImportResult",
    "Preview",
    "Problem",
    "detect_columns",
    "preview",
    "read_customers",
    "sheet_names",
]



@dataclass
class ImportReport:
    """Data rows read, customers made, and every problem found on the way."""

    rows: int
    customers: int
    problems: list[Problem] = field(default_factory=list)
    sheet: str = ""  # the workbook's sheet read ("" for a CSV file)
    #: the workbook's other sheets holding a list (one per office), not read
    other_sheets: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """``{"rows": N, "customers": M, "problems": [{row, column, value, reason, kept}]}``,
        with ``"sheet"`` and ``"other_sheets"`` for a workbook."""
        sheets = {"sheet": self.sheet, "other_sheets": list(self.other_sheets)}
        return {
            "rows": self.rows,
            "customers": self.customers,
            **(sheets if self.sheet else {}),
            "problems": [p.to_dict() for p in self.problems],
        }

    def to_csv(self, path: str | os.PathLike[str], *, source: str | Iterable[str] = "") -> None:
        """Write the problems as a CSV file Excel opens (UTF-8 with BOM), atomically; never
        onto the list ``source`` that was read."""
        header = [tr("Row"), tr("Column"), tr("Value"), tr("Reason"), tr("Imported")]
        write_csv(path, header, (
            [p.row, p.column, p.value, p.reason, tr("yes") if p.kept else tr("no")]
            for p in self.problems
        ), source=source)


def write_csv(path: str | os.PathLike[str], header: list[str], rows: Iterable[list[Any]], *,
              source: str | Iterable[str] = "") -> None:
    """A CSV file Excel opens (UTF-8 with BOM), written atomically: a failure leaves the old
    file (or none), and says so in one sentence (a full disk, a file open in Excel …). The
    name must end with .csv, and it is never a plan file nor the list ``source`` (a path or
    several) the plan came from."""
    from planner.export.common import write_atomically

    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            writer.writerows(rows)

    write_atomically(path, write, source=source, suffix=".csv")


#: The plan meta key of the columns the customers were read from (``{field: header}``): next
#: month's list is read from the same ones where it has them (two 担当 columns, the second
#: chosen), unless the user chooses again.
COLUMNS_KEY = "import_columns"


def remembered_columns(
    remembered: Mapping[str, str] | None, headers: Sequence[str], chosen: Mapping[str, str],
    hidden: Collection[str] = (),
) -> dict[str, str]:
    """``chosen`` (the user's ``{field: header}``) with the plan's remembered columns for the
    other fields whose header the list has, as it is named, and does not hide (a 担当 (2)
    chosen when it was the visible one names the hidden one now)."""
    out = {f: h for f, h in (remembered or {}).items()  # "" = a field chosen not to be read
           if f not in chosen and isinstance(h, str)
           and (h == "" or (h in headers and h not in hidden))}
    return {**out, **chosen}


def hidden_twins(headers: Sequence[str], hidden: Collection[int]) -> set[str]:
    """The hidden columns named apart from a visible one of the same header (担当 (2) for a
    hidden 担当): a plan remembering that name chose the visible column before this program
    named the visible one first."""
    return {headers[i] for i in hidden if i < len(headers)
            and (base := re.sub(r" \(\d+\)$", "", headers[i])) != headers[i] and base in headers}


#: The plan meta key of the sheet the customers were read from, kept when the workbook had
#: other lists (one sheet per office): next month's workbook is read from the same sheet.
SHEET_KEY = "import_sheet"


def plan_sheet(plan: m.Plan, path: str | os.PathLike[str]) -> str | None:
    """The sheet of the workbook ``path`` a plan remembers reading (:data:`SHEET_KEY`), for its
    update; None when it remembers none, ``path`` is a CSV file or this program's workbook
    (read at its customer sheet). Another workbook without that sheet raises
    :class:`PlannerError` (the plan is then left as it is)."""
    wanted = (plan.meta or {}).get(SHEET_KEY)
    if not isinstance(wanted, str) or not wanted or is_text_file(Path(path)):
        return None
    names = sheet_names(path)
    if wanted in names:
        return wanted
    if is_exported_workbook(path):  # the office's sheet name means nothing in our workbook
        return None
    raise PlannerError(tr(
        "The plan was read from the sheet {sheet}, which {file} does not have (its sheets: "
        "{sheets}); choose one with --sheet.",
        sheet=wanted, file=Path(path).name, sheets=listing(names) or tr("(none)")))


def sheet_meta(meta: Mapping[str, Any], report: ImportReport) -> dict[str, Any]:
    """``meta`` remembering the sheet ``report``'s list was read from when its workbook had
    other lists (:data:`SHEET_KEY`), forgetting it otherwise."""
    out = {k: v for k, v in meta.items() if k != SHEET_KEY}
    if report.sheet and report.other_sheets:
        out[SHEET_KEY] = report.sheet
    return out


def plan_columns(plan: m.Plan) -> dict[str, str]:
    """The columns a plan remembers reading (:data:`COLUMNS_KEY`), for its next update; a
    field remembered as not read (``""``) only where its list had a column for it (the
    import window of an earlier version recorded every field it found no column for, so a
    訪問曜日 column added later would never have been read)."""
    remembered = dict((plan.meta or {}).get(COLUMNS_KEY) or {})
    had = detect_column_indexes(list(plan.original_columns))
    return {f: h for f, h in remembered.items() if h != "" or f in had}


@dataclass(frozen=True)
class ImportResult:
    """The imported customers, their original columns, territories from the rep column, the report."""

    customers: gpd.GeoDataFrame
    original_columns: tuple[str, ...]
    territories: tuple[m.Territory, ...]
    report: ImportReport
    mapping: dict[str, str]  # field -> header text used
    header_row: int  # 1-based, as Excel shows it
    sheet: str
    source: str = ""
    settings: m.Settings = field(default_factory=m.Settings)
    #: codes of rows left out for lacking a name: still on the list (an update keeps them)
    unnamed: tuple[str, ...] = ()
    #: this program's workbook: its customer sheet as it was exported, by customer code
    #: (:func:`planner._workbook_values.read_exported`; empty for any other list)
    exported: Exported = field(default_factory=Exported)
    #: fields the user chose not to read ("(none)")
    ignored: tuple[str, ...] = ()
    #: rows left without a position because the address search could not be reached
    #: (the geocoder's own count, :attr:`planner.geocode.GeocodeResult.unreached`)
    unreached: int = 0

    def columns(self) -> dict[str, str]:
        """The columns read, and those chosen not to be (``""``): what a plan remembers."""
        return {**dict(self.mapping), **{f: "" for f in self.ignored}}

    def with_geocoding(
        self, customers: gpd.GeoDataFrame, found: list[dict[str, Any]],
        *, unreached: int | None = None,
    ) -> ImportResult:
        """This result with the geocoder's table and problems (``geocode_customers``) folded in,
        and (``unreached``, None keeps it) how many rows it could not reach the search for.

        A row the geocoder placed, or reported on with its own reason, no longer
        carries the generic "No coordinates" problem: the report says each thing once.
        """
        generic = no_position_reason()
        rows = customers[m.SOURCE_ROW].to_numpy(dtype=int)
        settled = m.located_mask(customers) | np.isin(rows, [int(p["row"]) for p in found])
        settled_rows = set(rows[settled].tolist())
        notes = customers[m.PROBLEMS].fillna("").astype(str).to_numpy(dtype=object)
        for i in np.flatnonzero(settled):  # the reason itself holds "; ": no splitting on it
            text = notes[i]
            notes[i] = "" if text == generic else (
                text.replace(f"{generic}; ", "").replace(f"; {generic}", "")
            )
        customers = customers.copy()
        customers[m.PROBLEMS] = notes
        kept = [p for p in self.report.problems if p.reason != generic or p.row not in settled_rows]
        extra = [
            Problem(int(p["row"]), str(p["column"]), str(p["value"]), str(p["reason"]),
                    bool(p["kept"]))
            for p in found
        ]
        problems = sorted([*kept, *extra], key=lambda p: p.row)
        report = dataclasses.replace(self.report, problems=problems)
        return dataclasses.replace(
            self, customers=customers, report=report,
            unreached=self.unreached if unreached is None else int(unreached))

    def to_plan(self, settings: m.Settings | None = None) -> m.Plan:
        """A new validated plan holding these customers and territories; it remembers which
        column held which field (:data:`COLUMNS_KEY`)."""
        plan = m.new_plan(
            self.customers,
            territories=self.territories,
            settings=settings or self.settings,
            original_columns=self.original_columns,
            source=self.source,
        )
        meta = sheet_meta({**plan.meta, COLUMNS_KEY: self.columns()}, self.report)
        return plan.replace(meta=meta)


@dataclass(frozen=True)
class Preview:
    """The first rows of a sheet for the import dialog, with the detected mapping."""

    sheets: list[str]
    header_row: int  # 1-based
    headers: list[str]
    rows: list[list[str]]
    mapping: dict[str, str]
    sheet: str = ""  # the sheet shown: the first with a header row when none was named
    #: each of ``rows``' row number as the sheet shows it (the problem report's "row 8")
    row_numbers: list[int] = field(default_factory=list)


# --- the grid ------------------------------------------------------------------------
def _data_grid(raw: RawSheet, header: int) -> tuple[Grid, int]:
    """The non-blank data rows below ``header`` as columns, and how many there are."""
    headers, renamed = unique_headers([cell_text(c).strip() for c in raw.rows[header]],
                                      raw.hidden_columns)
    data = raw.rows[header + 1 :]
    numbers = raw.row_numbers[header + 1 :]
    width = max([len(headers)] + [len(r) for r in data]) if data else len(headers)
    if data and set(map(len, data)) != {width}:
        data = [r if len(r) == width else list(r) + [""] * (width - len(r)) for r in data]
    headers = headers + [""] * (width - len(headers))
    matrix = np.empty((len(data), width), dtype=object)
    if data and width:
        matrix[:, :] = data
    columns = [matrix[:, i].copy() for i in range(width)]
    keep_rows = ~blank_rows(columns) if columns else np.zeros(len(data), dtype=bool)
    if not keep_rows.all():
        columns = [col[keep_rows] for col in columns]
    keep_cols = [i for i, col in enumerate(columns) if headers[i] or not blank_mask(col).all()]
    cols = [columns[i] for i in keep_cols]
    formulas = _take_formulas(cols) if raw.formulas else {}
    grid = Grid(
        headers=[headers[i] for i in keep_cols],
        hidden={k for k, i in enumerate(keep_cols) if i in raw.hidden_columns},
        cols=cols,
        texts=[text_values(c) for c in cols],
        rows=numbers[keep_rows],
        formulas=formulas,
        renamed=renamed,
        above=[(int(number), text) for row, number in zip(raw.rows[:header],
                                                           raw.row_numbers[:header], strict=True)
               for text in map(cell_text, row) if text.strip()],
    )
    return grid, int(keep_rows.sum())


def _take_formulas(cols: list[np.ndarray]) -> dict[int, np.ndarray]:
    """Per column, the formula text of each cell holding a formula without a saved result
    ("" elsewhere); those cells are emptied in ``cols``, as a reader of the file sees them."""
    out = {}
    for index, col in enumerate(cols):
        mask = np.fromiter((isinstance(v, FormulaCell) for v in col), dtype=bool, count=len(col))
        if mask.any():
            out[index] = np.where(mask, col, "")
            col[mask] = ""
    return out


def _rep_notes(built: Built, customers: gpd.GeoDataFrame, headers: list[str],
               found: Mapping[str, int]) -> list[Problem]:
    """The built rows' problems with the notes on the list's reps: a rep with a handful of
    customers, and the customers whose rep cell is blank (imported without a territory)."""
    header = headers[found[REP]] if REP in found else ""
    blank = blank_rep_note(customers, header, headers)
    return sorted([*few_reps_told(built, customers, header), *blank], key=lambda p: p.row)


def _customer_table(built: Built, texts: list[np.ndarray]) -> gpd.GeoDataFrame:
    """The customer table of the kept rows, built in one go.

    Equal to ``model.make_customers(records, originals=...)`` (a test proves it)
    but without its per-cell text conversion, which the columns here no longer need.
    """
    kept = built.kept
    data: dict[str, pd.Series] = {}  # Series, so pandas does not turn text into StringDtype
    n = len(built.numeric[m.LAT][kept])
    for col, dtype in m.CUSTOMER_COLUMNS.items():
        if col not in built.text and col not in built.numeric:  # the plan's own (hand_days)
            data[col] = pd.Series([""] * n, dtype=object)
            continue
        source = built.text if col in built.text else built.numeric
        data[col] = pd.Series(np.asarray(source[col][kept], dtype=dtype), dtype=dtype)
    for i, text in enumerate(texts):
        data[f"{m.ORIGINAL_PREFIX}{i}"] = pd.Series(text[kept])  # dtype as make_customers
    lat = built.numeric[m.LAT][kept]
    lon = built.numeric[m.LON][kept]
    located = np.isfinite(lat) & np.isfinite(lon)
    geoms = np.full(len(lat), None, dtype=object)
    if located.any():
        geoms[located] = shapely.points(lon[located], lat[located])
    columns: dict[str, Any] = {c: data[c] for c in m.CUSTOMER_COLUMNS}
    columns[m.GEOMETRY] = gpd.GeoSeries(geoms, crs=m.CRS)
    columns.update((k, v) for k, v in data.items() if k not in columns)
    return gpd.GeoDataFrame(columns, geometry=m.GEOMETRY, crs=m.CRS, copy=False)


# --- public API ---------------------------------------------------------------------------
def read_customers(
    path: str | os.PathLike[str],
    *,
    sheet: str | None = None,
    columns: Mapping[str, str] | None = None,
    settings: m.Settings | None = None,
    progress: Progress | None = None,
    remembered: Mapping[str, str] | None = None,
) -> ImportResult:
    """Read a customer spreadsheet into a customer table, territories per rep, and a report.

    ``columns`` overrides the detected mapping (``{"name": "得意先名称"}``;
    ``""`` ignores a field). Raises :class:`PlannerError` with one sentence when
    the file cannot be imported at all.
    """
    settings = settings or m.Settings()
    settings.validate()
    override = headers_of.check_override(columns)
    report(progress, 0.0, tr("Reading {name}…", name=Path(path).name))
    wanted = [h for h in override.values() if h]
    raw = read_sheet(path, sheet=sheet, accept=lambda rows: headers_of.has_header(rows, wanted))
    report(progress, 0.5, tr("Finding the columns…"))
    header = headers_of.merge_sub_header(
        raw, headers_of.header_index(raw, wanted, Path(path).name))
    headers_of.name_merged_address(raw, header)  # 住所 merged across 市区町村 | 番地
    header_row = int(raw.row_numbers[header])
    grid, nrows = _data_grid(raw, header)
    del raw.rows[:]  # free the cells early; the columns hold them now
    headers = grid.headers
    if raw.exported:  # this program's workbook: its columns are the plan's own, all read
        remembered = {f: h for f, h in (remembered or {}).items() if h}
    override = remembered_columns(remembered, headers, override,  # a plan's own columns
                                  hidden_twins(headers, grid.hidden))
    chosen = headers_of.resolve_override(override, headers)
    found = headers_of.with_address_parts(
        merge_indexes(detect_column_indexes(headers), chosen), headers, override)
    check_name_column(found, headers, grid.texts, grid.rows)  # addresses read as names
    headers_of.check_required(found, headers, raw.name, raw.sheets)
    found, category = headers_of.category_not_rank(found, headers, grid.texts, override,
                                                   header_row)
    report(progress, 0.6, tr("Reading the customers…"))
    built = build_fields(grid, found, settings=settings)
    report(progress, 0.85, tr("Building the customer table…"))
    kept = built.kept
    customers = _customer_table(built, grid.texts)
    problems = (headers_of.repeated_headers(headers, found, header_row, grid.renamed,
                                            hidden={grid.headers[i] for i in grid.hidden})
                + headers_of.hidden_rows_note(grid.rows, raw.hidden_rows)
                + headers_of.address_note(headers, found, header_row)
                + headers_of.no_code_note(headers, found, override, header_row,
                                          str(next(iter(customers[m.CUSTOMER_ID]), "")))
                + category + _rep_notes(built, customers, headers, found))
    exported = read_exported(path) if raw.exported else Exported()
    # this program's workbook: an approximate or hand-placed position comes back as such
    customers = restore_geocode(customers, exported)
    result = ImportResult(
        customers=customers,
        original_columns=tuple(headers),
        territories=built.territories,
        report=ImportReport(rows=nrows, customers=int(kept.sum()), problems=problems,
                            sheet="" if raw.encoding else raw.name,
                            other_sheets=tuple(raw.others)),
        mapping={f: headers[i] for f, i in found.items()},
        header_row=header_row,
        sheet=raw.name,
        source=str(Path(path).absolute()),  # a relative one would be read against another folder
        settings=settings,
        unnamed=built.unnamed,
        exported=exported,
        ignored=tuple(f for f, h in override.items() if not h),
    )
    report(progress, 1.0, tr("Imported {n} customers.", n=result.report.customers))
    return result


def preview(
    path: str | os.PathLike[str], *, sheet: str | None = None, rows: int = 20,
    remembered: Mapping[str, str] | None = None,
) -> Preview:
    """The sheet names, header row, headers, first ``rows`` data rows and detected mapping."""
    if rows < 0:
        raise PlannerError(tr("The number of preview rows cannot be negative."))
    raw = read_sheet(
        path,
        sheet=sheet,
        nrows=HEADER_SEARCH_ROWS + rows + 1,
        accept=lambda found: headers_of.has_header(found, []),
    )
    header = headers_of.merge_sub_header(raw, headers_of.header_index(raw, [], Path(path).name))
    headers_of.name_merged_address(raw, header)
    headers = headers_of.header_texts(raw.rows[header], raw.hidden_columns)
    body: list[list[str]] = []
    numbers: list[int] = []
    for row, number in zip(raw.rows[header + 1 :], raw.row_numbers[header + 1 :], strict=True):
        if len(body) >= rows:
            break
        texts = [cell_text(c) for c in row]
        if any(t.strip() for t in texts):
            body.append(texts)
            numbers.append(int(number))
    width = max([len(headers)] + [len(r) for r in body])
    headers += [""] * (width - len(headers))
    body = [r + [""] * (width - len(r)) for r in body]
    return Preview(
        sheets=list(raw.sheets),
        header_row=int(raw.row_numbers[header]),
        headers=headers,
        rows=body,
        mapping=_preview_mapping(headers, remembered, hidden_twins(headers, raw.hidden_columns)),
        sheet=raw.name,
        row_numbers=numbers,
    )


def _preview_mapping(
    headers: list[str], remembered: Mapping[str, str] | None, hidden: Collection[str] = ()
) -> dict[str, str]:
    """The columns the import window offers: detected, with a plan's remembered ones on top,
    merged as :func:`read_customers` merges them (a column is never offered for two fields)."""
    chosen = headers_of.resolve_override(
        remembered_columns(remembered, headers, {}, hidden), headers)
    found = headers_of.with_address_parts(
        merge_indexes(detect_column_indexes(headers), chosen), headers, remembered or {})
    return {f: headers[i] for f, i in found.items()}
