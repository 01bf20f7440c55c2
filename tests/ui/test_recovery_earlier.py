"""An autosave an earlier version of the program left beside a plan (``plan.recovery.gpkg``,
before the autosaves had the user and computer in their names) is offered when the plan is
opened, as the program's own are: never written over, never deleted unasked."""

from __future__ import annotations

import os

import pytest
from test_recovery_offer import answer_box, locked_ids, open_window

from planner import model as m
from planner import store
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("isolated")


def _earlier_autosave(tmp_path, ids, name="plan.recovery.gpkg"):
    """A plan file, and beside it the earlier version's autosave of it with ``ids`` locked,
    written a minute after the file (its program crashed before a save)."""
    path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(80, territories=2, seed=4)
    store.save_plan(plan, path)
    c = plan.customers.copy()
    c[m.LOCKED] = c[m.CUSTOMER_ID].isin(ids).to_numpy()
    earlier = tmp_path / name
    store.save_plan(plan.replace(customers=c), earlier)
    saved = os.stat(path).st_mtime
    os.utime(earlier, (saved + 60, saved + 60))
    return path, earlier, plan


def test_an_earlier_versions_autosave_is_offered_and_restored(qtbot, tmp_path):
    ids = ["C000001", "C000002"]
    path, earlier, _plan = _earlier_autosave(tmp_path, ids)
    window, seen = open_window(qtbot), []
    answer_box(window, "Restore", seen)
    with qtbot.waitSignal(window.actions_ui.files.planOpened, timeout=30_000):
        window.actions_ui.files.open_path(str(path))
    assert len(seen) == 1 and seen[0]["name"] == "recoveryQuestion"
    assert locked_ids(window) == set(ids) and window.isWindowModified()


def program_ends() -> None:
    """What the program's end does to the autosaves it held and kept for later."""
    from planner import _store_recovery as recovery

    for claim in list(recovery._HELD):
        handle = recovery._HELD.pop(claim)
        if handle is not None:
            handle.close()
    recovery._KEPT.clear()


def _own_autosave_too(path, plan, ids, minutes):
    """This program's own autosave of the plan (its new name, the user's and computer's in
    it), with ``ids`` locked, written ``minutes`` after the file."""
    c = plan.customers.copy()
    c[m.LOCKED] = c[m.CUSTOMER_ID].isin(ids).to_numpy()
    own = store.recovery_path_for(path)
    store.save_plan(plan.replace(customers=c), own)
    saved = os.stat(path).st_mtime
    os.utime(own, (saved + 60 * minutes, saved + 60 * minutes))
    return own


def _open(qtbot, path, answers):
    """A window opening ``path``, answering each question in turn; what each showed."""
    window, seen = open_window(qtbot), []
    for answer in answers:
        answer_box(window, answer, seen)
    with qtbot.waitSignal(window.actions_ui.files.planOpened, timeout=30_000):
        window.actions_ui.files.open_path(str(path))
    return window, seen


def test_after_discarding_the_newest_autosave_the_earlier_versions_is_offered(qtbot, tmp_path):
    """The earlier version's autosave (put off with Later before the program crashed again)
    and the program's own newer one: Discard on the newest deleted both, the earlier
    version's work unseen. Now each goes only when its own question says Discard."""
    earlier_ids, own_ids = ["C000001", "C000002"], ["C000010"]
    path, earlier, plan = _earlier_autosave(tmp_path, earlier_ids)
    own = _own_autosave_too(path, plan, own_ids, minutes=5)
    window, seen = _open(qtbot, path, ["Discard", "Restore"])
    assert [s["name"] for s in seen] == ["recoveryQuestion"] * 2
    assert not own.exists()
    assert locked_ids(window) == set(earlier_ids) and window.isWindowModified()


def test_restoring_the_newest_autosave_keeps_the_earlier_versions_for_later(qtbot, tmp_path):
    """Restore on the newest, then Save, deleted the earlier version's autosave unseen; it is
    kept now, the status bar says so, and the next start offers it."""
    earlier_ids, own_ids = ["C000001", "C000002"], ["C000010"]
    path, earlier, plan = _earlier_autosave(tmp_path, earlier_ids)
    _own_autosave_too(path, plan, own_ids, minutes=5)
    kept = earlier.read_bytes()
    window, seen = _open(qtbot, path, ["Restore"])
    assert len(seen) == 1 and locked_ids(window) == set(own_ids)
    message = window.statusBar().currentMessage()
    assert "older autosave" in message and "kept" in message
    files = window.actions_ui.files
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        files.save()
    assert earlier.read_bytes() == kept  # neither deleted nor written over
    assert store.find_recovery(path, older_too=True) is None  # not asked again this session
    assert window.close()
    program_ends()  # the next start offers it
    again, seen = _open(qtbot, path, ["Restore"])
    assert len(seen) == 1 and locked_ids(again) == set(earlier_ids)
