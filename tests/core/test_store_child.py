"""Plan files written and read in a child process (the window's saves, autosaves and opens):
the same file, the same plan, and a cancel, a crash or a locked target never touch the plan."""

from __future__ import annotations

import errno
import multiprocessing
from pathlib import Path

import pandas as pd
import pytest
import test_store as ts

from planner import _store_child, store
from planner.errors import Cancelled, PlannerError
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture()
def every_plan_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small plans in a child too (the window's big plans go there)."""
    monkeypatch.setattr(_store_child, "CHILD_FROM", 0)
    monkeypatch.setattr(_store_child, "AUTOSAVE_FROM", 0)
    monkeypatch.setattr(_store_child, "READ_APART_FROM", 0)


def saved_old(tmp_path: Path) -> tuple[Path, bytes]:
    path = tmp_path / "plan.gpkg"
    store.save_plan(synthetic_plan(40, territories=2, seed=5), path)
    return path, path.read_bytes()


def assert_same_plan(loaded, plan) -> None:  # type: ignore[no-untyped-def]
    ts.assert_same_customers(loaded.customers, plan.customers)
    assert loaded.original_columns == plan.original_columns
    assert loaded.territories == plan.territories
    assert loaded.settings == plan.settings
    pd.testing.assert_frame_equal(loaded.schedule, plan.schedule, check_exact=True)
    assert loaded.unscheduled is not None and plan.unscheduled is not None
    assert list(loaded.unscheduled["customer_id"]) == list(plan.unscheduled["customer_id"])
    assert loaded.source == plan.source


@pytest.mark.usefixtures("every_plan_apart")
def test_a_plan_written_and_read_in_a_child_keeps_every_column_and_the_calendar(
        tmp_path: Path) -> None:
    plan = ts.rich_plan()
    here, apart = tmp_path / "here.gpkg", tmp_path / "計画 apart.gpkg"
    store.save_plan(plan, here)
    seen: list[tuple[float, str]] = []
    store.save_plan(plan, apart, in_child=True, progress=lambda f, msg: seen.append((f, msg)))
    # the child's own steps came through, in order, to the end
    assert "Saving customers…" in [msg for _f, msg in seen]
    assert seen[-1] == (1.0, "Plan saved.") and [f for f, _m in seen] == sorted(f for f, _m in seen)
    assert_same_plan(store.load_plan(apart, in_child=True), plan)
    assert_same_plan(store.load_plan(apart), store.load_plan(here))
    assert store.plan_file_layers(apart) == store.plan_file_layers(here)
    assert multiprocessing.active_children() == []  # no child left behind


@pytest.mark.usefixtures("every_plan_apart")
def test_the_window_s_save_and_open_work_in_another_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer replaced in this process is not the one that writes: the child's is (a
    writer here holds the GIL, and the window, for the whole customer layer)."""
    def not_here(*_args: object) -> None:
        raise AssertionError("written or read in the saving process")

    monkeypatch.setattr(store, "write_temporary", not_here)
    path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(60, territories=2, seed=2)
    store.save_plan(plan, path, in_child=True)
    assert len(store.load_plan(path).customers) == 60
    with pytest.raises(AssertionError, match="saving process"):
        store.save_plan(plan, path)  # the command line writes here, as before
    monkeypatch.setattr(store, "_read_plan", not_here)  # and reads: the window's opens not
    assert len(store.load_plan(path, in_child=True).customers) == 60
    with pytest.raises(AssertionError, match="saving process"):
        store.load_plan(path)


def test_a_small_plan_is_written_in_the_thread(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Starting a child costs about a second: more than a small plan's whole save."""
    calls: list[Path] = []
    monkeypatch.setattr(store, "write_temporary",
                        lambda plan, path, progress: calls.append(path))
    monkeypatch.setattr(store.os, "replace", lambda *_a: None)  # nothing written to put there
    store.save_plan(synthetic_plan(60, territories=2, seed=2), tmp_path / "p.gpkg", in_child=True)
    assert len(calls) == 1


