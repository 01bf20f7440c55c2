"""Next week's papers for one rep: ``export --rep 鈴木 --weeks 2`` limits the workbook's
route sheets to those weeks as it does the PDF hand-outs, and ``--ics`` to those reps."""

from __future__ import annotations

import dataclasses

import pytest
from openpyxl import load_workbook
from test_export_excel import simple_schedule

from planner import model as m
from planner.cli import main
from planner.errors import PlannerError
from planner.export.excel import export_workbook
from planner.export.excel_routes import rep_title
from planner.export.ical import calendar_files, export_calendars
from planner.i18n import in_language, tr
from planner.schedule import build_schedule
from planner.store import save_plan
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("japanese")  # texts compared in Japanese


@pytest.fixture(scope="module")
def plan() -> m.Plan:
    """Three reps, four weeks from Monday 2026-12-07 (no holidays moved)."""
    p = simple_schedule(synthetic_plan(60, territories=3, seed=3), weeks=4)
    return p.replace(settings=dataclasses.replace(p.settings, start_date="2026-12-07",
                                                  skip_holidays=False))


@pytest.fixture
def plan_file(plan, tmp_path):
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    return path


def day_titles(ws) -> list[str]:
    """The route sheet's day titles (第2週 12月14日(月) …), from row 3 on."""
    return [str(r[0]) for r in ws.iter_rows(min_row=3, values_only=True)
            if isinstance(r[0], str) and "週" in r[0]]


def test_weeks_limit_the_workbooks_route_sheet_and_its_title_says_which(plan, plan_file,
                                                                         tmp_path):
    xlsx = tmp_path / "next.xlsx"
    t1 = plan.territories[0]
    assert main(["export", str(plan_file), "--xlsx", str(xlsx), "--rep", t1.id,
                 "--weeks", "2"]) == 0
    wb = load_workbook(xlsx)
    ws = wb[t1.rep]
    titles = day_titles(ws)
    days = plan.schedule[(plan.schedule["territory"] == t1.id)
                         & (plan.schedule["week"] == 2)]["day"].nunique()
    assert len(titles) == days and all(t.startswith("第2週") for t in titles)
    assert ws.cell(1, 9).value == "第2週（12/14(月)〜12/18(金)）"
    # the customer list and the visit calendar keep the whole cycle of the rep
    customers = wb[tr("Customer list")]
    assert customers.max_row == 1 + int((plan.customers[m.TERRITORY] == t1.id).sum())
    whole = tmp_path / "whole.xlsx"
    export_workbook(plan, whole, territories=[t1.id])
    every = load_workbook(whole)
    assert {t[:3] for t in day_titles(every[t1.rep])} == {"第1週", "第2週", "第3週", "第4週"}
    calendar = tr("Visit calendar")
    assert [list(r) for r in wb[calendar].iter_rows(values_only=True)] == [
        list(r) for r in every[calendar].iter_rows(values_only=True)]


def test_weeks_with_only_the_workbook_are_a_valid_choice(plan_file, tmp_path, capsys):
    """It said "--weeks chooses the PDF handouts' weeks; add --pdf" and wrote nothing."""
    xlsx = tmp_path / "w.xlsx"
    assert main(["export", str(plan_file), "--xlsx", str(xlsx), "--weeks", "3-4"]) == 0
    ws = load_workbook(xlsx)["佐藤 花子"]
    assert ws.cell(1, 9).value == "第3〜4週（12/21(月)〜1/1(金)）"
    assert {t[:3] for t in day_titles(ws)} == {"第3週", "第4週"}
    capsys.readouterr()
    assert main(["export", str(plan_file), "--html", str(tmp_path / "m.html"),
                 "--weeks", "2"]) == 2
    assert "--xlsx" in capsys.readouterr().err


def test_weeks_apart_are_each_named_with_their_days() -> None:
    from planner.export.excel_period import weeks_text

    p = simple_schedule(synthetic_plan(30, territories=1, seed=1), weeks=4)
    dated = p.replace(settings=dataclasses.replace(p.settings, start_date="2026-12-07"))
    assert weeks_text(dated, [3, 1]) == "第1週（12/7(月)〜12/11(金)）、第3週（12/21(月)〜12/25(金)）"
    assert weeks_text(dated, [2], days=("tue", "wed", "thu")) == "第2週（12/15(火)〜12/17(木)）"
    assert weeks_text(p, [2, 3]) == "第2〜3週"  # no dates: the weeks alone
    # in English one pair of brackets, the weekday before the date (it read
    # "Week 1 (12/7 (Mon) – 12/11 (Fri))")
    with in_language("en"):
        assert weeks_text(dated, [3, 1]) == ("Week 1 (Mon 12/7 – Fri 12/11), "
                                             "Week 3 (Mon 12/21 – Fri 12/25)")
        assert weeks_text(dated, [2], days=("tue", "wed", "thu")) == (
            "Week 2 (Tue 12/15 – Thu 12/17)")


def test_a_week_outside_the_calendar_is_one_sentence_and_nothing_is_written(plan, tmp_path):
    with pytest.raises(PlannerError, match="第5週"):
        export_workbook(plan, tmp_path / "x.xlsx", weeks=[5])
    assert not (tmp_path / "x.xlsx").exists()
    with pytest.raises(PlannerError, match="訪問カレンダー"):
        export_workbook(plan.replace(schedule=None), tmp_path / "x.xlsx", weeks=[1])


@pytest.fixture(scope="module")
def dated() -> m.Plan:
    p = synthetic_plan(60, territories=2, seed=8)
    return build_schedule(p.replace(settings=dataclasses.replace(
        p.settings, start_date="2026-12-07")), route_seconds=0.01)


