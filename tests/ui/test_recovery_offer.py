"""The autosave a crashed session left is offered in a box of three answers: Restore, Discard
(the autosave is deleted for good) and Later (Esc, or closing the box): the plan opens as it
is and the autosave stays, to be offered again after the program restarts."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from planner import model as m
from planner import store
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")

ESC, CLOSE = "Esc", "close"


def open_window(qtbot, plan=None, path=""):
    window = MainWindow(plan if plan is not None else synthetic_plan(60, territories=2), path)
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block a test
    return window


def answer_box(window, answer: str, seen: list[dict]) -> None:
    """Answer the window's next message box (a recovery or shared-plan question) as a user
    does: press Esc, close the box, or click the button showing ``answer``; what the box
    showed goes to ``seen``."""
    tries = [0]

    def go() -> None:
        box = next((b for b in window.findChildren(QMessageBox) if b.isVisible()), None)
        if box is None:
            tries[0] += 1
            if tries[0] < 3000:  # never poll past the test
                QTimer.singleShot(10, go)
            return
        seen.append({"name": box.objectName(), "text": box.text(),
                     "info": box.informativeText(),
                     "buttons": [b.text() for b in sorted(  # as shown, left to right
                         box.buttons(), key=lambda b: b.mapTo(box, QPoint(0, 0)).x())],
                     "default": box.defaultButton() and box.defaultButton().text(),
                     "title": box.windowTitle()})
        if answer == ESC:
            QTest.keyClick(box, Qt.Key.Key_Escape)
        elif answer == CLOSE:
            box.close()
        else:
            button = next((b for b in box.buttons() if b.text() == answer), None)
            if button is None:  # no such answer: closed, so that the test fails, not waits
                box.close()
            else:
                button.click()

    QTimer.singleShot(0, go)


def locked_ids(window) -> set[str]:
    c = window.document.plan.customers
    return set(c.loc[c[m.LOCKED].astype(bool), m.CUSTOMER_ID])


def crash(qtbot, plan, path, ids):
    """A session opens ``path``, locks ``ids``, autosaves, and its program dies."""
    crashed = open_window(qtbot, plan, str(path) if path else "")
    if not path:
        crashed.actions_ui.files.adopt_import(plan)
    crashed.document.set_selection(list(ids))
    crashed.actions_ui.customer_panel.lock_selection(True)
    autosaver = crashed.actions_ui.files.autosaver
    with qtbot.waitSignal(autosaver.saved, timeout=30_000) as blocker:
        autosaver.set_interval(50)
    autosaver.stop()  # the "crash": the slot is no longer held
    return blocker.args[0]


def lock_and_autosave(qtbot, window, ids) -> str:
    window.document.set_selection(list(ids))
    window.actions_ui.customer_panel.lock_selection(True)
    autosaver = window.actions_ui.files.autosaver
    with qtbot.waitSignal(autosaver.saved, timeout=30_000) as blocker:
        autosaver.set_interval(50)
    autosaver.set_interval(3_600_000)
    return blocker.args[0]


def restart(plan_path, slot: int = 1) -> None:
    """What the program's end does to the autosave it was told to keep for later."""
    store.release_recovery(plan_path, slot)


