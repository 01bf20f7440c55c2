"""Edit customer… in the Customers list: a double click on a customer's name opens the Add
customer window filled with its details; OK is one undo step the list shows at once."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from planner import model as m
from planner.frequency import OVERRIDES_KEY, apply_frequency_rules
from planner.ui.customer_model import COLUMNS
from planner.ui.document import PlanDocument


def _plan() -> m.Plan:
    rows = [
        ("C1", "河合酒店", "カワイサケテン", "A", 35.690, 139.700),
        ("C2", "山田商店", "ヤマダショウテン", "B", 35.695, 139.705),
        ("C3", "青木薬局", "", "C", 35.700, 139.710),
    ]
    customers = m.make_customers(pd.DataFrame(
        [{m.CUSTOMER_ID: c, m.NAME: n, m.NAME_KANA: k, m.RANK: r, m.LAT: lat, m.LON: lon,
          m.ADDRESS: "東京都新宿区西新宿2-8-1", m.PHONE: "03-0000-0000", m.SALES: 1_200_000,
          m.SERVICE_MINUTES: 30} for c, n, k, r, lat, lon in rows]))
    return apply_frequency_rules(m.new_plan(customers), by_rank={"A": 4, "B": 2, "C": 1})


def _column(key: str) -> int:
    return next(i for i, c in enumerate(COLUMNS) if c.key == key)


def _double_click(qtbot, panel, row: int, key: str) -> None:
    """A double click as a mouse gives it: a click, then the double click and its release
    (Qt's test double click leaves the button held, which later tests would see)."""
    cell = panel.view.visualRect(panel.model.index(row, _column(key))).center()
    viewport = panel.view.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=cell)


def _names(panel) -> list[str]:
    col = _column(m.NAME)
    return [panel.model.index(r, col).data() for r in range(panel.model.rowCount())]


@pytest.fixture
def panel(qtbot, isolated):
    from planner.ui.customer_panel import CustomerPanel

    panel = CustomerPanel(PlanDocument(_plan()))
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_double_clicking_a_name_edits_the_customer_and_undo_gives_the_old_name(qtbot, panel):
    doc = panel.document
    seen: list[QDialog] = []

    def fill(dialog) -> bool:
        seen.append(dialog)
        assert dialog.windowTitle() == "Edit customer"
        assert dialog.code.text() == "C2" and dialog.code.isReadOnly()
        assert (dialog.name.text(), dialog.name_kana.text(), dialog.rank.currentText(),
                dialog.phone.text(), dialog.sales.text(), dialog.minutes.value()) == (
            "山田商店", "ヤマダショウテン", "B", "03-0000-0000", "1,200,000", 30)
        assert dialog.ok_button.text() == "Save changes"
        assert not dialog.locate.isEnabled()  # its own address needs no search
        dialog.name.setText("山田ベーカリー")
        dialog.name_kana.setText("ﾔﾏﾀﾞﾍﾞｰｶﾘｰ")  # half-width, as an old input method types it
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    panel.run_dialog = fill
    row = _names(panel).index("山田商店")
    _double_click(qtbot, panel, row, m.NAME)
    assert len(seen) == 1
    qtbot.waitUntil(lambda: "山田ベーカリー" in _names(panel))
    assert "山田商店" not in _names(panel)
    c = doc.plan.customers.set_index(m.CUSTOMER_ID)
    assert c.loc["C2", m.NAME_KANA] == "ヤマダベーカリー" and c.loc["C2", m.FREQUENCY] == 2.0
    assert doc.undo_stack.count() == 1
    assert doc.undo_stack.undoText() == "Edit customer 山田ベーカリー"
    panel.search.setText("やまだべーかりー")  # found by its new reading
    qtbot.waitUntil(lambda: panel.model.shown_ids() == ["C2"])
    panel.search.setText("")
    qtbot.waitUntil(lambda: panel.model.rowCount() == 3)
    doc.undo_stack.undo()
    qtbot.waitUntil(lambda: "山田商店" in _names(panel))
    assert "山田ベーカリー" not in _names(panel)
    assert doc.plan.customers.equals(_plan().customers)

    # a territory cell still edits in place: no window
    _double_click(qtbot, panel, row, m.TERRITORY)
    assert len(seen) == 1


