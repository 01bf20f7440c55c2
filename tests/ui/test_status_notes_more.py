"""Lock / Unlock, a rep's home base and the design dialog's Apply say what they did in the
status bar, as the other edits do, until the next step of the undo history:
「12件の顧客を東京エリアに固定しました。」, 「東京エリアの拠点を設定しました。」,
「再配分しました: 担当が変わる顧客 34件（全200件の17%）、最大偏差 3.9%。」."""

from __future__ import annotations

import json

import numpy as np
import pytest

from planner import model as m
from planner.edits import SetFrequency
from planner.i18n import set_language
from planner.maps.actions import HOME_PIN
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")



def open_window(qtbot, plan: m.Plan) -> MainWindow:
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return window


def other_edit(window: MainWindow) -> None:
    """An edit that says nothing itself (a frequency typed in the list)."""
    cid = str(window.document.plan.customers[m.CUSTOMER_ID].iloc[-1])
    window.document.push(SetFrequency((cid,), (0.5,)))


def test_lock_and_unlock_say_how_many_customers(qtbot, japanese):
    plan = synthetic_plan(40, territories=2, seed=8)
    c = plan.customers.copy()
    c[m.LOCKED] = False
    c.loc[c.index[:2], m.TERRITORY] = ""  # no territory: not locked, and said why
    window = open_window(qtbot, plan.replace(customers=c))
    bar, doc, actions = window.statusBar(), window.document, window.actions_ui.actions
    ids = list(c[m.CUSTOMER_ID][:14])
    doc.set_selection(ids)
    actions["lock"].trigger()  # Territory → Lock selection
    assert int(doc.plan.customers[m.LOCKED].sum()) == 12
    assert bar.currentMessage() == (
        # the territories they are locked to, most first
        "12件の顧客をテリトリーに固定しました: 渋谷エリアに7件、所沢エリアに5件。"
        "選択した顧客のうち2件はテリトリーがないため固定"
        "しませんでした（固定は顧客をそのテリトリーにとどめる設定です）。")
    other_edit(window)
    assert bar.currentMessage() == ""
    doc.set_selection(ids[2:5])
    actions["unlock"].trigger()
    assert bar.currentMessage() == "3件の顧客の固定を解除しました。"
    actions["undo"].trigger()
    assert not bar.currentMessage().endswith("固定を解除しました。")  # untrue after the undo
    bar.clearMessage()
    doc.set_selection(ids[5:8])  # locked already: nothing changed, nothing said
    actions["lock"].trigger()
    assert bar.currentMessage() == ""
    set_language("en")
    doc.set_selection(ids[2:3])
    actions["unlock"].trigger()
    assert bar.currentMessage() == "Unlocked 1 customer."


def test_a_home_base_placed_on_the_map_or_cleared_says_whose(qtbot, japanese):
    plan = synthetic_plan(30, territories=2, seed=9)
    plan = plan.replace(territories=tuple(t.replace(home_lat=None, home_lon=None)
                                          for t in plan.territories))
    window = open_window(qtbot, plan)
    bar, doc = window.statusBar(), window.document
    panel = window.actions_ui.territory_panel
    tid = panel.model.territory_id(0)
    name = doc.plan.territory(tid).name
    # the pin dragged on the map, as the page reports it
    window.map_view.bridge.send(json.dumps(
        {"type": "move", "id": HOME_PIN + tid, "lat": 35.7, "lon": 139.7}))
    t = doc.plan.territory(tid)
    assert (t.home_lat, t.home_lon) == (35.7, 139.7)
    assert bar.currentMessage() == f"{name}の拠点を設定しました。"
    other_edit(window)
    assert bar.currentMessage() == ""
    (home,) = [a.menu() for a in panel.territory_menu(0).actions() if a.menu()]
    next(a for a in home.actions() if a.text() == "解除").trigger()
    assert not doc.plan.territory(tid).has_home
    assert bar.currentMessage() == f"{name}の拠点を解除しました。"
    panel.set_home(tid, (35.68, 139.76))  # found from an address
    assert bar.currentMessage() == f"{name}の拠点を設定しました。"
    bar.clearMessage()
    panel.set_home(tid, (35.68, 139.76))  # the same place: nothing changed, nothing said
    assert bar.currentMessage() == ""


