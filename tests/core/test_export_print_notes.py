"""What the printed workbook tells the office and the reps: the changes to announce, the
route sheets' notes, the holiday sheet's reasons."""

from __future__ import annotations

import pandas as pd
import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.export.excel import export_workbook
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan
from tests.core.test_export_excel import simple_schedule


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


@pytest.fixture
def plan() -> m.Plan:
    return simple_schedule(synthetic_plan(60, territories=3, seed=3))


def _rows(path, sheet: str, cid: str) -> list[tuple]:
    ws = load_workbook(path)[sheet]
    return [r for r in ws.iter_rows(values_only=True) if r and r[0] == cid]


def test_a_customer_who_lost_its_visits_keeps_its_rhythm_from_the_previous_calendar() -> None:
    """C000004 was seen every 4 weeks on week 1's Friday and the new calendar has no visit
    for it: its entry carries the previous rhythm, which the new calendar cannot give."""
    from planner._schedule_keep import lost_visits

    old = pd.DataFrame({"customer_id": ["A", "B", "B", "B", "B"],
                        "territory": ["T01"] * 5, "week": [1, 1, 2, 3, 4],
                        "day": ["fri", "mon", "mon", "mon", "mon"]})
    new = old[old["customer_id"] == "B"]
    customers = pd.DataFrame({m.CUSTOMER_ID: ["A", "B"], m.TERRITORY: ["T01", "T01"]})
    assert lost_visits(old, new, customers) == {"A": ["fri", 1, "", 0, "T01", "T01", 4, 0]}


def test_the_changes_sheet_words_a_lost_customers_old_day_in_its_rhythm(plan, tmp_path):
    """Not 「金」 (every Friday) nor 「第4週の金」, but 「4週毎(1週) 金」 like the other rows."""
    from planner._schedule_keep import CHANGED_KEY

    cid = str(plan.schedule["customer_id"].iloc[0])
    plan = plan.replace(schedule=plan.schedule[plan.schedule["customer_id"] != cid])
    lost = {cid: ["fri", 4, "", 0, "T01", "T01", 4, 0]}
    out = export_workbook(plan.replace(meta={**plan.meta, CHANGED_KEY: lost}),
                          tmp_path / "c.xlsx")
    [row] = _rows(out, tr("Changes to announce"), cid)
    assert "4週毎(4週) 金" in row and tr("No visits in this calendar") in row
