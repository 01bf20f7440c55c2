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


def test_the_reps_without_a_home_base_are_named_with_where_to_set_one() -> None:
    """The window's calendar report said nothing of the reps whose routes start from their
    customers' centre; it names them as the manager knows them and the menu that sets one."""
    set_language("ja")
    plan = synthetic_plan(20, territories=2)
    first, second = plan.territories
    plan = plan.replace(territories=(first, second.replace(name="東京エリア", rep="鈴木 一郎")),
                        meta={**plan.meta, "schedule_no_home": [second.id]})
    text = build_report(plan)
    assert "鈴木 一郎（東京エリア）には拠点がないため、顧客の中心地点からルートを組みました。" in text
    assert "「テリトリー → 担当者の拠点をファイルから読み込む…」" in text
    assert f"{second.id}には" not in text and "--homes" not in text
