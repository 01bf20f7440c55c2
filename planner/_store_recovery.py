"""Autosave and recovery of a plan: where the autosave goes, writing it, finding it again.

The autosave is ``<name>.recovery.gpkg`` beside the plan (or in the per-user data folder for
an unsaved plan or a read-only folder), written atomically by :func:`planner.store.save_plan`;
on start the window offers the newest autosave that is newer than the plan file.

Each window's autosaver holds a *slot* of the plan while it runs: slot 1 is the name above, a
second window on the same plan autosaves into ``<name>.recovery-2.gpkg`` and so on, so that
neither overwrites nor deletes the other's. A slot is claimed by a small file in the data
folder naming the process (kept open, which tells a live owner on Windows); the autosave of a
slot no live autosaver holds (its program crashed) is offered on the next start.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import itertools
import os
import re
from pathlib import Path
from typing import IO

from planner import model as m
from planner.errors import Cancelled, PlannerError

PathLike = str | os.PathLike[str]
_RECOVERY_SUFFIX = ".recovery.gpkg"
#: an autosave's name: ``<plan>.recovery.gpkg``, or ``<plan>.recovery-2.gpkg`` … for a second
#: window on the same plan
_RECOVERY_NAME = re.compile(r".*\.recovery(-\d+)?\.gpkg", re.IGNORECASE)
#: the slots this process's autosavers hold: claim key → the claim file, kept open
_HELD: dict[str, IO[str] | None] = {}


def data_dir() -> Path:
    """The program's per-user data folder (``PLANNER_DATA_DIR`` overrides it)."""
    override = os.environ.get("PLANNER_DATA_DIR", "")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("TerritoryPlanner", appauthor=False))


def _suffix(slot: int) -> str:
    return _RECOVERY_SUFFIX if slot == 1 else f".recovery-{slot}.gpkg"


def recovery_path_for(plan_path: PathLike | None, slot: int = 1) -> Path:
    """Where the autosave of a plan goes: ``<name>.recovery.gpkg`` beside it, or the data folder
    (``slot`` 2 and on: ``<name>.recovery-2.gpkg`` …, another window's)."""
    if plan_path is None:
        return data_dir() / f"unsaved{_suffix(slot)}"
    plan = Path(plan_path)
    return plan.with_name(f"{plan.stem}{_suffix(slot)}")


def is_recovery_name(path: PathLike) -> bool:
    """Whether ``path`` is named as an autosave is: the program deletes such files once the plan
    is saved, so a plan must never be saved under such a name."""
    return _RECOVERY_NAME.fullmatch(Path(path).name) is not None


def _fallback_recovery_path(plan_path: PathLike, slot: int = 1) -> Path:
    """Autosave place in the data folder for a plan whose own folder is not writable."""
    key = hashlib.sha1(str(Path(plan_path).resolve()).encode("utf-8")).hexdigest()[:10]
    stem = Path(plan_path).stem
    while len(f"{stem}-{key}{_suffix(slot)}".encode("utf-8", "surrogatepass")) > 255:
        stem = stem[:-1]  # a name near the limit: the key tells the plan, the start is enough
    return data_dir() / f"{stem}-{key}{_suffix(slot)}"


def _slot_paths(plan_path: PathLike | None, slot: int) -> list[Path]:
    paths = [recovery_path_for(plan_path, slot)]
    if plan_path is not None:
        paths.append(_fallback_recovery_path(plan_path, slot))
    return paths


def _slots_on_disk(plan_path: PathLike | None) -> set[int]:
    """The slots of the plan that have an autosave file (slot 1 always counted)."""
    slots = {1}
    for first in _slot_paths(plan_path, 1):
        stem = first.name[: -len(_RECOVERY_SUFFIX)]
        pattern = re.compile(re.escape(stem) + r"\.recovery-(\d+)\.gpkg")
        with contextlib.suppress(OSError):
            for entry in os.scandir(first.parent):
                found = pattern.fullmatch(entry.name)
                if found:
                    slots.add(int(found.group(1)))
    return slots


def _recovery_candidates(plan_path: PathLike | None, *, mine: int | None = None) -> list[Path]:
    """The autosave files of the plan no other live autosaver holds (``mine``: this window's
    slot, held by itself)."""
    return [path for slot in sorted(_slots_on_disk(plan_path))
            if slot == mine or not _slot_live(plan_path, slot)
            for path in _slot_paths(plan_path, slot)]


