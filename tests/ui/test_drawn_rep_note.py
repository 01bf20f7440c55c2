"""A territory drawn on the map gets 「テリトリー4」 and no rep: the status bar says where to
set one, and the way it names works — a double-click on the territory's Rep cell in the
Territories list opens it for typing. Before, nothing told the manager the rep was missing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit
from test_small_notes import _box, _draw, named_plan, open_window

from planner import model as m
from planner.ui.territory_model import COLUMNS

pytestmark = pytest.mark.usefixtures("isolated", "japanese", "program_font")

SET_REP = "担当者を設定してください（テリトリー一覧で「担当者」の欄をダブルクリックして入力）。"


def test_a_drawn_territory_says_how_to_set_its_rep_and_that_way_works(qtbot, tmp_path) -> None:  # noqa: ANN001
    window = open_window(qtbot, named_plan())
    window.resize(1200, 800)
    qtbot.waitExposed(window)
    doc, bar = window.document, window.statusBar()
    c = doc.plan.customers
    lat, lon = float(c[m.LAT].iloc[0]), float(c[m.LON].iloc[0])
    _draw(window, _box(lat, lon, 0.0005))  # over a customer
    made = doc.plan.territories[-1]
    assert made.rep == ""
    said = bar.currentMessage()
    # named, then how to give it a rep, before the customers it took (the bar cuts a long note)
    assert said.startswith(f"テリトリー「{made.name}」を作成しました。{SET_REP}"), said
    assert "に移りました" in said
    window.grab().save(str(tmp_path / "drawn_rep_note.png"))
    # as the note says: the Territories list, its Rep cell, a double-click, the name typed
    panel = window.actions_ui.territory_panel
    row = [panel.model.territory_id(r) for r in range(panel.model.rowCount())].index(made.id)
    rep_column = [key for key, _title, _editable in COLUMNS].index("rep")
    index = panel.model.index(row, rep_column)
    panel.view.scrollTo(index)
    rect = panel.view.visualRect(index)
    viewport = panel.view.viewport()  # a click, the double click and its release, as a mouse
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: isinstance(panel.view.indexWidget(index), QLineEdit))
    editor = panel.view.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.setText("伊藤 由美")
    editor.setFocus()
    QTest.keyClick(editor, Qt.Key.Key_Return)  # Enter: the name goes in
    qtbot.waitUntil(lambda: panel.view.indexWidget(index) is None)
    assert doc.plan.territory(made.id).rep == "伊藤 由美"
