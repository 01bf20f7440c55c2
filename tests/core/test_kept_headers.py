"""The list's own columns a workbook keeps beside the plan's: named in words
(「担当（元のファイル）」, 'Rep (original file)'), and recognised when read back in every form
the program ever wrote (元_担当 / orig_担当 of older workbooks)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from update_helpers import plan_from, rows, write

from planner import model as m
from planner.columns import detect_columns
from planner.edits import SetFrequency, apply_edit
from planner.export.excel import export_workbook
from planner.i18n import set_language, tr
from planner.spreadsheet import read_customers
from planner.update import update_customers


def _exported(plan: m.Plan, path: Path, language: str = "ja") -> Path:
    set_language(language)
    try:
        return Path(export_workbook(plan, path))
    finally:
        set_language("en")


def _headers(book: Path) -> list[str]:
    return [c.value for c in openpyxl.load_workbook(book)["顧客一覧"][1]]


def _rename(book: Path, renames: dict[str, str]) -> Path:
    """The workbook as an older version of the program wrote it (元_担当 …)."""
    wb = openpyxl.load_workbook(book)
    for cell in wb["顧客一覧"][1]:
        cell.value = renames.get(cell.value, cell.value)
    wb.save(book)
    return book


def test_the_workbook_names_the_lists_own_columns_in_words(tmp_path, english):
    plan = plan_from(write(tmp_path / "list.xlsx", rows()))
    heads = _headers(_exported(plan, tmp_path / "plan.xlsx"))
    assert "担当（元のファイル）" in heads and "訪問頻度（元のファイル）" in heads
    assert "担当者" in heads and "訪問頻度" in heads  # the plan's own columns beside them
    assert not [h for h in heads if "元_" in str(h) or "orig_" in str(h)]
    set_language("en")
    assert tr("{header} (original file)", header="担当") == "担当 (original file)"


@pytest.mark.parametrize("kept", ["訪問頻度（元のファイル）", "訪問頻度 (original file)",
                                  "元_訪問頻度", "orig_訪問頻度"])
def test_the_plans_column_wins_over_the_kept_one_wherever_it_stands(kept: str) -> None:
    assert detect_columns(["顧客名", kept, "訪問頻度"])["frequency"] == "訪問頻度"
    assert detect_columns(["顧客名", "訪問頻度", kept])["frequency"] == "訪問頻度"
    # alone (the plan's column deleted by hand) it is still the list's frequency
    assert detect_columns(["顧客名", kept])["frequency"] == kept


@pytest.mark.parametrize("prefix", ["元_", "orig_"])
def test_an_older_workbooks_kept_columns_still_read_back(tmp_path, english, prefix):
    """A workbook of an earlier version (元_担当, orig_訪問頻度) read back keeps the manager's
    work, an edit in its kept column is reported, and the next export names it in words."""
    data = rows()
    plan = plan_from(write(tmp_path / "list.xlsx", data))
    plan = apply_edit(plan, SetFrequency(("S002",), (8.0,)))[0]
    book = _rename(_exported(plan, tmp_path / "plan.xlsx"),
                   {"担当（元のファイル）": f"{prefix}担当",
                    "訪問頻度（元のファイル）": f"{prefix}訪問頻度"})
    result = read_customers(book, settings=plan.settings)
    assert result.mapping["frequency"] == "訪問頻度"
    back = update_customers(plan, result)
    assert not back.changed
    again = update_customers(back.plan, read_customers(write(tmp_path / "same.xlsx", data),
                                                       settings=plan.settings))
    assert not again.changed
    assert again.plan.customers.set_index(m.CUSTOMER_ID).at["S002", m.FREQUENCY] == 8.0

    wb = openpyxl.load_workbook(book)
    ws = wb["顧客一覧"]
    heads = [c.value for c in ws[1]]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "S000")
    ws.cell(row, heads.index(f"{prefix}担当") + 1).value = "佐藤"
    wb.save(book)
    up = update_customers(plan, read_customers(book, settings=plan.settings))
    assert not up.changed
    (p,) = [p for p in up.report.problems if p.column == f"{prefix}担当"]
    assert p.kept and "for reference" in p.reason

    heads = _headers(_exported(back.plan, tmp_path / "again.xlsx"))
    assert "担当（元のファイル）" in heads and f"{prefix}担当" not in heads
    assert len(heads) == len(set(heads))
