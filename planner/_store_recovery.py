"""Autosave and recovery of a plan: where the autosave goes, writing it, finding it again.

The autosave of a plan file is ``<name>.recovery-<user>@<computer>.gpkg`` beside it (or in the
per-user data folder for an unsaved plan, a read-only folder or a name too long), written
atomically by :func:`planner.store.save_plan`; on start the window offers the newest autosave
of this user on this computer that no running window holds.

Each window's autosaver holds a *slot* of the plan while it runs: slot 1 is the name above, a
second window on the same plan autosaves into ``<name>.recovery-<user>@<computer>_2.gpkg`` and
so on, so that neither overwrites nor deletes the other's. A slot is claimed by a small file in
the data folder naming the process (kept open, which tells a live owner on Windows); the
autosave of a slot no live autosaver holds (its program crashed) is offered on the next start.

Why the user and computer are in the name: plans often live on a shared folder (共有フォルダ).
Slots are claimed on each computer (and for each user: a terminal server), so two computers
on one plan both held slot 1 and wrote, and deleted on saving, the same ``<name>.recovery.gpkg``:
one manager's save silently threw away the other's unsaved work. Keeping the autosaves of
plans in the local data folder would also end that, but a computer that dies (a broken disk,
a laptop lost or re-imaged) would take the unsaved work with it; beside the plan on the
shared folder, which is usually the backed-up place, the work outlives the computer, and its
name says whose it is, so that it can be opened from another computer (File → Open, then
Save As). The autosave stays where it always was, so the fallback to the data folder is
unchanged. A window only ever offers, writes and deletes the autosaves of its own user and
computer (and of the data folder); another computer's is left alone. It is not mentioned
either: while that computer has the plan open its owner marker (:mod:`planner.owner_marker`)
already says so when the plan is opened, and whether that autosave is live or left by a crash
cannot be told from here. Autosaves of the earlier versions, ``<name>.recovery.gpkg`` and
``<name>.recovery-2.gpkg`` …, are still offered (and deleted with a save) as slot 1, 2 ….
A plan with several autosaves (an earlier version's beside this program's own) has each
offered in turn, the newest first (:func:`find_recoveries`): one put off or left when a newer
one is restored is kept for the session (:func:`keep_recovery_for_later`), never deleted or
written over unasked.
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
from planner.progress import Progress

PathLike = str | os.PathLike[str]
_RECOVERY_SUFFIX = ".recovery.gpkg"
#: an autosave's name: ``<plan>.recovery-<user>@<computer>.gpkg`` beside the plan, ``…_2.gpkg``
#: … for a second window on the same plan; in the data folder (and of the earlier versions
#: beside the plan) ``<plan>.recovery.gpkg``, ``<plan>.recovery-2.gpkg`` …. Group 1 or 2: the
#: slot (none: slot 1).
_RECOVERY_NAME = re.compile(
    r".*\.recovery(?:-(\d+)|-[^.@]*@[^.@_]*(?:_(\d+))?)?\.gpkg", re.IGNORECASE)
#: the most characters of the user's and of the computer's name in an autosave's name
_TAG_PART = 40
#: the slots this process's autosavers hold: claim key → the claim file, kept open
_HELD: dict[str, IO[str] | None] = {}
#: the autosave files the user decides on later (:func:`keep_recovery_for_later`), by the
#: claim key of their slot: neither offered again nor deleted while this program runs
_KEPT: dict[str, set[str]] = {}


def data_dir() -> Path:
    """The program's per-user data folder (``PLANNER_DATA_DIR`` overrides it)."""
    override = os.environ.get("PLANNER_DATA_DIR", "")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("TerritoryPlanner", appauthor=False))


