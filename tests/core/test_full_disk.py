"""A disk that fills while a file is written: one sentence, the previous files as they were,
no temporary file left behind (nor held open, keeping its room)."""

from __future__ import annotations

import dataclasses
import errno
import os
import shutil
from pathlib import Path

import pytest

from planner import model as m
from planner import store
from planner.errors import PlannerError
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def dated() -> m.Plan:
    plan = synthetic_plan(60, territories=3, seed=8)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    return build_schedule(plan, route_seconds=0.01)


def _nearly_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk has 1 MB left (what a failed write then finds)."""
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage",
                        lambda p: real(p)._replace(free=2**20))


def _open_in(folder: Path) -> list[str]:
    """Files under ``folder`` this process still holds open."""
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder)):
            out.append(target)
    return out


def test_a_calendar_export_that_runs_out_of_room_replaces_no_file(dated, tmp_path, monkeypatch):
    from planner.export.ical import export_calendars

    files = export_calendars(dated, tmp_path)
    before = {p: p.read_bytes() for p in files}
    real = Path.write_bytes
    written = []

    def write_bytes(self: Path, data: bytes) -> int:
        if len(written) == 2:  # the third file finds the disk full
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(self)
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_bytes)
    later = dataclasses.replace(dated.settings, start_date="2026-12-14")
    with pytest.raises(PlannerError, match="not enough disk space"):
        export_calendars(build_schedule(dated.replace(settings=later), route_seconds=0.01),
                         tmp_path)
    assert {p: p.read_bytes() for p in files} == before  # all the previous calendars
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in files)


def test_a_pdf_that_fills_the_disk_leaves_nothing_open(dated, tmp_path, monkeypatch):
    import zlib

    from planner.export import handouts

    def failing(*_args, **_kwargs):  # the PDF stream fails as the disk fills
        raise zlib.error("Error -2 while flushing: inconsistent stream state")

    _nearly_full(monkeypatch)
    monkeypatch.setattr(handouts, "_overview_page", failing)
    with pytest.raises(PlannerError, match="not enough disk space to write h.pdf"):
        handouts.export_handouts(dated, tmp_path / "h.pdf")
    assert list(tmp_path.iterdir()) == [] and _open_in(tmp_path) == []


def test_a_save_that_fills_the_disk_says_so(dated, tmp_path, monkeypatch):
    path = tmp_path / "plan.gpkg"
    store.save_plan(dated, path)
    before = path.read_bytes()

    def failing(*_args, **_kwargs):  # as GDAL reports it: not a word of the disk
        raise RuntimeError("Failed to commit transaction")

    _nearly_full(monkeypatch)
    monkeypatch.setattr(store, "_write_plan", failing)
    with pytest.raises(PlannerError, match="not enough disk space to save plan.gpkg"):
        store.save_plan(dated, path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["plan.gpkg"]


def test_a_bug_is_not_taken_for_a_full_disk(dated, tmp_path, monkeypatch):
    from planner.export import handouts

    def buggy(*_args, **_kwargs):
        raise TypeError("a bug")

    _nearly_full(monkeypatch)
    monkeypatch.setattr(handouts, "_overview_page", buggy)
    with pytest.raises(TypeError):
        handouts.export_handouts(dated, tmp_path / "h.pdf")
    assert list(tmp_path.iterdir()) == []


def test_a_workbook_whose_temporary_folder_fills_names_that_folder_and_leaves_nothing(
    dated, tmp_path, monkeypatch
):
    """The workbook's long sheets pass through the temporary folder: when that disk fills,
    the last flush failed, its row file stayed behind, and the message blamed the target's
    disk, which had room."""
    import tempfile

    from planner.export import excel_fast
    from planner.export.excel import export_workbook

    temp, out = tmp_path / "temp", tmp_path / "out"
    temp.mkdir()
    out.mkdir()
    target = export_workbook(dated, out / "plan.xlsx")
    before = target.read_bytes()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    real_usage = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda p: real_usage(p)._replace(free=2**20)
                        if str(p).startswith(str(temp)) else real_usage(p))
    real_close = excel_fast.FastRows.close

    def close(self):  # the rows' last flush finds the disk full (the file is closed anyway)
        real_close(self)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(excel_fast.FastRows, "close", close)
    with pytest.raises(PlannerError, match=f"disk space in the temporary folder {temp} to "
                                           "write plan.xlsx"):
        export_workbook(dated, target)
    assert list(temp.iterdir()) == [] and [p.name for p in out.iterdir()] == ["plan.xlsx"]
    assert target.read_bytes() == before


def test_a_calendar_export_into_a_new_folder_that_runs_out_of_room_leaves_no_folder(
    dated, tmp_path, monkeypatch
):
    from planner.export.ical import export_calendars

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(PlannerError, match="not enough disk space"):
        export_calendars(dated, tmp_path / "ics")
    assert list(tmp_path.iterdir()) == []  # the folder it made went too
