"""A lasso around all of a rep's customers, assigned to another rep, left the territory
empty with the note 「15件の顧客を高橋 健に移しました。」 alone."""

from __future__ import annotations

import pytest

from planner import model as m
from planner.edits import AssignCustomers, apply_edit
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui.edit_notes import assigned_note

pytestmark = pytest.mark.usefixtures("isolated")


def test_assigning_every_customer_of_a_territory_away_says_it_is_left_empty() -> None:
    set_language("ja")
    plan = synthetic_plan(30, territories=3, seed=2)
    first, second, _third = plan.territories
    plan = plan.replace(territories=(first.replace(name="佐藤 花子"), second.replace(
        name="高橋 健"), _third))
    c = plan.customers
    ids = tuple(c.loc[c[m.TERRITORY] == first.id, m.CUSTOMER_ID])
    after = apply_edit(plan, AssignCustomers(ids, (second.id,) * len(ids)))[0]
    assert assigned_note(plan, after, into=second.id).endswith(
        "佐藤 花子の顧客がいなくなりました（「元に戻す」で戻せます）。")
    some = apply_edit(plan, AssignCustomers(ids[:1], (second.id,)))[0]
    assert "いなくなりました" not in assigned_note(plan, some, into=second.id)
