"""A territory the plan removed with the program's own commands (a rep who left: ``design
--retire``, fewer territories, a territory merged into another or deleted) keeps its visits
in the saved calendar: read back they are the previous calendar, out of date — not damage —
and a rebuild keeping the days tells each of its customers the new rep and names the one
who left ("New rep (was 田中 健太)"), with the previous day. A territory id that never was
the plan's (typed in a database viewer) still counts as damage."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest
from openpyxl import load_workbook

from planner import model as m
from planner import store
from planner._calendar_reps import (
    TERRITORIES_KEY,
    calendar_territories,
    former_territories,
    remember_territories,
)
from planner._schedule_told import LOST_WEEK, changed_customers, changed_note
from planner.cli import main
from planner.edits import DeleteTerritory, MergeTerritories, apply_edit
from planner.export.excel import export_workbook
from planner.export.excel_routes import rep_title
from planner.i18n import set_language, tr
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def scheduled() -> m.Plan:
    """Three reps' plan with a calendar."""
    plan = synthetic_plan(60, territories=3, seed=7)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3
    return build_schedule(plan.replace(customers=c), route_seconds=0.01)


def merged(plan: m.Plan) -> m.Plan:
    """T03's rep leaves: the territory merged into T01 (the window's Merge)."""
    return apply_edit(plan, MergeTerritories("T01", "T03"))[0]


def visited_by(plan: m.Plan, tid: str) -> set[str]:
    return set(plan.schedule.loc[plan.schedule["territory"] == tid, "customer_id"].astype(str))


def test_a_removed_territorys_visits_read_back_as_the_previous_calendar(
        tmp_path, scheduled, capsys) -> None:
    path = tmp_path / "p.gpkg"
    store.save_plan(merged(scheduled), path)
    opened = store.load_plan(path)
    assert opened.calendar_left_out == "" and opened.calendar_set_aside == ""
    assert "T03" not in opened.territory_ids
    pd.testing.assert_frame_equal(opened.schedule, scheduled.schedule)  # every visit kept
    assert opened.meta["schedule_stale"] is True
    leaver = scheduled.territory("T03")
    assert former_territories(opened) == (m.Territory(id="T03", name=leaver.name,
                                                      rep=leaver.rep),)
    # no command tells it as damage
    assert main(["stats", str(path)]) == 0
    out = capsys.readouterr()
    assert out.err == "" and "damaged" not in out.out and "out of date" in out.out


def test_a_territory_that_never_was_the_plans_is_still_damage(tmp_path, scheduled) -> None:
    path = tmp_path / "p.gpkg"
    store.save_plan(merged(scheduled), path)
    db = sqlite3.connect(path)
    with db:
        db.execute(f"UPDATE {store.SCHEDULE_TABLE} SET territory = 'T99' WHERE fid = 5")
    db.close()
    opened = store.load_plan(path)
    assert opened.calendar_left_out.startswith(
        "1 row of the saved calendar made no sense (row 5: territory “T99”)")
    assert "T03" in set(opened.schedule["territory"])  # the removed one's rows are no damage
    assert "T99" not in {t.id for t in calendar_territories(opened)}


@pytest.mark.parametrize("remove", ["merge", "delete", "retire"])
def test_a_rebuild_keeping_the_days_names_the_rep_who_left(
        tmp_path, scheduled, remove) -> None:
    leaver = scheduled.territory("T03")
    if remove == "merge":
        after = merged(scheduled)
    elif remove == "delete":  # its customers go to T02 by hand afterwards
        after = apply_edit(scheduled, DeleteTerritory("T03"))[0]
        c = after.customers.copy()
        c.loc[c[m.TERRITORY] == "", m.TERRITORY] = "T02"
        after = after.replace(customers=c)
    else:
        after = None
    path = tmp_path / "p.gpkg"
    if after is None:  # the command line: design --retire
        store.save_plan(scheduled, path)
        assert main(["design", str(path), "--retire", leaver.name, "--territories", "2",
                     "--ignore-homes"]) == 0
    else:
        store.save_plan(after, path)
    assert store.load_plan(path).calendar_left_out == ""
    assert main(["schedule", str(path), "--keep-days", "--quiet"]) == 0
    rebuilt = store.load_plan(path)
    assert "T03" not in set(rebuilt.schedule["territory"])
    handed = visited_by(scheduled, "T03") & set(rebuilt.schedule["customer_id"].astype(str))
    assert handed
    changed = changed_customers(rebuilt)
    reps = {t.id: rep_title(t) for t in calendar_territories(rebuilt)}
    for cid in handed:  # every customer who changed hands, with the day it had
        entry = changed[cid]
        assert entry[4] == "T03" and entry[5] != "T03"
        assert entry[0] and entry[1] != LOST_WEEK
        assert changed_note(entry, reps).startswith(f"New rep (was {rep_title(leaver)})")
    # the office's list names the previous rep and day for each of them
    ws = load_workbook(export_workbook(rebuilt, tmp_path / "p.xlsx"))[tr("Changes to announce")]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0] in handed}
    assert set(rows) == handed
    assert {r[4] for r in rows.values()} == {rep_title(leaver)}
    assert not any("Unknown" in str(r[6]) or "Not in" in str(r[6]) for r in rows.values())
    # and so do the route sheets, in Japanese too
    set_language("ja")
    one = sorted(handed)[0]
    assert changed_note(changed[one], {t.id: rep_title(t) for t in calendar_territories(
        rebuilt)}).startswith(f"担当変更（旧 {rep_title(leaver)}）")
    # the leaver's id stays taken while the changes name it
    assert rebuilt.next_territory_id() != "T03"


