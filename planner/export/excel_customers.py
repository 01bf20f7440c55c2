"""The customer sheet of the workbook: every original column of the list (same header text,
same order), then the plan's columns; an original column whose header the importer would read
as the rep, the frequency, the closing or the visit days, the visit week or the visiting hours
is renamed with a prefix (``元_担当``) so that re-importing the file picks the plan's values. A
hidden sheet records the sheet as written (:mod:`planner._workbook_values`).
"""

from __future__ import annotations

import functools
import re
import tempfile
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.workbook import Workbook

from planner import model as m
from planner._geocode_nearby import approximate_mask
from planner._schedule_dates import calendar_weeks
from planner._schedule_keep import pattern_visits
from planner._schedule_off import skipped_visits
from planner._workbook_values import (
    GEOCODE_KEY,
    LOCKED,
    TERRITORY_ID_KEY,
    TERRITORY_NAME_KEY,
    exported_rows,
)
from planner.calendar_rhythm import frequencies_beside_calendar
from planner.closed_days import closed_days_label
from planner.columns import COORDS, REP, detect_column_indexes
from planner.export.common import visit_pattern, visits_by_customer
from planner.export.excel_cells import (
    HEADER_FILL,
    pages_across,
    print_setup,
    set_widths,
)
from planner.export.excel_customers_print import fold, off_paper, print_widths, wrapped_height
from planner.export.excel_fast import FastRows
from planner.export.excel_period import cycle_text
from planner.i18n import all_forms, language, notes, retranslate, tr
from planner.kept_headers import kept_base, kept_header
from planner.progress import Progress, report
from planner.sheetfile import EXPORTED_SHEET
from planner.unscheduled_groups import reason_with_fix, reasons_by_customer
from planner.visit_times import visit_time_label
from planner.visit_weeks import visit_week_label

_NUMBER = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.\d+)?$")
_PADDED = re.compile(r"^-?0\d")


# --- customers -----------------------------------------------------------------


def customer_headers(plan: m.Plan) -> tuple[list[str], list[str], list[str]]:
    """(original headers as written, the plan's fields added for the base part, plan headers)."""
    from planner.columns import detect_columns, header_fields
    plan_headers = [tr(h) for h in _PLAN_HEADERS]
    originals = list(plan.original_columns)
    base_fields: list[str] = []
    # the names' readings typed in the plan (Add customer…) where the list gives none
    kana = [m.NAME_KANA] if (plan.customers[m.NAME_KANA] != "").any() else []
    if not originals:
        base_fields = [m.CUSTOMER_ID, m.NAME, *kana, m.ADDRESS, m.PHONE, m.LAT, m.LON, m.RANK,
                       m.SALES, m.SERVICE_MINUTES]
    else:
        found = detect_columns(originals)
        base_fields = [f for f in (m.CUSTOMER_ID, m.LAT, m.LON, *kana) if f not in found]
    written = list(originals)
    # the plan's own column wins on re-import
    clash = {REP, m.FREQUENCY, m.CLOSED_DAYS, m.VISIT_DAYS, m.VISIT_WEEK, m.VISIT_TIME}
    for i, header in enumerate(originals):
        base = kept_base(header)
        if base is not None:  # the list's own words, kept aside by an earlier export
            written[i] = kept_header(base)  # (元_担当 of older ones said in words)
        elif any(field in clash for _k, _p, field in header_fields(header)):
            written[i] = kept_header(str(header))
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
    m.CUSTOMER_ID: "Customer code", m.NAME: "Name", m.NAME_KANA: "Name (kana)",
    m.ADDRESS: "Address", m.PHONE: "Phone",
    m.LAT: "Latitude", m.LON: "Longitude", m.RANK: "Rank", m.SALES: "Sales",
    m.SERVICE_MINUTES: "Visit minutes",
}


