"""The workbook's visit calendar (訪問予定表): each rep's cycle at a glance.

Route-sales offices keep a month-at-a-glance sheet beside the daily route sheets: for each
rep, the weeks of the cycle down, the working days across, and in each cell that day's
customers in visiting order with their arrival times, after the day's date (12/31) when the
calendar has dates. One block per rep, each starting on a new printed page (A4 landscape,
one page wide); a rep whose weeks need a second page gets the title and the weekday header
again on it. A customer whose rep or day changed in the
last build is marked ※ as on the route sheets.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break

from planner import model as m
from planner._schedule_told import changed_customers
from planner.day_length import long_day_keys, over_text
from planner.days_off import closed_cells
from planner.export.common import clip_width, day_label, without_legal_form
from planner.export.excel_cells import (
    HEADER_FILL,
    LONG_DAY_FILL,
    ROW_POINTS,
    SECTION_FILL,
    page_rows_points,
    print_setup,
    row_height,
    set_widths,
)
from planner.export.excel_fast import FastRows
from planner.export.excel_period import cycle_text
from planner.export.excel_routes import day_date, rep_title, sorted_schedule
from planner.i18n import tr, trn

#: Width of a day's column (Excel units), and the type of its visits (points; a line's height).
CELL_WIDTH = 30
CELL_FONT, CELL_LINE = 9, 11.5


def write_calendar_sheet(
    wb: Workbook, plan: m.Plan, *, used: set[str], schedule: pd.DataFrame | None = None
) -> Any:
    """Add the visit calendar when the plan has a calendar; return the sheet (or None).
    ``schedule``: the plan's :func:`sorted_schedule`, when the caller has it."""
    s = sorted_schedule(plan) if schedule is None else schedule
    if s.empty:
        return None
    title = tr("Visit calendar")
    used.add(title)
    ws = wb.create_sheet(title)
    present = set(s["day"])
    days = [d for d in m.WEEKDAYS if d in present]
    widths = [11.0, *[float(CELL_WIDTH)] * len(days)]
    set_widths(ws, widths)
    page = page_rows_points(widths, landscape=True)
    print_setup(ws, landscape=True, header_left=title, header_right=cycle_text(plan))
    names = plan.customers.drop_duplicates(m.CUSTOMER_ID).set_index(m.CUSTOMER_ID)[m.NAME]
    names = names.astype(str)
    changed = changed_customers(plan)
    weeks = int(s["week"].max())
    fast = FastRows(wb, ws, tempfile.gettempdir())
    heading = fast.style(bold=True, size=13)
    head = fast.style(bold=True, fill=HEADER_FILL, border=True, align="center")
    week_cell = fast.style(bold=True, fill=SECTION_FILL, border=True, wrap=True, vertical="top",
                           size=CELL_FONT)
    day_cell = fast.style(border=True, wrap=True, vertical="top", size=CELL_FONT)
    # a day longer than the rep's day, shaded as the Calendar dock shades it
    long_cell = fast.style(border=True, wrap=True, vertical="top", size=CELL_FONT,
                           fill=LONG_DAY_FILL)
    header = ["", *(day_label(d, long=True) for d in days)]
    for t in plan.territories:
        mine = s[s["territory"] == t.id]
        if mine.empty:
            continue
        rep_heading = f"{title} — {rep_title(t)}"
        used_on_page = _page_top(ws, fast, rep_heading, header, (heading, head))
        by_day = {key: day for key, day in mine.groupby(["week", "day"], sort=False)}
        long = long_day_keys(plan, t.id)
        # an empty day of the rep's days off (休み) or a public holiday says so
        off = {(w + 1, days[k]): label for (w, k), (_kind, _date, label)
               in closed_cells(t, plan.settings, weeks, tuple(days)).items()}
        for week in range(1, weeks + 1):
            label = tr("Week {week}", week=week)
            monday = day_date(plan, week, days[0])
            if monday is not None:  # 第1週 / 12/28〜, as the window's calendar says it
                label += "\n" + tr("from {time}", time=date_text(monday))
            cells = []
            for d in days:
                visits = by_day.get((week, d))
                date = date_text(day_date(plan, week, d))
                cells.append(
                    _cell_lines(visits, names, changed, long.get((week, d)), date=date)
                    if visits is not None else [_joined(date, off.get((week, d), ""))]
                )
            looks = [week_cell, *(long_cell if (week, d) in long else day_cell for d in days)]
            # a day longer than a page (60 stops) goes on in the next row, as Excel prints no
            # row across two pages: the rest of it is cut off the paper
            fits = max(int((page - 2 * ROW_POINTS - 10) / CELL_LINE) - 1, 1)
            parts = max(-(-max(len(c) for c in cells) // fits), 1)
            for part in range(parts):
                texts = [label if part == 0 else f"{label}\n{tr('(continued)')}"]
                texts += ["\n".join(c[part * fits:(part + 1) * fits]) for c in cells]
                # names that wrap in their cell count as the lines they take
                height = max(row_height(texts, widths, line=CELL_LINE), CELL_LINE * 2 + 4)
                if used_on_page + height > page and (week > 1 or part > 0):
                    used_on_page = _page_top(ws, fast, f"{rep_heading} {tr('(continued)')}",
                                             header, (heading, head))
                fast.append(texts, looks, height=height)
                used_on_page += height
        fast.append([])
    return ws


def _page_top(
    ws: Any, fast: FastRows, text: str, header: list[str], looks: tuple[int, int]
) -> float:
    """A new printed page with a rep's title ``text`` and the weekday ``header`` (styles
    ``looks``); the points they take."""
    if fast.row:
        ws.row_breaks.append(Break(id=fast.row))
    fast.append([text], [looks[0]], height=ROW_POINTS + 3)
    fast.append(header, [looks[1]] * len(header), height=ROW_POINTS)
    return 2 * ROW_POINTS + 3


def date_text(day: dt.date | None) -> str:
    """``12/31``: a calendar day as the manager reads it on the visit calendar ("" undated)."""
    return f"{day.month}/{day.day}" if day is not None else ""


def _joined(date: str, text: str) -> str:
    """A day's ``date`` before its ``text`` (``1/1 元日``), either one alone when the other is
    empty."""
    return f"{date} {text}" if date and text else date or text


def _cell_lines(
    visits: Any,
    names: Any,
    changed: dict[str, Any],
    long: tuple[float, float] | None = None,
    *,
    date: str = "",
) -> list[str]:
    """``12/31 17件 · 移動込み 8.0時間`` then ``09:06 池田食品`` per visit (``※`` before a
    customer to tell): a day's cell, line by line; ``date``: the day's month/day when the
    calendar has dates (the manager need not count the columns from the week's Monday);
    ``long``: (hours, the rep's day) of a day longer than the rep's, said on the head line
    (``· 2時間43分超過``)."""
    hours = float("nan")
    if "day_hours" in visits:
        hours = float(np.nanmax(visits["day_hours"].to_numpy(dtype=float)))
    head = trn("{n} visit", "{n} visits", len(visits), n=len(visits))
    if np.isfinite(hours):
        # the day's length, driving included (the route sheet and hand-out give the visits'
        # own hours beside the driving)
        head += " · " + tr("{hours:.1f} h with driving", hours=hours)
    if long is not None:  # longer than the rep's day: how far, on the day's head line
        head += " · " + over_text(*long)
    out = [_joined(date, head)]
    for cid, arrival in zip(visits["customer_id"].astype(str), visits["arrival"], strict=True):
        mark = "※" if cid in changed else ""
        # one line a visit, so a rep's weeks stay few pages (full names: the route sheets);
        # without 株式会社 the cut keeps the branch that tells two shops of a chain apart
        name = without_legal_form(str(names.get(cid, cid)))
        out.append(clip_width(f"{arrival} {mark}{name}", CELL_WIDTH - 3))
    return out
