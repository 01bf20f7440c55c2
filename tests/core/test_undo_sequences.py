"""Every edit is undoable, in any order: long random sequences of every edit kind, undone all
the way back and redone all the way forward, give back exactly each plan on the way.

The steps are taken as the window's undo stack takes them (planner/ui/document.py): an edit
is pushed without its no-ops and adds no step when it changes nothing; undo applies the
inverse of its first application; redo applies the edit again, or for an edit that replays
(a calendar move, routed within a time limit) the inverse of its undo.
"""

from __future__ import annotations

import functools
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest

from planner import model as m
from planner.edits import Edit, apply_edit
from planner.errors import PlannerError
from tests.core.plan_snapshots import assert_same, snapshot
from tests.core.undo_edits import KINDS, draw_kind, undo_plan

SEEDS = (11, 23, 37, 41, 59)
STEPS = 40


@dataclass
class Step:
    kind: str
    edit: Edit
    inverse: Edit
    replay: Edit | None = None


@dataclass
class Sequence:
    """The plans a random sequence went through, and its steps."""

    plans: list[m.Plan]
    shots: list[dict[str, Any]]
    steps: list[Step]
    refused: Counter = field(default_factory=Counter)


def push(plan: m.Plan, kind: str, edit: Edit) -> tuple[m.Plan, Step] | None:
    """Apply ``edit`` as the document pushes it; None when it changes nothing."""
    edit = edit.without_no_ops(plan)
    new, inverse, _changes = apply_edit(plan, edit)
    return None if new is plan else (new, Step(kind, edit, inverse))


def undo(plan: m.Plan, step: Step) -> m.Plan:
    back, inverse, _ = apply_edit(plan, step.inverse)
    if step.edit.replays_on_redo():
        step.replay = inverse
    return back


def redo(plan: m.Plan, step: Step) -> m.Plan:
    return apply_edit(plan, step.replay if step.replay is not None else step.edit)[0]


@functools.cache  # the sequences the tests share (its plans are never changed)
def random_sequence(seed: int, steps: int = STEPS) -> Sequence:
    rng = random.Random(seed)
    plan = undo_plan(seed, calendar=seed % 5 != 1)  # some start without a calendar
    seq = Sequence([plan], [snapshot(plan)], [])
    tries = 0
    while len(seq.steps) < steps:
        tries += 1
        assert tries < steps * 20, f"too many edits refused: {seq.refused}"
        kind = draw_kind(rng)
        edit = KINDS[kind][0](rng, plan)
        if edit is None:
            continue
        try:
            pushed = push(plan, kind, edit)
        except PlannerError:
            seq.refused[kind] += 1
            continue
        if pushed is None:
            continue
        plan, step = pushed
        seq.plans.append(plan)
        seq.shots.append(snapshot(plan))
        seq.steps.append(step)
    return seq


def _where(seq: Sequence, i: int, what: str) -> str:
    kinds = [s.kind for s in seq.steps]
    return f"{what} step {i} ({kinds[i - 1] if i else '-'}); steps: {kinds}"


def undo_all(seq: Sequence, plan: m.Plan) -> m.Plan:
    for i in range(len(seq.steps), 0, -1):
        plan = undo(plan, seq.steps[i - 1])
        assert_same(snapshot(plan), seq.shots[i - 1], _where(seq, i, "undoing"))
    return plan


def redo_all(seq: Sequence, plan: m.Plan) -> m.Plan:
    for i in range(1, len(seq.steps) + 1):
        plan = redo(plan, seq.steps[i - 1])
        assert_same(snapshot(plan), seq.shots[i], _where(seq, i, "redoing"))
    return plan


@pytest.mark.parametrize("seed", SEEDS)
def test_a_random_sequence_of_edits_undoes_and_redoes_exactly(seed: int) -> None:
    seq = random_sequence(seed)
    plan = seq.plans[-1]
    plan = undo_all(seq, plan)
    plan = redo_all(seq, plan)
    undo_all(seq, plan)  # the first inverses still fit the redone plans
    for i, (kept, shot) in enumerate(zip(seq.plans, seq.shots, strict=True)):
        assert_same(snapshot(kept), shot, _where(seq, i, "a later edit changed the plan of"))


def test_the_sequences_try_every_edit_kind() -> None:
    """The net covers every edit kind: each one went in somewhere in the seeds' sequences."""
    used: Counter = Counter()
    for seed in SEEDS:
        used.update(step.kind for step in random_sequence(seed).steps)
    assert set(KINDS) - set(used) == set()
