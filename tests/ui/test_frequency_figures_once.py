"""Setting the frequency of selected customers works out the territories' figures once: the
territory list and the status bar's sentence on the reps' weeks share them (three times at
100,000 customers held the window 0.3–0.4 s)."""

from __future__ import annotations

from planner import model as m
from planner import territories
from planner.synthetic import synthetic_plan
from planner.ui import document as document_module
from planner.ui.customer_panel import CustomerPanel
from planner.ui.document import PlanDocument
from planner.ui.territory_model import TerritoryTableModel


def _count_figures(monkeypatch) -> list[int]:  # type: ignore[no-untyped-def]
    """Each working out of the territories' figures from now on (its plan's customers)."""
    real = territories.territory_metrics
    worked_out: list[int] = []

    def counted(plan, **kwargs):  # type: ignore[no-untyped-def]
        worked_out.append(len(plan.customers))
        return real(plan, **kwargs)

    for module in (territories, document_module):
        monkeypatch.setattr(module, "territory_metrics", counted, raising=False)
    monkeypatch.setattr("planner.ui.territory_model.territory_metrics", counted, raising=False)
    return worked_out


def test_a_selection_s_frequency_works_out_the_territories_figures_once(qtbot, monkeypatch):
    doc = PlanDocument(synthetic_plan(400, territories=3, seed=4))
    table = TerritoryTableModel(doc)
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    real = territories.territory_metrics
    worked_out = _count_figures(monkeypatch)
    ids = doc.plan.customers[m.CUSTOMER_ID].iloc[:40].tolist()
    doc.set_selection(ids)
    before = doc.plan
    with qtbot.waitSignal(panel.message, timeout=1_000) as said:
        panel.set_selection_frequency(8.0)
    assert worked_out == [400]  # the new plan's, once; the plan before's were kept
    assert said.args[0].startswith("Set the visit frequency of 40 customers to twice a week. "
                                   "Their reps' work a week (visits and driving):")
    figures = real(doc.plan)
    column = "workload_hours_per_week"
    shown = [table.index(r, 0).data() for r in range(table.rowCount())]
    assert shown == [t.name for t in doc.plan.territories]
    assert table._metrics[column].tolist() == figures[column].tolist()
    assert (figures[column] > real(before)[column]).any()  # the figures moved with it


def test_locking_and_its_undo_keep_the_territories_figures(qtbot, monkeypatch):
    """The figures never read the locks: a lock (and its undo, redo) works none of them out
    again, and the territory list still shows the plan's own."""
    from planner.edits import LockCustomers

    doc = PlanDocument(synthetic_plan(400, territories=3, seed=4))
    table = TerritoryTableModel(doc)
    real = territories.territory_metrics
    worked_out = _count_figures(monkeypatch)
    ids = tuple(doc.plan.customers[m.CUSTOMER_ID].iloc[:60])
    doc.push(LockCustomers(ids, True))
    assert int(doc.plan.customers[m.LOCKED].sum()) == 60
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    assert worked_out == []
    assert table._metrics.equals(real(doc.plan))
    doc.push(LockCustomers(ids, False))  # then a change that moves the figures: worked out
    from planner.edits import SetFrequency

    doc.push(SetFrequency(ids[:5], (8.0,) * 5))
    assert worked_out == [400] and table._metrics.equals(real(doc.plan))


def test_moving_visits_and_their_undo_keep_the_territories_figures(qtbot, monkeypatch):
    """A hand move of the calendar (every week, or that day only) changes no figure of the
    territories (they never read the calendar, visit days or weeks): the move, its undo and
    redo work none out again, and the territory list shows the plan's own."""
    from planner.edits import MoveVisits, MoveVisitsOnce
    from planner.errors import PlannerError
    from planner.schedule import build_schedule

    doc = PlanDocument(build_schedule(synthetic_plan(120, territories=2, seed=4)))
    table = TerritoryTableModel(doc)
    real = territories.territory_metrics
    worked_out = _count_figures(monkeypatch)
    s = doc.plan.schedule
    done = 0
    for rec in s.itertuples(index=False):
        for kind in (MoveVisits, MoveVisitsOnce):
            target = next(d for d in ("mon", "tue", "wed", "thu", "fri") if d != rec.day)
            edit = kind((str(rec.customer_id),), (int(rec.week), str(rec.day)),
                        (int(rec.week), target))
            try:
                doc.push(edit)
            except PlannerError:
                continue
            done += 1
            doc.undo_stack.undo()
            doc.undo_stack.redo()
        if done >= 2:
            break
    assert done >= 2
    assert worked_out == []
    assert table._metrics.equals(real(doc.plan))
