"""A plan file edited in another program (a database viewer) so that its calendar no longer
makes sense: the plan opens without the calendar, and says why and what to do; the file is
left as it is until the plan is saved; never a traceback later."""

from __future__ import annotations

import sqlite3

import pytest

from planner import model as m
from planner import store
from planner.cli import main
from planner.errors import PlannerError
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory: pytest.TempPathFactory) -> tuple[m.Plan, bytes]:
    """A plan with a calendar, and its file's bytes."""
    plan = synthetic_plan(40, territories=2, seed=7)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3
    plan = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    path = tmp_path_factory.mktemp("scheduled") / "p.gpkg"
    store.save_plan(plan, path)
    return plan, path.read_bytes()


def damaged(tmp_path, scheduled, sql: str, name: str = "p.gpkg"):  # noqa: ANN001, ANN201
    """The scheduled plan's file with ``sql`` run on it, as a database viewer would."""
    path = tmp_path / name
    path.write_bytes(scheduled[1])
    db = sqlite3.connect(path)
    with db:
        db.execute(sql.format(table=store.SCHEDULE_TABLE))
    db.close()
    return path


def test_a_visit_on_an_unknown_weekday_sets_the_calendar_aside_not_the_plan(
        tmp_path, scheduled, capsys) -> None:
    plan = scheduled[0]
    path = damaged(tmp_path, scheduled, "UPDATE {table} SET day = 'xyz' WHERE fid = 3")
    before = path.read_bytes()
    opened = store.load_plan(path)
    assert opened.calendar_set_aside == "row 3 has the weekday “xyz”"
    assert opened.schedule is None and opened.unscheduled is None
    assert not any(str(k).startswith("schedule_") for k in opened.meta)  # its figures go too
    assert list(opened.customers[m.CUSTOMER_ID]) == list(plan.customers[m.CUSTOMER_ID])
    assert list(opened.customers[m.TERRITORY]) == list(plan.customers[m.TERRITORY])
    assert list(opened.customers[m.FREQUENCY]) == list(plan.customers[m.FREQUENCY])
    assert opened.territories == plan.territories
    # the read-only commands work and say so on one line; the file is left as it is
    assert main(["stats", str(path)]) == 0
    out = capsys.readouterr()
    assert "Customers: 40" in out.out
    warning = out.err.strip()
    assert warning == (f"territory-planner: warning: the visit calendar saved in p.gpkg is "
                       f"damaged and was set aside (row 3 has the weekday “xyz”); the file is "
                       f"left as it is, and territory-planner schedule {path} builds the "
                       f"calendar again.")
    assert main(["export", str(path), "--xlsx", str(tmp_path / "p.xlsx")]) == 0
    assert "set aside" in capsys.readouterr().err and (tmp_path / "p.xlsx").exists()
    assert path.read_bytes() == before
    # saved, the plan opens cleanly: without a calendar, with nothing to tell
    store.save_plan(opened, path)
    again = store.load_plan(path)
    assert again.calendar_set_aside == "" and again.schedule is None
    assert again.territories == plan.territories
    assert main(["stats", str(path)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("sql", "reason"), [
    ("UPDATE {table} SET day = 'xyz' WHERE fid <= 3",
     "3 rows have an unknown weekday, starting with row 1: “xyz”"),
    ("UPDATE {table} SET day = NULL WHERE fid = 5", "row 5 has the weekday “(empty)”"),
    ("UPDATE {table} SET week = 0 WHERE fid = 2", "row 2 has the week “0”"),
    ("UPDATE {table} SET week = -3 WHERE fid IN (4, 6)",
     "2 rows have an invalid week, starting with row 4: “-3”"),
    ("ALTER TABLE {table} DROP COLUMN week", "the column “week” is missing"),
    ("DROP TABLE {table}", "its table is missing"),
])
def test_each_kind_of_damage_is_named(tmp_path, scheduled, sql, reason) -> None:
    opened = store.load_plan(damaged(tmp_path, scheduled, sql))
    assert opened.calendar_set_aside == reason
    assert opened.schedule is None and len(opened.customers) == 40


def test_the_reason_is_told_in_japanese(tmp_path, scheduled, capsys) -> None:
    from planner.i18n import set_language

    path = damaged(tmp_path, scheduled, "UPDATE {table} SET week = 0 WHERE fid = 2")
    set_language("ja")
    assert store.load_plan(path).calendar_set_aside == "1行の週が正しくありません（最初は2行目の「0」）"
    assert main(["stats", str(path)]) == 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("territory-planner: 警告: p.gpkg に保存された訪問カレンダーは壊れている")
    assert "2行目の「0」" in err and "\n" not in err


def test_the_schedule_command_builds_a_new_calendar_in_its_place(tmp_path, scheduled,
                                                                 capsys) -> None:
    path = damaged(tmp_path, scheduled, "UPDATE {table} SET day = 'xyz' WHERE fid = 3")
    assert main(["schedule", str(path), "--quiet"]) == 0
    assert "a new calendar is built in its place" in capsys.readouterr().err
    rebuilt = store.load_plan(path)
    assert rebuilt.calendar_set_aside == "" and rebuilt.schedule is not None
    assert len(rebuilt.schedule) > 0


def test_a_file_without_customers_is_still_refused(tmp_path, scheduled) -> None:
    path = damaged(tmp_path, scheduled, "DROP TABLE customers")
    with pytest.raises(PlannerError, match="p.gpkg"):
        store.load_plan(path)
