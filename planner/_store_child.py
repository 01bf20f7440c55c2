"""Writing and reading a big plan file in a process of its own, so the window keeps painting.

GDAL's GeoPackage writer and reader, called through pyogrio, hold Python's GIL for the whole
of a layer: the 100,000 customers' layer took 1–2 s to write and 0.9–1.6 s to read, and a
window saving, autosaving or opening in a worker thread could not repaint meanwhile (Windows
titles it 「応答なし」). pyogrio's Arrow path reads without holding it but still writes holding
it (``write_arrow`` 0.9–1.0 s in one piece), and writing in appended pieces was slower still;
measured in ``benchmarks/bench_save.py``.

So the worker thread hands the work to a ``spawn``-started child (:mod:`planner._process_child`,
the plan in short pickled chunks: :mod:`planner._process_pieces`) and only waits on the pipe,
which lets go of the GIL. The atomic save stays the store's: the child writes the temporary
file :func:`planner.store.save_plan` named, and the worker syncs it and renames it over the
plan; a Cancel (the ``progress`` callback answering ``False``) or a failure ends the child and
the temporary file goes, so the plan file is never touched. Small plans are written and read
in the thread: a child costs about a second to start, more than their whole save.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
from pathlib import Path
from typing import Any

from planner import model as m
from planner._process_child import child_main
from planner._process_child import stop_process as _stop
from planner._process_pieces import PieceReader, send_pieces
from planner.errors import Cancelled, PlannerError
from planner.i18n import language, tr
from planner.progress import Progress

#: customers from which a plan is written in a child (10,000 hold the GIL about 0.1–0.2 s)
CHILD_FROM = 20_000
#: the same for the autosave, which nobody waits for: its start costs nothing seen, and a
#: 10,000-customer autosave held the window 0.1–0.3 s every few minutes
AUTOSAVE_FROM = 5_000
#: plan file size (bytes) from which it is read in a child (20,000 customers: about 8 MB)
READ_APART_FROM = 8_000_000
POLL_S = 0.05  # how often the waiting thread asks whether the user pressed Cancel


def worth_a_child(plan: m.Plan, *, autosave: bool = False) -> bool:
    """Whether ``plan`` is big enough for its file (its autosave) to be written in a child
    process."""
    return len(plan.customers) >= (AUTOSAVE_FROM if autosave else CHILD_FROM)


def worth_reading_apart(path: Path) -> bool:
    """Whether the plan file ``path`` is big enough to be read in a child process."""
    try:
        return os.path.getsize(path) >= READ_APART_FROM
    except OSError:
        return False


def write_in_child(plan: m.Plan, path: Path, progress: Progress | None) -> None:
    """Write every layer of ``plan`` into the new temporary file ``path`` in a child process
    (:func:`planner.store.write_temporary` there); raises what the writing raised there."""
    _raise_if_error(run_in_child(functools.partial(_write_caught, plan, str(path)), progress))


def load_in_child(path: Path, progress: Progress | None = None) -> m.Plan:
    """:func:`planner.store.load_plan` of ``path``, read in a child process."""
    result = run_in_child(functools.partial(_load_caught, str(path)), progress)
    _raise_if_error(result)
    if not isinstance(result, m.Plan):
        raise TypeError(f"the child read {type(result).__name__}, not a plan")
    return result


def _write_caught(plan: m.Plan, path: str, *, progress: Progress) -> BaseException | None:
    """In the child: write the temporary file; an error is handed back as it is (its type
    tells the store a full disk or a locked folder), not as its words."""
    from planner import store

    try:
        store.write_temporary(plan, Path(path), progress)
    except Exception as exc:
        return _portable(exc)
    return None


def _load_caught(path: str, *, progress: Progress) -> m.Plan | BaseException:
    """In the child: read the plan file; an error is handed back as it is."""
    from planner import store

    try:
        return store.load_plan(path)
    except Exception as exc:
        return _portable(exc)


def _portable(exc: Exception) -> BaseException:
    """``exc`` if it survives the pipe (pickled and read back), else a plain error with its
    words."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def _raise_if_error(result: Any) -> None:
    if isinstance(result, BaseException):
        raise result


def run_in_child(work: Any, progress: Progress | None) -> Any:
    """Run ``work(progress=…)`` in a ``spawn``-started child and return what it returned,
    passing its progress on; the child is ended when ``progress`` answers ``False``
    (:class:`Cancelled` is raised) and whatever happens, before this returns."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=child_main, args=(theirs, language()),
                              name="planner-file", daemon=True)
    process.start()
    theirs.close()  # only the child's copy stays open: its end is our end of file
    last: tuple[float, str] = (0.0, "")
    try:
        send_pieces(ours, "work", work)
        reader = PieceReader()
        while True:
            if not ours.poll(POLL_S):
                if progress is not None and progress(*last) is False:
                    raise Cancelled()
                continue
            message = reader.read(ours.recv())
            if message is None or message[0] == "sending":
                continue  # a chunk of the result, or its announcement: more to come
            kind = message[0]
            if kind == "progress":
                last = (float(message[1]), str(message[2]))
                if progress is not None and progress(*last) is False:
                    raise Cancelled()
            elif kind == "done":
                return message[1]
            elif kind == "failed":
                if message[2]:
                    raise PlannerError(str(message[1]))
                raise RuntimeError(f"the file's process failed:\n{message[1]}")
            else:
                raise Cancelled()
    except (EOFError, BrokenPipeError, ConnectionError) as exc:
        process.join(1.0)
        raise PlannerError(tr(
            "The work stopped unexpectedly, perhaps for want of memory (its process ended "
            "with code {code}); nothing has been changed.", code=process.exitcode)) from exc
    finally:
        ours.close()
        _stop(process)
