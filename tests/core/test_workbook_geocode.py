"""The program's own workbook read back (File → Import, or Update from it) keeps how each
position was found: a customer placed approximately at its 丁目's customers (``nearby:chome``)
comes back approximate, not as a position the list gives, so the map still rings it and the
hand-outs still say to go by the address. A position a clerk typed into the sheet since is
the list's own."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from planner import model as m
from planner._geocode_nearby import approximate_mask
from planner.export.excel import export_workbook
from planner.i18n import set_language, tr
from planner.schedule import build_schedule
from planner.spreadsheet import read_customers
from planner.synthetic import synthetic_plan
from planner.update import update_customers

HOW = {0: "nearby:chome", 1: "nearby:city", 2: "manual", 3: "gsi:town"}


def _plan(with_list: bool) -> m.Plan:
    """A small plan, some of its positions found otherwise than from the list: ``with_list``
    it was imported from the office's list without coordinates (as a list placed offline)."""
    base = synthetic_plan(24, territories=1, seed=4)
    c = base.customers.copy()
    originals = ()
    if with_list:
        table = pd.DataFrame({"得意先コード": c[m.CUSTOMER_ID], "得意先名": c[m.NAME],
                              "住所": c[m.ADDRESS]})
        c = m.make_customers(pd.DataFrame(c.drop(columns="geometry")), originals=table)
        originals = tuple(table.columns)
    how = ["sheet"] * len(c)
    for i, value in HOW.items():
        how[i] = value
    c[m.GEOCODE] = how
    return build_schedule(base.replace(customers=c, original_columns=originals), weeks=2)


@pytest.fixture(params=["ja", "en"])
def lang(request):
    set_language(request.param)
    yield request.param
    set_language(None)


@pytest.mark.parametrize("with_list", [False, True])
def test_a_workbook_imported_as_a_new_plan_keeps_its_approximate_positions(
        lang, with_list, tmp_path):
    plan = _plan(with_list)
    back = read_customers(export_workbook(plan, tmp_path / "plan.xlsx")).to_plan()
    how = back.customers.set_index(m.CUSTOMER_ID)[m.GEOCODE]
    ids = plan.customers[m.CUSTOMER_ID]
    assert list(how.loc[ids]) == list(plan.customers[m.GEOCODE])
    assert list(approximate_mask(back.customers)) == list(approximate_mask(plan.customers))


def test_coordinates_a_clerk_typed_since_the_export_are_the_lists_own(lang, tmp_path):
    plan = _plan(False)
    path = export_workbook(plan, tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    ws = wb[tr("Customer list")]
    headers = [cell.value for cell in ws[1]]
    lat, lon = headers.index(tr("Latitude")) + 1, headers.index(tr("Longitude")) + 1
    ws.cell(row=2, column=lat).value = 35.7  # the approximate one, corrected by hand
    ws.cell(row=3, column=lon).value = 139.7  # and the other
    wb.save(path)
    result = read_customers(path)
    how = result.customers.set_index(m.CUSTOMER_ID)[m.GEOCODE]
    ids = list(plan.customers[m.CUSTOMER_ID])
    assert [how[c] for c in ids[:4]] == ["sheet", "sheet", "manual", "gsi:town"]
    updated = update_customers(plan, result).plan.customers.set_index(m.CUSTOMER_ID)
    assert [updated.at[c, m.GEOCODE] for c in ids[:2]] == ["sheet", "sheet"]
    assert updated.at[ids[0], m.LAT] == pytest.approx(35.7)
