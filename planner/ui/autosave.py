"""Autosave: every few minutes an unsaved plan is written to its recovery file, off the GUI thread.

The plan is an immutable value, so the worker thread saves the very plan the timer
saw while the user keeps editing. A save (or discarding the changes) deletes the
recovery file; after a crash, ``app.py`` offers to restore it (``store.find_recovery``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from planner import store
from planner.ui.document import PlanDocument
from planner.ui.workers import Task

log = logging.getLogger(__name__)


class Autosaver(QObject):
    """Writes ``store.save_recovery`` every ``interval_ms`` while the document has unsaved changes."""

    saved = Signal(str)  # recovery file written
    failed = Signal(str)

    def __init__(self, document: PlanDocument, interval_ms: int, parent: QObject | None = None,
                 *, saved_nowhere: Callable[[], bool] = lambda: False):
        super().__init__(parent)
        self._doc = document
        #: whether the plan itself is saved nowhere yet (imported, or restored from an
        #: autosave), whatever its undo steps
        self._saved_nowhere = saved_nowhere
        self._dirty = False
        self._task: Task | None = None
        self.last_path = ""
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.save_now)
        self.set_interval(interval_ms)
        document.planChanged.connect(self._on_document_planChanged)
        document.undo_stack.cleanChanged.connect(self._on_stack_cleanChanged)

    def set_interval(self, interval_ms: int) -> None:
        self.timer.start(max(50, int(interval_ms)))

    def plan_path(self) -> str | None:
        return self._doc.path or None

    def _on_document_planChanged(self, _changes: object) -> None:
        self._dirty = True

    def _unsaved(self) -> bool:
        return self._saved_nowhere() or not self._doc.undo_stack.isClean()

    def _on_stack_cleanChanged(self, clean: bool) -> None:
        if not clean or self._saved_nowhere():
            self._dirty = True  # a restored plan's autosave may hold the edit just undone
            return
        self._dirty = False
        stack = self._doc.undo_stack
        # undone (or redone) back to the saved plan: an autosave would bring the undone edits
        # back after a crash. (No steps: the stack was cleared to open a plan, whose autosave
        # is still to be offered; or Qt is deleting it as the window closes.)
        if shiboken6.isValid(stack) and stack.count():
            self.discard()

    def save_now(self) -> bool:
        """Start an autosave if there is something to save; True if one started."""
        if not self._dirty or (self._task is not None and not self._task.done):
            return False
        if not self._unsaved():  # opened, saved, or undone back: nothing to keep
            self._dirty = False
            return False
        plan, path = self._doc.plan, self.plan_path()
        self._dirty = False
        task = Task(lambda _progress: str(store.save_recovery(plan, path)), self)
        task.finished.connect(self._on_task_finished)
        task.failed.connect(self._on_task_failed)
        self._task = task
        task.start()
        return True

    def discard(self) -> None:
        """Delete the recovery file (after a save, or when the user discards the changes)."""
        self.wait()
        try:
            store.discard_recovery(self.plan_path())
        except OSError as exc:  # a leftover file is harmless; never block a save on it
            log.warning("could not delete the recovery file: %s", exc)
        self._dirty = self._unsaved()

    def wait(self) -> None:
        if self._task is not None and not self._task.done:
            self._task.wait()

    def pause(self) -> None:
        """No autosave while the plan itself is saved (it would take room, and its file may go)."""
        self.timer.stop()
        self.wait()

    def resume(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.wait()

    def _on_task_finished(self, path: object) -> None:
        self.last_path = str(path)
        self.saved.emit(str(Path(str(path))))

    def _on_task_failed(self, message: str, _user_error: bool) -> None:
        self._dirty = True
        log.warning("autosave failed: %s", message)
        self.failed.emit(message)
