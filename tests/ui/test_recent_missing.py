"""File → Open recent with a file moved, renamed or deleted since: the entry says "not
found" when the menu opens, and choosing it says so in one sentence and takes it off the
list, without asking to save the open plan first or touching it."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint

from planner import model as m
from planner import store
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import file_actions, settings_store
from tests.ui.test_recovery_offer import answer_box, open_window

pytestmark = pytest.mark.usefixtures("isolated")


def recent_texts(menu) -> list[str]:
    """The entries as the menu shows them when it opens."""
    menu.popup(QPoint(0, 0))
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    menu.close()
    return texts


@pytest.mark.parametrize(("language", "note", "said"), [
    ("en", "(not found)", "was not found"), ("ja", "（見つかりません）", "見つからない")])
def test_a_recent_file_gone_since_is_marked_and_taken_off_when_chosen(
        qtbot, tmp_path, language, note, said):
    set_language(language)
    kept, gone = tmp_path / "kept.gpkg", tmp_path / "gone.gpkg"
    for path in (kept, gone):
        store.save_plan(synthetic_plan(20, territories=2, seed=3), path)
        settings_store.add_recent_file(str(path))
    window = open_window(qtbot)
    files, menu = window.actions_ui.files, window.actions_ui.menus["recent"]
    asked: list[int] = []
    files.ask_save_changes = lambda: asked.append(1) or file_actions.CANCEL
    window.document.set_selection(list(window.document.plan.customers[m.CUSTOMER_ID][:2]))
    window.actions_ui.customer_panel.lock_selection(True)  # unsaved work in the window
    before = window.document.plan
    gone.unlink()  # moved away after it was last opened
    texts = recent_texts(menu)
    assert texts == [str(gone.resolve()) + (" " if language == "en" else "") + note,
                     str(kept.resolve())]
    seen: list[dict] = []
    answer_box(window, "OK", seen)
    next(a for a in menu.actions() if a.text() == texts[0]).trigger()
    (box,) = seen
    assert box["name"] == "recentNotFound" and said in box["text"] and "gone.gpkg" in box["text"]
    assert len(re.findall(r"[.。](?:\s|$)", box["text"])) == 1  # one sentence
    assert settings_store.recent_files() == [str(kept.resolve())]
    assert recent_texts(menu) == [str(kept.resolve())]
    assert not asked and window.document.plan is before and window.isWindowModified()


def test_a_recent_file_still_there_opens(qtbot, tmp_path):
    path = tmp_path / "there.gpkg"
    store.save_plan(synthetic_plan(20, territories=2, seed=3), path)
    settings_store.add_recent_file(str(path))
    window = open_window(qtbot)
    files, menu = window.actions_ui.files, window.actions_ui.menus["recent"]
    (text,) = recent_texts(menu)
    with qtbot.waitSignal(files.planOpened, timeout=30_000):
        next(a for a in menu.actions() if a.text() == text).trigger()
    assert window.document.path == str(path.resolve())