@pytest.mark.parametrize("how", [ESC, CLOSE])
def test_esc_on_the_recovery_question_keeps_the_autosave_for_next_time(qtbot, tmp_path, how):
    """Esc (or closing the box) deleted the crash's work for good, as "No" did."""
    path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(80, territories=2, seed=4)
    store.save_plan(plan, path)
    ids = list(plan.customers[m.CUSTOMER_ID][:3])
    autosave = crash(qtbot, plan, path, ids)
    kept = (tmp_path / autosave).read_bytes()
    window = open_window(qtbot)
    files, seen = window.actions_ui.files, []
    answer_box(window, how, seen)
    with qtbot.waitSignal(files.planOpened, timeout=30_000):
        files.open_path(str(path))
    # the file as it was saved, nothing to save; the autosave as the crash left it
    assert (tmp_path / autosave).read_bytes() == kept
    assert window.document.path == str(path) and locked_ids(window) == set()
    assert not window.isWindowModified()
    assert len(seen) == 1 and set(seen[0]["buttons"]) == {"Restore", "Discard", "Later"}
    assert seen[0]["default"] == "Restore"
    assert "Discard deletes the autosave for good" in seen[0]["info"]
    assert "Later opens the file as it is" in seen[0]["info"]
    message = window.statusBar().currentMessage()
    assert "is kept, to be offered again after the program restarts" in message
    assert "delete" not in message.lower()
    # working on, autosaving and saving the plan in this session leave it alone
    mine = lock_and_autosave(qtbot, window, list(plan.customers[m.CUSTOMER_ID][10:12]))
    assert mine != autosave and (tmp_path / autosave).read_bytes() == kept
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        files.save()
    assert not (tmp_path / mine).exists() and (tmp_path / autosave).read_bytes() == kept
    assert window.close()
    assert (tmp_path / autosave).read_bytes() == kept
    # after a restart it is offered again (the file is newer now) and can be restored
    restart(str(path))
    again = open_window(qtbot)
    seen.clear()
    answer_box(again, "Restore", seen)
    with qtbot.waitSignal(again.actions_ui.files.planOpened, timeout=30_000):
        again.actions_ui.files.open_path(str(path))
    assert len(seen) == 1 and "the file was changed after that" in seen[0]["text"]
    assert locked_ids(again) == set(ids) and again.isWindowModified()


def test_discard_deletes_the_autosave(qtbot, tmp_path):
    path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(80, territories=2, seed=4)
    store.save_plan(plan, path)
    autosave = crash(qtbot, plan, path, list(plan.customers[m.CUSTOMER_ID][:3]))
    window, seen = open_window(qtbot), []
    answer_box(window, "Discard", seen)
    with qtbot.waitSignal(window.actions_ui.files.planOpened, timeout=30_000):
        window.actions_ui.files.open_path(str(path))
    assert len(seen) == 1 and not (tmp_path / autosave).exists()
    assert store.find_recovery(path, older_too=True) is None
    assert locked_ids(window) == set() and not window.isWindowModified()


def test_a_never_saved_plans_autosave_put_off_survives_the_next_import_and_its_save(
    qtbot, tmp_path
):
    """Session 1 imports a list, works on it and crashes; session 2 starts on the sample and
    puts the question off, imports another list and saves it: session 3 is still offered
    session 1's plan."""
    first = synthetic_plan(47, territories=2, seed=9)
    ids = list(first.customers[m.CUSTOMER_ID][:2])
    crash(qtbot, first, None, ids)
    recovery = store.find_recovery(None)
    kept = recovery.read_bytes()
    window, seen = open_window(qtbot), []
    files = window.actions_ui.files
    answer_box(window, ESC, seen)
    assert not files.offer_recovery()  # as the program does once it shows
    assert len(seen) == 1 and "never saved" in seen[0]["text"]
    assert time.strftime("%Y-%m-%d %H:%M", time.localtime(recovery.stat().st_mtime)) in (
        seen[0]["text"])
    assert "Later keeps it" in seen[0]["info"] and "Discard deletes it for good" in seen[0]["info"]
    assert files.is_sample and not window.isWindowModified()
    # another list imported, worked on, autosaved and saved in this session
    files.adopt_import(synthetic_plan(30, territories=2, seed=2))
    lock_and_autosave(qtbot, window, list(window.document.plan.customers[m.CUSTOMER_ID][:1]))
    assert recovery.read_bytes() == kept
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        files.save_to(str(tmp_path / "second.gpkg"))
    assert recovery.read_bytes() == kept
    restart(None)
    third, seen = open_window(qtbot), []
    answer_box(third, "Restore", seen)
    assert third.actions_ui.files.offer_recovery()
    assert len(seen) == 1 and len(third.document.plan.customers) == 47
    assert locked_ids(third) == set(ids)
    assert third.windowTitle().startswith("Untitled plan") and third.isWindowModified()


