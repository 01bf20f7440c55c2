"""The Customers list shows a company's name whole: 「株式会社日本…」 was cut after six
characters in a column of the default width, the name being what a manager reads first."""

from __future__ import annotations

import pytest

from planner import model as m
from planner.i18n import set_language
from planner.resources import sample_plan_path
from planner.store import load_plan
from planner.ui import file_actions
from planner.ui.customer_model import COLUMNS
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated", "program_font")


def test_a_thirteen_character_company_name_is_shown_whole(qtbot) -> None:
    set_language("ja")
    window = MainWindow(load_plan(sample_plan_path()), "")
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.show()
    view = window.actions_ui.customer_panel.view
    column = next(i for i, c in enumerate(COLUMNS) if c.key == m.NAME)
    name = "株式会社小林ホームセンター"  # one of the sample's customers
    assert name in set(window.document.plan.customers[m.NAME])
    margins = 2 * (view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 1)
    assert view.columnWidth(column) >= view.fontMetrics().horizontalAdvance(name) + margins
