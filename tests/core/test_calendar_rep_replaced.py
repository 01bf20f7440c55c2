"""A rep replaced in the same territory (山田 leaves, 高橋 takes over the area as it is): the
next rebuild keeping the days tells every customer of that territory the new rep and names
the one they knew, on the route sheets and in the list of changes — also when the plan was
saved and opened between the change of rep and the rebuild. The same rep under another
territory id (a redesign, two spellings of one name) is no new rep."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from planner import model as m
from planner import store
from planner._calendar_reps import RepNames
from planner._schedule_told import changed_customers, changed_note, moved_changes
from planner.cli import main
from planner.edits import MergeTerritories, SetRep, apply_edit
from planner.export.excel import export_workbook
from planner.export.excel_routes import rep_title
from planner.i18n import set_language, tr
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(scope="module")
def scheduled() -> m.Plan:
    """Three reps' plan with a calendar."""
    plan = synthetic_plan(60, territories=3, seed=11)
    c = plan.customers.copy()
    c[m.SERVICE_MINUTES] = c[m.SERVICE_MINUTES] * 0.3
    return build_schedule(plan.replace(customers=c), route_seconds=0.01)


def visited_by(plan: m.Plan, tid: str) -> set[str]:
    return set(plan.schedule.loc[plan.schedule["territory"] == tid, "customer_id"].astype(str))


def test_a_replaced_rep_is_told_after_a_save_and_a_rebuild(tmp_path, scheduled) -> None:
    leaver = scheduled.territory("T02")
    replaced = apply_edit(scheduled, SetRep("T02", "高橋 次郎"))[0]
    path = tmp_path / "p.gpkg"
    store.save_plan(replaced, path)  # saved and opened between the change and the rebuild
    assert main(["schedule", str(path), "--keep-days", "--quiet"]) == 0
    rebuilt = store.load_plan(path)
    changed = changed_customers(rebuilt)
    theirs = visited_by(scheduled, "T02") & visited_by(rebuilt, "T02")
    assert theirs and theirs <= set(changed)
    assert not (visited_by(rebuilt, "T01") | visited_by(rebuilt, "T03")) & set(changed)
    assert rebuilt.meta["schedule_kept"] == len(visited_by(scheduled, "T01")
                                                | visited_by(scheduled, "T02")
                                                | visited_by(scheduled, "T03"))  # none moved
    reps = RepNames.of(rebuilt, rep_title)
    for cid in theirs:  # same territory, same day: only the rep is news
        entry = changed[cid]
        assert entry[4] == entry[5] == "T02" and entry[:2] == entry[2:4]
        assert changed_note(entry, reps) == f"New rep (was {rep_title(leaver)})"
    ws = load_workbook(export_workbook(rebuilt, tmp_path / "p.xlsx"))[tr("Changes to announce")]
    rows = {r[0]: r for r in ws.iter_rows(values_only=True) if r and r[0] in theirs}
    assert set(rows) == theirs
    assert {(r[4], r[5]) for r in rows.values()} == {
        (rep_title(leaver), rep_title(rebuilt.territory("T02")))}
    set_language("ja")
    assert changed_note(changed[min(theirs)], RepNames.of(rebuilt, rep_title)) == (
        f"担当変更（旧 {rep_title(leaver)}）")
    set_language("en")
    # told once: the next rebuild, nothing changed, tells no one
    assert main(["schedule", str(path), "--keep-days", "--quiet"]) == 0
    again = store.load_plan(path)
    assert changed_customers(again) == {}
    pd.testing.assert_frame_equal(again.schedule, rebuilt.schedule)


def test_a_rep_replaced_and_put_back_before_the_rebuild_is_no_news(scheduled) -> None:
    leaver = scheduled.territory("T02").rep
    there = apply_edit(scheduled, SetRep("T02", "高橋 次郎"))[0]
    back = apply_edit(there, SetRep("T02", leaver.replace(" ", "　")))[0]  # spelled apart
    assert changed_customers(build_schedule(back, route_seconds=0.01, keep_days=True)) == {}


def test_customers_handed_to_the_same_rep_under_another_territory_are_not_told(
        scheduled) -> None:
    """T03 was 田中's second area: merged into T01, also 田中's, its customers keep their rep."""
    rep = scheduled.territory("T01").rep
    shared = scheduled.replace(territories=tuple(
        t.replace(rep=rep) if t.id == "T03" else t for t in scheduled.territories))
    shared = build_schedule(shared, route_seconds=0.01)
    merged = apply_edit(shared, MergeTerritories("T01", "T03"))[0]
    rebuilt = build_schedule(merged, route_seconds=0.01, keep_days=True)
    handed = visited_by(shared, "T03") & visited_by(rebuilt, "T01")
    assert handed
    changed = changed_customers(rebuilt)
    reps = RepNames.of(rebuilt, rep_title)
    assert not any("New rep" in changed_note(changed.get(cid), reps) for cid in handed)


def test_a_hand_move_back_keeps_the_new_rep_to_tell() -> None:
    """The build told C1 its new rep; moved by hand to Wed and back to Tue it still is."""
    def calendar(day: str) -> pd.DataFrame:
        return pd.DataFrame({"customer_id": ["C1"], "territory": ["T1"], "week": [1],
                             "day": [day]})

    reps = RepNames({"T1": m.Territory(id="T1", name="", rep="山田")},
                    {"T1": m.Territory(id="T1", name="", rep="佐藤")}, rep_title)
    told = {"C1": ["tue", 1, "tue", 1, "T1", "T1"]}
    there = moved_changes(told, calendar("tue"), calendar("wed"), ["C1"], reps)
    assert there["C1"] == ["tue", 1, "wed", 1, "T1", "T1"]
    back = moved_changes(there, calendar("wed"), calendar("tue"), ["C1"], reps)
    assert back["C1"] == ["tue", 1, "tue", 1, "T1", "T1"]
    assert changed_note(back["C1"], reps) == "New rep (was 山田)"
    # without a change of rep, moved back is nothing to tell
    same = RepNames.plain({"T1": "山田"})
    assert moved_changes(moved_changes({}, calendar("tue"), calendar("wed"), ["C1"], same),
                         calendar("wed"), calendar("tue"), ["C1"], same) == {}