def test_rep_chooses_the_phone_calendars_too(dated, tmp_path):
    """``--rep 鈴木 --ics DIR`` wrote every rep's file."""
    path = tmp_path / "plan.gpkg"
    save_plan(dated, path)
    t1, t2 = dated.territories
    folder = tmp_path / "ics"
    assert main(["export", str(path), "--ics", str(folder), "--rep", t2.rep]) == 0
    files = calendar_files(dated, folder)
    assert sorted(p.name for p in folder.iterdir()) == [files[t2.id].name]


def test_a_chosen_reps_calendar_leaves_the_other_files_alone(dated, tmp_path):
    """A rep's file written on its own is not a file of a rep gone: never cancelled."""
    t1, t2 = dated.territories
    export_calendars(dated, tmp_path)
    other = calendar_files(dated, tmp_path)[t1.id]
    before = other.read_bytes()
    written = export_calendars(dated, tmp_path, territories=[t2.id])
    assert written == [calendar_files(dated, tmp_path)[t2.id]]
    assert other.read_bytes() == before
    idle = dated.replace(schedule=dated.schedule[dated.schedule["territory"] != t1.id])
    with pytest.raises(PlannerError, match=t1.rep):
        export_calendars(idle, tmp_path / "new", territories=[t1.id])


def test_a_year_end_week_names_its_open_days_only(plan, tmp_path) -> None:
    """Week 4 of the README chain (12/29–1/3 company days off, 1/1 a holiday) read
    「第4週（12/28(月)〜1/1(金)）」 on the route sheet: four of those days are closed."""
    from planner.export.excel_period import cycle_text, weeks_text

    year_end = plan.replace(settings=dataclasses.replace(
        plan.settings, skip_holidays=True, company_days_off=(
            "2026-12-29", "2026-12-30", "2026-12-31", "2027-01-01", "2027-01-02",
            "2027-01-03")))
    assert weeks_text(year_end, [4]) == "第4週（12/28(月)のみ）"
    assert weeks_text(year_end, [3, 4]) == "第3〜4週（12/21(月)〜12/28(月)）"
    with in_language("en"):
        assert weeks_text(year_end, [4]) == "Week 4 (Mon 12/28 only)"
    assert cycle_text(year_end).endswith("2026/12/07(月)〜2026/12/28(月)")
    t1 = year_end.territories[0]
    away = dataclasses.replace(t1, days_off=("2026-12-28",))  # the rep's own day off too
    assert weeks_text(year_end, [4], territory=away) == "第4週（休み）"
    assert weeks_text(year_end, [4], territory=t1) == "第4週（12/28(月)のみ）"
    # a public holiday alone closes its day when the calendar keeps holidays free
    autumn = year_end.replace(settings=dataclasses.replace(
        year_end.settings, start_date="2026-11-02", company_days_off=()))
    assert weeks_text(autumn, [4]) == "第4週（11/24(火)〜11/27(金)）"  # 11/23 勤労感謝の日
    kept = autumn.replace(settings=dataclasses.replace(autumn.settings, skip_holidays=False))
    assert weeks_text(kept, [4]) == "第4週（11/23(月)〜11/27(金)）"
    xlsx = tmp_path / "w4.xlsx"
    export_workbook(year_end, xlsx, territories=[t1.id], weeks=[4])
    assert load_workbook(xlsx)[t1.rep].cell(1, 9).value == "第4週（12/28(月)のみ）"


def test_a_rep_idle_in_the_chosen_weeks_gets_neither_file_and_one_sentence(plan, tmp_path,
                                                                          capsys) -> None:
    """``--rep X --weeks N --xlsx --pdf`` with X idle in week N: the PDF stopped with a
    sentence naming the hand-outs alone, and ``--xlsx`` alone wrote a workbook without X's
    route sheet. Both now stop alike, in one sentence naming what was not written."""
    one, other = plan.territories[0], plan.territories[1]
    s = plan.schedule
    idle = plan.replace(schedule=s[(s["territory"] != one.id) | (s["week"] == 1)])
    path = tmp_path / "idle.gpkg"
    save_plan(idle, path)
    xlsx, pdf = tmp_path / "w2.xlsx", tmp_path / "w2.pdf"
    who = rep_title(one)
    capsys.readouterr()
    assert main(["export", str(path), "--rep", one.id, "--weeks", "2", "--xlsx", str(xlsx),
                 "--pdf", str(pdf)]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"territory-planner: {who}は選択した週に訪問がないため、ルート表も"
                   "地図付きルート表も作れず、何も書き出していません。")
    assert not xlsx.exists() and not pdf.exists()
    assert main(["export", str(path), "--rep", one.id, "--weeks", "2", "--xlsx",
                 str(xlsx)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"territory-planner: {who}は選択した週に訪問がないため、ルート表を作れず、"
        "ブックは書き出していません。")
    assert not xlsx.exists()
    with pytest.raises(PlannerError, match="ブックは書き出していません"):
        export_workbook(idle, xlsx, territories=[one.id], weeks=[2])
    assert not xlsx.exists()
    # beside a rep with visits that week: both files, the idle rep named as left out of both
    assert main(["export", str(path), "--rep", one.id, "--rep", other.id, "--weeks", "2",
                 "--xlsx", str(xlsx), "--pdf", str(pdf)]) == 0
    assert xlsx.exists() and pdf.exists()
    assert who in capsys.readouterr().err
    assert one.rep not in load_workbook(xlsx).sheetnames
