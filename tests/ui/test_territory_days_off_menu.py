"""*休みを登録…* from the Territories dock: right-click a territory (its rep) → the days-off
dialog with that rep chosen, from today (or the calendar's first day while it lies ahead).
Before, the dialog was reachable only from a day of the Calendar dock, with the rep shown
there."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from planner import model as m
from planner.i18n import set_language
from planner.rep_days import rep_name
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.days_off_dialog import DaysOffDialog
from planner.ui.document import PlanDocument
from planner.ui.territory_panel import TerritoryPanel

pytestmark = pytest.mark.usefixtures("isolated")
START = dt.date(2026, 12, 7)


@pytest.fixture(scope="module")
def plan() -> m.Plan:
    p = synthetic_plan(60, territories=3, seed=3)
    p = p.replace(settings=dataclasses.replace(p.settings, start_date=START.isoformat()))
    return build_schedule(p, route_seconds=0.01)


def test_the_territory_menu_opens_the_days_off_dialog_for_its_rep(qtbot, plan) -> None:
    set_language("ja")
    try:
        doc = PlanDocument(plan)
        panel = TerritoryPanel(doc)
        qtbot.addWidget(panel)
        panel.show()
        said: list[str] = []
        panel.message.connect(said.append)
        row = next(r for r in range(panel.model.rowCount())
                   if panel.model.territory_id(r) == "T02")
        menu = panel.territory_menu(row)
        action = next(a for a in menu.actions() if a.objectName() == "territory_days_off")
        assert action.text() == "休みを登録…"
        action.trigger()
        dialog = panel.findChild(DaysOffDialog)
        assert dialog is not None and dialog.isVisible()
        # the rep of the row, not the first one
        assert dialog.rep_combo.currentData() == "T02"
        assert dialog.rep_combo.currentText() == rep_name(plan.territory("T02"))
        first = max(dt.date.today(), START)  # today, or the calendar's first day ahead
        assert dialog.first_edit.date() == QDate(first.year, first.month, first.day)
        dialog.first_edit.setDate(QDate(2026, 12, 16))
        dialog.last_edit.setDate(QDate(2026, 12, 18))
        assert dialog.preview.text().startswith("OKで ")
        steps = doc.undo_stack.count()
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)
        assert doc.plan.territory("T02").days_off == ("2026-12-16", "2026-12-17", "2026-12-18")
        assert doc.plan.territory("T01").days_off == ()
        assert doc.undo_stack.count() == steps + 1 and len(said) == 1
        menu.deleteLater()
    finally:
        set_language(None)


def test_a_day_after_the_calendar_begins_is_preselected_as_today(qtbot, plan) -> None:
    doc = PlanDocument(plan)
    panel = TerritoryPanel(doc)
    qtbot.addWidget(panel)
    dialog = panel.days_off_dialog("T03", today=dt.date(2026, 12, 15))
    assert isinstance(dialog, DaysOffDialog) and dialog.rep_combo.currentData() == "T03"
    assert dialog.first_edit.date() == QDate(2026, 12, 15) == dialog.last_edit.date()
    dialog.reject()
