"""A day's title on the route sheet, the PDF hand-out and the changes sheet: in Japanese the
date as an office writes it (12月29日(火)), not the ISO form (2026-12-29) the English keeps."""

from __future__ import annotations

import dataclasses

from planner import model as m
from planner.export.excel_routes import day_title
from planner.synthetic import synthetic_plan


def dated_plan() -> m.Plan:
    plan = synthetic_plan(10, territories=1)
    return dataclasses.replace(plan, settings=dataclasses.replace(plan.settings,
                                                                 start_date="2026-12-07"))


def test_a_dated_day_in_japanese_reads_month_day_and_weekday(japanese):
    plan = dated_plan()
    assert day_title(plan, 4, "tue", date="2026-12-29") == "第4週 12月29日(火)"
    assert day_title(plan, 1, "mon") == "第1週 12月7日(月)"  # the plan's start date gives it
    assert day_title(plan, 1, "mon", week_too=False) == "12月7日(月)"


def test_an_undated_day_in_japanese_keeps_its_long_weekday(japanese):
    assert day_title(synthetic_plan(10, territories=1), 2, "wed") == "第2週 水曜日"


def test_english_keeps_the_iso_date():
    assert day_title(dated_plan(), 4, "tue", date="2026-12-29") == "Week 4 Tue (2026-12-29)"
