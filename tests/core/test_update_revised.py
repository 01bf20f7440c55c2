"""A revised list that is awkward in one way (a renamed header, a code given twice, a rank
that changed beside a frequency it still states, a new address without coordinates): the
update keeps the manager's work and says what it did (``planner.update``)."""

from __future__ import annotations

from pathlib import Path

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
