"""Print-ready route sheets, one per rep: each week and day's stops in order with day totals.

A stop's notes tell the rep what to keep in mind at that customer: a new rep or day to
announce, the frequency, closing and visit days, visiting hours (時間指定) — flagged
時間外 in bold when the calendar puts the visit outside them — and import problems.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.workbook import Workbook

from planner import model as m
from planner._calendar_once import one_off_moves
from planner._calendar_reps import RepNames
from planner._schedule_dates import holiday_label
from planner._schedule_off import skipped_visits
from planner._schedule_told import changed_customers
from planner.calendar_rhythm import calendar_rates
from planner.closed_day_notes import closed_day, closed_day_note
from planner.day_length import (
    day_end,
    day_lengths,
    hours_text,
    late_arrivals,
    long_day_keys,
    long_day_note,
    over_text,
    rep_limit,
)
from planner.days_off import closed_cells
from planner.export.common import day_label, safe_sheet_name
from planner.export.excel_cells import (
    HEADER_FILL,
    LONG_DAY_FILL,
    LONG_DAY_RED,
    ROW_POINTS,
    SECTION_FILL,
    TITLE_POINTS,
    TOTAL_FILL,
    address_pieces,
    column_widths,
    folded,
    page_rows_points,
    print_setup,
    row_height,
    set_widths,
)
from planner.export.excel_fast import FastRows
from planner.export.excel_pages import printed_height
from planner.export.excel_period import cycle_text, weeks_text
from planner.export.excel_route_links import LINK_BLUE, Row, legs_row, legs_widest
from planner.export.excel_route_pages import write_pages
from planner.export.nav_links import route_legs, stop_url
from planner.export.route_notes import stop_notes
from planner.export.tell_texts import moved_text, notice_texts
from planner.i18n import language, tr, trn
from planner.progress import Progress, report
from planner.rep_days import calendar_days, rep_name
from planner.rep_titles import rep_title
from planner.routing import clock_minutes, lunch_end
from planner.update import last_update
from planner.visit_times import visits_outside_hours

#: The route sheet's columns: what the program tells the rep about each stop (frequency,
#: closing and visit days, 時間指定, the news to announce) is 訪問条件・お知らせ, apart from the
#: rep's own handwritten メモ (it said 目的・メモ, and held no purpose). The tick column is headed
#: as on the PDF hand-out (Done / 済): reps carry both, and it said 訪問✓ here, two names for one tick.
ROUTE_HEADERS = (
    "No.", "Arrival", "Customer code", "Name", "Address", "Phone", "Rank",
    "Visit conditions / notices", "Done", "Memo",
)


#: The route sheet's columns centred in their cells: the stop number and the arrival time.
_CENTRED = (0, 1)

#: The widest the name, address and notes columns grow (Excel units), and the memo column's
#: width: the sheet prints one page wide on A4 landscape, and at 211 units its 10-point type
#: printed at 6 points, too small to read in a car; at about 155 it prints at 8.
_WRAPPED_WIDTHS = {3: 26.0, 4: 28.0, 7: 30.0}
MEMO_WIDTH = 14.0

#: The route sheet's top and bottom margins (inches): its header carries only the warning
#: of a calendar that no longer matches the plan and its footer the page number, both 0.25
#: in from the paper's edge, so 0.45 keeps them clear and gives a page 26 points of rows more
#: than the other sheets' 0.6 (a day of 18 stops on one page).
ROUTE_MARGIN = 0.45


def _spaced(text: str) -> list[str]:
    """A name in pieces after its spaces (株式会社日本食品 | 横浜2号店)."""
    return re.findall(r"\S+\s*|\s+", text) or [text]


def _note_parts(text: str) -> list[str]:
    """A stop's notes in pieces after each `` / `` (4週に1回 / | 定休日: 水)."""
    return re.findall(r".+? / |.+$", text) or [text]


def route_headers() -> list[str]:
    """The route sheet's column headers in the current language."""
    return [tr(h) for h in ROUTE_HEADERS]


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