@pytest.mark.parametrize("case", ["newer", "older", "untitled"])
def test_the_question_in_japanese(qtbot, tmp_path, case):
    """Every text of the box in Japanese; only the Discard answer speaks of deleting."""
    set_language("ja")
    path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(40, territories=2, seed=4)
    store.save_plan(plan, path)
    crash(qtbot, plan, None if case == "untitled" else path,
          list(plan.customers[m.CUSTOMER_ID][:2]))
    if case == "older":
        later = time.time() + 60
        import os

        os.utime(path, (later, later))
    window, seen = open_window(qtbot, store.load_plan(path), str(path)), []
    answer_box(window, ESC, seen)
    assert not window.actions_ui.files.offer_recovery()
    (box,) = seen
    assert set(box["buttons"]) == {"復元", "破棄", "後で"} and box["default"] == "復元"
    for text in (box["text"].replace(path.name, ""), box["info"], box["title"]):
        assert not any(ch.isascii() and ch.isalpha() for ch in text), text
    assert "「破棄」を選ぶと" in box["info"] and "完全に削除" in box["info"]
    assert "「後で」を選ぶと" in box["info"]
    message = window.statusBar().currentMessage()
    assert "残してあります" in message and "削除" not in message
    assert store.find_recovery(None if case == "untitled" else path, older_too=True) is None


def test_on_a_shared_plan_each_computer_is_offered_its_own_autosave(qtbot, tmp_path, monkeypatch):
    """Two managers on one plan of a shared folder (共有フォルダ): the one who saves no longer
    deletes the other's autosave, a running computer's autosave is not offered to the other,
    and after a crash each one's next start offers his own work."""
    from planner import owner_marker
    from planner.ui import file_recovery
    from planner.ui.shared_open import OPEN_ANYWAY

    def be(computer: str, user: str) -> None:
        monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / f"data-{computer}"))
        monkeypatch.setattr(owner_marker, "computer_name", lambda: computer)
        monkeypatch.setattr(owner_marker, "user_name", lambda: user)

    def start(offered: list | None = None):
        window = open_window(qtbot)
        window.actions_ui.files.ask_shared_open = lambda _path, _marker: OPEN_ANYWAY
        if offered is not None:  # what the recovery question would be asked about
            window.actions_ui.files.ask_restore = lambda recovery, **_kw: (
                offered.append(recovery) or file_recovery.LATER)
        return window

    def open_plan(window) -> None:
        with qtbot.waitSignal(window.actions_ui.files.planOpened, timeout=30_000):
            window.actions_ui.files.open_path(str(path))

    path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(80, territories=2, seed=4)
    store.save_plan(plan, path)
    ids = list(plan.customers[m.CUSTOMER_ID])
    be("PC-OSAKA-12", "tanaka")
    osaka = start()
    open_plan(osaka)
    tanaka = lock_and_autosave(qtbot, osaka, ids[:3])
    be("PC-KOBE-3", "suzuki")
    offered: list = []
    kobe = start(offered)
    open_plan(kobe)
    assert offered == []  # tanaka's autosave: his window runs on
    suzuki = lock_and_autosave(qtbot, kobe, ids[5:7])
    assert suzuki != tanaka
    with qtbot.waitSignal(kobe.actions_ui.files.fileSaved, timeout=30_000):
        kobe.actions_ui.files.save()
    assert not (tmp_path / suzuki).exists() and (tmp_path / tanaka).exists()
    lock_and_autosave(qtbot, kobe, ids[8:9])
    kobe.actions_ui.files.autosaver.stop()  # suzuki's program dies
    again, seen = start(), []
    answer_box(again, "Restore", seen)
    open_plan(again)
    assert len(seen) == 1 and locked_ids(again) == set(ids[5:7] + ids[8:9])
    be("PC-OSAKA-12", "tanaka")
    osaka.actions_ui.files.autosaver.stop()  # tanaka's program dies
    again, seen = start(), []
    answer_box(again, "Restore", seen)
    open_plan(again)
    assert len(seen) == 1 and "the file was changed after that" in seen[0]["text"]
    assert locked_ids(again) == set(ids[:3])
