"""An undo or redo that raises (a bug, or a plan holding values an edit's checks refuse)
changes nothing: the plan stays exactly as it was, the failed step leaves the history so the
stack's index matches the plan, the modified flag stays true, the error is logged and the
manager reads one sentence; the other steps still undo and redo."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest
from PySide6.QtWidgets import QMessageBox

from planner import edits as E
from planner import model as m
from planner._edit_base import Changes, Edit, applies
from planner.errors import PlannerError
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow
from tests.core.plan_snapshots import assert_same, snapshot

pytestmark = pytest.mark.usefixtures("isolated")

#: the notes a "check" refuses from now on (as a plan edited by another program might hold)
REFUSED: set[str] = set()
KEY = "probe_note"


@dataclass(frozen=True)
class SetProbeNote(Edit):
    """A tiny edit for the tests: ``plan.meta[KEY] = note``; ``bug``: its applier breaks."""

    note: str
    bug: bool = False

    def describe(self) -> str:
        return f"Note {self.note}"


@applies(SetProbeNote)
def _apply_probe_note(plan: m.Plan, edit: SetProbeNote) -> tuple[m.Plan, Edit, Changes]:
    if edit.note in REFUSED:
        if edit.bug:
            raise KeyError(edit.note)
        raise PlannerError(f"The note {edit.note} is refused.")
    meta = dict(plan.meta)
    old = str(meta.get(KEY, ""))
    meta[KEY] = edit.note
    return plan.replace(meta=meta), SetProbeNote(old, edit.bug), Changes(settings=True)


@pytest.fixture
def window(qtbot, monkeypatch):
    REFUSED.clear()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical",
                        staticmethod(lambda parent, title, text, *a, **k: said.append(text)))
    plan = synthetic_plan(30, territories=3, seed=2)
    plan = plan.replace(meta={**plan.meta, KEY: "a"})
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.said = said  # type: ignore[attr-defined]
    yield window
    REFUSED.clear()


def _steps(window: MainWindow, *, bug: bool = False) -> list[dict]:
    """Three steps (a real assignment, notes "b" then "c"); the snapshots after 0…3 steps."""
    doc = window.document
    shots = [snapshot(doc.plan)]
    ids = tuple(doc.plan.customers[m.CUSTOMER_ID].iloc[:3])
    other = doc.plan.territory_ids[-1]
    doc.push(E.AssignCustomers(ids, (other,) * len(ids)))
    shots.append(snapshot(doc.plan))
    for note in ("b", "c"):
        doc.push(SetProbeNote(note, bug))
        shots.append(snapshot(doc.plan))
    assert doc.undo_stack.index() == 3
    return shots


def _take(qtbot, window: MainWindow, key: str) -> None:
    """Undo or Redo as the manager does it (the status bar cleared first); waits for the
    failure to be told."""
    window.statusBar().clearMessage()
    # not raising: without a failure told, the checks of the plan and the history say more
    with qtbot.waitSignal(window.document.stepFailed, timeout=3000, raising=False):
        window.actions_ui.actions[key].trigger()


def test_an_undo_that_raises_keeps_the_plan_and_leaves_the_history(qtbot, window, caplog):
    doc, ui = window.document, window.actions_ui
    stack = doc.undo_stack
    shots = _steps(window)
    ui.actions["undo"].trigger()
    stack.setClean()  # saved with "b", then "c" redone: the window is modified
    ui.actions["redo"].trigger()
    assert window.isWindowModified()
    before = doc.plan
    REFUSED.add("b")  # undoing "c" gives back "b", which is now refused
    with caplog.at_level(logging.ERROR, logger="planner.ui.document"):
        _take(qtbot, window, "undo")
    assert doc.plan is before
    assert_same(snapshot(doc.plan), shots[3], "the plan after a failed undo")
    # the step is out of the history; the plan still holds "c", so it is not the one saved
    assert (stack.index(), stack.count()) == (2, 2)
    assert not stack.isClean() and window.isWindowModified() and ui.files.is_modified()
    assert window.said == ["Could not undo “Note c” (The note b is refused). "
                           "The plan has not been changed."]
    assert window.statusBar().currentMessage() == ""  # not "Undone: Note c"
    assert any(r.exc_info and "Note c" in r.getMessage() for r in caplog.records)
    assert ui.actions["undo"].isEnabled() and not ui.actions["redo"].isEnabled()
    assert ui.actions["undo"].text().replace("&", "").endswith("Note b")
    # the other steps still undo and redo; undoing "b" gives back the opened plan
    REFUSED.clear()
    ui.actions["undo"].trigger()
    ui.actions["undo"].trigger()
    assert stack.index() == 0
    assert_same(snapshot(doc.plan), shots[0], "the opened plan")
    ui.actions["redo"].trigger()
    ui.actions["redo"].trigger()
    assert_same(snapshot(doc.plan), shots[2], "redone again")
    assert window.said == ["Could not undo “Note c” (The note b is refused). "
                           "The plan has not been changed."]


def test_an_undo_that_raises_on_the_saved_plan_keeps_it_unmodified(qtbot, window):
    doc, stack = window.document, window.document.undo_stack
    _steps(window)
    stack.setClean()  # saved with all three steps: the plan shown is the file
    before = doc.plan
    REFUSED.add("b")
    _take(qtbot, window, "undo")
    assert doc.plan is before and stack.index() == 2
    assert stack.isClean() and not window.isWindowModified()


def test_a_redo_that_raises_keeps_the_plan_and_drops_the_steps_made_on_it(qtbot, window):
    doc, ui = window.document, window.actions_ui
    stack = doc.undo_stack
    shots = _steps(window)
    for _ in range(3):
        ui.actions["undo"].trigger()
    assert_same(snapshot(doc.plan), shots[0], "all undone")
    assert not window.isWindowModified()
    ui.actions["redo"].trigger()  # the assignment comes back
    before = doc.plan
    REFUSED.add("b")  # redoing "b" is now refused
    _take(qtbot, window, "redo")
    assert doc.plan is before
    assert_same(snapshot(doc.plan), shots[1], "the plan after a failed redo")
    # neither "b" nor "c" (made on top of "b") can be redone any more
    assert (stack.index(), stack.count()) == (1, 1) and not stack.canRedo()
    assert not ui.actions["redo"].isEnabled() and ui.actions["undo"].isEnabled()
    assert window.isWindowModified()
    assert window.said == ["Could not redo “Note b” (The note b is refused). "
                           "The plan has not been changed. The later step, made on top of "
                           "it, can no longer be redone either."]
    assert window.statusBar().currentMessage() == ""  # not "Redone: Note b"
    ui.actions["undo"].trigger()
    assert_same(snapshot(doc.plan), shots[0], "the opened plan")
    assert not window.isWindowModified()
    ui.actions["redo"].trigger()
    assert_same(snapshot(doc.plan), shots[1], "the assignment redone")


def test_a_bug_in_an_inverse_is_told_in_japanese_with_its_kind(qtbot, window):
    doc, stack = window.document, window.document.undo_stack
    shots = _steps(window, bug=True)
    before = doc.plan
    REFUSED.add("b")
    set_language("ja")
    _take(qtbot, window, "undo")
    assert doc.plan is before and stack.index() == 2 and window.isWindowModified()
    assert window.said == ["「Note c」を元に戻せませんでした（KeyError: 'b'）。"
                           "プランは変更していません。"]
    REFUSED.clear()
    window.actions_ui.actions["undo"].trigger()
    window.actions_ui.actions["undo"].trigger()
    assert_same(snapshot(doc.plan), shots[0], "the opened plan")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_a_failed_redo_says_how_many_later_steps_went_with_it(qtbot, window, language):
    doc, ui = window.document, window.actions_ui
    _steps(window)
    doc.push(SetProbeNote("d"))
    set_language(language)
    for _ in range(4):
        ui.actions["undo"].trigger()
    ui.actions["redo"].trigger()  # the assignment
    REFUSED.add("b")
    _take(qtbot, window, "redo")  # "b" fails; "c" and "d" were made on top of it
    assert (doc.undo_stack.index(), doc.undo_stack.count()) == (1, 1)
    assert window.said == [{
        "en": "Could not redo “Note b” (The note b is refused). The plan has not been "
              "changed. The 2 later steps, made on top of it, can no longer be redone either.",
        "ja": "「Note b」をやり直せませんでした（The note b is refused）。プランは変更して"
              "いません。その後に行った2件の操作も、やり直せなくなりました。",
    }[language]]


def test_a_failed_redo_of_the_last_step_says_nothing_of_later_steps(qtbot, window):
    doc, ui = window.document, window.actions_ui
    _steps(window)
    ui.actions["undo"].trigger()
    REFUSED.add("c")  # redoing "c", the last step, is refused
    _take(qtbot, window, "redo")
    assert doc.undo_stack.count() == 2
    assert window.said == ["Could not redo “Note c” (The note c is refused). "
                           "The plan has not been changed."]
