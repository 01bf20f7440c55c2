"""Merge keeps the territory right-clicked (the rep to keep), and its sentence says why the
merged territory drives less than the two did apart: one rep visits both on the same daily
trips, so no hour seems lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel

from planner import model as m
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan
from planner.territories import territory_metrics
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


def open_window(qtbot, plan: m.Plan) -> MainWindow:
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return window


def merge_from_menu(window: MainWindow, ids: list[str], clicked: str) -> None:
    """Select ``ids`` in the Territories dock, right-click ``clicked``, Merge the two selected."""
    panel = window.actions_ui.territory_panel
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    panel.view.selectionModel().clearSelection()
    for tid in ids:
        panel.view.selectionModel().select(
            panel.model.index(window.document.plan.territory_ids.index(tid), 0), flags)
    menu = panel.territory_menu(window.document.plan.territory_ids.index(clicked))
    next(a for a in menu.actions() if a.text() == tr("Merge the two selected")).trigger()


def test_merge_says_why_the_merged_territory_drives_less_than_the_two_apart(qtbot):
    plan = synthetic_plan(80, territories=4, seed=7)
    window = open_window(qtbot, plan)
    names = {t.id: t.name for t in plan.territories}
    rep = plan.territory("T01").rep
    apart = territory_metrics(plan).loc[["T01", "T04"], "travel_hours_per_week"].sum()
    merge_from_menu(window, ["T01", "T04"], clicked="T04")  # the lower row: the one kept
    after = window.document.plan
    assert list(after.territory_ids) == ["T02", "T03", "T04"]
    together = territory_metrics(after).at["T04", "travel_hours_per_week"]
    assert together < apart - 0.5  # the figures the manager sees went down
    panel = window.actions_ui.territory_panel
    row = after.territory_ids.index("T04")
    hours = panel.model.index(row, 4)
    assert f"driving {together:.1f} h" in panel.model.data(hours, 3)  # the tooltip's figure
    assert window.statusBar().currentMessage() == (
        f"Merged {names['T01']} into {names['T04']}: {rep} no longer has a territory. Its "
        f"driving is estimated at {together:.1f} h a week, less than the {apart:.1f} h of the "
        "two apart, because one rep visits both on the same daily trips.")
    window.actions_ui.switch_language("ja")
    window.document.undo_stack.undo()
    merge_from_menu(window, ["T01", "T04"], clicked="T04")
    assert window.statusBar().currentMessage().endswith(
        f"移動時間は統合前の二つの合計（週{apart:.1f}時間）より短い週{together:.1f}時間の見込み"
        "です（担当者1人が同じ日の外回りで両方の顧客を回るため）。")
    set_language("en")


def test_a_merge_whose_driving_grows_says_only_what_it_did(qtbot):
    """T02 into T01: all its customers now reached from T01's home base, the driving grows;
    no sentence on shared trips."""
    plan = synthetic_plan(80, territories=4, seed=7)
    window = open_window(qtbot, plan)
    names = {t.id: t.name for t in plan.territories}
    merge_from_menu(window, ["T01", "T02"], clicked="T01")
    assert list(window.document.plan.territory_ids) == ["T01", "T03", "T04"]
    assert window.statusBar().currentMessage() == (
        f"Merged {names['T02']} into {names['T01']}: {plan.territory('T02').rep} no longer has "
        "a territory.")