def _iso_date(text: str) -> dt.date | None:
    """``2026-12-01`` as a date (None for no date, or text that is not one)."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def day_title(
    plan: m.Plan, week: int, day: str, *, date: str = "", holiday: str = "", week_too: bool = True
) -> str:
    """``第1週 12月1日(火)`` / ``Week 1 Tue (2026-12-01)``, undated ``第1週 火曜日``; the
    calendar's date wins (``week_too=False``: without the week, for a line under its week)."""
    if not date:
        found = day_date(plan, week, day)
        date = found.isoformat() if found else ""
    on = _iso_date(date)
    if on is not None and language() == "ja":  # as a Japanese office writes a day
        text = f"{on.month}月{on.day}日({day_label(day)})"
    else:
        text = day_label(day, long=True) + (f" ({date})" if date else "")
    if week_too:
        text = tr("Week {week}", week=week) + " " + text
    if holiday:
        text += f" {holiday_label(holiday)}"
    return text


def day_extras(rows: pd.DataFrame) -> tuple[str, str, float, float]:
    """(date, holiday, return km, return minutes) of one day's rows when the calendar has them."""
    def first(col: str) -> str:
        if col not in rows.columns or rows.empty:
            return ""
        value = rows[col].iloc[0]
        return "" if value is None or (isinstance(value, float) and value != value) else str(value)

    def total(col: str) -> float:
        if col not in rows.columns:
            return 0.0
        return float(np.nansum(pd.to_numeric(rows[col], errors="coerce").to_numpy(dtype=float)))

    return first("date"), first("holiday"), total("return_km"), total("return_minutes")


def sorted_schedule(plan: m.Plan) -> pd.DataFrame:
    """The schedule ordered by territory, week, weekday and stop number."""
    if plan.schedule is None or plan.schedule.empty:
        return pd.DataFrame(columns=list(m.SCHEDULE_COLUMNS))
    s = plan.schedule.copy()
    s["_day"] = s["day"].map({d: i for i, d in enumerate(m.WEEKDAYS)}).fillna(9)
    s = s.sort_values(["territory", "week", "_day", "seq"], kind="stable")
    return s.drop(columns="_day")


def write_route_sheets(
    wb: Workbook,
    plan: m.Plan,
    *,
    used: set[str],
    progress: Progress | None = None,
    schedule: pd.DataFrame | None = None,
    weeks: set[int] | None = None,
    nav_links: bool = True,
) -> None:
    """Add one route sheet per territory that has visits in the calendar (``schedule``: the
    plan's :func:`sorted_schedule`, when the caller has it); ``weeks``: only the days of
    those calendar weeks (next week's sheet), each sheet's title saying which; ``nav_links``:
    each stop's address links to Google Maps' directions to it, and a row under each day's
    title links to each leg of the day's route (:mod:`planner.export.nav_links`)."""
    schedule = sorted_schedule(plan) if schedule is None else schedule
    if weeks is not None:
        schedule = schedule[schedule["week"].isin(sorted(weeks))]
    if schedule.empty:
        return
    c = plan.customers
    # visits a hand edit left outside their customer's visiting hours: flagged 時間外
    schedule = schedule.assign(_outside=visits_outside_hours(c, schedule))
    if one_off := one_off_moves(plan):  # visits moved by hand for one day only: told so
        schedule = schedule.assign(_once=[(str(k), str(v)) in one_off for k, v in zip(
            schedule["customer_id"], schedule["moved_from"], strict=True)])
    index = pd.Index(c[m.CUSTOMER_ID].to_numpy(dtype=object))
    notes, outside_notes = stop_notes(c, changed_customers(plan),
                                  RepNames.of(plan, rep_name),
                                  set(last_update(plan)["added"]), calendar_rates(plan))
    # the closed-day news to tell at each visit (the next visit moved or left out)
    notices = notice_texts(plan)
    info = {
        "code": c[m.CUSTOMER_ID].to_numpy(dtype=object),
        "name": c[m.NAME].to_numpy(dtype=object),
        "address": c[m.ADDRESS].to_numpy(dtype=object),
        "phone": c[m.PHONE].to_numpy(dtype=object),
        "rank": c[m.RANK].to_numpy(dtype=object),
        "notes": notes,
        "outside_notes": outside_notes,
        "lat": c[m.LAT].to_numpy(dtype=float),
        "lon": c[m.LON].to_numpy(dtype=float),
    }
    groups = dict(tuple(schedule.groupby("territory", sort=False)))
    territories = [t for t in plan.territories if t.id in groups]
    for k, t in enumerate(territories):
        report(progress, k / len(territories), tr("Writing route sheets…"))
        rows = groups[t.id]
        pos = index.get_indexer(rows["customer_id"].to_numpy(dtype=object))
        _write_one(wb, plan, t, rows, pos, info, used, notices, weeks, nav_links)
    report(progress, 1.0, tr("Writing route sheets…"))