def session_tag() -> str:
    """``<user>@<computer>`` in the names of this session's autosaves beside a plan (letters,
    digits and ``-`` only: the slot's ``_2`` and the name's dots are told apart)."""
    from planner import owner_marker

    def clean(text: str) -> str:
        return re.sub(r"[^\w-]|_", "-", text)[:_TAG_PART]

    return f"{clean(owner_marker.user_name())}@{clean(owner_marker.computer_name())}"


def _suffix(slot: int, tag: str = "") -> str:
    if not tag:
        return _RECOVERY_SUFFIX if slot == 1 else f".recovery-{slot}.gpkg"
    return f".recovery-{tag}.gpkg" if slot == 1 else f".recovery-{tag}_{slot}.gpkg"


def recovery_path_for(plan_path: PathLike | None, slot: int = 1) -> Path:
    """Where the autosave of a plan goes: ``<name>.recovery-<user>@<computer>.gpkg`` beside it
    (``slot`` 2 and on: ``…_2.gpkg`` …, another window's), or the data folder."""
    if plan_path is None:
        return data_dir() / f"unsaved{_suffix(slot)}"
    plan = Path(plan_path)
    return plan.with_name(f"{plan.stem}{_suffix(slot, session_tag())}")


def _earlier_path(plan_path: PathLike, slot: int) -> Path:
    """Where the earlier versions autosaved a plan (on any computer): ``<name>.recovery.gpkg``."""
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


def _own_paths(plan_path: PathLike | None, slot: int) -> list[Path]:
    """The files this program autosaves a slot into: beside the plan, or the data folder."""
    paths = [recovery_path_for(plan_path, slot)]
    if plan_path is not None:
        paths.append(_fallback_recovery_path(plan_path, slot))
    return paths


def _slot_paths(plan_path: PathLike | None, slot: int) -> list[Path]:
    """The autosave files of a slot: this session's beside the plan, the data folder's and the
    earlier versions' (not another user's or computer's)."""
    paths = _own_paths(plan_path, slot)
    if plan_path is not None:
        paths.append(_earlier_path(plan_path, slot))
    return paths


def _slots_on_disk(plan_path: PathLike | None) -> set[int]:
    """The slots of the plan that have an autosave file (slot 1 always counted)."""
    slots = {1}
    patterns: dict[Path, list[re.Pattern[str]]] = {}
    for first in _slot_paths(plan_path, 1):
        base = first.name[: -len(".gpkg")]  # slot 2: "….recovery-2.gpkg", "…@PC_2.gpkg"
        separator = "-" if base.endswith(".recovery") else "_"
        patterns.setdefault(first.parent, []).append(
            re.compile(re.escape(base + separator) + r"(\d+)\.gpkg"))
    for folder, wanted in patterns.items():  # each folder read once (a shared one is slow)
        with contextlib.suppress(OSError):
            for entry in os.scandir(folder):
                for pattern in wanted:
                    found = pattern.fullmatch(entry.name)
                    if found:
                        slots.add(int(found.group(1)))
    return slots


def _recovery_candidates(plan_path: PathLike | None, *, mine: int | None = None) -> list[Path]:
    """The autosave files of the plan no other live autosaver holds (``mine``: this window's
    slot, held by itself) and the user did not put off (:data:`_KEPT`)."""
    kept = set().union(*_KEPT.values())
    return [path for slot in sorted(_slots_on_disk(plan_path))
            if slot == mine or not _slot_live(plan_path, slot)
            for path in _slot_paths(plan_path, slot) if str(path) not in kept]


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
    """The user decides on the autosave ``recovery`` of the plan later: for the rest of this
    session no window deletes it (a save, changes discarded) or offers it again, and when it
    bears the name this program autosaves the slot under, its slot is held, so that no
    window writes over it; the next session offers it (the hold ends with the program). An
    earlier version's autosave (``<name>.recovery.gpkg``) is kept without its slot: this
    program writes another name, and the work of its own autosaves is deleted with a save."""
    found = _RECOVERY_NAME.fullmatch(Path(recovery).name)
    slot = int((found.group(1) or found.group(2) or 1) if found else 1)
    _KEPT.setdefault(str(_claim_file(plan_path, slot)), set()).add(str(Path(recovery)))
    if Path(recovery) in _own_paths(plan_path, slot) and not _slot_live(plan_path, slot):
        _hold(plan_path, slot)
        atexit.register(release_recovery, plan_path, slot)


