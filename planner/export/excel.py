"""The Excel workbook: a summary with a balance chart, the re-importable customer sheet, route sheets.

Written with openpyxl in write-only mode (streamed rows) so 100,000 customers
stay fast. The customer sheet repeats every original column (same header text,
same order) and then the plan's columns; an original column whose header the
importer would read as the rep, the frequency, the closing or the visit days, the visit week or
the visiting hours is renamed with a prefix (``元_担当``) so that re-importing the file picks the
plan's values.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.workbook import Workbook

from planner import model as m
from planner._schedule_dates import calendar_title, calendar_weeks
from planner._schedule_keep import pattern_visits
from planner._schedule_off import skipped_visits
from planner._workbook_values import LOCKED, exported_rows
from planner.areas import areas_text, territory_areas
from planner.closed_days import closed_days_label
from planner.columns import COORDS, REP, detect_column_indexes
from planner.errors import PlannerError
from planner.export.common import (
    frequency_text,
    territory_figures,
    visit_pattern,
    visits_by_customer,
    write_atomically,
)
from planner.export.excel_areas import write_areas_sheet
from planner.export.excel_calendar import write_calendar_sheet
from planner.export.excel_cells import (
    HEADER_FILL,
    TOTAL_FILL,
    column_widths,
    display_width,
    header_width,
    new_workbook,
    pages_across,
    print_setup,
    row_height,
    set_widths,
    styled,
)
from planner.export.excel_changes import write_changes_sheet
from planner.export.excel_fast import FastRows, discard_rows, save_with_rows
from planner.export.excel_holidays import write_holiday_sheet
from planner.export.excel_ranks import write_ranks_sheet
from planner.export.excel_routes import sorted_schedule, write_route_sheets
from planner.i18n import all_forms, language, retranslate, tr
from planner.progress import Progress, report, scaled
from planner.rep_days import calendar_days
from planner.sheetfile import EXPORTED_SHEET
from planner.stats import calendar_counts
from planner.visit_times import visit_time_label
from planner.visit_weeks import visit_week_label

_NUMBER = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")


def check_workbook(plan: m.Plan) -> None:
    """Raise :class:`PlannerError` when ``plan`` cannot give a workbook (it has no customers)."""
    if not isinstance(plan, m.Plan):
        raise TypeError("plan must be a Plan")
    if len(plan.customers) == 0:
        raise PlannerError(tr("The plan has no customers to export."))


def export_workbook(
    plan: m.Plan, path: str | os.PathLike[str], *, progress: Progress | None = None
) -> Path:
    """Write the plan's workbook to ``path`` (``.xlsx``) atomically; return the path written."""
    check_workbook(plan)

    def write(tmp: Path) -> None:
        wb = new_workbook()
        try:
            try:
                fill_workbook(wb, plan, progress=progress)
            except BaseException:
                _discard(wb)
                raise
            report(progress, 0.97, tr("Saving the workbook…"))
            save_with_rows(wb, tmp)
        finally:
            discard_rows(wb)

    target = write_atomically(path, write, source=plan.source, suffix=".xlsx")
    report(progress, 1.0, tr("Workbook written."))
    return target


def fill_workbook(wb: Workbook, plan: m.Plan, *, progress: Progress | None = None) -> None:
    """Add the summary, customer and route sheets to a new write-only workbook."""
    used: set[str] = set()
    # The customer list comes first so that importing this file again reads it (the importer
    # takes the first sheet with a header row); the workbook opens on the summary.
    exported = _write_customers(wb, plan, used, progress=scaled(progress, 0.0, 0.45))
    report(progress, 0.46, tr("Writing the summary…"))
    summary = _write_summary(wb, plan, used)
    wb.active = summary
    write_areas_sheet(wb, plan, used=used)  # 担当エリア一覧: whose is a shop in 練馬区
    write_ranks_sheet(wb, plan, used=used)  # ランク別顧客数: each rep's A, B, C customers
    write_changes_sheet(wb, plan, used=used)  # customers to tell about a new rep or day
    write_holiday_sheet(wb, plan, used=used)  # visits holidays moved or left out: who tells
    schedule = sorted_schedule(plan)  # sorted once for both sheets below
    write_calendar_sheet(wb, plan, used=used, schedule=schedule)  # 訪問予定表: cycle at a glance
    write_route_sheets(wb, plan, used=used, progress=scaled(progress, 0.5, 0.95),
                       schedule=schedule)
    _write_exported(wb, exported)