def _closed_rows(
    plan: m.Plan, t: m.Territory, weeks: int, chosen: set[int] | None = None
) -> list[tuple[tuple[int, int], str]]:
    """The rep's closed working days within ``weeks`` weeks (``chosen``: of those weeks
    only), in order, as route-sheet section titles: ``第4週 12月29日(火) 会社の休日 —
    訪問なし（2件は他の日に入らず）``."""
    days = calendar_days(plan, t.id)
    left = skipped_visits(plan)
    left = left[left["territory"] == t.id].groupby("date").size()
    out = []
    for (w, k), (_kind, iso, label) in sorted(closed_cells(t, plan.settings, weeks,
                                                            days).items()):
        if chosen is not None and w + 1 not in chosen:
            continue
        text = day_title(plan, w + 1, days[k], date=iso) + f" {label} — " + tr("no round")
        if iso in left.index:
            n = int(left[iso])
            note = (tr("(1 visit fits no other day)") if n == 1 else
                    tr("({n} visits fit no other day)", n=n))
            text += note if note.startswith("（") else " " + note  # no space before （
        out.append(((w + 1, m.WEEKDAYS.index(days[k])), text))
    return out


def _write_one(
    wb: Workbook,
    plan: m.Plan,
    t: m.Territory,
    rows: pd.DataFrame,
    pos: np.ndarray,
    info: dict[str, np.ndarray],
    used: set[str],
    notices: Mapping[object, str],
    chosen: set[int] | None = None,
    nav: bool = True,
) -> None:
    ws = wb.create_sheet(safe_sheet_name(t.rep or t.name or t.id, used))
    headers = route_headers()
    weeks = rows["week"].to_numpy()
    days = rows["day"].to_numpy(dtype=object)
    seq = rows["seq"].to_numpy()
    arrival = rows["arrival"].to_numpy(dtype=object)
    starts, ends = clock_minutes(arrival), clock_minutes(rows["departure"])
    service = ends - starts
    late = rows["_outside"].to_numpy(dtype=bool)
    km = rows["travel_km"].to_numpy(dtype=float)
    mins = rows["travel_minutes"].to_numpy(dtype=float)
    # the lunch break (昼休憩) before a stop, as the calendar placed it (older plans: none)
    lunch = rows["lunch"].to_numpy(dtype=object) if "lunch" in rows else np.full(len(rows), "")
    lunch_minutes = float(plan.settings.lunch_minutes)
    # the date a visit was planned on when a closed day moved it (older plans: none)
    moved = rows["moved_from"].to_numpy(dtype=object) if "moved_from" in rows else np.full(
        len(rows), "")
    once = rows["_once"].to_numpy(dtype=bool) if "_once" in rows else np.zeros(len(rows), bool)
    stop_rows: list[list[Any]] = []
    labels = rows.index
    # each stop's position (Google Maps links: none without one)
    lat = np.where(pos >= 0, info["lat"][np.maximum(pos, 0)], np.nan)
    lon = np.where(pos >= 0, info["lon"][np.maximum(pos, 0)], np.nan)
    home = (t.home_lat, t.home_lon) if t.has_home else None
    for i in range(len(rows)):
        p = pos[i]
        if p < 0:
            stop_rows.append([int(seq[i]), arrival[i], "?", "", "", "", "", "", None, None])
            continue
        note = info["outside_notes"][p] if late[i] else info["notes"][p]
        notice = notices.get(labels[i])
        if notice:  # a later visit moves or falls out: the rep tells the customer now
            note = f"{notice} / {note}" if note else notice
        if moved[i]:  # a holiday or day off moved it (or the manager, once): the rep tells
            shifted = moved_text(str(moved[i]), once=bool(once[i]))
            note = f"{shifted} / {note}" if note else shifted
        stop_rows.append([
            int(seq[i]), arrival[i], info["code"][p], info["name"][p], info["address"][p],
            info["phone"][p], info["rank"][p], note or None, None, None,
        ])
    widths = column_widths([*stop_rows[:400], *legs_widest(rows, lat, home, nav, len(headers))],
                           headers, maximum=46)  # (the route links' text too)
    for j, most in _WRAPPED_WIDTHS.items():  # a long name, address or note takes two lines
        widths[j] = min(widths[j], most)
    widths[0] = max(widths[0], 5.0)
    widths[8] = max(widths[8], 8.0)
    widths[9] = max(widths[9], MEMO_WIDTH)
    set_widths(ws, widths)
    for row in stop_rows:  # their lines break between words, never inside 新横浜 or 12-8
        for j, pieces in ((3, _spaced), (4, address_pieces), (7, _note_parts)):
            if isinstance(row[j], str):
                row[j] = folded(pieces(row[j]), widths[j], separator="/" if j == 7 else "")
    ws.freeze_panes = "A3"
    # the calendar's weeks (a rep's last week may be all days off) and, when it has dates,
    # the rep's first and last working day: 4週サイクル 2026/12/07(月)〜2026/12/28(月).
    # The title row, repeated on every printed page, says whose sheet and which weeks: the
    # page header said both again above it
    cycle = (cycle_text(plan, days=calendar_days(plan, t.id), territory=t) if chosen is None
             else weeks_text(plan, chosen, days=calendar_days(plan, t.id), territory=t))
    print_setup(ws, landscape=True, title_rows="1:2", top_bottom=ROUTE_MARGIN)
    fast = FastRows(wb, ws, tempfile.gettempdir())
    title = fast.style(bold=True, size=13)
    right = fast.style(align="right")
    fast.append([tr("Route sheet") + " — " + rep_title(t), *[None] * 7, cycle],
                [title, *[0] * 7, right], height=TITLE_POINTS)
    head = fast.style(bold=True, fill=HEADER_FILL, border=True, align="center")
    fast.append(headers, [head] * len(headers), height=ROW_POINTS)
    row_no = 2
    formats = [None, None, None, None, None, None, "@", None, None, None]
    # every cell of a stop centred on its row, as its wrapped name and address are; the stop
    # number and the arrival centred across too: "10" pushed right against "09:04" printed
    # as one figure, "1009:04"
    stop = [fast.style(border=True, number_format=f, wrap=j in (3, 4, 7),
                       align="center" if j in _CENTRED else "general")
            for j, f in enumerate(formats)]
    flagged = [*stop[:7], fast.style(border=True, wrap=True, bold=True, align="general"),
               *stop[8:]]  # 時間外
    # a stop reached after the rep's day ends (17:05 for 9:00 + 8 h): its arrival in red
    after = late_arrivals(arrival.astype(str), day_end(plan, t.id))
    red = fast.style(border=True, align="center", bold=True, color=LONG_DAY_RED)
    section = [fast.style(bold=j == 0, fill=SECTION_FILL) for j in range(len(headers))]
    totals = [fast.style(bold=j == 1, fill=TOTAL_FILL) for j in range(len(headers))]
    # a day longer than the rep's day: its title and total in red, and a note saying so
    long_days = long_day_keys(plan, t.id)
    lengths = day_lengths(plan, t.id)  # every day's whole length, as the Calendar dock's
    limit = rep_limit(plan, t.id)
    long_section = [fast.style(bold=j == 0, fill=LONG_DAY_FILL, color=LONG_DAY_RED)
                    for j in range(len(headers))]
    long_totals = [fast.style(bold=True, fill=LONG_DAY_FILL, color=LONG_DAY_RED)
                   for _j in range(len(headers))]
    long_note = [*[0] * 7, fast.style(wrap=True, bold=True, color=LONG_DAY_RED),
                 *[0] * (len(headers) - 8)]
    # a link prints as text in dark blue, underlined: legible on a black-and-white printer
    linked = fast.style(border=True, wrap=True, color=LINK_BLUE, underline=True)
    nav_line = fast.style(color=LINK_BLUE, underline=True)
    # the lunch break's time centred under the arrivals, as a stop's is
    rest = [fast.style(border=True, align="center" if j in _CENTRED else "general")
            for j in range(len(headers))]
    blank = [None] * (len(headers) - 1)
    # the rep's closed days (holidays, days off) in their place, saying there is no round
    last = max(chosen) if chosen else int(weeks.max()) if len(weeks) else 0
    order = {d: i for i, d in enumerate(m.WEEKDAYS)}
    # a day off set after the build still holds its visits: its block says so, not 訪問なし
    visited = {(int(w), order[str(d)]) for w, d in zip(weeks, days, strict=True)}
    closed = [c for c in _closed_rows(plan, t, last, chosen) if c[0] not in visited]
    # Each day is a block of rows kept on one page when it fits one (a new page for each
    # week); a day longer than a page goes on under its title again (…（続き）).
    titles = printed_height(TITLE_POINTS) + printed_height(ROW_POINTS)  # atop every page
    page = page_rows_points(widths, landscape=True, top_bottom=ROUTE_MARGIN) - titles
    most = page_rows_points(widths, landscape=True, safety=0.0, top_bottom=ROUTE_MARGIN) - titles
    wrap_widths = [widths[3], widths[4], widths[7]]
    blocks: list[list[Row]] = []
    block_weeks: list[int] = []
    afternoons: dict[int, int] = {}  # block → its first row after the lunch break
    start = 0
    n = len(rows)
    while start < n or closed:
        if closed and (start == n or closed[0][0] < (int(weeks[start]), order[str(days[start])])):
            (week_no, _day), text = closed.pop(0)  # comes first
            blocks.append([([text, *blank], section, ROW_POINTS)])
            block_weeks.append(week_no)
            continue
        week, day = weeks[start], days[start]
        end = start
        while end < n and weeks[end] == week and days[end] == day:
            end += 1
        date, holiday, back_km, back_min = day_extras(rows.iloc[start:end])
        long = long_days.get((int(week), str(day)))  # (hours, the rep's day) when too long
        heading = day_title(plan, int(week), str(day), date=date, holiday=holiday)
        # the rep's day off set after the build, its visits still here: said in red
        off = closed_day(plan, t.id, int(week), str(day))
        if off:
            heading += " — " + off[2]
        if long:
            heading += " — " + over_text(*long)
        block: list[Row] = [([heading, *blank], long_section if long or off else section,
                             ROW_POINTS)]
        if off:
            note = closed_day_note(plan, t.id, int(week), str(day))
            block.append(([*[None] * 7, note, None, None], long_note,
                          row_height([note], [widths[7]])))
        legs = route_legs([(int(seq[i]), lat[i], lon[i]) for i in range(start, end)],
                          start=home) if nav else []  # type: ignore[arg-type]
        if legs:  # one row, a cell a leg: 「Googleマップで道順（1/2）」「…（2/2）」
            block.append(legs_row(legs, len(headers), nav_line))
        for i in range(start, end):
            if lunch[i]:
                until = lunch_end(str(lunch[i]), lunch_minutes)
                block.append(([None, lunch[i], None, tr("Lunch break until {time}", time=until),
                               *[None] * 6], rest, ROW_POINTS))
                afternoons[len(blocks)] = len(block)  # a day on two pages breaks here
            row = stop_rows[i]  # name, address and note wrap in their cells
            url = stop_url(lat[i], lon[i]) if nav else None  # the address: directions to it
            looks = flagged if late[i] else stop
            looks = [looks[0], red, *looks[2:]] if after[i] else looks
            block.append((row, [*looks[:4], linked, *looks[5:]] if url else looks,
                          row_height([row[3], row[4], row[7]], wrap_widths),
                          {4: url} if url else None))
        service_min = float(np.nansum(np.clip(service[start:end], 0, None)))
        total = trn(
            "Day total: {stops} stop, visit {service:.1f} h, travel {km:.1f} km / {hours:.1f} h",
            "Day total: {stops} stops, visits {service:.1f} h, travel {km:.1f} km / {hours:.1f} h",
            end - start, stops=end - start, service=service_min / 60.0,
            km=float(np.nansum(km[start:end])) + back_km,
            hours=(float(np.nansum(mins[start:end])) + back_min) / 60.0,
        )
        if long is None:  # the day's whole length too: visits and travel leave out the waits
            length = lengths.get((int(week), str(day)))
            if length is not None:
                total += " — " + tr("{hours} h in all", hours=hours_text(length, limit))
            block.append(([None, total, *blank[1:]], totals, ROW_POINTS))
        else:  # the whole day's hours beside the rep's, and what to do, in the notes column
            total += " — " + tr("{hours} h in all: {over}", hours=hours_text(*long),
                                over=over_text(*long))
            block.append(([None, total, *blank[1:]], long_totals, ROW_POINTS))
            note = long_day_note(*long, rep=t.rep or t.name or t.id)
            block.append(([*[None] * 7, note, None, None], long_note,
                          row_height([note], [widths[7]])))
        blocks.append(block)
        block_weeks.append(int(week))
        start = end
    row_no = write_pages(ws, fast, blocks, block_weeks, (page, most), row_no, afternoons)
    ws.auto_filter.ref = f"A2:J{row_no}"
