"""What a hand move of the calendar did to the rep's days (planner.move_effect): the two
weekdays' lengths before → after, a day now past the rep's day, the cycle's driving."""

from __future__ import annotations

import dataclasses

import pytest

from planner import model as m
from planner.edits import Changes, MoveVisits, apply_edit
from planner.i18n import set_language
from planner.move_effect import effect_text, move_effect
from planner.schedule import build_schedule
from planner.stats import day_summary
from planner.synthetic import synthetic_plan


def weekly_plan(start_date: str = "") -> m.Plan:
    """30 customers, one rep, all seen weekly (every weekday the same in all 4 weeks)."""
    plan = synthetic_plan(30, territories=1, seed=5)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    c[m.SERVICE_MINUTES] = 40.0
    c[m.CLOSED_DAYS] = ""
    c[m.VISIT_DAYS] = ""
    settings = dataclasses.replace(plan.settings, start_date=start_date)
    return build_schedule(plan.replace(customers=c, settings=settings), weeks=4,
                          route_seconds=0.01)


@pytest.fixture(scope="module")
def built() -> m.Plan:
    return weekly_plan()


def thursday_customer(plan: m.Plan) -> str:
    s = plan.schedule
    assert s is not None
    return str(s[(s["week"] == 1) & (s["day"] == "thu")]["customer_id"].iloc[0])


def hours(plan: m.Plan, day: str) -> float:
    table = day_summary(plan, territory_id="T01")
    return float(table.loc[table["day"] == day, "hours"].max())


def km(plan: m.Plan) -> float:
    return float(day_summary(plan, territory_id="T01")["travel_km"].sum())


def test_a_weekly_shop_moved_to_tuesdays_gives_both_days_before_and_after_and_the_driving(
    built,
):
    """Thursdays → Tuesdays: the Tuesdays now run past the rep's day; the sentence says so,
    with the Thursdays' new length and the kilometres the 4 weeks gained."""
    cid = thursday_customer(built)
    edit = MoveVisits((cid,), (1, "thu"), (1, "tue"))
    plain, _inv, _ch = apply_edit(built, edit)
    tue, thu = (hours(built, "tue"), hours(plain, "tue")), (hours(built, "thu"),
                                                             hours(plain, "thu"))
    assert tue[1] > tue[0] + 0.2 and thu[1] < thu[0]
    limit = round((tue[0] + tue[1]) / 2, 1)  # the Tuesdays fitted the rep's day, now they do not
    short = built.replace(settings=dataclasses.replace(built.settings, day_hours=limit))
    after, _inv, _ch = apply_edit(short, edit)

    effect = move_effect(short, after, "T01")
    assert effect.moved and effect.too_long and effect.limit == limit
    went, left = effect.days
    assert (went.day, went.weeks, went.joined, went.over) == ("tue", (1, 2, 3, 4), True,
                                                              (1, 2, 3, 4))
    assert (left.day, left.weeks, left.joined, left.over) == ("thu", (1, 2, 3, 4), False, ())
    assert (went.before, went.after) == pytest.approx(tue)
    assert (left.before, left.after) == pytest.approx(thu)
    assert effect.km_change == pytest.approx(km(after) - km(short))
    assert effect.km_change > 0 and effect.cycle_weeks == 4
    gained = f"+{effect.km_change:,.0f}"
    assert effect_text(effect) == (
        f"Day lengths: every Tue {tue[0]:.1f} → {tue[1]:.1f} h (longer than the {limit:g}-hour "
        f"day); every Thu {thu[0]:.1f} → {thu[1]:.1f} h. Driving over 4 weeks: {gained} km.")
    set_language("ja")
    try:
        assert effect_text(effect) == (
            f"1日の所要時間: 火曜日 {tue[0]:.1f} → {tue[1]:.1f}時間（{limit:g}時間を超えます）、"
            f"木曜日 {thu[0]:.1f} → {thu[1]:.1f}時間。移動距離は4週で {gained}km。")
    finally:
        set_language("en")


def test_a_day_that_still_fits_has_no_warning(built):
    cid = thursday_customer(built)
    after, _inv, _ch = apply_edit(built, MoveVisits((cid,), (1, "thu"), (1, "mon")))
    roomy = built.replace(settings=dataclasses.replace(built.settings, day_hours=12.0))
    effect = move_effect(roomy, after.replace(settings=roomy.settings), "T01")
    assert not effect.too_long
    assert "longer than" not in effect_text(effect)
    assert effect_text(effect).startswith("Day lengths: every Mon ")


def test_a_weekly_series_moved_a_week_on_moves_nothing_and_adds_no_step(built):
    """Week 1 Thu → week 2 Thu of a weekly customer: every visit lands on its own day. It was
    an undo step that routed both days again and said "Moved 1 customer to week 2 Thu"."""
    cid = thursday_customer(built)
    after, _inv, changes = apply_edit(built, MoveVisits((cid,), (1, "thu"), (2, "thu")))
    assert after is built and changes == Changes()
    effect = move_effect(built, after, "T01")
    assert not effect.moved and effect_text(effect) == ""


def test_only_the_weeks_that_changed_are_named_a_closed_date_keeps_its_week():
    """Moved to Thursdays while Thursday 4/29 (week 4) is a public holiday: that week's visit
    stays on Monday, so weeks 1–3 of each weekday changed, and the sentence names them."""
    plan = weekly_plan("2027-04-05")
    s = plan.schedule
    assert s is not None
    cid = str(s[(s["week"] == 1) & (s["day"] == "mon")]["customer_id"].iloc[0])
    after, _inv, _ch = apply_edit(plan, MoveVisits((cid,), (1, "mon"), (1, "thu")))
    effect = move_effect(plan, after, "T01")
    assert [(d.day, d.weeks) for d in effect.days] == [("thu", (1, 2, 3)), ("mon", (1, 2, 3))]
    # named by their dates (the calendar has them), as a manager writes days
    assert effect_text(effect).startswith("Day lengths: 4/8, 4/15, 4/22(Thu) ")
    assert "; 4/5, 4/12, 4/19(Mon) " in effect_text(effect)
    undated = dataclasses.replace(effect, monday="")
    assert effect_text(undated).startswith("Day lengths: weeks 1, 2, 3 Thu ")
    set_language("ja")
    try:
        assert effect_text(effect).startswith("1日の所要時間: 4/8・4/15・4/22(木) ")
        assert "、4/5・4/12・4/19(月) " in effect_text(effect)
        assert effect_text(undated).startswith("1日の所要時間: 第1・2・3週 木曜日 ")
    finally:
        set_language("en")


def test_one_week_of_a_day_too_long_is_named():
    """Of the days a move changed, only some run past the rep's day: those weeks are named."""
    from planner.move_effect import DayChange, MoveEffect

    day = DayChange("tue", (1, 2, 3, 4), 7.5, 8.4, (2,), joined=True)
    effect = MoveEffect("T01", 4, 8.0, (day,), 100.0, 88.0)
    assert effect_text(effect) == (
        "Day lengths: every Tue 7.5 → 8.4 h (week 2 longer than the 8-hour day). "
        "Driving over 4 weeks: −12 km.")
    set_language("ja")
    try:
        assert effect_text(effect) == (
            "1日の所要時間: 火曜日 7.5 → 8.4時間（第2週は8時間を超えます）。"
            "移動距離は4週で −12km。")
    finally:
        set_language("en")
