"""The printed day's hours are the Calendar dock's: the whole day with driving and the way home
(:func:`planner.stats.day_summary`), on the PDF overview's table and the route sheet's 日計.

The overview printed the hours on site (7.9時間, red) of a day the dock showed as 8.9時間 and
the red line under it called 「54分超過」 of an 8-hour day: a contradiction on paper."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from openpyxl import load_workbook

from planner import model as m
from planner.day_length import hours_text, long_days, rep_limit
from planner.export.handout_page import service_minutes
from planner.i18n import set_language
from planner.stats import day_summary
from planner.synthetic import synthetic_plan
from tests.core.test_export_excel import simple_schedule


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _plan(day_hours: float) -> m.Plan:
    """A one-rep calendar whose days run past ``day_hours`` with the driving, not on site."""
    plan = synthetic_plan(60, territories=1, seed=5)
    plan = simple_schedule(plan, weeks=2)
    return plan.replace(settings=dataclasses.replace(plan.settings, day_hours=day_hours))


def _dock_hours(plan: m.Plan) -> dict[tuple[int, str], str]:
    """(week, day) → the hours as the Calendar dock writes them."""
    tid = plan.territories[0].id
    limit = rep_limit(plan, tid)
    days = day_summary(plan, territory_id=tid)
    return {(int(w), str(d)): hours_text(float(h), limit)
            for w, d, h in zip(days["week"], days["day"], days["hours"], strict=True)}


def test_the_overview_table_prints_the_docks_day_length() -> None:
    from planner.export.fonts import pdf_rc
    from planner.export.handouts import A4, _overview_page

    plan = _plan(day_hours=4.0)
    t = plan.territories[0]
    rows = plan.schedule
    assert rows is not None
    dock = _dock_hours(plan)
    on_site = rows.assign(_s=service_minutes(rows)).groupby(["week", "day"])["_s"].sum() / 60
    # the days differ on site and in all, and some are longer than the rep's day
    assert all(f"{on_site[k]:.1f}" != v for k, v in dock.items())
    assert len(long_days(plan)) > 0
    figures = dict.fromkeys(["customers", "visits", "working_days", "days_per_week", "hours",
                             "km"], 1.0)
    c = plan.customers
    import pandas as pd

    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        _overview_page(fig, plan, t, rows, pd.Series(figures), c[m.LON].to_numpy(),
                       c[m.LAT].to_numpy(), np.full(len(c), "mon", dtype=object))
    texts = [x.get_text() for x in fig.texts]
    cells = [x for x in texts if re.fullmatch(r"\d+件 [\d.]+時間 \d+km", x)]
    assert sorted(re.search(r"件 ([\d.]+)時間", x).group(1) for x in cells) == sorted(dock.values())
    assert any("1日の時間（移動込み）" in x for x in texts)


def test_the_route_sheets_day_total_ends_with_the_docks_day_length(tmp_path) -> None:
    from planner.export.excel import export_workbook

    plan = _plan(day_hours=8.0)
    t = plan.territories[0]
    ws = load_workbook(export_workbook(plan, tmp_path / "r.xlsx"))[t.rep or t.name]
    totals = [str(ws.cell(r, 2).value) for r in range(1, ws.max_row + 1)
              if str(ws.cell(r, 2).value).startswith("日計")]
    dock = _dock_hours(plan)
    assert len(totals) == len(dock)
    assert sorted(re.search(r"全体 ([\d.]+)時間", x).group(1) for x in totals) == sorted(
        dock.values())


def test_a_day_page_says_the_docks_day_length_beside_the_hours_on_site() -> None:
    """The day page gave 「訪問 7.9時間」 and 「54分超過」 and never the day's 8.9 hours."""
    from matplotlib.text import Text

    from planner.export.fonts import pdf_rc
    from planner.export.handouts import A4, _day_pages

    plan = _plan(day_hours=4.0)
    s = plan.schedule
    assert s is not None
    c = plan.customers
    order = {cid: k for k, cid in enumerate(c[m.CUSTOMER_ID])}
    dock = _dock_hours(plan)
    for (week, day), said in sorted(dock.items())[:3]:
        rows = s[(s["week"] == week) & (s["day"] == day)].sort_values("seq")
        pos = np.array([order[cid] for cid in rows["customer_id"]])
        with matplotlib.rc_context(pdf_rc()):
            fig = Figure(figsize=A4)
            FigureCanvasAgg(fig)
            next(iter(_day_pages(fig, plan, plan.territories[0], rows, pos,
                                 c[m.LON].to_numpy(float), c[m.LAT].to_numpy(float))))
            texts = [x.get_text() for x in fig.findobj(Text)]
        head = next(x for x in texts if x.startswith(f"{len(rows)}件 · 訪問 "))
        assert f" · 全体 {said}時間" in head
