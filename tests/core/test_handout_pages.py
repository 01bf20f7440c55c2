"""PDF hand-outs: a long day's stop table breaks into pages above the page number, and a
stop's rows (the lunch break before it, what to tell under it) stay on its page; a day a
little too long for the rows under the map gets a shorter map instead of a second sheet."""

from __future__ import annotations

import os

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from test_export_excel import simple_schedule

from planner import model as m
from planner.export.fonts import pdf_rc
from planner.export.handout_table import (
    MAP_HEIGHT_MIN,
    NOTE_ROW,
    ROW_H,
    ROW_H_MIN,
    ROWS_FULL_PAGE,
    ROWS_ONE_PAGE_MOST,
    ROWS_UNDER_MAP,
    ROWS_UNDER_SMALLEST_MAP,
    TABLE_TOP_FULL_PAGE,
    TABLE_TOP_UNDER_MAP,
    day_layout,
    paginate_table,
    rows_fitting,
)
from planner.export.handouts import A4, MAP_RECT, _day_pages, _page_number
from planner.i18n import set_language
from planner.synthetic import synthetic_plan


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


def _noted_table(stops: int) -> list[tuple[str, ...]]:
    """A day's table: every third stop has a note under it, every seventh a lunch row before."""
    table: list[tuple[str, ...]] = []
    for k in range(1, stops + 1):
        if k % 7 == 0:
            table.append(("", "12:00", "昼休憩"))
        table.append((str(k), "09:00", f"顧客{k}"))
        if k % 3 == 0:
            table.append((NOTE_ROW, "→ 伝える: 次回は 5/6"))
            if k % 6 == 0:
                table.append((NOTE_ROW, "→ 伝える: 担当が変わります"))
    return table


def test_a_note_row_never_starts_a_page_and_no_page_is_over_full():
    for stops in range(1, 90):
        table = _noted_table(stops)
        pages = paginate_table(table, ROWS_UNDER_MAP, ROWS_FULL_PAGE)
        assert [r for p in pages for r in p] == table  # every row once, in order
        assert len(pages[0]) <= ROWS_UNDER_MAP
        assert all(0 < len(p) <= ROWS_FULL_PAGE for p in pages[1:])
        for page in pages:
            assert page[0][0] != NOTE_ROW  # a note stays with its stop
        for before in pages[:-1]:
            assert before[-1][0] != ""  # a lunch break stays with the stop after it


def test_a_stop_whose_note_would_fall_on_the_next_page_moves_there_with_it():
    table = [(str(k), "09:00", "x") for k in range(1, ROWS_UNDER_MAP)]
    table += [(str(ROWS_UNDER_MAP), "10:00", "y"), (NOTE_ROW, "→ tell")]
    pages = paginate_table(table, ROWS_UNDER_MAP, ROWS_FULL_PAGE)
    assert len(pages[0]) == ROWS_UNDER_MAP - 1
    assert pages[1] == table[-2:]


def test_a_day_that_fits_under_the_smallest_map_takes_one_page_and_no_more_map_than_needed():
    for stops in range(1, 90):
        table = _noted_table(stops)
        top, pages, row_h = day_layout(table)
        assert [r for p in pages for r in p] == table
        assert top >= TABLE_TOP_UNDER_MAP
        assert MAP_RECT[3] - (top - TABLE_TOP_UNDER_MAP) >= MAP_HEIGHT_MIN - 1e-9
        assert ROW_H_MIN <= row_h <= ROW_H
        # its rules
        assert pages == paginate_table(table, rows_fitting(top, row_h), ROWS_FULL_PAGE)
        if len(table) <= ROWS_ONE_PAGE_MOST:
            assert len(pages) == 1, stops
        if len(table) <= ROWS_UNDER_MAP:  # a short day keeps the whole map
            assert top == TABLE_TOP_UNDER_MAP
        elif len(pages) == 1:  # the map gives up just the rows the table needs
            assert rows_fitting(top, row_h) == len(table)
        if len(table) <= ROWS_UNDER_SMALLEST_MAP or len(table) > ROWS_ONE_PAGE_MOST:
            assert row_h == ROW_H  # rows close up only to keep a day on one page
            least = min(len(paginate_table(table, n, ROWS_FULL_PAGE))
                        for n in range(ROWS_UNDER_MAP, ROWS_UNDER_SMALLEST_MAP + 1))
            assert len(pages) == least
        else:  # under the smallest map, rows as close as the table needs, no closer
            assert top == pytest.approx(TABLE_TOP_UNDER_MAP + MAP_RECT[3] - MAP_HEIGHT_MIN)
            assert rows_fitting(top, row_h * 1.001) < len(table)