@pytest.mark.usefixtures("every_plan_apart")
def test_cancel_while_the_child_writes_keeps_the_old_file(tmp_path: Path) -> None:
    path, before = saved_old(tmp_path)
    seen: list[str] = []

    def progress(fraction: float, message: str) -> bool:
        seen.append(message)
        return "Saving customers…" not in seen  # Cancel pressed as the child writes them

    with pytest.raises(Cancelled):
        store.save_plan(ts.rich_plan(), path, in_child=True, progress=progress)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gpkg"]
    assert multiprocessing.active_children() == []  # the child was ended, not left writing


@pytest.mark.usefixtures("every_plan_apart")
def test_a_child_that_dies_while_writing_is_one_sentence_and_keeps_the_old_file(
        tmp_path: Path) -> None:
    path, before = saved_old(tmp_path)

    def progress(fraction: float, message: str) -> bool:
        if message == "Saving customers…":  # out of memory, killed: the child is gone
            for child in multiprocessing.active_children():
                child.kill()
                child.join()
        return True

    with pytest.raises(PlannerError, match="stopped unexpectedly") as info:
        store.save_plan(ts.rich_plan(), path, in_child=True, progress=progress)
    assert not isinstance(info.value, Cancelled)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gpkg"]


@pytest.mark.usefixtures("every_plan_apart")
def test_a_locked_target_after_the_child_wrote_keeps_the_old_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path, before = saved_old(tmp_path)

    def locked(src: object, dst: object) -> None:
        raise PermissionError(errno.EACCES, "The process cannot access the file")

    monkeypatch.setattr(store.os, "replace", locked)
    with pytest.raises(PlannerError, match="open in another program"):
        store.save_plan(ts.rich_plan(), path, in_child=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gpkg"]


@pytest.mark.usefixtures("every_plan_apart")
def test_an_error_in_the_child_comes_back_as_the_same_sentence(tmp_path: Path) -> None:
    (tmp_path / "not a plan.gpkg").write_text("顧客", encoding="utf-8")
    with pytest.raises(PlannerError) as here:
        store.load_plan(tmp_path / "not a plan.gpkg")
    (tmp_path / "damaged.gpkg").write_bytes(b"SQLite format 3\x00" + b"\x00" * 4000)
    for name in ("not a plan.gpkg", "damaged.gpkg"):
        with pytest.raises(PlannerError) as apart:
            store.load_plan(tmp_path / name, in_child=True)
        with pytest.raises(PlannerError) as here:
            store.load_plan(tmp_path / name)
        assert str(apart.value) == str(here.value)


@pytest.mark.usefixtures("every_plan_apart")
def test_an_autosave_in_a_child_keeps_its_name_and_the_plan(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    plan_path = tmp_path / "plan.gpkg"
    plan = ts.rich_plan()
    saved = store.save_recovery(plan, plan_path, in_child=True)
    assert saved == store.recovery_path_for(plan_path) and store.is_recovery_name(saved)
    assert_same_plan(store.load_plan(saved), plan)


def test_an_autosave_goes_to_a_child_from_fewer_customers_than_a_save(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nobody waits for the autosave, so the child's start costs nothing seen; a 10,000-customer
    autosave in the thread held the window 0.1–0.3 s every few minutes."""
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    plan = synthetic_plan(60, territories=2, seed=2)
    monkeypatch.setattr(_store_child, "CHILD_FROM", 61)
    monkeypatch.setattr(_store_child, "AUTOSAVE_FROM", 60)
    written_here: list[Path] = []
    real = store.write_temporary

    def here(plan, path, progress):  # type: ignore[no-untyped-def]
        written_here.append(path)
        real(plan, path, progress)

    monkeypatch.setattr(store, "write_temporary", here)
    store.save_plan(plan, tmp_path / "plan.gpkg", in_child=True)
    assert len(written_here) == 1  # the save: in the thread
    saved = store.save_recovery(plan, tmp_path / "plan.gpkg", in_child=True)
    assert len(written_here) == 1  # the autosave: in a child
    assert len(store.load_plan(saved).customers) == 60
