"""A plan file edited in another program (a database viewer) so that it no longer makes
sense: told damaged in one sentence, left as it is, never a traceback later."""

from __future__ import annotations

import sqlite3

import pytest

from planner import model as m
from planner import store
from planner.cli import main
from planner.errors import PlannerError
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


def test_a_calendar_visit_on_an_unknown_weekday_is_damage_not_a_crash(tmp_path, capsys) -> None:
    plan = synthetic_plan(40, territories=2, seed=7)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3
    path = tmp_path / "p.gpkg"
    store.save_plan(build_schedule(plan.replace(customers=c), route_seconds=0.01), path)
    with sqlite3.connect(path) as db:
        db.execute(f"UPDATE {store.SCHEDULE_TABLE} SET day = 'xyz' WHERE fid <= 3")
    db.close()
    before = path.read_bytes()
    with pytest.raises(PlannerError, match="p.gpkg is damaged and cannot be opened"):
        store.load_plan(path)
    assert main(["export", str(path), "--xlsx", str(tmp_path / "p.xlsx")]) == 1
    err = capsys.readouterr().err.strip()
    assert "damaged" in err and "\n" not in err and "Traceback" not in err
    assert path.read_bytes() == before and not (tmp_path / "p.xlsx").exists()
