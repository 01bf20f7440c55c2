"""A task in a process of its own (planner.ui.process_task): the result, errors and a crash
come back as from a worker thread; Cancel, a deleted parent or a killed window end the child."""

from __future__ import annotations

import functools
import os

import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from planner import model as m
from planner.design import design_territories
from planner.synthetic import synthetic_plan
from planner.ui.process_task import ProcessTask, run_process_task
from tests.ui import process_jobs

pytestmark = pytest.mark.usefixtures("isolated")


def _alive(pid: int) -> bool:
    """The process runs (an ended one not yet reaped by its new parent counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:  # reaped meanwhile
        return False
    except OSError:
        return True  # no /proc: it answered the signal


def _territories(plan: m.Plan) -> list[object]:
    return plan.customers[m.TERRITORY].tolist()


def test_the_child_designs_the_same_plan_without_loading_qt(qtbot) -> None:
    plan = synthetic_plan(600, territories=4, seed=3)
    task = run_process_task(None, "t", functools.partial(
        process_jobs.qt_modules_after_design, plan, count=5), show_dialog=False)
    progress = []
    task.progressed.connect(lambda fraction, message: progress.append(message))
    with qtbot.waitSignal(task.finished, timeout=60_000) as done:
        pass
    result, qt_modules = done.args[0]
    assert qt_modules == []  # the design imports no Qt, nor does the child's own module
    assert _territories(result.plan) == _territories(design_territories(plan, count=5).plan)
    assert "Balancing territories…" in progress and task.done and not _alive(task.pid)


def test_errors_and_a_crash_come_back_as_one_message(qtbot) -> None:
    for job, expected, user_error in (
        (process_jobs.says_no, "The file is not a spreadsheet.", True),
        (process_jobs.divides_by_zero, "ZeroDivisionError", False),  # a bug: its traceback
        (process_jobs.dies, "The work stopped unexpectedly", True),  # killed (out of memory)
    ):
        task = run_process_task(None, "t", job, show_dialog=False)
        with qtbot.waitSignal(task.failed, timeout=60_000) as failed:
            pass
        message, is_user_error = failed.args
        assert expected in message and is_user_error is user_error
        assert task.done and not _alive(task.pid)
    crash = message
    assert "Traceback" not in crash and crash.count(".") == 1  # one sentence


def test_the_child_speaks_the_windows_language(qtbot) -> None:
    from planner.i18n import set_language

    set_language("ja")
    task = run_process_task(None, "t", process_jobs.speaks, show_dialog=False)
    with qtbot.waitSignal(task.finished, timeout=60_000) as done:
        pass
    assert done.args == ["ja"]


def test_cancel_ends_the_child_at_once(qtbot) -> None:
    task = run_process_task(None, "t", process_jobs.runs_until_ended)  # with its dialog
    with qtbot.waitSignal(task.progressed, timeout=60_000):
        pass
    assert _alive(task.pid)
    with qtbot.waitSignal(task.cancelled, timeout=1000):
        task.cancel()
    assert task.done and not _alive(task.pid)


def test_a_deleted_parent_takes_its_child_along(qtbot) -> None:
    import shiboken6

    parent = QWidget()
    task = run_process_task(parent, "t", process_jobs.runs_until_ended, show_dialog=False)
    with qtbot.waitSignal(task.progressed, timeout=60_000):
        pass
    pid = task.pid
    shiboken6.delete(parent)
    assert not _alive(pid)


def test_a_child_ends_when_its_window_process_is_killed(qtbot) -> None:
    """No orphan: the child sees its parent gone and ends itself."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    code = "from tests.ui.process_jobs import parent_that_dies; parent_that_dies()"
    env = {**os.environ, "PYTHONPATH": str(root)}
    window = subprocess.Popen([sys.executable, "-c", code], cwd=root, env=env,
                              stdout=subprocess.PIPE, text=True)
    with window:
        pid = int(window.stdout.readline())  # the child has started working
        assert window.wait(60) == 0  # the window process is gone
        qtbot.waitUntil(lambda: not _alive(pid), timeout=30_000)


def test_quitting_the_program_ends_a_running_child(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    task = run_process_task(None, "t", process_jobs.runs_until_ended, show_dialog=False)
    with qtbot.waitSignal(task.progressed, timeout=60_000):
        pass
    QApplication.instance().aboutToQuit.emit()  # as the window's last close does
    assert not _alive(task.pid)
    task.cancel()


def test_the_progress_says_starting_until_the_works_first_message(qtbot) -> None:
    task = ProcessTask(process_jobs.reports_once_then_works)
    messages: list[str] = []
    task.progressed.connect(lambda _fraction, message: messages.append(message))
    task.start()  # the child's interpreter starts and the work goes over: seconds at 100k
    assert messages == ["Starting…"]
    with qtbot.waitSignal(task.progressed, timeout=60_000,
                          check_params_cb=lambda _fraction, message: message == "solving"):
        pass
    assert messages == ["Starting…", "solving"]
    task.cancel()
    assert not _alive(task.pid)


def test_cancel_keeps_a_finished_works_result_on_its_way(qtbot, tmp_path) -> None:
    """After the child said its work returned, Cancel (or Escape) no longer throws it away."""
    parent = QWidget()
    qtbot.addWidget(parent)
    allowed = tmp_path / "send"
    task = run_process_task(parent, "t", functools.partial(
        process_jobs.finishes_then_sends_when_allowed, str(allowed)))
    with qtbot.waitSignal(task.progressed, timeout=60_000,
                          check_params_cb=lambda _f, message: message == "Receiving the result…"):
        pass  # the result is being pickled in the child (until the test allows it)
    assert task.receiving and _alive(task.pid)
    progress = parent.findChild(QProgressDialog)
    assert progress.labelText() == "Receiving the result…" and progress.value() == 1000
    assert progress.findChild(QPushButton) is None  # no Cancel button left to press
    cancelled: list[bool] = []
    task.cancelled.connect(lambda: cancelled.append(True))
    task.cancel()  # what Escape on the progress window does
    assert not task.done and _alive(task.pid)
    with qtbot.waitSignal(task.finished, timeout=60_000) as done:
        allowed.write_text("go", encoding="utf-8")
    assert done.args == ["arrived"] and not cancelled and task.done


def test_a_closing_window_still_ends_a_child_whose_result_is_on_its_way(qtbot, tmp_path) -> None:
    task = run_process_task(None, "t", functools.partial(
        process_jobs.finishes_then_sends_when_allowed, str(tmp_path / "never")),
        show_dialog=False)
    qtbot.waitUntil(lambda: task.receiving, timeout=60_000)
    with qtbot.waitSignal(task.cancelled, timeout=1000):
        task.cancel(discard=True)  # as the design dialog does when it closes
    assert task.done and not _alive(task.pid)