def _original_values(plan: m.Plan) -> list[np.ndarray]:
    """The original columns as arrays; numeric-looking cells become numbers (no leading
    zeros; a column with a zero-padded 00123 is all text): a 売上 column with one 「不明」 or 「1,200千円」 kept its 299 figures as text
    (Excel's green corners, a SUM of 0). The code column is numbers only when every code
    is one: 1001 beside A-3 would look codes up by two types."""
    out = []
    code = detect_column_indexes(list(plan.original_columns)).get(m.CUSTOMER_ID)
    for i in range(len(plan.original_columns)):
        col = plan.customers[f"{m.ORIGINAL_PREFIX}{i}"].fillna("").astype(str)
        values = col.to_numpy(dtype=object).copy()
        index, uniques = pd.factorize(values)
        looks = np.array([u != "" and bool(_NUMBER.match(u)) for u in uniques] + [False],
                         dtype=bool)[index]
        # a code column, or one with a zero-padded code (00123): one type, as typed
        padded = any(_PADDED.match(str(u)) for u in uniques)
        if looks.any() and not padded and (i != code or looks.sum() == (values != "").sum()):
            numbers = pd.to_numeric(pd.Series(values[looks]), errors="coerce").to_numpy()
            arr = numbers.astype(object)
            whole = np.array([float(v).is_integer() for v in numbers], dtype=bool)
            arr[whole] = [int(v) for v in numbers[whole]]
            values[looks] = arr
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


def _plan_positions(plan: m.Plan, columns: list[Any]) -> None:
    """Write the plan's position into the list's 緯度 and 経度 columns where it differs from
    the cell: a pin placed by hand over a typo (3.469), a swapped pair set right. The sheet
    showed the typo beside the plan's columns, and a new plan made from it lost the pin.
    A position placed only roughly (at its town's customers) keeps the cell as typed."""
    c = plan.customers
    if not len(c) or not columns:
        return
    found = detect_column_indexes(list(plan.original_columns))
    if m.LAT not in found or m.LON not in found:
        return  # none, or one 座標 column ("34.7,135.5"): as typed
    lat, lon = c[m.LAT].to_numpy(dtype=float), c[m.LON].to_numpy(dtype=float)
    exact = np.isfinite(lat) & np.isfinite(lon) & ~approximate_mask(c)
    for field, plan_values in ((m.LAT, lat), (m.LON, lon)):
        i = found[field]
        if i >= len(columns):
            continue
        col = np.asarray(columns[i], dtype=object)
        cells = pd.to_numeric(pd.Series(col), errors="coerce").to_numpy(dtype=float)
        differ = exact & ~np.isclose(cells, plan_values, rtol=0.0, atol=1e-9)
        if differ.any():
            col = col.copy()
            col[differ] = plan_values[differ]
            columns[i] = col


def _typed_in(plan: m.Plan, columns: list[Any]) -> None:
    """Write the name, its reading (フリガナ), the address and the phone of the customers
    typed in by hand (Add customer…, no row of the list) into the list's columns for them:
    such a customer has no cell of the list, and re-importing this sheet reads it there."""
    c = plan.customers
    typed = c[m.SOURCE_ROW].to_numpy() == 0
    if not typed.any() or not columns:
        return
    found = detect_column_indexes(list(plan.original_columns))
    for field in (m.NAME, m.NAME_KANA, m.ADDRESS, m.PHONE):
        i = found.get(field)
        if i is None or i >= len(columns):
            continue
        values = c[field].astype(str).to_numpy(dtype=object)
        col = np.asarray(columns[i], dtype=object)
        fill = typed & (values != "") & np.array(
            [v is None or not str(v).strip() for v in col], dtype=bool)
        if fill.any():
            col = col.copy()
            col[fill] = values[fill]
            columns[i] = col


