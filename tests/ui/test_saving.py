"""Saving a plan from the window: the autosave beside it, names, other windows, a full disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import model as m
from planner import store
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.file_recovery import RESTORE
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


def open_window(qtbot, plan, path=""):
    window = MainWindow(plan, str(path))
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return window


def saved_plan(tmp_path, name="plan.gpkg"):
    path = tmp_path / name
    plan = synthetic_plan(120, territories=3, seed=7)
    store.save_plan(plan, path)
    return plan, path


def lock_and_autosave(qtbot, window, ids):
    """Lock ``ids``, then let the autosave write once (then it waits an hour)."""
    window.document.set_selection(ids)
    window.actions_ui.customer_panel.lock_selection(True)
    autosaver = window.actions_ui.files.autosaver
    with qtbot.waitSignal(autosaver.saved, timeout=30_000) as blocker:
        autosaver.set_interval(50)
    autosaver.set_interval(3_600_000)
    return blocker.args[0]


def test_undoing_back_to_the_saved_plan_leaves_no_autosave_to_offer(qtbot, tmp_path):
    plan, path = saved_plan(tmp_path)
    window = open_window(qtbot, plan, path)
    files = window.actions_ui.files
    assert not files.autosaver.save_now()  # an unchanged plan is never autosaved
    autosave = lock_and_autosave(qtbot, window, list(plan.customers[m.CUSTOMER_ID][:4]))
    assert Path(autosave).exists()
    window.actions_ui.actions["undo"].trigger()
    assert not window.isWindowModified() and not Path(autosave).exists()
    files.autosaver.stop()  # as if the program died now: nothing to restore next start
    assert store.find_recovery(path, older_too=True) is None
    window.actions_ui.actions["redo"].trigger()  # the edit again: autosaved again
    with qtbot.waitSignal(files.autosaver.saved, timeout=30_000):
        files.autosaver.set_interval(50)
    files.autosaver.set_interval(3_600_000)
    window.actions_ui.actions["undo"].trigger()
    assert window.close()
    assert store.find_recovery(path, older_too=True) is None


def test_a_restored_plan_undone_keeps_its_autosave(qtbot, tmp_path):
    """Restored work is saved nowhere but in its autosave: undoing an edit on it keeps the
    autosave (and writes it again, without the undone edit)."""
    plan, path = saved_plan(tmp_path)
    ids = list(plan.customers[m.CUSTOMER_ID][:4])
    crashed = open_window(qtbot, plan, path)
    lock_and_autosave(qtbot, crashed, ids)
    crashed.actions_ui.files.autosaver.stop()  # the "crash": its program is gone
    fresh = open_window(qtbot, synthetic_plan(10, territories=2))
    files = fresh.actions_ui.files
    files.ask_restore = lambda *_a, **_k: RESTORE
    with qtbot.waitSignal(files.planOpened, timeout=30_000):
        files.open_path(str(path))
    assert fresh.isWindowModified()
    fresh.document.set_selection(ids[:1])
    fresh.actions_ui.customer_panel.lock_selection(False)
    fresh.actions_ui.actions["undo"].trigger()
    assert fresh.isWindowModified()
    assert store.find_recovery(path) is not None
    assert files.autosaver.save_now()  # the undone edit leaves the autosave too
    files.autosaver.wait()


def test_save_as_an_autosaves_name_is_refused(qtbot, tmp_path):
    """Saved as "plan.recovery.gpkg", the file was deleted right after as the plan's autosave."""
    plan, path = saved_plan(tmp_path)
    window = open_window(qtbot, plan, path)
    files = window.actions_ui.files
    window.document.set_selection(list(plan.customers[m.CUSTOMER_ID][:2]))
    window.actions_ui.customer_panel.lock_selection(True)
    errors = []
    files.show_error = lambda message, user_error=True: errors.append(message)
    for name in ("plan.recovery.gpkg", "Other.RECOVERY-2.gpkg"):
        files.ask_save_path = lambda *_a, n=name: str(tmp_path / n)
        window.actions_ui.actions["save_as"].trigger()
        assert files.task is None or files.task.done
        qtbot.waitUntil(lambda: files.task is None or files.task.done)
    assert errors == [f"{n} is a name the program gives its own autosaves; save the plan under "
                      "another name." for n in ("plan.recovery.gpkg", "Other.RECOVERY-2.gpkg")]
    assert window.isWindowModified() and window.document.path == str(path)
    files.ask_save_path = lambda *_a: str(tmp_path / "plan recovery.gpkg")  # a name of its own
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        window.actions_ui.actions["save_as"].trigger()
    assert (tmp_path / "plan recovery.gpkg").exists() and not window.isWindowModified()


