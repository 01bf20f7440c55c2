"""The Excel workbook: a summary with a balance chart, the re-importable customer sheet
(:mod:`planner.export.excel_customers`), route sheets and the other hand-outs.

Written with openpyxl in write-only mode (streamed rows) so 100,000 customers stay fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.series import SeriesLabel
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break

from planner import model as m
from planner._schedule_damaged import damaged_out
from planner._schedule_dates import calendar_weeks
from planner._schedule_off import gave_way_visits, skipped_visits
from planner.areas import areas_text, shared_area_note, territory_areas
from planner.errors import PlannerError
from planner.export.common import (
    STALE_CALENDAR,
    STALE_CALENDAR_SHORT,
    calendar_is_stale,
    check_visited,
    check_weeks,
    write_atomically,
)
from planner.export.excel_areas import write_areas_sheet
from planner.export.excel_calendar import write_calendar_sheet
from planner.export.excel_cells import (
    HEADER_FILL,
    TOTAL_FILL,
    column_widths,
    header_text,
    header_width,
    new_workbook,
    print_setup,
    row_height,
    set_widths,
    styled,
    warn_on_every_page,
)
from planner.export.excel_changes import write_changes_sheet
from planner.export.excel_customers import column_letter, write_customers, write_exported
from planner.export.excel_fast import discard_rows, save_with_rows
from planner.export.excel_holidays import write_holiday_sheet
from planner.export.excel_period import cycle_text
from planner.export.excel_ranks import write_ranks_sheet
from planner.export.excel_routes import sorted_schedule, write_route_sheets
from planner.export.figures import territory_figures
from planner.i18n import language, tr
from planner.progress import Progress, report, scaled
from planner.rep_days import calendar_days
from planner.stats import calendar_counts
from planner.territories import shown_deviation
from planner.unscheduled_groups import (
    count_line,
    group_counts,
    group_title,
    next_step,
    reason_label,
)


def check_workbook(plan: m.Plan) -> None:
    """Raise :class:`PlannerError` when ``plan`` cannot give a workbook (it has no customers)."""
    if not isinstance(plan, m.Plan):
        raise TypeError("plan must be a Plan")
    if len(plan.customers) == 0:
        raise PlannerError(tr("The plan has no customers to export."))


def export_workbook(
    plan: m.Plan, path: str | os.PathLike[str], *, progress: Progress | None = None,
    territories: Iterable[str] | None = None, weeks: Iterable[int] | None = None,
    nav_links: bool = True,
) -> Path:
    """Write the plan's workbook to ``path`` (``.xlsx``) atomically; return the path written.

    ``territories`` (territory ids) limits the customer list, the visit calendar and the
    route sheets to those reps; the summary and the other sheets (areas, ranks, customers to
    tell, holidays) stay whole. ``None`` writes every rep. ``weeks`` (calendar weeks,
    1-based) limits the route sheets to the days of those weeks — next week's sheet — each
    titled with them; the other sheets keep the whole cycle. ``nav_links=False`` leaves the
    route sheets' Google Maps links out."""
    check_workbook(plan)
    chosen = None if territories is None else check_territories(plan, territories)
    wanted = None if weeks is None else check_weeks(plan, weeks)
    # the chosen reps all idle in those weeks: no workbook without its route sheets
    check_visited(plan, chosen, wanted, handouts=False, sheets=True)

    def write(tmp: Path) -> None:
        wb = new_workbook()
        saved = False
        try:
            fill_workbook(wb, plan, progress=progress, territories=chosen, weeks=wanted,
                          nav_links=nav_links)
            report(progress, 0.97, tr("Saving the workbook…"))
            save_with_rows(wb, tmp)
            saved = True
        finally:
            if not saved:  # filling or saving failed (a full disk): close every stream
                _discard(wb)
            discard_rows(wb)

    target = write_atomically(path, write, source=plan.source_paths(), suffix=".xlsx")
    report(progress, 1.0, tr("Workbook written."))
    return target


def check_territories(plan: m.Plan, territories: Iterable[str]) -> set[str]:
    """``territories`` as a set of the plan's territory ids; else :class:`PlannerError`."""
    chosen = {str(t) for t in territories}
    bad = chosen - set(plan.territory_ids)
    if bad or not chosen:
        raise PlannerError(tr("Unknown territory: {id}.", id=", ".join(sorted(bad)) or "—"))
    return chosen


