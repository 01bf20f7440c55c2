"""The customers whose visits a damaged saved calendar left out, until the calendar is built
again: a rebuild keeping the days keeps them on the day their readable rows show and tells
them only if it changes, or says their previous day is unknown (never "first visit"); the
figures count them apart from the customers the calendar had no room for, and a plan saved
before the rebuild still knows them."""

from __future__ import annotations

import json
import sqlite3

import pytest
from openpyxl import load_workbook

from planner import model as m
from planner import store
from planner._schedule_damaged import DAMAGED_KEY
from planner._schedule_told import LOST_WEEK, changed_customers, changed_note
from planner.cli import main
from planner.export.excel import export_workbook
from planner.i18n import set_language, tr
from planner.schedule import build_schedule
from planner.stats import plan_stats
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


def damaged(tmp_path, scheduled, sql: str):  # noqa: ANN001, ANN201
    """The scheduled plan's file with ``sql`` run on it, as a database viewer would."""
    path = tmp_path / "p.gpkg"
    path.write_bytes(scheduled[1])
    db = sqlite3.connect(path)
    with db:
        db.execute(sql.format(table=store.SCHEDULE_TABLE))
    db.close()
    return path


def visits_of(schedule, cid: str) -> set[tuple[int, str]]:  # noqa: ANN001
    """A customer's (week, weekday) visits in a calendar."""
    mine = schedule[schedule["customer_id"].astype(str) == cid]
    return {(int(w), str(d)) for w, d in zip(mine["week"], mine["day"], strict=True)}


def a_customer_with_visits(plan: m.Plan, n: int) -> str:
    """A customer the calendar visits ``n`` times."""
    counts = plan.schedule["customer_id"].astype(str).value_counts()
    return str(counts.index[counts == n][0])


@pytest.mark.parametrize("damage", [
    "day = 'xyz'",  # the weekday of one of its visits: the others still tell its day
    "arrival = '25:99'",  # a time: the row still says where the visit is
    "travel_km = -4",
    "departure = '00:10'",  # before its arrival
])
def test_a_rebuild_keeping_the_days_keeps_a_left_out_customer_on_its_readable_day(
        tmp_path, scheduled, damage, capsys) -> None:
    plan = scheduled[0]
    cid = a_customer_with_visits(plan, 4)
    first = int(plan.schedule.index[plan.schedule["customer_id"] == cid][0]) + 1  # its row
    path = damaged(tmp_path, scheduled, f"UPDATE {{table}} SET {damage} WHERE fid = {first}")
    opened = store.load_plan(path)
    assert cid not in set(opened.schedule["customer_id"])  # left out with all its visits
    assert opened.meta[DAMAGED_KEY].keys() == {cid}
    assert main(["schedule", str(path), "--keep-days", "--quiet"]) == 0
    assert "on the day their readable rows show" in capsys.readouterr().err
    rebuilt = store.load_plan(path)
    assert visits_of(rebuilt.schedule, cid) == visits_of(plan.schedule, cid)  # its day kept
    assert cid not in changed_customers(rebuilt)  # nothing to announce: its day is the same
    assert DAMAGED_KEY not in rebuilt.meta


def test_visits_of_it_left_unreadable_do_not_make_a_customer_seem_seen_less_often(
        tmp_path, scheduled) -> None:
    """Every 2 weeks, two of its four rows' weeks typed as 0: its readable visits are four
    weeks apart, but nobody tells it "now every 2 weeks (was every 4 weeks)"."""
    plan = scheduled[0]
    cid = a_customer_with_visits(plan, 4)
    weeks = sorted(visits_of(plan.schedule, cid))
    assert [w for w, _d in weeks] == [weeks[0][0] + 2 * k for k in range(4)]  # every 2 weeks
    gone = f"{weeks[1][0]}, {weeks[3][0]}"
    path = damaged(tmp_path, scheduled, f"UPDATE {{table}} SET week = 0 WHERE customer_id = "
                                        f"'{cid}' AND week IN ({gone})")
    assert store.load_plan(path).meta[DAMAGED_KEY][cid]["rows"] == 4
    assert main(["schedule", str(path), "--keep-days", "--quiet"]) == 0
    rebuilt = store.load_plan(path)
    assert visits_of(rebuilt.schedule, cid) == visits_of(plan.schedule, cid)
    assert cid not in changed_customers(rebuilt)


def test_a_customer_whose_every_row_was_damaged_is_told_its_previous_day_is_unknown(
        tmp_path, scheduled) -> None:
    plan = scheduled[0]
    cid = a_customer_with_visits(plan, 2)
    path = damaged(tmp_path, scheduled,
                   f"UPDATE {{table}} SET day = 'xyz' WHERE customer_id = '{cid}'")
    # its day is not known
    assert store.load_plan(path).meta[DAMAGED_KEY] == {cid: {"visits": [], "rows": 2}}
    assert main(["schedule", str(path), "--keep-days", "--quiet"]) == 0
    rebuilt = store.load_plan(path)
    entry = changed_customers(rebuilt)[cid]
    assert entry[:2] == ["", LOST_WEEK] and entry[2]  # a day now, the one before unknown
    # the route sheets and the Calendar say so, never "first visit in this calendar"
    assert changed_note(entry) == ("Previous day unknown (its saved calendar row was "
                                   "damaged): tell the customer its day")
    # and so does the office's list of changes to announce
    ws = load_workbook(export_workbook(rebuilt, tmp_path / "p.xlsx"))[tr("Changes to announce")]
    row = next(r for r in ws.iter_rows(values_only=True) if r and r[0] == cid)
    assert "Unknown: its saved calendar row was damaged" in row
    assert "Not in the previous calendar" not in row
    set_language("ja")
    assert changed_note(entry) == "前回の曜日不明（保存されたカレンダーの行が壊れていたため）: 訪問曜日をお知らせ"


