"""The company's days off across periods: January's calendar after December's closure."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

from planner.days_off import dates_within
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan

ROOT = Path(__file__).resolve().parents[2]


def test_dates_within_keeps_the_closures_of_the_calendar_built():
    plan = synthetic_plan(10, territories=1, seed=1)
    dec = dataclasses.replace(plan.settings, start_date="2026-12-07")
    closure = ("2026-12-29", "2026-12-30", "2027-01-03")
    assert dates_within(closure, dec, 4) == closure
    jan = dataclasses.replace(plan.settings, start_date="2027-01-04")
    assert dates_within(closure, jan, 4) == ()
    assert dates_within(closure, dataclasses.replace(jan, start_date="2026-12-28"), 1) == closure


def test_januarys_calendar_does_not_announce_decembers_closure(tmp_path: Path):
    plan = synthetic_plan(80, territories=2, seed=3)
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    env = dict(os.environ, PYTHONPATH=str(ROOT), LANG="C", LC_ALL="C", PYTHONIOENCODING="utf-8")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "planner", "schedule", str(path), "--quiet",
                               *args], env=env, capture_output=True, text=True,
                              encoding="utf-8", timeout=300)

    dec = run("--start", "2026-12-07", "--company-days-off", "12/29-1/3")
    assert dec.returncode == 0, dec.stderr
    assert "Company days off: 12/29–1/3." in dec.stdout
    jan = run("--start", "2027-01-04", "--keep-days")
    assert jan.returncode == 0, jan.stderr
    assert "Company days off" not in jan.stdout
    # the closure stays stored with its own dates
    assert load_plan(path).settings.company_days_off[0] == "2026-12-29"
    # a closure inside January is still announced, alone
    both = run("--start", "2027-01-04", "--keep-days", "--company-days-off",
               "2026/12/29〜2027/1/3, 1/15")
    assert both.returncode == 0, both.stderr
    assert "Company days off: 1/15." in both.stdout


def test_a_stored_closure_read_back_keeps_its_dates(english):
    import datetime as dt

    from planner.days_off import days_off_label, parse_days_off, reread_days_off

    stored = parse_days_off("12/24, 12/29-1/3", start=dt.date(2026, 12, 7))
    jan = dt.date(2027, 1, 4)
    assert reread_days_off(days_off_label(stored), stored, start=jan) == stored
    assert reread_days_off("12/29 - 1/3", stored, start=jan) == stored[1:]
    # an edited or new range is the next one from week 1
    assert reread_days_off("12/30-1/3", stored, start=jan)[0] == "2027-12-30"
    assert reread_days_off("1/15", stored, start=jan) == ("2027-01-15",)