def _write_exported(wb: Workbook, rows: list[list[Any]]) -> None:
    """The hidden last sheet: the customer sheet's plan columns as written, so that reading
    the workbook back takes only the cells changed since (:mod:`planner._workbook_values`)."""
    ws = wb.create_sheet(EXPORTED_SHEET)
    ws.sheet_state = "hidden"
    fast = FastRows(wb, ws, tempfile.gettempdir())
    for row in rows:
        fast.append(row)


def _discard(wb: Workbook) -> None:
    """Close an abandoned write-only workbook's streams and delete its temporary files."""
    for ws in wb.worksheets:
        rows = getattr(ws, "_rows", None)
        writer = getattr(ws, "_writer", None)
        if rows is not None:
            try:
                rows.close()
            except Exception:  # noqa: BLE001 - the stream is being thrown away
                pass
        if writer is not None:
            try:
                writer.close()
                os.unlink(writer.out)
            except (OSError, Exception):  # noqa: BLE001
                pass


# --- summary -------------------------------------------------------------------


def _write_summary(wb: Workbook, plan: m.Plan, used: set[str]) -> Any:
    title = tr("Summary")
    used.add(title)
    ws = wb.create_sheet(title)
    figures = territory_figures(plan)
    headers = [
        tr("ID"), tr("Territory"), tr("Rep"), tr("Customers"), tr("Visits per cycle"),
        tr("Workload h/week"), tr("Sales"),
        tr("Travel km/week (calendar)") if figures.attrs.get("km_source") == "calendar"
        else tr("Travel km/week (estimate)"),
        tr("Deviation"),
        # the line in the chart: the mean, or each rep's share when shared by weekly hours
        tr("Share h/week") if plan.settings.balance_by_capacity else tr("Average h/week"),
    ]
    formats = [None, None, None, "#,##0", "#,##0", "0.0", "#,##0", "#,##0.0", "+0.0%;-0.0%;0.0%",
               "0.0"]
    # with a calendar: its visits per rep beside the plan's (holidays and customers it had no
    # room for make the difference) and the customers it left out
    calendar = plan.schedule is not None and len(plan.schedule) > 0
    counts, left_out = calendar_counts(plan) if calendar else ({}, {})
    if calendar:
        headers += [tr("Visits in the calendar ({weeks} weeks)", weeks=calendar_weeks(plan)),
                    tr("Customers left out")]
        formats += ["#,##0", "#,##0"]
    headers += [tr("Working days"), tr("Areas (customers)")]
    formats += [None, None]
    areas = territory_areas(plan)
    total_load = float(figures["workload_hours_per_week"].sum()) if len(figures) else 0.0
    rows: list[list[Any]] = []
    for t in plan.territories:
        f = figures.loc[t.id]
        rows.append([
            t.id, t.name, t.rep, int(f["customers"]), float(f["visits_per_cycle"]),
            float(f["workload_hours_per_week"]), float(f["sales"]),
            float(f["travel_km_per_week"]), float(f["deviation"]),
            total_load * float(f["fair_share"]),
            *([counts.get(t.id, 0), left_out.get(t.id, 0)] if calendar else []),
            # each rep's own days, else the plan's; a rep's own day length beside them
            _day_range_text(calendar_days(plan, t.id))
            + (" " + tr("(at most {hours:g} h a day)", hours=t.day_hours) if t.day_hours else ""),
            areas_text(areas.get(t.id, []), most=12),
        ])
    unassigned = int((plan.customers[m.TERRITORY] == "").sum())
    totals: list[Any] = [
        tr("Total"), "", "", int(figures["customers"].sum()) + unassigned,
        float(figures["visits_per_cycle"].sum()), float(figures["workload_hours_per_week"].sum()),
        float(figures["sales"].sum()), float(figures["travel_km_per_week"].sum()),
        None, None,
        *([sum(counts.values()), sum(left_out.values())] if calendar else []),
        None, None,
    ]
    # the headers wrap (旅行距離 km/週 (カレンダー) over two lines): the figures set the
    # widths, so that the table prints in legible type on one page across
    widths = [max(w, header_width(h)) for w, h in zip(
        column_widths(rows, [""] * len(headers), maximum=30), headers, strict=True)]
    widths[-1] = 40  # the areas wrap in their cell
    set_widths(ws, widths)
    ws.freeze_panes = "A4"
    print_setup(ws, landscape=True, title_rows="3:3", header_left=tr("Territory summary"),
                header_right=_cycle_text(plan))
    ws.append([styled(ws, tr("Territory summary"), bold=True, size=14)])
    ws.append([_cycle_text(plan)])
    ws.row_dimensions[3].height = row_height(headers, widths)
    ws.append([styled(ws, h, bold=True, fill=HEADER_FILL, border=True, align="center",
                      wrap=True) for h in headers])
    wrap = [False] * (len(headers) - 1) + [True]  # the areas wrap in their cell
    for i, row in enumerate(rows):
        ws.row_dimensions[4 + i].height = row_height([row[-1]], widths[-1:])
        ws.append([styled(ws, v, border=True, number_format=fmt, wrap=w, align="general")
                   for v, fmt, w in zip(row, formats, wrap, strict=True)])
    ws.append([styled(ws, v, border=True, bold=True, fill=TOTAL_FILL, number_format=fmt)
               for v, fmt in zip(totals, formats, strict=True)])
    last = 3 + len(rows)
    if unassigned:
        ws.append([])
        ws.append([tr("Customers without a territory"), None, None, unassigned])
    if plan.unscheduled is not None and len(plan.unscheduled):
        ws.append([tr("Customers left out of the calendar"), None, None, len(plan.unscheduled)])
    skipped = skipped_visits(plan)
    if len(skipped):
        ws.append([tr("Visits left out on holidays and days off"), None, None, len(skipped)])
    ws.auto_filter.ref = f"A3:{_column_letter(len(headers))}{last}"
    if rows:
        ws.add_chart(_balance_chart(ws, last, len(rows)), f"B{last + 5}")
    return ws


