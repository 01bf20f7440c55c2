"""The plan file's neighbours on disk: what other programs (QGIS, a database viewer, a
crashed save) leave beside it, and the temporaries of an atomic save."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import sqlite3
import time
from pathlib import Path

from planner.errors import PlannerError
from planner.i18n import tr

SIDECARS = ("-journal", "-wal", "-shm")
_STALE_SECONDS = 6 * 3600  # a save never takes this long: older temporaries are leftovers


def settle_leftovers(path: Path) -> tuple[bool, bool]:
    """Let SQLite settle what another program left beside the plan file: a crashed write's
    hot ``-journal`` is rolled back, committed ``-wal`` changes are written into the file, as
    any SQLite reader would. Returns (another program holds the file right now, the file is
    in WAL mode)."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=0.5)
        try:
            wal = str(db.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # nothing in rollback mode
            db.execute("BEGIN IMMEDIATE")  # another program writing: busy
            db.execute("ROLLBACK")
        finally:
            db.close()
    except sqlite3.OperationalError as exc:
        text = str(exc).lower()
        return "locked" in text or "busy" in text, False
    except sqlite3.DatabaseError:  # not a database any more: nothing to settle
        return False, False
    return False, wal


def check_not_open_elsewhere(target: Path) -> None:
    """Refuse to replace a plan file another program (QGIS, a database viewer) has open for
    writing: SQLite keeps its changes beside the file (``-wal``, a hot ``-journal``) and would
    later write them into the new file, breaking it. Changes left by a program that has
    closed (or crashed) are settled into the old file first (:func:`settle_leftovers`)."""
    wal, journal = Path(f"{target}-wal"), Path(f"{target}-journal")
    # os.path.exists: a name at the limit has no room for a sidecar (no error, none there)
    if not (os.path.exists(wal) or os.path.exists(journal)):
        return
    held, wal_mode = settle_leftovers(target)
    if held:
        raise open_elsewhere(target)
    # still there: another program holds the file open (a -wal beside a file not in WAL
    # mode is no other program's open file)
    if (wal_mode and os.path.exists(wal)) or hot_journal(journal):
        raise open_elsewhere(target)


def open_elsewhere(target: Path) -> PlannerError:
    return PlannerError(tr(
        "{name} cannot be saved: another program (QGIS, a database viewer …) has it open and "
        "is changing it. Close the file there, then save again.", name=target.name))


def hot_journal(journal: Path) -> bool:
    """Whether a rollback journal holds a write not finished (a left-over empty or zeroed one,
    as SQLite's PERSIST and TRUNCATE modes keep, does not)."""
    try:
        with open(journal, "rb") as fh:
            return fh.read(8) == b"\xd9\xd5\x05\xf9\x20\xa1\x63\xd7"
    except OSError:
        return False


def file_stamp(path: str | os.PathLike[str]) -> tuple[int, int, int] | None:
    """What tells whether a plan file was written since it was last seen: its size, time and
    file number (an atomic save puts a new file in its place); ``None`` when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


def remove_quietly(path: Path) -> None:
    for suffix in ("", *SIDECARS):
        with contextlib.suppress(OSError):
            os.remove(f"{path}{suffix}")


#: How every temporary file this program writes beside another begins: hidden, recognisable,
#: and short, for a name near the file system's limit (255 bytes, 85 kanji) leaves no room to
#: add the whole name to (``.<name>.…`` could never be created, so the file never saved).
TEMP_PREFIX = ".tp-"


def saving_prefix(stem: str) -> str:
    """The start of a save's temporary name for the plan ``stem``: :data:`TEMP_PREFIX`, a short
    hash of the name (each plan's leftovers are told apart), computer and process."""
    import hashlib

    key = hashlib.sha1(stem.encode("utf-8", "surrogatepass")).hexdigest()[:6]
    return f"{TEMP_PREFIX}{key}.{owner()}-"


def temporary_prefix() -> str:
    """The start of the name of a temporary file an export writes beside its target:
    :data:`TEMP_PREFIX`, computer and process (``.tp-1a2b3c4d.4711-``), so a leftover of a
    killed export is recognised and removed by the next write into the folder
    (:func:`remove_dead_temporaries`); the target's name is not in it (no room near the
    limit)."""
    return f"{TEMP_PREFIX}{owner()}-"


#: The temporary files of an export (``….tmp.xlsx``), of a folder check and of a report,
#: named by :func:`temporary_prefix` (a save's have a name of their own: :func:`saving_prefix`).
_EXPORT_TEMPORARY = re.compile(r"\.tp-([0-9a-f]{8})\.(\d+)-[^.]+\.(?:tmp(?:\.[^.]+)?|check|json)")


def remove_dead_temporaries(folder: Path) -> None:
    """Delete the temporary files an export of this computer left in ``folder`` when its
    process was killed (a power cut, ``kill -9``); another process's that still runs, or
    another computer's on a shared folder, are left alone."""
    host = owner().split(".")[0]
    with contextlib.suppress(OSError):
        for leftover in folder.glob(f"{TEMP_PREFIX}*"):
            made_by = _EXPORT_TEMPORARY.fullmatch(leftover.name)
            if made_by is None or made_by.group(1) != host:
                continue
            with contextlib.suppress(OSError, OverflowError, ValueError):
                if not alive(int(made_by.group(2))):
                    leftover.unlink()


def remove_stale_temporaries(folder: Path, stem: str) -> None:
    """Delete temporary files an interrupted save (power cut, killed program) left behind:
    those of a process that is gone, and any older than a few hours (named as now, and as
    versions before short names did: ``.<stem>.<computer>.<pid>-….saving.gpkg``)."""
    limit = time.time() - _STALE_SECONDS
    short = saving_prefix(stem).split(".")[1]  # "tp-<hash>"
    patterns = (
        (re.compile(rf"\.{re.escape(short)}\.([0-9a-f]{{8}})\.(\d+)-[^.]*\.saving\.gpkg"),
         f".{short}.*.saving.gpkg*"),
        (re.compile(rf"\.{re.escape(stem)}\.([0-9a-f]{{8}})\.(\d+)-[^.]*\.saving\.gpkg"),
         f".{glob.escape(stem)}.*.saving.gpkg*"),
    )
    host = owner().split(".")[0]
    for ours, pattern in patterns:
        for leftover in folder.glob(pattern):
            saved_by = ours.match(leftover.name)
            with contextlib.suppress(OSError, OverflowError, ValueError):
                # a save of this computer whose process is gone (another computer's, on a
                # shared folder, may still be running: only its age tells)
                gone = saved_by is not None and saved_by.group(1) == host and not alive(
                    int(saved_by.group(2)))
                if gone or leftover.stat().st_mtime < limit:
                    leftover.unlink()


def owner() -> str:
    """``<computer>.<process id>`` of a temporary file's name (the computer as a short hash)."""
    import hashlib
    import socket

    computer = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]
    return f"{computer}.{os.getpid()}"


def alive(pid: int) -> bool:
    """Whether process ``pid`` of this computer runs (where that cannot be asked safely:
    assume it does)."""
    if os.name != "posix":
        return True
    if pid == os.getpid():
        return True  # another save of ours, running now (a failed one removed its own)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError):
        return True  # another user's process, or no process number at all
    return True


def fsync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); a no-op where folders cannot be opened."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
