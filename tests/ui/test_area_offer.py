"""A customer given a new position inside another territory's area: the window's status bar
offers to move it there (one undo step, never by itself), says a locked one stays, and after
a monthly update counts them with a button selecting them.

The map test is the real window with the real page in QtWebEngine, under the request
interceptor of ``test_map_view``; it checks the page logged no JS error.
"""

from __future__ import annotations

import pytest
from test_main_window_map import ready_window
from test_map_view import blocking_requests, js

from planner import model as m
from planner.edits import LockCustomers
from planner.ui import customer_entry, file_actions
from planner.ui.main_window import MainWindow
from tests.core.test_territory_areas import NERIMA, SHIBUYA, two_areas_plan

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(scope="module", autouse=True)
def interceptor(qapp):
    yield from blocking_requests()


def open_window(qtbot, plan: m.Plan) -> MainWindow:
    window = MainWindow(plan, "")
    qtbot.addWidget(window)
    window.resize(1400, 860)
    window.show()
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD  # never block
    return window


def territory(window: MainWindow, cid: str) -> str:
    return str(window.document.plan.customers.set_index(m.CUSTOMER_ID).loc[cid, m.TERRITORY])


def pin_in_nerima(qtbot, window: MainWindow, cid: str) -> None:
    """Place ``cid`` by hand: its pin dragged into 練馬 and 確定 clicked (the plan changes)."""
    view = window.map_view
    view.place_customer(cid)
    qtbot.waitUntil(lambda: js(qtbot, view, "!!TP.place.pin"), timeout=10_000)
    view.run_js(f"TP.place.pin.setLatLng([{NERIMA[0]}, {NERIMA[1]}]); "
                "TP.place.pin.fire('dragend')")
    with qtbot.waitSignal(window.document.planChanged, timeout=10_000):
        view.run_js("TP.place.bar.querySelector('.tp-place-ok').click()")


def test_a_pin_confirmed_inside_another_territory_offers_to_move_the_customer(qtbot):
    window = ready_window(qtbot, two_areas_plan())
    view, doc, bar, offer = window.map_view, window.document, window.statusBar(), \
        window.area_offer
    steps = doc.undo_stack.count()
    pin_in_nerima(qtbot, window, "C00")  # a 東京エリア shop, placed by hand in 練馬
    assert territory(window, "C00") == "T1"  # kept until the manager says
    assert bar.currentMessage() == ("This customer's new position lies in “練馬エリア” "
                                    "(田中 健太). Move it to that territory?")
    assert offer.isVisible() and offer.move_button.text() == "Move to 練馬エリア"
    assert not offer.select_button.isVisible()
    offer.move_button.click()
    assert territory(window, "C00") == "T2" and doc.undo_stack.count() == steps + 2
    assert not offer.isVisible() and bar.currentMessage() == "Moved 1 customer from 東京エリア into 練馬エリア."
    window.actions_ui.actions["undo"].trigger()  # the assignment alone
    assert territory(window, "C00") == "T1"
    assert view.page.errors == []


def test_the_offer_leaves_when_no_longer_true_or_declined(qtbot):
    window = ready_window(qtbot, two_areas_plan())
    view, doc, bar, offer = window.map_view, window.document, window.statusBar(), \
        window.area_offer
    for way in ("undo", "keep", "message"):
        pin_in_nerima(qtbot, window, "C01")
        assert offer.isVisible(), way
        if way == "undo":  # the move undone: back in its own area
            window.actions_ui.actions["undo"].trigger()
        elif way == "keep":
            offer.keep_button.click()
            assert bar.currentMessage() == ""
            window.actions_ui.actions["undo"].trigger()
        else:  # a later message (a save) takes the sentence's place, and its buttons
            bar.showMessage("Saved.", 1000)
            window.actions_ui.actions["undo"].trigger()
        assert not offer.isVisible() and territory(window, "C01") == "T1", way
    # a step that leaves it true (a pin confirmed again where it stands) keeps the offer
    pin_in_nerima(qtbot, window, "C01")
    doc.push(LockCustomers(("C05",), (True,)))  # another customer's lock
    assert offer.isVisible() and "練馬エリア" in bar.currentMessage()
    assert view.page.errors == []


def _edited_to(qtbot, window: MainWindow, monkeypatch, cid: str, at: tuple[float, float],
               address: str = "東京都練馬区豊玉北6丁目12-1"):
    """Edit customer… with a new address that the address search places at ``at``."""
    panel = window.actions_ui.customer_panel

    def found(_panel, _address, *, settings, provider, done, failed):  # noqa: ARG001
        done(at)

    monkeypatch.setattr(customer_entry, "look_up", found)

    def fill(dialog) -> bool:
        dialog.address.setText(address)
        dialog.locate.setChecked(True)
        return True

    panel.run_dialog = fill
    assert panel.edit_customer(cid)


