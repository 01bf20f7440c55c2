"""The window's saves, autosaves and opens of a big plan work in a child process (GDAL holds
Python's GIL while it writes or reads a layer, and the window froze): the same plan comes
back, and a cancelled or refused save leaves the plan file as it was."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pandas as pd
import pytest

from planner import _store_child, store
from planner import model as m
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(autouse=True)
def every_plan_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tests' small plans go to a child as a 100,000-customer plan does."""
    monkeypatch.setattr(_store_child, "CHILD_FROM", 0)
    monkeypatch.setattr(_store_child, "AUTOSAVE_FROM", 0)
    monkeypatch.setattr(_store_child, "READ_APART_FROM", 0)


def open_window(qtbot, plan, path=""):  # type: ignore[no-untyped-def]
    window = MainWindow(plan, str(path))
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return window


def planned(tmp_path: Path) -> tuple[m.Plan, Path]:
    plan = build_schedule(synthetic_plan(80, territories=2, seed=4), route_seconds=0.01)
    path = tmp_path / "計画.gpkg"
    store.save_plan(plan, path)
    return plan, path


def assert_same(loaded: m.Plan, plan: m.Plan) -> None:
    a = pd.DataFrame(loaded.customers.drop(columns="geometry"))
    b = pd.DataFrame(plan.customers.drop(columns="geometry")).reset_index(drop=True)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert list(loaded.customers.geometry) == list(plan.customers.geometry)
    assert plan.schedule is not None and len(plan.schedule) > 0
    pd.testing.assert_frame_equal(loaded.schedule, plan.schedule, check_exact=True)
    assert loaded.territories == plan.territories and loaded.settings == plan.settings


def leftovers(folder: Path) -> list[str]:
    """A save's temporary files and SQLite's sidecars left in ``folder``."""
    return sorted(p.name for p in folder.iterdir()
                  if p.name.startswith(".tp-") or p.name.endswith(("-journal", "-wal", "-shm")))


def as_saved_here(plan: m.Plan, folder: Path) -> m.Plan:
    """``plan`` saved and read back in this process, as the command line does."""
    folder.mkdir(exist_ok=True)
    store.save_plan(plan, folder / "here.gpkg")
    return store.load_plan(folder / "here.gpkg")


