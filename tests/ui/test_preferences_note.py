"""After Preferences closes, the status bar says what changed (old → new) and what that did
(the Territories figures recomputed, the calendar out of date), or that nothing changed."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.preferences_dialog import PreferencesDialog
from tests.ui.test_recovery_offer import open_window

pytestmark = pytest.mark.usefixtures("isolated")


def close_preferences(window, change, ok: bool = True) -> None:
    """Change the dialog as a user does once it shows, then press OK (or Cancel)."""
    tries = [0]

    def go() -> None:
        dialog = next((d for d in window.findChildren(PreferencesDialog) if d.isVisible()), None)
        if dialog is None:
            tries[0] += 1
            if tries[0] < 3000:  # never poll past the test
                QTimer.singleShot(10, go)
            return
        change(dialog)
        buttons = dialog.findChild(QDialogButtonBox)
        which = QDialogButtonBox.StandardButton.Ok if ok else QDialogButtonBox.StandardButton.Cancel
        buttons.button(which).click()

    QTimer.singleShot(0, go)


def hours(window) -> list[float]:
    figures = window.document.metrics()
    return [round(float(h), 6) for h in figures["workload_hours_per_week"]]


def test_travel_settings_changed_are_named_with_what_they_did(qtbot):
    window = open_window(qtbot, synthetic_plan(80, territories=2, seed=7))
    before = hours(window)

    def change(dialog):
        dialog.detour.setValue(1.5)
        dialog.speed.setValue(25)

    close_preferences(window, change)
    window.actions_ui.show_preferences()
    said = window.statusBar().currentMessage()
    assert said.startswith("Changed: ")
    assert "Detour factor 1.3 → 1.5" in said and "Average speed 30 km/h → 25 km/h" in said
    assert "Territories figures" in said and "recomputed" in said and "calendar" not in said
    assert hours(window) != before  # what it says is so
    window.document.undo_stack.undo()  # untrue after an undo: taken away
    assert window.statusBar().currentMessage() != said


def test_day_hours_changed_with_a_calendar_in_japanese(qtbot):
    set_language("ja")
    window = open_window(qtbot, build_schedule(synthetic_plan(40, territories=2, seed=3),
                                               route_seconds=0.01))
    close_preferences(window, lambda d: d.day_hours.setValue(7.5))
    window.actions_ui.show_preferences()
    said = window.statusBar().currentMessage()
    assert said.startswith("設定を変更しました: 1日の稼働時間 8時間 → 7.5時間。")
    assert "計算し直しました。" in said and "カレンダーは作り直すまで古いままです。" in said


def test_a_program_setting_is_named_and_nothing_changed_is_said(qtbot):
    window = open_window(qtbot)
    steps = window.document.undo_stack.count()
    close_preferences(window, lambda d: d.autosave.setValue(d.autosave.value() + 1))
    window.actions_ui.show_preferences()
    said = window.statusBar().currentMessage()
    assert said.startswith("Changed: Autosave every ") and "recomputed" not in said
    assert window.document.undo_stack.count() == steps
    for ok in (True, False):  # OK without a change, or Cancel
        close_preferences(window, lambda _d: None, ok=ok)
        window.actions_ui.show_preferences()
        QApplication.processEvents()
        assert window.statusBar().currentMessage() == "Preferences closed: nothing changed."
    assert window.document.undo_stack.count() == steps
