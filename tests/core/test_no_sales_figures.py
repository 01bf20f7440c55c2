"""A list without a sales column: the workbook's summary shows "—" for the sales, not ¥0."""

from __future__ import annotations

import numpy as np
from openpyxl import load_workbook

from planner import model as m
from planner.export.excel import export_workbook
from planner.i18n import tr
from planner.synthetic import synthetic_plan


def _sales_cells(plan: m.Plan, path) -> list[object]:
    ws = load_workbook(export_workbook(plan, path))[tr("Summary")]
    column = 7  # ID, territory, rep, customers, visits, workload, sales
    assert "".join(str(ws.cell(row=3, column=column).value).split()) == "Sales(¥)"
    rows = len(plan.territories) + 1  # and the total
    return [ws.cell(row=r, column=column).value for r in range(4, 4 + rows)]


def test_a_plan_without_sales_shows_a_dash_in_the_workbook_summary(tmp_path, english) -> None:
    plan = synthetic_plan(40, territories=2, seed=5)
    c = plan.customers.copy()
    c[m.SALES] = np.nan  # as imported from a list without a sales column
    assert _sales_cells(plan.replace(customers=c), tmp_path / "none.xlsx") == ["—", "—", "—"]


def test_a_plan_with_sales_still_shows_them(tmp_path, english) -> None:
    plan = synthetic_plan(40, territories=2, seed=5)
    c = plan.customers.copy()
    c[m.SALES] = np.nan
    c.loc[c.index[0], m.SALES] = 1_000.0  # one known figure: the others count as none
    cells = _sales_cells(plan.replace(customers=c), tmp_path / "some.xlsx")
    assert all(isinstance(v, (int, float)) for v in cells) and cells[-1] == 1_000.0
