"""The printed figures of a calendar come from the calendar and say so: a December calendar
closed over New Year has 16 working days, and its km a week are not diluted by the 4 days
nobody drives (the hand-outs' overview mixed the plan's estimate with km/4 weeks)."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.days_off import parse_days_off
from planner.export.excel import export_workbook
from planner.export.figures import calendar_figures, calendar_km_per_week
from planner.export.handouts import export_handouts
from planner.i18n import set_language, tr
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


@pytest.fixture(scope="module")
def december() -> m.Plan:
    """Four weeks from Monday 12/7, the company closed 12/29〜1/3: 16 working days a rep."""
    plan = synthetic_plan(80, territories=2, seed=3)
    c = plan.customers.copy()
    c[m.FREQUENCY] = c[m.FREQUENCY].clip(lower=1.0)  # a 4-week calendar (none every 8 weeks)
    plan = plan.replace(customers=c)
    settings = dataclasses.replace(
        plan.settings, start_date="2026-12-07",
        company_days_off=parse_days_off("12/29〜1/3", start=dt.date(2026, 12, 7)))
    return build_schedule(plan.replace(settings=settings), route_seconds=0.01)


def _driven(plan: m.Plan, territory: str) -> tuple[int, float]:
    s = plan.schedule[plan.schedule["territory"] == territory]
    return len(s), float(s["travel_km"].sum() + s["return_km"].fillna(0).sum())


def test_the_calendars_figures_count_its_working_days_and_its_km_a_working_week(december):
    figures = calendar_figures(december)
    per_week = calendar_km_per_week(december)
    for t in december.territory_ids:
        visits, km = _driven(december, t)
        row = figures.loc[t]
        assert (row["working_days"], row["days_per_week"], row["visits"]) == (16, 5, visits)
        assert row["km"] == pytest.approx(km)
        assert per_week[t] == pytest.approx(km / (16 / 5))  # not km / 4 weeks
        mine = december.customers[december.customers[m.TERRITORY] == t]
        assert row["customers"] + row["not_in_calendar"] == len(mine)  # the map's customers


def test_the_summary_sheet_stats_and_the_dock_give_the_same_calendar_km(december, tmp_path):
    """鈴木 read 462 km in the dock (the real four weeks), 577 in `stats` (the calendar scaled
    to a full cycle without the closed days) and 144.3 km/週 in the workbook: the workbook and
    `stats` now give what the rep drives, under the same words; the scaled figure, beside the
    estimate, says what it is."""
    from planner._cli.stats_cmd import format_stats
    from planner.stats import plan_stats

    ws = load_workbook(export_workbook(december, tmp_path / "dec.xlsx"))[tr("Summary")]
    assert ws["H3"].value.replace("\n", "") == "カレンダーの移動km（4週）"
    stats = plan_stats(december)
    table = format_stats(stats)
    lines = table.splitlines()
    header = next(x for x in lines if x.startswith("ID"))
    real, scaled, estimate = (header.index(w) for w in (
        "カレンダーの移動km（4週）", "休業日なしの1サイクル換算km", "移動km/サイクル（推定）"))
    assert real < scaled < estimate  # what they drive first; the scaled one by the estimate
    assert any(x.startswith("休業日なしの1サイクル換算km: ") and "「カレンダーの移動km（4週）」" in x
               for x in lines)
    by_id = {t["id"]: t for t in stats["territories"]}
    for r, t in enumerate(december.territory_ids, start=4):
        _visits, km = _driven(december, t)
        assert ws.cell(row=r, column=8).value == pytest.approx(km)  # not km a working week
        assert by_id[t]["scheduled_travel_km"] == pytest.approx(km, abs=0.05)
        assert by_id[t]["scheduled_travel_km_per_cycle"] == pytest.approx(
            km / 16 * 20, abs=0.05)  # 16 working days as the 20 of a full cycle
        row = next(x for x in lines if x.startswith(t)).split()
        assert f"{km:,.0f}" in row and f"{km / 16 * 20:,.0f}" in row


def test_the_overview_page_gives_the_calendars_own_figures_and_says_so(december, tmp_path):
    from pypdf import PdfReader

    reader = PdfReader(export_handouts(december, tmp_path / "dec.pdf", territories=["T01"]))
    text = reader.pages[0].extract_text()
    visits, km = _driven(december, "T01")
    days = december.schedule[december.schedule["territory"] == "T01"]
    hours = float(calendar_figures(december).loc["T01", "hours"])
    assert "カレンダー 16稼働日" in text
    assert f"訪問 {visits}回" in text
    assert f"顧客 {days['customer_id'].nunique()}件" in text
    assert f"1稼働日あたり 移動込み {hours / 16:.1f}時間・{km / 16:.0f}km" in text
    assert "サイクル" not in text and "推定" not in text  # no estimate mixed in
    outside = int(calendar_figures(december).loc["T01", "not_in_calendar"])
    assert (f"カレンダー外 {outside}件" in text) == (outside > 0)
