"""Autosave slots: each running window on a plan autosaves into its own file; a crashed
program's autosave is offered, a running window's is neither offered nor deleted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner import _store_recovery as recovery
from planner import store
from planner.synthetic import synthetic_plan


@pytest.fixture()
def plan_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "計画.gpkg"
    store.save_plan(synthetic_plan(10, territories=2), path)
    yield path
    for claim in list(recovery._HELD):  # what a test left held
        handle = recovery._HELD.pop(claim)
        if handle is not None:
            handle.close()


def test_a_second_window_autosaves_beside_the_first_and_neither_is_offered(plan_path):
    plan = store.load_plan(plan_path)
    first, second = store.claim_recovery(plan_path), store.claim_recovery(plan_path)
    assert (first, second) == (1, 2)
    one = store.save_recovery(plan, plan_path, first)
    two = store.save_recovery(plan, plan_path, second)
    assert (one.name, two.name) == ("計画.recovery.gpkg", "計画.recovery-2.gpkg")
    assert store.is_recovery_name(two)
    assert store.find_recovery(plan_path) is None  # both windows still run
    assert store.discard_recovery(plan_path, mine=second) == [two]  # the second one saved
    assert one.exists()
    store.release_recovery(plan_path, first)  # the first window's program died
    assert store.find_recovery(plan_path) == one
    assert store.claim_recovery(plan_path) == 1  # a new window takes the free slot


def test_a_slot_claimed_by_a_program_that_is_gone_is_free(plan_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    claim = recovery._claim_file(plan_path, 1)
    claim.parent.mkdir(parents=True)
    from planner._store_files import owner

    claim.write_text(f"{owner().split('.')[0]}.{gone.pid}", encoding="utf-8")
    left = store.save_recovery(store.load_plan(plan_path), plan_path, 1)
    assert store.find_recovery(plan_path, older_too=True) == left
    assert store.claim_recovery(plan_path) == 1


@pytest.mark.parametrize("slot", [1, 3])
def test_an_autosave_kept_for_later_is_left_alone_until_the_program_ends(plan_path, slot):
    """The user put off the question about a crash's autosave: for the rest of the session
    no window writes over it, deletes it or offers it again; then it is offered again."""
    plan = store.load_plan(plan_path)
    crashed = store.save_recovery(plan, plan_path, slot)
    assert store.find_recovery(plan_path) == crashed
    store.keep_recovery_for_later(str(plan_path), crashed)
    assert store.find_recovery(plan_path, older_too=True) is None  # not asked twice
    mine = store.claim_recovery(plan_path)  # this session's window on the plan
    assert mine != slot
    store.save_recovery(plan, plan_path, mine)
    assert crashed not in store.discard_recovery(plan_path, mine=mine)  # the plan saved
    assert crashed.exists()
    store.release_recovery(plan_path, mine)
    store.release_recovery(str(plan_path), slot)  # the program ends
    assert store.find_recovery(plan_path, older_too=True) == crashed