def fill_workbook(
    wb: Workbook, plan: m.Plan, *, progress: Progress | None = None,
    territories: set[str] | None = None, weeks: set[int] | None = None,
    nav_links: bool = True,
) -> None:
    """Add the summary, customer and route sheets to a new write-only workbook
    (``territories``: the customer list, visit calendar and route sheets of those only;
    ``weeks``: the route sheets of those calendar weeks only)."""
    used: set[str] = set()
    # The customer list comes first so that importing this file again reads it (the importer
    # takes the first sheet with a header row); the workbook opens on the summary.
    exported = write_customers(wb, plan, used, progress=scaled(progress, 0.0, 0.45),
                               territories=territories)
    report(progress, 0.46, tr("Writing the summary…"))
    summary = _write_summary(wb, plan, used)
    wb.active = summary
    write_areas_sheet(wb, plan, used=used)  # 担当エリア一覧: whose is a shop in 練馬区
    write_ranks_sheet(wb, plan, used=used)  # ランク別顧客数: each rep's A, B, C customers
    write_changes_sheet(wb, plan, used=used)  # customers to tell about a new rep or day
    write_holiday_sheet(wb, plan, used=used)  # visits holidays moved or left out: who tells
    schedule = sorted_schedule(plan)  # sorted once for both sheets below
    if territories is not None:  # the chosen reps' visit calendar and route sheets
        schedule = schedule[schedule["territory"].isin(sorted(territories))]
    write_calendar_sheet(wb, plan, used=used, schedule=schedule)  # 訪問予定表: cycle at a glance
    write_route_sheets(wb, plan, used=used, progress=scaled(progress, 0.5, 0.95),
                       schedule=schedule, weeks=weeks, nav_links=nav_links)
    write_exported(wb, exported)
    if calendar_is_stale(plan):  # route sheets that contradict the plan: said on every page
        for ws in wb.worksheets:
            if ws.sheet_state == "visible":
                warn_on_every_page(ws, tr(STALE_CALENDAR_SHORT))


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
    driven = figures.attrs.get("km_source") == "calendar"
    km = figures["calendar_km"] if driven else figures["travel_km_per_week"]
    headers = [
        tr("ID"), tr("Territory"), tr("Rep"), tr("Customers"), tr("Visits per 4 weeks"),
        tr("Workload h/week"), tr("Sales (¥)"),
        # what the reps drive in the calendar's weeks (as the Calendar dock and `stats` say
        # it); before a calendar, the plan's estimate a week
        tr("Calendar km ({weeks} weeks)", weeks=calendar_weeks(plan)) if driven
        else tr("Travel km/week (estimate)"),
        tr("Deviation"),
        # the line in the chart: the mean, or each rep's share when shared by weekly hours
        tr("Share h/week") if plan.settings.balance_by_capacity else tr("Average h/week"),
    ]
    # visits per 4 weeks (the frequencies' period, whatever the cycle): a decimal only for
    # customers seen less often (646.5), never a half rounded away as in the other tables
    halves = bool((figures["visits_per_4_weeks"] % 1).abs().gt(0.05).any()) if len(figures) else False
    formats = [None, None, None, "#,##0", "#,##0.0" if halves else "#,##0", "0.0", "#,##0",
               "#,##0" if driven else "#,##0.0", "+0.0%;-0.0%;0.0%",
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
    sales = m.has_sales(plan.customers)  # a list without sales: "—", not ¥0
    rows: list[list[Any]] = []
    for t in plan.territories:
        f = figures.loc[t.id]
        rows.append([
            t.id, t.name, t.rep, int(f["customers"]), float(f["visits_per_4_weeks"]),
            float(f["workload_hours_per_week"]), float(f["sales"]) if sales else m.NO_FIGURE,
            float(km[t.id]), _deviation_cell(float(f["deviation"])),
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
        float(figures["visits_per_4_weeks"].sum()), float(figures["workload_hours_per_week"].sum()),
        float(figures["sales"].sum()) if sales else m.NO_FIGURE,
        float(km.sum()),
        None, None,
        *([sum(counts.values()), sum(left_out.values())] if calendar else []),
        None, None,
    ]
    # the headers wrap (カレンダーの移動km（4週） over two lines): the figures set the
    # widths, so that the table prints in legible type on one page across
    widths = [max(w, header_width(h)) for w, h in zip(
        column_widths(rows, [""] * len(headers), maximum=30), headers, strict=True)]
    widths[-1] = 40  # the areas wrap in their cell
    # Japanese headers break where a reader would (訪問回数/ | サイクル), not mid-word
    plain = headers
    headers = [header_text(h, w) for h, w in zip(headers, widths, strict=True)]
    set_widths(ws, widths)
    ws.freeze_panes = "A4"
    print_setup(ws, landscape=True, title_rows="3:3", header_left=tr("Territory summary"),
                header_right=cycle_text(plan))
    ws.append([styled(ws, tr("Territory summary"), bold=True, size=14)])
    if calendar_is_stale(plan):
        ws.append([styled(ws, f"{cycle_text(plan)}   {tr(STALE_CALENDAR)}", bold=True,
                          color="C00000")])
    else:
        ws.append([cycle_text(plan)])
    ws.row_dimensions[3].height = row_height(headers, widths)
    ws.append([styled(ws, h, bold=True, fill=HEADER_FILL, border=True, align="center",
                      wrap=True) for h in headers])
    wrap = [False] * (len(headers) - 1) + [True]  # the areas wrap in their cell
    # the working days centred: flush left against the count of customers left out before
    # them, 「0 | 月〜金」 printed as 「0月〜金」 and 「1 | 月〜金」 read as 「1月〜金」 (January)
    aligns = ["general"] * (len(headers) - 2) + ["center", "general"]
    for i, row in enumerate(rows):
        ws.row_dimensions[4 + i].height = row_height([row[-1]], widths[-1:])
        ws.append([styled(ws, v, border=True, number_format=fmt, wrap=w, align=a)
                   for v, fmt, w, a in zip(row, formats, wrap, aligns, strict=True)])
    ws.append([styled(ws, v, border=True, bold=True, fill=TOTAL_FILL, number_format=fmt)
               for v, fmt in zip(totals, formats, strict=True)])
    last = 3 + len(rows)
    notes: list[list[Any]] = []  # lines under the table
    if unassigned:
        notes += [[], [tr("Customers without a territory"), None, None, unassigned]]
    if plan.unscheduled is not None and len(plan.unscheduled):
        notes.append([tr("Customers left out of the calendar"), None, None,
                      len(plan.unscheduled)])
        notes += left_out_notes(plan)  # to fix apart from no room, per reason what to do
    damaged = len(damaged_out(plan))
    if damaged:  # not among those above: the saved calendar's damaged rows left them out
        notes.append([tr("Customers left out (damaged rows)"), None, None, damaged])
    gave = len(gave_way_visits(plan))  # of open days: said apart
    skipped = len(skipped_visits(plan)) - gave
    if skipped:
        notes.append([tr("Visits left out on holidays and days off"), None, None, skipped])
    if gave:
        notes.append([tr("Visits given to a customer's only visit of the cycle"), None, None,
                      gave])
    said = (shared_area_note(areas.get(t.id, []), str(row[-1]))
            for t, row in zip(plan.territories, rows, strict=True))
    shared = next((text for text in said if text), "")
    if shared:  # what a shared area's 12/50 means, with the table's first
        notes.append([shared])
    for note in notes:
        ws.append(note)
    ws.auto_filter.ref = f"A3:{column_letter(len(headers))}{last}"
    if rows:  # the chart on a page of its own: a page break cut it in two under the table
        below = last + 1 + len(notes)  # the last row written
        ws.row_breaks.append(Break(id=below))
        ws.add_chart(_balance_chart(ws, last, len(rows), (plain[5], plain[9])),
                     f"B{below + 2}")
    return ws


def _balance_chart(ws: Any, last: int, n: int, titles: tuple[str, str]) -> BarChart:
    """Bars of workload per territory with the average as a line, on one axis (``titles``:
    the two series' names, the headers without their line breaks)."""
    bar = BarChart()
    bar.type = "col"
    bar.title = tr("Workload per territory (h/week)")
    bar.y_axis.title = tr("h/week")
    bar.x_axis.title = tr("Territory")
    cats = Reference(ws, min_col=2, min_row=4, max_row=last)
    bar.add_data(Reference(ws, min_col=6, min_row=4, max_row=last))
    bar.series[0].tx = SeriesLabel(v=titles[0])
    bar.set_categories(cats)
    line = LineChart()
    line.add_data(Reference(ws, min_col=10, min_row=4, max_row=last))
    line.series[0].tx = SeriesLabel(v=titles[1])
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


def _deviation_cell(value: float) -> float | str:
    """The summary's deviation: a figure, 「顧客なし」 for a territory without customers."""
    return shown_deviation(value) if np.isfinite(value) else tr("no customers")


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


def left_out_notes(plan: m.Plan) -> list[list[Any]]:
    """Under the summary's count of the customers left out of the calendar: those a change
    to the customer lets in apart from those no day had room for (each group's count in the
    count column), each reason a line of its own with its count and what to do (the Customer
    list's Problems column says it of each customer)."""
    rows: list[list[Any]] = []
    for group, by_code in group_counts(plan.unscheduled).items():
        title, note = group_title(group)
        rows.append(["  " + title, None, None, sum(by_code.values()), note or None])
        for code, n in by_code.items():  # one text, running across the page
            step = next_step(code)
            rows.append(["    " + count_line(reason_label(code), n) + (f" → {step}" if step
                                                                        else "")])
    return rows
