"""Slow work off the GUI thread: one helper that shows progress, offers Cancel and reports errors.

``run_task(parent, title, fn)`` runs ``fn(progress)`` in a worker thread. ``progress`` is
the core's callback (``progress(fraction, message) -> bool``): it returns ``False`` once
the user pressed Cancel, and the core raises :class:`Cancelled` before changing anything.
The window keeps repainting meanwhile; the result comes back on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from planner.errors import Cancelled, PlannerError
from planner.i18n import tr

log = logging.getLogger(__name__)


class _Runner(QObject):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(str, bool)  # message, is_user_error
    cancelled = Signal()

    def __init__(self, fn: Callable[[Callable[[float, str], bool]], Any]):
        super().__init__()
        self._fn = fn
        self._cancel = threading.Event()
        self._finished = False  # the work reported itself done (progress 1.0)

    def cancel(self) -> None:
        self._cancel.set()

    def _progress(self, fraction: float, message: str = "") -> bool:
        self.progressed.emit(float(fraction), message)
        if fraction >= 1.0:
            self._finished = True  # the work is done (a file in place): too late to cancel
        return not self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        try:
            result = self._fn(self._progress)
        except Cancelled:
            self.cancelled.emit()
        except PlannerError as exc:
            self.failed.emit(str(exc), True)
        except Exception:  # a bug: keep the traceback for the report
            self.failed.emit(traceback.format_exc(), False)
        else:
            if self._cancel.is_set() and not self._finished:
                self.cancelled.emit()  # a result nobody wants now (a plan read, a design)
            else:  # done, even when Cancel came as its file was put in place
                self.succeeded.emit(result)
        finally:
            # the thread ends with the work, not when the GUI thread gets to _finish: a GUI
            # thread waiting for it (Task.wait, a save waiting for the autosave) would
            # otherwise block until the wait's timeout, with the window frozen
            self.thread().quit()


class Task(QObject):
    """A running task; emits exactly one of ``finished``, ``failed`` or ``cancelled``."""

    finished = Signal(object)
    failed = Signal(str, bool)
    cancelled = Signal()
    progressed = Signal(float, str)

    def __init__(
        self,
        fn: Callable[[Callable[[float, str], bool]], Any],
        parent: QObject | None = None,
    ):
        super().__init__(parent)
        self._thread = QThread()
        self._runner = _Runner(fn)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        self._runner.progressed.connect(self.progressed)
        self._runner.succeeded.connect(self._on_runner_succeeded)
        self._runner.failed.connect(self._on_runner_failed)
        self._runner.cancelled.connect(self._on_runner_cancelled)
        self.done = False

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._runner.cancel()

    def wait(self, ms: int = 30_000) -> bool:
        return bool(self._thread.wait(ms))

    def _finish(self) -> None:
        self.done = True
        self._thread.quit()
        self._thread.wait()

    def _on_runner_succeeded(self, result: object) -> None:
        self._finish()
        self.finished.emit(result)

    def _on_runner_failed(self, message: str, user_error: bool) -> None:
        self._finish()
        self.failed.emit(message, user_error)

    def _on_runner_cancelled(self) -> None:
        self._finish()
        self.cancelled.emit()


def run_task(
    parent: QWidget | None,
    title: str,
    fn: Callable[[Callable[[float, str], bool]], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str, bool], None] | None = None,
    show_dialog: bool = True,
) -> Task:
    """Start ``fn(progress)`` in a worker thread with a progress dialog and a Cancel button."""
    task = Task(fn, parent)
    show_progress(task, parent, title, on_done=on_done, on_error=on_error,
                  show_dialog=show_dialog)
    task.start()
    return task


def show_progress(
    task: Any,
    parent: QWidget | None,
    title: str,
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str, bool], None] | None = None,
    show_dialog: bool = True,
) -> None:
    """Wire a task not yet started (:class:`Task` or a process task, the same signals) to a
    progress dialog with a Cancel button and to ``on_done``/``on_error``."""
    dialog: QProgressDialog | None = None
    if show_dialog:
        dialog = QProgressDialog(title, tr("Cancel"), 0, 1000, parent)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(300)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)  # no edits while it runs
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.canceled.connect(task.cancel)

        def on_progress(fraction: float, message: str) -> None:
            dialog.setValue(int(fraction * 1000))
            if message:
                dialog.setLabelText(message)
            if fraction >= 1.0 and dialog.findChild(QPushButton) is not None:
                # the work is done (its result on its way): Cancel would throw it away, and
                # neither kind of task does that any more
                dialog.setCancelButton(None)  # type: ignore[arg-type]

        task.progressed.connect(on_progress)

        def close_dialog(*_args: object) -> None:
            dialog.reset()
            dialog.close()
            dialog.deleteLater()

        task.finished.connect(close_dialog)
        task.failed.connect(close_dialog)
        task.cancelled.connect(close_dialog)
    def log_failure(message: str, user_error: bool) -> None:
        # a user's mistake in a line, a bug with its traceback (already in ``message``)
        if user_error:
            log.warning("%s failed: %s", title, message.strip())
        else:
            log.error("%s failed:\n%s", title, message.rstrip())

    task.failed.connect(log_failure)
    if on_done is not None:
        task.finished.connect(on_done)
    if on_error is not None:
        task.failed.connect(on_error)