def test_the_menu_offers_it_for_one_customer_and_a_refusal_keeps_the_window_open(qtbot, panel):
    doc = panel.document
    doc.set_selection(["C1"])
    texts = [a.text() for a in panel.selection_menu(panel).actions()]
    assert "Edit customer…" in texts
    doc.set_selection(["C1", "C2"])
    assert "Edit customer…" not in [a.text() for a in panel.selection_menu(panel).actions()]

    refusals: list[str] = []

    def fill(dialog) -> bool:
        dialog.show_refusal = refusals.append
        dialog.sales.setText("たくさん")
        dialog.accept()
        assert dialog.result() != QDialog.DialogCode.Accepted  # still open, nothing lost
        assert dialog.sales.text() == "たくさん"
        dialog.sales.setText("150万")
        dialog.rank.setCurrentText("a")  # its 隔週 is B's rule: it takes A's, as Set rank does
        assert not dialog.rank_note.isHidden()
        assert dialog.rank_note.text() == (
            "By the frequency rules, the visit frequency becomes weekly.")
        dialog.accept()
        return dialog.result() == QDialog.DialogCode.Accepted

    panel.run_dialog = fill
    assert panel.edit_customer("C2")
    assert refusals == ["たくさん is not an amount of sales."]
    c = doc.plan.customers.set_index(m.CUSTOMER_ID)
    assert (c.loc["C2", m.SALES], c.loc["C2", m.RANK], c.loc["C2", m.FREQUENCY]) == (
        1_500_000.0, "A", 4.0)
    assert doc.undo_stack.undoText() == "Edit customer 山田商店"
    doc.undo_stack.undo()  # the rank and the frequency it brought go back together
    assert doc.plan.customers.equals(_plan().customers)
    doc.undo_stack.redo()

    # nothing changed: no undo step
    panel.run_dialog = lambda dialog: True
    panel.edit_customer("C1")
    assert doc.undo_stack.count() == 1


def test_a_new_address_not_looked_up_keeps_the_position_and_says_so(qtbot, panel):
    doc = panel.document
    before = doc.plan.customers.set_index(m.CUSTOMER_ID).loc["C3"]

    def fill(dialog) -> bool:
        dialog.address.setText("東京都中野区中野4-1-1")
        assert dialog.locate.isEnabled() and dialog.locate.isChecked()  # offered
        dialog.locate.setChecked(False)
        assert dialog.lookup() == ""
        return True

    panel.run_dialog = fill
    said: list[str] = []
    panel.message.connect(said.append)
    with qtbot.waitSignal(panel.showOnMapRequested) as pin:  # the pin, to drag
        panel.edit_customer("C3")
    assert pin.args == ["C3"]
    assert said == ["Edited customer 青木薬局. The map position was kept: drag the customer's pin "
                    "to move it."]
    c = doc.plan.customers.set_index(m.CUSTOMER_ID).loc["C3"]
    assert c[m.ADDRESS] == "東京都中野区中野4-1-1"
    assert (c[m.LAT], c[m.LON]) == (before[m.LAT], before[m.LON])
    assert doc.selection == frozenset({"C3"})


def test_a_new_address_is_looked_up_and_its_position_goes_in_with_it(
        qtbot, panel, tmp_path, monkeypatch):
    from tests.core.fake_geocoder import FakeGeocoder, position

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PLANNER_GEOCODE_MIN_DELAY", "0")
    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    doc = panel.document
    with FakeGeocoder() as server:
        plan = doc.plan
        settings = dataclasses.replace(plan.settings, geocoder="gsi", gsi_url=server.gsi_url)
        doc.reset(plan.replace(settings=settings))
        start = doc.plan

        def fill(dialog) -> bool:
            dialog.address.setText("東京都中野区中野4-1-1")
            assert dialog.lookup() == "gsi"
            return True

        panel.run_dialog = fill
        with qtbot.waitSignal(panel.showOnMapRequested, timeout=30_000) as pin:
            assert panel.edit_customer("C1")
        assert pin.args == ["C1"] and server.requests == 1
    c = doc.plan.customers.set_index(m.CUSTOMER_ID).loc["C1"]
    lat, lon = position("東京都中野区中野4-1-1")
    assert np.isclose(c[m.LAT], lat, atol=1e-3) and np.isclose(c[m.LON], lon, atol=1e-3)
    assert c[m.ADDRESS] == "東京都中野区中野4-1-1" and c[m.GEOCODE] == "manual"
    assert doc.undo_stack.count() == 1  # address and position: one step
    doc.undo_stack.undo()
    assert doc.plan.customers.equals(start.customers)


