"""Customers' fixed visit days (訪問曜日): reading, storing, a calendar that keeps to them, and
hand moves of the calendar that survive a rebuild."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from calendar_helpers import assert_customers_and_schedule_equal, free_customer

from planner import model as m
from planner._schedule_off import skipped_visits
from planner.closed_days import parse_closed_days
from planner.columns import detect_columns
from planner.edits import MoveVisits, SetVisitDays, apply_edit
from planner.errors import PlannerError
from planner.schedule import build_schedule
from planner.spreadsheet import read_customers
from planner.synthetic import synthetic_plan
from planner.visit_days import parse_visit_days, pinned_days

WORKDAYS = ("mon", "tue", "wed", "thu", "fri")


pytestmark = pytest.mark.usefixtures("english")


# --- reading a visit-day cell -------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("火", "tue"),
        ("火曜", "tue"),
        ("毎週火曜日", "tue"),
        ("火曜訪問", "tue"),
        ("月・木", "mon,thu"),
        ("木、月", "mon,thu"),
        ("月曜と木曜", "mon,thu"),
        ("訪問日：水", "wed"),
        ("Tue", "tue"),
        ("mon, thu", "mon,thu"),
        ("Tuesdays only", "tue"),
        ("月〜水", "mon,tue,wed"),
        ("指定なし", ""),
        ("なし", ""),
        ("-", ""),
        ("", ""),
        (None, ""),
        (float("nan"), ""),
    ],
)
def test_visit_day_cells_are_read(cell: object, codes: str) -> None:
    assert parse_visit_days(cell) == codes


@pytest.mark.parametrize(
    "cell", ["第2火曜", "隔週火曜", "祝日", "火祝", "abc", 3.0, "〜金", "休み"]
)
def test_unreadable_visit_days_are_none(cell: object) -> None:
    assert parse_visit_days(cell) is None


def test_closing_day_grammar_is_unchanged_by_the_shared_parser() -> None:
    assert parse_closed_days("土日祝休み") == "sat,sun"
    assert parse_closed_days("祝日") == ""
    assert parse_closed_days("年中無休") == ""


# --- import ---------------------------------------------------------------------------------
ROWS = [
    ("A001", "喫茶みどり", 35.60, 139.70, "水曜", "火曜"),
    ("A002", "山田医院", 35.61, 139.71, "土日祝", "月・木"),
    ("A003", "スーパー北", 35.62, 139.72, None, "第2水曜"),
    ("A004", "田中商店", 35.63, 139.73, None, None),
    ("A005", "ホテル港", 35.64, 139.74, "年中無休", "指定なし"),
]


def test_import_xlsx_with_a_visit_day_column(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["顧客コード", "顧客名", "緯度", "経度", "定休日", "訪問曜日"])
    for row in ROWS:
        ws.append(list(row))
    path = tmp_path / "customers.xlsx"
    wb.save(path)
    result = read_customers(path)
    assert result.mapping[m.VISIT_DAYS] == "訪問曜日"
    c = result.customers.set_index(m.CUSTOMER_ID)
    assert list(c[m.VISIT_DAYS]) == ["tue", "mon,thu", "", "", ""]
    assert list(c[m.CLOSED_DAYS]) == ["wed", "sat,sun", "", "", ""]
    assert len(c) == 5  # the unreadable row is still a customer
    (problem,) = result.report.problems
    assert (problem.row, problem.column, problem.value, problem.kept) == (
        4,
        "訪問曜日",
        "第2水曜",
        True,
    )
    assert "visit day is not readable" in problem.reason


@pytest.mark.parametrize(
    "header",
    [
        "訪問曜日",
        "訪問日",
        "曜日指定",
        "指定曜日",
        "訪問曜",
        "visit day",
        "Visit days",
        "visiting days",
    ],
)
def test_visit_day_headers_are_recognised(header: str) -> None:
    found = detect_columns(["顧客名", "住所", "訪問頻度", "訪問時間", header])
    assert found.get(m.VISIT_DAYS) == header
    assert found.get(m.FREQUENCY) == "訪問頻度" and found.get(m.SERVICE_MINUTES) == "訪問時間"


# --- the calendar -----------------------------------------------------------------------------
FREQS = [4.0, 2.0, 1.0, 8.0, 4.0, 2.0, 4.0, 8.0]
VISITS = ["tue", "", "thu", "mon,thu", "", "fri", "mon,wed,fri", ""]
CLOSINGS = ["", "wed", "", "", "", "mon", "wed", ""]


def _visit_plan(n: int = 80, *, start_date: str = "") -> m.Plan:
    plan = synthetic_plan(n, territories=2, seed=7)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize(np.array(FREQS), len(c))
    c[m.SERVICE_MINUTES] = 10.0
    c[m.VISIT_DAYS] = np.resize(np.array(VISITS, dtype=object), len(c))
    c[m.CLOSED_DAYS] = np.resize(np.array(CLOSINGS, dtype=object), len(c))
    settings = dataclasses.replace(plan.settings, start_date=start_date)
    return plan.replace(customers=c, settings=settings)


@pytest.fixture(scope="module")
def visit_calendar() -> m.Plan:
    return build_schedule(_visit_plan(), route_seconds=0.01)


def _only_on_allowed_days(plan: m.Plan) -> int:
    """Every visit on one of its customer's visit days, never on a closing day; only a visit
    a holiday moved (``moved_from``) may leave the visit days. Returns how many did."""
    s = plan.schedule
    assert s is not None
    c = plan.customers.set_index(m.CUSTOMER_ID)
    moved = s["moved_from"].astype(str).ne("").to_numpy() if "moved_from" in s else [False] * len(s)
    away = 0
    for cid, day, off in zip(s["customer_id"], s["day"], moved, strict=True):
        visit, closed = c.loc[cid, m.VISIT_DAYS], c.loc[cid, m.CLOSED_DAYS]
        assert day not in closed.split(","), (cid, day, closed)
        assert off or not visit or day in visit.split(","), (cid, day, visit)
        away += bool(visit and day not in visit.split(","))
    return away


def test_visits_fall_only_on_visit_days_and_never_on_closing_days(visit_calendar: m.Plan) -> None:
    _only_on_allowed_days(visit_calendar)
    s = visit_calendar.schedule
    assert len(visit_calendar.unscheduled) == 0
    assert set(s["customer_id"]) == set(visit_calendar.customers[m.CUSTOMER_ID])
    c = visit_calendar.customers.set_index(m.CUSTOMER_ID)
    fixed = [cid for cid in c.index if c.loc[cid, m.VISIT_DAYS] == "mon,thu"]
    for cid in fixed:  # twice a week on exactly its two visit days
        assert set(s.loc[s["customer_id"] == cid, "day"]) == {"mon", "thu"}


def test_patterns_are_kept_on_visit_days(visit_calendar: m.Plan) -> None:
    s = visit_calendar.schedule
    freq = visit_calendar.customers.set_index(m.CUSTOMER_ID)[m.FREQUENCY]
    weeks = int(visit_calendar.meta["schedule_weeks"])
    for cid, visits in s.groupby("customer_id"):
        f = freq[cid]
        assert len(visits) == f * weeks / 4, cid
        if f == 4:
            assert (
                sorted(visits["week"]) == list(range(1, weeks + 1)) and visits["day"].nunique() == 1
            )
        elif f == 2:
            w = sorted(visits["week"])
            assert all(b - a == 2 for a, b in zip(w, w[1:], strict=False))
            assert visits["day"].nunique() == 1
        elif f == 8:
            days = visits.groupby("week")["day"].apply(lambda d: tuple(sorted(d)))
            assert days.nunique() == 1 and len(days.iloc[0]) == 2


def test_holidays_move_visits_off_their_visit_days_only_when_no_visit_day_is_open() -> None:
    # Golden Week 2027: Mon 3 – Wed 5 May are holidays, so week 1's visits move: to the week
    # before or after on a visit day where the rhythm allows, else to Thu/Fri of that week,
    # never onto a closing day, and none is dropped
    out = build_schedule(_visit_plan(60, start_date="2027-05-03"), route_seconds=0.01)
    assert not out.schedule["date"].isin(["2027-05-03", "2027-05-04", "2027-05-05"]).any()
    away = _only_on_allowed_days(out)
    s = out.schedule
    visit_days = out.customers.set_index(m.CUSTOMER_ID)[m.VISIT_DAYS]
    off_days = [bool(v) and d not in v.split(",") for v, d in zip(
        visit_days[s["customer_id"]].to_numpy(), s["day"], strict=True)]
    assert away and set(s.loc[off_days, "week"]) == {1}  # the holiday week's, and only those
    # only twice-a-week customers lose a visit: Thursday is their other one, Friday too close
    lost = skipped_visits(out)["customer_id"]
    assert (out.customers.set_index(m.CUSTOMER_ID).loc[lost, m.FREQUENCY] == 8.0).all()


def test_customers_whose_visit_days_cannot_carry_their_pattern_are_seen_on_them_or_listed() -> None:
    plan = _visit_plan(30)
    c = plan.customers.copy()
    rows = [
        (8.0, "tue", ""),  # twice a week, one visit day
        (4.0, "sat", ""),  # the visit day is not a working day
        (4.0, "wed", "wed"),  # the visit day is its closing day
        (8.0, "mon,wed,fri", "wed"),  # twice a week on Mon and Fri: fine
    ]
    for k, (f, visit, closed) in enumerate(rows):
        c.loc[k, [m.FREQUENCY, m.VISIT_DAYS, m.CLOSED_DAYS]] = [f, visit, closed]
    out = build_schedule(plan.replace(customers=c), route_seconds=0.01)
    reasons = out.unscheduled.set_index("customer_id")["reason"]
    ids = list(c[m.CUSTOMER_ID].iloc[:4])
    assert ids[0] not in reasons.index  # twice a week on its one visit day: every Tuesday
    firsts = out.schedule[out.schedule["customer_id"] == ids[0]]
    assert set(firsts["day"]) == {"tue"} and len(firsts) == out.meta["schedule_weeks"]
    assert "visit days (Sat) are not working days" in reasons[ids[1]]
    assert "visit days (Wed) are all closing days" in reasons[ids[2]]
    assert ids[3] not in reasons.index
    s = out.schedule
    assert set(s.loc[s["customer_id"] == ids[3], "day"]) == {"mon", "fri"}
    assert not set(ids[1:3]) & set(s["customer_id"])
    _only_on_allowed_days(out)


def test_customers_without_visit_or_closing_days_get_the_same_calendar() -> None:
    plan = synthetic_plan(60, territories=2, seed=3)
    c = plan.customers.copy()
    before = build_schedule(plan, route_seconds=0.01).schedule
    c[m.VISIT_DAYS] = ""  # explicitly empty: nothing changes
    after = build_schedule(plan.replace(customers=c), route_seconds=0.01).schedule
    key = ["customer_id", "week", "day"]
    pd.testing.assert_frame_equal(
        before[key].sort_values(key).reset_index(drop=True),
        after[key].sort_values(key).reset_index(drop=True),
    )


# --- hand moves -------------------------------------------------------------------------------
def test_moving_a_weekly_customer_sets_its_visit_day_and_undo_restores_it(
    visit_calendar: m.Plan,
) -> None:
    s = visit_calendar.schedule
    cid = free_customer(visit_calendar, 4.0)
    day = str(s.loc[s["customer_id"] == cid, "day"].iloc[0])
    target = next(d for d in WORKDAYS if d != day)
    moved, inverse, changes = apply_edit(visit_calendar, MoveVisits((cid,), (1, day), (1, target)))
    c = moved.customers.set_index(m.CUSTOMER_ID)
    assert c.loc[cid, m.VISIT_DAYS] == target
    assert changes.customers and changes.schedule and cid in (changes.customer_ids or ())
    back, _again, _ = apply_edit(moved, inverse)
    assert_customers_and_schedule_equal(back, visit_calendar)


def test_moving_one_day_of_a_twice_weekly_customer_replaces_that_day(
    visit_calendar: m.Plan,
) -> None:
    s = visit_calendar.schedule
    c = visit_calendar.customers.set_index(m.CUSTOMER_ID)
    cid = next(x for x in c.index if c.loc[x, m.VISIT_DAYS] == "mon,thu")
    week = int(s.loc[(s["customer_id"] == cid) & (s["day"] == "mon"), "week"].iloc[0])
    moved, inverse, _changes = apply_edit(
        visit_calendar, MoveVisits((cid,), (week, "mon"), (week, "tue"))
    )
    assert moved.customers.set_index(m.CUSTOMER_ID).loc[cid, m.VISIT_DAYS] == "tue,thu"
    back, _again, _ = apply_edit(moved, inverse)
    assert_customers_and_schedule_equal(back, visit_calendar)


def test_a_rebuild_after_a_hand_move_keeps_the_new_weekday(visit_calendar: m.Plan) -> None:
    s = visit_calendar.schedule
    weekly = free_customer(visit_calendar, 4.0)
    twice = free_customer(visit_calendar, 8.0)
    day = str(s.loc[s["customer_id"] == weekly, "day"].iloc[0])
    target = next(d for d in ("thu", "tue") if d != day)
    plan, _inv, _ = apply_edit(visit_calendar, MoveVisits((weekly,), (1, day), (1, target)))
    days2 = sorted(set(s.loc[s["customer_id"] == twice, "day"]), key=WORKDAYS.index)
    free = next(d for d in WORKDAYS if d not in days2)
    week = int(s.loc[(s["customer_id"] == twice) & (s["day"] == days2[0]), "week"].iloc[0])
    plan, _inv, _ = apply_edit(plan, MoveVisits((twice,), (week, days2[0]), (week, free)))
    wanted = sorted({free, days2[1]}, key=WORKDAYS.index)
    assert plan.customers.set_index(m.CUSTOMER_ID).loc[twice, m.VISIT_DAYS] == ",".join(wanted)
    rebuilt = build_schedule(plan, route_seconds=0.01)
    r = rebuilt.schedule
    assert set(r.loc[r["customer_id"] == weekly, "day"]) == {target}
    assert set(r.loc[r["customer_id"] == twice, "day"]) == set(wanted)
    _only_on_allowed_days(rebuilt)


def test_pinned_days_ignore_a_visit_a_holiday_pushed_aside() -> None:
    visits = pd.DataFrame({"week": [1, 2, 3, 4], "day": ["mon", "tue", "mon", "mon"]})
    assert pinned_days(visits) == "mon"
    twice = pd.DataFrame({"week": [1, 1, 2, 2], "day": ["thu", "tue", "tue", "thu"]})
    assert pinned_days(twice) == "tue,thu"


# --- the edit ---------------------------------------------------------------------------------
def test_set_visit_days_and_its_inverse(visit_calendar: m.Plan) -> None:
    ids = tuple(visit_calendar.customers[m.CUSTOMER_ID].iloc[:3])
    assert not visit_calendar.meta.get("schedule_stale")
    new, inverse, changes = apply_edit(visit_calendar, SetVisitDays(ids, ("thu,mon", "", "wed")))
    assert new.customers[m.VISIT_DAYS].iloc[:3].tolist() == ["mon,thu", "", "wed"]
    assert new.meta["schedule_stale"] is True and changes.schedule and changes.customers
    back, _again, _ = apply_edit(new, inverse)
    assert_customers_and_schedule_equal(back, visit_calendar)
    with pytest.raises(PlannerError):
        apply_edit(visit_calendar, SetVisitDays(ids[:1], ("tuesday",)))


# --- exports ----------------------------------------------------------------------------------
def test_workbook_shows_visit_days_and_re_imports_them(
    tmp_path: Path, visit_calendar: m.Plan
) -> None:
    from planner.export.excel import export_workbook

    path = export_workbook(visit_calendar, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Customer list"]
    headers = [cell.value for cell in ws[1]]
    col = headers.index("Visit days") + 1
    codes = list(visit_calendar.customers[m.VISIT_DAYS])
    shown = [ws.cell(row=r, column=col).value for r in range(2, len(codes) + 2)]
    assert shown[:4] == ["Tue", None, "Thu", "Mon, Thu"]
    notes = [  # route sheets carry the visit days in the notes
        str(cell.value)
        for sheet in wb.worksheets
        if sheet.title not in ("Customer list", "Summary")
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and "Visit days:" in cell.value
    ]
    assert any("Visit days: Mon, Thu" in n for n in notes)
    again = read_customers(path)
    assert again.mapping[m.VISIT_DAYS] == "Visit days"
    assert list(again.customers[m.VISIT_DAYS]) == codes
