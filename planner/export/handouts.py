"""PDF map handouts: per rep an overview page (territory map and the cycle's summary), then a page per day.

A4 portrait, vector, IPAexGothic embedded as TrueType so Japanese prints
everywhere; one figure is reused for every page (no tight_layout) so 50 reps
× 20 days stay quick. The overview page is drawn by :mod:`planner.export.handout_overview`,
the page's frame (size, title, emptying) by :mod:`planner.export.handout_page`; the day
pages here.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from planner import model as m
from planner._geocode_nearby import approximate_mask
from planner._schedule_told import changed_customers
from planner.areas import shared_area_note, territory_areas
from planner.closed_day_notes import closed_day_note
from planner.day_length import (
    day_end,
    day_lengths,
    hours_text,
    late_arrivals,
    long_day_keys,
    long_day_records,
    over_text,
    rep_limit,
)
from planner.errors import PlannerError
from planner.export.common import (
    EMPTY_CALENDAR,
    STALE_CALENDAR_SHORT,
    calendar_is_stale,
    check_visited,
    check_weeks,
    write_atomically,
)
from planner.export.excel_routes import day_extras, day_title, rep_title, sorted_schedule
from planner.export.figures import calendar_figures
from planner.export.fonts import make_printable, pdf_rc
from planner.export.handout_areas import draw_area_names, stop_areas
from planner.export.handout_day import day_page_counts, with_lunch
from planner.export.handout_links import day_legs, draw_legs, stop_links
from planner.export.handout_long import LONG_LINE_ROOM, mark_long_day, mark_red_line
from planner.export.handout_notes import TellNotes
from planner.export.handout_overview import AREAS_WIDTH  # (the overview's areas line)
from planner.export.handout_overview import closed_labels as _closed_labels  # noqa: F401 (tests)
from planner.export.handout_overview import overview_page as _overview_page
from planner.export.handout_page import A4, day_map_rect, map_aspect, reset_page, service_minutes
from planner.export.handout_page import MAP_RECT as MAP_RECT  # (tests import it from here)
from planner.export.handout_page import page_title as _title
from planner.export.handout_table import (
    COLUMNS,
    FOOTER_Y,
    HOURS_COLUMNS,
    MAP_TOP,
    NOTE_ROW,
    TABLE_TOP_FULL_PAGE,
    TOTAL_ROW,
    areas_fitting,
    day_layout,
    note_cells,
    stop_table,
)
from planner.export.handouts_map import draw_route, setup_map, view_extent
from planner.export.pdf_outline import Rep, add_outline, day_mark
from planner.export.print_tiles import PrintTiles
from planner.i18n import listing, tr, trn
from planner.progress import Progress, Watched, report
from planner.update import last_update
from planner.visit_times import visit_time_label


def check_handouts(plan: m.Plan) -> None:
    """Raise :class:`PlannerError` when ``plan`` cannot give handouts (it has no calendar yet)."""
    if not isinstance(plan, m.Plan):
        raise TypeError("plan must be a Plan")
    if plan.schedule is None:
        raise PlannerError(tr("Build the visit calendar first: the handouts show each day's route."))
    if plan.schedule.empty:
        raise PlannerError(tr(EMPTY_CALENDAR))


def handout_territories(plan: m.Plan) -> list[m.Territory]:
    """The territories that get handouts (those with visits in the calendar), in plan order."""
    if plan.schedule is None or plan.schedule.empty:
        return []
    present = set(plan.schedule["territory"].to_numpy(dtype=object))
    return [t for t in plan.territories if t.id in present]


def export_handouts(
    plan: m.Plan,
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    territories: Iterable[str] | None = None,
    weeks: Iterable[int] | None = None,
    nav_links: bool = True,
    background: PrintTiles | None = None,
) -> Path:
    """Write the handouts PDF to ``path`` atomically; return the path written.

    ``territories`` (territory ids) limits the handouts to those reps, e.g. to print one
    rep's pages; ``None`` writes every rep with visits in the calendar. ``weeks`` (calendar
    weeks, 1-based) limits the day pages to those weeks — next week's handouts — and the
    reps to those with visits in them (each still gets its overview page). ``nav_links``:
    each stop's name and address, and the day's route at the page's foot, link to Google Maps.
    ``background``: the maps print on its street tiles (those it could fetch; its
    :meth:`~PrintTiles.note` says when some could not); ``None``: on the offline outline.
    """
    check_handouts(plan)
    chosen, wanted = check_choice(plan, territories, weeks)

    watched = None if progress is None else Watched(progress)

    def write(tmp: Path) -> None:
        # Cancel is seen while a map's tiles load too, not only between pages
        stopped = None if watched is None else watched.stopped
        watching = background.watching(stopped) if background else contextlib.nullcontext()
        with matplotlib.rc_context(pdf_rc()), watching:  # type: ignore[arg-type]
            bookmarks = _write_pdf(plan, tmp, watched, chosen, wanted, nav_links, background)
        add_outline(tmp, bookmarks)

    target = write_atomically(path, write, source=plan.source_paths(), suffix=".pdf")
    report(progress, 1.0, tr("Handouts written."))
    return target


def check_choice(
    plan: m.Plan, territories: Iterable[str] | None, weeks: Iterable[int] | None
) -> tuple[set[str] | None, set[int] | None]:
    """The chosen territory ids and weeks as sets (``None``: all), checked before anything
    is drawn: each territory has visits in the calendar, and one of them at least in the
    chosen weeks; else :class:`PlannerError` in one sentence."""
    wanted = None if weeks is None else check_weeks(plan, weeks)
    if territories is None:
        return None, wanted
    chosen = {str(t) for t in territories}
    names = {t.id: t for t in plan.territories}
    unknown = sorted(chosen - set(names))
    if unknown or not chosen:
        raise PlannerError(tr("Unknown territory: {id}.", id=", ".join(unknown) or "—"))
    schedule = plan.schedule
    assert schedule is not None  # (check_handouts)
    present = set(schedule["territory"].to_numpy(dtype=object))
    idle = [t for t in plan.territories if t.id in chosen and t.id not in present]
    if idle:  # a rep the calendar has no visits for: said, not skipped
        raise PlannerError(tr("{reps}: no visits in the calendar, so no handouts.",
                              reps=listing(rep_title(t) for t in idle)))
    # the reps without visits in those weeks are left out; not all
    check_visited(plan, chosen, wanted)
    return chosen, wanted


def skipped_reps(
    plan: m.Plan, territories: Iterable[str] | None, weeks: Iterable[int] | None
) -> list[m.Territory]:
    """The chosen reps (``None``: every rep with visits) left out of the handouts because
    they have no visits in the chosen ``weeks`` (none when every week is chosen)."""
    schedule = plan.schedule
    if weeks is None or schedule is None or schedule.empty:
        return []
    present = set(schedule["territory"].to_numpy(dtype=object))
    chosen = present if territories is None else {str(t) for t in territories} & present
    busy = set(schedule.loc[schedule["week"].isin(sorted({int(w) for w in weeks})),
                            "territory"])
    return [t for t in plan.territories if t.id in chosen and t.id not in busy]


def skipped_text(
    plan: m.Plan, territories: Iterable[str] | None, weeks: Iterable[int] | None, *,
    handouts: bool = True, sheets: bool = False,
) -> str:
    """The sentence naming the reps :func:`skipped_reps` leaves out of the ``handouts``
    and (``sheets``) the workbook's route sheets, and why ("" for none)."""
    left_out = skipped_reps(plan, territories, weeks)
    if not left_out or not (handouts or sheets):
        return ""
    reps, n = listing(rep_title(t) for t in left_out), len(left_out)
    if sheets and handouts:
        return trn("Left out of the handouts and route sheets: {reps}, who has no visits in "
                   "the chosen weeks.",
                   "Left out of the handouts and route sheets: {reps}, who have no visits in "
                   "the chosen weeks.", n, reps=reps)
    if sheets:
        return trn("No route sheet for {reps}, who has no visits in the chosen weeks.",
                   "No route sheets for {reps}, who have no visits in the chosen weeks.", n,
                   reps=reps)
    return trn("Left out of the handouts: {reps}, who has no visits in the chosen weeks.",
               "Left out of the handouts: {reps}, who have no visits in the chosen weeks.",
               n, reps=reps)


