"""The Customers list finds and sorts customers by their reading (フリガナ): やまだ finds
ヤマダ商店, ﾔﾏﾀﾞ電気 and 山田商店 (by its reading), and the names run in 五十音順."""

from __future__ import annotations

import pandas as pd
from PySide6.QtCore import Qt

from planner import model as m
from planner.ui.customer_model import COLUMNS, CustomerTableModel
from planner.ui.document import PlanDocument


def _plan() -> m.Plan:
    rows = [
        ("C1", "河合酒店", "カワイサケテン"),  # か-row by its reading
        ("C2", "ヤマダ商店", ""),  # katakana name, no reading
        ("C3", "山田商店", "ﾔﾏﾀﾞ ｼｮｳﾃﾝ"),  # kanji name, half-width reading
        ("C4", "青木薬局", "アオキヤッキョク"),  # あ-row by its reading (kanji 青 > 河)
        ("C5", "佐藤書店", ""),
        ("C6", "ﾔﾏﾀﾞ電気", ""),  # half-width katakana as typed in an old list
    ]
    customers = m.make_customers(pd.DataFrame(
        [{m.CUSTOMER_ID: c, m.NAME: n, m.NAME_KANA: k, m.ADDRESS: "東京都新宿区"}
         for c, n, k in rows]))
    return m.new_plan(customers)


def _column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def test_typing_hiragana_finds_katakana_names_and_readings(qtbot):
    from planner.ui.customer_panel import CustomerPanel

    doc = PlanDocument(_plan())
    panel = CustomerPanel(doc)
    qtbot.addWidget(panel)
    panel.search.setText("やまだ")  # as the input method gives it before conversion
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    assert sorted(panel.model.shown_ids()) == ["C2", "C3", "C6"]
    panel.search.setText("ｱｵｷ")  # half-width katakana finds the reading アオキヤッキョク
    qtbot.waitUntil(lambda: panel.model.shown_ids() == ["C4"])
    panel.search.setText("しょうてん")  # the reading's space is no gap: ﾔﾏﾀﾞ ｼｮｳﾃﾝ
    qtbot.waitUntil(lambda: panel.model.shown_ids() == ["C3"])


def test_names_sort_by_their_reading(qtbot):
    doc = PlanDocument(_plan())
    model = CustomerTableModel(doc)
    name = _column(m.NAME)
    model.sort(name, Qt.SortOrder.AscendingOrder)
    names = [model.index(r, name).data() for r in range(model.rowCount())]
    # あおき, かわい, then the kanji names (no reading) after the kana ones
    assert names[:2] == ["青木薬局", "河合酒店"]
    assert names.index("山田商店") < names.index("ヤマダ商店")  # やまだしょうてん < やまだ商店
    assert model.index(0, name).data(Qt.ItemDataRole.ToolTipRole) == "アオキヤッキョク"
    model.sort(name, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, name).data() for r in range(model.rowCount())] == names[::-1]


def test_the_reading_is_typed_with_a_new_customer(qtbot):
    from planner.edits import apply_edit
    from planner.ui.add_customer_dialog import AddCustomerDialog

    dialog = AddCustomerDialog(_plan())
    qtbot.addWidget(dialog)
    dialog.name.setText("佐々木商店")
    dialog.name_kana.setText("ｻｻｷｼｮｳﾃﾝ")  # half-width, as an old input method types it
    plan = apply_edit(_plan(), dialog.edit())[0]
    assert plan.customers[m.NAME_KANA].iloc[-1] == "ササキショウテン"
