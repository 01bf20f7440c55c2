"""PDF hand-outs: a long day's stop table breaks into pages above the page number, and a
stop's rows (the lunch break before it, what to tell under it) stay on its page."""

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
    NOTE_ROW,
    ROWS_FULL_PAGE,
    ROWS_UNDER_MAP,
    TABLE_TOP_FULL_PAGE,
    TABLE_TOP_UNDER_MAP,
    paginate_table,
)
from planner.export.handouts import A4, _day_pages, _page_number
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
            table = [*fig.texts, *fig.patches]  # the title, the stop table and its shading
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
