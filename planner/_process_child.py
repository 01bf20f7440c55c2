"""The child side of running one core function in a process of its own (no Qt here).

:mod:`planner.ui.process_task` starts :func:`child_main` with ``multiprocessing``'s spawn
start and sends it the work through a pipe: a picklable callable (a top-level function, or a
``functools.partial`` of one with the plan and the options) called as
``work(progress=progress)``, in pieces (:mod:`planner._process_pieces`: a large plan's
customers in chunks). The child answers with messages on the same pipe:

* ``("progress", fraction, message)``, at most about every 50 ms (and on every new message);
* on success ``("sending",)`` as soon as the work has returned: the result is on its way, too
  late to cancel (the window says so while it arrives);
* then exactly one of ``("done", result)`` (in pieces too), ``("failed", text,
  is_user_error)`` (a :class:`~planner.errors.PlannerError`'s one sentence, or a bug's
  traceback) and ``("cancelled",)``.

Cancel is the parent's to do: it ends the process, so ``progress`` never asks to stop. The
child ends itself when the parent goes (a window killed), so no work is left running alone.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
import traceback
from multiprocessing.connection import Connection
from typing import Any

from planner._process_pieces import PieceReader, send_pieces
from planner.errors import Cancelled, PlannerError
from planner.i18n import set_language

PROGRESS_INTERVAL = 0.05  # seconds between two progress messages with the same text


def _end_with_parent() -> None:
    """Exit as soon as the process that started this one has gone (an orphan helps no one)."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # waits on the parent's sentinel: returns when it has ended
        os._exit(1)

    threading.Thread(target=watch, name="end-with-parent", daemon=True).start()


def child_main(conn: Connection, language: str) -> None:
    """Receive the work, run it in the parent's language, send progress and the outcome."""
    set_language(language)
    _end_with_parent()
    reader = PieceReader()
    try:
        while (message := reader.read(conn.recv())) is None:
            pass  # a chunk of the plan: more to come
    except (EOFError, OSError):  # the parent gave up before sending the work
        return
    work = message[1]
    last_at: list[float] = [0.0]  # when the last progress message went, and its text
    last_message: list[str | None] = [None]

    def progress(fraction: float, message: str = "") -> bool:
        now = time.monotonic()
        if (message != last_message[0] or fraction >= 1.0
                or now - last_at[0] >= PROGRESS_INTERVAL):
            last_at[0] = now
            last_message[0] = message
            conn.send(("progress", float(fraction), message))
        return True

    outcome: tuple[Any, ...]
    try:
        outcome = ("done", work(progress=progress))
    except Cancelled:
        outcome = ("cancelled",)
    except PlannerError as exc:
        outcome = ("failed", str(exc), True)
    except Exception:  # a bug: its traceback for the report
        outcome = ("failed", traceback.format_exc(), False)
    try:
        if outcome[0] == "done":
            conn.send(("sending",))
            send_pieces(conn, "done", outcome[-1])
        else:
            conn.send(outcome)
    except Exception:  # a result that cannot be pickled is a bug too
        conn.send(("failed", traceback.format_exc(), False))
    conn.close()


def stop_process(process: Any) -> None:
    """End the parent's ``process`` now if it still runs (SIGTERM, then SIGKILL) and reap it
    (a process already closed or never started is let be)."""
    with contextlib.suppress(OSError, ValueError):
        if process.is_alive():
            process.terminate()
            process.join(2.0)
            if process.is_alive():
                process.kill()
        process.join()
