"""The calendar's report says where to find the visits a holiday or day off left out (the
Customer list's filter), as it does for the customers left out of the calendar: 「424件は他の
日に入らず、外しました」 alone left the manager to look for them."""

from __future__ import annotations

import pytest

from planner._schedule_off import SKIPPED_KEY
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan
from planner.ui.customer_panel import FILTER_TITLES
from planner.ui.schedule_dialog import build_report

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_left_out_holiday_visits_name_the_filter_that_lists_them(language) -> None:
    set_language(language)
    plan = synthetic_plan(20, territories=2)
    ids = list(plan.customers["customer_id"][:3])
    plan = plan.replace(meta={**plan.meta, SKIPPED_KEY: [
        (cid, "T01", "2026-12-31", "company") for cid in ids]})
    title = tr(dict(FILTER_TITLES)["holidays"])
    customers = tr("Customer list")
    text = build_report(plan)
    assert f"{customers} → {title}" in text
    if language == "ja":
        assert "祝日・休みの日の訪問 3件は他の日に入らず、外しました" in text
        assert "顧客一覧 → 祝日・休みで振替・訪問なし" in text
