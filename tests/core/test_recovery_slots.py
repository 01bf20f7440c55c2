"""Autosave slots: each running window on a plan autosaves into its own file; a crashed
program's autosave is offered, a running window's is neither offered nor deleted. A plan on a
shared folder: each computer (and user) autosaves under its own name beside it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from planner import _store_recovery as recovery
from planner import owner_marker, store
from planner.synthetic import synthetic_plan


@pytest.fixture()
def plan_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "計画.gpkg"
    store.save_plan(synthetic_plan(10, territories=2), path)
    be(monkeypatch, tmp_path, "PC-OSAKA-12", "tanaka")
    yield path
    for claim in list(recovery._HELD):  # what a test left held
        handle = recovery._HELD.pop(claim)
        if handle is not None:
            handle.close()
    recovery._KEPT.clear()  # and kept for later


def be(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, computer: str, user: str) -> None:
    """From now on the test runs as ``user`` on ``computer``, with that one's data folder."""
    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / f"data-{computer}-{user}"))
    monkeypatch.setattr(owner_marker, "computer_name", lambda: computer)
    monkeypatch.setattr(owner_marker, "user_name", lambda: user)


def crash(plan_path: Path, slot: int) -> None:
    """The program holding the slot dies: its claim file stays, nobody holds it."""
    handle = recovery._HELD.pop(str(recovery._claim_file(plan_path, slot)))
    assert handle is not None
    handle.close()


def test_a_second_window_autosaves_beside_the_first_and_neither_is_offered(plan_path):
    plan = store.load_plan(plan_path)
    first, second = store.claim_recovery(plan_path), store.claim_recovery(plan_path)
    assert (first, second) == (1, 2)
    one = store.save_recovery(plan, plan_path, first)
    two = store.save_recovery(plan, plan_path, second)
    assert (one.name, two.name) == (
        "計画.recovery-tanaka@PC-OSAKA-12.gpkg", "計画.recovery-tanaka@PC-OSAKA-12_2.gpkg")
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


@pytest.mark.parametrize("other", [("PC-KOBE-3", "suzuki"), ("PC-OSAKA-12", "suzuki")],
                         ids=["another computer", "another user on a terminal server"])
def test_a_shared_plan_keeps_each_computers_autosave_apart(plan_path, monkeypatch, tmp_path,
                                                          other):
    """Two managers on one plan of a shared folder both hold slot 1 (slots are claimed on each
    computer): the one who saves deleted the other's autosave, which was the same file."""
    plan = store.load_plan(plan_path)
    osaka_slot = store.claim_recovery(plan_path)
    osaka = store.save_recovery(plan.replace(meta={"by": "tanaka"}), plan_path, osaka_slot)
    be(monkeypatch, tmp_path, *other)
    kobe_slot = store.claim_recovery(plan_path)
    assert (osaka_slot, kobe_slot) == (1, 1)
    kobe = store.save_recovery(plan.replace(meta={"by": "suzuki"}), plan_path, kobe_slot)
    assert kobe != osaka and kobe.parent == osaka.parent == plan_path.parent
    # suzuki saves the plan: his autosave goes, tanaka's stays and is not offered to him
    store.save_plan(plan, plan_path)
    assert store.discard_recovery(plan_path, mine=kobe_slot) == [kobe]
    assert store.load_plan(osaka).meta == {"by": "tanaka"}
    assert store.find_recovery(plan_path, older_too=True) is None
    # both programs die after more work: each one's next start offers its own autosave
    kobe = store.save_recovery(plan.replace(meta={"by": "suzuki", "n": 2}), plan_path, kobe_slot)
    crash(plan_path, kobe_slot)
    assert store.find_recovery(plan_path, older_too=True) == kobe
    be(monkeypatch, tmp_path, "PC-OSAKA-12", "tanaka")
    assert store.find_recovery(plan_path, older_too=True) is None  # still running
    crash(plan_path, osaka_slot)
    found = store.find_recovery(plan_path, older_too=True)
    assert found == osaka and store.load_plan(found).meta == {"by": "tanaka"}
    assert store.discard_recovery(plan_path) == [osaka]  # tanaka restored it and saved
    assert kobe.exists()


def test_every_autosave_name_is_refused_for_a_plan(plan_path, monkeypatch, tmp_path):
    be(monkeypatch, tmp_path, "pc_1.example.co.jp", "t.tanaka")
    mine = store.recovery_path_for(plan_path, 3)
    assert mine.name == "計画.recovery-t-tanaka@pc-1-example-co-jp_3.gpkg"
    for name in (mine.name, "計画.recovery-佐藤@営業PC.gpkg", "計画.Recovery-sato@PC_12.GPKG",
                 "計画.recovery-@PC.gpkg", "計画.recovery.gpkg", "計画.recovery-2.gpkg",
                 recovery._fallback_recovery_path(plan_path, 2).name, "unsaved.recovery.gpkg"):
        assert store.is_recovery_name(plan_path.with_name(name)), name
    for name in ("計画.gpkg", "計画.recovery-final.gpkg", "計画.recovery.gpkg.bak"):
        assert not store.is_recovery_name(plan_path.with_name(name)), name


@pytest.mark.parametrize("slot", [1, 2])
def test_an_earlier_versions_autosave_beside_the_plan_is_still_offered(plan_path, slot):
    plan = store.load_plan(plan_path)
    name = "計画.recovery.gpkg" if slot == 1 else "計画.recovery-2.gpkg"
    earlier = plan_path.with_name(name)
    store.save_plan(plan.replace(meta={"by": "the earlier version"}), earlier)
    assert store.find_recovery(plan_path) == earlier
    kept = earlier.read_bytes()
    store.keep_recovery_for_later(plan_path, earlier)  # "Later": kept for this session
    assert store.find_recovery(plan_path, older_too=True) is None
    mine = store.claim_recovery(plan_path)  # (its slot too: this program writes another name)
    assert store.save_recovery(plan, plan_path, mine) != earlier
    store.discard_recovery(plan_path, mine=mine)  # the plan saved in this session
    assert earlier.read_bytes() == kept
    store.release_recovery(plan_path, mine)
    store.release_recovery(plan_path, slot)  # the program ends
    recovery._KEPT.clear()
    assert store.find_recovery(plan_path, older_too=True) == earlier
    assert store.discard_recovery(plan_path) == [earlier]  # "Discard" on the next start
