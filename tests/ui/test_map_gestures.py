"""Gestures on the real map page with real mouse events (Qt → Chromium → the page): what a
press, a drag and a click do in each tool, and that nothing is edited by accident.

One page load for the module (``test_map_view``'s plan and its request interceptor: a
request leaving the machine fails the module); every test checks the page logged no error.
"""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from test_map_view import js, map_plan, open_map

from planner import model as m


@pytest.fixture(scope="module")
def env(qapp):
    ns = yield from open_map(map_plan())
    assert ns.interceptor.foreign == []


@pytest.fixture
def ready(env, qtbot):
    qtbot.waitUntil(env.view.is_ready, timeout=60_000)
    env.view.fit_all()
    qtbot.waitUntil(lambda: js(qtbot, env.view, "!TP.map._animatingZoom"), timeout=10_000)
    yield env
    env.view.set_tool("pan")
    assert env.view.page.errors == []


def at(qtbot, view, lat, lon) -> QPoint:
    p = js(qtbot, view, f"TP.map.latLngToContainerPoint([{lat}, {lon}])")
    return QPoint(round(p["x"]), round(p["y"]))


def press_drag_release(view, start: QPoint, end: QPoint) -> None:
    target = view.view.focusProxy()
    QTest.mousePress(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    if end != start:
        QTest.mouseMove(target, (start + end) / 2)
        QTest.mouseMove(target, end)
    QTest.mouseRelease(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def position(document, cid):
    row = document.plan.customers.set_index(m.CUSTOMER_ID).loc[cid]
    return float(row[m.LAT]), float(row[m.LON])


def use_tool(qtbot, view, name):
    view.set_tool(name)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.tool") == name, timeout=10_000)


def test_a_click_on_a_customer_with_the_move_tool_moves_nothing(ready, qtbot):
    """Pressing and releasing on a shop (a click, 2 px off its centre) moved it to the
    pointer: tens of metres, and an undo step 「位置を変更」 the manager never meant."""
    view, document = ready.view, ready.document
    use_tool(qtbot, view, "move")
    steps, before = document.undo_stack.index(), position(document, "c5")
    centre = at(qtbot, view, *before)
    spot = centre + QPoint(2, 1)
    press_drag_release(view, spot, spot)
    # then a real drag 30 px south: the page sends its messages in order, so a move the click
    # had sent would have arrived first, as a step of its own
    press_drag_release(view, spot, spot + QPoint(0, 30))
    qtbot.waitUntil(lambda: at(qtbot, view, *position(document, "c5")).y() > centre.y() + 25,
                    timeout=10_000)
    assert document.undo_stack.index() == steps + 1
    document.undo_stack.undo()
    assert position(document, "c5") == before


def test_a_customer_dragged_moves_by_as_much_as_the_pointer(ready, qtbot):
    """Pressed 3 px off its centre and dragged 40 px east: the shop lands 40 px east of where
    it was, not under the pointer (3 px more), in one undo step that undo takes back."""
    view, document = ready.view, ready.document
    use_tool(qtbot, view, "move")
    steps, before = document.undo_stack.index(), position(document, "c5")
    centre = at(qtbot, view, *before)
    start = centre + QPoint(3, 0)
    with qtbot.waitSignal(document.planChanged, timeout=10_000):
        press_drag_release(view, start, start + QPoint(40, 0))
    assert document.undo_stack.index() == steps + 1
    lat, lon = position(document, "c5")
    landed = at(qtbot, view, lat, lon)
    assert abs(landed.x() - (centre.x() + 40)) <= 1 and abs(landed.y() - centre.y()) <= 1
    assert document.undo_stack.undoText() == "Move 未割当"  # the shop's name, not c5
    document.undo_stack.undo()
    assert position(document, "c5") == before


HOME_T01 = (35.66, 139.63)  # 山田's home base, inside 西エリア


def test_a_corner_clicked_on_a_reps_home_diamond_is_a_corner_of_the_drawn_territory(
        ready, qtbot):
    """Drawing round a rep's home, the click that fell on the home diamond was the marker's:
    the corner went missing and the territory came out a triangle (or not at all)."""
    view, document = ready.view, ready.document
    js(qtbot, view, "TP.map.setView([35.66, 139.64], 13, {animate: false}) && 1")
    use_tool(qtbot, view, "draw")
    corners = [(35.68, 139.62), (35.68, 139.66), HOME_T01, (35.64, 139.62)]
    points = [at(qtbot, view, *c) for c in corners]
    assert all(p.x() > 120 for p in points)  # clear of the tools' column
    target = view.view.focusProxy()
    for k, p in enumerate(points, 1):  # a manager's pace: each corner on the map before the next
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, p)
        qtbot.waitUntil(lambda k=k: js(qtbot, view, "TP.draw.points.length") == k,
                        timeout=10_000)
    with qtbot.waitSignal(document.planChanged, timeout=10_000):
        QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         points[0])
    drawn = document.plan.territories[-1].boundary
    assert len(drawn.exterior.coords) == 5  # four corners and the closing one
    document.undo_stack.undo()


def test_a_click_on_a_reps_home_diamond_with_the_edit_tool_edits_that_territory(ready, qtbot):
    view = ready.view
    use_tool(qtbot, view, "edit")
    QTest.mouseClick(view.view.focusProxy(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, at(qtbot, view, *HOME_T01))
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.edit.territory") == "T01", timeout=10_000)


def test_with_the_select_tool_a_reps_home_diamond_still_names_the_rep(ready, qtbot):
    view = ready.view
    use_tool(qtbot, view, "pan")
    assert js(qtbot, view, "getComputedStyle(TP.layers.homes.getLayers()[0].getElement())"
                           ".pointerEvents") != "none"


def test_a_corner_dragged_over_a_locked_customer_says_it_stayed(ready, qtbot):
    """西エリア's corner dragged east past 境界商事 and the locked 鍵付き: the status bar's
    sentence named only where the one customer went (「顧客の移動先: 西エリア 1件。」), and 鍵付き
    kept 東エリア's colour inside the new line, unexplained."""
    view, document = ready.view, ready.document
    js(qtbot, view, "TP.map.setView([35.65, 139.70], 12, {animate: false}) && 1")
    use_tool(qtbot, view, "edit")
    target = view.view.focusProxy()
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at(qtbot, view, 35.62, 139.62))
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.edit.territory") == "T01", timeout=10_000)
    corner, to = at(qtbot, view, 35.6, 139.7), at(qtbot, view, 35.6, 139.73)
    steps, before = document.undo_stack.index(), document.plan
    with qtbot.waitSignal(view.edited, timeout=10_000) as said:
        press_drag_release(view, corner, to)
    territory = document.plan.customers.set_index(m.CUSTOMER_ID)[m.TERRITORY]
    assert territory["c3"] == "T01" and territory["c4"] == "T02"  # the lock held
    assert said.args[0] == ("1 customer moved from 東エリア to 西エリア. "
                            "1 locked customer stayed in its territory across the new line.")
    assert document.undo_stack.index() == steps + 1
    document.undo_stack.undo()
    assert document.plan.customers.equals(before.customers)
