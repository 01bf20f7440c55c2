"""The Build calendar message counts the visits that gave way to a customer's only visit of
the cycle apart from those the closed days left out (planner._schedule_give_way)."""

from __future__ import annotations

from planner._schedule_off import GAVE_WAY_KEY, skipped_visits
from planner.i18n import set_language
from tests.core.test_schedule_give_way import december_plan


def test_the_build_message_says_how_many_visits_gave_way(qtbot) -> None:
    from planner.ui.report_box import ReportBox
    from planner.ui.schedule_dialog import build_report

    plan = december_plan()
    n = len(plan.meta[GAVE_WAY_KEY])
    closed = len(skipped_visits(plan)) - n
    assert n
    set_language("en")
    text = build_report(plan)
    assert f"{closed} visits on holidays or days off fit no other day" in text
    assert (f"{n} visits of customers seen more often gave way to customers' only visits of "
            "the cycle; they keep their other visits.") in text
    set_language("ja")
    try:
        said = build_report(plan)
        box = ReportBox(said)
        qtbot.addWidget(box)
        assert f"訪問回数の多い顧客の訪問 {n}件を" in said and f"訪問 {closed}件は" in said
    finally:
        set_language("en")