def test_the_edit_menu_edits_the_one_selected_customer(qtbot, isolated):
    from planner.ui import file_actions
    from planner.ui.main_window import MainWindow

    window = MainWindow(_plan(), "")
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    ui = window.actions_ui
    action = ui.actions["edit_customer"]
    assert action in ui.menus["edit"].actions() and action.text() == "&Edit customer…"
    assert not action.isEnabled()
    ui.doc.set_selection(["C1", "C3"])
    assert not action.isEnabled()
    opened: list[str] = []
    ui.customer_panel.run_dialog = lambda dialog: opened.append(dialog.code.text()) or False
    ui.doc.set_selection(["C3"])
    assert action.isEnabled()
    action.trigger()
    assert opened == ["C3"] and ui.doc.undo_stack.count() == 0  # cancelled: nothing changes


def test_the_rank_note_gets_the_room_it_needs_in_the_shown_window(qtbot, isolated):
    """The note a new rank brings (three lines in Japanese) pushes the rows below it down
    and the window grows: it was squeezed into one line's height, its last words cut off
    and the visit minutes drawn over it."""
    from planner.i18n import set_language
    from planner.ui.add_customer_dialog import AddCustomerDialog

    set_language("ja")
    plan = _plan()
    dialog = AddCustomerDialog(plan.replace(meta={**plan.meta, OVERRIDES_KEY: ["C2"]}),
                               customer_id="C2")  # set by hand: the frequency stays
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    first = dialog.height()
    dialog.rank.setCurrentText("A")
    note = dialog.rank_note
    assert note.isVisible() and note.text().startswith("訪問頻度は隔週のままです")
    qtbot.waitUntil(lambda: note.height() >= note.heightForWidth(note.width()))
    below = dialog.minutes.mapTo(dialog, dialog.minutes.rect().topLeft()).y()
    assert note.mapTo(dialog, note.rect().bottomLeft()).y() < below
    assert dialog.sales.mapTo(dialog, dialog.sales.rect().bottomLeft()).y() < dialog.height()
    dialog.rank.setCurrentText("B")  # back: the note goes and leaves no gap
    qtbot.waitUntil(lambda: not note.isVisible())
    assert dialog.height() == first


def test_the_rank_note_says_whether_the_frequency_follows_or_stays_as_save_does_it(
        qtbot, isolated):
    """Set rank and Edit customer… treat a frequency alike: one that follows the rules takes
    the new rank's, one set by hand, the list's own or without a rule for the rank stays; the
    note says which before Save, and Save does it."""
    from planner.edits import apply_edit
    from planner.ui.add_customer_dialog import AddCustomerDialog

    plan = _plan()
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID] == "C3", m.FREQUENCY] = 2.0  # C's rule is 4-weekly: its own
    plan = plan.replace(customers=c, meta={**plan.meta, OVERRIDES_KEY: ["C1"]})
    expect = {  # customer, new rank: the note, the frequency after Save
        ("C2", "C"): ("By the frequency rules, the visit frequency becomes every 4 weeks.", 1.0),
        ("C1", "B"): ("The visit frequency stays weekly (rank B's rule: every 2 weeks)", 4.0),
        ("C3", "A"): ("The visit frequency stays every 2 weeks (rank A's rule: weekly)", 2.0),
        ("C2", "S"): ("Rank S has no frequency rule: the visit frequency stays.", 2.0),
    }
    for (cid, rank), (note, freq) in expect.items():
        dialog = AddCustomerDialog(plan, customer_id=cid)
        qtbot.addWidget(dialog)
        dialog.rank.setCurrentText(rank)
        assert not dialog.rank_note.isHidden() and dialog.rank_note.text().startswith(note)
        saved = apply_edit(plan, dialog.edit())[0].customers.set_index(m.CUSTOMER_ID)
        assert (saved.loc[cid, m.RANK], saved.loc[cid, m.FREQUENCY]) == (rank, freq)
    dialog.rank.setCurrentText("b")  # C2's own rank again: nothing to say
    assert dialog.rank_note.isHidden()


