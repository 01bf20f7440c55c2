"""The Customers list's search box as a manager types in it (the real widgets, offscreen):
what it finds however the list and the manager wrote it, Enter without the pause, the
search texts made in a thread when the box gets the focus, a longer text searched among
what the shorter found, and a list of 100,000 that repaints without reaching into the
customer table for each cell."""

from __future__ import annotations

import cProfile
import pstats
import threading

import pandas as pd
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFocusEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from planner import customer_search
from planner import model as m
from planner.synthetic import synthetic_plan
from planner.ui.customer_panel import CustomerPanel
from planner.ui.document import PlanDocument

ROWS = [  # code, name, reading, address
    ("K001", "株式会社木村ドラッグ", "カブシキガイシャ キムラドラッグ", "神奈川県横浜市西区横浜3丁目14-17"),
    ("K002", "ｶﾌﾞｼｷｶﾞｲｼｬ ﾔﾏﾀﾞ", "", "東京都新宿区西新宿１２３−４"),
    ("K003", "若葉印刷 相模原15号店", "", "神奈川県相模原市中央区３‐１４"),
    ("K004", "木村商店", "キムラショウテン", "埼玉県川口市本町4ー5"),
    ("K005", "ＡＢＣ物産", "", "東京都港区芝１２３"),
]


def _panel(qtbot, plan: m.Plan | None = None) -> CustomerPanel:
    if plan is None:
        plan = m.new_plan(m.make_customers(pd.DataFrame(
            [{m.CUSTOMER_ID: c, m.NAME: n, m.NAME_KANA: k, m.ADDRESS: a} for c, n, k, a in ROWS])))
    panel = CustomerPanel(PlanDocument(plan))
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _shown(panel: CustomerPanel) -> list[str]:
    return sorted(panel.model.shown_ids())


def _type(qtbot, panel: CustomerPanel, text: str, expected: list[str]) -> None:
    """``text`` as the input method commits it, then the list once typing paused."""
    panel.search.setText(text)
    qtbot.waitUntil(lambda: not panel._search_timer.isActive() and _shown(panel) == expected)


def test_the_box_finds_kana_of_any_width_wide_digits_dashes_and_several_words(qtbot):
    panel = _panel(qtbot)
    _type(qtbot, panel, "ｶﾌﾞｼｷ", ["K001", "K002"])  # カブシキ in K001's reading
    _type(qtbot, panel, "カブシキ", ["K001", "K002"])  # ｶﾌﾞｼｷ in K002's name
    _type(qtbot, panel, "かぶしき", ["K001", "K002"])  # hiragana before conversion
    _type(qtbot, panel, "１２３", ["K002", "K005"])
    _type(qtbot, panel, "", [r[0] for r in ROWS])
    _type(qtbot, panel, "123-4", ["K002"])  # 西新宿１２３−４
    _type(qtbot, panel, "木村　横浜", ["K001"])  # name and address, a full-width space between
    panel.search.clear()
    qtbot.waitUntil(lambda: len(_shown(panel)) == len(ROWS))
    QTest.keyClicks(panel.search, "k00")  # typed key by key: searched as the typing pauses
    qtbot.waitUntil(lambda: not panel._search_timer.isActive())
    assert len(_shown(panel)) == len(ROWS)
    QTest.keyClicks(panel.search, "3")
    QTest.keyClick(panel.search, Qt.Key.Key_Return)  # Enter: at once, no pause
    assert _shown(panel) == ["K003"] and not panel._search_timer.isActive()


def test_a_space_after_the_last_word_leaves_the_list_as_it_is(qtbot):
    panel = _panel(qtbot)
    panel.search.setText("木村")
    QTest.keyClick(panel.search, Qt.Key.Key_Return)
    resets: list[int] = []
    panel.model.modelReset.connect(lambda: resets.append(1))
    QTest.keyClick(panel.search, Qt.Key.Key_Space)
    QTest.keyClick(panel.search, Qt.Key.Key_Return)
    assert resets == [] and _shown(panel) == ["K001", "K004"]
    panel.search.insert("川口")  # as the input method commits it
    QTest.keyClick(panel.search, Qt.Key.Key_Return)
    assert resets == [1] and _shown(panel) == ["K004"]


def test_a_longer_text_is_searched_among_what_the_shorter_one_found(qtbot):
    plan = synthetic_plan(3_000, territories=3, seed=2)
    # territories the name does not name (相模原エリア would add its customers: searched apart)
    plan = plan.replace(territories=tuple(t.replace(name=f"第{i}班", rep="")
                                          for i, t in enumerate(plan.territories, 1)))
    panel = _panel(qtbot, plan)
    customers = panel.model._doc.plan.customers
    name = str(customers[m.NAME].iloc[1_234])
    found = []
    for end in range(1, len(name) + 1):
        panel.search.setText(name[:end])
        QTest.keyClick(panel.search, Qt.Key.Key_Return)
        search = panel.model._texts.get(customers)
        found.append((search.read, panel.model.rowCount()))
    assert found[0][0] == 3_000  # the first letter reads every customer
    for (read, _), (_, before) in zip(found[1:], found[:-1], strict=True):
        assert read == before  # each longer text only what the one before found
    assert str(customers[m.CUSTOMER_ID].iloc[1_234]) in panel.model.shown_ids()
    assert found[-1][1] < 3_000


