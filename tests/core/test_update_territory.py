"""Moving a customer in the territory columns of the program's own workbook (テリトリーID,
テリトリー) moves it on update, as a new rep in 担当者 does."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from update_helpers import plan_from, rows, write

from planner import model as m
from planner.edits import AssignCustomers, LockCustomers, apply_edit
from planner.spreadsheet import read_customers
from planner.update import update_customers


def _plan(tmp_path: Path) -> m.Plan:
    """Two reps' shops; the territories named by area (東エリア …), a third without shops."""
    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    areas = ("東エリア", "西エリア")
    terrs = [dataclasses.replace(t, name=a) for t, a in zip(plan.territories, areas, strict=True)]
    terrs.append(dataclasses.replace(terrs[0], id="T03", name="南エリア", rep="高橋"))
    return plan.replace(territories=tuple(terrs))


def _exported(plan: m.Plan, path: Path) -> Path:
    from planner.export.excel import export_workbook
    from planner.i18n import set_language

    set_language("ja")
    try:
        return Path(export_workbook(plan, path))
    finally:
        set_language("en")


def _edit(path: Path, edits: list[tuple[str, str, object]]) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb["顧客一覧"]
    heads = [c.value for c in ws[1]]
    for code, header, value in edits:
        row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == code)
        ws.cell(row, heads.index(header) + 1).value = value
    wb.save(path)
    return path


def _update(plan: m.Plan, book: Path):
    return update_customers(plan, read_customers(book, settings=plan.settings))


def test_a_territory_edited_in_the_workbook_moves_the_customer_and_its_lock_applies_there(
    tmp_path, english
):
    plan = _plan(tmp_path)
    book = _exported(plan, tmp_path / "plan.xlsx")
    _edit(book, [
        ("S000", "テリトリー", "西エリア"), ("S000", "固定", "○"),  # by name, and locked
        ("S001", "テリトリーID", "T02"),  # by id
        ("S002", "テリトリーID", "T03"), ("S002", "担当者", "佐藤"),  # both: the territory wins
        ("S003", "テリトリー", "北エリア"),  # no such territory: stays, and the report says so
    ])
    up = _update(plan, book)
    c = up.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.at["S000", m.TERRITORY] == "T02" and c.at["S000", m.LOCKED]
    assert c.at["S001", m.TERRITORY] == "T02"
    assert c.at["S002", m.TERRITORY] == "T03"
    assert c.at["S003", m.TERRITORY] == "T01"
    assert sorted(ch.customer_id for ch in up.changed) == ["S000", "S001", "S002"]
    told = {p.value: p.reason for p in up.report.problems}
    assert "no such territory" in told["北エリア"]
    assert "territory column names another territory" in told["佐藤"]


def test_an_older_workbooks_territory_cells_do_not_undo_the_managers_moves_since(
    tmp_path, english
):
    """The record of what the export wrote: a cell still saying that is no edit, though the
    plan moved the shop since; a customer locked before the update stays, and is told."""
    plan = _plan(tmp_path)
    book = _exported(plan, tmp_path / "plan.xlsx")
    later = apply_edit(plan, AssignCustomers.to(("S004",), "T02"))[0]
    later = apply_edit(later, LockCustomers(("S005",), True))[0]
    _edit(book, [("S005", "テリトリーID", "T02"), ("S006", "テリトリーID", "T02")])
    up = _update(later, book)
    c = up.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.at["S004", m.TERRITORY] == "T02"  # the manager's move since the export stays
    assert c.at["S005", m.TERRITORY] == "T01"  # locked by hand: stays
    assert c.at["S006", m.TERRITORY] == "T02"
    (locked,) = [p for p in up.report.problems if p.value == "T02"]
    assert "locked" in locked.reason
