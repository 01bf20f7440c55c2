"""Printing next week's sheets after a rep's day off: the out-of-date question offers to
build the calendar first, and the export then goes on with the new calendar. Before, the
manager had Cancel or 「このまま出力」 (sheets listing the sick day's visits), and had to find
Schedule → Build calendar… and start the export again."""

from __future__ import annotations

import dataclasses

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from planner.edits import UpdateTerritory
from planner.export.common import STALE_CALENDAR_SHORT, calendar_is_stale
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui.export_choice import ExportChoice
from planner.ui.report_box import ReportBox
from planner.ui.schedule_dialog import ScheduleDialog
from tests.ui.test_main_window import open_window

pytestmark = pytest.mark.usefixtures("isolated")


def _sick_window(qtbot):  # type: ignore[no-untyped-def]
    plan = synthetic_plan(40, territories=2, seed=2)
    dated = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    window = open_window(qtbot, build_schedule(dated, route_seconds=0.01, workers=1))
    window.document.push(UpdateTerritory.of("T01", days_off=("2026-12-09",)))
    assert calendar_is_stale(window.document.plan)
    return window


def _when_modal(kind: type, then) -> None:  # type: ignore[no-untyped-def]
    """Call ``then(widget)`` once a modal ``kind`` shows."""
    def look() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, kind):
            then(widget)
        else:
            QTimer.singleShot(20, look)
    QTimer.singleShot(0, look)


def test_rebuild_first_builds_the_calendar_then_exports_it(qtbot, tmp_path) -> None:
    window = _sick_window(qtbot)
    files = window.actions_ui.files
    seen: list[str] = []

    def choose(*_a, **_k) -> ExportChoice:  # type: ignore[no-untyped-def]
        # the build's report was read and closed first: not open under the export's dialog
        shown = [w for w in QApplication.topLevelWidgets()
                 if isinstance(w, ReportBox) and w.isVisible()]
        seen.append("report still open" if shown else "choice")
        return ExportChoice()

    files.ask_export_choice = choose
    files.ask_save_path = lambda *_a: str(tmp_path / "week.xlsx")

    def read(box: ReportBox) -> None:
        seen.append(box.ok_button.text())
        box.ok_button.click()

    def build(dialog: ScheduleDialog) -> None:
        seen.append("build")
        _when_modal(ReportBox, read)
        dialog.run()

    def answer(box: QMessageBox) -> None:
        button = box.findChild(QPushButton, "rebuild_before_export")
        if button is None:  # no such choice: Cancel, and the test fails below
            seen.append("no rebuild button")
            box.button(QMessageBox.StandardButton.Cancel).click()
            return
        seen.append(button.text())
        _when_modal(ScheduleDialog, build)
        button.click()

    written: list[str] = []
    files.exported.connect(written.append)
    _when_modal(QMessageBox, answer)
    window.actions_ui.actions["export_excel"].trigger()
    qtbot.waitUntil(lambda: bool(written) or seen == ["no rebuild button"], timeout=120_000)
    # one dialog after the other: the build, its report (「出力に進む」), then the choice
    assert seen == ["Rebuild the calendar first…", "build", "Continue to the export", "choice"]
    plan = window.document.plan
    assert not calendar_is_stale(plan)  # built, in one undo step like the menu's
    s = plan.schedule
    assert not ((s["territory"] == "T01") & (s["date"] == "2026-12-09")).any()
    wb = load_workbook(tmp_path / "week.xlsx")  # the new calendar, not marked out of date
    assert all(STALE_CALENDAR_SHORT not in (ws.oddHeader.center.text or "")
               for ws in wb.worksheets)


def test_cancelling_the_build_exports_nothing(qtbot, tmp_path) -> None:
    window = _sick_window(qtbot)
    files = window.actions_ui.files
    asked: list[str] = []
    files.ask_export_choice = lambda *_a, **_k: asked.append("choice") or ExportChoice()
    set_language("ja")
    texts: list[str] = []

    def answer(box: QMessageBox) -> None:
        texts.extend(b.text() for b in box.buttons())
        button = box.findChild(QPushButton, "rebuild_before_export")
        if button is None:  # no such choice: Cancel, and the test fails below
            box.button(QMessageBox.StandardButton.Cancel).click()
            return
        _when_modal(ScheduleDialog, lambda dialog: dialog.reject())
        button.click()

    _when_modal(QMessageBox, answer)
    window.actions_ui.actions["export_excel"].trigger()
    assert "先にカレンダーを作り直す…" in texts and "このまま出力" in texts
    assert asked == [] and calendar_is_stale(window.document.plan)