def test_a_save_short_of_disk_space_deletes_the_autosave_and_tries_again(qtbot, tmp_path,
                                                                          monkeypatch):
    """On a nearly full disk the autosave beside the plan took the room the save needed."""
    from planner.errors import DiskFull

    plan, path = saved_plan(tmp_path)
    window = open_window(qtbot, plan, path)
    files = window.actions_ui.files
    ids = list(plan.customers[m.CUSTOMER_ID][:3])
    autosave = lock_and_autosave(qtbot, window, ids)
    real_save = store.save_plan

    def nearly_full_disk(plan, target, **options):  # room for the plan, not for both
        if any(tmp_path.glob("*.recovery*.gpkg")):
            raise DiskFull(f"There is not enough disk space to save {path.name}.")
        real_save(plan, target, **options)

    monkeypatch.setattr(store, "save_plan", nearly_full_disk)
    errors = []
    files.show_error = lambda message, user_error=True: errors.append(message)
    files.save()
    qtbot.waitUntil(lambda: files.task.done, timeout=30_000)
    assert errors == []
    assert not window.isWindowModified() and not (tmp_path / autosave).exists()
    assert store.load_plan(path).customers.set_index(m.CUSTOMER_ID)[m.LOCKED][ids].all()
    assert window.statusBar().currentMessage() == (
        f"Saved {path}. The disk was nearly full, so the plan's autosave was deleted to make room.")


def test_a_save_short_of_disk_space_even_after_deleting_the_autosave_says_so(qtbot, tmp_path,
                                                                             monkeypatch):
    from planner.errors import DiskFull

    plan, path = saved_plan(tmp_path)
    window = open_window(qtbot, plan, path)
    files = window.actions_ui.files
    lock_and_autosave(qtbot, window, list(plan.customers[m.CUSTOMER_ID][:3]))

    def full_disk(_plan, target, **_options):
        raise DiskFull(f"There is not enough disk space to save {path.name}.")

    monkeypatch.setattr(store, "save_plan", full_disk)
    errors = []
    files.show_error = lambda message, user_error=True: errors.append(message)
    files.save()
    qtbot.waitUntil(lambda: files.task.done, timeout=30_000)
    assert errors == ["There is not enough disk space to save plan.gpkg. Deleting the plan's "
                      "autosave to make room was not enough."]
    assert window.isWindowModified() and files.autosaver.timer.isActive()


def two_windows_one_saved(qtbot, tmp_path):
    """Windows A and B on one plan file; A locks two customers and saves, B moves two."""
    plan, path = saved_plan(tmp_path)
    ids = list(plan.customers[m.CUSTOMER_ID])
    a, b = open_window(qtbot, plan, path), open_window(qtbot, plan, path)
    a.document.set_selection(ids[:2])
    a.actions_ui.customer_panel.lock_selection(True)
    with qtbot.waitSignal(a.actions_ui.files.fileSaved, timeout=30_000):
        a.actions_ui.files.save()
    b.document.set_selection(ids[10:12])
    b.actions_ui.customer_panel.assign_selection("")
    return path, ids, a, b


def saved_customers(path):
    return store.load_plan(path).customers.set_index(m.CUSTOMER_ID)


@pytest.mark.parametrize("answer", ["cancel", "save_as"])
def test_saving_over_a_file_another_window_saved_asks_first(qtbot, tmp_path, answer):
    path, ids, _a, b = two_windows_one_saved(qtbot, tmp_path)
    files = b.actions_ui.files
    asked = []
    files.ask_save_over_changed = lambda p: asked.append(p) or answer
    files.ask_save_path = lambda *_a: str(tmp_path / "B's plan.gpkg")
    if answer == "save_as":
        with qtbot.waitSignal(files.fileSaved, timeout=30_000):
            files.save()
        assert saved_customers(tmp_path / "B's plan.gpkg")[m.TERRITORY][ids[10:12]].eq("").all()
        assert b.document.path == str((tmp_path / "B's plan.gpkg").resolve())
    else:
        files.save()
        assert files.task is None or files.task.done  # nothing started
        assert b.isWindowModified()
    assert asked == [str(path)]
    assert saved_customers(path)[m.LOCKED][ids[:2]].all()  # A's work is kept


