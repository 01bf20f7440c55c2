"""The territories' calendars built in worker processes: the same calendar, progress, cancel,
errors and the fallbacks (:mod:`planner._schedule_parallel`)."""

from __future__ import annotations

import dataclasses
import multiprocessing

import numpy as np
import pandas as pd
import pytest

from planner import _schedule_parallel as par
from planner import model as m
from planner import schedule as sched
from planner.errors import Cancelled
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

#: Long enough that every route search ends when it stops improving, never on the clock: the
#: calendar then depends on its input alone, and two builds can be compared exactly (with the
#: default 0.05 s a busy machine may cut a search sooner in one build than in the other).
ROUTE_SECONDS = 30.0


def _plan() -> m.Plan:
    plan = synthetic_plan(90, territories=3, seed=5)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4, 2, 1, 8, 2, 1, 1, 4, 2, 1], dtype=float), len(c))
    c[m.CLOSED_DAYS] = np.resize(np.array(["", "wed", "", "mon,thu", "", "fri"], dtype=object),
                                 len(c))
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07",
                                   company_days_off=("2026-12-29", "2026-12-30", "2026-12-31"))
    return plan.replace(customers=c, settings=settings)


@pytest.fixture()
def small_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(par, "MIN_PARALLEL_CUSTOMERS", 0)  # workers even for a small plan


def _build(plan: m.Plan, workers: int, messages: list[str] | None = None) -> m.Plan:
    def progress(_fraction: float, message: str) -> None:
        if messages is not None:
            messages.append(message)

    return build_schedule(plan, route_seconds=ROUTE_SECONDS, workers=workers, progress=progress)


def _same(a: m.Plan, b: m.Plan) -> None:
    pd.testing.assert_frame_equal(a.schedule, b.schedule)
    pd.testing.assert_frame_equal(a.unscheduled, b.unscheduled)
    assert a.meta == b.meta


def test_two_workers_build_the_calendar_one_builds(small_counts: None) -> None:
    plan = _plan()
    said: list[str] = []
    one = _build(plan, 1)
    two = _build(plan, 2, said)
    assert any("territories ready" in s for s in said)  # the workers built it
    assert not any(s.startswith("Calendar for ") for s in said)  # not the loop here
    assert one.schedule["territory"].nunique() == 3 and len(one.meta["schedule_skipped"]) > 0
    _same(one, two)


def test_progress_names_the_reps_being_built_and_rises(small_counts: None) -> None:
    fractions: list[float] = []
    said: list[str] = []

    def progress(fraction: float, message: str) -> None:
        fractions.append(fraction)
        said.append(message)

    build_schedule(_plan(), route_seconds=ROUTE_SECONDS, workers=2, progress=progress)
    names = {t.name or t.id for t in _plan().territories}
    assert any("building" in s and any(n in s for n in names) for s in said)
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("3 of 3 territories ready" in s for s in said)


def test_cancel_ends_the_workers(small_counts: None) -> None:
    def progress(_fraction: float, message: str) -> bool:
        return "building" not in message  # Cancel once a worker has begun

    with pytest.raises(Cancelled):
        build_schedule(_plan(), route_seconds=ROUTE_SECONDS, workers=2, progress=progress)
    assert multiprocessing.active_children() == []  # nothing left running


def test_a_worker_error_is_the_error_of_the_loop(
    small_counts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs: list[par.TerritoryJob] = []
    monkeypatch.setattr(sched, "run_territories",
                        lambda j, **_k: jobs.extend(j) or par.run_territories(j, **_k))
    _build(_plan(), 1)
    broken = [dataclasses.replace(j, ctx=dataclasses.replace(j.ctx, lat=j.ctx.lat[:-1]))
              if k == 1 else j for k, j in enumerate(jobs)]  # a bug in one territory's work
    errors = []
    for workers in (1, 2):
        with pytest.raises(Exception) as caught:
            par.run_territories(broken, workers=workers, progress=None)
        errors.append((type(caught.value), str(caught.value)))
    assert errors[0] == errors[1]
    assert multiprocessing.active_children() == []


def test_a_daemonic_process_builds_in_the_loop(
    small_counts: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(multiprocessing.current_process(), "daemon", True)
    built = _build(_plan(), 2, said)  # a daemonic process may start no workers
    monkeypatch.undo()
    assert any(s.startswith("Calendar for ") for s in said)
    assert not any("territories ready" in s for s in said)
    assert built.schedule is not None and len(built.schedule) > 0


def test_a_small_plan_is_built_in_the_loop() -> None:
    said: list[str] = []
    _build(_plan(), 2, said)  # 90 customers: starting workers would cost more than it saves
    assert not any("territories ready" in s for s in said)


def test_default_workers_are_the_cores_capped_by_the_territories() -> None:
    assert par.default_workers(1) == 1
    assert 1 <= par.default_workers(64) <= 64


def test_the_message_names_three_reps_and_counts_the_others() -> None:
    jobs = [par.TerritoryJob(f"R{k}", None, {}) for k in range(6)]  # type: ignore[arg-type]
    text = par._message(jobs, [1.0, 0.5, 0.5, 0.5, 0.5, 0.5], {1, 2, 3, 4, 5})
    assert text == "Calendar: 1 of 6 territories ready; building R1, R2, R3 and 2 more…"


def test_schedule_workers_on_the_command_line(
    tmp_path, small_counts: None, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner.cli import main
    from planner.store import load_plan, save_plan

    path = tmp_path / "plan.gpkg"
    save_plan(synthetic_plan(60, territories=2, seed=4), path)
    before = path.read_bytes()
    assert main(["schedule", str(path), "--workers", "0", "-q"]) == 2  # one sentence, no build
    err = capsys.readouterr().err
    assert "--workers" in err and "Traceback" not in err
    assert path.read_bytes() == before
    assert main(["schedule", str(path), "--workers", "2", "-q"]) == 0
    assert load_plan(path).schedule["territory"].nunique() == 2


SCRIPT = """
import planner._schedule_parallel as par
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
par.MIN_PARALLEL_CUSTOMERS = 0
plan = build_schedule(synthetic_plan(60, territories=2, seed=4), workers=2)
print("built", len(plan.schedule))
"""


def test_a_script_without_a_main_guard_builds_once(tmp_path) -> None:
    """Spawned workers import the main script again: one without ``if __name__ ==
    "__main__":`` must not have each worker build the whole calendar before its share."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "unguarded.py"
    script.write_text(SCRIPT, encoding="utf-8")
    root = str(Path(par.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": root}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("built") == 1  # the parent's build alone