def _balance_chart(ws: Any, last: int, n: int) -> BarChart:
    """Bars of workload per territory with the average as a line, on one axis."""
    bar = BarChart()
    bar.type = "col"
    bar.title = tr("Workload per territory (h/week)")
    bar.y_axis.title = tr("h/week")
    bar.x_axis.title = tr("Territory")
    cats = Reference(ws, min_col=2, min_row=4, max_row=last)
    bar.add_data(Reference(ws, min_col=6, min_row=3, max_row=last), titles_from_data=True)
    bar.set_categories(cats)
    line = LineChart()
    line.add_data(Reference(ws, min_col=10, min_row=3, max_row=last), titles_from_data=True)
    line.set_categories(cats)
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].graphicalProperties.line.width = 28000
    line.series[0].smooth = False
    bar.x_axis.delete = False
    bar.y_axis.delete = False
    bar.y_axis.majorGridlines = None
    bar.y_axis.scaling.min = 0  # an axis cut near the values makes small differences look huge
    bar.legend.position = "b"
    bar += line
    bar.width = max(16.0, min(40.0, 1.2 * n + 6))
    bar.height = 9.0
    return bar


def _cycle_text(plan: m.Plan) -> str:
    text = calendar_title(plan)
    if plan.settings.start_date:
        text += " " + tr("from {date}", date=plan.settings.start_date)
    return text


# --- customers -----------------------------------------------------------------


