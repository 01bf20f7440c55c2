"""Build calendar makes the patterns that show the calendar's stored notes (left-out reasons,
holiday notes) in its worker: made on the GUI thread when the new calendar was first shown,
they froze the window 0.5–2 s once the progress dialog had gone, with nothing said."""

from __future__ import annotations

import threading

import pytest

from planner import i18n
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.document import PlanDocument
from planner.ui.main_window import MainWindow
from planner.ui.schedule_dialog import ScheduleDialog

pytestmark = pytest.mark.usefixtures("isolated")


def test_the_first_calendar_of_a_session_makes_its_text_patterns_off_the_gui_thread(
        qtbot, monkeypatch) -> None:
    i18n.set_language("ja")
    window = MainWindow(synthetic_plan(60, territories=2, seed=4))
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    window.show()
    doc: PlanDocument = window.document
    i18n._field_templates.cache_clear()
    i18n._templates.cache_clear()
    i18n._retranslate.cache_clear()
    made_in: list[threading.Thread] = []
    pattern = i18n._template_regex

    def recorded(*args, **kwargs):
        made_in.append(threading.current_thread())
        return pattern(*args, **kwargs)

    monkeypatch.setattr(i18n, "_template_regex", recorded)
    dialog = ScheduleDialog(doc, window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.built, timeout=120_000):
        dialog.run()
    assert doc.plan.schedule is not None and len(doc.plan.schedule)
    assert made_in  # the patterns were made for the new calendar
    assert threading.main_thread() not in set(made_in)  # ...never on the GUI thread
    assert i18n._field_templates.cache_info().currsize == 1