def not_in_the_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing or reading a plan file in the window's process fails the test (the window's
    GIL would be held as long)."""
    def here(*_args: object) -> None:
        raise AssertionError("the plan file was written or read in the window's process")

    monkeypatch.setattr(store, "write_temporary", here)
    monkeypatch.setattr(store, "_read_plan", here)


def lock_some(window) -> list[str]:  # type: ignore[no-untyped-def]
    ids = list(window.document.plan.customers[m.CUSTOMER_ID][:3])
    window.document.set_selection(ids)
    window.actions_ui.customer_panel.lock_selection(True)
    return ids


def test_open_edit_and_save_in_a_child_keep_every_column_and_the_calendar(qtbot, tmp_path,
                                                                          monkeypatch):
    plan, path = planned(tmp_path)
    expected = store.load_plan(path)
    window = open_window(qtbot, plan)
    files = window.actions_ui.files
    failed: list[str] = []
    files.show_error = lambda message, user_error=True: failed.append(message)
    not_in_the_window(monkeypatch)
    with qtbot.waitSignal(files.planOpened, timeout=60_000):
        files.open_path(str(path), asked=True)
    assert_same(window.document.plan, expected)
    ids = lock_some(window)
    edited = window.document.plan
    with qtbot.waitSignal(files.fileSaved, timeout=60_000):
        files.save()
    assert not window.isWindowModified() and failed == []
    monkeypatch.undo()
    saved = store.load_plan(path)
    assert_same(saved, as_saved_here(edited, tmp_path / "here"))
    assert saved.customers.set_index(m.CUSTOMER_ID)[m.LOCKED][ids].all()
    assert leftovers(tmp_path) == []


def test_an_autosave_in_a_child_holds_the_edited_plan_under_its_name(qtbot, tmp_path,
                                                                      monkeypatch):
    plan, path = planned(tmp_path)
    window = open_window(qtbot, plan, path)
    lock_some(window)
    autosaver = window.actions_ui.files.autosaver
    not_in_the_window(monkeypatch)
    with qtbot.waitSignal(autosaver.saved, timeout=60_000) as blocker:
        autosaver.set_interval(50)
    autosaver.set_interval(3_600_000)
    monkeypatch.undo()
    autosave = Path(blocker.args[0])
    assert autosave == store.recovery_path_for(path)  # <plan>.recovery-<user>@<computer>.gpkg
    assert_same(store.load_plan(autosave), as_saved_here(window.document.plan, tmp_path))
    assert store.load_plan(autosave).customers[m.LOCKED].sum() == 3


def test_cancelling_the_save_while_the_child_writes_keeps_the_old_file(qtbot, tmp_path):
    plan, path = planned(tmp_path)
    before = path.read_bytes()
    window = open_window(qtbot, plan, path)
    lock_some(window)
    files = window.actions_ui.files
    files.save()
    task = files.task

    def cancel_while_writing(_fraction: float, message: str) -> None:
        if message == "Saving customers…":
            task.cancel()

    task.progressed.connect(cancel_while_writing)
    with qtbot.waitSignal(task.cancelled, timeout=60_000):
        pass
    assert path.read_bytes() == before
    assert window.isWindowModified() and files.autosaver.timer.isActive()
    assert leftovers(tmp_path) == []
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10_000)


def test_a_plan_file_another_program_holds_is_kept_after_the_child_wrote(qtbot, tmp_path,
                                                                      monkeypatch):
    plan, path = planned(tmp_path)
    before = path.read_bytes()
    window = open_window(qtbot, plan, path)
    lock_some(window)
    files = window.actions_ui.files

    def replace_refused(*_args: object) -> None:  # another program holds the file (Windows)
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(store.os, "replace", replace_refused)
    errors: list[str] = []
    files.show_error = lambda message, user_error=True: errors.append(message)
    files.save()
    qtbot.waitUntil(lambda: files.task.done, timeout=60_000)
    assert errors == ["計画.gpkg cannot be saved: the folder is read-only or the file is open "
                      "in another program."]
    assert path.read_bytes() == before and window.isWindowModified()
    assert leftovers(tmp_path) == []


def test_saving_while_an_autosave_writes_calls_the_autosave_off(qtbot, tmp_path):
    """The save waited, the window frozen, until a running autosave had written its file
    (seconds at 100,000 customers): it is called off now, its child ended."""
    plan, path = planned(tmp_path)
    window = open_window(qtbot, plan, path)
    files = window.actions_ui.files
    autosaver = files.autosaver
    autosaver.set_interval(3_600_000)
    ids = lock_some(window)
    assert autosaver.save_now()  # its child starts and writes
    running = autosaver._task
    assert running is not None and not running.done
    with qtbot.waitSignals([running.cancelled, files.fileSaved], timeout=60_000):
        files.save()
    assert not window.isWindowModified()
    assert store.load_plan(path).customers.set_index(m.CUSTOMER_ID)[m.LOCKED][ids].all()
    assert store.find_recovery(path, older_too=True) is None and leftovers(tmp_path) == []
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10_000)


def test_an_autosave_called_off_by_a_save_that_fails_is_written_again(qtbot, tmp_path,
                                                                     monkeypatch):
    from planner.errors import PlannerError

    plan, path = planned(tmp_path)
    window = open_window(qtbot, plan, path)
    files = window.actions_ui.files
    autosaver = files.autosaver
    autosaver.set_interval(3_600_000)
    lock_some(window)
    assert autosaver.save_now()
    running = autosaver._task

    def refused(*_args: object) -> None:
        raise PlannerError("計画.gpkg cannot be saved: the folder is read-only.")

    monkeypatch.setattr(file_actions, "_save_making_room", refused)
    errors: list[str] = []
    files.show_error = lambda message, user_error=True: errors.append(message)
    with qtbot.waitSignal(running.cancelled, timeout=60_000):
        files.save()
    qtbot.waitUntil(lambda: files.task.done, timeout=60_000)
    assert errors and window.isWindowModified()
    with qtbot.waitSignal(autosaver.saved, timeout=60_000) as blocker:
        assert autosaver.save_now()  # the work is kept for a crash after all
    assert store.load_plan(blocker.args[0]).customers[m.LOCKED].sum() == 3


def test_closing_without_saving_calls_a_writing_autosave_off(qtbot, tmp_path):
    """Discard on closing deleted the autosave only once it had been written (the window
    frozen seconds at 100,000 customers): the writing autosave is called off, nothing left."""
    plan, path = planned(tmp_path)
    window = open_window(qtbot, plan, path)
    autosaver = window.actions_ui.files.autosaver
    autosaver.set_interval(3_600_000)
    lock_some(window)
    assert autosaver.save_now()
    running = autosaver._task
    assert running is not None and not running.done
    with qtbot.waitSignal(running.cancelled, timeout=60_000):
        assert window.close()
    assert store.find_recovery(path, older_too=True) is None and leftovers(tmp_path) == []
    qtbot.waitUntil(lambda: not multiprocessing.active_children(), timeout=10_000)
