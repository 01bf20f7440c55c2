"""How many customers a lasso caught, said under the Customers list (「顧客 300件、51件を選択中」):
after a lasso on the map the list said only 「顧客 300件」 and nowhere the selection's size,
which the manager then assigned to a territory blind.

The real window and page, a real mouse drag with the lasso tool; the page logs no JS error."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from test_main_window_map import ready_window
from test_map_view import blocking_requests, js

from planner import model as m
from planner.i18n import set_language
from planner.synthetic import synthetic_plan

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(scope="module", autouse=True)
def interceptor(qapp):
    yield from blocking_requests()


def lasso_corners(qtbot, view) -> int:
    """How many points the lasso's dashed line on the page has (0: none drawn)."""
    return js(qtbot, view, "(function (p) { return p ? p.getAttribute('d').split(/[ML]/)"
                           ".length - 1 : 0; })(document.querySelector("
                           "'path[stroke-dasharray=\"4 4\"]'))")


def test_a_lasso_on_the_map_says_under_the_list_how_many_it_caught(qtbot):
    set_language("ja")
    plan = synthetic_plan(300, territories=4, seed=3)
    window = ready_window(qtbot, plan)
    view, document = window.map_view, window.document
    panel = window.actions_ui.customer_panel
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    assert panel.count_label.text() == "顧客 300件"
    view.set_tool("lasso")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.tool") == "lasso", timeout=10_000)
    c = plan.customers
    lat, lon = c[m.LAT].median(), c[m.LON].median()
    corners = [(lat + 0.1, lon - 0.12), (lat + 0.1, lon + 0.12), (lat - 0.1, lon + 0.12),
               (lat - 0.1, lon - 0.12), (lat + 0.1, lon - 0.12)]
    points = []
    for a, b in corners:
        p = js(qtbot, view, f"TP.map.latLngToContainerPoint([{a}, {b}])")
        points.append(QPoint(round(p["x"]), round(p["y"])))
    target = view.view.focusProxy()
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, points[0])
    for k, p in enumerate(points[1:], 2):  # each corner on the page before the next
        QTest.mouseMove(target, p)
        qtbot.waitUntil(lambda k=k: lasso_corners(qtbot, view) == k, timeout=10_000)
    with qtbot.waitSignal(document.selectionChanged, timeout=10_000):
        QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                           points[-1])
    n = len(document.selection)
    assert 1 < n < 300
    assert panel.count_label.text() == f"顧客 300件、{n}件を選択中"
    # a click on one row of the list: one selected
    view.set_tool("pan")
    rect = panel.view.visualRect(panel.model.index(0, 1))
    QTest.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rect.center())
    assert len(document.selection) == 1
    assert panel.count_label.text() == "顧客 300件、1件を選択中"
    window.actions_ui.actions["select_none"].trigger()
    assert panel.count_label.text() == "顧客 300件"
    assert view.page.errors == []
