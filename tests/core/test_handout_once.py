"""PDF hand-outs: a visit moved by hand for one day only is marked ◆ (the Calendar's mark)
with its own words in the key, apart from the ◇ of visits a holiday or day off moved."""

from __future__ import annotations

import dataclasses

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from planner import model as m
from planner.edits import MoveVisitsOnce, apply_edit
from planner.export.fonts import pdf_rc
from planner.export.handouts import A4, _day_pages
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("japanese")  # texts compared in Japanese


def _page_texts(plan: m.Plan, week: int, day: str) -> list[str]:
    """Every text of the first page of a day's hand-out."""
    s = plan.schedule
    rows = s[(s["week"] == week) & (s["day"] == day)].sort_values("seq")
    c = plan.customers
    order = {cid: k for k, cid in enumerate(c[m.CUSTOMER_ID])}
    pos = np.array([order[cid] for cid in rows["customer_id"]])
    t = plan.territory(str(rows["territory"].iat[0]))
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        next(iter(_day_pages(fig, plan, t, rows, pos, c[m.LON].to_numpy(float),
                             c[m.LAT].to_numpy(float))))
        return [x.get_text() for x in fig.findobj(Text)]


def test_a_one_off_move_has_its_own_mark_and_words_apart_from_a_holiday_move():
    plan = synthetic_plan(40, territories=1, seed=5)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0  # weekly: a visit on the company's day off moves to another day
    c[m.CLOSED_DAYS] = ""
    c[m.SERVICE_MINUTES] = 10.0  # room on the other days of the week
    settings = dataclasses.replace(plan.settings, start_date="2027-04-05",
                                   company_days_off=("2027-04-21",))
    plan = build_schedule(plan.replace(customers=c, settings=settings), route_seconds=0.01,
                          workers=1)
    s = plan.schedule
    first = s[(s["week"] == 2) & (s["day"] == "mon")].iloc[0]
    cid = str(first["customer_id"])
    moved = apply_edit(plan, MoveVisitsOnce((cid,), (2, "mon"), (2, "fri")))[0]
    name = str(c.loc[c[m.CUSTOMER_ID] == cid, m.NAME].iat[0])
    texts = _page_texts(moved, 2, "fri")
    assert f"◆{name}" in texts
    assert not any(f"◇{name}" in x for x in texts)
    assert any("◆ この日だけ変更" in x for x in texts)
    # the holiday's moves keep their ◇ and their words
    ns = moved.schedule
    holiday = ns[(ns["moved_from"] == "2027-04-21")]
    assert len(holiday)
    week, day = int(holiday["week"].iat[0]), str(holiday["day"].iat[0])
    texts = _page_texts(moved, week, day)
    assert any("◇ 他の日から振替" in x for x in texts)
    assert not any("この日だけ" in x for x in texts)
