"""What the printed workbook tells the office and the reps: the changes to announce, the
route sheets' notes, the holiday sheet's reasons."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.export.excel import export_workbook
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan
from tests.core.test_export_excel import simple_schedule


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


@pytest.fixture
def plan() -> m.Plan:
    return simple_schedule(synthetic_plan(60, territories=3, seed=3))


def _rows(path, sheet: str, cid: str) -> list[tuple]:
    ws = load_workbook(path)[sheet]
    return [r for r in ws.iter_rows(values_only=True) if r and r[0] == cid]


def test_a_customer_who_lost_its_visits_keeps_its_rhythm_from_the_previous_calendar() -> None:
    """C000004 was seen every 4 weeks on week 1's Friday and the new calendar has no visit
    for it: its entry carries the previous rhythm, which the new calendar cannot give."""
    from planner._schedule_told import lost_visits

    old = pd.DataFrame({"customer_id": ["A", "B", "B", "B", "B"],
                        "territory": ["T01"] * 5, "week": [1, 1, 2, 3, 4],
                        "day": ["fri", "mon", "mon", "mon", "mon"]})
    new = old[old["customer_id"] == "B"]
    customers = pd.DataFrame({m.CUSTOMER_ID: ["A", "B"], m.TERRITORY: ["T01", "T01"]})
    assert lost_visits(old, new, customers) == {"A": ["fri", 1, "", 0, "T01", "T01", 4, 0]}


def test_the_changes_sheet_words_a_lost_customers_old_day_in_its_rhythm(plan, tmp_path):
    """Not 「金」 (every Friday) nor 「第4週の金」, but 「4週に1回(第1週) 金」 like the other rows."""
    from planner._schedule_told import CHANGED_KEY

    cid = str(plan.schedule["customer_id"].iloc[0])
    plan = plan.replace(schedule=plan.schedule[plan.schedule["customer_id"] != cid])
    lost = {cid: ["fri", 4, "", 0, "T01", "T01", 4, 0]}
    out = export_workbook(plan.replace(meta={**plan.meta, CHANGED_KEY: lost}),
                          tmp_path / "c.xlsx")
    [row] = _rows(out, tr("Changes to announce"), cid)
    assert "4週に1回(第4週) 金" in row and tr("No visits in this calendar") in row


def _route_texts(path, plan: m.Plan, cid: str) -> list[str]:
    """The route-sheet rows of customer ``cid`` as text, on its rep's sheet."""
    wb = load_workbook(path)
    t = plan.territory(str(plan.customers.set_index(m.CUSTOMER_ID).at[cid, m.TERRITORY]))
    return [" ".join(str(v) for v in r if v is not None)
            for r in wb[t.rep].iter_rows(values_only=True) if r and cid in r]


def test_import_problems_stay_on_the_customer_list_not_the_reps_route_sheet(plan, tmp_path):
    """「緯度と経度が逆になっていたため、入れ替えました。」 is the office's note."""
    c = plan.customers.copy()
    problem = "緯度と経度が逆になっていたため、入れ替えました。"
    c.loc[0, m.PROBLEMS] = problem
    cid = str(c.loc[0, m.CUSTOMER_ID])
    plan = plan.replace(customers=c)
    out = export_workbook(plan, tmp_path / "c.xlsx")
    rows = _route_texts(out, plan, cid)
    assert rows and not any(problem in r for r in rows)
    listed = _rows(out, tr("Customer list"), cid)
    assert any(problem in str(v) for v in listed[0])


