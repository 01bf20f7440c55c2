"""The owner marker beside an open plan file: who has the plan open in a window, and since when.

A plan on a shared folder (共有フォルダ) may be opened by two managers at once, and whoever
saves last overwrites the other's work. As Excel (``~$Book.xlsx``) and LibreOffice
(``.~lock.Book#``) do, the window that opens a plan writes a small JSON file beside it,
``~$<name>.owner``, naming the user, the computer, the process and the time; it deletes it
again when the plan is closed. Another window opening the plan reads it first and asks
(:mod:`planner.ui.shared_open`); a command that writes the plan warns
(:func:`held_warning`).

A marker left by a crash is recognised: written on this computer by a process that is gone.
Writing or deleting a marker never stops anything (a read-only folder, a full disk): the
failure is logged and the plan opens all the same.
"""

from __future__ import annotations

import atexit
import contextlib
import getpass
import hashlib
import json
import logging
import os
import platform
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from planner.i18n import tr

log = logging.getLogger(__name__)

PathLike = str | os.PathLike[str]
PREFIX, SUFFIX = "~$", ".owner"
PROGRAM = "Territory Planner"
#: a marker older than this, from another computer, is most likely left behind (a window
#: left open over a weekend, a computer switched off): still told, but not in the way
OLD_AFTER = timedelta(hours=24)
#: markers this process holds: marker path → (the plan, how many of its windows hold it)
_HELD: dict[str, tuple[Path, int]] = {}
_EXIT_HOOKED = False


@dataclass(frozen=True)
class Marker:
    """What a marker file says: who opened the plan, where, in which process, when."""

    user: str
    computer: str
    pid: int
    opened: datetime  # aware
    version: str = ""
    program: str = PROGRAM

    def on_this_computer(self) -> bool:
        return self.computer.casefold() == computer_name().casefold()

    def is_ours(self) -> bool:
        """Written by this very process (one of its windows)."""
        return self.on_this_computer() and self.pid == os.getpid()

    def is_dead(self) -> bool:
        """Left by a crash: written on this computer by a process that no longer runs."""
        return self.on_this_computer() and not self.is_ours() and not process_alive(self.pid)

    def is_old(self, now: datetime | None = None) -> bool:
        """From another computer and older than :data:`OLD_AFTER` (most likely left behind)."""
        now = now or datetime.now(UTC)
        return not self.on_this_computer() and now - self.opened > OLD_AFTER

    def mine_elsewhere(self) -> bool:
        """Another window of the same user on this computer (a second program started)."""
        return self.on_this_computer() and self.user == user_name()

    def names(self) -> dict[str, str]:
        """``user`` and ``computer`` for a message ("{user} ({computer})": 田中（PC-OSAKA-12）)."""
        return {"user": self.user or "?", "computer": self.computer or "?"}

    def since(self, now: datetime | None = None) -> str:
        """When it was opened, in local time: "12月2日 10:32" (the year when not this one)."""
        local = self.opened.astimezone()
        today = (now or datetime.now(UTC)).astimezone()
        time = local.strftime("%H:%M")
        if local.year != today.year:
            return tr("{month}/{day}/{year} {time}", year=local.year, month=local.month,
                      day=local.day, time=time)
        return tr("{month}/{day} {time}", month=local.month, day=local.day, time=time)

    def to_json(self) -> str:
        return json.dumps({
            "program": self.program, "version": self.version, "user": self.user,
            "computer": self.computer, "pid": self.pid,
            "opened": self.opened.isoformat(timespec="seconds"),
        }, ensure_ascii=False, indent=1)


def user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no login name (a service, a container)
        return ""


