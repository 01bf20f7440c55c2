"""The frequency and schedule sub-commands on a real plan file."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import model as m
from planner.cli import main
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan


@pytest.fixture()
def plan_file(tmp_path: Path) -> Path:
    plan = synthetic_plan(40, territories=2, seed=4)
    no_home = plan.territories[1].replace(home_lat=None, home_lon=None)
    plan = plan.replace(territories=(plan.territories[0], no_home))
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    return path


def test_frequency_then_schedule(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frequency", str(plan_file), "--rule", "A=4", "--rule", "B=隔週",
                 "--rule", "C=1", "--sales-band", "20,000,000=8"]) == 0
    out = capsys.readouterr().out
    assert "40" in out
    plan = load_plan(plan_file)
    ranks = plan.customers[m.RANK]
    freq = plan.customers[m.FREQUENCY]
    sales = plan.customers[m.SALES]
    assert (freq[(ranks == "B") & (sales < 2e7)] == 2.0).all()
    assert (freq[sales >= 2e7] == 8.0).all()

    assert main(["schedule", str(plan_file), "--days", "mon,tue,wed,thu", "--day-hours", "9",
                 "-q"]) == 0
    out = capsys.readouterr().out
    plan = load_plan(plan_file)
    assert plan.schedule is not None and len(plan.schedule) > 0
    assert set(plan.schedule["day"]) <= {"mon", "tue", "wed", "thu"}
    assert plan.meta["schedule_day_hours"] == 9.0
    for t in plan.territories:
        assert t.id in out
    assert plan.territories[1].id in plan.meta["schedule_no_home"]
    assert "centre" in out or "中心" in out


def test_schedule_bad_days_exit_1(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = plan_file.read_bytes()
    assert main(["schedule", str(plan_file), "--days", "mon,funday", "-q"]) == 1
    err = capsys.readouterr().err
    assert "funday" in err and "Traceback" not in err
    assert plan_file.read_bytes() == before


def test_frequency_bad_rule_exit_1(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frequency", str(plan_file), "--rule", "A"]) == 1
    assert "A=4" in capsys.readouterr().err
    assert main(["frequency", str(plan_file)]) == 1
