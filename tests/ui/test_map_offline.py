"""The map without tiles: 「オフライン表示」 stays in the map's corner while the outline stands in
for the tiles (the notice passes after 8 s, and a manager wondered why the map was blank),
says why when the pointer rests on it, loads the tiles again when clicked, and goes as soon
as a tile loads.

Real windows with the real page in QtWebEngine, under the request interceptor of
``test_map_view`` (tiles are blocked, anything else leaving the machine fails the module);
the tiles "come back" by pointing the base map at an image the program serves itself.
"""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from test_main_window import open_window
from test_map_view import blocking_requests, js

from planner.i18n import set_language

pytestmark = pytest.mark.usefixtures("isolated")

#: The label (text, tooltip, place in the map) and every other control's place.
BADGE = """(function () {
  var box = TP.map.getContainer(), at = box.getBoundingClientRect();
  function rect(el) { var r = el.getBoundingClientRect();
    return [r.left - at.left, r.top - at.top, r.right - at.left, r.bottom - at.top]; }
  var b = box.querySelector(".tp-offline-badge");
  return { width: at.width, height: at.height, base: TP.layers.baseName(),
    notices: box.querySelectorAll(".tp-notice").length,
    badge: b && { text: b.textContent, tip: b.title, rect: rect(b),
      shown: getComputedStyle(b).visibility === "visible" && rect(b)[2] > rect(b)[0] },
    others: Array.from(box.querySelectorAll(".leaflet-control")).filter(function (el) {
      return el !== b && el.getBoundingClientRect().width > 0; }).map(rect) };
})()"""


@pytest.fixture(scope="module", autouse=True)
def interceptor(qapp):
    yield from blocking_requests()


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def click(view, rect) -> None:
    """A real mouse click in the middle of ``rect`` (in the map)."""
    at = QPoint(round((rect[0] + rect[2]) / 2), round((rect[1] + rect[3]) / 2))
    QTest.mouseClick(view.view.focusProxy(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, at)


def test_offline_the_map_keeps_saying_so_and_a_click_brings_the_tiles_back(
        qtbot, interceptor):
    set_language("ja")
    window = open_window(qtbot)
    window.resize(1400, 860)
    view = window.map_view
    with qtbot.waitSignal(view.tilesUnavailable, timeout=60_000):
        pass  # the blocked tiles fail: the outline, its notice and the label
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    chosen = js(qtbot, view, "TP.layers.fellBackFrom")
    assert chosen in ("gsi_pale", "gsi_std", "osm")
    found = js(qtbot, view, BADGE)
    badge = found["badge"]
    assert badge is not None and badge["shown"] and badge["text"] == "オフライン表示"
    assert badge["tip"].startswith("地図タイルを取得できないため")  # why, on the pointer's rest
    assert "クリック" in badge["tip"]
    rect = badge["rect"]
    assert 0 <= rect[0] and 0 <= rect[1] and rect[2] <= found["width"] and rect[3] <= found[
        "height"]
    assert [o for o in found["others"] if overlaps(o, rect)] == []  # covers no control
    # the passing notice goes; the label stays
    qtbot.waitUntil(lambda: js(qtbot, view, BADGE)["notices"] == 0, timeout=20_000)
    found = js(qtbot, view, BADGE)
    assert found["badge"]["shown"] and found["base"] == "outline"

    # still offline: a click tries the tiles again, they fail, the outline and notice return
    with qtbot.waitSignal(view.tilesUnavailable, timeout=30_000):
        click(view, found["badge"]["rect"])
    found = js(qtbot, view, BADGE)
    assert found["base"] == "outline" and found["badge"]["shown"] and found["notices"] == 1

    # chosen again in the layer list, still offline: the outline again, not a blank grey map
    radio = ("Array.from(TP.control.getContainer().querySelectorAll('input[type=radio]'))"
             f".filter(function (r) {{ return TP.control._getLayer(r.layerId).layer === "
             f"TP.bases['{chosen}']; }})[0]")
    with qtbot.waitSignal(view.tilesUnavailable, timeout=30_000):
        view.run_js(f"{radio}.click();")
    assert js(qtbot, view, BADGE)["base"] == "outline"

    # the connection is back: a click loads the tiles, the label goes
    view.run_js(f"TP.bases['{chosen}'].setUrl('tpmap://app/leaflet/images/layers.png', true);")
    found = js(qtbot, view, BADGE)
    with qtbot.waitSignal(view.tilesRestored, timeout=30_000):
        click(view, found["badge"]["rect"])
    qtbot.waitUntil(lambda: js(qtbot, view, BADGE)["badge"] is None, timeout=10_000)
    assert js(qtbot, view, BADGE)["base"] == chosen
    assert view.page.errors == []
    set_language(None)
