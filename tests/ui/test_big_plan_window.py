"""A big company's plan in the window: the heavy work of opening a plan and of the edits a
manager makes every week stays off the GUI thread or is done for the changed part only
(measured with ``benchmarks/bench_manager.py``)."""

from __future__ import annotations

import threading

import pytest

from planner import store
from planner.maps import data, protocol
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


def open_window(qtbot, plan):
    window = MainWindow(plan)
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block a test
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    return window


def test_opening_a_plan_makes_the_maps_data_in_the_loading_worker(qtbot, tmp_path, monkeypatch):
    """File → Open: the map's data for the plan (2 s on the GUI thread at 100,000 customers,
    after the progress had closed) is made in the worker that reads the file, and the map
    draws that very document."""
    path = tmp_path / "big.gpkg"
    store.save_plan(synthetic_plan(400, territories=5, seed=4), path)
    window = open_window(qtbot, synthetic_plan(20, territories=2))
    made: list[tuple[int, bool]] = []
    real = data.data_document

    def recorded(plan):
        made.append((len(plan.customers), threading.current_thread() is threading.main_thread()))
        return real(plan)

    monkeypatch.setattr(data, "data_document", recorded)
    files = window.actions_ui.files
    view = window.map_view
    drawn: list[int] = []
    view.pageMessage.connect(
        lambda msg: drawn.append(msg.count) if isinstance(msg, protocol.Drawn) else None)
    with qtbot.waitSignal(files.planOpened, timeout=30_000):
        files.open_path(str(path))
    qtbot.waitUntil(view.is_up_to_date, timeout=60_000)
    assert made == [(400, False)]  # once, in the worker
    assert drawn and drawn[-1] == 400  # the page drew the opened plan's customers