def customer_headers(plan: m.Plan) -> tuple[list[str], list[str], list[str]]:
    """(original headers as written, the plan's fields added for the base part, plan headers)."""
    from planner.columns import detect_columns, header_fields
    plan_headers = [tr(h) for h in _PLAN_HEADERS]
    originals = list(plan.original_columns)
    base_fields: list[str] = []
    if not originals:
        base_fields = [m.CUSTOMER_ID, m.NAME, m.ADDRESS, m.PHONE, m.LAT, m.LON, m.RANK, m.SALES,
                       m.SERVICE_MINUTES]
    else:
        found = detect_columns(originals)
        base_fields = [f for f in (m.CUSTOMER_ID, m.LAT, m.LON) if f not in found]
    written = list(originals)
    # the plan's own column wins on re-import
    clash = {REP, m.FREQUENCY, m.CLOSED_DAYS, m.VISIT_DAYS, m.VISIT_WEEK, m.VISIT_TIME}
    prefixes = all_forms(["orig_"])
    for i, header in enumerate(originals):
        if str(header).startswith(tuple(prefixes)):
            continue  # the list's own words, kept aside by an earlier export
        if any(field in clash for _k, _p, field in header_fields(header)):
            written[i] = tr("orig_") + str(header)
    return written, base_fields, plan_headers


#: The plan's columns of the customer sheet.
_PLAN_HEADERS = (
    "Territory ID", "Territory", "Rep", "Visit frequency", "Closing days",
    "Visit days", "Visit week", "Visiting hours", "Visit pattern", "Weekday", "Locked",
    "Problems",
)
#: Plan columns of older exports (the frequency as visits per 4 weeks, 4 = weekly).
_FORMER_HEADERS = ("Visit frequency (visits per 4 weeks)",)


def stale_plan_columns(plan: m.Plan) -> np.ndarray:
    """Which of the plan's original columns are the plan's own columns of an earlier export
    (a list read back from this program's workbook: テリトリーID, 訪問パターン, 固定 …): the
    sheet writes the plan's columns afresh instead of repeating them."""
    ours = all_forms((*_PLAN_HEADERS, *_FORMER_HEADERS))
    originals = [str(h) for h in plan.original_columns]
    marks = all_forms(["Territory ID", "Visit pattern", "Locked", "Problems"])
    if sum(h in marks for h in originals) < 3:  # the office's own list, not our export
        return np.zeros(len(originals), dtype=bool)
    return np.array([h in ours for h in originals], dtype=bool)


_BASE_HEADERS = {
    m.CUSTOMER_ID: "Customer code", m.NAME: "Name", m.ADDRESS: "Address", m.PHONE: "Phone",
    m.LAT: "Latitude", m.LON: "Longitude", m.RANK: "Rank", m.SALES: "Sales",
    m.SERVICE_MINUTES: "Visit minutes",
}


def _original_values(plan: m.Plan) -> list[np.ndarray]:
    """The original columns as arrays; numeric-looking columns become numbers (no leading zeros)."""
    out = []
    for i in range(len(plan.original_columns)):
        col = plan.customers[f"{m.ORIGINAL_PREFIX}{i}"].fillna("").astype(str)
        values = col.to_numpy(dtype=object)
        filled = values[values != ""]
        if len(filled) and all(_NUMBER.match(v) for v in filled[:50_000]):
            numbers = pd.to_numeric(col.where(col != ""), errors="coerce")
            if numbers[col != ""].notna().all():
                arr = numbers.to_numpy(dtype=object)
                arr[col.to_numpy() == ""] = None
                is_int = np.array([isinstance(v, float) and v.is_integer() for v in arr])
                arr[is_int] = [int(v) for v in arr[is_int]]
                out.append(arr)
                continue
        values = values.copy()
        values[values == ""] = None
        out.append(values)
    return out


def _plan_codes(plan: m.Plan, columns: list[Any]) -> None:
    """Write the plan's customer code into the list's code column where it differs from the
    cell: a duplicate imported as ``C000006-2``, a blank code given ``R0012``. The route
    sheets and calendar files name customers by the plan's code, and re-importing this
    sheet must find them by it."""
    c = plan.customers
    n = len(c)
    if not n or not columns:
        return
    i = detect_column_indexes(list(plan.original_columns)).get(m.CUSTOMER_ID)
    if i is None or i >= len(columns):
        return  # no code column in the list: the plan's codes get a column of their own
    ids = c[m.CUSTOMER_ID].astype(str).to_numpy(dtype=object)
    raw = c[f"{m.ORIGINAL_PREFIX}{i}"].fillna("").astype(str).str.strip().to_numpy(dtype=object)
    differ = raw != ids
    if differ.any() and differ.mean() <= 0.5:  # else the column was mapped otherwise
        col = np.asarray(columns[i], dtype=object).copy()
        col[differ] = ids[differ]
        columns[i] = col


