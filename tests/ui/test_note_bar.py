"""The main window's note strip (planner/ui/note_bar.py): the status bar's message wraps
whole instead of being cut at the window's edge; ✕ closes it, the next note or an undo's
replaces it, a short one moves nothing, one past three lines ends in 「詳しく…」."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from planner import model as m
from planner.edits import SetFrequency
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated", "program_font")

#: A note as Edit customer… and a new rank say it together (three sentences and more)
LONG = ("顧客 山崎クリニックを編集しました。地図上の位置はそのままです。移すときは顧客のピンを"
        "ドラッグしてください。ランクをAに変更しました（1件）。訪問頻度は規則により毎週になり"
        "ます。担当者の週の稼働時間: 練馬エリア 31.2時間 → 32.5時間。1人の担当者が所定の時間を"
        "超えます: 練馬エリア（田中 健太）。再配分するか、担当者を増やしてください。")


def open_window(qtbot, width: int = 1366, height: int = 768) -> MainWindow:
    set_language("ja")
    window = MainWindow(synthetic_plan(60, territories=3, seed=3), "")
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return window


def push_frequency(window: MainWindow, value: float) -> None:
    """An edit of the undo history (its own note is the test's)."""
    cid = str(window.document.plan.customers[m.CUSTOMER_ID].iloc[0])
    window.document.push(SetFrequency((cid,), (value,)))


def whole_in_view(qtbot, window: MainWindow, text: str) -> None:
    bar = window.statusBar()
    label = bar.strip.label
    qtbot.waitUntil(label.isVisible)
    assert label.text() == text == bar.currentMessage()
    width = label.contentsRect().width()
    needed = label.fontMetrics().boundingRect(0, 0, width, 10_000,
                                              int(Qt.TextFlag.TextWordWrap), text).height()
    qtbot.waitUntil(lambda: label.contentsRect().height() >= needed)
    # inside the window once it has laid the bar out again (the label is the bar's child)
    qtbot.waitUntil(lambda: window.rect().contains(
        QRect(label.mapTo(window, label.rect().topLeft()), label.size())))


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_a_long_note_is_whole_closes_and_gives_way_to_the_next(qtbot, size):
    window = open_window(qtbot, *size)
    bar, notes = window.statusBar(), window.actions_ui.notes
    strip = bar.strip
    push_frequency(window, 2.0)
    notes.show(LONG)
    whole_in_view(qtbot, window, LONG)
    assert not strip.more_button.isVisible()  # nothing more to see
    assert strip.label.fontMetrics().horizontalAdvance(LONG) > strip.label.width()  # wrapped
    strip.close_button.click()
    assert bar.currentMessage() == "" and not strip.isVisible()
    # the next note replaces the last: only its sentence is there
    notes.show(LONG)
    push_frequency(window, 4.0)
    notes.show("3件の顧客を練馬エリアに移しました。")
    whole_in_view(qtbot, window, "3件の顧客を練馬エリアに移しました。")


def test_an_undo_says_its_step_in_place_of_the_note(qtbot):
    window = open_window(qtbot)
    bar = window.statusBar()
    window.document.set_selection(list(window.document.plan.customers[m.CUSTOMER_ID][:7]))
    window.actions_ui.customer_panel.assign_selection("T02")
    window.actions_ui.notes.show(LONG)
    step = window.document.undo_stack.undoText()
    assert step
    window.actions_ui.actions["undo"].trigger()
    whole_in_view(qtbot, window, f"元に戻しました: {step}")
    assert LONG not in bar.strip.label.text()


def test_a_short_note_moves_nothing_and_takes_no_keys(qtbot):
    """A one-line note keeps the bar's height (the map does not jump) and the list or map
    keeps the keyboard; a long one takes the lines it needs, at most three."""
    window = open_window(qtbot)
    bar, strip = window.statusBar(), window.statusBar().strip
    view = window.actions_ui.customer_panel.view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    QApplication.processEvents()
    high, map_high = bar.height(), window.map_view.height()
    window.actions_ui.notes.show("3件の顧客を練馬エリアに移しました。")
    qtbot.waitUntil(strip.isVisible)
    QApplication.processEvents()
    assert bar.height() == high and window.map_view.height() == map_high
    assert view.hasFocus()
    window.actions_ui.notes.show(LONG)
    whole_in_view(qtbot, window, LONG)
    lines = strip.label.fontMetrics().lineSpacing()
    assert bar.height() <= high + 2 * lines + 4  # a slim band, not a panel
    assert view.hasFocus()


def test_a_note_past_three_lines_ends_in_more_which_shows_it_whole(qtbot):
    window = open_window(qtbot)
    strip = window.statusBar().strip
    text = LONG * 4
    window.actions_ui.notes.show(text)
    qtbot.waitUntil(lambda: strip.more_button.isVisible())
    label = strip.label
    assert label.cut and label.text().endswith("…") and label.text() != text
    assert text.startswith(label.text()[:-1].rstrip("…")[:100])
    assert strip.more_button.text() == "詳しく…"
    metrics = label.fontMetrics()
    three = metrics.boundingRect(0, 0, label.contentsRect().width(), 10_000,
                                 int(Qt.TextFlag.TextWordWrap), label.text()).height()
    assert three <= 3 * metrics.lineSpacing() + 2 and label.contentsRect().height() >= three
    strip.more_button.click()
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.isVisible())
    assert box.text() == text
    box.close()


def test_a_warning_note_is_red_until_the_next_message(qtbot):
    window = open_window(qtbot)
    bar, label = window.statusBar(), window.statusBar().strip.label
    window.actions_ui.notes.show(LONG, warn=True)
    qtbot.waitUntil(lambda: "#b00020" in label.styleSheet())
    bar.showMessage("保存しました。", 5000)
    qtbot.waitUntil(lambda: "#b00020" not in label.styleSheet())
    assert label.text() == "保存しました。"



def test_a_note_of_four_short_lines_is_cut_too(qtbot):
    """A message's own line breaks count as lines (a report's first lines)."""
    window = open_window(qtbot)
    strip = window.statusBar().strip
    window.actions_ui.notes.show("1行目\n2行目\n3行目\n4行目")
    qtbot.waitUntil(lambda: strip.more_button.isVisible())
    assert strip.label.text().startswith("1行目\n2行目\n") and strip.label.text().endswith("…")
    assert strip.label.toolTip() == "1行目\n2行目\n3行目\n4行目"
    window.actions_ui.notes.show("1行目\n2行目\n3行目")
    qtbot.waitUntil(lambda: not strip.more_button.isVisible())
    assert strip.label.text() == "1行目\n2行目\n3行目" and strip.label.toolTip() == ""
