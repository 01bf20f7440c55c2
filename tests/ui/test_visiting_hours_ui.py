"""The Calendar dock shows each stop's visiting hours and marks a visit outside them."""

from __future__ import annotations

import numpy as np

from planner import model as m
from planner.edits import SetVisitTime
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.calendar_panel import CalendarPanel
from planner.ui.document import PlanDocument


def test_the_day_list_shows_visiting_hours_and_marks_a_visit_outside_them(qtbot):
    plan = synthetic_plan(80, territories=2, seed=6)
    c = plan.customers.copy()
    c[m.VISIT_TIME] = np.resize(np.array(["-12:00", "", "13:00-", ""], dtype=object), len(c))
    built = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    s = built.schedule
    morning = s[s["arrival"] < "11:00"].iloc[0]  # a morning visit, soon made out of hours
    doc = PlanDocument(built)
    cal = CalendarPanel(doc)
    qtbot.addWidget(cal)
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(morning["territory"]))
    cal.grid.cellClicked.emit(int(morning["week"]) - 1, cal.days().index(morning["day"]))
    hours = built.customers.set_index(m.CUSTOMER_ID)[m.VISIT_TIME]
    assert cal.day_ids
    # the title of a day with the lunch break gives it; a day without one does not say "lunch"
    for has in (True, False):
        pick = s[(s["lunch"] != "") == has].iloc[0]
        cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(pick["territory"]))
        cal.grid.cellClicked.emit(int(pick["week"]) - 1, cal.days().index(pick["day"]))
        day = s[(s["territory"] == pick["territory"]) & (s["week"] == pick["week"])
                & (s["day"] == pick["day"])]
        lunch = [v for v in day["lunch"] if v]
        assert ("lunch" in cal.day_title.text()) == bool(lunch)
        if lunch:
            assert f"lunch {lunch[0]}–" in cal.day_title.text()
    cal.rep_combo.setCurrentIndex(cal.rep_combo.findData(morning["territory"]))
    cal.grid.cellClicked.emit(int(morning["week"]) - 1, cal.days().index(morning["day"]))
    for r, cid in enumerate(cal.day_ids):  # the builder keeps every visit in its hours
        assert not cal.day_list.item(r, 1).text().endswith("!")
        assert ("Visiting hours" in cal.day_list.item(r, 2).toolTip()) == bool(hours[cid])
    doc.push(SetVisitTime.to([morning["customer_id"]], "16:00-17:00"))
    r = cal.day_ids.index(morning["customer_id"])
    arrival = cal.day_list.item(r, 1)
    assert arrival.text() == f"{morning['arrival']} !"
    assert "outside the customer's visiting hours" in arrival.toolTip()
    assert "16:00–17:00" in arrival.toolTip()
    assert arrival.foreground().color().name() == "#c62828"
    others = [k for k in range(len(cal.day_ids)) if k != r]
    assert all(not cal.day_list.item(k, 1).text().endswith("!") for k in others)
    doc.undo_stack.undo()
    assert not cal.day_list.item(r, 1).text().endswith("!")


def test_the_customer_list_filter_finds_visits_outside_their_hours(qtbot):
    from planner.ui.customer_model import CustomerTableModel

    plan = synthetic_plan(60, territories=2, seed=6)
    c = plan.customers.copy()
    c[m.VISIT_TIME] = np.resize(np.array(["-12:00", "", "13:00-"], dtype=object), len(c))
    built = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    doc = PlanDocument(built)
    model = CustomerTableModel(doc)
    model.set_filter("outside_hours")
    assert model.shown_ids() == []  # the builder keeps every visit in its hours
    s = built.schedule
    morning = str(s.loc[s["arrival"] < "11:00", "customer_id"].iloc[0])
    doc.push(SetVisitTime.to([morning], "16:00-17:00"))
    assert model.shown_ids() == [morning]
    doc.undo_stack.undo()
    assert model.shown_ids() == []