def _threads_making_texts(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    """The names of the threads the search texts are made in, from now on."""
    made_in: list[str] = []
    make = customer_search._texts

    def texts(columns):  # type: ignore[no-untyped-def]
        made_in.append(threading.current_thread().name)
        return make(columns)

    monkeypatch.setattr(customer_search, "_texts", texts)
    return made_in


def test_the_focus_makes_the_search_texts_in_a_thread_the_first_key_finds_them(qtbot, monkeypatch):
    panel = _panel(qtbot)
    made_in = _threads_making_texts(monkeypatch)
    QApplication.sendEvent(panel.search, QFocusEvent(QEvent.Type.FocusIn))
    _type(qtbot, panel, "若葉", ["K003"])
    assert made_in == ["search texts"]  # not on the window's thread, and only once
    _type(qtbot, panel, "ドラッグ", ["K001"])
    assert made_in == ["search texts"]


def test_a_plan_left_still_has_its_search_texts_made_in_a_thread(qtbot, monkeypatch):
    """After opening a file or renaming a customer the texts are made in a thread as soon as
    the plan stays still for a moment, without the search box getting the focus."""
    from planner.edits import EditCustomer

    made_in = _threads_making_texts(monkeypatch)
    panel = _panel(qtbot)
    qtbot.waitUntil(lambda: made_in == ["search texts"])
    _type(qtbot, panel, "若葉", ["K003"])
    assert made_in == ["search texts"]
    _type(qtbot, panel, "", [r[0] for r in ROWS])
    doc = panel.model._doc
    doc.push(EditCustomer.of("K003", name="若松印刷"))  # renamed while nothing is searched
    qtbot.waitUntil(lambda: made_in == ["search texts"] * 2)
    _type(qtbot, panel, "若松", ["K003"])
    assert made_in == ["search texts"] * 2


def _calls(profile: cProfile.Profile, name: str, file_part: str) -> int:
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    return sum(n for (file, _line, fn), (n, *_rest) in stats.items()
               if fn == name and file_part in file)


def test_the_list_repaints_and_searches_without_reaching_into_the_table_cell_by_cell(qtbot):
    """Each cell drawn took its column from the plan's table (50 µs each, half of every
    repaint), and each search with customers selected indexed every code again."""
    panel = _panel(qtbot, synthetic_plan(5_000, territories=4, seed=1))
    doc = panel.model._doc
    doc.set_selection(doc.plan.customers[m.CUSTOMER_ID].iloc[::7].tolist())
    panel.model.set_search("c00")
    QApplication.processEvents()
    profile = cProfile.Profile()
    profile.enable()
    for text in ("c001", "c0012", "c001", "株式"):
        panel.model.set_search(text)  # as the search box does once typing pauses
        QApplication.processEvents()  # the list drawn
    profile.disable()
    assert panel.model.rowCount() > 40 and len(panel.selected_view_rows()) > 0
    cells = _calls(profile, "data", "customer_model")
    assert cells > 1_000  # the cells were drawn
    # the search's own columns, a few per search: not one per cell
    assert _calls(profile, "__getitem__", "geodataframe") < 60
    assert _calls(profile, "__new__", "indexes/base") < 5


def test_a_phone_number_or_a_rep_finds_customers_and_the_count_line_says_whose(qtbot):
    from planner.edits import AssignCustomers
    from planner.i18n import set_language

    rows = [("P1", "鈴木商店", "03-1234-5678", "T2"), ("P2", "佐藤工業", "０３（１２３４）５６７８", "T2"),
            ("P3", "田中薬局", "045-222-3333", "T1"), ("P4", "東京物産", "", "T1"),
            ("P5", "丸一", "", "")]
    plan = m.new_plan(m.make_customers(pd.DataFrame(
        [{m.CUSTOMER_ID: c, m.NAME: n, m.PHONE: p, m.TERRITORY: t} for c, n, p, t in rows])),
        territories=[m.Territory(id="T1", name="東京エリア", rep="鈴木 一郎"),
                     m.Territory(id="T2", name="新横浜エリア", rep="伊藤 由美")])
    set_language("ja")
    try:
        panel = _panel(qtbot, plan)
        assert panel.count_label.text() == "顧客 5件"
        for typed in ("03-1234-5678", "0312345678", "０３（１２３４）５６７８"):
            _type(qtbot, panel, typed, ["P1", "P2"])
        assert panel.count_label.text() == "2件を表示（全5件）"
        _type(qtbot, panel, "鈴木", ["P1", "P3", "P4"])  # 鈴木's customers and 鈴木商店
        assert panel.count_label.text() == (
            "担当 鈴木 一郎の顧客 2件、ほかに名前・住所・電話番号などで見つかった顧客 1件")
        _type(qtbot, panel, "新横浜エリア", ["P1", "P2"])
        assert panel.count_label.text() == "新横浜エリアの顧客 2件"
        # 丸一 moves into 新横浜エリア while the list shows its customers: the list follows
        panel.document.push(AssignCustomers.to(("P5",), "T2"))
        qtbot.waitUntil(lambda: _shown(panel) == ["P1", "P2", "P5"])
        assert panel.count_label.text() == "新横浜エリアの顧客 3件"
        assert "電話番号" in panel.search.toolTip() and "担当者" in panel.search.placeholderText()
    finally:
        set_language("en")