def write_customers(
    wb: Workbook, plan: m.Plan, used: set[str], *, progress: Progress | None,
    territories: set[str] | None = None,
) -> list[list[Any]]:
    """Write the customer sheet; return the rows of the hidden sheet recording its plan
    columns (:mod:`planner._workbook_values`). ``territories``: those territories' customers
    only (every column worked out on the whole plan, then the rows kept)."""
    title = tr("Customer list")
    used.add(title)
    ws = wb.create_sheet(title)
    written, base_fields, plan_headers = customer_headers(plan)
    c = plan.customers
    n = len(c)
    columns: list[Any] = list(_original_values(plan))
    _plan_codes(plan, columns)
    _plan_positions(plan, columns)
    _typed_in(plan, columns)
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
    # in words (毎週, 隔週, 4週に1回), as the office's own lists say it and read back alike,
    # with the calendar's rhythm where it differs: 6週に1回（カレンダーでは8週に1回） beside
    # the visit pattern 8週に1回(第4週) 火 (read back: 6週に1回)
    freq_obj = [w or None for w in frequencies_beside_calendar(plan, exact=True)]
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
    codes = c[m.CUSTOMER_ID].to_numpy(dtype=object)
    geocode = c[m.GEOCODE].fillna("").astype(str).to_numpy(dtype=object)
    problems = _problems(plan)
    if territories is not None:  # the chosen reps' customers, in the plan's order
        keep = np.isin(tids.astype(str), sorted(territories))
        columns = [_kept(col, keep) for col in columns]
        codes, geocode = codes[keep], geocode[keep]
        problems = _kept(problems, keep)
        n = int(keep.sum())
    record = _record(headers, columns, len(written), codes, geocode)
    columns.append(problems)
    report(progress, 0.2, tr("Writing the customer sheet…"))
    sample = [[col[i] for col in columns] for i in range(min(n, 500))]
    found = detect_column_indexes(headers)
    widths, wraps = print_widths(headers, sample, found)
    money = _whole_numbers_at(columns, found.get(m.SALES))
    if money is not None:  # 4,726,000 as the office reads sales, never 4726000 or ####
        widths[money] = max(widths[money], _money_width(columns[money]))
    set_widths(ws, widths)
    folded = off_paper(headers, found, tr("Territory ID"))
    fold(ws, folded)
    ws.freeze_panes = "A2"
    last_col = column_letter(len(headers))
    ws.auto_filter.ref = f"A1:{last_col}{n + 1}"
    # 25 columns fitted to one page print at 2–3 pt: pages side by side instead, the
    # columns up to the code and name repeated on each (when they come first)
    keys = [found[f] for f in (m.CUSTOMER_ID, m.NAME) if f in found]
    last = max(keys) if keys else -1
    repeated = float(sum(widths[: last + 1])) if 0 <= last < 4 else 0.0
    printed = [w for i, w in enumerate(widths) if i not in folded]
    print_setup(ws, landscape=True, title_rows="1:1", header_left=tr("Customer list"),
                header_right=cycle_text(plan), pages_wide=pages_across(printed, repeated=repeated),
                title_columns=f"A:{column_letter(last + 1)}" if repeated else None)
    fast = FastRows(wb, ws, tempfile.gettempdir())
    # a header wider than its column's values wraps (訪問時間 / 帯), the row as tall as it needs
    head = fast.style(bold=True, fill=HEADER_FILL, border=True, align="center", wrap=True)
    fast.append(headers, [head] * len(headers), height=wrapped_height(
        headers, widths, set(range(len(headers)))))
    # a long name, address or problem wraps in its cell (run on, it made the column wide and
    # shrank the print); every cell sits at the top of its row, so a tall row reads as one
    top = fast.style(vertical="top")
    styles = [fast.style(wrap=True, vertical="top") if i in wraps else top
              for i in range(len(headers))]
    if money is not None:
        styles[money] = fast.style(vertical="top", number_format=SALES_FORMAT)
    step = max(1, n // 20)
    for i, row in enumerate(zip(*columns, strict=True)):
        fast.append(row, styles, height=wrapped_height(row, widths, wraps))
        if i % step == 0:
            report(progress, 0.2 + 0.8 * i / n, tr("Writing the customer sheet…"))
    return record


#: The customer sheet's sales: whole numbers with thousands separators (the unit is the
#: list's own, 円 or 千円, as its header says).
SALES_FORMAT = "#,##0"


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool)


def _whole_numbers_at(columns: list[Any], index: int | None) -> int | None:
    """``index`` when that column's numbers are each a whole one (its words, 不明 or
    1,200千円, as typed beside them), else None."""
    if index is None or index >= len(columns):
        return None
    numbers = [v for v in columns[index] if _is_number(v)]
    if not numbers or not all(np.isfinite(v) and float(v).is_integer() for v in numbers):
        return None
    return index


