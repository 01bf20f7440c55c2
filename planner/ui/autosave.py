"""Autosave: every few minutes an unsaved plan is written to its recovery file, off the GUI thread.

The plan is an immutable value, so the worker thread saves the very plan the timer
saw while the user keeps editing. A save, discarding the changes, or undoing back to the
saved plan deletes the recovery file; after a crash, ``app.py`` offers to restore it
(``store.find_recovery``). Each window writes into its own slot of the plan
(``store.claim_recovery``), so two windows on one plan never overwrite or delete each other's;
the file's name has the user and computer in it, so neither do two computers on a plan of a
shared folder.
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
        #: the plan and slot of the autosave file this window holds (``store.claim_recovery``)
        self._slot: tuple[str | None, int] | None = None
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
        plan, (path, slot) = self._doc.plan, self._claim()
        self._dirty = False
        # a big plan's file is written in a child process: GDAL holds the GIL while it writes
        task = Task(lambda progress: str(store.save_recovery(plan, path, slot, in_child=True,
                                                            progress=progress)), self)
        task.finished.connect(self._on_task_finished)
        task.failed.connect(self._on_task_failed)
        task.cancelled.connect(self._on_task_cancelled)
        self._task = task
        task.start()
        return True

    def _claim(self) -> tuple[str | None, int]:
        """This window's autosave slot of the open plan (another window's keeps its own)."""
        path = self.plan_path()
        if self._slot is None or self._slot[0] != path:
            self._release()
            self._slot = (path, store.claim_recovery(path))
        return self._slot

    def _release(self) -> None:
        if self._slot is not None:
            store.release_recovery(*self._slot)
            self._slot = None

    def targets(
        self, *, also: str | None = None
    ) -> tuple[list[str | None], tuple[str | None, int] | None]:
        """What :meth:`discard` deletes: the plan files whose autosaves go (the open one,
        ``also``, and the one this window's slot is of) and that slot."""
        plans: list[str | None] = [self.plan_path()]
        for other in (also or None, None if self._slot is None else self._slot[0]):
            if other not in plans:
                plans.append(other)
        return plans, self._slot

    def discard(self, *, also: str | None = None) -> list[Path]:
        """Delete this window's autosave of the plan, and those no running window holds (after
        a save, or when the user discards the changes); ``also``: of that plan file too (the
        name before a Save As). The files deleted. An autosave still writing is called off
        first: its file would go at once (closing a big plan without saving waited seconds)."""
        self._call_off()
        gone = discard_autosaves(*self.targets(also=also))
        self._dirty = self._unsaved()
        return gone

    def wait(self) -> None:
        if self._task is not None and not self._task.done:
            self._task.wait()

    def pause(self) -> None:
        """No autosave while the plan itself is saved (it would take room, and its file may go):
        one still writing is called off, its previous file kept (a big plan's ends at once; the
        window waited, frozen, until it had written: seconds at 100,000 customers)."""
        self.timer.stop()
        self._call_off()

    def _call_off(self) -> None:
        """End an autosave still writing (its previous file kept) and wait until it has."""
        if self._task is not None and not self._task.done:
            self._task.cancel()
        self.wait()

    def resume(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        """No more autosaves (the window closes): an autosave left is offered on the next start."""
        self.timer.stop()
        self.wait()
        self._release()

    def _on_task_finished(self, path: object) -> None:
        self.last_path = str(path)
        self.saved.emit(str(Path(str(path))))

    def _on_task_cancelled(self) -> None:
        self._dirty = True  # called off for a save: written again if that save fails

    def _on_task_failed(self, message: str, _user_error: bool) -> None:
        self._dirty = True
        log.warning("autosave failed: %s", message)
        self.failed.emit(message)


def discard_autosaves(plans: list[str | None], slot: tuple[str | None, int] | None) -> list[Path]:
    """Delete the autosaves of ``plans`` no other running window holds (``slot``: the asking
    window's own); the files deleted. Safe in a worker thread."""
    gone: list[Path] = []
    for plan_path in plans:
        mine = slot[1] if slot is not None and slot[0] == plan_path else None
        try:
            gone += store.discard_recovery(plan_path, mine=mine)
        except OSError as exc:  # a leftover file is harmless; never block a save on it
            log.warning("could not delete the recovery file: %s", exc)
    return gone
