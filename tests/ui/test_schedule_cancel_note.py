"""Cancel during a calendar build leaves the plan as it was, and the window says so in its
status bar (before, the progress went away without a word)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer

from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow
from planner.ui.schedule_dialog import ScheduleDialog

pytestmark = pytest.mark.usefixtures("isolated")


def test_cancel_during_a_build_says_the_plan_is_unchanged(qtbot) -> None:
    set_language("ja")
    try:
        window = MainWindow(synthetic_plan(150, territories=3), "")
        qtbot.addWidget(window)
        window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
        window.show()
        before = window.document.plan
        seen: list[str] = []

        def build_then_cancel() -> None:  # the manager presses Build, then Cancel
            dialog = window.findChild(ScheduleDialog)
            assert dialog is not None and dialog.isVisible()
            task = dialog.run()
            assert task is not None
            task.progressed.connect(lambda _f, _text: task.cancel())
            dialog.runCancelled.connect(lambda: seen.append(
                window.statusBar().currentMessage()))
            dialog.runCancelled.connect(dialog.reject)  # then closes the dialog

        QTimer.singleShot(0, build_then_cancel)
        window.actions_ui.show_schedule()  # the real dialog, shown modal until closed
        assert seen == ["カレンダーの作成を取り消しました。プランは変わっていません。"]
        assert window.statusBar().currentMessage() == seen[0]  # still there once closed
        assert window.document.plan is before and window.document.undo_stack.count() == 0
        assert window.actions_ui.report_box is None  # no build report
    finally:
        set_language(None)
