"""Slow work in a process of its own, for work that holds Python's GIL (OR-Tools' solvers).

A worker thread (:mod:`planner.ui.workers`) keeps the window painting only while the work
lets go of the GIL now and then; OR-Tools' min-cost flow holds it for seconds on a large
design, and the window froze with it. :class:`ProcessTask` has the thread task's signals
(``finished``/``failed``/``cancelled``/``progressed``) but runs a picklable callable in a
``spawn``-started child (:mod:`planner._process_child`, no Qt there). A helper thread only
sends the work (pickling the plan, its large frames in short chunks:
:mod:`planner._process_pieces`) and reads the pipe; a timer hands what it read to the GUI
thread. Cancel ends the child at once; a child that dies (killed, out of memory) is one
sentence; quitting the program or closing the task's parent ends a child still running.
Once the child has said its work returned (``("sending",)``) the result is on its way: the
progress says so (``receiving_text``) and Cancel no longer throws the finished work away.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from planner._process_child import child_main, stop_process
from planner._process_pieces import PieceReader, send_pieces
from planner.i18n import language, tr
from planner.ui.workers import show_progress

POLL_MS = 25  # how often the GUI thread looks at what the child sent
_running: set[Any] = set()  # the children alive: ended when the application quits
_quit_hooked = False


def _stop(process: Any) -> None:
    """End ``process`` now (SIGTERM, then SIGKILL), reap it and forget it."""
    stop_process(process)
    _running.discard(process)


def _stop_each(processes: Any) -> None:
    for process in list(processes):
        _stop(process)


def _stop_all() -> None:
    _stop_each(_running)


def _talk(conn: Connection, work: Any, inbox: queue.Queue[tuple[Any, ...]],
          receive: Callable[[Any], Any] | None = None) -> None:
    """The helper thread: send the work, then pass on every message until the pipe closes
    (the result through ``receive`` first, here rather than on the GUI thread)."""
    import traceback

    reader = PieceReader()
    try:
        try:
            send_pieces(conn, "work", work)
        except (BrokenPipeError, EOFError, ConnectionError):
            inbox.put(("eof",))  # the child has gone (ended, or never got going)
            return
        except Exception:  # the work cannot be pickled: a bug
            inbox.put(("failed", traceback.format_exc(), False))
            return
        while True:
            try:
                message = reader.read(conn.recv())
            except (EOFError, OSError):
                inbox.put(("eof",))
                return
            if message is None:
                continue  # a chunk of the result: more to come
            if message[0] == "done" and receive is not None:
                try:
                    message = ("done", receive(message[1]))
                except Exception:  # a bug
                    message = ("failed", traceback.format_exc(), False)
            inbox.put(message)
            if message[0] not in ("progress", "sending"):
                return
    finally:
        conn.close()


class ProcessTask(QObject):
    """A running child process; emits exactly one of ``finished``, ``failed`` or ``cancelled``.

    ``work`` is called in the child as ``work(progress=progress)``: a top-level function of
    the core or a ``functools.partial`` of one, picklable with its arguments. ``receive``
    turns what it returned into the result ``finished`` carries (in the helper thread): a
    result sent in a lighter form is rebuilt there. ``receiving_text`` is the progress
    message while the result arrives.
    """

    finished = Signal(object)
    failed = Signal(str, bool)  # message, is_user_error
    cancelled = Signal()
    progressed = Signal(float, str)

    def __init__(self, work: Callable[..., Any], parent: QObject | None = None, *,
                 receive: Callable[[Any], Any] | None = None, receiving_text: str = ""):
        super().__init__(parent)
        self._work = work
        self._receive = receive
        self._receiving_text = receiving_text or tr("Receiving the result…")
        #: the child's work has returned and its result is on its way: Cancel keeps it
        self.receiving = False
        self._process: Any = None
        self._started: list[Any] = []  # the child, for the parent's end (a list: set later)
        self._inbox: queue.Queue[tuple[Any, ...]] = queue.Queue()
        self._ended = False  # the pipe closed: the child is gone or going
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.done = False
        if parent is not None:  # a dialog closed and deleted: its child goes with it (not a
            # slot of ours: this object is being deleted with its parent)
            parent.destroyed.connect(lambda *_args, started=self._started: _stop_each(started))

    @property
    def pid(self) -> int | None:
        """The child's process id (``None`` before :meth:`start`)."""
        return None if self._process is None else self._process.pid

    def start(self) -> None:
        global _quit_hooked
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self._process = context.Process(target=child_main, args=(theirs, language()),
                                        name="planner-task", daemon=True)
        self._process.start()
        self._started.append(self._process)
        theirs.close()  # only the child's copy stays open: its end is our end of file
        _running.add(self._process)
        app = QCoreApplication.instance()
        if app is not None and not _quit_hooked:
            app.aboutToQuit.connect(_stop_all)
            _quit_hooked = True
        threading.Thread(target=_talk, args=(ours, self._work, self._inbox, self._receive),
                         name="process-task-pipe", daemon=True).start()
        self._work = None  # the child has its own copy; ours (a plan) need not stay alive
        self._timer.start()
        # the child's interpreter starts and the plan goes over: the work's own first
        # message follows
        self.progressed.emit(0.0, tr("Starting…"))

    def cancel(self, discard: bool = False) -> None:
        """End the child now; ``cancelled`` follows at once (nothing it did is kept). Once
        the finished work's result is on its way (:attr:`receiving`) it does nothing, and the
        result follows, unless ``discard`` (its window is closing: nowhere to show it)."""
        if self.done or self._process is None or (self.receiving and not discard):
            return
        self._finish()
        self.cancelled.emit()

    def wait(self, ms: int = 30_000) -> bool:
        """Wait up to ``ms`` for the child to end (True when it has)."""
        if self._process is None:
            return True
        self._process.join(ms / 1000)
        return not self._process.is_alive()

    def _stop_child(self) -> None:
        if self._process is not None:
            _stop(self._process)

    def _finish(self) -> None:
        self.done = True
        self._timer.stop()
        self._stop_child()

    def _on_timer_timeout(self) -> None:
        """Hand on what the child sent; a pipe closed with no outcome is a crash."""
        if self.done:
            return
        while True:
            try:
                message = self._inbox.get_nowait()
            except queue.Empty:
                break
            kind = message[0]
            if kind == "progress":
                self.progressed.emit(message[1], message[2])
            elif kind == "sending":
                self.receiving = True
                self.progressed.emit(1.0, self._receiving_text)
            elif kind == "eof":
                self._ended = True
            else:
                self._finish()
                if kind == "done":
                    self.finished.emit(message[1])
                elif kind == "failed":
                    self.failed.emit(message[1], message[2])
                else:
                    self.cancelled.emit()
                return
        if self._ended and not self._process.is_alive():
            code = self._process.exitcode
            self._finish()
            self.failed.emit(
                tr("The work stopped unexpectedly, perhaps for want of memory (its process "
                   "ended with code {code}); nothing has been changed.", code=code), True)


def run_process_task(
    parent: QWidget | None,
    title: str,
    work: Callable[..., Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[str, bool], None] | None = None,
    show_dialog: bool = True,
    receive: Callable[[Any], Any] | None = None,
    receiving_text: str = "",
) -> ProcessTask:
    """Start ``work(progress=…)`` in a child process with a progress dialog and Cancel
    (``receive``, ``receiving_text``: :class:`ProcessTask`)."""
    task = ProcessTask(work, parent, receive=receive, receiving_text=receiving_text)
    show_progress(task, parent, title, on_done=on_done, on_error=on_error,
                  show_dialog=show_dialog)
    task.start()
    return task
