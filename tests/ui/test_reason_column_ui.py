"""The Customers list's filters of customers left out of the calendar (or moved for holidays,
or problem rows) show why beside the name: the Problems column moves there, wide enough to
read, and goes back to the end for the other filters. Before, the manager choosing
*Unscheduled* saw names, ranks and frequencies, and the reason and what to do only by
scrolling past the address or resting the pointer on a row."""

from __future__ import annotations

import pandas as pd
import pytest

from planner import model as m
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui.customer_model import COLUMNS
from planner.ui.customer_panel import CustomerPanel
from planner.ui.document import PlanDocument

pytestmark = pytest.mark.usefixtures("isolated")

PROBLEMS = next(i for i, c in enumerate(COLUMNS) if c.key == m.PROBLEMS)
NAME = next(i for i, c in enumerate(COLUMNS) if c.key == m.NAME)


def test_the_unscheduled_filter_shows_why_beside_the_name(qtbot) -> None:
    set_language("ja")
    plan = synthetic_plan(50, territories=2)
    cid = str(plan.customers[m.CUSTOMER_ID].iloc[3])
    reason = "The working days are full: the visits do not fit in 8 hours a day."
    unscheduled = pd.DataFrame({"customer_id": [cid], "territory": ["T01"], "reason": [reason]})
    panel = CustomerPanel(PlanDocument(plan.replace(unscheduled=unscheduled)))
    qtbot.addWidget(panel)
    panel.resize(900, 300)  # the Customers dock under the map
    panel.show()
    qtbot.waitExposed(panel)
    header = panel.view.horizontalHeader()
    assert header.visualIndex(PROBLEMS) == len(COLUMNS) - 1  # at the end for all customers
    for key in ("unscheduled", "unscheduled_room"):
        panel.show_filter(key)
        assert panel.model.shown_ids() == [cid]
        assert header.visualIndex(PROBLEMS) == header.visualIndex(NAME) + 1
        # on screen without scrolling, and the start of the reason readable
        left = header.sectionViewportPosition(PROBLEMS)
        assert 0 <= left and left + 200 <= panel.view.viewport().width()
        assert header.sectionSize(PROBLEMS) >= 200
        text = panel.model.index(0, PROBLEMS).data()
        assert text.startswith("稼働日が埋まって")  # the filter already says what list this is
    panel.show_filter("all")  # the other filters: back at the end, the columns as they were
    assert [header.logicalIndex(v) for v in range(len(COLUMNS))] == list(range(len(COLUMNS)))


def test_the_holidays_filter_says_each_customers_dates_as_a_manager_writes_them(qtbot) -> None:
    """*Moved or left out for holidays* put the Problems column beside the name and left it
    empty: which visit went where was in the workbook only. Each customer now reads what
    the closed days did, dated 12/29(火): 「12/29(火)（休業日）→ 12/22(火)に振替」, or the
    reason its visit was left out; never an ISO date or a week number."""
    import re

    from tests.core.test_move_choices import small_plan

    set_language("ja")
    plan = small_plan()  # the company closed 12/29–12/31, New Year's Day a holiday
    panel = CustomerPanel(PlanDocument(plan))
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    qtbot.waitExposed(panel)
    panel.show_filter("holidays")
    ids = panel.model.shown_ids()
    assert ids
    texts = [panel.model.index(r, PROBLEMS).data() for r in range(len(ids))]
    assert all(texts), texts  # every customer listed says why
    day = r"\d{1,2}/\d{1,2}\([月火水木金土日]\)"
    moved = [t for t in texts if re.fullmatch(rf"{day}（(休業日|元日)）→ {day}に振替(; .+)?", t)]
    assert moved
    for text in texts:
        assert not re.search(r"\d{4}-\d{2}-\d{2}|第\d+週", text), text
        assert ") の" not in text, text
    s = plan.schedule
    rec = s[s["moved_from"].astype(str) != ""].iloc[0]
    mine = texts[ids.index(str(rec.customer_id))]
    was, now = (f"{int(d[5:7])}/{int(d[8:])}" for d in (rec.moved_from, rec.date))
    assert f"{was}(" in mine and f"→ {now}(" in mine
    panel.show_filter("all")  # the other filters: the column says only problems
    assert panel.model.index(panel.model.shown_ids().index(str(rec.customer_id)),
                             PROBLEMS).data() == ""
    set_language("en")
    panel.show_filter("holidays")
    english = panel.model.index(panel.model.shown_ids().index(str(rec.customer_id)),
                                PROBLEMS).data()
    assert re.match(r"\d{1,2}/\d{1,2}\([A-Z][a-z]{2}\) \(.+\) → moved to \d", english), english


def test_a_customers_problem_and_why_it_is_unscheduled_read_as_sentences(qtbot) -> None:
    """A new customer without a position: its import problem and why the calendar left it out
    read 「…配置してください）。カレンダー外: …」 in the Customers list and on the workbook's
    customer sheet; they were joined by 「。; 」, a stray English mark in a Japanese line."""
    from planner.export.excel_customers import _problems

    set_language("ja")
    plan = synthetic_plan(50, territories=2)
    c = plan.customers.copy()
    cid = str(c[m.CUSTOMER_ID].iloc[3])
    c.loc[c[m.CUSTOMER_ID] == cid, m.PROBLEMS] = (
        "No coordinates; imported without a position (geocode the address or place it on the "
        "map).")
    reason = "The working days are full: the visits do not fit in 8 hours a day."
    unscheduled = pd.DataFrame({"customer_id": [cid], "territory": ["T01"], "reason": [reason]})
    plan = plan.replace(customers=c, unscheduled=unscheduled)
    panel = CustomerPanel(PlanDocument(plan))
    qtbot.addWidget(panel)
    row = panel.model.shown_ids().index(cid)
    text = panel.model.index(row, PROBLEMS).data()
    assert text == ("座標がありません。位置なしで取り込みました（住所から位置を検索するか、地図上で"
                    "配置してください）。カレンダー外: 稼働日が埋まっています。1日8時間に訪問が"
                    "収まりません。"), text
    sheet = _problems(plan)[plan.customers[m.CUSTOMER_ID].tolist().index(cid)]
    assert sheet is not None and "; " not in sheet and sheet.startswith(text[:40]), sheet
    set_language("en")  # English keeps its separator
    assert "map).; Not in the calendar: " in panel.model.index(row, PROBLEMS).data()
