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
