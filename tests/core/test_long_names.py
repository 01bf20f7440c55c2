"""File names near the file system's limit (255 bytes: 80 kanji and .gpkg is 245): a plan
so named saves, and its exports and reports are written, since every temporary name beside
it is short instead of the whole name with more added."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import pytest

from planner import model as m
from planner import store
from planner.cli import main
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

LONG = "計" * 80  # 240 bytes in UTF-8


@pytest.fixture
def temporaries(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the temporary files made while the test runs."""
    made: list[str] = []
    real = tempfile.mkstemp

    def recording(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        made.append(name)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", recording)
    return made


def test_a_plan_with_a_long_name_saves_exports_and_reports(tmp_path, temporaries) -> None:
    plan = synthetic_plan(30, territories=2, seed=2)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3
    plan = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    path = tmp_path / f"{LONG}.gpkg"
    assert len(path.name.encode("utf-8")) == 245
    store.save_plan(plan, path)
    store.save_plan(store.load_plan(path), path)  # over the old file too
    assert len(store.load_plan(path).customers) == 30
    assert main(["export", str(path), "--xlsx", str(tmp_path / f"{LONG}.xlsx"),
                 "--html", str(tmp_path / f"{LONG}.html")]) == 0
    assert main(["compare", str(path), str(path), "--moved",
                 str(tmp_path / f"{LONG}.csv")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"{LONG}{suffix}" for suffix in (".gpkg", ".xlsx", ".html", ".csv"))
    beside = [os.path.basename(p) for p in temporaries if os.path.dirname(p) == str(tmp_path)]
    assert beside and all(  # hidden, short, and the plan's own temporaries told by their start
        name.startswith(".tp-") and len(name.encode("utf-8")) < 64 for name in beside)


def test_a_json_report_with_a_long_name_is_written(tmp_path) -> None:
    (tmp_path / "list.csv").write_text(
        "顧客コード,顧客名,住所,緯度,経度\nC1,Aストア,東京都千代田区1,35.68,139.76\n",
        encoding="utf-8-sig")
    report = tmp_path / f"{LONG}.json"
    assert main(["import", str(tmp_path / "list.csv"), "-o", str(tmp_path / "plan.gpkg"),
                 "--report", str(report), "--geocode", "none"]) == 0
    assert report.read_text(encoding="utf-8").startswith("{")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["list.csv", "plan.gpkg", report.name])


def test_a_killed_saves_short_named_leftover_goes_at_the_next_save(tmp_path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    host = store.files.owner().split(".")[0]
    mine = store.files.saving_prefix(LONG).split(".")[1]  # tp-<hash of the plan's name>
    theirs = store.files.saving_prefix("other").split(".")[1]
    killed = tmp_path / f".{mine}.{host}.{dead}-x1y2.saving.gpkg"
    journal = tmp_path / f".{mine}.{host}.{dead}-x1y2.saving.gpkg-journal"
    running = tmp_path / f".{mine}.{host}.{os.getppid()}-z3w4.saving.gpkg"
    other_plan = tmp_path / f".{theirs}.{host}.{dead}-r2.saving.gpkg"
    for leftover in (killed, journal, running, other_plan):
        leftover.write_bytes(b"half a plan")
    store.save_plan(synthetic_plan(5, territories=1), tmp_path / f"{LONG}.gpkg")
    assert not killed.exists() and not journal.exists()
    assert running.exists() and other_plan.exists()


def test_a_plan_named_to_the_last_byte_saves(tmp_path) -> None:
    """254 bytes: no room even for SQLite's ``-journal`` beside it, which therefore cannot be
    there (looking for one ended in an OSError traceback)."""
    path = tmp_path / f"{'計' * 83}.gpkg"
    assert len(path.name.encode("utf-8")) == 254
    store.save_plan(synthetic_plan(5, territories=1), path)
    store.save_plan(store.load_plan(path), path)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_a_plan_named_to_the_last_byte_is_autosaved_and_found(tmp_path, monkeypatch) -> None:
    """Its ``<name>.recovery.gpkg`` beside it would be too long: the autosave goes to the
    data folder under a name that fits, and is found there after a crash."""
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / f"{'計' * 83}.gpkg"
    store.save_plan(synthetic_plan(5, territories=1), path)
    os.utime(path, (1_000_000, 1_000_000))  # the autosave is newer than the plan
    saved = store.save_recovery(synthetic_plan(6, territories=1), path)
    assert saved.parent == tmp_path / "data" and len(saved.name.encode("utf-8")) <= 255
    assert store.find_recovery(path) == saved
    assert len(store.load_plan(saved).customers) == 6


def test_a_name_past_the_limit_is_one_sentence(tmp_path) -> None:
    from planner.errors import PlannerError

    with pytest.raises(PlannerError, match="could not be saved: the name is too long"):
        store.save_plan(synthetic_plan(5, territories=1), tmp_path / f"{'計' * 90}.gpkg")
    assert list(tmp_path.iterdir()) == []
