"""Build calendar in the window with the reps' calendars built in worker processes: the
progress names them (in Japanese too), and Cancel leaves no worker running."""

from __future__ import annotations

import multiprocessing

import pytest

from planner import _schedule_parallel as par
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui.document import PlanDocument
from planner.ui.schedule_dialog import ScheduleDialog

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture()
def workers_for_small_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(par, "MIN_PARALLEL_CUSTOMERS", 0)


def test_the_window_builds_the_calendar_in_workers(qtbot, workers_for_small_plans) -> None:
    set_language("ja")
    doc = PlanDocument(synthetic_plan(150, territories=3))
    dialog = ScheduleDialog(doc)
    qtbot.addWidget(dialog)
    said: list[str] = []
    with qtbot.waitSignal(dialog.built, timeout=120_000):
        task = dialog.run()
        task.progressed.connect(lambda _f, text: said.append(text))
    assert doc.plan.schedule is not None and doc.plan.schedule["territory"].nunique() == 3
    assert any("テリトリーが完了" in s for s in said), said
    qtbot.waitUntil(lambda: multiprocessing.active_children() == [], timeout=10_000)


def test_cancel_in_the_window_ends_the_workers(qtbot, workers_for_small_plans) -> None:
    doc = PlanDocument(synthetic_plan(150, territories=3))
    before = doc.plan
    dialog = ScheduleDialog(doc)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.runCancelled, timeout=120_000):
        task = dialog.run()
        # Cancel once the workers are building
        task.progressed.connect(lambda _f, text: "building" in text and task.cancel())
    assert doc.plan is before and doc.undo_stack.count() == 0
    qtbot.waitUntil(lambda: multiprocessing.active_children() == [], timeout=10_000)
