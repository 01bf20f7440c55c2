"""``schedule PLAN --keep-days --from DATE --only REPS`` on a plan file: the past and the
other reps stay, each visit moved is told with its dates, a wrong option changes nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from planner.cli import main
from planner.edits import UpdateTerritory, apply_edit
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan

KEY = ["territory", "customer_id", "week", "day", "seq", "arrival", "departure", "date"]


@pytest.fixture()
def sick_plan(tmp_path: Path) -> Path:
    """A dated calendar from 12/7; the rep of T01 (鈴木 一郎) then off sick on 12/16."""
    plan = synthetic_plan(60, territories=2, seed=4)
    reps = tuple(dataclasses.replace(t, rep=r)
                 for t, r in zip(plan.territories, ["鈴木 一郎", "田中 健太"], strict=True))
    plan = plan.replace(territories=reps, settings=dataclasses.replace(
        plan.settings, start_date="2026-12-07"))
    plan = build_schedule(plan, route_seconds=0.01, workers=1)
    plan = apply_edit(plan, UpdateTerritory.of("T01", days_off=("2026-12-16",)))[0]
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    return path


def _rows(frame):  # type: ignore[no-untyped-def]
    return sorted(map(tuple, frame[KEY].astype(str).to_numpy().tolist()))


def test_from_and_only_keep_the_past_and_the_other_rep(
    sick_plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = load_plan(sick_plan).schedule
    set_language("ja")
    try:
        assert main(["schedule", str(sick_plan), "--keep-days", "--from", "2026-12-16",
                     "--only", "鈴木", "-q"]) == 0
    finally:
        set_language(None)
    out = capsys.readouterr().out
    after = load_plan(sick_plan).schedule
    assert _rows(before[before["date"] < "2026-12-16"]) == _rows(after[after["date"] < "2026-12-16"])
    assert _rows(before[before["territory"] == "T02"]) == _rows(after[after["territory"] == "T02"])
    assert not ((after["territory"] == "T01") & (after["date"] == "2026-12-16")).any()
    sick = before[(before["territory"] == "T01") & (before["date"] == "2026-12-16")]
    assert len(sick)
    assert "鈴木 一郎" in out and "12/16(水) →" in out
    for cid in sick["customer_id"]:  # each customer of the day off, with its new day
        line = next(x for x in out.splitlines() if x.strip().startswith(cid))
        assert "12/16(水)" in line


@pytest.mark.parametrize(("args", "said"), [
    (["--from", "16.12.2026"], "2026-12-16"),
    (["--only", "佐藤"], "佐藤"),
    (["--from", "2027-03-01"], "3/1"),
])
def test_a_wrong_from_or_only_changes_nothing(
    sick_plan: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    before = sick_plan.read_bytes()
    assert main(["schedule", str(sick_plan), "--keep-days", *args, "-q"]) != 0
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert sick_plan.read_bytes() == before


@pytest.mark.parametrize("args", [
    ["--from", "2026-12-16", "--start", "2027-01-04"],
    ["--from", "2026-12-16", "--weeks", "6"],
    ["--only", "鈴木", "--weeks", "2"],
    ["--only", "鈴木", "--start", "2026-12-14"],
])
def test_another_start_or_weeks_is_refused_before_the_build(
    sick_plan: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    """The calendar kept and the one built must be the same calendar: a new start or cycle
    is refused in one sentence before the build (which took minutes on a large plan)."""
    import planner.schedule

    def no_build(*_args: object, **_kw: object) -> None:
        raise AssertionError("built before refusing")

    monkeypatch.setattr(planner.schedule, "build_schedule", no_build)
    before = sick_plan.read_bytes()
    assert main(["schedule", str(sick_plan), *args, "-q"]) != 0
    err = capsys.readouterr().err.strip()
    assert "same calendar" in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert sick_plan.read_bytes() == before