def _money_width(column: Any) -> float:
    """The width (Excel units) showing the column's largest number with its separators."""
    largest = max((abs(float(v)) for v in column if _is_number(v)), default=0.0)
    return len(f"-{largest:,.0f}") * 1.1 + 2


def _kept(column: Any, keep: np.ndarray) -> list[Any]:
    """The values of ``column`` (an array or a list) where ``keep`` is true."""
    return [v for v, k in zip(column, keep, strict=True) if k]


def _record(
    headers: list[str], columns: list[Any], originals: int, codes: np.ndarray,
    geocode: np.ndarray,
) -> list[list[Any]]:
    """The hidden sheet recording the customer sheet as written (:mod:`planner._workbook_values`):
    each field's column (name, sales …, the plan's rep, frequency …, the lock), how each
    position was found (``geocode``: read back with the coordinates) and a digest of the
    list's other ``originals`` columns (元_ words, カナ …)."""
    found = {f: i for f, i in detect_column_indexes(headers).items() if f != COORDS}
    found[LOCKED] = headers.index(tr("Locked"))
    found[TERRITORY_ID_KEY] = headers.index(tr("Territory ID"))  # moving a customer there
    found[TERRITORY_NAME_KEY] = headers.index(tr("Territory"))  # moves it on update
    fields = {f: columns[i] for f, i in found.items()}
    fields[GEOCODE_KEY] = geocode
    rest = [i for i in range(originals) if i not in found.values()]
    return exported_rows(codes, fields, [headers[i] for i in rest], [columns[i] for i in rest])


def _problems(plan: m.Plan) -> list[str | None]:
    """Import problems, plus the reason a customer's visits did not fit the calendar (and,
    for a reason of its own data, what to change: its visiting hours, position …), and a
    position placed only approximately (at its 丁目's customers): to check on the map."""
    reasons: dict[str, str] = {}
    un = plan.unscheduled
    if un is not None and len(un) and "customer_id" in un.columns and "reason" in un.columns:
        reasons = {cid: reason_with_fix(words, code) for cid, (words, code)
                   in reasons_by_customer(un).items() if words}
    # a visit left out on a closed day: the customer keeps its other visits, so the reason
    # (which names the date) stands alone rather than under "Not in the calendar"
    left_out: dict[str, list[str]] = {}
    for cid, reason in zip(*(skipped_visits(plan)[c] for c in ("customer_id", "reason")),
                           strict=True):
        left_out.setdefault(cid, []).append(retranslate(str(reason)))
    out: list[str | None] = []
    ids = plan.customers[m.CUSTOMER_ID].to_numpy(dtype=object)
    rough = approximate_mask(plan.customers)
    for cid, problem, near in zip(ids, plan.customers[m.PROBLEMS].to_numpy(dtype=object), rough,
                                  strict=True):
        parts = [retranslate(str(problem))] if problem else []
        if near:
            parts.append(tr("Approximate position: check it on the map"))
        if cid in reasons:
            parts.append(tr("Not in the calendar: {reason}", reason=reasons[cid]))
        parts += [r for r in left_out.get(cid, ()) if not reasons.get(cid, "").startswith(r)]
        out.append(notes(*parts) or None)
    return out


@functools.lru_cache(maxsize=256)
def _weekday_text(days: tuple[str, ...], _lang: str) -> str:
    from planner.export.common import day_label

    order = {d: i for i, d in enumerate(m.WEEKDAYS)}
    return "・".join(day_label(d) for d in sorted(days, key=lambda d: order.get(d, 99)))


def write_exported(wb: Workbook, rows: list[list[Any]]) -> None:
    """The hidden last sheet: the customer sheet as written, so that reading the workbook
    back takes only the cells changed since (:mod:`planner._workbook_values`)."""
    ws = wb.create_sheet(EXPORTED_SHEET)
    ws.sheet_state = "hidden"
    fast = FastRows(wb, ws, tempfile.gettempdir())
    for row in rows:
        fast.append(row)


def column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)