def test_a_day_a_few_rows_too_long_for_the_smallest_map_closes_its_rows_up_on_one_sheet():
    """The README chain's 山田 on 12/17: 21 stops and 14 お知らせ rows took a second sheet for
    its last stops. Its rows close up (not below :data:`ROW_H_MIN`) under the smallest map,
    the whole table above the page number, every stop and note on the sheet."""
    plan = _long_noted_day(29)  # 29 stops, 9 notes: 38 rows
    pages = _draw_day(plan, os.environ.get("HANDOUT_PNG", "") and
                      f"{os.environ['HANDOUT_PNG']}-closed")
    assert len(pages) == 1
    box, lowest, footer, header, texts = pages[0]
    assert [str(k) for k in range(1, 30)] == [x for x in texts if x.isdigit()][:29]
    assert sum(x.startswith("→ ") for x in texts) == 9
    assert lowest > footer and header < box.y0
    full = Figure(figsize=A4).add_axes(MAP_RECT).get_window_extent()
    assert box.height >= MAP_HEIGHT_MIN * full.height / MAP_RECT[3] - 1
    assert ROWS_UNDER_SMALLEST_MAP < 38 <= ROWS_ONE_PAGE_MOST


def _long_noted_day(stops: int):
    plan = synthetic_plan(stops, territories=1, seed=6)
    customers = plan.customers.copy()
    customers[m.FREQUENCY] = 1.0
    plan = plan.replace(customers=customers,
                        settings=m.Settings(working_days=("mon",), cycle_weeks=1))
    plan = simple_schedule(plan, weeks=1)
    s = plan.schedule.copy()
    s["moved_from"] = ["2026-12-15" if k % 3 == 2 else "" for k in range(len(s))]
    return plan.replace(schedule=s)


def test_every_page_of_a_long_day_ends_its_table_above_the_page_number(tmp_path):
    plan = _long_noted_day(90)
    rows = plan.schedule
    c = plan.customers
    order = {cid: k for k, cid in enumerate(c[m.CUSTOMER_ID])}
    pos = np.array([order[cid] for cid in rows["customer_id"]])
    t = plan.territories[0]
    starts: list[str] = []
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        for number, _ in enumerate(_day_pages(fig, plan, t, rows, pos, c[m.LON].to_numpy(float),
                                              c[m.LAT].to_numpy(float)), start=1):
            # the title, the stop table and its shading (the day's Google Maps route links
            # sit beside the page number, on every page of the day)
            legs = [x for x in fig.texts if "origin=" in (x.get_url() or "")]
            assert legs
            table = [a for a in [*fig.texts, *fig.patches] if a not in legs]
            _page_number(fig, t, number)
            footer = fig.texts[-1]
            renderer = fig.canvas.get_renderer()
            top = footer.get_window_extent(renderer).y1
            lowest = min(a.get_window_extent(renderer).y0 for a in table)
            assert lowest > top, (number, lowest, top)
            head = TABLE_TOP_UNDER_MAP if number == 1 else TABLE_TOP_FULL_PAGE
            body = [x for x in fig.texts if x.get_position()[1] < head - 0.01 and x is not footer]
            starts.append(max(body, key=lambda x: x.get_position()[1]).get_text())
            if number <= 3 and os.environ.get("HANDOUT_PNG"):
                fig.savefig(f"{os.environ['HANDOUT_PNG']}-{number}.png", dpi=100)
    assert number >= 3  # the map page and two "(continued)" pages
    assert not any(s.startswith("→ ") for s in starts)  # no page starts with a note


def _draw_day(plan, out: str = ""):
    """Draw ``plan``'s one day; per page (the map's box or None, the lowest of the table,
    the top of the page number, the table header's top, every text), in the figure's pixels."""
    rows = plan.schedule
    c = plan.customers
    order = {cid: k for k, cid in enumerate(c[m.CUSTOMER_ID])}
    pos = np.array([order[cid] for cid in rows["customer_id"]])
    t = plan.territories[0]
    pages = []
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        for number, _ in enumerate(_day_pages(fig, plan, t, rows, pos, c[m.LON].to_numpy(float),
                                              c[m.LAT].to_numpy(float)), start=1):
            # the day's route links (Google Maps) sit beside the page number, not in the table
            legs = [x for x in fig.texts if "origin=" in (x.get_url() or "")]
            table = [a for a in [*fig.texts, *fig.patches] if a not in legs]
            _page_number(fig, t, number)
            renderer = fig.canvas.get_renderer()
            number_box = fig.texts[-1].get_window_extent(renderer)
            assert legs and all(x.get_window_extent(renderer).x1 < number_box.x0 for x in legs)
            ax = fig.axes[0]
            ax.apply_aspect()
            box = ax.get_window_extent(renderer) if ax.get_visible() else None
            lowest = min(a.get_window_extent(renderer).y0 for a in table)
            footer = fig.texts[-1].get_window_extent(renderer).y1
            header = max(x.get_window_extent(renderer).y1 for x in fig.texts
                         if x.get_text() == "No.")
            pages.append((box, lowest, footer, header, [x.get_text() for x in fig.texts]))
            if out:
                fig.savefig(f"{out}-{number}.png", dpi=60)
    return pages