def _write_pdf(
    plan: m.Plan, tmp: Path, progress: Progress | None, chosen: set[str] | None,
    weeks: set[int] | None = None, nav_links: bool = True,
    background: PrintTiles | None = None,
) -> list[Rep]:
    """Write the pages; return the bookmarks: each rep, their weeks and days."""
    schedule = sorted_schedule(plan)
    if chosen is not None:
        schedule = schedule[schedule["territory"].isin(chosen)]
    if weeks is not None:  # the reps with visits in those weeks (their overview map: all)
        busy = set(schedule.loc[schedule["week"].isin(weeks), "territory"])
        schedule = schedule[schedule["territory"].isin(busy)]
    c = plan.customers
    index = pd.Index(c[m.CUSTOMER_ID].to_numpy(dtype=object))
    lon_all = c[m.LON].to_numpy(dtype=float)
    lat_all = c[m.LAT].to_numpy(dtype=float)
    figures = calendar_figures(plan)  # the pages' own calendar, not the plan's estimate
    areas = territory_areas(plan)
    groups = dict(tuple(schedule.groupby("territory", sort=False)))
    rough = approximate_mask(c)  # placed at their 丁目's customers: a dashed ring
    territories = [t for t in plan.territories if t.id in groups]
    def pages_of(rows: pd.DataFrame) -> pd.DataFrame:
        """The visits that get day pages: those of the chosen weeks."""
        return rows if weeks is None else rows[rows["week"].isin(weeks)]

    tell = TellNotes(plan)
    day_pages = day_page_counts(plan, tell=tell, weeks=weeks)  # a long day's run on
    total_pages = len(territories) + sum(n for (rep, _w, _d), n in day_pages.items()
                                         if rep in groups)
    fig = Figure(figsize=A4)
    stale = calendar_is_stale(plan)
    long: dict[str, list[dict[str, object]]] = {}  # each rep's days longer than their day
    for record in long_day_records(plan):
        long.setdefault(str(record["territory"]), []).append(record)
    done = 0
    bookmarks: list[Rep] = []
    page = 0
    # the file is ours to close: a failing PdfPages (a full disk) would leave it open
    with open(tmp, "wb") as fh, PdfPages(
            fh, metadata={"Title": tr("Route handouts"), "Creator": "Territory Planner"}) as pdf:
        for t in territories:
            rows = groups[t.id]
            pos = index.get_indexer(rows["customer_id"].to_numpy(dtype=object))
            mine = np.flatnonzero(c[m.TERRITORY].to_numpy(dtype=object) == t.id)
            first_day = _first_day(rows, pos, len(c))
            long_keys = long_day_keys(plan, t.id)  # (week, day) → (hours, the rep's day)
            lengths = day_lengths(plan, t.id)  # every day's whole length, once for its pages
            report(progress, done / max(total_pages, 1), tr("Drawing {rep}…", rep=rep_title(t)))
            shares = areas.get(t.id, [])
            listed = areas_fitting(shares, AREAS_WIDTH)
            _overview_page(fig, plan, t, rows, figures.loc[t.id], lon_all[mine], lat_all[mine],
                           first_day[mine], listed, long.get(t.id, []),
                           c[m.ADDRESS].to_numpy(dtype=object)[mine], rough[mine],
                           shared_area_note(shares, listed), background=background,
                           weeks=weeks)  # its table: the chosen weeks, as the day pages
            first_page = page
            _page_number(fig, t, 1, stale=stale)
            make_printable(fig)
            pdf.savefig(fig)
            bookmarks.append(Rep(rep_title(t), page))
            page += 1
            done += 1
            chosen_rows = pages_of(rows)
            pos = pos[rows.index.get_indexer(chosen_rows.index)]
            rows = chosen_rows
            keys = rows[["week", "day"]].to_numpy(dtype=object)
            start = 0
            while start < len(rows):
                end = start
                while end < len(rows) and keys[end][0] == keys[start][0] and \
                        keys[end][1] == keys[start][1]:
                    end += 1
                day_rows = rows.iloc[start:end]
                p = pos[start:end]
                week = int(keys[start][0])
                bookmarks[-1].add_day(tr("Week {week}", week=week), day_mark(plan, day_rows),
                                      page)
                for _page in _day_pages(fig, plan, t, day_rows, p, lon_all, lat_all, tell,
                                        long_keys.get((week, str(keys[start][1]))),
                                        nav_links=nav_links, background=background,
                                        lengths=lengths):
                    _page_number(fig, t, page - first_page + 1, stale=stale)
                    make_printable(fig)
                    pdf.savefig(fig)
                    page += 1
                    done += 1
                report(progress, done / max(total_pages, 1), tr("Drawing {rep}…", rep=rep_title(t)))
                start = end
    return bookmarks