def test_an_address_placed_in_another_area_offers_in_japanese_and_a_locked_one_is_told(
        qtbot, monkeypatch):
    window = open_window(qtbot, two_areas_plan())
    window.actions_ui.switch_language("ja")
    bar, offer, doc = window.statusBar(), window.area_offer, window.document
    try:
        _edited_to(qtbot, window, monkeypatch, "C02", NERIMA)
        assert bar.currentMessage() == (
            "顧客 店02 を編集しました。この顧客の新しい位置は「練馬エリア」（田中 健太）の中です。"
            "担当を移しますか？")
        assert offer.move_button.text() == "練馬エリアに移す"
        assert offer.keep_button.text() == "このままにする"
        # moved back within its own area: nothing to offer, the edit's own sentence
        _edited_to(qtbot, window, monkeypatch, "C02", SHIBUYA, "東京都渋谷区道玄坂1丁目2-3")
        assert bar.currentMessage() == "顧客 店02 を編集しました。" and not offer.isVisible()
        doc.push(LockCustomers(("C03",), (True,)))
        _edited_to(qtbot, window, monkeypatch, "C03", NERIMA)
        assert bar.currentMessage() == (
            "顧客 店03 を編集しました。この顧客の新しい位置は「練馬エリア」（田中 健太）の中ですが、"
            "テリトリーに固定されているため担当は変わりません。")
        assert offer.isVisible() and not offer.move_button.isVisible()
        assert offer.keep_button.text() == "閉じる" and territory(window, "C03") == "T1"
    finally:
        window.actions_ui.switch_language("en")


def test_an_update_counts_the_shops_it_moved_into_other_areas_and_selects_them(qtbot):
    from planner.update import CustomerUpdate

    plan = two_areas_plan()
    window = open_window(qtbot, plan)
    # the list moved 2 shops: as update_customers finds them (its own test: test_update_area_moves)
    from planner.edits import MoveCustomer, apply_edit
    from planner.territory_areas import moved_into_other_areas

    after = apply_edit(apply_edit(plan, MoveCustomer("C00", *NERIMA))[0],
                       MoveCustomer("C11", *SHIBUYA))[0]
    moves = moved_into_other_areas(plan, after)
    update = CustomerUpdate(plan=after, added=(), removed=(), changed=(), unchanged=12,
                            matched_by="code", keep_missing=False, report=None,  # type: ignore[arg-type]
                            calendar_stale=False, area_moves=moves)
    window.actions_ui.files.apply_update(update, "next.xlsx")
    bar, offer = window.statusBar(), window.area_offer
    assert "2 customers moved into another territory's area and keep their own: " \
        "練馬エリア 1, 東京エリア 1." in bar.currentMessage()
    assert offer.isVisible() and offer.select_button.isVisible()
    assert not offer.move_button.isVisible()
    offer.select_button.click()
    assert window.document.selection == {"C00", "C11"}
    assert territory(window, "C00") == "T1" and territory(window, "C11") == "T2"


@pytest.mark.parametrize("width", [1920, 1366])
def test_the_offers_buttons_come_right_after_its_sentence(qtbot, width):
    """On a wide window the buttons stood at the status bar's far end, a hand's width from
    the question they answer; they now follow it, and go when it goes."""
    from planner.edits import MoveCustomer, apply_edit
    from planner.territory_areas import moved_into_other_areas

    plan = two_areas_plan()
    after = apply_edit(plan, MoveCustomer("C00", *NERIMA))[0]
    window = open_window(qtbot, after)
    window.resize(width, 800)
    bar, offer = window.statusBar(), window.area_offer
    offer.offer(moved_into_other_areas(plan, after), "Edited customer 店00.")
    label = bar.strip.label  # the bar's message, shown whole (planner/ui/note_bar.py)
    assert label.text() == bar.currentMessage() == offer.text
    button = offer.move_button
    qtbot.waitUntil(lambda: button.isVisible() and label.isVisible())
    sentence_end = (label.mapTo(bar, label.contentsRect().topLeft()).x()
                    + label.fontMetrics().horizontalAdvance(label.text()))
    qtbot.waitUntil(lambda: button.mapTo(bar, button.rect().topLeft()).x() > sentence_end)
    left = button.mapTo(bar, button.rect().topLeft()).x()  # laid out
    assert sentence_end < left <= sentence_end + 40  # after the sentence, not over it
    keep = offer.keep_button
    assert keep.mapTo(bar, keep.rect().topRight()).x() < bar.width()
    offer.keep_button.click()
    assert not offer.isVisible() and not bar.strip.isVisible()
    assert bar.currentMessage() == ""


def test_the_offers_move_taking_a_rep_over_their_hours_says_so_in_red(qtbot):
    """The offer's move said 「田中 健太は週…時間になり、稼働時間（…時間）を超えます。」 in the
    plain colour (the map's edits and Assign to say it in red)."""
    from dataclasses import replace

    from planner.edits import MoveCustomer, apply_edit
    from planner.territory_areas import moved_into_other_areas

    plan = two_areas_plan()
    plan = replace(plan, territories=(plan.territories[0],
                                      replace(plan.territories[1], capacity_hours=0.5)))
    after = apply_edit(plan, MoveCustomer("C00", *NERIMA))[0]
    window = open_window(qtbot, after)
    bar, offer = window.statusBar(), window.area_offer
    offer.offer(moved_into_other_areas(plan, after))
    assert "#b00020" not in bar.styleSheet()  # the question is no warning
    offer.move_button.click()
    assert territory(window, "C00") == "T2"
    assert bar.currentMessage().startswith(
        "Moved 1 customer from 東京エリア into 練馬エリア. 田中 健太 now works "), bar.currentMessage()
    assert bar.currentMessage().endswith("more than their hours (0.5 h).")
    assert "#b00020" in bar.styleSheet()
