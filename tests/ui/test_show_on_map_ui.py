"""A customer found in the list, shown on the map: the selection menu's 「地図で表示」 zooms
the map to it (a search's click selected it, a dot among 1,500 at the region's zoom).

The real window and page, under ``test_map_view``'s request interceptor; the page logs no
JS error."""

import math

import pytest
from test_main_window_map import ready_window
from test_map_view import blocking_requests, js

from planner import model as m
from planner.i18n import tr
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(scope="module", autouse=True)
def interceptor(qapp):
    yield from blocking_requests()


def test_the_selection_menu_zooms_the_map_to_the_customer_found(qtbot):
    plan = synthetic_plan(300, territories=4, seed=3)
    customers = plan.customers.copy()
    customers.loc[customers.index[7], [m.LAT, m.LON]] = math.nan  # no position
    window = ready_window(qtbot, plan.replace(customers=customers))
    view, document = window.map_view, window.document
    panel = window.actions_ui.customer_panel
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    view.fit_all()
    qtbot.waitUntil(lambda: js(qtbot, view, "!TP.map._animatingZoom"), timeout=10_000)
    whole = js(qtbot, view, "TP.map.getZoom()")
    cid = str(customers[m.CUSTOMER_ID].iloc[40])
    lat, lon = customers.set_index(m.CUSTOMER_ID).loc[cid, [m.LAT, m.LON]]
    document.set_selection([cid])  # as a click on the search's row does
    menu = {a.text(): a for a in panel.selection_menu(panel).actions()}
    menu[tr("Show on the map")].trigger()
    centre = "(function (c) { return [c.lat, c.lng]; })(TP.map.getCenter())"
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.getZoom()") >= whole + 4, timeout=10_000)
    zoom = js(qtbot, view, "TP.map.getZoom()")
    assert 14 <= zoom <= 17  # the streets round the shop, not the map's last level
    assert js(qtbot, view, f"TP.map.getBounds().contains([{lat}, {lon}])")
    c_lat, c_lon = js(qtbot, view, centre)
    assert abs(c_lat - lat) < 0.005 and abs(c_lon - lon) < 0.01
    # a customer without a position has nothing to show
    document.set_selection([str(customers[m.CUSTOMER_ID].iloc[7])])
    assert tr("Show on the map") not in [a.text() for a in panel.selection_menu(panel).actions()]
    assert view.page.errors == []
