"""A plan file whose calendar was edited in another program (a database viewer): rows that
make no sense are left out with their customers' visits and the rest of the calendar kept,
out of date; a calendar that cannot be read is set aside whole. Either way the plan opens,
says why and what to do, and the file is left as it is until the plan is saved; never a
traceback later."""

from __future__ import annotations

import sqlite3

import pandas as pd
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


def visits_of(schedule) -> dict[str, set[tuple[int, str]]]:  # noqa: ANN001
    """Each customer's (week, weekday) visits in a calendar."""
    out: dict[str, set[tuple[int, str]]] = {}
    for cid, week, day in zip(schedule["customer_id"], schedule["week"], schedule["day"],
                              strict=True):
        out.setdefault(str(cid), set()).add((int(week), str(day)))
    return out


def test_one_bad_row_leaves_out_its_customer_and_keeps_the_rest_of_the_calendar(
        tmp_path, scheduled, capsys) -> None:
    plan = scheduled[0]
    path = damaged(tmp_path, scheduled, "UPDATE {table} SET day = 'xyz' WHERE fid = 3")
    before = path.read_bytes()
    opened = store.load_plan(path)
    gone = str(plan.schedule["customer_id"].iloc[2])  # row 3 in the file
    visits = int((plan.schedule["customer_id"] == gone).sum())
    assert opened.calendar_set_aside == ""
    assert opened.calendar_left_out == (
        f"1 row of the saved calendar made no sense (row 3: weekday “xyz”); the visits of "
        f"the customer were left out ({visits} in all)")
    # every other visit is kept as it was, and the calendar is out of date
    rest = plan.schedule[plan.schedule["customer_id"] != gone].reset_index(drop=True)
    pd.testing.assert_frame_equal(opened.schedule, rest)
    assert opened.meta["schedule_stale"] is True
    assert opened.meta["schedule_weeks"] == plan.meta["schedule_weeks"]
    pd.testing.assert_frame_equal(opened.unscheduled, plan.unscheduled)
    assert list(opened.customers[m.CUSTOMER_ID]) == list(plan.customers[m.CUSTOMER_ID])
    assert opened.territories == plan.territories
    # the read-only commands work and say so on one line; the file is left as it is
    assert main(["stats", str(path)]) == 0
    out = capsys.readouterr()
    assert "Customers: 40" in out.out and "out of date" in out.out
    assert out.err.strip() == (
        f"territory-planner: warning: the visit calendar saved in p.gpkg was read without "
        f"some visits: {opened.calendar_left_out}; the calendar is out of date, the file is "
        f"left as it is, and territory-planner schedule {path} --keep-days places those "
        f"customers again.")
    assert main(["export", str(path), "--xlsx", str(tmp_path / "p.xlsx")]) == 0
    assert "without some visits" in capsys.readouterr().err and (tmp_path / "p.xlsx").exists()
    assert path.read_bytes() == before
    # saved, the plan opens cleanly: the rest of the calendar, out of date, nothing to tell
    store.save_plan(opened, path)
    again = store.load_plan(path)
    assert again.calendar_left_out == "" and again.calendar_set_aside == ""
    pd.testing.assert_frame_equal(again.schedule, rest)
    assert again.meta["schedule_stale"] is True
    assert main(["stats", str(path)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("sql", "rows"), [
    ("UPDATE {table} SET day = 'xyz' WHERE fid <= 3",
     "3 rows of the saved calendar made no sense (row 1: weekday “xyz”, row 2: weekday "
     "“xyz”, row 3: weekday “xyz”)"),
    ("UPDATE {table} SET day = 'xyz' WHERE fid <= 5",
     "5 rows of the saved calendar made no sense (row 1: weekday “xyz”, row 2: weekday "
     "“xyz”, row 3: weekday “xyz”, and 2 more rows)"),
    ("UPDATE {table} SET day = NULL WHERE fid = 5",
     "1 row of the saved calendar made no sense (row 5: weekday “(empty)”)"),
    ("UPDATE {table} SET week = 0 WHERE fid = 2",
     "1 row of the saved calendar made no sense (row 2: week “0”)"),
    ("UPDATE {table} SET week = -3 WHERE fid IN (4, 6)",
     "2 rows of the saved calendar made no sense (row 4: week “-3”, row 6: week “-3”)"),
    ("UPDATE {table} SET week = 99 WHERE fid = 5",  # beyond the calendar's 8 weeks
     "1 row of the saved calendar made no sense (row 5: week “99”)"),
    ("UPDATE {table} SET territory = 'T99' WHERE fid = 5",  # not a territory of the plan
     "1 row of the saved calendar made no sense (row 5: territory “T99”)"),
    ("UPDATE {table} SET arrival = '25:99' WHERE fid = 5",
     "1 row of the saved calendar made no sense (row 5: arrival “25:99”)"),
    ("UPDATE {table} SET departure = 'noon' WHERE fid = 7",
     "1 row of the saved calendar made no sense (row 7: departure “noon”)"),
    ("UPDATE {table} SET lunch = '12:75' WHERE fid = 7",
     "1 row of the saved calendar made no sense (row 7: lunch break “12:75”)"),
    ("UPDATE {table} SET date = '2026-02-31' WHERE fid = 7",
     "1 row of the saved calendar made no sense (row 7: date “2026-02-31”)"),
    ("UPDATE {table} SET seq = 0 WHERE fid = 7",
     "1 row of the saved calendar made no sense (row 7: stop “0”)"),
    # numbers that read but make no sense: a distance or a duration below 0
    ("UPDATE {table} SET travel_km = -3 WHERE fid = 7",
     "1 row of the saved calendar made no sense (row 7: travel km “-3”)"),
    ("UPDATE {table} SET travel_minutes = -12.5 WHERE fid = 7",
     "1 row of the saved calendar made no sense (row 7: travel minutes “-12.5”)"),
    ("UPDATE {table} SET return_km = -1 WHERE fid = 1",
     "1 row of the saved calendar made no sense (row 1: km home “-1”)"),
    # a visit ending before it begins (its time there below 0)
    ("UPDATE {table} SET departure = '09:00' WHERE fid = 2",  # arrives 10:02
     "1 row of the saved calendar made no sense (row 2: departure “09:00” before its "
     "arrival “10:02”)"),
    # times outside the day: week 1's Tuesday runs 10:02 – 11:01 and its day is 2.7 h long
    ("UPDATE {table} SET arrival = '19:45', departure = '19:51' WHERE fid = 3",
     "1 row of the saved calendar made no sense (row 3: arrival “19:45” outside the day)"),
    ("UPDATE {table} SET departure = '30:00' WHERE fid = 3",
     "1 row of the saved calendar made no sense (row 3: departure “30:00” outside the day)"),
    ("UPDATE {table} SET arrival = '03:00', departure = '03:06' WHERE fid = 2",
     "1 row of the saved calendar made no sense (row 2: arrival “03:00” outside the day)"),
])
def test_each_kind_of_bad_row_is_named_and_left_out_with_its_customer(
        tmp_path, scheduled, sql, rows) -> None:
    plan = scheduled[0]
    path = damaged(tmp_path, scheduled, sql)
    opened = store.load_plan(path)
    assert opened.calendar_set_aside == ""
    assert opened.calendar_left_out.startswith(rows + "; the visits of the")
    kept = visits_of(opened.schedule)
    old = visits_of(plan.schedule)
    assert len(kept) < len(old)
    assert all(kept[c] == old[c] for c in kept)  # the others keep every visit
    assert opened.meta["schedule_stale"] is True


def test_a_visit_under_another_territory_of_the_plan_is_kept_and_placed_anew_by_a_rebuild(
        tmp_path, scheduled) -> None:
    """As for a customer moved to another rep: a rebuild keeping the days places it anew
    and tells it."""
    from planner._schedule_told import changed_customers

    plan = scheduled[0]
    row = plan.schedule.index[plan.schedule["territory"] == "T01"][0]
    moved = str(plan.schedule.at[row, "customer_id"])
    path = damaged(tmp_path, scheduled, f"UPDATE {{table}} SET territory = 'T02' "
                                        f"WHERE customer_id = '{moved}'")
    opened = store.load_plan(path)
    assert opened.calendar_left_out == "" and opened.calendar_set_aside == ""
    assert len(opened.schedule) == len(plan.schedule)
    assert main(["schedule", str(path), "--keep-days", "--quiet"]) == 0
    rebuilt = store.load_plan(path)
    assert set(rebuilt.schedule.loc[rebuilt.schedule["customer_id"] == moved, "territory"]) == {
        "T01"}
    assert moved in changed_customers(rebuilt)


@pytest.mark.parametrize(("sql", "reason"), [
    ("ALTER TABLE {table} DROP COLUMN week", "the column “week” is missing"),
    ("ALTER TABLE {table} DROP COLUMN day", "the column “day” is missing"),
    ("DROP TABLE {table}", "its table is missing"),
])
def test_a_calendar_that_cannot_be_read_is_set_aside_whole(tmp_path, scheduled, sql,
                                                           reason) -> None:
    path = damaged(tmp_path, scheduled, sql)
    before = path.read_bytes()
    opened = store.load_plan(path)
    assert opened.calendar_set_aside == reason and opened.calendar_left_out == ""
    assert opened.schedule is None and opened.unscheduled is None
    assert not any(str(k).startswith("schedule_") for k in opened.meta)  # its figures go too
    assert len(opened.customers) == 40 and opened.territories == scheduled[0].territories
    assert path.read_bytes() == before


def test_the_whole_calendar_set_aside_is_told_on_one_line(tmp_path, scheduled, capsys) -> None:
    path = damaged(tmp_path, scheduled, "ALTER TABLE {table} DROP COLUMN week")
    assert main(["stats", str(path)]) == 0
    assert capsys.readouterr().err.strip() == (
        f"territory-planner: warning: the visit calendar saved in p.gpkg is damaged and was "
        f"set aside (the column “week” is missing); the file is left as it is, and "
        f"territory-planner schedule {path} builds the calendar again.")


def test_the_reason_is_told_in_japanese(tmp_path, scheduled, capsys) -> None:
    from planner.i18n import set_language

    path = damaged(tmp_path, scheduled, "UPDATE {table} SET week = 0 WHERE fid = 2")
    visits = int((scheduled[0].schedule["customer_id"]
                  == scheduled[0].schedule["customer_id"].iloc[1]).sum())
    set_language("ja")
    assert store.load_plan(path).calendar_left_out == (
        f"保存されたカレンダーに正しくない行が1行ありました（2行目の週「0」）。"
        f"該当する顧客1件の訪問を除きました（計{visits}件）")
    assert main(["stats", str(path)]) == 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("territory-planner: 警告: p.gpkg に保存された訪問カレンダーは、"
                          "一部の訪問を除いて読みました。")
    assert "2行目の週「0」" in err and "--keep-days" in err and "\n" not in err
    two = damaged(tmp_path, scheduled, "UPDATE {table} SET day = 'xyz' WHERE fid IN (3, 4)",
                  "two.gpkg")
    assert store.load_plan(two).calendar_left_out.startswith(
        "保存されたカレンダーに正しくない行が2行ありました（3行目の曜日「xyz」、4行目の曜日「xyz」）。")


def test_a_rebuild_keeping_the_days_keeps_the_others_and_places_the_left_out_customer(
        tmp_path, scheduled, capsys) -> None:
    """The customer left out keeps the day its other rows show (more in
    test_store_damage_days.py)."""
    from planner._schedule_told import changed_customers

    plan = scheduled[0]
    path = damaged(tmp_path, scheduled, "UPDATE {table} SET day = 'xyz' WHERE fid = 3")
    assert main(["schedule", str(path), "--keep-days", "--quiet"]) == 0
    assert ("those customers are placed again (with --keep-days on the day their readable "
            "rows show)" in capsys.readouterr().err)
    rebuilt = store.load_plan(path)
    assert rebuilt.calendar_left_out == "" and rebuilt.meta["schedule_stale"] is False
    old, new = visits_of(plan.schedule), visits_of(rebuilt.schedule)
    assert new == old  # the customer left out is visited again, on its days; the others too
    assert changed_customers(rebuilt) == {}  # nobody's day changed: nothing to announce


def test_a_calendar_built_again_in_the_window_no_longer_carries_the_damage(
        tmp_path, scheduled) -> None:
    """The window keeps the loaded plan in memory: a new calendar there must drop what the
    file's damage left out or set aside (the Calendar dock reads it)."""
    from planner.schedule import build_schedule

    path = damaged(tmp_path, scheduled, "UPDATE {table} SET day = 'xyz' WHERE fid = 3")
    loaded = store.load_plan(path)
    assert loaded.calendar_left_out
    rebuilt = build_schedule(loaded, route_seconds=0.01)
    assert rebuilt.calendar_left_out == "" and rebuilt.calendar_set_aside == ""


def test_the_schedule_command_builds_a_new_calendar_in_place_of_one_set_aside(
        tmp_path, scheduled, capsys) -> None:
    path = damaged(tmp_path, scheduled, "ALTER TABLE {table} DROP COLUMN day")
    assert main(["schedule", str(path), "--quiet"]) == 0
    assert "a new calendar is built in its place" in capsys.readouterr().err
    rebuilt = store.load_plan(path)
    assert rebuilt.calendar_set_aside == "" and rebuilt.schedule is not None
    assert len(rebuilt.schedule) > 0


def test_a_file_without_customers_is_still_refused(tmp_path, scheduled) -> None:
    path = damaged(tmp_path, scheduled, "DROP TABLE customers")
    with pytest.raises(PlannerError, match="p.gpkg"):
        store.load_plan(path)
