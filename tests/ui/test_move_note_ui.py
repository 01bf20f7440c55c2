"""The status bar's sentence after a hand move in the Calendar dock: the two days' lengths
before → after, in red when a day now runs past the rep's day, the cycle's driving; the Undo
button's tooltip says the same; a move onto the days the visits are on says nothing moved."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from planner import model as m
from planner.stats import day_summary
from planner.ui import file_actions
from planner.ui.main_window import MainWindow
from tests.core.test_move_effect import weekly_plan as weekly_built

pytestmark = pytest.mark.usefixtures("isolated")
PICTURES = os.environ.get("PLANNER_TEST_PICTURES", "")


def weekly_plan() -> m.Plan:
    """One rep, 30 customers seen weekly; the rep's day as long as the longest Tuesday plus
    a quarter of an hour, so that a shop more on Tuesdays makes them too long."""
    built = weekly_built()
    table = day_summary(built, territory_id="T01")
    tue = float(table.loc[table["day"] == "tue", "hours"].max())
    return built.replace(settings=dataclasses.replace(built.settings,
                                                      day_hours=round(tue + 0.25, 1)))


def open_window(qtbot, plan: m.Plan) -> MainWindow:
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return window


def pick_thursday_shop(window: MainWindow) -> str:
    """Show week 1's Thursday and select its first customer; its code."""
    cal = window.actions_ui.calendar_panel
    cal.grid.cellClicked.emit(0, cal.days().index("thu"))
    cid = cal.day_ids[0]
    window.document.set_selection([cid])
    return cid


def move_here(window: MainWindow, week: int, day: str) -> QAction:
    """The day's right-click "move here" action (triggered by the caller)."""
    cal = window.actions_ui.calendar_panel
    menu = cal.day_menu(week - 1, cal.days().index(day))
    action = menu.findChild(QAction, "calendar_move_here")
    assert action is not None
    return action


def hours(plan: m.Plan, day: str) -> str:
    table = day_summary(plan, territory_id="T01")
    return f"{float(table.loc[table['day'] == day, 'hours'].max()):.1f}"


def test_a_shop_moved_to_tuesdays_says_in_japanese_what_the_two_days_and_the_driving_became(
    qtbot, tmp_path, program_font
):
    plan = weekly_plan()
    window = open_window(qtbot, plan)
    ui = window.actions_ui
    ui.switch_language("ja")
    try:
        pick_thursday_shop(window)
        action = move_here(window, 1, "tue")
        assert action.isEnabled()
        action.trigger()
        after = window.document.plan
        assert after is not plan
        limit = f"{plan.settings.day_hours:g}"
        km = (day_summary(after, territory_id="T01")["travel_km"].sum()
              - day_summary(plan, territory_id="T01")["travel_km"].sum())
        said = (f"1日の所要時間: 火曜日 {hours(plan, 'tue')} → {hours(after, 'tue')}時間"
                f"（{limit}時間を超えます）、木曜日 {hours(plan, 'thu')} → {hours(after, 'thu')}"
                f"時間。移動距離は4週で {km:+,.0f}km。")
        bar = window.statusBar()
        assert bar.currentMessage().startswith("1件の顧客を第1週 火曜日に移動しました。")
        assert said in bar.currentMessage()
        assert "#b00020" in bar.styleSheet()  # a day now too long: the sentence is red
        undo = ui.actions["undo"]
        assert said in undo.toolTip() and said not in undo.text()  # the menu keeps it short
        folder = Path(PICTURES) if PICTURES else tmp_path
        QApplication.processEvents()  # the status bar lays out its message
        window.grab().save(str(folder / "move_note_ja.png"))
        bar.grab().save(str(folder / "move_note_bar_ja.png"))
        undo.trigger()  # the sentence is no longer true: gone, and the bar black again
        assert said not in bar.currentMessage() and "#b00020" not in bar.styleSheet()
        assert said in ui.actions["redo"].toolTip()  # redoing it would do the same
    finally:
        ui.switch_language("en")


def test_a_weekly_shop_moved_a_week_on_lands_on_its_own_days_and_says_nothing_moved(qtbot):
    """Week 1 Thu → week 2 Thu of a weekly shop: its visits are all on Thursdays already. The
    window said "Moved 1 customer to week 2 Thu" and kept an undo step that changed nothing."""
    window = open_window(qtbot, weekly_plan())
    plan = window.document.plan
    pick_thursday_shop(window)
    move_here(window, 2, "thu").trigger()
    assert window.document.plan is plan and window.document.undo_stack.count() == 0
    assert window.statusBar().currentMessage() == (
        "The visits of the 1 customer are on those days already: nothing moved.")


def test_the_menu_of_the_day_the_selection_is_on_says_so(qtbot):
    """Right-click on the day shown, its customer selected: the move was offered as "select
    them on a day shown first", which they were."""
    window = open_window(qtbot, weekly_plan())
    pick_thursday_shop(window)
    action = move_here(window, 1, "thu")
    assert not action.isEnabled()
    assert action.text() == "1 selected customer is on this day already"