def test_a_day_a_few_rows_longer_than_the_room_under_the_map_prints_on_one_sheet():
    """The tester's 19-stop day with お知らせ lines put 6 stops on a second sheet: its map is
    shorter instead, the whole table under it, above the page number."""
    plan = _long_noted_day(22)  # 22 stops and 7 notes: rows for a shorter map, not a page
    pages = _draw_day(plan, os.environ.get("HANDOUT_PNG", "") and
                      f"{os.environ['HANDOUT_PNG']}-onesheet")
    assert len(pages) == 1
    box, lowest, footer, header, texts = pages[0]
    assert [str(k) for k in range(1, 23)] == [x for x in texts if x.isdigit()][:22]
    assert sum(x.startswith("→ ") for x in texts) == 7
    assert lowest > footer
    full = Figure(figsize=A4).add_axes(MAP_RECT).get_window_extent()
    assert box.y0 > full.y0 + 1  # the map gave the table room
    assert box.height >= MAP_HEIGHT_MIN * full.height / MAP_RECT[3] - 1
    assert header < box.y0  # the table starts under the map


def test_on_a_crowded_day_every_stop_number_is_clear_and_tied_to_its_stop(tmp_path):
    """35 stops, most in one shopping district: no number covers another, and each sits
    beside its stop or is tied to it by a leader line (the tester's dense day had numbers
    hidden under others and numbers floating away from their stops)."""
    from planner.export.handouts import MAP_RECT
    from planner.export.handouts_map import LEADER_FROM, draw_route

    rng = np.random.default_rng(3)
    lon = np.r_[139.70 + rng.normal(0, 0.004, 30), rng.uniform(139.62, 139.80, 5)]
    lat = np.r_[35.65 + rng.normal(0, 0.003, 30), rng.uniform(35.60, 35.72, 5)]
    t = m.Territory(id="T01", name="東京", rep="山田", home_lon=139.69, home_lat=35.655)
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        ax = fig.add_axes(MAP_RECT)
        ax.set_xlim(139.60, 139.82)
        ax.set_ylim(35.59, 35.73)
        ax.set_aspect(1.22)
        draw_route(ax, t, lon, lat)
        fig.savefig(tmp_path / "crowded.png", dpi=150)
        if os.environ.get("HANDOUT_PNG"):
            fig.savefig(f"{os.environ['HANDOUT_PNG']}-crowded.png", dpi=150)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        labels = ax.texts
        boxes = [a.get_bbox_patch().get_window_extent(renderer) for a in labels]
        stops = ax.transData.transform(np.column_stack([lon, lat]))
    points = 72 / fig.dpi
    assert [a.get_text() for a in labels] == [str(k) for k in range(1, len(lon) + 1)]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (labels[i].get_text(), a, b)
    led = 0
    for label, box, (x, y) in zip(labels, boxes, stops, strict=True):
        gap = np.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1)) * points
        if label.arrow_patch is None:  # no leader: the number is right beside its stop
            assert gap < LEADER_FROM, (label.get_text(), gap)
        else:
            led += 1
            assert tuple(label.xy) == (pytest.approx(lon[int(label.get_text()) - 1]),
                                       pytest.approx(lat[int(label.get_text()) - 1]))
    assert led > 0  # the district's crowd needed some


def test_the_japanese_page_number_says_page_after_a_name_ending_in_ichi():
    """「佐藤 健一 — 2」 read as 健一ー2 (the dash as a long vowel after 一)."""
    from planner.i18n import in_language

    t = m.Territory("T01", "佐藤 健一", rep="佐藤 健一")
    fig = Figure(figsize=A4)
    with in_language("ja"):
        _page_number(fig, t, 2)
    assert fig.texts[-1].get_text() == "佐藤 健一（2ページ）"