def test_a_renamed_customer_stays_in_view_in_a_list_sorted_by_name(qtbot, isolated):
    """Sorted by name, 青木 renamed 渡辺 moves to the end of the list: the list scrolls
    there, so the manager sees the customer just edited (it went out of sight)."""
    from planner.ui.customer_panel import CustomerPanel

    names = [f"青木商店{i:02d}" for i in range(60)]
    customers = m.make_customers(pd.DataFrame(
        [{m.CUSTOMER_ID: f"C{i:02d}", m.NAME: n, m.NAME_KANA: f"アオキショウテン{i:02d}",
          m.RANK: "B", m.LAT: 35.69 + i / 1000,
          m.LON: 139.70} for i, n in enumerate(names)]))
    panel = CustomerPanel(PlanDocument(m.new_plan(customers)))
    qtbot.addWidget(panel)
    panel.resize(900, 300)
    panel.show()
    qtbot.waitExposed(panel)
    panel.view.sortByColumn(_column(m.NAME), Qt.SortOrder.AscendingOrder)
    assert _names(panel)[0] == "青木商店00"

    def fill(dialog) -> bool:
        dialog.name.setText("渡辺商店")
        dialog.name_kana.setText("ワタナベショウテン")
        return True

    panel.run_dialog = fill
    panel.document.set_selection(["C00"])
    assert panel.edit_customer("C00")
    row = int(panel.model.view_rows_of({"C00"})[0])
    assert row == 59 and _names(panel)[row] == "渡辺商店"
    cell = panel.view.visualRect(panel.model.index(row, _column(m.NAME)))
    assert panel.view.viewport().rect().contains(cell)
    assert panel.model.customer_ids(panel.selected_view_rows()) == ["C00"]


def test_a_new_address_typed_offline_says_the_search_cannot_be_reached(
        qtbot, panel, tmp_path, monkeypatch):
    """No network: the status bar says the address search cannot be reached and the
    position was kept, in two plain sentences (it said the address was not found, and the
    manager went checking an address that was right)."""
    _offline(monkeypatch, tmp_path, panel)
    doc = panel.document
    before = doc.plan.customers.set_index(m.CUSTOMER_ID).loc["C1"]

    def fill(dialog) -> bool:
        dialog.address.setText("東京都中野区中野4-1-1")
        return True

    panel.run_dialog = fill
    said: list[str] = []
    panel.message.connect(said.append)
    with qtbot.waitSignal(panel.showOnMapRequested, timeout=30_000):
        assert panel.edit_customer("C1")
    assert said == ["Edited customer 河合酒店. The address search cannot be reached (offline?). "
                    "The map position was kept: drag the customer's pin to move it."]
    c = doc.plan.customers.set_index(m.CUSTOMER_ID).loc["C1"]
    assert c[m.ADDRESS] == "東京都中野区中野4-1-1"
    assert (c[m.LAT], c[m.LON]) == (before[m.LAT], before[m.LON])


def test_a_new_rank_says_what_set_rank_says_of_the_frequency_and_the_reps_weeks(qtbot):
    """Edit customer… giving a new rank said only 「顧客 …を編集しました。」, where Set rank says
    the frequency the rules gave and what it does to the reps' hours: now both say it."""
    from planner import i18n
    from planner.synthetic import synthetic_plan
    from planner.ui.customer_panel import CustomerPanel

    plan = synthetic_plan(40, territories=2)
    c = plan.customers
    cid = str(c.loc[(c[m.RANK] == "A") & (c[m.FREQUENCY] == 4.0), m.CUSTOMER_ID].iloc[0])
    said: dict[str, list[str]] = {"edit": [], "set": []}
    panels = {}
    for way in said:
        panels[way] = CustomerPanel(PlanDocument(plan))
        qtbot.addWidget(panels[way])
        panels[way].message.connect(said[way].append)

    def rank_b(dialog) -> bool:
        dialog.rank.setCurrentText("B")
        return True

    i18n.set_language("ja")
    try:
        panels["edit"].run_dialog = rank_b
        assert panels["edit"].edit_customer(cid)
        panels["set"].document.set_selection([cid])
        panels["set"].set_selection_rank("B")
    finally:
        i18n.set_language(None)
    assert panels["edit"].document.plan.customers.equals(panels["set"].document.plan.customers)
    name = str(c.loc[c[m.CUSTOMER_ID] == cid, m.NAME].iloc[0])
    (set_rank,) = said["set"]
    assert set_rank.startswith("ランクをBに変更しました（1件）。訪問頻度は規則により隔週になります。")
    assert "担当者の週の業務時間" in set_rank  # what it does to the reps' weeks
    assert said["edit"] == [f"顧客 {name}を編集しました。" + set_rank]


