"""Autosave and recovery of a plan: where the autosave goes, writing it, finding it again.

The autosave is ``<name>.recovery.gpkg`` beside the plan (or in the per-user data folder for
an unsaved plan or a read-only folder), written atomically by :func:`planner.store.save_plan`;
on start the window offers the newest autosave that is newer than the plan file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from pathlib import Path

from planner import model as m
from planner.errors import Cancelled, PlannerError

PathLike = str | os.PathLike[str]
_RECOVERY_SUFFIX = ".recovery.gpkg"
#: an autosave's name: ``<plan>.recovery.gpkg``, or ``<plan>.recovery-2.gpkg`` … for a second
#: window on the same plan
_RECOVERY_NAME = re.compile(r".*\.recovery(-\d+)?\.gpkg", re.IGNORECASE)


def data_dir() -> Path:
    """The program's per-user data folder (``PLANNER_DATA_DIR`` overrides it)."""
    override = os.environ.get("PLANNER_DATA_DIR", "")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("TerritoryPlanner", appauthor=False))


def recovery_path_for(plan_path: PathLike | None) -> Path:
    """Where the autosave of a plan goes: ``<name>.recovery.gpkg`` beside it, or the data folder."""
    if plan_path is None:
        return data_dir() / f"unsaved{_RECOVERY_SUFFIX}"
    plan = Path(plan_path)
    return plan.with_name(f"{plan.stem}{_RECOVERY_SUFFIX}")


def is_recovery_name(path: PathLike) -> bool:
    """Whether ``path`` is named as an autosave is: the program deletes such files once the plan
    is saved, so a plan must never be saved under such a name."""
    return _RECOVERY_NAME.fullmatch(Path(path).name) is not None


def _fallback_recovery_path(plan_path: PathLike) -> Path:
    """Autosave place in the data folder for a plan whose own folder is not writable."""
    key = hashlib.sha1(str(Path(plan_path).resolve()).encode("utf-8")).hexdigest()[:10]
    return data_dir() / f"{Path(plan_path).stem}-{key}{_RECOVERY_SUFFIX}"


def _recovery_candidates(plan_path: PathLike | None) -> list[Path]:
    paths = [recovery_path_for(plan_path)]
    if plan_path is not None:
        paths.append(_fallback_recovery_path(plan_path))
    return paths


def save_recovery(plan: m.Plan, plan_path: PathLike | None) -> Path:
    """Autosave ``plan`` (atomically) and return where; falls back to the data folder."""
    from planner import store  # the saver (imported here: store re-exports this module)

    first = recovery_path_for(plan_path)
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
    fallback = _fallback_recovery_path(plan_path)
    try:
        fallback.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise store._save_error(exc, fallback.name) from exc
    store.save_plan(plan, fallback)
    return fallback


def find_recovery(plan_path: PathLike | None, *, older_too: bool = False) -> Path | None:
    """The newest autosave of the plan if it is newer than the plan file itself, else ``None``
    (``older_too``: also one older than the file, which another program changed after a
    crash: the work in it is still unsaved)."""
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


def discard_recovery(plan_path: PathLike | None) -> list[Path]:
    """Delete the autosaves of the plan (after a save, or when the user declines recovery);
    the files there were."""
    from planner import store

    found = [c for c in _recovery_candidates(plan_path) if c.exists()]
    for candidate in found:
        store.files.remove_quietly(candidate)
    return found


def changed_after(recovery: PathLike, plan_path: PathLike) -> bool:
    """Whether the plan file was written after its autosave ``recovery``."""
    try:
        return os.stat(plan_path).st_mtime_ns > os.stat(recovery).st_mtime_ns
    except OSError:
        return False