# --- slots: one autosave file per window ------------------------------------------------------
def _claim_file(plan_path: PathLike | None, slot: int) -> Path:
    plan = "" if plan_path is None else str(Path(plan_path).resolve())
    key = hashlib.sha1(f"{plan}\n{slot}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return data_dir() / "autosave-slots" / f"{key}.claim"


def _slot_live(plan_path: PathLike | None, slot: int) -> bool:
    """Whether a running autosaver (of this program or another one) holds the slot."""
    from planner._store_files import alive, owner

    claim = _claim_file(plan_path, slot)
    if str(claim) in _HELD:
        return True
    if os.name == "nt":  # a live owner keeps the file open, and Windows will not delete it
        try:
            claim.unlink()
        except PermissionError:
            return True
        except OSError:
            pass
        return False
    try:
        host, pid = claim.read_text(encoding="utf-8").strip().rsplit(".", 1)
        return host == owner().split(".")[0] and int(pid) != os.getpid() and alive(int(pid))
    except (OSError, ValueError):
        return False


def claim_recovery(plan_path: PathLike | None) -> int:
    """The first slot of the plan no live autosaver holds, held by this process from now on
    (until :func:`release_recovery`)."""
    for slot in itertools.count(1):
        if not _slot_live(plan_path, slot):
            _hold(plan_path, slot)
            return slot
    raise AssertionError("unreachable")


def _hold(plan_path: PathLike | None, slot: int) -> None:
    """Claim the slot for this process: a small file naming it, kept open."""
    from planner._store_files import owner

    claim = _claim_file(plan_path, slot)
    handle: IO[str] | None = None
    try:
        claim.parent.mkdir(parents=True, exist_ok=True)
        handle = open(claim, "w", encoding="utf-8")  # noqa: SIM115 - held open on purpose
        handle.write(owner())
        handle.flush()
    except OSError:  # no data folder: this program's windows still keep apart
        pass
    _HELD[str(claim)] = handle


def keep_recovery_for_later(plan_path: PathLike | None, recovery: PathLike) -> None:
    """The user decides on the autosave ``recovery`` of the plan later: its slot is held for
    the rest of this session, so that no window writes over it, deletes it (a save, changes
    discarded) or offers it again; the next session offers it (the hold ends with the
    program)."""
    found = _RECOVERY_NAME.fullmatch(Path(recovery).name)
    slot = int(found.group(1)[1:]) if found and found.group(1) else 1
    if not _slot_live(plan_path, slot):
        _hold(plan_path, slot)
        atexit.register(release_recovery, plan_path, slot)


def release_recovery(plan_path: PathLike | None, slot: int) -> None:
    """The autosaver of the slot stopped: its file (if any) is offered on the next start."""
    claim = _claim_file(plan_path, slot)
    handle = _HELD.pop(str(claim), None)
    if handle is not None:
        with contextlib.suppress(OSError):
            handle.close()
        with contextlib.suppress(OSError):
            claim.unlink()


def save_recovery(plan: m.Plan, plan_path: PathLike | None, slot: int = 1) -> Path:
    """Autosave ``plan`` (atomically) into the plan's ``slot`` and return where; falls back to
    the data folder."""
    from planner import store  # the saver (imported here: store re-exports this module)

    first = recovery_path_for(plan_path, slot)
    try:
        if plan_path is None:
            first.parent.mkdir(parents=True, exist_ok=True)
        store.save_plan(plan, first)
        return first
    except Cancelled:
        raise
    except PlannerError:
        if plan_path is None:
            raise
    fallback = _fallback_recovery_path(plan_path, slot)
    try:
        fallback.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise store._save_error(exc, fallback.name) from exc
    store.save_plan(plan, fallback)
    return fallback


def find_recovery(plan_path: PathLike | None, *, older_too: bool = False) -> Path | None:
    """The newest autosave of the plan if it is newer than the plan file itself, else ``None``
    (``older_too``: also one older than the file, which another program changed after a
    crash: the work in it is still unsaved). Another running window's autosave is not one."""
    plan_mtime = -1
    if plan_path is not None and not older_too:
        with contextlib.suppress(OSError):
            plan_mtime = os.stat(plan_path).st_mtime_ns
    best: tuple[int, Path] | None = None
    for candidate in _recovery_candidates(plan_path):
        try:
            mtime = candidate.stat().st_mtime_ns
        except OSError:
            continue
        if mtime > plan_mtime and (best is None or mtime > best[0]):
            best = (mtime, candidate)
    return None if best is None else best[1]


def discard_recovery(plan_path: PathLike | None, *, mine: int | None = None) -> list[Path]:
    """Delete the autosaves of the plan (after a save, or when the user declines recovery) but
    those of other running windows (``mine``: the slot of the window asking); the files there
    were."""
    from planner import store

    found = [c for c in _recovery_candidates(plan_path, mine=mine) if c.exists()]
    for candidate in found:
        store.files.remove_quietly(candidate)
    return found


def changed_after(recovery: PathLike, plan_path: PathLike) -> bool:
    """Whether the plan file was written after its autosave ``recovery``."""
    try:
        return os.stat(plan_path).st_mtime_ns > os.stat(recovery).st_mtime_ns
    except OSError:
        return False
