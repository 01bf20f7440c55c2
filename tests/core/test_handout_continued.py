"""A day of more stops than a hand-out page holds (45) continues on a page designed for it:
its title says whose day it goes on with and which of its pages it is (続き 2/2), the stop
table's header is repeated and its numbers go on, the day's totals close its last page, and
the day map stays on its first. The page count says so too (the export dialog's estimate)."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from pypdf import PdfReader

from planner import model as m
from planner.export.fonts import pdf_rc
from planner.export.handouts import A4, _day_pages, export_handouts


def _stop_numbers(text: str) -> list[int]:
    """The stop numbers of a day page's table rows (``23 16:20 …``)."""
    return [int(n) for n in re.findall(r"^(\d+) \d\d:\d\d", text, flags=re.M)]


def test_a_long_days_second_page_says_whose_day_it_continues(long_day_plan, japanese, tmp_path):
    reader = PdfReader(export_handouts(long_day_plan, tmp_path / "h.pdf"))
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 4  # the overview, Monday, Wednesday over two pages
    first, second = texts[2], texts[3]
    assert "第1週 12月16日(水) — 鈴木 一郎（吉祥寺エリア）（1/2）" in first.split("\n")
    assert "第1週 12月16日(水) — 鈴木 一郎（吉祥寺エリア）（続き 2/2）" in second.split("\n")
    assert "No.23〜45（全45件）" in second
    for text in (first, second):  # the table's header on both
        assert any("電話番号" in line and line.rstrip().endswith("済") for line in text.split("\n"))
    numbers = _stop_numbers(first) + _stop_numbers(second)
    assert numbers == list(range(1, 46))  # numbered on from the first page
    assert _stop_numbers(second)[0] == 23
    # the day's totals once, under its last stop, as the route sheet's 日計
    assert "日計: 45件" not in first and "日計: 45件" in second
    # and not also on top of the first page (「45件 · 訪問 7.5時間 · 移動 67.5km」 read twice)
    assert "45件 · 訪問" not in first and "No.1〜22（全45件）" in first
    assert second.index("日計: 45件") > second.index("\n45 ")
    assert "（続き" not in texts[1] and "（1/" not in texts[1]  # Monday: one page, as before


def test_the_day_map_is_on_the_first_page_only(long_day_plan):
    rows = long_day_plan.schedule[long_day_plan.schedule["day"] == "wed"]
    c = long_day_plan.customers
    order = {cid: k for k, cid in enumerate(c[m.CUSTOMER_ID])}
    pos = np.array([order[cid] for cid in rows["customer_id"]])
    maps = []
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        for _ in _day_pages(fig, long_day_plan, long_day_plan.territories[0], rows, pos,
                            c[m.LON].to_numpy(float), c[m.LAT].to_numpy(float)):
            maps.append(fig.axes[0].get_visible() and len(fig.axes[0].collections) > 0)
    assert maps == [True, False]


def test_the_page_count_of_each_day_is_the_pdfs(long_day_plan, tmp_path):
    from planner.export.handout_day import day_page_counts

    counts = day_page_counts(long_day_plan)
    t = long_day_plan.territories[0].id
    assert counts == {(t, 1, "mon"): 1, (t, 1, "wed"): 2}
    reader = PdfReader(export_handouts(long_day_plan, tmp_path / "h.pdf"))
    assert len(reader.pages) == 1 + sum(counts.values())
    assert day_page_counts(long_day_plan, weeks=[2]) == {}
