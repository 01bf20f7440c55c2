"""The log file from the window: a bug's report names it and opens its folder, opened and
saved files and failed steps are written to it, Help opens its folder."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QMessageBox

from planner import logfile
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import error_report, file_actions
from planner.ui.main_window import MainWindow
from planner.ui.menu_table import without_access_key

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture
def log_path(tmp_path):
    """The log file of the test, in its own data folder (the ``isolated`` fixture's)."""
    path = logfile.start_logging()
    assert path is not None and path.is_relative_to(tmp_path)
    yield path
    logfile.stop_logging()


def open_window(qtbot, plan=None, path=""):
    window = MainWindow(plan if plan is not None else synthetic_plan(60, territories=2), path)
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    return window


def opened_urls(monkeypatch):
    urls: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(url) or True)
    return urls


def test_a_bug_goes_to_the_log_and_its_report_names_the_log_file(qtbot, monkeypatch, log_path):
    from planner.ui.app import install_excepthook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored afterwards
    reports = []
    monkeypatch.setattr(error_report, "show_error_report",
                        lambda parent, message, details="": reports.append((message, details)))
    monkeypatch.setattr(QMessageBox, "critical",  # the plain box that named no log file
                        lambda *args: reports.append((args[2], "")))
    window = open_window(qtbot)
    install_excepthook(window)
    try:
        raise ValueError("boom")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    window.actions_ui.files.autosaver.stop()
    [(message, details)] = reports
    assert message.endswith("ValueError: boom") and "Traceback" in details
    text = log_path.read_text(encoding="utf-8")
    assert "CRITICAL planner.ui.app: uncaught exception" in text
    assert 'raise ValueError("boom")' in text


def test_the_report_opens_the_log_folder_and_copies_the_details(qtbot, monkeypatch, log_path):
    urls = opened_urls(monkeypatch)
    set_language("ja")
    details = 'Traceback (most recent call last):\n  File "x.py", line 1\nValueError: boom\n'
    report = error_report.ErrorReport(None, "問題が発生しました。詳細:\n\nValueError: boom",
                                      details)
    qtbot.addWidget(report)
    report.show()
    assert str(log_path) in report.log_label.text()
    assert report.folder_button.text() == "ログフォルダを開く"
    report.folder_button.click()
    assert [u.toLocalFile() for u in urls] == [str(log_path.parent)]
    report.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert details in copied and str(log_path) in copied and "Territory Planner" in copied
    assert report.isVisible()  # both buttons leave the report open


def test_opened_saved_and_failed_files_are_logged(qtbot, tmp_path, log_path):
    window = open_window(qtbot)
    files = window.actions_ui.files
    errors = []
    files.show_error = lambda message, user_error=True: errors.append(message)
    target = tmp_path / "plan.gpkg"
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        files.save_to(str(target))
    with qtbot.waitSignal(files.planOpened, timeout=30_000):
        files.open_path(str(target), asked=True)
    (tmp_path / "broken.gpkg").write_bytes(b"not a plan")
    files.open_path(str(tmp_path / "broken.gpkg"), asked=True)
    qtbot.waitUntil(lambda: files.task.done, timeout=30_000)
    files.autosaver.stop()
    assert errors
    text = log_path.read_text(encoding="utf-8")
    assert f"saved {target}" in text
    assert f"opened {target.resolve()} (60 customers)" in text
    assert "Opening broken.gpkg… failed: " in text


def test_help_opens_the_log_folder(qtbot, monkeypatch, tmp_path):
    urls = opened_urls(monkeypatch)
    set_language("ja")
    window = open_window(qtbot, synthetic_plan(30, territories=2))
    ui = window.actions_ui
    action = ui.actions["log_folder"]
    assert action in ui.menus["help"].actions()
    assert without_access_key(action.text()) == "ログフォルダを開く"
    action.trigger()
    ui.files.autosaver.stop()
    assert [u.toLocalFile() for u in urls] == [str(logfile.log_folder())]
    assert logfile.log_folder().is_relative_to(tmp_path) and logfile.log_folder().is_dir()

