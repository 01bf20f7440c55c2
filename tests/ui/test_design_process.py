"""The design dialog's large designs run in a process of their own (planner.ui.design_run):
the window keeps running while OR-Tools holds the child's GIL, and Cancel or Close ends the
child at once with the open plan untouched."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QProgressDialog, QPushButton

from planner import model as m
from planner.design import design_territories
from planner.synthetic import synthetic_plan
from planner.ui.design_dialog import DesignDialog
from planner.ui.design_run import PROCESS_FROM, design_size
from planner.ui.document import PlanDocument
from planner.ui.process_task import ProcessTask
from planner.ui.workers import Task
from tests.ui.test_process_task import _alive

pytestmark = pytest.mark.usefixtures("isolated")


def _territories(plan: m.Plan) -> list[object]:
    return plan.customers[m.TERRITORY].tolist()


def _plan(customers: int) -> m.Plan:
    return synthetic_plan(customers, territories=8, seed=5)


def test_a_large_design_runs_in_a_process_and_the_window_keeps_ticking(qtbot) -> None:
    plan = _plan(PROCESS_FROM // 20)  # designed into 20 territories: large enough
    doc = PlanDocument(plan)
    dialog = DesignDialog(doc)
    qtbot.addWidget(dialog)
    dialog.count.setValue(20)
    events: list[str] = []
    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(lambda: events.append("tick"))
    timer.start()
    with qtbot.waitSignal(dialog.designed, timeout=300_000):
        task = dialog.run()
        assert isinstance(task, ProcessTask)  # the large design went to a child process
        task.progressed.connect(lambda fraction, _message: events.append(
            "balancing" if fraction > 0.15 else "preparing"))
        events.clear()
    timer.stop()
    # the GUI thread ran its timer while the child balanced the territories (the solver)
    solving = events[events.index("balancing"):]
    assert solving.count("tick") >= 3
    assert doc.plan is plan  # nothing applied yet
    expected = design_territories(plan, **dialog.options()).plan
    assert _territories(dialog.result.plan) == _territories(expected)
    assert [t.id for t in dialog.result.plan.territories] == [t.id for t in expected.territories]
    dialog.apply()
    assert doc.plan is dialog.result.plan and doc.undo_stack.count() == 1


def test_a_small_design_stays_in_a_thread(qtbot) -> None:
    dialog = DesignDialog(PlanDocument(synthetic_plan(300, territories=3, seed=5)))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.designed, timeout=60_000):
        assert isinstance(dialog.run(), Task)


@pytest.mark.parametrize("how", ["cancel", "close"])
def test_cancel_or_close_during_a_design_ends_its_process_and_keeps_the_plan(qtbot, how) -> None:
    plan = _plan(10_000)  # a few seconds' design
    doc = PlanDocument(plan)
    dialog = DesignDialog(doc)
    qtbot.addWidget(dialog)
    dialog.count.setValue(20)
    dialog.in_process = True
    dialog.show()
    task = dialog.run()
    assert isinstance(task, ProcessTask)
    with qtbot.waitSignal(task.progressed, timeout=60_000,
                          check_params_cb=lambda fraction, _message: fraction > 0.1):
        pass  # the child is designing (balancing)
    pid = task.pid
    with qtbot.waitSignal(task.cancelled, timeout=1000):
        if how == "cancel":  # the progress window's Cancel button
            dialog.findChild(QProgressDialog).findChild(QPushButton).click()
        else:
            dialog.reject()
    assert not _alive(pid) and task.done
    assert doc.plan is plan and dialog.result is None and doc.undo_stack.count() == 0
    if how == "cancel":
        assert dialog.run_button.isEnabled()


def test_the_route_follows_the_designs_size() -> None:
    from planner.resources import sample_plan_path
    from planner.store import load_plan

    sample = load_plan(sample_plan_path())  # 1,500 customers into 8: a thread, no start-up
    assert design_size(sample, {"count": 8}) == 12_000 < PROCESS_FROM
    plan = _plan(3000)
    assert design_size(plan, {"count": 300}) >= PROCESS_FROM
    chosen = ("T01", "T02")  # only their customers are designed
    assert design_size(plan, {"count": 3, "only": chosen}) == 3 * int(
        plan.customers[m.TERRITORY].isin(chosen).sum())


def test_a_design_in_a_process_says_each_stage_and_comes_back_light(qtbot, monkeypatch) -> None:
    """"Starting…" at once, the design's own steps, then "Receiving the design…" while its
    lighter form (the customers' territories) arrives and is rebuilt into the same plan."""
    from planner.ui import design_run

    received: list[str] = []
    rebuild = design_run.restore_design

    def spy(plan: m.Plan, sent: object) -> object:
        received.append(type(sent).__name__)
        return rebuild(plan, sent)

    monkeypatch.setattr(design_run, "restore_design", spy)
    plan = _plan(2000)
    dialog = DesignDialog(PlanDocument(plan))
    qtbot.addWidget(dialog)
    dialog.count.setValue(6)
    dialog.in_process = True
    dialog.show()
    messages: list[str] = []
    with qtbot.waitSignal(dialog.designed, timeout=120_000):
        task = dialog.run()
        assert dialog.findChild(QProgressDialog).labelText() == "Starting…"
        task.progressed.connect(lambda _fraction, message: messages.append(message))
    # the preparation's own parts (the customers' spacings …) come through too
    assert messages[:2] == ["Preparing the design…", "Measuring how far apart the customers are…"]
    assert "Finding each customer's neighbours…" in messages
    assert messages[-2:] == ["Design finished.", "Receiving the design…"]
    assert received == ["LightDesign"]
    expected = design_territories(plan, **dialog.options()).plan
    assert dialog.result.plan.customers.equals(expected.customers)
    assert dialog.result.plan.territories == expected.territories
