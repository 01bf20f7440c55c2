"""Setting the rank of several customers at once (the quarterly A → B review) as one undo step.

The complaint: moving five customers from A to B took five Edit customer… dialogs, and the
visits stayed an A customer's. Now one edit sets the rank; a customer whose frequency follows
the plan's rules (A=4, B=2, C=1) takes the new rank's; one set by hand keeps its own."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from update_helpers import plan_from, rows, write

from planner import model as m
from planner._customer_corrections import CORRECTIONS_KEY
from planner._customer_rank import rank_text
from planner.edits import SetFrequency, SetRank, apply_edit
from planner.frequency import SALES_BANDS_KEY
from planner.spreadsheet import read_customers
from planner.update import update_customers

#: The rank-A customers of 山田 (S000, S002 …) and one of them
A_CUSTOMERS = ("S000", "S002", "S004")


def _row(plan: m.Plan, cid: str) -> pd.Series:
    return plan.customers.set_index(m.CUSTOMER_ID).loc[cid]


def _plan(tmp_path: Path) -> m.Plan:
    plan = plan_from(write(tmp_path / "list.xlsx", rows()), calendar=True)
    assert [_row(plan, c)[m.RANK] for c in A_CUSTOMERS] == ["A"] * 3
    assert [_row(plan, c)[m.FREQUENCY] for c in A_CUSTOMERS] == [4.0] * 3
    assert not plan.meta.get("schedule_stale")
    return plan


def test_a_to_b_takes_the_rule_of_b_and_undo_gives_everything_back(tmp_path, english):
    plan = _plan(tmp_path)
    new, inverse, changes = apply_edit(plan, SetRank(A_CUSTOMERS, "ｂ"))  # typed by the IME
    assert [_row(new, c)[m.RANK] for c in A_CUSTOMERS] == ["B"] * 3
    assert [_row(new, c)[m.FREQUENCY] for c in A_CUSTOMERS] == [2.0] * 3  # B's rule: 隔週
    assert _row(new, "S006")[m.RANK] == "A"  # not selected: as it was
    assert changes.frequencies and changes.customers and changes.schedule
    assert new.meta["schedule_stale"]  # fewer visits: the calendar is out of date
    # the list's own rank cell says B too (the workbook shows it) …
    column = f"{m.ORIGINAL_PREFIX}{list(new.original_columns).index('ランク')}"
    assert [_row(new, c)[column] for c in A_CUSTOMERS] == ["B"] * 3
    # … and the plan remembers the list said A, so next month's list keeps the review
    assert new.meta[CORRECTIONS_KEY] == {c: {m.RANK: "A"} for c in A_CUSTOMERS}
    assert inverse.describe() == SetRank(A_CUSTOMERS, "B").describe() == (
        "Set rank of 3 customers")
    back, again, _ = apply_edit(new, inverse)
    assert back.customers.equals(plan.customers)
    assert back.meta == plan.meta
    redo = apply_edit(back, again)[0]
    assert redo.customers.equals(new.customers) and redo.meta == new.meta


def test_a_frequency_set_by_hand_stays_and_the_message_says_so(tmp_path, japanese):
    plan = _plan(tmp_path)
    plan = apply_edit(plan, SetFrequency(("S000",), (8.0,)))[0]  # 週2回, set by hand
    text = rank_text(plan, A_CUSTOMERS, "B")
    new = apply_edit(plan, SetRank(A_CUSTOMERS, "B"))[0]
    assert [_row(new, c)[m.FREQUENCY] for c in A_CUSTOMERS] == [8.0, 2.0, 2.0]
    assert text == ("ランクをBに変更しました（3件）。規則により訪問頻度が変わります: 隔週 2件。"
                    "個別に設定した訪問頻度はそのままです（1件）。")
    only_ruled = rank_text(plan, A_CUSTOMERS[1:], "B")
    assert only_ruled == "ランクをBに変更しました（2件）。訪問頻度は規則により隔週になります。"


def test_a_frequency_other_than_the_old_ranks_rule_and_a_rank_without_rule(tmp_path, english):
    plan = _plan(tmp_path)
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == "S000", m.FREQUENCY] = 1.0  # monthly: not A's rule
    plan = plan.replace(customers=c)
    new = apply_edit(plan, SetRank(A_CUSTOMERS, "B"))[0]
    assert [_row(new, x)[m.FREQUENCY] for x in A_CUSTOMERS] == [1.0, 2.0, 2.0]
    assert "1 customer keeps its visit frequency, which is not its old rank's rule." in (
        rank_text(plan, A_CUSTOMERS, "B"))
    s_rank = apply_edit(plan, SetRank(A_CUSTOMERS, "S"))[0]  # no rule for S: visits stay
    assert [_row(s_rank, x)[m.FREQUENCY] for x in A_CUSTOMERS] == [1.0, 4.0, 4.0]
    assert not s_rank.meta["schedule_stale"]  # nothing the calendar plans by changed
    assert rank_text(plan, A_CUSTOMERS, "S").endswith(
        "Rank S has no frequency rule: the visit frequency stays.")


def test_sales_bands_weigh_as_the_frequency_rules_do(tmp_path, english):
    plan = _plan(tmp_path)
    c = plan.customers.copy()
    c[m.SALES] = np.where(c[m.CUSTOMER_ID] == "S000", 9_000_000.0, 100_000.0)
    c.loc[c[m.CUSTOMER_ID] == "S000", m.FREQUENCY] = 8.0  # the big band's 週2回
    meta = dict(plan.meta)
    meta[SALES_BANDS_KEY] = [[5_000_000.0, 8.0]]
    plan = plan.replace(customers=c, meta=meta)
    new = apply_edit(plan, SetRank(A_CUSTOMERS, "C"))[0]
    # its sales still bring 週2回; the others take C's monthly visit
    assert [_row(new, x)[m.FREQUENCY] for x in A_CUSTOMERS] == [8.0, 1.0, 1.0]


def test_nothing_to_change_adds_no_step(tmp_path, english):
    plan = _plan(tmp_path)
    new, _inverse, changes = apply_edit(plan, SetRank(("S001", "S003"), "B"))  # B already
    assert new is plan and changes.customer_ids is None and not changes.customers
    assert rank_text(plan, ("S001", "S003"), "B") == "The customers are rank B already."


def test_next_months_list_keeps_the_new_rank(tmp_path, english):
    plan = _plan(tmp_path)
    new = apply_edit(plan, SetRank(A_CUSTOMERS, "B"))[0]
    again = write(tmp_path / "next.xlsx", rows())  # the office's list: still A
    result = update_customers(new, read_customers(again, settings=new.settings))
    assert [_row(result.plan, c)[m.RANK] for c in A_CUSTOMERS] == ["B"] * 3
    assert [_row(result.plan, c)[m.FREQUENCY] for c in A_CUSTOMERS] == [2.0] * 3
    assert sorted(k.customer_id for k in result.kept_corrections) == list(A_CUSTOMERS)


def test_a_frequency_left_unset_follows_the_new_rank_by_itself(tmp_path, japanese):
    plan = _plan(tmp_path)
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == "S000", m.FREQUENCY] = np.nan  # the importer left it unset
    plan = plan.replace(customers=c)
    new, _inverse, changes = apply_edit(plan, SetRank(("S000",), "C"))
    assert np.isnan(_row(new, "S000")[m.FREQUENCY])  # still unset: C's rule applies
    assert changes.frequencies and new.meta["schedule_stale"]  # monthly now, not weekly
    assert rank_text(plan, ("S000",), "C") == (
        "ランクをCに変更しました（1件）。1件は訪問頻度が未設定のため、ランクの規則（4週に1回）で"
        "訪問します。")
    assert rank_text(plan, ("S000",), "S") == (
        "ランクをSに変更しました（1件）。1件は訪問頻度が未設定のため、標準の訪問頻度（4週に1回）で"
        "訪問します。")
