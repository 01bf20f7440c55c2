"""``territory-planner homes PLAN.gpkg HOMES.csv``: the reps' home bases set from a file
without designing the territories again (``design --homes`` redesigned every territory)."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pandas as pd
import pytest

from planner import model as m
from planner.cli import main
from planner.schedule import build_schedule
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "resources" / "sample"

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture()
def sample_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.gpkg"
    shutil.copy(SAMPLE / "sample_plan.gpkg", path)
    return path


def _write(tmp_path: Path, text: str, name: str = "homes.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_homes_sets_only_the_home_bases_of_the_named_reps(sample_file, tmp_path, capsys):
    before = load_plan(sample_file)
    homes = _write(tmp_path, "rep,name,lat,lon\n"
                   "鈴木一郎,,35.681236,139.767125\n"        # by rep, written without the space
                   ",熊谷エリア,36.147,139.389\n")           # by territory name
    assert main(["homes", str(sample_file), str(homes)]) == 0
    out = capsys.readouterr().out
    assert "鈴木 一郎 (東京エリア): 35.681236, 139.767125" in out
    assert "佐藤 花子 (熊谷エリア): 36.147000, 139.389000" in out
    assert "Set the home bases of 2 reps; the territories are as they were." in out
    after = load_plan(sample_file)
    homes_after = {t.id: (t.home_lat, t.home_lon) for t in after.territories}
    assert homes_after["T01"] == (35.681236, 139.767125)
    assert homes_after["T08"] == (36.147, 139.389)
    for t in before.territories:  # the others as they were, and every other field too
        if t.id not in ("T01", "T08"):
            assert homes_after[t.id] == (t.home_lat, t.home_lon)
    assert [t.replace(home_lat=None, home_lon=None) for t in after.territories] == [
        t.replace(home_lat=None, home_lon=None) for t in before.territories]
    cols = [m.CUSTOMER_ID, m.TERRITORY, m.LOCKED, m.FREQUENCY]
    pd.testing.assert_frame_equal(after.customers[cols].reset_index(drop=True),
                                  before.customers[cols].reset_index(drop=True))


def test_a_line_by_id_finds_its_territory_and_an_unknown_rep_is_named(sample_file, tmp_path,
                                                                      capsys):
    homes = _write(tmp_path, "id,rep,lat,lon\nT03,,35.70,139.41\n,木村 次郎,35.6,139.6\n"
                   "T99,,35.5,139.5\n")
    assert main(["homes", str(sample_file), str(homes), "--lang", "ja"]) == 0
    captured = capsys.readouterr()
    assert "高橋 美咲（立川エリア）: 35.700000, 139.410000" in captured.out
    assert captured.err == ("territory-planner: 警告: 2行はどの担当者にも当たらないため"
                            "読み込みませんでした: 木村 次郎、T99。\n")
    after = load_plan(sample_file)
    assert [t.id for t in after.territories] == [f"T0{n}" for n in range(1, 9)]  # none added
    assert (after.territory("T03").home_lat, after.territory("T03").home_lon) == (35.70, 139.41)


def test_a_file_naming_none_of_the_reps_is_refused_and_the_plan_untouched(sample_file, tmp_path,
                                                                          capsys):
    before = sample_file.read_bytes()
    homes = _write(tmp_path, "rep,lat,lon\n木村 次郎,35.6,139.6\n小林 誠,35.7,139.7\n")
    assert main(["homes", str(sample_file), str(homes)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("territory-planner: homes.csv names none of the plan's reps "
                          "(木村 次郎, 小林 誠); the plan's reps are 鈴木 一郎 (東京エリア), ")
    assert sample_file.read_bytes() == before


def test_a_bad_file_says_which_columns_it_needs(sample_file, tmp_path, capsys):
    homes = _write(tmp_path, "code,shop,city\nA1,新宿店,新宿区\n")
    before = sorted(p.name for p in tmp_path.iterdir()), sample_file.read_bytes()
    assert main(["homes", str(sample_file), str(homes)]) == 1
    assert capsys.readouterr().err == (
        "territory-planner: homes.csv is not a homes file: it needs the columns territory "
        "(or id), name, rep, lat and lon (or address), and has code, shop, city.\n")
    assert (sorted(p.name for p in tmp_path.iterdir()), sample_file.read_bytes()) == before


def test_a_missing_homes_file_argument_is_a_bad_argument(sample_file, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["homes", str(sample_file)])
    assert stop.value.code == 2
    assert "HOMES.csv" in capsys.readouterr().err


def test_a_built_calendar_is_marked_out_of_date(tmp_path, capsys):
    path = tmp_path / "plan.gpkg"
    plan = build_schedule(synthetic_plan(40, territories=2, seed=4), weeks=1)
    assert not plan.meta.get("schedule_stale")
    save_plan(plan, path)
    first = plan.territories[0]
    homes = _write(tmp_path, f"id,lat,lon\n{first.id},35.70,139.41\n")
    assert main(["homes", str(path), str(homes)]) == 0
    assert "The calendar is out of date" in capsys.readouterr().err
    after = load_plan(path)
    assert after.meta.get("schedule_stale") is True
    assert after.schedule is not None


def test_the_same_home_bases_leave_the_file_as_it_was(sample_file, tmp_path, capsys):
    before = sample_file.read_bytes()
    assert main(["homes", str(sample_file), str(SAMPLE / "homes.csv")]) == 0
    out = capsys.readouterr().out
    assert out.count("(as it was)") == 8
    assert sample_file.read_bytes() == before


def test_columns_the_command_does_not_take_are_named_once_on_stderr(sample_file, tmp_path,
                                                                   capsys):
    """Hours, working days and a new name in the file: only the window's Load home bases from
    a file… and design --homes take them; the command says which columns it left."""
    homes = _write(tmp_path, "territory,name,rep,lat,lon,週の稼働時間,days\n"
                   "T01,東京エリア,鈴木一郎,35.681236,139.767125,32,mon tue wed\n"
                   "T08,熊谷北エリア,,36.147,139.389,,\n")
    assert main(["homes", str(sample_file), str(homes)]) == 0
    err = capsys.readouterr().err.splitlines()
    said = [line for line in err if "not used" in line]
    assert said == ["territory-planner: note: the columns name, 週の稼働時間, days of "
                    "homes.csv were not used (this command sets only the home bases); the "
                    "window's Territory → Load home bases from a file… or design --homes use "
                    "them."]
    after = {t.id: t for t in load_plan(sample_file).territories}
    assert after["T08"].name == "熊谷エリア" and after["T08"].home_lat == 36.147
    # the plan's own names and reps (鈴木一郎 is 鈴木 一郎), and no time column: no word
    plain = _write(tmp_path, "territory,name,rep,lat,lon\n"
                   "T01,東京エリア,鈴木一郎,35.68,139.76\n", "plain.csv")
    assert main(["homes", str(sample_file), str(plain)]) == 0
    assert "not used" not in capsys.readouterr().err


def test_the_unused_columns_note_reads_in_japanese(sample_file, tmp_path, capsys):
    from planner.i18n import in_language

    homes = _write(tmp_path, "rep,lat,lon,hours\n鈴木一郎,35.681236,139.767125,32\n")
    with in_language("ja"):
        assert main(["homes", str(sample_file), str(homes)]) == 0
    assert ("territory-planner: 注意: homes.csv の列 hours は使われていません（このコマンドは"
            "拠点だけを設定します）。") in capsys.readouterr().err


def test_a_days_off_column_gives_one_rep_a_day_off_without_a_new_design(tmp_path, capsys):
    """``homes`` reads the days off as ``design --homes`` does: 鈴木 off on 1/15 in January's
    calendar, the territories and the other reps as they were."""
    plan = synthetic_plan(40, territories=2, seed=4)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2027-01-04"))
    plan = build_schedule(plan, route_seconds=0.01)  # 1/4–1/29: 1/15 inside
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    first, second = plan.territories
    homes = _write(tmp_path, f"id,lat,lon,days_off\n{first.id},{first.home_lat},"
                   f"{first.home_lon},1/15\n{second.id},{second.home_lat},{second.home_lon},\n")
    assert main(["homes", str(path), str(homes)]) == 0
    out, err = capsys.readouterr()
    assert "not used" not in err
    assert "is off on 1/15." in out
    assert "Set the days off of 1 rep; the territories are as they were." in out
    assert "The calendar is out of date" in err
    after = load_plan(path)
    assert after.territory(first.id).days_off == ("2027-01-15",)
    assert after.territory(second.id).days_off == ()
    assert list(after.customers[m.TERRITORY]) == list(plan.customers[m.TERRITORY])