def test_the_rebalances_apply_says_how_many_moved_and_the_deviation(qtbot, monkeypatch,
                                                                     japanese):
    from planner.ui.design_dialog import DesignDialog

    plan = synthetic_plan(200, territories=3, seed=5)
    window = open_window(qtbot, plan)
    bar, doc = window.statusBar(), window.document
    seen: list[DesignDialog] = []

    def run_and_apply(dialog: DesignDialog) -> int:
        seen.append(dialog)
        with qtbot.waitSignal(dialog.designed, timeout=60_000):
            dialog.run()
        dialog.apply()
        return 1

    monkeypatch.setattr(DesignDialog, "exec", run_and_apply)
    before = doc.plan
    window.actions_ui.actions["rebalance"].trigger()  # Territory → Rebalance keeping …
    old = before.customers[m.TERRITORY].to_numpy(dtype=object)
    new = doc.plan.customers[m.TERRITORY].to_numpy(dtype=object)
    moved = int((old != new).sum())
    assert moved > 0
    deviation = seen[0].result.max_deviation
    # every customer had a rep: the customers moved are those who change rep, said once (the
    # note said 「移動 115件…変わる顧客: 115件」, the same figure twice)
    assert bar.currentMessage() == (
        f"再配分しました: 担当が変わる顧客 {moved:,}件（全200件の{moved / 200:.0%}）、"
        f"最大偏差 {deviation:.1%}。")
    other_edit(window)
    assert bar.currentMessage() == ""
    # Close without Apply: nothing done, nothing said
    monkeypatch.setattr(DesignDialog, "exec", lambda dialog: 0)
    window.actions_ui.actions["rebalance"].trigger()
    assert bar.currentMessage() == ""
    assert np.array_equal(doc.plan.customers[m.TERRITORY].to_numpy(dtype=object), new)


def _click_locked_box(qtbot, window: MainWindow, row: int) -> None:
    """A real mouse click on the Locked checkbox of the Customers list's ``row``."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from planner.ui.customer_model import COLUMNS

    panel = window.actions_ui.customer_panel
    panel.show()
    view = panel.view
    index = panel.model.index(row, next(i for i, c in enumerate(COLUMNS) if c.key == m.LOCKED))
    view.scrollTo(index)
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(index)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, view)
    assert box.isValid() and option.rect.contains(box.center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def test_ticking_a_customers_locked_box_says_so_as_the_menu_does(qtbot, japanese, tmp_path):
    plan = synthetic_plan(30, territories=2, seed=8)
    c = plan.customers.copy()
    c[m.LOCKED] = False
    window = open_window(qtbot, plan.replace(customers=c))
    window.resize(1000, 700)
    qtbot.waitExposed(window)
    bar, doc = window.statusBar(), window.document
    model = window.actions_ui.customer_panel.model
    cid = model.customer_id(0)
    locked = lambda: bool(doc.plan.customers.set_index(m.CUSTOMER_ID).at[cid, m.LOCKED])  # noqa: E731
    _click_locked_box(qtbot, window, 0)
    assert locked()
    assert bar.currentMessage() == "1件の顧客を渋谷エリアに固定しました。"  # the territory named
    window.grab().save(str(tmp_path / "locked-box.png"))
    other_edit(window)  # the next step: no longer said
    assert bar.currentMessage() == ""
    _click_locked_box(qtbot, window, model.view_rows_of({cid})[0])
    assert not locked()
    assert bar.currentMessage() == "1件の顧客の固定を解除しました。"
