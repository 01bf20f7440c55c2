"""Print-ready route sheets, one per rep: each week and day's stops in order with day totals."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break

from planner import model as m
from planner.export.common import day_label, frequency_text, safe_sheet_name
from planner.export.excel_cells import (
    SECTION_FILL,
    TOTAL_FILL,
    RowTemplate,
    column_widths,
    header_row,
    print_setup,
    set_widths,
    styled,
)
from planner.i18n import language, tr
from planner.progress import Progress, report

ROUTE_HEADERS = (
    "No.", "Arrival", "Customer code", "Name", "Address", "Phone", "Rank", "Purpose / notes",
    "Visited ✓", "Memo",
)


def route_headers() -> list[str]:
    """The route sheet's column headers in the current language."""
    return [tr(h) for h in ROUTE_HEADERS]


def _minutes(hhmm: Any) -> float:
    try:
        h, mnt = str(hhmm).split(":")[:2]
        return int(h) * 60 + int(mnt)
    except (ValueError, AttributeError):
        return float("nan")


def day_date(plan: m.Plan, week: int, day: str) -> dt.date | None:
    """The calendar date of ``week``/``day`` when the plan has a start date, else ``None``."""
    if not plan.settings.start_date:
        return None
    try:
        start = dt.date.fromisoformat(plan.settings.start_date)
    except ValueError:
        return None
    monday = start - dt.timedelta(days=start.weekday())
    return monday + dt.timedelta(weeks=week - 1, days=m.WEEKDAYS.index(day))


def day_title(plan: m.Plan, week: int, day: str) -> str:
    """``第1週 火曜日 (2026-12-01)`` / ``Week 1 Tue (2026-12-01)``."""
    text = tr("Week {week}", week=week) + " " + day_label(day, long=True)
    date = day_date(plan, week, day)
    return f"{text} ({date.isoformat()})" if date else text


def rep_title(t: m.Territory) -> str:
    """The rep's name with the territory's, for titles."""
    if t.rep and t.name:
        return f"{t.rep}（{t.name}）" if language() == "ja" else f"{t.rep} ({t.name})"
    return t.rep or t.name or t.id


def sorted_schedule(plan: m.Plan) -> pd.DataFrame:
    """The schedule ordered by territory, week, weekday and stop number."""
    if plan.schedule is None or plan.schedule.empty:
        return pd.DataFrame(columns=list(m.SCHEDULE_COLUMNS))
    s = plan.schedule.copy()
    s["_day"] = s["day"].map({d: i for i, d in enumerate(m.WEEKDAYS)}).fillna(9)
    s = s.sort_values(["territory", "week", "_day", "seq"], kind="stable")
    return s.drop(columns="_day")


def write_route_sheets(
    wb: Workbook, plan: m.Plan, *, used: set[str], progress: Progress | None = None
) -> None:
    """Add one route sheet per territory that has visits in the calendar."""
    schedule = sorted_schedule(plan)
    if schedule.empty:
        return
    c = plan.customers
    index = pd.Index(c[m.CUSTOMER_ID].to_numpy(dtype=object))
    info = {
        "code": c[m.CUSTOMER_ID].to_numpy(dtype=object),
        "name": c[m.NAME].to_numpy(dtype=object),
        "address": c[m.ADDRESS].to_numpy(dtype=object),
        "phone": c[m.PHONE].to_numpy(dtype=object),
        "rank": c[m.RANK].to_numpy(dtype=object),
        "notes": _notes(c),
    }
    groups = dict(tuple(schedule.groupby("territory", sort=False)))
    territories = [t for t in plan.territories if t.id in groups]
    for k, t in enumerate(territories):
        report(progress, k / len(territories), tr("Writing route sheets…"))
        rows = groups[t.id]
        pos = index.get_indexer(rows["customer_id"].to_numpy(dtype=object))
        _write_one(wb, plan, t, rows, pos, info, used)
    report(progress, 1.0, tr("Writing route sheets…"))