def test_saving_over_a_changed_file_when_told_to_then_asks_no_more(qtbot, tmp_path):
    path, ids, a, b = two_windows_one_saved(qtbot, tmp_path)
    files = b.actions_ui.files
    asked = []
    files.ask_save_over_changed = lambda p: asked.append(p) or file_actions.SAVE
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        files.save()
    assert saved_customers(path)[m.TERRITORY][ids[10:12]].eq("").all()
    b.document.set_selection(ids[20:21])
    b.actions_ui.customer_panel.lock_selection(True)
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        files.save()  # its own save is no change by another
    assert len(asked) == 1
    a.document.set_selection(ids[30:31])  # and now A is the one to be asked
    a.actions_ui.customer_panel.lock_selection(True)
    a.actions_ui.files.ask_save_over_changed = lambda p: asked.append(p) or file_actions.CANCEL
    a.actions_ui.files.save()
    assert len(asked) == 2 and a.isWindowModified()


def test_closing_a_window_whose_saved_work_another_window_saved_over_asks(qtbot, tmp_path):
    """B saved over A's saved locks (B was asked and chose to); A, not marked modified,
    closed without a word and its work was gone. A window that only looked does not ask."""
    path, ids, a, b = two_windows_one_saved(qtbot, tmp_path)
    viewer = open_window(qtbot, store.load_plan(path), path)
    b.actions_ui.files.ask_save_over_changed = lambda p: file_actions.SAVE
    with qtbot.waitSignal(b.actions_ui.files.fileSaved, timeout=30_000):
        b.actions_ui.files.save()
    asked: list[str] = []
    for window in (a, viewer):
        window.actions_ui.files.ask_save_changes = lambda w=window: asked.append(
            "A" if w is a else "viewer") or file_actions.CANCEL
    assert not a.isWindowModified()
    assert not a.close() and asked == ["A"]  # Cancel keeps it open
    assert viewer.close() and asked == ["A"]


def test_two_windows_on_one_plan_keep_their_own_autosaves(qtbot, tmp_path):
    """Both windows wrote one autosave file, and A's save deleted B's unsaved work from it."""
    plan, path = saved_plan(tmp_path)
    ids = list(plan.customers[m.CUSTOMER_ID])
    a, b = open_window(qtbot, plan, path), open_window(qtbot, plan, path)
    a_file = lock_and_autosave(qtbot, a, ids[:2])
    b_file = lock_and_autosave(qtbot, b, ids[5:7])
    assert a_file != b_file and store.is_recovery_name(b_file)
    with qtbot.waitSignal(a.actions_ui.files.fileSaved, timeout=30_000):
        a.actions_ui.files.save()
    assert not (tmp_path / a_file).exists() and (tmp_path / b_file).exists()
    c = open_window(qtbot, synthetic_plan(10, territories=2))  # a third window: B still runs
    offers = []
    c.actions_ui.files.ask_restore = lambda *_a, **_k: offers.append(1) or RESTORE
    with qtbot.waitSignal(c.actions_ui.files.planOpened, timeout=30_000):
        c.actions_ui.files.open_path(str(path))
    assert offers == []
    b.actions_ui.files.autosaver.stop()  # B's program dies: its work is offered next start
    d = open_window(qtbot, synthetic_plan(10, territories=2))
    d.actions_ui.files.ask_restore = lambda *_a, **_k: RESTORE
    with qtbot.waitSignal(d.actions_ui.files.planOpened, timeout=30_000):
        d.actions_ui.files.open_path(str(path))
    locked = d.document.plan.customers.set_index(m.CUSTOMER_ID)[m.LOCKED]
    assert locked[ids[5:7]].all() and d.isWindowModified()
