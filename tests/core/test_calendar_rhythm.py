"""A frequency the calendar's rhythms do not have (every 6 weeks, planned every 8) says the
calendar's rhythm beside it wherever both are shown: 「6週に1回（カレンダーでは8週に1回）」
above 「8週に1回(第4週) 火」, not the two rhythms side by side without a word."""

from __future__ import annotations

import openpyxl
import pytest
from update_helpers import rows, write

from planner import model as m
from planner.calendar_rhythm import calendar_rates, frequencies_beside_calendar
from planner.edits import SetFrequency, apply_edit
from planner.export.excel import export_workbook
from planner.frequency import apply_frequency_rules
from planner.i18n import set_language
from planner.maps.share import share_data
from planner.schedule import build_schedule
from planner.spreadsheet import read_customers

SIX = 4.0 / 6.0  # every 6 weeks, in visits per 4 weeks


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> m.Plan:
    path = write(tmp_path_factory.mktemp("rhythm") / "list.xlsx", rows())
    plan = apply_frequency_rules(read_customers(path).to_plan(), by_rank={"A": 4, "B": 2})
    plan = apply_edit(plan, SetFrequency(("S001",), (SIX,)))[0]
    return build_schedule(plan, weeks=4)


def _row(plan: m.Plan, code: str) -> int:
    return int(plan.customers.index[plan.customers[m.CUSTOMER_ID] == code][0])


def test_the_calendar_plans_a_6_weekly_customer_every_8_weeks_and_says_so(plan, japanese):
    rates = calendar_rates(plan)
    assert rates["S001"] == pytest.approx(0.5) and rates["S000"] == pytest.approx(4.0)
    said = frequencies_beside_calendar(plan)
    assert said[_row(plan, "S001")] == "6週に1回（カレンダーでは8週に1回）"
    assert said[_row(plan, "S000")] == "毎週" and said[_row(plan, "S002")] == "毎週"
    assert said[_row(plan, "S003")] == "隔週"  # the calendar's rhythm is the customer's


def test_english_and_no_calendar(plan, english):
    said = frequencies_beside_calendar(plan)
    assert said[_row(plan, "S001")] == "once every 6 weeks (in the calendar: every 8 weeks)"
    unbuilt = plan.replace(schedule=None)
    assert frequencies_beside_calendar(unbuilt)[_row(plan, "S001")] == "once every 6 weeks"


def test_the_shared_maps_popup_says_both_rhythms(plan, japanese):
    data = share_data(plan)
    customers = data["customers"]
    i = customers["name"].index("新宿商店1")
    assert customers["freq"][i] == "6週に1回（カレンダーでは8週に1回）"
    assert "8週に1回" in customers["days"][i]  # the visit days below it: 8週に1回(第n週) 曜


def test_the_workbook_says_both_and_reads_the_customers_frequency_back(plan, tmp_path):
    set_language("ja")
    try:
        book = export_workbook(plan, tmp_path / "plan.xlsx")
    finally:
        set_language("en")
    ws = openpyxl.load_workbook(book)["顧客一覧"]
    heads = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "S001")
    assert row[heads.index("訪問頻度")] == "6週に1回（カレンダーでは8週に1回）"
    assert str(row[heads.index("訪問パターン")]).startswith("8週に1回")
    # route sheets: the stop's note says it to the rep too
    sheets = openpyxl.load_workbook(book).worksheets
    texts = [str(v) for s in sheets if s.title != "顧客一覧"
             for r in s.iter_rows(values_only=True) for v in r if v]
    assert any("6週に1回（カレンダーでは8週に1回）" in t for t in texts)
    back = read_customers(book).customers.set_index(m.CUSTOMER_ID)
    assert back.at["S001", m.FREQUENCY] == pytest.approx(SIX)
