"""The calendar days in words of a few customers, read from their own visits only (a hand
move's customers in the list), are those the whole calendar gives them: with a dated
calendar whose holidays moved visits (week 1's Monday read from the whole calendar)."""

from __future__ import annotations

from planner import model as m
from planner.compare import visit_day_texts
from planner.edits import MoveVisits, apply_edit
from tests.core.test_move_effect import thursday_customer, weekly_plan


def test_a_few_customers_words_equal_the_whole_calendars_before_and_after_a_move() -> None:
    plan = weekly_plan(start_date="2026-12-28")  # 12/29–1/3: holidays and company days off
    s = plan.schedule
    assert s is not None and (s["moved_from"].astype(str) != "").any()  # some moved off them
    ids = plan.customers[m.CUSTOMER_ID].astype(str).to_numpy()
    whole = visit_day_texts(plan, ids)
    assert any(whole)
    moved = [i for i, cid in enumerate(ids) if cid in set(s.loc[s["moved_from"] != "",
                                                                   "customer_id"])]
    for i in [*moved[:3], 0, len(ids) - 1]:
        assert visit_day_texts(plan, ids[i:i + 1], few=True) == [whole[i]]
    cid = thursday_customer(plan)
    after, _inverse, changes = apply_edit(plan, MoveVisits((cid,), (2, "thu"), (2, "tue")))
    assert changes.customer_ids == (cid,)
    now = visit_day_texts(after, ids)
    i = list(ids).index(cid)
    assert visit_day_texts(after, ids[i:i + 1], few=True) == [now[i]] != [whole[i]]
    assert [t for j, t in enumerate(now) if j != i] == [t for j, t in enumerate(whole) if j != i]