def test_the_new_rep_note_names_the_previous_rep_without_nested_brackets(plan, tmp_path):
    """「担当変更（旧 山田 太郎）」 on the route sheet and the hand-out, as the README says; the
    Changes sheet's column keeps the rep with the territory."""
    from planner._schedule_told import CHANGED_KEY
    from planner.export.excel_routes import rep_title
    from planner.export.handout_notes import TellNotes

    s = plan.schedule
    cid = str(s.loc[s["territory"] == "T02", "customer_id"].iloc[0])
    day, week = str(s.loc[s["customer_id"] == cid, "day"].iloc[0]), 1
    plan = plan.replace(meta={**plan.meta, CHANGED_KEY: {
        cid: [day, week, day, week, "T01", "T02"]}})
    was = plan.territory("T01")
    out = export_workbook(plan, tmp_path / "c.xlsx")
    note = f"担当変更（旧 {was.rep}）"
    assert rep_title(was) != was.rep
    assert any(note in r for r in _route_texts(out, plan, cid))
    told = TellNotes(plan).for_rows(s[s["customer_id"] == cid])
    assert told and all(note in t for t in told)
    [row] = _rows(out, tr("Changes to announce"), cid)
    assert row[4] == rep_title(was)


def _year_end() -> m.Plan:
    """A calendar from 2026-12-07 with short days: 1/1 (元日) moves and leaves out visits, and
    a 12/31 visit moves to make room."""
    import dataclasses

    from planner.schedule import build_schedule

    plan = synthetic_plan(60, territories=2, seed=4)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07",
                                                     day_hours=4.0))
    return build_schedule(plan, route_seconds=0.01)


def test_a_closed_days_route_sheet_title_puts_no_space_before_the_bracket(tmp_path) -> None:
    """「元日 — 訪問なし（1件は他の日に入らず）」, not 「訪問なし （…」; English keeps it."""
    built = _year_end()
    rep = built.territory("T02").rep
    for lang, said in [("ja", "元日 — 訪問なし（1件は他の日に入らず）"),
                       ("en", "New Year's Day — no round (1 visit fits no other day)")]:
        set_language(lang)
        wb = load_workbook(export_workbook(built, tmp_path / f"{lang}.xlsx"))
        texts = [str(v) for r in wb[rep].iter_rows(values_only=True) for v in r if v]
        assert any(t.endswith(said) for t in texts), lang


def test_the_holiday_sheet_tells_a_visit_moved_to_make_room_from_one_on_a_holiday(tmp_path):
    """A 12/31 visit moved to 12/24 to let 1/1's in is no holiday visit: its row says why, and
    the sheet's note counts it apart, lest the office tell the customer 12/31 is a holiday."""
    import datetime as dt

    from planner._schedule_dates import holiday_name
    from planner.export.excel_holidays import holiday_changes

    built = _year_end()
    changes = holiday_changes(built)
    room = changes[changes["closed"] == ""]
    assert len(room) and (changes["closed"] == "元日").any()
    for iso in room["planned"]:  # a working day: neither a weekend nor a public holiday
        day = dt.date.fromisoformat(iso)
        assert day.weekday() < 5 and not holiday_name(day)
    ws = load_workbook(export_workbook(built, tmp_path / "h.xlsx"))[tr("Holiday changes")]
    rows = list(ws.iter_rows(values_only=True))
    note, headers = rows[1][0], rows[2]
    reason = headers.index("理由")
    why = {r[0]: r[reason] for r in rows[3:] if r and r[0]}
    for cid in room["customer_id"]:
        assert why[cid] == "休みの日の訪問を入れるための振替"
    on_closed = len(changes) - len(room)
    assert f"祝日・休みの日に当たる訪問 {on_closed}件は" in note
    assert f"稼働日の訪問{len(room)}件を別の日に移します（予定日は祝日・休みではありません）" in note


def test_a_long_note_wraps_across_the_list_instead_of_shrinking_the_printed_page(tmp_path):
    """The holiday sheet's note of four sentences ran far right of the table in one line, and
    LibreOffice fitted that width to the page: the list printed in tiny type."""
    ws = load_workbook(export_workbook(_year_end(), tmp_path / "h.xlsx"))[tr("Holiday changes")]
    last = ws.cell(row=3, column=ws.max_column).column_letter
    assert f"A2:{last}2" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["A2"].alignment.wrap_text and ws.row_dimensions[2].height > 15
