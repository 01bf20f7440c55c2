"""``territory-planner customers.xlsx``: the list goes through the import window (its report of
the rows left out and why) instead of opening imported without a word; a screenshot of it
shows the rows without coordinates placed, as the import window places them."""

from __future__ import annotations

import sys

import openpyxl
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from planner import model as m
from planner.ui import file_actions

pytestmark = pytest.mark.usefixtures("isolated")

ROWS = [
    ["得意先一覧（大阪営業所）"],
    [],
    ["得意先コード", "得意先名", "住所", "担当者", "緯度", "経度"],
    ["T1", "中村酒店", "大阪府大阪市北区梅田1丁目1-1", "山田", 34.70, 135.50],
    ["T2", "小林食品", "大阪府大阪市北区梅田1丁目2-1", "山田", 34.701, 135.501],
    ["T2", "小林食品", "大阪府大阪市北区梅田1丁目2-1", "山田", 34.701, 135.501],
    ["T3", "加藤商店", "大阪府大阪市北区梅田1丁目3-1", "佐藤", None, None],
]


def _sheet(tmp_path):
    wb = openpyxl.Workbook()
    for row in ROWS:
        wb.active.append(row)
    path = tmp_path / "customers.xlsx"
    wb.save(path)
    return path


def test_a_list_named_on_the_command_line_opens_the_import_window(qtbot, tmp_path, monkeypatch):
    from planner.ui.app import is_sheet, load_plan_for, make_main_window, start_session
    from planner.ui.import_dialog import ImportDialog

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_session installs its own
    sheet = str(_sheet(tmp_path))
    assert is_sheet(sheet) and not is_sheet(str(tmp_path / "plan.gpkg")) and not is_sheet(None)
    plan, plan_path = load_plan_for(None)  # behind the import window: the sample plan
    window = make_main_window(plan, plan_path, on_screen=False)
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.show()
    said: list[str] = []

    def answer() -> None:  # the import window, modal: import, read its summary, open the plan
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportDialog):
            QTimer.singleShot(20, answer)
            return
        assert dialog.path == sheet
        dialog.imported.connect(lambda _r: (said.append(dialog.summary.text()),
                                            dialog.accept_button.click()))
        dialog.start_import()

    QTimer.singleShot(0, answer)
    start_session(window, sample=False, sheet=sheet)
    qtbot.waitUntil(lambda: len(window.document.plan.customers) == 3, timeout=30_000)
    assert said and "2 rows have problems: 1 left out" in said[0]
    assert m.located_mask(window.document.plan.customers).all()  # T3 placed nearby


def test_a_screenshot_of_a_list_places_the_rows_without_coordinates(tmp_path):
    from planner.ui.app import load_plan_for

    plan, plan_path = load_plan_for(str(_sheet(tmp_path)))
    assert plan_path == "" and len(plan.customers) == 3
    assert m.located_mask(plan.customers).all()