def test_a_rebuild_before_saving_names_the_rep_who_left_too(scheduled) -> None:
    """The calendar built in this session remembers its territories: delete or merge one
    and rebuild without saving in between."""
    assert scheduled.meta[TERRITORIES_KEY]["T03"] == {
        "name": scheduled.territory("T03").name, "rep": scheduled.territory("T03").rep}
    rebuilt = build_schedule(merged(scheduled), route_seconds=0.01, keep_days=True)
    (leaver,) = former_territories(rebuilt)
    assert leaver.id == "T03" and leaver.rep == scheduled.territory("T03").rep
    assert {e[4] for e in changed_customers(rebuilt).values() if e[5] != e[4]} == {"T03"}


def test_the_record_keeps_the_reps_the_calendar_was_built_with(scheduled) -> None:
    """A rep replaced after the build stays the calendar's rep in the record (the customers
    still know them) until the next build records the new one."""
    was = scheduled.territory("T02").rep
    renamed = scheduled.replace(territories=tuple(
        t.replace(rep="新 担当") if t.id == "T02" else t for t in scheduled.territories))
    assert remember_territories(renamed).meta[TERRITORIES_KEY]["T02"]["rep"] == was
    rebuilt = build_schedule(renamed, route_seconds=0.01, keep_days=True)
    assert rebuilt.meta[TERRITORIES_KEY]["T02"]["rep"] == "新 担当"
    # a record lacking a territory the calendar names takes it as it is now
    lacking = renamed.replace(meta={k: v for k, v in renamed.meta.items()
                                    if k != TERRITORIES_KEY})
    assert remember_territories(lacking).meta[TERRITORIES_KEY]["T02"]["rep"] == "新 担当"
    no_calendar = scheduled.replace(schedule=None, unscheduled=None, meta={
        k: v for k, v in scheduled.meta.items() if k != "schedule_changed_days"})
    assert TERRITORIES_KEY not in remember_territories(no_calendar).meta


def test_a_plan_saved_before_the_record_was_kept_reads_its_listed_territories(
        tmp_path, scheduled) -> None:
    """A file saved by an earlier version after the hand-over: no record, but the calendar's
    own lists (changes, visits left out on closed days) name the territory, so its rows are
    the previous calendar; the rep who left is named by the territory's id."""
    import json

    after = merged(scheduled)
    listed = after.replace(meta={**after.meta, "schedule_changed_days": {
        "C1": ["mon", 1, "tue", 1, "T03", "T03"]}})  # as the previous build listed it
    path = tmp_path / "p.gpkg"
    store.save_plan(listed, path)
    db = sqlite3.connect(path)
    with db:
        (value,) = db.execute(f"SELECT value FROM {store.META_TABLE} "
                              f"WHERE key = 'plan_meta'").fetchone()
        meta = json.loads(value)
        del meta[TERRITORIES_KEY]
        db.execute(f"UPDATE {store.META_TABLE} SET value = ? WHERE key = 'plan_meta'",
                   (json.dumps(meta, ensure_ascii=False),))
    db.close()
    opened = store.load_plan(path)
    assert opened.calendar_left_out == "" and len(opened.schedule) == len(scheduled.schedule)
    rebuilt = build_schedule(opened, route_seconds=0.01, keep_days=True)
    handed = visited_by(scheduled, "T03")
    changed = changed_customers(rebuilt)
    assert all(changed[cid][4] == "T03" and changed[cid][0] for cid in handed)
    assert changed_note(changed[sorted(handed)[0]], {t.id: rep_title(t) for t in
                        calendar_territories(rebuilt)}).startswith("New rep (was T03)")
