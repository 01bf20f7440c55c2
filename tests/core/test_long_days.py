"""A day made longer than the rep's day by hand is marked in every output that prints a day,
by the same rule as the Calendar dock's red (planner.day_length)."""

from __future__ import annotations

import dataclasses
import re

import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.day_length import long_days, rep_limit, too_long
from planner.edits import MoveVisits, apply_edit
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.stats import day_summary
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def plans() -> tuple[m.Plan, m.Plan]:
    """(built, moved): a part-timer (5-hour days on Mon, Wed, Fri) whose calendar fits, and
    the same after 5 customers of week 1 Mon were moved by hand to Wednesday (as gui2.py of
    the QA did in the window)."""
    plan = synthetic_plan(60, territories=2, seed=5)
    first = dataclasses.replace(plan.territories[0], rep="高橋 美咲", day_hours=5.0,
                                capacity_hours=20.0, working_days=("mon", "wed", "fri"))
    plan = plan.replace(territories=[first, *plan.territories[1:]],
                        settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    built = build_schedule(plan)
    s = built.schedule
    assert s is not None
    monday = s[(s["territory"] == first.id) & (s["week"] == 1) & (s["day"] == "mon")]
    moved, _, _ = apply_edit(built, MoveVisits(tuple(monday["customer_id"][:5]), (1, "mon"),
                                               (1, "wed")))
    return built, moved


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language(None)


def test_the_days_too_long_are_those_the_calendar_dock_paints_red(plans):
    built, moved = plans
    assert long_days(built).empty  # the scheduler's calendar fits the rep's day
    tid = built.territories[0].id
    assert rep_limit(moved, tid) == 5.0
    days = day_summary(moved, territory_id=tid)
    red = {(int(w), d) for w, d, h in zip(days["week"], days["day"], days["hours"], strict=True)
           if too_long(float(h), 5.0)}
    found = long_days(moved)
    assert red and {(int(w), d) for w, d in zip(found["week"], found["day"], strict=True)} == red
    assert (1, "wed") in red and set(found["territory"]) == {tid}
    row = found.iloc[0]
    assert row["over_minutes"] == max(1, round((row["hours"] - 5.0) * 60))


def _day(text: str, week: int, weekday: str) -> bool:
    """Whether ``text`` names the day as its title does: 第1週 12月2日(水), undated 第1週 水曜日."""
    return re.search(rf"第{week}週 (\d+月\d+日\({weekday}\)|{weekday}曜日)", text) is not None


def _route_rows(path, sheet):
    ws = load_workbook(path)[sheet]
    return [row for row in ws.iter_rows(min_row=1) if any(c.value for c in row)]


@pytest.mark.parametrize("lang, over, note", [("en", "over the day", "This day takes"),
                                              ("ja", "超過", "この日は")])
def test_the_route_sheet_marks_the_long_day_in_red_with_a_note(plans, tmp_path, lang, over,
                                                              note):
    from planner.export.excel import export_workbook

    _built, moved = plans
    set_language(lang)
    path = export_workbook(moved, tmp_path / "p.xlsx")
    rows = _route_rows(path, "高橋 美咲")
    titles = [(k, str(r[0].value)) for k, r in enumerate(rows) if r[0].value and
              str(r[0].value).startswith(("Week", "第"))]
    wed1 = next(k for k, t in titles if t.startswith("Week 1 Wed") or _day(t, 1, "水"))
    fri1 = next(k for k, t in titles if t.startswith("Week 1 Fri") or _day(t, 1, "金"))
    assert over in str(rows[wed1][0].value)
    assert rows[wed1][0].font.color.rgb.endswith("C00000")
    day = rows[wed1:fri1]
    totals = [r for r in day if r[1].value and over in str(r[1].value)]
    assert len(totals) == 1 and totals[0][1].font.color.rgb.endswith("C00000")
    notes = [str(r[7].value) for r in day if r[7].value and note in str(r[7].value)]
    assert len(notes) == 1 and "5" in notes[0] and "高橋 美咲" in notes[0]
    # a day that fits says nothing of the kind
    assert not any(over in str(c.value) for r in rows[fri1:fri1 + 3] for c in r if c.value)


def test_the_visit_calendar_shades_the_long_day_and_says_how_far_over(plans, tmp_path):
    from planner.export.excel import export_workbook

    _built, moved = plans
    set_language("ja")
    ws = load_workbook(export_workbook(moved, tmp_path / "p.xlsx"))["訪問カレンダー"]
    cells = [c for row in ws.iter_rows() for c in row if c.value and "超過" in str(c.value)]
    found = long_days(moved)
    assert len(cells) == len(found)
    assert all(c.fill.fgColor.rgb.endswith("F8C9C4") for c in cells)
    assert str(cells[0].value).splitlines()[0].endswith("分超過")  # the day's head line


def _page_texts(path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_the_handouts_mark_the_long_day_page_and_list_the_days_on_the_overview(plans,
                                                                              tmp_path):
    from planner.export.handouts import export_handouts

    _built, moved = plans
    set_language("ja")
    tid = moved.territories[0].id
    pages = _page_texts(export_handouts(moved, tmp_path / "h.pdf", territories=[tid],
                                        weeks=[1]))
    assert "長い日が" in pages[0] and "第1週 水曜日（" in pages[0]
    wed = [p for p in pages[1:] if _day(p, 1, "水")]
    fri = [p for p in pages[1:] if _day(p, 1, "金")]
    assert wed and "5時間を" in wed[0] and "超過しています" in wed[0]
    assert fri and "超過" not in fri[0]
    subtitle = next(line for line in wed[0].splitlines() if "件 · " in line)
    assert subtitle.endswith("分超過")  # said on every page of the day, a continued one too


def test_export_prints_one_warning_line_naming_the_long_days_and_stats_lists_them(
        plans, tmp_path, capsys):
    from planner._cli.stats_cmd import format_stats
    from planner.cli import main
    from planner.stats import plan_stats
    from planner.store import save_plan

    built, moved = plans
    path = tmp_path / "plan.gpkg"
    save_plan(built, path)
    assert main(["export", str(path), "--xlsx", str(tmp_path / "a.xlsx")]) == 0
    assert "longer than" not in capsys.readouterr().err
    save_plan(moved, path)
    assert main(["export", str(path), "--xlsx", str(tmp_path / "b.xlsx")]) == 0
    lines = [line for line in capsys.readouterr().err.splitlines() if "longer than" in line]
    n = len(long_days(moved))
    assert len(lines) == 1 and "高橋 美咲 week 1 Wed (" in lines[0]
    assert lines[0].startswith(f"territory-planner: warning: {n} days are longer")
    stats = plan_stats(moved)
    records = stats["schedule"]["long_days"]
    assert len(records) == n and records[0]["day_hours"] == 5.0
    assert {"week": 1, "day": "wed"}.items() <= records[0].items()
    assert f"{n} days are longer than the rep's day" in format_stats(stats)
    assert plan_stats(built)["schedule"]["long_days"] == []


def test_an_export_of_some_reps_and_weeks_warns_of_their_long_days_only(plans, tmp_path,
                                                                        capsys):
    """`export --rep` (and `--weeks`) named every rep's long days of the whole cycle: a
    manager printing one rep's week read of days on no page printed."""
    from planner.cli import main
    from planner.day_length import long_day_records
    from planner.store import save_plan

    _built, moved = plans
    busy, idle = moved.territories[0].id, moved.territories[1].id
    records = long_day_records(moved)
    assert records and {r["territory"] for r in records} == {busy}
    weeks = sorted({r["week"] for r in records})
    assert long_day_records(moved, territories=[idle]) == []
    assert long_day_records(moved, territories=[busy]) == records
    assert [r["week"] for r in long_day_records(moved, weeks=[weeks[0]])] == [
        r["week"] for r in records if r["week"] == weeks[0]]
    path = tmp_path / "plan.gpkg"
    save_plan(moved, path)
    assert main(["export", str(path), "--xlsx", str(tmp_path / "idle.xlsx"),
                 "--rep", idle]) == 0
    assert "longer than" not in capsys.readouterr().err
    assert main(["export", str(path), "--xlsx", str(tmp_path / "busy.xlsx"),
                 "--rep", busy, "--weeks", str(weeks[0])]) == 0
    lines = [x for x in capsys.readouterr().err.splitlines() if "longer than" in x]
    n = sum(r["week"] == weeks[0] for r in records)
    assert len(lines) == 1 and f"warning: {n} day" in lines[0]
    assert all(f"week {w} " not in lines[0] for w in weeks[1:])