def _write_customers(
    wb: Workbook, plan: m.Plan, used: set[str], *, progress: Progress | None
) -> list[list[Any]]:
    """Write the customer sheet; return the rows of the hidden sheet recording its plan
    columns (:mod:`planner._workbook_values`)."""
    title = tr("Customer list")
    used.add(title)
    ws = wb.create_sheet(title)
    written, base_fields, plan_headers = customer_headers(plan)
    c = plan.customers
    n = len(c)
    columns: list[Any] = list(_original_values(plan))
    _plan_codes(plan, columns)
    stale = stale_plan_columns(plan)  # an earlier export's plan columns, written afresh
    written = [h for h, old in zip(written, stale, strict=True) if not old]
    columns = [col for col, old in zip(columns, stale, strict=True) if not old]
    headers = written + [tr(_BASE_HEADERS[f]) for f in base_fields] + plan_headers
    for f in base_fields:
        if m.CUSTOMER_COLUMNS[f] == "float64":
            vals = c[f].to_numpy(dtype=float).astype(object)
            vals[~np.isfinite(c[f].to_numpy(dtype=float))] = None
            columns.append(vals)
        else:
            columns.append(c[f].to_numpy(dtype=object))
    names = {t.id: t for t in plan.territories}
    tids = c[m.TERRITORY].to_numpy(dtype=object)
    columns.append(tids)
    columns.append([names[t].name if t in names else "" for t in tids])
    # in words (毎週, 隔週, 4週に1回), as the office's own lists say it and read back alike
    freq = c[m.FREQUENCY].to_numpy(dtype=float)
    words = {f: frequency_text(f) or None for f in np.unique(freq[np.isfinite(freq)])}
    freq_obj = [words.get(f) for f in freq]
    columns.append([names[t].rep if t in names else "" for t in tids])
    columns.append(freq_obj)
    for key in (m.CLOSED_DAYS, m.VISIT_DAYS):
        columns.append([closed_days_label(v) or None for v in c[key].to_numpy(dtype=object)])
    columns.append([visit_week_label(v) or None for v in c[m.VISIT_WEEK].to_numpy(dtype=object)])
    columns.append([visit_time_label(v) or None for v in c[m.VISIT_TIME].to_numpy(dtype=object)])
    visits = visits_by_customer(pattern_visits(plan))  # holiday moves on their own days
    weeks = calendar_weeks(plan)
    ids = c[m.CUSTOMER_ID].to_numpy(dtype=object)
    patterns: list[str | None] = []
    weekdays: list[str | None] = []
    lang = language()
    for cid in ids:
        by_day = visits.get(cid)
        if by_day:
            patterns.append(visit_pattern(by_day, cycle_weeks=weeks))
            weekdays.append(_weekday_text(tuple(by_day), lang))
        else:
            patterns.append(None)
            weekdays.append(None)
    columns.append(patterns)
    columns.append(weekdays)
    columns.append([tr("yes") if v else None for v in c[m.LOCKED].to_numpy(dtype=bool)])
    record = _record(headers, columns, len(written), c[m.CUSTOMER_ID].to_numpy(dtype=object))
    problems = _problems(plan)
    columns.append(problems)
    report(progress, 0.2, tr("Writing the customer sheet…"))
    sample = [[col[i] for col in columns] for i in range(min(n, 500))]
    widths = column_widths(sample, headers, maximum=40)
    set_widths(ws, widths)
    ws.freeze_panes = "A2"
    last_col = _column_letter(len(headers))
    ws.auto_filter.ref = f"A1:{last_col}{n + 1}"
    # 25 columns fitted to one page print at 2–3 pt: pages side by side instead, the
    # columns up to the code and name repeated on each (when they come first)
    found = detect_column_indexes(headers)
    keys = [found[f] for f in (m.CUSTOMER_ID, m.NAME) if f in found]
    last = max(keys) if keys else -1
    repeated = float(sum(widths[: last + 1])) if 0 <= last < 4 else 0.0
    print_setup(ws, landscape=True, title_rows="1:1", header_left=tr("Customer list"),
                header_right=_cycle_text(plan), pages_wide=pages_across(widths, repeated=repeated),
                title_columns=f"A:{_column_letter(last + 1)}" if repeated else None)
    fast = FastRows(wb, ws, tempfile.gettempdir())
    head = fast.style(bold=True, fill=HEADER_FILL, border=True, align="center")
    fast.append(headers, [head] * len(headers))
    # a long problem wraps in its cell (it would run across the page and shrink the print)
    wrapped = [0] * (len(headers) - 1) + [fast.style(wrap=True, vertical="top")]
    step = max(1, n // 20)
    for i, row in enumerate(zip(*columns, strict=True)):
        problem = problems[i]
        if problem and display_width(problem) > widths[-1] - 1.5:
            fast.append(row, wrapped, height=row_height([problem], widths[-1:]))
        else:
            fast.append(row)
        if i % step == 0:
            report(progress, 0.2 + 0.8 * i / n, tr("Writing the customer sheet…"))
    return record


def _record(
    headers: list[str], columns: list[Any], originals: int, codes: np.ndarray
) -> list[list[Any]]:
    """The hidden sheet recording the customer sheet as written (:mod:`planner._workbook_values`):
    each field's column (name, sales …, the plan's rep, frequency …, the lock) and a digest of
    the list's other ``originals`` columns (元_ words, カナ …)."""
    found = {f: i for f, i in detect_column_indexes(headers).items() if f != COORDS}
    found[LOCKED] = headers.index(tr("Locked"))
    fields = {f: columns[i] for f, i in found.items()}
    rest = [i for i in range(originals) if i not in found.values()]
    return exported_rows(codes, fields, [headers[i] for i in rest], [columns[i] for i in rest])


def _problems(plan: m.Plan) -> list[str | None]:
    """Import problems, plus the reason a customer's visits did not fit the calendar."""
    reasons: dict[str, str] = {}
    un = plan.unscheduled
    if un is not None and len(un) and "customer_id" in un.columns and "reason" in un.columns:
        for cid, reason in zip(un["customer_id"], un["reason"], strict=True):
            if reason and cid not in reasons:
                reasons[cid] = retranslate(str(reason))
    # a visit left out on a closed day: the customer keeps its other visits, so the reason
    # (which names the date) stands alone rather than under "Not in the calendar"
    left_out: dict[str, list[str]] = {}
    for cid, reason in zip(*(skipped_visits(plan)[c] for c in ("customer_id", "reason")),
                           strict=True):
        left_out.setdefault(cid, []).append(retranslate(str(reason)))
    out: list[str | None] = []
    ids = plan.customers[m.CUSTOMER_ID].to_numpy(dtype=object)
    for cid, problem in zip(ids, plan.customers[m.PROBLEMS].to_numpy(dtype=object), strict=True):
        parts = [retranslate(str(problem))] if problem else []
        if cid in reasons:
            parts.append(tr("Not in the calendar: {reason}", reason=reasons[cid]))
        parts += [r for r in left_out.get(cid, ()) if r != reasons.get(cid)]
        out.append("; ".join(parts) or None)
    return out


@functools.lru_cache(maxsize=256)
def _weekday_text(days: tuple[str, ...], _lang: str) -> str:
    from planner.export.common import day_label

    order = {d: i for i, d in enumerate(m.WEEKDAYS)}
    return "・".join(day_label(d) for d in sorted(days, key=lambda d: order.get(d, 99)))


def _day_range_text(days: tuple[str, ...]) -> str:
    """Working days with a run of three or more written as a range: 月〜金, 月〜水・金."""
    from planner.export.common import day_label

    index = sorted(m.WEEKDAYS.index(d) for d in set(days) if d in m.WEEKDAYS)
    runs: list[list[int]] = []
    for i in index:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    dash = "〜" if language() == "ja" else "–"
    return "・".join(
        f"{day_label(m.WEEKDAYS[r[0]])}{dash}{day_label(m.WEEKDAYS[r[-1]])}" if len(r) >= 3
        else "・".join(day_label(m.WEEKDAYS[i]) for i in r) for r in runs)


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)
