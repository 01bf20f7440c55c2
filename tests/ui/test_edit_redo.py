"""Undo and redo through the document: redo gives back exactly the plan the manager saw."""

from __future__ import annotations

import dataclasses

import pandas as pd

from planner import _calendar_reroute
from planner import model as m
from planner.edits import Batch, MoveVisits
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.document import PlanDocument


def _calendar() -> m.Plan:
    plan = synthetic_plan(60, territories=2, seed=5)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0  # weekly: a move changes every week's day
    c[m.SERVICE_MINUTES] = 20.0
    settings = dataclasses.replace(plan.settings, start_date="2027-04-05")
    return build_schedule(plan.replace(customers=c, settings=settings))


def _a_move(plan: m.Plan) -> MoveVisits:
    """Two customers of a busy day of week 1 moved to another day."""
    s = plan.schedule
    assert s is not None
    sizes = s[s["week"] == 1].groupby(["territory", "day"]).size()
    territory, day = sizes.idxmax()
    ids = s[(s["territory"] == territory) & (s["week"] == 1) & (s["day"] == day)]
    target = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d != day)
    return MoveVisits(tuple(ids["customer_id"].iloc[2:4]), (1, day), (1, target))


def test_redo_of_a_calendar_move_gives_back_the_calendar_shown(qtbot, monkeypatch):
    """The move orders its days within a time limit; on a busy machine ordering again finds
    another order. Redo must not order again: it shows the very calendar of the move."""
    busy = {"on": False}
    real = _calendar_reroute.order_day

    def order_day(*args, **kwargs):
        order = real(*args, **kwargs)
        if busy["on"]:  # less time to search: another (worse) order
            order = [order[0], *reversed(order[1:])]
        return order

    monkeypatch.setattr(_calendar_reroute, "order_day", order_day)
    doc = PlanDocument(_calendar())
    before = doc.plan
    for edit in (_a_move(doc.plan), Batch((_a_move(doc.plan),), "two days")):
        doc.push(edit)
        shown = doc.plan
        busy["on"] = True
        for _ in range(2):
            doc.undo_stack.undo()
            pd.testing.assert_frame_equal(doc.plan.schedule, before.schedule)
            doc.undo_stack.redo()
            pd.testing.assert_frame_equal(doc.plan.schedule, shown.schedule)
            pd.testing.assert_frame_equal(
                pd.DataFrame(doc.plan.customers.drop(columns="geometry")),
                pd.DataFrame(shown.customers.drop(columns="geometry")),
            )
            assert doc.plan.meta == shown.meta
        busy["on"] = False
        doc.undo_stack.undo()


def test_list_edits_that_change_nothing_add_no_undo_step(qtbot):
    """Customers given the territory, lock or frequency they have, from the list's menu or
    typed in a cell: no undo step, the plan unmodified, the calendar up to date, nobody
    marked as having a hand-set frequency. Some already so: only the others change."""
    from PySide6.QtCore import Qt

    from planner.ui.customer_model import COLUMNS
    from planner.ui.customer_panel import CustomerPanel

    doc = PlanDocument(_calendar())
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    model = panel.model
    plan = doc.plan
    assert plan.meta["schedule_stale"] is False
    c = plan.customers
    t01 = tuple(c.loc[c[m.TERRITORY] == "T01", m.CUSTOMER_ID][:4])
    doc.set_selection(t01)
    panel.assign_selection("T01")
    panel.lock_selection(False)
    panel.set_selection_frequency(4.0)
    row = int(model.view_rows_of({t01[0]})[0])

    def cell(key):
        return model.index(row, next(i for i, col in enumerate(COLUMNS) if col.key == key))

    assert model.setData(cell(m.TERRITORY), "T01", Qt.ItemDataRole.EditRole)
    assert model.setData(cell(m.FREQUENCY), "毎週", Qt.ItemDataRole.EditRole)
    unchecked = Qt.CheckState.Unchecked.value
    assert model.setData(cell(m.LOCKED), unchecked, Qt.ItemDataRole.CheckStateRole)
    assert doc.undo_stack.count() == 0 and doc.undo_stack.isClean()
    assert doc.plan is plan and "frequency_overrides" not in doc.plan.meta

    t02 = tuple(c.loc[c[m.TERRITORY] == "T02", m.CUSTOMER_ID][:2])
    doc.set_selection(t01 + t02)
    panel.assign_selection("T02")
    to = doc.plan.territory("T02").name  # the undo text names where they went
    assert doc.undo_stack.count() == 1 and doc.undo_stack.undoText() == f"Assign 4 customers to {to}"
    assert doc.plan.meta["schedule_stale"] is True
    panel.assign_selection("T02")  # all there now
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.plan.meta["schedule_stale"] is False
    assert doc.plan.customers[m.TERRITORY].equals(c[m.TERRITORY])
