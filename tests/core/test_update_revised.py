"""A revised list that is awkward in one way (a renamed header, a code given twice, a rank
that changed beside a frequency it still states, a new address without coordinates): the
update keeps the manager's work and says what it did (``planner.update``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from update_helpers import HEADERS, plan_from, rows, write

from planner import model as m
from planner.edits import AssignCustomers, SetFrequency, apply_edit
from planner.spreadsheet import plan_columns, read_customers
from planner.update import update_customers

RENAMED = [{"担当": "営業担当者", "訪問頻度": "訪問サイクル"}.get(h, h) for h in HEADERS]


def update(plan: m.Plan, path: Path, **kw: object):
    result = read_customers(path, settings=plan.settings, remembered=plan_columns(plan))
    return update_customers(plan, result, **kw)


def by_id(plan: m.Plan):
    return plan.customers.set_index(m.CUSTOMER_ID)


def test_a_renamed_rep_header_keeps_the_design_and_follows_only_changed_cells(
        tmp_path, english):
    """The office renamed 担当 to 営業担当者: the shops the manager gave another rep stay
    there (their cells did not change), a cell that did change is followed, and the output
    says under which header the column was read."""
    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    by_rep = {t.rep: t.id for t in plan.territories}
    plan = apply_edit(plan, AssignCustomers.to(("S003", "S004"), by_rep["佐藤"]))[0]
    plan = apply_edit(plan, SetFrequency(("S001",), (8.0,)))[0]
    revised = [r[:] for r in data]
    revised[5][7] = "佐藤"  # S005: the office gave it to 佐藤
    up = update(plan, write(tmp_path / "b.xlsx", revised, RENAMED))
    after = by_id(up.plan)
    assert after.at["S003", m.TERRITORY] == after.at["S004", m.TERRITORY] == by_rep["佐藤"]
    assert after.at["S005", m.TERRITORY] == by_rep["佐藤"]
    assert after.at["S001", m.FREQUENCY] == 8.0
    assert [c.customer_id for c in up.changed] == ["S005"]
    notes = [p.reason for p in up.report.problems if p.note]
    assert any(r.startswith("担当 is now 営業担当者") for r in notes), notes
    assert any(r.startswith("訪問頻度 is now 訪問サイクル") for r in notes), notes


def test_a_renamed_header_without_earlier_cells_keeps_the_plans_values_and_says_so(
        tmp_path, english):
    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    by_rep = {t.rep: t.id for t in plan.territories}
    plan = apply_edit(plan, AssignCustomers.to(("S003",), by_rep["佐藤"]))[0]
    # the plan remembers reading 担当, but no longer holds that column's cells
    plan = plan.replace(original_columns=tuple(
        "メモ" if h == "担当" else h for h in plan.original_columns))
    up = update(plan, write(tmp_path / "b.xlsx", data, RENAMED))
    assert by_id(up.plan).at["S003", m.TERRITORY] == by_rep["佐藤"]
    assert not up.changed
    (note,) = [p for p in up.report.problems if p.note and p.column == "営業担当者"]
    assert "keeps its values" in note.reason and note.value == "担当"


def _numbered(data: list[list[object]]) -> list[list[object]]:
    """The list with zero-padded codes of digits (00100 …) written as text."""
    return [[f"{100 + k:05d}", *r[1:]] for k, r in enumerate(data)]


def test_a_code_given_twice_stays_with_the_shop_of_its_name_and_the_other_is_new(
        tmp_path, english):
    """Next month's list has a new shop typed with 00103's code one row above the real
    00103 (and Excel dropped the zeros): the real shop keeps its code unchanged, the other
    is new as 00103-2, and one note says so."""
    data = _numbered(rows())
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    revised = [[int(str(r[0])), *r[1:]] for r in data]
    real = revised[3]
    revised.insert(3, [103, "新宿商店 駅前店", "東京都新宿区新宿3丁目1-1", 35.69, 139.70, "B",
                       "", "山田"])
    up = update(plan, write(tmp_path / "b.xlsx", revised))
    assert not up.changed and not up.removed
    assert [(c.customer_id, c.name) for c in up.added] == [("00103-2", "新宿商店 駅前店")]
    after = by_id(up.plan)
    assert after.at["00103", m.NAME] == real[1] and after.at["00103", m.ADDRESS] == real[2]
    notes = [p.reason for p in up.report.problems if p.note]
    assert ("Customer code 00103 is on the list twice: 新宿商店3 keeps it, and 新宿商店 駅前店 "
            "is added as a new customer, 00103-2.") in notes
    assert not [p for p in up.report.problems if "Duplicate customer code" in p.reason]


def test_a_second_shop_under_a_code_is_new_with_the_plans_padded_code(tmp_path, english):
    data = _numbered(rows())
    plan = plan_from(write(tmp_path / "a.xlsx", data))
    revised = [[int(str(r[0])), *r[1:]] for r in data]
    revised.insert(4, [103, "新宿商店 駅前店", "東京都新宿区新宿3丁目1-1", 35.69, 139.70, "B",
                       "", "山田"])
    up = update(plan, write(tmp_path / "b.xlsx", revised))
    assert not up.changed and not up.removed
    assert [c.customer_id for c in up.added] == ["00103-2"]


def test_a_new_rank_leaves_the_frequency_the_list_still_states(tmp_path, english):
    """The plan kept the list's own frequencies (``--keep-listed``); next month S000's rank
    goes A → C while its 訪問頻度 cell still says 週2: the list's 週2 stays. S002, whose
    list states no frequency, takes the rule of its new rank."""
    from planner.frequency import apply_frequency_rules

    data = rows()
    data[0][5], data[0][6] = "A", "週2"
    data[2][5] = "A"
    plan = read_customers(write(tmp_path / "a.xlsx", data)).to_plan()
    plan = apply_frequency_rules(plan, by_rank={"A": 4, "B": 2, "C": 1}, keep_listed=True)
    assert by_id(plan).at["S000", m.FREQUENCY] == 8.0
    revised = [r[:] for r in data]
    revised[0][5] = revised[2][5] = "C"
    up = update(plan, write(tmp_path / "b.xlsx", revised))
    after = by_id(up.plan)
    assert after.at["S000", m.FREQUENCY] == 8.0
    assert after.at["S002", m.FREQUENCY] == 1.0
    (s000,) = [c for c in up.changed if c.customer_id == "S000"]
    assert m.FREQUENCY not in s000.fields


def test_a_listed_frequency_that_wrote_out_the_old_ranks_rule_takes_the_new_ranks(
        tmp_path, english):
    """S001 is B, listed 隔週 as B's rule gives: no choice of the office's own. Next month its
    rank goes B → A with the cell still 隔週: A's rule (weekly) applies, as a new rule for B
    would move it in the Frequency rules (the list's own 週2 of S000 stays)."""
    from planner.frequency import apply_frequency_rules

    data = rows()
    data[0][5], data[0][6] = "A", "週2"
    data[1][5], data[1][6] = "B", "隔週"
    plan = read_customers(write(tmp_path / "a.xlsx", data)).to_plan()
    plan = apply_frequency_rules(plan, by_rank={"A": 4, "B": 2, "C": 1}, keep_listed=True)
    assert by_id(plan).at["S001", m.FREQUENCY] == 2.0
    revised = [r[:] for r in data]
    revised[0][5] = "C"
    revised[1][5] = "A"
    after = by_id(update(plan, write(tmp_path / "b.xlsx", revised)).plan)
    assert after.at["S001", m.FREQUENCY] == 4.0
    assert after.at["S000", m.FREQUENCY] == 8.0


def test_a_listed_frequency_the_rules_replaced_does_not_come_back_with_a_new_rank(
        tmp_path, english):
    """The manager let the rules replace the list's frequencies (``frequency`` without
    ``--keep-listed``): O001 listed 隔月 became C's 4週に1回. Next month its rank goes
    C → B with the cell still 隔月: B's rule (隔週) applies. Taking the list's 隔月 back
    undid the manager's choice and stretched the whole calendar to 8 weeks."""
    from planner.frequency import apply_frequency_rules

    data = rows()
    data[13][5], data[13][6] = "C", "隔月"
    plan = read_customers(write(tmp_path / "a.xlsx", data)).to_plan()
    plan = apply_frequency_rules(plan, by_rank={"A": 4, "B": 2, "C": 1})
    assert by_id(plan).at["O001", m.FREQUENCY] == 1.0
    revised = [r[:] for r in data]
    revised[13][5] = "B"
    up = update(plan, write(tmp_path / "b.xlsx", revised))
    assert by_id(up.plan).at["O001", m.FREQUENCY] == 2.0
    (o001,) = up.changed
    assert dict(zip(o001.fields, o001.values, strict=True))[m.FREQUENCY] == (
        "every 4 weeks", "every 2 weeks")


def test_a_new_address_without_coordinates_keeps_the_previous_position_and_its_visits(
        tmp_path, english):
    """S001 moved house; the list has no coordinates: it stays where it was until the new
    address is located (so it keeps its visits), the changes and the plan's note say so,
    and the next update with a lookup locates it."""
    from planner._update_positions import rows_to_locate

    data = rows()
    plan = plan_from(write(tmp_path / "a.xlsx", data), calendar=True)
    before = by_id(plan)
    revised = [r[:] for r in data]
    revised[1][2] = "東京都中野区中野5丁目1-1"
    revised[1][3] = revised[1][4] = None
    up = update(plan, write(tmp_path / "b.xlsx", revised))
    after = by_id(up.plan)
    assert (after.at["S001", m.LAT], after.at["S001", m.LON]) == (
        before.at["S001", m.LAT], before.at["S001", m.LON])
    assert after.at["S001", m.ADDRESS] == "東京都中野区中野5丁目1-1"
    assert "position stays at the previous address" in after.at["S001", m.PROBLEMS]
    assert (up.plan.schedule["customer_id"] == "S001").sum() == (
        plan.schedule["customer_id"] == "S001").sum() > 0
    assert not up.calendar_stale
    (change,) = up.changed
    assert change.describe().endswith(
        "Position: kept at the previous address until the new one is located (geocode it)")
    assert "1 customer stays at the position of its previous address" in up.summary()
    # the same list again: still waiting, told in the plan, and the lookup asks for it
    again = read_customers(write(tmp_path / "c.xlsx", revised), settings=up.plan.settings)
    assert list(rows_to_locate(up.plan, again).nonzero()[0]) == [1]
    second = update_customers(up.plan, again)
    assert not second.changed
    assert "position stays at the previous address" in by_id(second.plan).at["S001", m.PROBLEMS]


def test_a_customer_an_update_took_out_of_the_calendar_is_told_it_has_no_visit(
        tmp_path, english):
    """A customer the previous calendar visited that the new one leaves out is on the changes
    sheet, also when its visits were taken out of the calendar before the rebuild (the update
    took out a customer without a position): the rebuild no longer saw them."""
    from planner._customer_edits import calendar_without
    from planner._schedule_told import CHANGED_KEY
    from planner.schedule import build_schedule

    plan = plan_from(write(tmp_path / "a.xlsx", rows()), calendar=True)
    days = plan.schedule[plan.schedule["customer_id"] == "S001"]
    assert len(days)
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == "S001", [m.LAT, m.LON]] = np.nan
    out = calendar_without(plan.replace(customers=m.set_points(c)), {"S001"},
                           reason="The customer has no map position.")
    assert not (out.schedule["customer_id"] == "S001").any()
    rebuilt = build_schedule(out, weeks=4, keep_days=True)
    entry = rebuilt.meta[CHANGED_KEY]["S001"]
    assert entry[2:4] == ["", 0] and entry[0] != ""  # its days before, none now
    assert "calendar_taken_out" not in rebuilt.meta