def computer_name() -> str:
    return platform.node()


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` of this computer runs (when that cannot be told: it does)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return _windows_process_alive(pid)
    from planner._store_files import alive

    return alive(pid)


def _windows_process_alive(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return bool(ctypes.GetLastError() == 5)  # type: ignore[attr-defined]  # denied: running
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def marker_path(plan_path: PathLike) -> Path:
    """``~$<name>.owner`` beside the plan (a name near the 255-byte limit: a short hash)."""
    plan = Path(plan_path)
    name = f"{PREFIX}{plan.name}{SUFFIX}"
    if len(name.encode("utf-8", "surrogatepass")) > 255:
        key = hashlib.sha1(plan.name.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        name = f"{PREFIX}{key}{SUFFIX}"
    return plan.with_name(name)


def this_marker() -> Marker:
    from planner import __version__

    return Marker(user=user_name(), computer=computer_name(), pid=os.getpid(),
                  opened=datetime.now(UTC).replace(microsecond=0),
                  version=__version__)


def read_marker(plan_path: PathLike) -> Marker | None:
    """The marker beside the plan; ``None`` when there is none or it cannot be read."""
    path = marker_path(plan_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        opened = datetime.fromisoformat(str(data["opened"]))
        if opened.tzinfo is None:
            opened = opened.astimezone()  # written as local time by hand or another tool
        return Marker(user=str(data.get("user", "")), computer=str(data.get("computer", "")),
                      pid=int(data.get("pid", 0)), opened=opened,
                      version=str(data.get("version", "")),
                      program=str(data.get("program", PROGRAM)))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning("could not read the owner marker %s: %s", path, exc)
        return None


def other_owner(plan_path: PathLike) -> Marker | None:
    """The marker of someone else who has the plan open: not this process's own, and not one
    a crash left on this computer."""
    marker = read_marker(plan_path)
    if marker is None or marker.is_ours() or marker.is_dead():
        return None
    return marker


def hold(plan_path: PathLike) -> Path | None:
    """Write this process's marker beside the plan (atomically; over another's or a stale
    one) and hold it until :func:`release`; ``None`` when it could not be written."""
    path = marker_path(plan_path)
    key = str(path.resolve())
    try:
        _write_atomically(path, this_marker().to_json())
    except OSError as exc:  # a read-only folder, a full disk: the plan opens all the same
        log.warning("could not write the owner marker %s: %s", path, exc)
        return None
    _HELD[key] = (Path(plan_path), _HELD.get(key, (Path(plan_path), 0))[1] + 1)
    _hook_exit()
    return path


def release(plan_path: PathLike) -> None:
    """This window closed the plan: the marker goes when no other window of this process
    holds it, and only if it is still this process's (another may have opened it since)."""
    path = marker_path(plan_path)
    key = str(path.resolve())
    plan, count = _HELD.get(key, (Path(plan_path), 0))
    if count > 1:
        _HELD[key] = (plan, count - 1)
        return
    _HELD.pop(key, None)
    marker = read_marker(plan_path)
    if marker is None or not marker.is_ours():
        return
    try:
        path.unlink()
    except FileNotFoundError:
        pass
    except OSError as exc:
        log.warning("could not delete the owner marker %s: %s", path, exc)


def release_all() -> None:
    """Delete every marker this process holds (the program ends)."""
    for plan, _count in list(_HELD.values()):
        with contextlib.suppress(Exception):  # the program is ending: never in its way
            _HELD[str(marker_path(plan).resolve())] = (plan, 1)
            release(plan)


def _hook_exit() -> None:
    global _EXIT_HOOKED
    if not _EXIT_HOOKED:
        _EXIT_HOOKED = True
        atexit.register(release_all)


def _write_atomically(path: Path, text: str) -> None:
    from planner._store_files import temporary_prefix

    temp = path.with_name(f"{temporary_prefix()}{secrets.token_hex(4)}.tmp")
    try:
        with open(temp, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.replace(temp, path)
        except PermissionError:
            if os.name != "nt":
                raise
            path.unlink(missing_ok=True)  # Windows: a hidden file is not replaced
            os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    if os.name == "nt":  # hidden, as Excel's ~$ files are
        with contextlib.suppress(Exception):
            import ctypes

            ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # type: ignore[attr-defined]


def held_warning(plan_path: PathLike) -> str | None:
    """The one line a command that writes the plan prints when a window has it open."""
    marker = other_owner(plan_path)
    if marker is None:
        return None
    return tr("territory-planner: warning: {name} is open in a window of {user} ({computer}) since {time}; "
              "the plan is written all the same, and that window asks before saving over it.",
              name=Path(plan_path).name, **marker.names(), time=marker.since())