def test_a_customer_the_previous_calendar_had_no_room_for_is_still_a_first_visit() -> None:
    """Only a customer whose rows were damaged has an unknown previous day."""
    plan = synthetic_plan(12, territories=1, seed=3)
    plan = build_schedule(plan, route_seconds=0.01)
    cid = str(plan.schedule["customer_id"].iloc[0])
    without = plan.replace(schedule=plan.schedule[plan.schedule["customer_id"] != cid])
    entry = changed_customers(build_schedule(without, route_seconds=0.01, keep_days=True))[cid]
    assert entry[:2] == ["", 0]
    assert changed_note(entry) == "First visit in this calendar: tell the customer its day"


def test_a_plan_saved_before_the_rebuild_still_knows_the_left_out_customers(
        tmp_path, scheduled, capsys) -> None:
    plan = scheduled[0]
    cid = a_customer_with_visits(plan, 4)
    first = int(plan.schedule.index[plan.schedule["customer_id"] == cid][0]) + 1
    path = damaged(tmp_path, scheduled, f"UPDATE {{table}} SET day = 'xyz' WHERE fid = {first}")
    store.save_plan(store.load_plan(path), path)
    again = store.load_plan(path)
    assert again.calendar_left_out == ""  # the file no longer holds the damage …
    assert list(again.meta[DAMAGED_KEY]) == [cid]  # … but the plan remembers whom it cost
    capsys.readouterr()
    assert main(["stats", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["schedule"]["damaged_left_out"] == 1
    rebuilt = build_schedule(again, route_seconds=0.01, keep_days=True)
    assert visits_of(rebuilt.schedule, cid) == visits_of(plan.schedule, cid)
    assert cid not in changed_customers(rebuilt)


def test_a_customer_deleted_before_the_rebuild_is_no_longer_counted(tmp_path, scheduled) -> None:
    plan = scheduled[0]
    cid = a_customer_with_visits(plan, 4)
    path = damaged(tmp_path, scheduled,
                   f"UPDATE {{table}} SET day = 'xyz' WHERE customer_id = '{cid}'")
    opened = store.load_plan(path)
    c = opened.customers
    gone = opened.replace(customers=c[c[m.CUSTOMER_ID] != cid].reset_index(drop=True))
    assert plan_stats(opened)["schedule"]["damaged_left_out"] == 1
    assert plan_stats(gone)["schedule"]["damaged_left_out"] == 0


def test_the_figures_count_the_left_out_customers_apart(tmp_path, scheduled, capsys) -> None:
    """`stats` (text and JSON, a new key: "unscheduled" keeps its meaning), and the
    workbook's summary, until the calendar is built again."""
    plan = scheduled[0]
    ids = plan.schedule["customer_id"].astype(str)
    two = [a_customer_with_visits(plan, 4), a_customer_with_visits(plan, 2)]
    path = damaged(tmp_path, scheduled, "UPDATE {table} SET week = 0 WHERE customer_id IN "
                                        f"('{two[0]}', '{two[1]}')")
    opened = store.load_plan(path)
    capsys.readouterr()
    assert main(["stats", str(path), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    s = stats["schedule"]
    assert s["damaged_left_out"] == 2
    assert s["unscheduled"] == len(plan.unscheduled)  # the customers it had no room for
    assert s["visits"] == int((~ids.isin(two)).sum())
    terr = dict(zip(plan.customers[m.CUSTOMER_ID].astype(str),
                    plan.customers[m.TERRITORY].astype(str), strict=True))
    for t in stats["territories"]:
        assert t["damaged_left_out_customers"] == sum(terr[c] == t["id"] for c in two)
    assert main(["stats", str(path)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("Schedule:"))
    assert "the visits of 2 customers left out of the saved calendar (damaged rows)" in line
    ws = load_workbook(export_workbook(opened, tmp_path / "p.xlsx"))[tr("Summary")]
    notes = {r[0]: r[3] for r in ws.iter_rows(values_only=True) if r and r[0]}
    assert notes["Customers left out (damaged rows)"] == 2
    # built again, they are in the calendar and counted no more
    rebuilt = build_schedule(opened, route_seconds=0.01, keep_days=True)
    store.save_plan(rebuilt, path)
    assert main(["stats", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["schedule"]["damaged_left_out"] == 0
    assert main(["stats", str(path)]) == 0
    assert "damaged rows" not in capsys.readouterr().out
