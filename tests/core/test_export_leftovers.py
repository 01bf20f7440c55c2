"""An export killed while writing (``kill -9``, a power cut) leaves its temporary file beside
the output: its name tells the computer and process (``.tp-<computer>.<pid>-….tmp.xlsx``),
and the next write into that folder removes it once that process is gone, never another
process's that still runs, nor another computer's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from planner import _store_files as files
from planner.export.common import write_atomically


def _temporary(folder: Path, pid: int, host: str | None = None, suffix: str = ".tmp.xlsx") -> Path:
    host = host or files.owner().split(".")[0]
    path = folder / f"{files.TEMP_PREFIX}{host}.{pid}-abcd1234{suffix}"
    path.write_bytes(b"half a workbook")
    return path


def test_a_temporary_name_tells_computer_and_process(tmp_path: Path) -> None:
    seen: list[str] = []
    write_atomically(tmp_path / "out.xlsx", lambda tmp: (seen.append(tmp.name),
                                                          tmp.write_bytes(b"x")), suffix=".xlsx")
    host = files.owner().split(".")[0]
    assert re.fullmatch(rf"\.tp-{host}\.{os.getpid()}-[^.]+\.tmp\.xlsx", seen[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xlsx"]


def test_a_dead_exports_leftover_goes_at_the_next_write_a_live_ones_stays(
        tmp_path: Path) -> None:
    dead_pid = subprocess.Popen([sys.executable, "-c", "pass"])  # a process now gone
    dead_pid.wait()
    running = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        dead = _temporary(tmp_path, dead_pid.pid)
        dead_check = _temporary(tmp_path, dead_pid.pid, suffix=".check")
        live = _temporary(tmp_path, running.pid, suffix=".tmp.pdf")
        other_computer = _temporary(tmp_path, dead_pid.pid, host="0123abcd")
        users = tmp_path / ".tp-notes.txt"  # not ours: never touched
        users.write_text("mine", encoding="utf-8")
        write_atomically(tmp_path / "out.html", lambda tmp: tmp.write_bytes(b"<html>"),
                         suffix=".html")
        left = {p.name for p in tmp_path.iterdir()}
        assert dead.name not in left and dead_check.name not in left
        assert {live.name, other_computer.name, users.name, "out.html"} == left
    finally:
        running.kill()
        running.wait()
