"""The Calendar dock's 「この日だけ移動」: the day menu offers the one-off move beside the
series move, the day list marks the visit moved (◆), and the undo step names the customer
and both dates."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from planner import model as m
from planner.ui import file_actions
from planner.ui.main_window import MainWindow
from tests.core.test_move_effect import weekly_plan

pytestmark = pytest.mark.usefixtures("isolated")
PICTURES = os.environ.get("PLANNER_TEST_PICTURES", "")


def _action(menu, name: str) -> QAction:
    action = menu.findChild(QAction, name)
    assert action is not None
    return action


def test_a_visit_moved_for_this_day_only_in_japanese(qtbot, tmp_path, program_font):
    plan = weekly_plan("2026-12-07")  # week 2: Tue 12/15, Thu 12/17
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    ui = window.actions_ui
    ui.switch_language("ja")
    folder = Path(PICTURES) if PICTURES else tmp_path
    try:
        cal = ui.calendar_panel
        days = cal.days()
        cal.grid.cellClicked.emit(1, days.index("tue"))  # week 2 Tuesday
        cid = cal.day_ids[0]
        name = str(plan.customers.set_index(m.CUSTOMER_ID).at[cid, m.NAME])
        window.document.set_selection([cid])
        menu = cal.day_menu(1, days.index("thu"))
        series = _action(menu, "calendar_move_here")
        once = _action(menu, "calendar_move_once")
        assert "訪問曜日ごと変更" in series.text()
        assert once.isEnabled() and "この日だけ移動" in once.text()
        QApplication.processEvents()
        window.grab().save(str(folder / "oneoff_before_ja.png"))
        once.trigger()
        after = window.document.plan
        s, was = after.schedule, plan.schedule
        mine = s[s.customer_id == cid].sort_values("week")
        assert list(mine.day) == ["tue", "thu", "tue", "tue"]  # week 2 only
        assert list(mine.moved_from) == ["", "2026-12-15", "", ""]
        assert (after.customers[m.VISIT_DAYS] == plan.customers[m.VISIT_DAYS]).all()
        undo = ui.actions["undo"]
        assert f"{name}の12/15(火)の訪問を12/17(木)に移動（この日だけ）" in undo.text()
        # the day list shows the day it went to, the visit marked ◆ and told in its tooltip
        assert cal.shown == ("T01", 2, "thu")
        row = cal.day_ids.index(cid)
        item = cal.day_list.item(row, 2)
        assert item.text().startswith("◆")
        assert "12/15(火)からこの日だけ移動" in item.toolTip()
        cell = cal.grid.item(1, days.index("thu"))  # the grid marks the day too
        assert cell.text().endswith("◆") and f"◆ {name}: 12/15(火)から" in cell.toolTip()
        assert "この日だけの変更です" in window.statusBar().currentMessage()
        others = ~((s.week == 2) & s.day.isin(["tue", "thu"]))
        assert s[others].reset_index(drop=True).equals(
            was[~((was.week == 2) & was.day.isin(["tue", "thu"]))].reset_index(drop=True))
        # not listed among the customers moved for holidays (Customer list filter)
        from planner.ui.customer_rows import filter_mask

        holidays = after.customers[m.CUSTOMER_ID][filter_mask(after, "holidays", set())]
        assert cid not in set(holidays)
        QApplication.processEvents()
        window.grab().save(str(folder / "oneoff_after_ja.png"))
        undo.trigger()
        assert window.document.plan.schedule.equals(plan.schedule)
    finally:
        ui.switch_language("en")
