"""One rep with two territories: found by name however it is spaced, the second territory
told apart by name, and the calendar's build (and ``schedule``, ``design --homes``) saying
once that the two calendars are planned separately and may overlap."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner import edits as E
from planner import model as m
from planner.cli import main
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.shared_reps import shared_rep_notes, shared_reps, territories_of_rep
from planner.store import save_plan
from planner.synthetic import synthetic_plan
from tests.core.test_edits import roundtrip

NOTE = ("山田太郎 has 2 territories (山田太郎, 山田太郎 2): their calendars are planned "
        "separately and may book 山田太郎 in two places at the same time.")


@pytest.fixture
def plan() -> m.Plan:
    plan = synthetic_plan(60, territories=3, seed=6)
    t1, t2, t3 = plan.territories
    return plan.replace(territories=(t1.replace(name="山田太郎", rep="山田太郎"),
                                     t2.replace(name="髙橋一郎", rep="髙橋一郎"),
                                     t3.replace(name="東京エリア", rep="佐藤花子")))


def test_a_second_territory_of_a_rep_is_found_and_told_apart_by_name(
    plan: m.Plan, english: None
) -> None:
    assert [t.id for t in territories_of_rep(plan.territories, "山田　太郎", besides="T02")] == ["T01"]
    assert territories_of_rep(plan.territories, "  ") == []
    assert shared_reps(plan.territories) == [] and shared_rep_notes(plan.territories) == []
    shared, _ = roundtrip(plan, E.SetRep("T02", "山田太郎"))
    # named after its old rep: takes the new rep's name, told apart from the other one
    assert (shared.territory("T02").name, shared.territory("T02").rep) == ("山田太郎 2", "山田太郎")
    assert [(rep, [t.id for t in ts]) for rep, ts in shared_reps(shared.territories)] == [
        ("山田太郎", ["T01", "T02"])]
    assert shared_rep_notes(shared.territories) == [NOTE]


def test_the_calendar_build_and_schedule_say_once_that_the_calendars_may_overlap(
    plan: m.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    alone = build_schedule(plan, route_seconds=0.01)
    assert "planned separately" not in alone.meta["schedule_note"]
    shared, _, _ = E.apply_edit(plan, E.SetRep("T02", "山田太郎"))
    built = build_schedule(shared, route_seconds=0.01)
    assert built.meta["schedule_note"].count(NOTE) == 1
    path = tmp_path / "plan.gpkg"
    save_plan(shared, path)
    assert main(["schedule", str(path)]) == 0
    assert capsys.readouterr().out.count(NOTE) == 1
    set_language("ja")
    assert main(["schedule", str(path)]) == 0
    assert capsys.readouterr().out.count(
        "山田太郎は2つのテリトリー（山田太郎、山田太郎 2）を担当しています。カレンダーはテリトリー"
        "ごとに別々に作るため、山田太郎の訪問が同じ時間に2か所で入ることがあります。") == 1


def test_a_homes_file_giving_a_rep_two_territories_is_told(
    plan: m.Plan, tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None
) -> None:
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    homes = tmp_path / "homes.csv"
    homes.write_text("territory,rep,lat,lon\nT01,山田太郎,35.69,139.70\nT02,山田 太郎,35.66,139.75\n"
                     "T03,佐藤花子,35.70,139.80\n", encoding="utf-8")
    assert main(["design", str(path), "--territories", "3", "--homes", str(homes)]) == 0
    out = capsys.readouterr().out
    assert out.count("山田太郎 has 2 territories (山田太郎, 髙橋一郎)") == 1


def test_the_calendar_notes_follow_one_another_as_japanese_sentences(plan: m.Plan) -> None:
    set_language("ja")
    shared, _, _ = E.apply_edit(plan, E.SetRep("T02", "山田太郎"))
    note = build_schedule(shared, route_seconds=0.01).meta["schedule_note"]
    assert note.count("。") >= 2  # the shared rep's note and the calendar's length
    assert "。 " not in note
