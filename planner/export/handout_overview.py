"""The first page of a rep's handouts: the territory map (its main 市区町村 named), the
areas it covers and the cycle's summary, a row per week and a column per working day (a day
longer than the rep's in red, a closed day's reason where it has no visits); with some weeks
chosen, a row per chosen week (as the day pages that follow)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from planner import model as m
from planner._schedule_dates import calendar_weeks, first_monday
from planner.day_length import day_lengths, hours_text, rep_limit
from planner.days_off import closed_cells
from planner.export.common import day_label
from planner.export.excel_period import weeks_text
from planner.export.excel_routes import rep_title
from planner.export.figures import calendar_line
from planner.export.handout_areas import draw_territory_names
from planner.export.handout_long import LONG_RED, mark_long_days
from planner.export.handout_page import (
    fitting_size,
    map_aspect,
    page_title,
    reset_page,
    service_minutes,
)
from planner.export.handout_table import FOOTER_Y, fitted_cell
from planner.export.handouts_map import (
    draw_boundary,
    draw_customers_by_day,
    draw_home,
    setup_map,
    view_extent,
)
from planner.export.print_tiles import PrintTiles
from planner.i18n import tr
from planner.rep_days import calendar_days

#: The overview's 担当エリア line under the map: at most this display width (wide chars = 2).
AREAS_WIDTH = 118


def overview_page(
    fig: Figure,
    plan: m.Plan,
    t: m.Territory,
    rows: pd.DataFrame,
    figures: pd.Series,
    lon: np.ndarray,
    lat: np.ndarray,
    days: np.ndarray,
    areas: str = "",
    long: Sequence[dict[str, object]] = (),
    addresses: Sequence[object] = (),
    rough: np.ndarray | None = None,
    areas_note: str = "",
    *,
    background: PrintTiles | None = None,
    weeks: Collection[int] | None = None,
) -> None:
    """The rep's overview: the map (its main 市区町村 named, from ``addresses``; ``rough``: the
    customers placed approximately, in a dashed ring), the areas (``areas_note``: what a
    shared one's figure means, :func:`planner.areas.shared_area_note`), the week-by-day
    table (``long``: the days longer than the rep's day, in red under it); the map on
    ``background``'s street tiles when it has them. ``weeks``: the table's rows and the red
    days are those of these calendar weeks only (next week's handouts); ``None``: all."""
    ax = reset_page(fig)
    # every week of the calendar: a week closed throughout (年末年始) shows why, not nothing;
    # the chosen ones only when some are (the week-2 handouts listed weeks 1–4 here)
    seen = {int(w) for w in rows["week"].unique()}
    if weeks is not None:
        table_weeks = sorted({int(w) for w in weeks})
        long = [r for r in long if r["week"] in set(table_weeks)]  # the red line's days too
    else:
        table_weeks = list(range(1, max(seen | {calendar_weeks(plan)}) + 1)) if seen else []
    page_title(fig, tr("Territory map") + " — " + rep_title(t), calendar_line(figures))
    ok = np.isfinite(lon) & np.isfinite(lat)
    hx = [t.home_lon] if t.has_home else []
    hy = [t.home_lat] if t.has_home else []
    extent = view_extent(np.r_[lon[ok], hx], np.r_[lat[ok], hy], aspect=map_aspect(fig))
    setup_map(ax, extent, background=background)
    draw_boundary(ax, t.boundary, np.column_stack([lon[ok], lat[ok]]))
    # the rep's own working days (a Saturday rep gets a Saturday column), and any day with visits
    seen = set(rows["day"].astype(str))
    work_days = [d for d in m.WEEKDAYS if d in set(calendar_days(plan, t.id)) | seen]
    draw_customers_by_day(ax, lon[ok], lat[ok], days[ok], working_days=work_days,
                          rough=None if rough is None else np.asarray(rough, dtype=bool)[ok])
    draw_home(ax, t)
    if len(addresses):
        draw_territory_names(ax, lon[ok], lat[ok], np.asarray(addresses, dtype=object)[ok])
    if areas:  # the territory's municipalities (担当エリア), under the map
        size, text = fitted_cell(tr("Areas: {areas}", areas=areas), AREAS_WIDTH)
        fig.text(0.06, 0.414, text, fontsize=size, va="top", color="#333333")
        if areas_note:  # an area shared with other reps: what its 12/50 means
            fig.text(0.06, 0.401, areas_note, fontsize=6.5, va="top", color="#555555")
    # the cycle's summary: one row per week, one column per working day
    y = 0.385
    # a day's hours are its whole length (visits, driving, the way home), as the Calendar dock
    # shows them and the red rule measures them: hours on site (7.9) beside 「54分超過」 of a
    # 8-hour day read as a contradiction
    # with its weeks' dates: December's and January's overviews read alike (第1週 … 成人の日)
    heading = tr("Visits per day (stops · day's hours with driving · travel km)")
    if first_monday(plan.settings) is not None and table_weeks:
        heading += " — " + weeks_text(plan, table_weeks, days=work_days, territory=t)
    fig.text(0.06, y, heading, va="top",
             fontsize=fitting_size([heading], 0.88 * fig.get_figwidth() * 72, 11.0))
    y -= 0.03
    col_w = 0.80 / max(len(work_days), 1)
    size = 8.5 if len(work_days) <= 5 else 7.5
    fig.text(0.06, y, tr("Week"), fontsize=9, va="top")
    for k, day in enumerate(work_days):
        fig.text(0.14 + k * col_w, y, day_label(day, long=True), fontsize=9, va="top")
    fig.add_artist(Line2D([0.06, 0.94], [y - 0.016, y - 0.016], lw=0.8, color="black"))
    y -= 0.021  # the first week's row starts below the rule, however small the rows get
    back = (pd.to_numeric(rows["return_km"], errors="coerce").fillna(0.0)
            if "return_km" in rows.columns else 0.0)
    grouped = rows.assign(  # a day's km with the drive back, as the day's own page says
        _svc=service_minutes(rows), _km=rows["travel_km"].astype(float).fillna(0.0) + back
    ).groupby(["week", "day"]).agg(stops=("seq", "size"), svc=("_svc", "sum"),
                                   km=("_km", "sum"))
    step = min(0.022, 0.30 / max(len(table_weeks), 1))
    lengths = day_lengths(plan, t.id)
    limit = rep_limit(plan, t.id)
    cells = {
        (w, day): tr("{stops} · {hours} h · {km:.0f} km", stops=int(g["stops"]),
                     hours=hours_text(lengths.get((int(w), str(day)), float(g["svc"]) / 60),
                                      limit),
                     km=float(g["km"]))
        for (w, day), g in grouped.iterrows()
    }
    closed = closed_labels(plan, t, max(table_weeks, default=0))
    # visits left on the rep's day off (set after the build): the cell says 休み, in red,
    # as the Calendar dock's does
    kept = {k for k in cells if k in closed}
    cells.update({k: f"{cells[k]} {closed[k]}" for k in kept})
    size = fitting_size(cells.values(), col_w * fig.get_figwidth() * 72, size)
    red = {(r["week"], r["day"]) for r in long} | kept
    for w in table_weeks:
        fig.text(0.06, y, tr("Week {week}", week=w), fontsize=size, va="top")
        for k, day in enumerate(work_days):
            if (w, day) in cells:
                fig.text(0.14 + k * col_w, y, cells[(w, day)], fontsize=size, va="top",
                         color=LONG_RED if (w, day) in red else "black",
                         fontweight="bold" if (w, day) in red else "normal")
            else:  # a day without visits: why, when it is closed (元日, 休業日, 休み)
                fig.text(0.14 + k * col_w, y, closed.get((w, day), "—"), fontsize=size,
                         va="top", color="#666666")
        y -= step
    mark_long_days(fig, list(long), y=y - 0.004)
    key = tr("★ home base · marker shape = weekday") if t.has_home else tr("marker shape = weekday")
    fig.text(0.94, FOOTER_Y, key, fontsize=8, ha="right", color="#333333")


def closed_labels(plan: m.Plan, t: m.Territory, weeks: int) -> dict[tuple[int, str], str]:
    """(week, weekday) → the label of the rep's closed days in the first ``weeks`` weeks:
    a public holiday's name, the company's days off, the rep's own (as the Calendar dock)."""
    days = list(calendar_days(plan, t.id))
    return {
        (week + 1, days[i]): label
        for (week, i), (_kind, _iso, label) in closed_cells(t, plan.settings, weeks, days).items()
    }
