"""Placing a customer by hand in the window's map: the map flies to where the shop probably is
(its 丁目's customers) at street level with a one-line hint, and the pin goes however placing
ends (confirmed, cancelled on the page or with Esc in the window, an undo, a dialog).

Real windows with the real page in QtWebEngine, under the request interceptor of
``test_map_view`` (tiles are blocked, anything else fails the module); each test checks the
page logged no JS error.
"""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from test_main_window_map import ready_window
from test_map_view import blocking_requests, js

from planner import model as m
from planner.i18n import tr
from planner.maps.pin import STREET_ZOOM
from tests.maps.test_pin_start import plan_with_nerima

pytestmark = pytest.mark.usefixtures("isolated")

#: The median of plan_with_nerima's three customers of 練馬1丁目.
CHOME = [35.7374, 139.6584]
PIN = "TP.place.pin && [TP.place.pin.getLatLng().lat, TP.place.pin.getLatLng().lng]"
#: Whether the pin or its hint is on the map.
SHOWN = "!!TP.place.pin || TP.place.bar.style.display !== 'none'"


@pytest.fixture(scope="module", autouse=True)
def interceptor(qapp):
    yield from blocking_requests()


def placing_window(qtbot):
    window = ready_window(qtbot, plan_with_nerima())
    view = window.map_view
    view.fit_all()  # the whole area, as the tester's map was
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.getZoom()") < 12, timeout=10_000)
    return window


def base_map(qtbot, view, name):
    """The base map ``name``: ``outline`` (offline), or tiles that load (the blocked servers'
    addresses pointed at an image the program serves itself, as in test_map_offline)."""
    if name != "outline":
        view.run_js("Object.keys(TP.bases).forEach(function (k) {"
                    " TP.bases[k].setUrl('tpmap://app/leaflet/images/layers.png', true); })")
    view.set_base_map(name)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.layers.baseName()") == name, timeout=10_000)
    if name != "outline":
        qtbot.waitUntil(lambda: js(qtbot, view, "TP.layers.offline()") is False, timeout=10_000)


def flown(qtbot, view, go):
    """The zoom the map flies to for ``go()`` (once the flight has ended)."""
    js(qtbot, view, "(TP.__flown = null, TP.map.once('moveend', function () {"
       " TP.__flown = TP.map.getZoom(); })) && 1")
    go()
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.__flown") is not None, timeout=10_000)
    return js(qtbot, view, "TP.__flown")


def start(qtbot, window, cid):
    view = window.map_view
    view.place_customer(cid)
    qtbot.waitUntil(lambda: js(qtbot, view, "!!TP.place.pin"), timeout=10_000)
    assert view.placing() == cid


def gone(qtbot, view):
    qtbot.waitUntil(lambda: js(qtbot, view, SHOWN) is False, timeout=10_000)
    qtbot.waitUntil(lambda: view.placing() == "", timeout=10_000)


def test_an_address_corrected_offline_is_placed_from_its_chome_at_street_level(qtbot):
    """Edit customer… with a new address not looked up: the pin starts amid the customers of
    the new 丁目, the map flies there at street level and says what to do; the undo of the
    address takes the pin away."""
    window = placing_window(qtbot)
    view, panel = window.map_view, window.actions_ui.customer_panel
    base_map(qtbot, view, "gsi_pale")  # online: its streets to place the pin by
    cid = str(window.document.plan.customers[m.CUSTOMER_ID].iloc[8])  # in 千代田区

    def fill(dialog) -> bool:
        dialog.address.setText("東京都練馬区練馬1丁目8-8")
        dialog.locate.setChecked(False)  # as when the search cannot be reached
        return True

    panel.run_dialog = fill
    window.document.set_selection([cid])
    assert panel.edit_customer(cid)
    qtbot.waitUntil(lambda: js(qtbot, view, PIN) == CHOME, timeout=10_000)
    # (the flight's last frame sets the whole zoom, its frames before pass fractions)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.getZoom()") == STREET_ZOOM, timeout=10_000)
    centre = js(qtbot, view, "TP.map.getSize().divideBy(2)")
    at = js(qtbot, view, "TP.map.latLngToContainerPoint(TP.place.pin.getLatLng())")
    assert abs(at["x"] - centre["x"]) < 2 and abs(at["y"] - centre["y"]) < 2  # amid the map
    hint = js(qtbot, view, "TP.place.bar.textContent")
    assert hint == tr("Drag the pin to the right place, then confirm (Esc cancels).") + tr(
        "Confirm") + tr("Cancel")
    assert js(qtbot, view, "TP.place.bar.getBoundingClientRect().height") > 0
    window.actions_ui.actions["undo"].trigger()  # the new address undone: placing ends
    gone(qtbot, view)
    assert view.page.errors == []