def release_recovery(plan_path: PathLike | None, slot: int) -> None:
    """The autosaver of the slot stopped: its file (if any) is offered on the next start."""
    claim = _claim_file(plan_path, slot)
    if str(claim) in _HELD and str(claim) in _KEPT:  # its own file kept by the hold: offered
        _KEPT[str(claim)] -= {str(p) for p in _own_paths(plan_path, slot)}  # from now on
    handle = _HELD.pop(str(claim), None)
    if handle is not None:
        with contextlib.suppress(OSError):
            handle.close()
        with contextlib.suppress(OSError):
            claim.unlink()


def save_recovery(plan: m.Plan, plan_path: PathLike | None, slot: int = 1, *,
                  in_child: bool = False, progress: Progress | None = None) -> Path:
    """Autosave ``plan`` (atomically) into the plan's ``slot`` and return where; falls back to
    the data folder. ``in_child``, ``progress`` (which calls it off): as
    :func:`planner.store.save_plan`'s."""
    from planner import store  # the saver (imported here: store re-exports this module)

    first = recovery_path_for(plan_path, slot)
    try:
        if plan_path is None:
            first.parent.mkdir(parents=True, exist_ok=True)
        store.save_plan(plan, first, in_child=in_child, autosave=True, progress=progress)
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
    store.save_plan(plan, fallback, in_child=in_child, autosave=True,
                    progress=progress)
    return fallback


def find_recovery(plan_path: PathLike | None, *, older_too: bool = False) -> Path | None:
    """The newest autosave of the plan if it is newer than the plan file itself, else ``None``
    (``older_too``: also one older than the file, which another program changed after a
    crash: the work in it is still unsaved). Another running window's autosave is not one."""
    found = find_recoveries(plan_path, older_too=older_too)
    return found[0] if found else None


def find_recoveries(plan_path: PathLike | None, *, older_too: bool = False) -> list[Path]:
    """Every autosave of the plan :func:`find_recovery` could offer, the newest first (an
    earlier version's and this program's own, several windows' that crashed …): each holds
    work no other does, so each is offered in turn."""
    plan_mtime = -1
    if plan_path is not None and not older_too:
        with contextlib.suppress(OSError):
            plan_mtime = os.stat(plan_path).st_mtime_ns
    found: dict[Path, int] = {}
    for candidate in _recovery_candidates(plan_path):
        try:
            mtime = candidate.stat().st_mtime_ns
        except OSError:
            continue
        if mtime > plan_mtime:
            found[candidate] = mtime
    return sorted(found, key=lambda p: -found[p])


def discard_recovery(plan_path: PathLike | None, *, mine: int | None = None) -> list[Path]:
    """Delete the autosaves of the plan (after a save, or when the user declines recovery) but
    those of other running windows (``mine``: the slot of the window asking); the files there
    were."""
    from planner import store

    found = [c for c in _recovery_candidates(plan_path, mine=mine) if c.exists()]
    for candidate in found:
        store.files.remove_quietly(candidate)
    return found


def discard_one_recovery(recovery: PathLike) -> None:
    """Delete the one autosave the user said Discard to (the plan's others are asked about
    in turn)."""
    from planner import store

    store.files.remove_quietly(Path(recovery))


def changed_after(recovery: PathLike, plan_path: PathLike) -> bool:
    """Whether the plan file was written after its autosave ``recovery``."""
    try:
        return os.stat(plan_path).st_mtime_ns > os.stat(recovery).st_mtime_ns
    except OSError:
        return False
