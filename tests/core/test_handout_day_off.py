"""A rep's day off set after the calendar was built keeps its visits until the next build:
the printed hand-outs said nothing of it (the sick day's page read as any working day's,
the overview's cell too), while the Calendar dock paints the day red."""

from __future__ import annotations

import dataclasses

import pytest

from planner import model as m
from planner.closed_day_notes import closed_day, closed_day_note
from planner.edits import UpdateTerritory, apply_edit
from planner.export.excel_routes import day_date
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def sick() -> tuple[m.Plan, str, str]:
    """(plan, territory, ISO date): the first territory's rep off on week 1's Wednesday,
    set after the build (its visits still there)."""
    plan = synthetic_plan(60, territories=2, seed=7)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    built = build_schedule(plan, route_seconds=0.01)
    tid = built.territories[0].id
    s = built.schedule
    assert s is not None
    assert ((s["territory"] == tid) & (s["week"] == 1) & (s["day"] == "wed")).any()
    wednesday = day_date(built, 1, "wed")
    assert wednesday is not None
    off, _inverse, _changes = apply_edit(
        built, UpdateTerritory.of(tid, days_off=(wednesday.isoformat(),)))
    return off, tid, wednesday.isoformat()


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


def _pages(path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_the_note_names_the_rep_and_the_day_only_on_a_closed_day(sick) -> None:
    plan, tid, iso = sick
    assert closed_day(plan, tid, 1, "wed") == ("off", iso, "休み")
    note = closed_day_note(plan, tid, 1, "wed")
    rep = plan.territory(tid).rep or plan.territory(tid).name
    assert note.startswith(f"12/9(水)は{rep}の休みの日ですが、訪問が残っています。")
    assert closed_day_note(plan, tid, 1, "thu") == ""  # a working day
    other = plan.territories[1].id
    assert closed_day_note(plan, other, 1, "wed") == ""  # another rep works that day
    assert closed_day_note(plan, "T99", 1, "wed") == ""  # no such territory
    set_language("en")
    assert "12/9(Wed) is a day off for" in closed_day_note(plan, tid, 1, "wed")


def test_the_sick_days_page_and_the_overview_say_the_rep_is_off(sick, tmp_path) -> None:
    from planner.export.handouts import export_handouts

    plan, tid, _iso = sick
    pages = _pages(export_handouts(plan, tmp_path / "h.pdf", territories=[tid], weeks=[1]))
    days = [p for p in pages[1:] if "第1週 12月" in p]
    wed = [p for p in days if "12月9日(水)" in p]
    assert wed and all("休みの日ですが、訪問が残っています" in p for p in wed)
    others = [p for p in days if "12月9日(水)" not in p]
    assert others and not any("休みの日ですが" in p for p in others)
    # the overview's table: week 1's Wednesday cell ends with 休み, the other days do not
    week1 = next(line for line in pages[0].splitlines() if line.startswith("第1週"))
    assert week1.count("休み") == 1, week1


def test_a_working_days_page_is_as_before(sick, tmp_path) -> None:
    """Without a day off, no page carries the note."""
    from planner.export.handouts import export_handouts

    plan, tid, _iso = sick
    back, _inverse, _changes = apply_edit(plan, UpdateTerritory.of(tid, days_off=()))
    pages = _pages(export_handouts(back, tmp_path / "h.pdf", territories=[tid], weeks=[1]))
    assert not any("休みの日ですが" in p for p in pages)
    week1 = next(line for line in pages[0].splitlines() if line.startswith("第1週"))
    assert "休み" not in week1


def test_the_route_sheet_says_the_rep_is_off_on_that_day(sick, tmp_path) -> None:
    """The workbook's route sheet, printed for the rep as the PDF is: the day's title ends
    with 休み, in red, and the notes column says what the PDF's red line says."""
    from openpyxl import load_workbook

    from planner.export.excel import export_workbook

    plan, tid, _iso = sick
    path = export_workbook(plan, tmp_path / "r.xlsx", territories=[tid], weeks=[1])
    t = plan.territory(tid)
    ws = load_workbook(path)[t.rep or t.name]
    rows = [row for row in ws.iter_rows(min_row=1) if any(c.value for c in row)]
    titles = [(k, str(r[0].value)) for k, r in enumerate(rows)
              if str(r[0].value or "").startswith("第1週 12月")]
    wed = next(k for k, text in titles if "12月9日(水)" in text)
    assert str(rows[wed][0].value).endswith(" — 休み")
    assert rows[wed][0].font.color.rgb.endswith("C00000")
    assert "休みの日ですが、訪問が残っています" in str(rows[wed + 1][7].value)
    others = [k for k, text in titles if "12月9日(水)" not in text]
    assert others and not any("休み" in str(rows[k][0].value) for k in others)
    notes = [str(r[7].value) for r in rows if r[7].value and "休みの日ですが" in str(r[7].value)]
    assert len(notes) == 1
    # no closed day's line 「… 休み — 訪問なし」 under the visits listed for it
    assert not any("12月9日(水)" in text and "訪問なし" in text for _k, text in titles)
