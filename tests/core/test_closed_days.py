"""Customers' closing days (定休日): reading them, storing them, and a calendar that respects them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from planner import model as m
from planner.closed_days import closed_days_label, parse_closed_days, some_weeks_closed
from planner.columns import detect_columns
from planner.edits import MoveVisits, SetClosedDays, apply_edit
from planner.errors import PlannerError
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.spreadsheet import read_customers
from planner.synthetic import synthetic_plan

WORKDAYS = ("mon", "tue", "wed", "thu", "fri")


pytestmark = pytest.mark.usefixtures("english")


# --- reading a closing-day cell -----------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("水", "wed"),
        ("水曜", "wed"),
        ("水曜日", "wed"),
        ("毎週水曜", "wed"),
        ("水曜定休", "wed"),
        ("土日", "sat,sun"),
        ("土・日", "sat,sun"),
        ("土日祝", "sat,sun"),
        ("土日祝休み", "sat,sun"),
        ("日祝", "sun"),
        ("日曜・祝日", "sun"),
        ("土曜日曜", "sat,sun"),
        ("月・火", "mon,tue"),
        ("火/木", "tue,thu"),
        ("木、月", "mon,thu"),
        ("ｗｅｄ", "wed"),
        ("Wed", "wed"),
        ("sat, sun", "sat,sun"),
        ("Sundays and holidays", "sun"),
        ("月〜水", "mon,tue,wed"),
        ("祝日", ""),
        ("なし", ""),
        ("無休", ""),
        ("年中無休", ""),
        ("-", ""),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_closing_day_cells_are_read(cell: object, codes: str) -> None:
    assert parse_closed_days(cell) == codes


@pytest.mark.parametrize("cell", ["第2水曜", "隔週水曜", "不定休", "abc", "水曜?", 3.0, "〜金"])
def test_unreadable_closing_days_are_none(cell: object) -> None:
    assert parse_closed_days(cell) is None


def test_labels_are_short_local_weekday_names() -> None:
    assert closed_days_label("mon,wed") == "Mon, Wed"
    set_language("ja")
    assert closed_days_label("sat,sun") == "土・日"  # as the Working time dialog writes days
    assert closed_days_label("") == ""


# --- import ---------------------------------------------------------------------------------
ROWS = [
    ("A001", "喫茶みどり", 35.60, 139.70, "水曜"),
    ("A002", "山田医院", 35.61, 139.71, "土日祝"),
    ("A003", "スーパー北", 35.62, 139.72, "第2水曜"),
    ("A004", "田中商店", 35.63, 139.73, None),
    ("A005", "ホテル港", 35.64, 139.74, "年中無休"),
    ("A006", "青果マルイ", 35.65, 139.75, "不定休"),
]


def _check_import(path: Path) -> None:
    result = read_customers(path)
    assert result.mapping[m.CLOSED_DAYS] == "定休日"
    c = result.customers.set_index(m.CUSTOMER_ID)
    # 第2水曜: closed on some Wednesdays only, so never visited on a Wednesday, and said so
    assert list(c[m.CLOSED_DAYS]) == ["wed", "sat,sun", "wed", "", "", ""]
    assert len(c) == 6  # the unreadable row is still a customer
    some, bad = result.report.problems
    assert (some.row, some.column, some.value, some.kept) == (4, "定休日", "第2水曜", True)
    assert "some weeks only" in some.reason and "some weeks only" in c.loc["A003", m.PROBLEMS]
    assert (bad.row, bad.column, bad.value, bad.kept) == (7, "定休日", "不定休", True)
    assert "closing day is not readable" in bad.reason
    assert "closing day" in c.loc["A006", m.PROBLEMS]


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("第2・4水曜", "wed"), ("第２・第４水曜日", "wed"), ("毎月第1月曜", "mon"),
        ("隔週水曜", "wed"), ("第3週の水曜", "wed"), ("日曜・第3水曜", "wed,sun"),
        ("日祝・第1月曜", "mon,sun"), ("第二・第四火曜日定休", "tue"), ("2nd & 4th Wed", "wed"),
        ("every other Wed", "wed"),
    ],
)
def test_a_weekday_closed_in_some_weeks_only_is_avoided_every_week(cell: str, codes: str) -> None:
    assert parse_closed_days(cell) is None and some_weeks_closed(cell) == codes


@pytest.mark.parametrize("cell", ["水曜", "不定休", "第2週", "隔週", "abc", 3.0])
def test_cells_without_a_weekday_of_some_weeks_are_not_read_as_one(cell: object) -> None:
    assert some_weeks_closed(cell) is None


def test_import_xlsx_with_a_closing_day_column(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客コード", "顧客名", "緯度", "経度", "定休日"])
    for row in ROWS:
        ws.append(list(row))
    path = tmp_path / "customers.xlsx"
    wb.save(path)
    _check_import(path)


def test_import_csv_with_a_closing_day_column(tmp_path: Path) -> None:
    lines = ["顧客コード,顧客名,緯度,経度,定休日"]
    lines += [",".join("" if v is None else str(v) for v in row) for row in ROWS]
    path = tmp_path / "customers.csv"
    path.write_text("\n".join(lines) + "\n", encoding="cp932")
    _check_import(path)


@pytest.mark.parametrize(
    "header", ["定休日", "休業日", "定休", "休日", "休み", "お休み曜日", "closed", "Closed days"]
)
def test_closing_day_headers_are_recognised(header: str) -> None:
    assert detect_columns(["顧客名", "住所", header]).get(m.CLOSED_DAYS) == header


# --- the calendar -----------------------------------------------------------------------------
CLOSINGS = ["wed", "", "mon,fri", "", "tue", "", "thu", "sat,sun", "", "mon"]


def _closed_plan(n: int = 90, *, start_date: str = "") -> m.Plan:
    plan = synthetic_plan(n, territories=2, seed=7)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array([4.0, 2.0, 1.0, 8.0, 4.0, 2.0, 4.0]), len(c))
    c[m.SERVICE_MINUTES] = 20.0
    c[m.CLOSED_DAYS] = np.resize(np.array(CLOSINGS, dtype=object), len(c))
    settings = dataclasses.replace(plan.settings, start_date=start_date)
    return plan.replace(customers=c, settings=settings)


@pytest.fixture(scope="module")
def closed_calendar() -> m.Plan:
    return build_schedule(_closed_plan(), route_seconds=0.01)


def _no_visit_on_a_closing_day(plan: m.Plan) -> None:
    s = plan.schedule
    assert s is not None
    shut = plan.customers.set_index(m.CUSTOMER_ID)[m.CLOSED_DAYS]
    on_closed = [d in shut[cid].split(",") for cid, d in zip(s["customer_id"], s["day"], strict=True)]
    assert not any(on_closed)


def test_no_visit_falls_on_a_closing_day(closed_calendar: m.Plan) -> None:
    _no_visit_on_a_closing_day(closed_calendar)
    s = closed_calendar.schedule
    assert len(closed_calendar.unscheduled) == 0  # everyone can be served on open days
    assert set(s["customer_id"]) == set(closed_calendar.customers[m.CUSTOMER_ID])
    assert (s["day_hours"] <= closed_calendar.settings.day_hours + 1e-9).all()


def test_patterns_are_kept_on_open_days(closed_calendar: m.Plan) -> None:
    s = closed_calendar.schedule
    freq = closed_calendar.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY]
    weeks = int(closed_calendar.meta["schedule_weeks"])
    for cid, visits in s.groupby("customer_id"):
        f = freq[cid]
        assert len(visits) == f * weeks / 4, cid
        if f == 4:
            assert sorted(visits["week"]) == list(range(1, weeks + 1)) and visits["day"].nunique() == 1
        elif f == 2:
            w = sorted(visits["week"])
            assert all(b - a == 2 for a, b in zip(w, w[1:], strict=False))
            assert visits["day"].nunique() == 1
        elif f == 8:
            days = visits.groupby("week")["day"].apply(lambda d: tuple(sorted(d)))
            assert days.nunique() == 1 and len(days.iloc[0]) == 2


def test_closing_days_are_respected_when_holidays_move_visits() -> None:
    # Golden Week 2027: Mon 3 – Wed 5 May are holidays, so week 1's visits move
    out = build_schedule(_closed_plan(60, start_date="2027-05-03"), route_seconds=0.01)
    s = out.schedule
    assert not s["date"].isin(["2027-05-03", "2027-05-04", "2027-05-05"]).any()
    _no_visit_on_a_closing_day(out)


def test_customers_with_fewer_open_days_than_visits_are_seen_on_each_or_listed() -> None:
    plan = _closed_plan(30)
    c = plan.customers.copy()
    c.loc[0, [m.FREQUENCY, m.CLOSED_DAYS]] = [8.0, "mon,tue,wed,thu"]  # twice a week, open Fri
    c.loc[1, [m.FREQUENCY, m.CLOSED_DAYS]] = [1.0, "mon,tue,wed,thu,fri"]  # closed all week
    c.loc[2, [m.FREQUENCY, m.CLOSED_DAYS]] = [8.0, "mon,tue,wed"]  # twice a week: Thu and Fri
    out = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    reasons = out.unscheduled.set_index("customer_id")["reason"]
    first, second, third = c[m.CUSTOMER_ID].iloc[:3]
    assert "closed on every working day" in reasons[second]
    assert first not in reasons.index and third not in reasons.index
    s = out.schedule
    assert set(s.loc[s["customer_id"] == third, "day"]) == {"thu", "fri"}
    assert second not in set(s["customer_id"])
    # twice a week but open on Fridays only: seen every Friday (it got no visit at all)
    firsts = s[s["customer_id"] == first]
    assert set(firsts["day"]) == {"fri"} and len(firsts) == out.meta["schedule_weeks"]
    assert "visited on each of them (visits per 4 weeks: 8 → 4)" in out.meta["schedule_note"]
    _no_visit_on_a_closing_day(out)


def test_every_day_choice_of_the_searches_avoids_closing_days() -> None:
    from planner._schedule_days import TerritoryDays
    from planner._schedule_off import move_off
    from planner._schedule_search import (
        _cheapest,
        _Edges,
        _SingleDayOptions,
        even_out,
        ruin_recreate,
        swap,
    )
    from planner._schedule_zones import Pattern

    rng = np.random.default_rng(3)
    pts = np.vstack([[0.0, 0.0], rng.uniform(-15, 15, size=(30, 2))])
    minutes = np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)) * 2.0
    patterns = [Pattern(1, 1, False), Pattern(2, 1, False), Pattern(1, 2, False)] * 10
    closed = {i: frozenset({0}) for i in range(0, 30, 2)}  # even customers closed on day 0
    day_sets = [(1, 3) if p.per_week == 2 else ((i % 3) + 1,) for i, p in enumerate(patterns)]
    cal = TerritoryDays(
        minutes=minutes, service=np.full(30, 20.0), patterns=patterns, day_sets=day_sets,
        offsets=[i % p.period for i, p in enumerate(patterns)], horizon=2, n_days=4,
        limit_minutes=480.0, route_seconds=0.01, active=np.ones(30, dtype=bool), closed=closed,
    )
    cal.route_all()
    for i in closed:
        assert all(0 not in days for days, _o in cal._options(i))
        assert all(0 not in days for days, _o in cal._options(i, include_current=True))
    assert any(0 in days for days, _o in cal._options(1))  # an open customer may go there
    where = {k: j for j, k in enumerate(cal.stops)}
    edges = _Edges(cal)
    extra = np.zeros(len(edges.keys))
    extra[[where[(w, 0)] for w in range(2)]] = -100.0  # day 0 would be by far the cheapest
    fits = np.ones(len(edges.keys), dtype=bool)
    best = _cheapest(cal, 0, extra, fits, where, _SingleDayOptions(cal, where))
    assert best is not None and 0 not in best[0]
    swap(cal)
    cal.improve()
    ruin_recreate(cal, iterations=40, size=6)
    even_out(cal, weight=50.0)
    cal.repair(full_reason="full")
    cal.reinsert()
    lost = move_off(cal, {(0, 1), (1, 2)})
    for (w, d), stops in cal.stops.items():
        if d == 0:
            assert not set(stops) & set(closed), (w, d)
    for i, _key in lost:
        assert i in range(30)


# --- edits ------------------------------------------------------------------------------------
def test_moving_visits_onto_a_closing_day_is_refused(closed_calendar: m.Plan) -> None:
    s = closed_calendar.schedule
    c = closed_calendar.customers.set_index(m.CUSTOMER_ID)
    weekly_wed = [cid for cid in c.index if c.loc[cid, m.CLOSED_DAYS] == "wed"
                  and c.loc[cid, m.FREQUENCY] == 4.0]
    cid = weekly_wed[0]
    week, day = s.loc[s["customer_id"] == cid, ["week", "day"]].iloc[0]
    with pytest.raises(PlannerError) as err:
        apply_edit(closed_calendar, MoveVisits((cid,), (int(week), str(day)), (int(week), "wed")))
    assert str(c.loc[cid, m.NAME]) in str(err.value) and "Wed" in str(err.value)
    # another open day is fine
    target = next(d for d in WORKDAYS if d not in (day, "wed"))
    moved, _inverse, _changes = apply_edit(
        closed_calendar, MoveVisits((cid,), (int(week), str(day)), (int(week), target))
    )
    assert set(moved.schedule.loc[moved.schedule["customer_id"] == cid, "day"]) == {target}


def test_set_closed_days_and_its_inverse(closed_calendar: m.Plan) -> None:
    ids = tuple(closed_calendar.customers[m.CUSTOMER_ID].iloc[:3])
    before = closed_calendar.customers[m.CLOSED_DAYS].iloc[:3].tolist()
    assert not closed_calendar.meta.get("schedule_stale")
    new, inverse, changes = apply_edit(closed_calendar, SetClosedDays(ids, ("sun,sat", "", "tue")))
    assert new.customers[m.CLOSED_DAYS].iloc[:3].tolist() == ["sat,sun", "", "tue"]
    assert new.meta["schedule_stale"] is True and changes.schedule and changes.customers
    back, _again, _ = apply_edit(new, inverse)
    assert back.customers[m.CLOSED_DAYS].iloc[:3].tolist() == before
    assert back.meta["schedule_stale"] is False
    pd.testing.assert_frame_equal(
        pd.DataFrame(back.customers.drop(columns="geometry")),
        pd.DataFrame(closed_calendar.customers.drop(columns="geometry")),
    )
    with pytest.raises(PlannerError):
        apply_edit(closed_calendar, SetClosedDays(ids[:1], ("wednesday",)))


# --- exports ----------------------------------------------------------------------------------
def test_workbook_shows_closing_days_and_re_imports_them(tmp_path: Path, closed_calendar: m.Plan) -> None:
    from planner.export.excel import export_workbook

    path = export_workbook(closed_calendar, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Customer list"]
    headers = [cell.value for cell in ws[1]]
    col = headers.index("Closing days") + 1
    codes = list(closed_calendar.customers[m.CLOSED_DAYS])
    shown = [ws.cell(row=r, column=col).value for r in range(2, len(codes) + 2)]
    assert shown[:3] == ["Wed", None, "Mon, Fri"]
    # route sheets carry the closing days in the notes
    notes = [
        str(cell.value)
        for sheet in wb.worksheets
        if sheet.title not in ("Customer list", "Summary")
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.count("Closed:")
    ]
    assert notes and any("Closed: Sat, Sun" in n for n in notes)
    again = read_customers(path)
    assert again.mapping[m.CLOSED_DAYS] == "Closing days"
    assert list(again.customers[m.CLOSED_DAYS]) == codes


def test_edited_closing_days_win_over_the_original_column_on_re_import(tmp_path: Path) -> None:
    from planner.export.excel import export_workbook

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客コード", "顧客名", "緯度", "経度", "定休日"])
    for row in ROWS:
        ws.append(list(row))
    wb.save(tmp_path / "in.xlsx")
    plan = read_customers(tmp_path / "in.xlsx").to_plan()
    plan, _inverse, _ = apply_edit(plan, SetClosedDays(("A001",), ("thu",)))
    out = read_customers(export_workbook(plan, tmp_path / "out.xlsx"))
    assert "定休日 (original file)" in out.original_columns  # the original column is kept, renamed
    assert out.customers.set_index(m.CUSTOMER_ID).loc["A001", m.CLOSED_DAYS] == "thu"