def _notes(c: pd.DataFrame) -> np.ndarray:
    freq = c[m.FREQUENCY].to_numpy(dtype=float)
    labels = {f: frequency_text(f) for f in set(freq[np.isfinite(freq)].tolist())}
    problems = c[m.PROBLEMS].to_numpy(dtype=object)
    out = np.empty(len(c), dtype=object)
    for i, f in enumerate(freq):
        text = labels.get(f, "") if np.isfinite(f) else ""
        if problems[i]:
            text = f"{text} / {problems[i]}" if text else str(problems[i])
        out[i] = text
    return out


def _write_one(
    wb: Workbook,
    plan: m.Plan,
    t: m.Territory,
    rows: pd.DataFrame,
    pos: np.ndarray,
    info: dict[str, np.ndarray],
    used: set[str],
) -> None:
    ws = wb.create_sheet(safe_sheet_name(t.rep or t.name or t.id, used))
    headers = route_headers()
    weeks = rows["week"].to_numpy()
    days = rows["day"].to_numpy(dtype=object)
    seq = rows["seq"].to_numpy()
    arrival = rows["arrival"].to_numpy(dtype=object)
    departure = rows["departure"].to_numpy(dtype=object)
    km = rows["travel_km"].to_numpy(dtype=float)
    mins = rows["travel_minutes"].to_numpy(dtype=float)
    stop_rows: list[list[Any]] = []
    for i in range(len(rows)):
        p = pos[i]
        if p < 0:
            stop_rows.append([int(seq[i]), arrival[i], "?", "", "", "", "", "", None, None])
            continue
        stop_rows.append([
            int(seq[i]), arrival[i], info["code"][p], info["name"][p], info["address"][p],
            info["phone"][p], info["rank"][p], info["notes"][p] or None, None, None,
        ])
    widths = column_widths(stop_rows[:3000], headers, maximum=46)
    widths[0] = max(widths[0], 5.0)
    widths[8] = max(widths[8], 8.0)
    widths[9] = max(widths[9], 24.0)
    set_widths(ws, widths)
    ws.freeze_panes = "A3"
    cycle = tr("{weeks}-week cycle", weeks=int(weeks.max()) if len(weeks) else 0)
    print_setup(ws, landscape=True, title_rows="1:2",
                header_left=tr("Rep: {rep}", rep=rep_title(t)), header_right=cycle)
    ws.append([styled(ws, tr("Route sheet") + " — " + rep_title(t), bold=True, size=13)]
              + [None] * 7 + [styled(ws, cycle, align="right")])
    ws.append(header_row(ws, headers))
    row_no = 2
    formats = [None, None, None, None, None, None, "@", None, None, None]
    stop = RowTemplate(ws, [
        {"border": True, "number_format": f, "wrap": j in (3, 4, 7)} for j, f in enumerate(formats)
    ])
    section = RowTemplate(ws, [{"bold": j == 0, "fill": SECTION_FILL} for j in range(len(headers))])
    totals = RowTemplate(ws, [{"bold": j == 1, "fill": TOTAL_FILL} for j in range(len(headers))])
    blank = [None] * (len(headers) - 1)
    start = 0
    n = len(rows)
    while start < n:
        week, day = weeks[start], days[start]
        end = start
        while end < n and weeks[end] == week and days[end] == day:
            end += 1
        if start > 0 and weeks[start - 1] != week:
            ws.row_breaks.append(Break(id=row_no))
        ws.append(section.fill([day_title(plan, int(week), str(day)), *blank]))
        row_no += 1
        for i in range(start, end):
            ws.append(stop.fill(stop_rows[i]))
            row_no += 1
        service_min = sum(
            max(0.0, _minutes(departure[i]) - _minutes(arrival[i]))
            for i in range(start, end)
            if np.isfinite(_minutes(departure[i]) - _minutes(arrival[i]))
        )
        total = tr(
            "Day total: {stops} stops, visits {service:.1f} h, travel {km:.1f} km / {hours:.1f} h",
            stops=end - start, service=service_min / 60.0,
            km=float(np.nansum(km[start:end])), hours=float(np.nansum(mins[start:end])) / 60.0,
        )
        ws.append(totals.fill([None, total, *blank[1:]]))
        row_no += 1
        start = end
    ws.auto_filter.ref = f"A2:J{row_no}"