def _edit_note(qtbot, panel, fill, *, wait: bool) -> str:
    """Edit customer C2 in Japanese with ``fill``; the one sentence the status bar got."""
    from planner import i18n

    panel.run_dialog = fill
    said: list[str] = []
    panel.message.connect(said.append)
    i18n.set_language("ja")
    try:
        if wait:  # looked up: the note comes with the pin
            with qtbot.waitSignal(panel.showOnMapRequested, timeout=30_000):
                assert panel.edit_customer("C2")
            qtbot.waitUntil(lambda: bool(said))
        else:
            assert panel.edit_customer("C2")
    finally:
        i18n.set_language(None)
    assert len(said) == 1
    return said[0]


def _offline(monkeypatch, tmp_path, panel) -> None:
    """The address search at a port nobody listens on."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PLANNER_GEOCODE_MIN_DELAY", "0")
    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    doc = panel.document
    settings = dataclasses.replace(doc.plan.settings, geocoder="gsi",
                                   gsi_url=f"http://127.0.0.1:{port}/search")
    doc.reset(doc.plan.replace(settings=settings))


RANK_B_TO_A = "ランクをAに変更しました（1件）。訪問頻度は規則により毎週になります。"
KEPT = "地図上の位置はそのままです。移すときは顧客のピンをドラッグしてください。"


def test_a_new_address_kept_and_a_new_rank_say_both(qtbot, panel):
    """A new address not looked up and a new rank: the note said only that the position was
    kept, and the manager never learnt that 山田商店 is now visited weekly."""

    def fill(dialog) -> bool:
        dialog.address.setText("東京都中野区中野4-1-1")
        dialog.locate.setChecked(False)
        dialog.rank.setCurrentText("A")
        return True

    note = _edit_note(qtbot, panel, fill, wait=False)
    assert note == "顧客 山田商店を編集しました。" + KEPT + RANK_B_TO_A
    c = panel.document.plan.customers.set_index(m.CUSTOMER_ID).loc["C2"]
    assert (c[m.RANK], c[m.FREQUENCY], c[m.ADDRESS]) == ("A", 4.0, "東京都中野区中野4-1-1")


def test_a_new_address_offline_and_a_new_rank_say_both(qtbot, panel, tmp_path, monkeypatch):
    """Looked up with no network: why, the position kept, and the rank's doing."""
    _offline(monkeypatch, tmp_path, panel)

    def fill(dialog) -> bool:
        dialog.address.setText("東京都中野区中野4-1-1")
        dialog.rank.setCurrentText("A")
        return True

    note = _edit_note(qtbot, panel, fill, wait=True)
    assert note == ("顧客 山田商店を編集しました。住所検索に接続できません（オフライン？）。" + KEPT
                    + RANK_B_TO_A)


def test_each_other_edit_of_address_and_rank_reads_right_in_japanese(
        qtbot, panel, tmp_path, monkeypatch):
    """Rank only, address only (kept), address found and rank: one sentence each, in order."""
    from tests.core.fake_geocoder import FakeGeocoder

    def rank_a(dialog) -> bool:
        dialog.rank.setCurrentText("A")
        return True

    assert _edit_note(qtbot, panel, rank_a, wait=False) == "顧客 山田商店を編集しました。" + RANK_B_TO_A
    panel.document.undo_stack.undo()

    def address(dialog) -> bool:
        dialog.address.setText("東京都中野区中野4-1-1")
        dialog.locate.setChecked(False)
        return True

    assert _edit_note(qtbot, panel, address, wait=False) == "顧客 山田商店を編集しました。" + KEPT
    panel.document.undo_stack.undo()

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PLANNER_GEOCODE_MIN_DELAY", "0")
    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    with FakeGeocoder() as server:
        doc = panel.document
        doc.reset(doc.plan.replace(settings=dataclasses.replace(
            doc.plan.settings, geocoder="gsi", gsi_url=server.gsi_url)))

        def found(dialog) -> bool:
            dialog.address.setText("東京都新宿区西新宿2-8-2")  # near: in no other area
            dialog.rank.setCurrentText("A")
            return True

        note = _edit_note(qtbot, panel, found, wait=True)
    assert note == "顧客 山田商店を編集しました。" + RANK_B_TO_A
