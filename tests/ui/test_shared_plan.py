"""A plan someone else has open (a shared folder): the window asks before opening it, opens it
read-only if told (Save then leads to Save As), holds its own owner marker while a plan is
open and deletes it when the plan is closed or another one opened."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from test_recovery_offer import answer_box

from planner import model as m
from planner import owner_marker as om
from planner import store
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import file_actions, shared_open
from planner.ui.main_window import MainWindow
from planner.ui.phrase_label import unbroken

pytestmark = pytest.mark.usefixtures("isolated")

OSAKA = {"user": "田中", "computer": "PC-OSAKA-12", "pid": 4242}


def open_window(qtbot):
    window = MainWindow(synthetic_plan(30, territories=2, seed=1), "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return window


def plan_file(tmp_path, name="plan.gpkg", *, marker=None, opened=None):
    """A saved plan; ``marker``: the owner marker another window left beside it."""
    path = tmp_path / name
    store.save_plan(synthetic_plan(40, territories=2, seed=5), path)
    if marker is not None:
        when = opened or datetime.now(UTC) - timedelta(hours=1)
        om.marker_path(path).write_text(json.dumps({**marker, "opened": when.isoformat(),
                                                    "version": "0.1.0"}), encoding="utf-8")
    return path


def ended_process() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def open_and_wait(qtbot, window, path) -> None:
    files = window.actions_ui.files
    with qtbot.waitSignal(files.planOpened, timeout=30_000):
        files.open_path(str(path))


def test_a_plan_open_on_another_computer_is_opened_read_only_when_told(qtbot, tmp_path):
    """The question in Japanese; read-only: the title says so, the other's marker stays and
    this window writes none."""
    set_language("ja")
    mine = plan_file(tmp_path, "mine.gpkg")
    theirs = plan_file(tmp_path, "theirs.gpkg", marker=OSAKA)
    before = om.marker_path(theirs).read_bytes()
    window, seen = open_window(qtbot), []
    open_and_wait(qtbot, window, mine)  # nobody else's: no question, our marker
    assert seen == [] and om.read_marker(mine).is_ours()
    answer_box(window, "読み取り専用で開く", seen)
    open_and_wait(qtbot, window, theirs)
    (box,) = seen
    assert box["name"] == "sharedPlanQuestion"
    assert box["text"].startswith("このプランは田中（PC-OSAKA-12）が ")
    assert box["text"].endswith("から開いています。同時に編集すると、後から保存した側の変更で"
                                "上書きされます。")
    assert box["buttons"] == ["読み取り専用で開く", "それでも開く", "キャンセル"]
    assert box["default"] == "読み取り専用で開く"
    assert window.document.path == str(theirs.resolve())
    assert "theirs.gpkg（読み取り専用）" in window.windowTitle()
    assert om.marker_path(theirs).read_bytes() == before  # still theirs
    assert not om.marker_path(mine).exists()  # the plan before is closed here


def test_read_only_save_leads_to_save_as_under_a_new_name(qtbot, tmp_path):
    theirs = plan_file(tmp_path, "theirs.gpkg", marker=OSAKA)
    stamp = store.file_stamp(theirs)
    window, seen = open_window(qtbot), []
    files = window.actions_ui.files
    files.ask_shared_open = lambda _path, _marker: shared_open.READ_ONLY
    open_and_wait(qtbot, window, theirs)
    window.document.set_selection(list(window.document.plan.customers[m.CUSTOMER_ID][:2]))
    window.actions_ui.customer_panel.lock_selection(True)  # an edit, to save
    offered = []
    answer_box(window, "Save As…", seen)  # the one sentence, then Save As
    files.ask_save_path = lambda _title, _filter, _suffix: offered.append(
        files.proposed_name()) or str(tmp_path / "copy.gpkg")
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        window.actions_ui.actions["save"].trigger()
    assert [box["name"] for box in seen] == ["readOnlySave"] and offered == ["theirs - copy"]
    assert seen[0]["text"].startswith("theirs.gpkg was opened read-only, so this window saves")
    assert store.file_stamp(theirs) == stamp  # the other's file untouched
    assert window.document.path == str((tmp_path / "copy.gpkg").resolve())
    assert "read-only" not in window.windowTitle() and not window.isWindowModified()
    assert om.read_marker(tmp_path / "copy.gpkg").is_ours()
    assert om.other_owner(theirs) is not None  # theirs still


def test_a_read_only_plan_is_not_saved_over_the_file_someone_has_open(qtbot, tmp_path):
    theirs = plan_file(tmp_path, "theirs.gpkg", marker=OSAKA)
    stamp = store.file_stamp(theirs)
    window = open_window(qtbot)
    files = window.actions_ui.files
    files.ask_shared_open = lambda _path, _marker: shared_open.READ_ONLY
    open_and_wait(qtbot, window, theirs)
    errors = []
    files.show_error = lambda message, user_error=True: errors.append(message)
    files.tell_read_only_save = lambda: True
    files.ask_save_path = lambda *_a: str(theirs)  # Save As onto the same file
    window.actions_ui.actions["save"].trigger()
    assert files.task is None or files.task.done
    assert len(errors) == 1 and "theirs.gpkg has been open by 田中 (PC-OSAKA-12)" in errors[0]
    assert store.file_stamp(theirs) == stamp and files.read_only


def test_open_anyway_takes_the_marker_and_closing_removes_it(qtbot, tmp_path):
    """A marker a day old from another computer: its time told, Open anyway the default."""
    set_language("ja")
    opened = datetime.now(UTC) - timedelta(hours=30)
    theirs = plan_file(tmp_path, "theirs.gpkg", marker=OSAKA, opened=opened)
    window, seen = open_window(qtbot), []
    answer_box(window, "それでも開く", seen)
    open_and_wait(qtbot, window, theirs)
    (box,) = seen
    when = om.read_marker(theirs)  # ours now: the time of the old one is in the text
    assert when.is_ours()
    old = om.Marker("田中", "PC-OSAKA-12", 4242, opened)
    assert f"このプランは田中（PC-OSAKA-12）が {unbroken(old.since())} から開いたままになっています" in (
        box["text"])  # the date and time on one line
    assert box["default"] == "それでも開く"
    assert "読み取り専用" not in window.windowTitle()
    assert window.close()
    assert not om.marker_path(theirs).exists()


def test_a_marker_left_by_a_crash_on_this_computer_is_ignored_and_replaced(qtbot, tmp_path):
    crashed = {"user": om.user_name(), "computer": om.computer_name(), "pid": ended_process()}
    path = plan_file(tmp_path, marker=crashed)
    window = open_window(qtbot)
    asked = []
    window.actions_ui.files.ask_shared_open = lambda *a: asked.append(a) or shared_open.CANCEL
    open_and_wait(qtbot, window, path)
    assert asked == [] and om.read_marker(path).is_ours()


def test_another_live_window_on_this_computer_is_asked_about_and_cancel_opens_nothing(
        qtbot, tmp_path):
    """Two markers of made-up processes: one running (asked about), one gone (not)."""
    here = {"user": om.user_name(), "computer": om.computer_name(), "pid": os.getppid()}
    path = plan_file(tmp_path, marker=here)
    window, seen = open_window(qtbot), []
    before = window.document.plan
    answer_box(window, "Cancel", seen)
    window.actions_ui.files.open_path(str(path))
    qtbot.waitUntil(lambda: len(seen) == 1)
    assert seen[0]["text"].startswith("This plan has been open in another window on this "
                                      "computer since ")
    assert window.actions_ui.files.task is None  # nothing read
    assert window.document.plan is before and window.document.path == ""
    assert om.read_marker(path).pid == os.getppid()


def test_open_recent_asks_too(qtbot, tmp_path):
    theirs = plan_file(tmp_path, "theirs.gpkg", marker=OSAKA)
    window = open_window(qtbot)
    files = window.actions_ui.files
    files.ask_shared_open = lambda _path, _marker: shared_open.READ_ONLY
    open_and_wait(qtbot, window, theirs)  # now in Open recent
    open_and_wait(qtbot, window, plan_file(tmp_path, "mine.gpkg"))
    asked = []
    files.ask_shared_open = lambda path, marker: asked.append((path, marker.user)) or \
        shared_open.CANCEL
    (action,) = [a for a in window.actions_ui.menus["recent"].actions()
                 if a.text() == str(theirs.resolve())]
    action.trigger()
    assert asked == [(str(theirs.resolve()), "田中")]


def test_the_file_named_on_the_command_line_is_asked_about_before_it_is_read(
        qapp, tmp_path, monkeypatch):
    from planner import logfile
    from planner.ui import app

    theirs = plan_file(tmp_path, "theirs.gpkg", marker=OSAKA)
    asked = []
    monkeypatch.setattr(shared_open, "ask_shared_open",
                        lambda parent, marker: asked.append(marker.user) or shared_open.CANCEL)
    monkeypatch.setattr(app, "load_plan_for", lambda _p: pytest.fail("read after Cancel"))
    try:
        assert app.run_gui(str(theirs)) == 0
    finally:
        logfile.stop_logging()
    assert asked == ["田中"]


def test_a_folder_where_no_marker_can_be_written_still_opens_the_plan(qtbot, tmp_path,
                                                                        monkeypatch, caplog):
    path = plan_file(tmp_path)

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(om, "_write_atomically", refuse)
    window = open_window(qtbot)
    with caplog.at_level("WARNING", logger="planner.owner_marker"):
        open_and_wait(qtbot, window, path)
    assert "could not write the owner marker" in caplog.text  # said in the log, no more
    assert window.document.path == str(path.resolve()) and not om.marker_path(path).exists()
    assert window.close()


def test_save_as_moves_the_marker_to_the_new_file(qtbot, tmp_path):
    mine = plan_file(tmp_path, "mine.gpkg")
    window = open_window(qtbot)
    files = window.actions_ui.files
    open_and_wait(qtbot, window, mine)
    files.ask_save_path = lambda *_a: str(tmp_path / "moved.gpkg")
    with qtbot.waitSignal(files.fileSaved, timeout=30_000):
        window.actions_ui.actions["save_as"].trigger()
    assert not om.marker_path(mine).exists()
    assert om.read_marker(tmp_path / "moved.gpkg").is_ours()
    assert window.close()
    assert not om.marker_path(tmp_path / "moved.gpkg").exists()


@pytest.mark.parametrize("read_only", [False, True])
def test_the_plan_the_program_starts_with_holds_its_marker_unless_read_only(
        qtbot, tmp_path, monkeypatch, read_only):
    from planner.ui.app import start_session

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_session installs its own
    path = plan_file(tmp_path)
    window = MainWindow(store.load_plan(path), str(path.resolve()))
    qtbot.addWidget(window)
    window.show()
    start_session(window, sample=False, read_only=read_only)
    assert om.marker_path(path).exists() is not read_only
    assert ("(read-only)" in window.windowTitle()) is read_only
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    assert window.close()
    assert not om.marker_path(path).exists()


def test_the_question_keeps_the_date_and_time_it_was_opened_on_one_line(qtbot):
    """「12月2日 / 06:14」 broke across two lines of the question at its width: at any width
    the lines break before or after 「12月2日 06:14」, never inside it."""
    from PySide6.QtGui import QFont, QFontMetricsF, QTextLayout, QTextOption

    set_language("ja")
    marker = om.Marker("田中 健太", "PC-OSAKA-12", 4242, datetime(2026, 12, 2, 6, 14, tzinfo=UTC))
    text, _info = shared_open.question(marker)
    when = marker.since()
    shown = text.replace("\u2060", "").replace("\u00a0", " ")
    assert when in shown
    start = shown.index(when)
    font = QFont()
    widest = QFontMetricsF(font).horizontalAdvance(shown)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    for width in range(int(QFontMetricsF(font).horizontalAdvance(when)) + 2, int(widest), 7):
        layout = QTextLayout(text, font)
        layout.setTextOption(option)
        layout.beginLayout()
        ends = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            ends.append(len(text[:line.textStart() + line.textLength()].replace("\u2060", "")))
        layout.endLayout()
        assert not [e for e in ends if start < e < start + len(when)], width
