"""A plan that cannot be saved (a read-only folder, a file open in another program, a full
disk): the box saying so offers Save As…, and closing the window goes on after that save."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from planner import model as m
from planner import store
from planner.errors import PlannerError
from planner.synthetic import synthetic_plan
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


def answer_failure(seen: list[dict], answer: str) -> None:
    """Click ``answer`` in the next message box, noting what it said."""

    def go() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, go)
            return
        seen.append({"text": box.text(), "info": box.informativeText(),
                     "buttons": [b.text() for b in box.buttons()]})
        button = next((b for b in box.buttons() if b.text() == answer), None)
        if button is None:  # no such answer: closed, so that the test fails, not waits
            box.close()
        else:
            button.click()

    QTimer.singleShot(0, go)


def test_closing_a_plan_its_folder_refuses_offers_save_as_and_then_closes(
    qtbot, tmp_path, monkeypatch
):
    plan = synthetic_plan(60, territories=2, seed=3)
    locked_away = tmp_path / "shared" / "plan.gpkg"
    locked_away.parent.mkdir()
    store.save_plan(plan, locked_away)
    window = MainWindow(store.load_plan(locked_away), str(locked_away))
    qtbot.addWidget(window)
    window.show()
    files = window.actions_ui.files
    window.document.set_selection(list(plan.customers[m.CUSTOMER_ID][:2]))
    window.actions_ui.customer_panel.lock_selection(True)
    real_save = store.save_plan

    def refusing(plan_, target, **options):  # the folder is read-only
        if str(target).startswith(str(locked_away.parent)):
            raise PlannerError("plan.gpkg cannot be saved: the folder is read-only or the "
                               "file is open in another program.")
        return real_save(plan_, target, **options)

    monkeypatch.setattr(store, "save_plan", refusing)
    elsewhere = tmp_path / "mine" / "plan.gpkg"
    elsewhere.parent.mkdir()
    files.ask_save_changes = lambda: "save"
    files.ask_save_path = lambda *_args: str(elsewhere)
    seen: list[dict] = []
    answer_failure(seen, "Save As…")
    window.close()  # asks to save (Save), the save fails, the box offers Save As…
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    files.ask_save_changes = lambda: "discard"  # a test that fails leaves no box behind
    assert seen == [{"text": "plan.gpkg cannot be saved: the folder is read-only or the file "
                             "is open in another program.",
                     "info": "Your changes are still here (and in the autosave). Save the "
                             "plan under another name or in another folder?",
                     "buttons": ["Save As…", "Close"]}]
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=30_000)
    saved = store.load_plan(elsewhere).customers
    assert saved[m.LOCKED].astype(bool).sum() == 2  # the work, where the manager chose


def test_closing_the_box_keeps_the_window_and_its_changes(qtbot, tmp_path, monkeypatch):
    plan = synthetic_plan(60, territories=2, seed=3)
    path = tmp_path / "plan.gpkg"
    store.save_plan(plan, path)
    window = MainWindow(store.load_plan(path), str(path))
    qtbot.addWidget(window)
    window.show()
    files = window.actions_ui.files
    window.document.set_selection(list(plan.customers[m.CUSTOMER_ID][:2]))
    window.actions_ui.customer_panel.lock_selection(True)

    def refusing(*_args, **_options):
        raise PlannerError("plan.gpkg cannot be saved.")

    monkeypatch.setattr(store, "save_plan", refusing)
    files.ask_save_path = lambda *_args: pytest.fail("Save As asked for without the answer")
    seen: list[dict] = []
    answer_failure(seen, "Close")
    files.save()
    qtbot.waitUntil(lambda: bool(seen) and files.task.done, timeout=30_000)
    assert window.isVisible() and window.isWindowModified()
    files.ask_save_changes = lambda: "discard"