def test_placing_ends_whichever_way(qtbot):
    window = placing_window(qtbot)
    view, document = window.map_view, window.document
    ids = list(document.plan.customers[m.CUSTOMER_ID])
    steps = document.undo_stack.count()

    # dragged, then confirmed: one move, the pin gone
    start(qtbot, window, ids[3])
    view.run_js("TP.place.pin.setLatLng([35.70, 139.70]); TP.place.pin.fire('dragend')")
    assert js(qtbot, view, "!!TP.place.pin") and document.undo_stack.count() == steps
    with qtbot.waitSignal(document.planChanged, timeout=10_000):
        view.run_js("TP.place.bar.querySelector('.tp-place-ok').click()")
    row = document.plan.customers.set_index(m.CUSTOMER_ID).loc[ids[3]]
    assert (row[m.LAT], row[m.LON]) == (35.70, 139.70)
    assert document.undo_stack.count() == steps + 1
    gone(qtbot, view)

    # confirmed where it stood on a trusted position: nothing changes
    start(qtbot, window, ids[3])
    view.run_js("TP.place.confirm()")
    gone(qtbot, view)
    assert document.undo_stack.count() == steps + 1

    # cancelled on the page: its button, its Esc
    for how in ("TP.place.bar.querySelector('.tp-place-cancel').click()",
                "document.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}))"):
        start(qtbot, window, ids[4])
        view.run_js("TP.place.pin.setLatLng([35.71, 139.71])")
        view.run_js(how)
        gone(qtbot, view)
    assert document.undo_stack.count() == steps + 1

    # Esc in the window (the focus in the Customers list, not on the map)
    start(qtbot, window, ids[4])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=10_000)
    QTest.keyClick(window.actions_ui.customer_panel.view, Qt.Key.Key_Escape)
    gone(qtbot, view)

    # a dialog opened
    start(qtbot, window, ids[4])
    dialog = QDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.setFocus()
    gone(qtbot, view)
    dialog.close()

    # a step of the history while placing (the first move undone)
    start(qtbot, window, ids[4])
    document.undo_stack.undo()
    gone(qtbot, view)
    assert document.undo_stack.index() == steps
    assert view.page.errors == []


def test_offline_the_map_flies_to_the_towns_customers_not_to_a_bare_street(qtbot):
    """Offline (the outline for a background) the map flew to street level as online: the pin
    alone on a plain background, nothing around to tell where it was. It stops where the
    shop's neighbours and its territory's edges show; online it still goes to the street."""
    window = placing_window(qtbot)
    view = window.map_view
    cid = str(window.document.plan.customers[m.CUSTOMER_ID].iloc[3])  # a trusted position
    offline = js(qtbot, view, "TP.place.OFFLINE_ZOOM")
    assert 12 <= offline < STREET_ZOOM
    base_map(qtbot, view, "outline")
    assert flown(qtbot, view, lambda: start(qtbot, window, cid)) == offline
    centre = js(qtbot, view, "TP.map.getSize().divideBy(2)")
    at = js(qtbot, view, "TP.map.latLngToContainerPoint(TP.place.pin.getLatLng())")
    assert abs(at["x"] - centre["x"]) < 2 and abs(at["y"] - centre["y"]) < 2  # amid the map
    view.end_placing()
    gone(qtbot, view)
    # zoomed in further by the manager, offline too: the map stays as close
    row = window.document.plan.customers.set_index(m.CUSTOMER_ID).loc[cid]
    near = STREET_ZOOM + 1
    view.run_js(f"TP.map.setView([{row[m.LAT] + 0.02}, {row[m.LON]}], {near}, {{animate: false}})")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.getZoom()") == near, timeout=10_000)
    assert flown(qtbot, view, lambda: start(qtbot, window, cid)) == near
    view.end_placing()
    gone(qtbot, view)
    # online: street level
    view.fit_all()
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.getZoom()") < 12, timeout=10_000)
    base_map(qtbot, view, "gsi_pale")
    assert flown(qtbot, view, lambda: start(qtbot, window, cid)) == STREET_ZOOM
    view.end_placing()
    gone(qtbot, view)
    assert view.page.errors == []