def _page_number(fig: Figure, t: m.Territory, number: int, *, stale: bool = False) -> None:
    """The rep and the page's number among theirs, at the foot of the page: a rep's pages
    found and put in order in a pile of sixty reps' (the PDF's bookmarks name them too).
    ``stale``: the calendar is older than the plan, said in red at the top of the page."""
    # 「佐藤 健一 — 2」 read as 健一ー2 (the dash as a long vowel after 一): the page said
    # as such in Japanese, 「佐藤 健一（2ページ）」
    fig.text(0.5, FOOTER_Y, tr("{rep} — page {n}", rep=rep_title(t), n=number), fontsize=8,
             ha="center", color="#555555")
    if stale:
        fig.text(0.5, 0.992, tr(STALE_CALENDAR_SHORT), fontsize=9, ha="center", va="top",
                 color="#c00000", fontweight="bold")


def _first_day(rows: pd.DataFrame, pos: np.ndarray, n: int) -> np.ndarray:
    """Per customer (all rows of the plan) the weekday of its visits ('' when none)."""
    out = np.full(n, "", dtype=object)
    days = rows["day"].to_numpy(dtype=object)
    for p, d in zip(pos[::-1], days[::-1], strict=True):
        if p >= 0:
            out[p] = d
    return out


def _day_pages(
    fig: Figure,
    plan: m.Plan,
    t: m.Territory,
    rows: pd.DataFrame,
    pos: np.ndarray,
    lon_all: np.ndarray,
    lat_all: np.ndarray,
    tell: TellNotes | None = None,
    long: tuple[float, float] | None = None,
    *,
    nav_links: bool = True,
    background: PrintTiles | None = None,
    lengths: dict[tuple[int, str], float] | None = None,
) -> Iterator[int]:
    """Draw the day's page(s) on ``fig``, yielding after each one so the caller saves it
    (``tell``: the plan's news per visit, worked out once for all its pages; ``long``: the
    (hours, the rep's day) of a day longer than the rep's, said in red on each page;
    ``lengths``: the rep's :func:`~planner.day_length.day_lengths`, worked out once for all
    their days — None: here)."""
    tell = tell or TellNotes(plan)
    week, day = int(rows["week"].iloc[0]), str(rows["day"].iloc[0])
    safe = np.where(pos >= 0, pos, 0)
    lon = np.where(pos >= 0, lon_all[safe], np.nan)
    lat = np.where(pos >= 0, lat_all[safe], np.nan)
    c = plan.customers
    # ※ before a customer whose rep, visit day or week changed in the last build: tell them
    changed = changed_customers(plan)
    news = [bool(changed) and str(cid) in changed for cid in rows["customer_id"]]
    # ★ before a customer new in the plan's last update from the company's list
    added = set(last_update(plan)["added"])
    fresh = [str(cid) in added for cid in rows["customer_id"]]
    # ◇ before a visit a holiday or day off moved here from its usual day (older plans: none),
    # ◆ before one the manager moved here for this day only (the Calendar's mark)
    was = rows["moved_from"].astype(str) if "moved_from" in rows else pd.Series("", rows.index)
    shifted = ["" if not v else "◆" if (str(cid), v) in tell.one_off else "◇"
               for cid, v in zip(rows["customer_id"], was, strict=True)]
    # △ before a customer placed approximately (at its 丁目's customers): go by the address
    rough_all = approximate_mask(c)
    rough = [bool(p >= 0 and rough_all[p]) for p in pos]
    table: list[tuple[str, ...]] = [
        (str(int(s)), str(a),
         ("★" if first else "") + ("※" if new else "") + moved
         + ("△" if near else "") + _cell(c, m.NAME, p),
         _cell(c, m.ADDRESS, p), _cell(c, m.PHONE, p))
        for s, a, p, new, first, moved, near in zip(rows["seq"], rows["arrival"], pos, news,
                                                    fresh, shifted, rough, strict=True)
    ]
    hours = [visit_time_label(_cell(c, m.VISIT_TIME, p)) for p in pos]
    columns: Sequence[tuple[str, float, int]] = COLUMNS
    if any(hours):  # the rep sees each customer's 時間指定 beside the arrival time
        columns = HOURS_COLUMNS
        table = [(*row[:2], h, *row[2:]) for row, h in zip(table, hours, strict=True)]
    table = with_lunch(table, rows, float(plan.settings.lunch_minutes), len(columns),
                        notes=tell.for_rows(rows), note_width=note_cells(columns))
    date, holiday, back_km, back_min = day_extras(rows)
    km = float(np.nansum(rows["travel_km"].to_numpy(dtype=float))) + back_km
    service = float(service_minutes(rows).sum())
    figures = trn("{stops} stop · on site {hours:.1f} h · travel {km:.1f} km",
                  "{stops} stops · on site {hours:.1f} h · travel {km:.1f} km",
                  len(rows), stops=len(rows), hours=service / 60, km=km)
    # a stop reached after the rep's day ends (17:05 for 9:00 + 8 h): its arrival in red
    after = late_arrivals(rows["arrival"].astype(str), day_end(plan, t.id))
    late = {str(int(s)) for s, a in zip(rows["seq"], after, strict=True) if a}
    legend = [tr(text) for mark, text in (
        (any(news), "※ new rep, day or week: tell the customer"),
        (any(fresh), "★ new customer"),
        ("◇" in shifted, "◇ moved from another day"),
        ("◆" in shifted, "◆ moved here for this day only"),
        (any(rough), "△ approximate position: go by the address"),
        (bool(late), "Arrival in red: after the rep's day ends")) if mark]
    if long is not None:  # on every page of the day (the first says more, in red)
        legend.append(over_text(*long))
    title = f"{day_title(plan, week, day, date=date, holiday=holiday)} — {rep_title(t)}"
    # a day over several pages ends with its totals, as the route sheet's day does (日計)
    travel = float(np.nansum(rows["travel_minutes"].to_numpy(dtype=float))) + back_min
    total = trn(
        "Day total: {stops} stop, visit {service:.1f} h, travel {km:.1f} km / {hours:.1f} h",
        "Day total: {stops} stops, visits {service:.1f} h, travel {km:.1f} km / {hours:.1f} h",
        len(rows), stops=len(rows), service=service / 60, km=km, hours=travel / 60)
    length = (day_lengths(plan, t.id) if lengths is None else lengths).get((week, day))
    if length is not None:  # the day's whole length, the Calendar dock's and route sheet's
        whole = tr("{hours} h in all", hours=hours_text(length, rep_limit(plan, t.id)))
        figures += " · " + whole
        total += " — " + whole
    # a day a little too long for the rows under the map gets a shorter map, not a 2nd sheet
    top, pages, row_h = day_layout(table, total=total)
    rect = day_map_rect(top)
    # the rep's day off (or the company's) still holding visits: said first, in red
    closed = closed_day_note(plan, t.id, week, day)
    red_lines = int(bool(closed)) + int(long is not None)
    if red_lines:  # a red line each above the map: a day off, a day too long
        rect = (*rect[:3], rect[3] - red_lines * LONG_LINE_ROOM)
    ax = reset_page(fig, rect=rect)
    # the day's figures once: on top of a one-page day; a longer day's first page names its
    # stops, as the next ones do, and the totals close its last page (日計), not both
    head = [figures] if len(pages) == 1 else continued_stops(pages[0], len(rows))
    _title(fig, title if len(pages) == 1 else tr("{title} (page 1 of {pages})", title=title,
                                                  pages=len(pages)),
           " · ".join([*head, *legend]))
    ok = np.isfinite(lon) & np.isfinite(lat)
    hx = [t.home_lon] if t.has_home else []
    hy = [t.home_lat] if t.has_home else []
    setup_map(ax, view_extent(np.r_[lon[ok], hx], np.r_[lat[ok], hy],
                              aspect=map_aspect(fig, rect)), background=background)
    marks = draw_route(ax, t, lon[ok], lat[ok], np.asarray(rough, dtype=bool)[ok])
    addresses = c[m.ADDRESS].to_numpy(dtype=object)  # where the day is: its 市区町村 named
    draw_area_names(ax, lon[ok], lat[ok], stop_areas(addresses[pos[ok]].tolist()), marks)
    links = stop_links(rows, lat, lon) if nav_links else {}  # Google Maps, on the phone
    legs = day_legs(t, rows, lat, lon) if nav_links else []
    stop_table(fig, pages[0], top=top, columns=columns, row_h=row_h, links=links, late=late)
    draw_legs(fig, legs)
    if closed:
        mark_red_line(fig, closed, y=MAP_TOP - 0.004)
    if long is not None:
        mark_long_day(fig, long, t.rep or t.name or t.id,
                      y=MAP_TOP - 0.004 - (LONG_LINE_ROOM if closed else 0.0))
    yield 1
    for number, rest in enumerate(pages[1:], start=2):
        # which rep's day this page goes on with, and which stops it holds
        reset_page(fig, with_map=False)
        _title(fig, tr("{title} (continued, page {page} of {pages})", title=title,
                       page=number, pages=len(pages)),
               " · ".join([*continued_stops(rest, len(rows)), *legend]))
        stop_table(fig, rest, top=TABLE_TOP_FULL_PAGE, columns=columns, links=links,
                   late=late)
        draw_legs(fig, legs)
        yield 1


def continued_stops(rest: Sequence[tuple[str, ...]], stops: int) -> list[str]:
    """The stops a page of a day over several holds ("Stops 23–45 of 45"), none for a page
    of a stop's notes only."""
    numbers = [row[0] for row in rest if row[0] and row[0] not in (NOTE_ROW, TOTAL_ROW)]
    if not numbers:
        return []
    return [tr("Stops {first}–{last} of {stops}", first=numbers[0], last=numbers[-1],
               stops=stops)]


def _cell(c: pd.DataFrame, column: str, p: int) -> str:
    return str(c[column].iat[p]) if p >= 0 else ""
