"""The crash-recovery question names the plan file its autosave is of, with the autosave's
time: a manager with several plans knows which work the Restore button brings back."""

from __future__ import annotations

import os
import time

import pytest

from planner import model as m
from planner import store
from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from tests.ui.test_recovery_offer import ESC, answer_box, crash, open_window

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("case", ["newer", "older"])
def test_the_recovery_question_names_the_plan_file_and_the_time(qtbot, tmp_path, case, language):
    set_language(language)
    path = tmp_path / "東部営業所 2026.gpkg"
    plan = synthetic_plan(40, territories=2, seed=5)
    store.save_plan(plan, path)
    autosave = tmp_path / crash(qtbot, plan, path, list(plan.customers[m.CUSTOMER_ID][:2]))
    if case == "older":  # the file written after the crash: both hold work
        later = time.time() + 60
        os.utime(path, (later, later))
    window, seen = open_window(qtbot, store.load_plan(path), str(path)), []
    answer_box(window, ESC, seen)
    assert not window.actions_ui.files.offer_recovery()  # as the program does at its start
    (box,) = seen
    assert path.name in box["text"]
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(autosave.stat().st_mtime))
    assert when in box["text"]
    assert autosave.exists()  # Esc deletes nothing
