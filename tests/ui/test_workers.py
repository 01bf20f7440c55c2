"""run_task: the result comes back on the GUI thread; Cancel and errors are reported, never lost."""

from __future__ import annotations

import threading

from planner.errors import PlannerError
from planner.progress import report
from planner.ui.workers import run_task


def test_result_arrives_on_the_gui_thread(qtbot):
    seen = {}

    def done(result):
        seen["thread"] = threading.current_thread()
        seen["result"] = result

    task = run_task(None, "t", lambda progress: 6 * 7, on_done=done, show_dialog=False)
    qtbot.waitUntil(lambda: task.done and "result" in seen, timeout=10_000)
    assert seen == {"thread": threading.main_thread(), "result": 42}


def test_cancel_stops_a_long_run(qtbot):
    started = threading.Event()

    def work(progress):
        started.set()
        for i in range(10**9):  # runs until Cancel
            report(progress, (i % 100) / 100)
        return "finished"

    task = run_task(None, "t", work)
    started.wait(10)
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        task.cancel()
    assert task.done


def test_user_errors_and_bugs_are_reported(qtbot):
    def user_error(_progress):
        raise PlannerError("The file is not a spreadsheet.")

    task = run_task(None, "t", user_error, show_dialog=False)
    with qtbot.waitSignal(task.failed, timeout=10_000) as blocker:
        pass
    assert blocker.args == ["The file is not a spreadsheet.", True]
    bug = run_task(None, "t", lambda _p: 1 / 0, show_dialog=False)
    with qtbot.waitSignal(bug.failed, timeout=10_000) as blocker:
        pass
    assert "ZeroDivisionError" in blocker.args[0] and blocker.args[1] is False


def test_a_cancel_that_comes_after_the_file_is_written_says_it_is_written(qtbot):
    """Cancel pressed while the last step ran: the file is in place, so the task is done
    (the window must not say "nothing was written")."""
    pressed, renaming = threading.Event(), threading.Event()
    seen = {}

    def work(progress):
        report(progress, 0.5)
        renaming.set()
        pressed.wait(10)  # Cancel is pressed here, as the file is renamed into place
        report(progress, 1.0)
        return "written"

    task = run_task(None, "t", work, on_done=lambda r: seen.setdefault("result", r),
                    show_dialog=False)
    assert renaming.wait(10)
    task.cancel()
    pressed.set()
    qtbot.waitUntil(lambda: task.done and "result" in seen, timeout=10_000)
    assert seen["result"] == "written"


def test_a_result_nobody_wants_after_cancel_is_dropped(qtbot):
    """Open pressed Cancel while the plan was read (the reading never asks): the plan read
    does not replace the window's."""
    pressed, reading = threading.Event(), threading.Event()
    seen = {}

    def work(progress):
        reading.set()
        pressed.wait(10)
        return "a plan"

    task = run_task(None, "t", work, on_done=lambda r: seen.setdefault("result", r),
                    show_dialog=False)
    assert reading.wait(10)
    with qtbot.waitSignal(task.cancelled, timeout=10_000):
        task.cancel()
        pressed.set()
    assert "result" not in seen


def test_waiting_on_the_gui_thread_ends_when_the_work_ends(qtbot):
    """A save waiting for a running autosave (Task.wait on the GUI thread) returns as soon
    as the work is done: the worker thread no longer waits for the GUI thread to stop it,
    which froze the window until the wait's timeout (30 s a save, 60 s a close)."""
    import time

    seen = {}
    task = run_task(None, "t", lambda progress: time.sleep(0.2) or "written",
                    on_done=lambda result: seen.setdefault("result", result), show_dialog=False)
    assert task.wait(10_000)  # finished, not timed out
    qtbot.waitUntil(lambda: task.done and seen.get("result") == "written", timeout=10_000)
