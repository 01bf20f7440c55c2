"""The Build calendar message counts the visits that gave way to a customer's only visit of
the cycle apart from those the closed days left out (planner._schedule_give_way), in a
sentence a manager reads at a glance: which customers kept a visit day, which gave a visit."""

from __future__ import annotations

from planner import model as m
from planner._schedule_off import GAVE_WAY_KEY, skipped_visits
from planner.i18n import set_language
from tests.core.test_schedule_give_way import december_plan


def test_the_build_message_says_how_many_visits_gave_way(qtbot) -> None:
    from planner.ui.report_box import SIZE, ReportBox
    from planner.ui.schedule_dialog import build_report

    plan = december_plan()
    gave = plan.meta[GAVE_WAY_KEY]
    n = len(gave)
    closed = len(skipped_visits(plan)) - n
    assert n > 1
    # the facts the sentence names: weekly customers gave, every-4-weeks ones received
    freq = dict(zip(plan.customers[m.CUSTOMER_ID], plan.customers[m.FREQUENCY], strict=True))
    assert {freq[r[0]] for r in gave} == {4.0} and {freq[r[3]] for r in gave} == {1.0}
    assert len({r[0] for r in gave}) == len({r[3] for r in gave}) == n  # one each
    set_language("en")
    try:
        text = build_report(plan)
        assert f"{closed} visits on holidays or days off fit no other day" in text
        # who lost what first, then who gives way: one reading, the verbs where they belong
        assert (f"{n} customers seen every 4 weeks had their only visit of the cycle on closed "
                f"days; to keep those visits, {n} customers seen weekly give up one visit each "
                "(their other visits stay).") in text
        one = plan.replace(meta={**plan.meta, GAVE_WAY_KEY: gave[:1]})
        assert ("1 customer seen every 4 weeks had the only visit of the cycle on a closed "
                "day; to keep that visit, 1 customer seen weekly gives up one visit (its other "
                "visits stay).") in build_report(one)
        set_language("ja")
        said = build_report(plan)
        box = ReportBox(said)
        qtbot.addWidget(box)
        box.show()
        qtbot.waitExposed(box)
        # the sum shows whole, in a box no taller than it needs (it was always 520 high)
        assert box.details.verticalScrollBar().maximum() == 0
        assert box.height() < SIZE[1]
        assert (f"休みの日でサイクル中ただ1回の訪問日を失った4週に1回のお客様 {n}件の訪問日を"
                f"確保するため、毎週のお客様 {n}件の訪問をそれぞれ1回減らしました（ほかの回は"
                "そのままです）。") in said
        assert f"訪問 {closed}件は" in said
        assert "訪問回数の多い顧客の訪問" not in said
        # the build's sum follows the sentences, ahead of the per-rep lines
        assert said.split("\n\n")[1].startswith("カレンダー4週間の訪問件数の内訳:")
    finally:
        set_language("en")
