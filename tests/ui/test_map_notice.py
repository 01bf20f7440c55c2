"""The map's passing notice (the tiles' "offline outline" one) keeps clear of the controls,
also of the layer list when it is open (a rest of the pointer on its button opens it).

Real windows with the real page in QtWebEngine, tiles blocked by the interceptor of
``test_map_view`` (so they fail and the notice shows, as without a connection).
"""

import pytest
from test_map_view import blocking_requests, js

from planner.i18n import set_language
from planner.ui import file_actions
from planner.ui.app import load_plan_for
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(scope="module", autouse=True)
def interceptor(qapp):
    yield from blocking_requests()


#: The notice, every control and each choice (radio button, check box) of the layer list in
#: sight (not scrolled out of it), as [left, top, right, bottom] in the map.
BOXES = """(function () {
  var box = TP.map.getContainer(), at = box.getBoundingClientRect();
  function rect(el) { var r = el.getBoundingClientRect();
    return [r.left - at.left, r.top - at.top, r.right - at.left, r.bottom - at.top]; }
  var notice = box.querySelector(".tp-notice");
  return { width: at.width, height: at.height, notice: notice && rect(notice),
    notices: Array.from(box.querySelectorAll(".tp-notice")).map(function (e) {
      return e.textContent; }),
    shown: !!notice && getComputedStyle(notice).visibility === "visible",
    open: TP.control.getContainer().classList.contains("leaflet-control-layers-expanded"),
    controls: Array.from(box.querySelectorAll(".leaflet-control, .leaflet-control-layers input"))
      .filter(function (el) { var r = el.getBoundingClientRect(), list;
        if (el.tagName !== "INPUT") { return r.width > 0; }
        list = el.closest(".leaflet-control-layers-list").getBoundingClientRect();
        return r.width > 0 && r.top < list.bottom && list.top < r.bottom; })
      .map(function (el) {
        return [el.tagName === "INPUT" ? el.type : el.className].concat(rect(el)); }) };
})()"""


def off_the_map(found, rect) -> list:
    """``rect`` (left, top, right, bottom) as a finding when it reaches past the map."""
    outside = rect[0] < 0 or rect[1] < 0 or rect[2] > found["width"] or rect[3] > found["height"]
    return [["off the map", *rect]] if outside else []


def covered(found) -> list:
    """The controls (and layer choices) the notice covers, or its own place when off the map."""
    n = found["notice"]
    wrong = [c for c in found["controls"]
             if n[0] < c[3] and c[1] < n[2] and n[1] < c[4] and c[2] < n[3]]
    return wrong + off_the_map(found, n)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("size", [(1400, 860), (853, 480)])
def test_the_offline_notice_covers_nothing_of_the_opened_layer_list(
        qtbot, tmp_path, program_font, lang, size):
    """The tester's window (1400×860, the size it opens at): the notice 「地図タイルを取得でき
    ないため、…」 at the top's middle covered the first radio button of the opened layer list
    (地理院タイル（淡色地図）); a small window (853×480, a 1280×720 laptop at 150 %) had it at
    the foot over the list's last check box. It now stands between the controls beside it."""
    set_language(lang)
    plan, path = load_plan_for(None)  # the sample plan, as the window opens on it
    window = MainWindow(plan, path)
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.resize(*size)
    window.show()
    view = window.map_view
    with qtbot.waitSignal(view.tilesUnavailable, timeout=60_000):
        pass  # the blocked tiles fail: the outline and its notice
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    # (the notice passes after 8 s: a fresh one, with the list opened as the pointer does)
    view.run_js("TP.layers.notice('offline'); TP.control.expand();")
    qtbot.waitUntil(lambda: (found := js(qtbot, view, BOXES))["notice"] is not None
                    and found["open"] and covered(found) == [], timeout=5_000)
    found = js(qtbot, view, BOXES)
    assert found["open"] and found["shown"] and covered(found) == []
    assert len(found["notices"]) == 1  # the same notice twice: one box
    assert sum(c[0] == "radio" for c in found["controls"]) == 4  # the base maps' buttons
    window.grab().save(str(tmp_path / f"notice-{lang}-{size[0]}.png"))
    # the list closed again: the notice keeps clear of the (smaller) controls too
    view.run_js("TP.control.collapse();")
    qtbot.waitUntil(lambda: not (found := js(qtbot, view, BOXES))["open"]
                    and covered(found) == [], timeout=5_000)
    assert view.page.errors == []


#: The opened layer list, the map's own toolbar buttons (作図, 位置移動 …) and its other
#: controls, as [name, left, top, right, bottom] in the map; whether the list scrolls.
LIST_AND_TOOLS = """(function () {
  var box = TP.map.getContainer(), at = box.getBoundingClientRect();
  function rect(el) { var r = el.getBoundingClientRect();
    return [r.left - at.left, r.top - at.top, r.right - at.left, r.bottom - at.top]; }
  var list = TP.control.getContainer(), section = list.querySelector("section, form");
  return { width: at.width, height: at.height,
    open: list.classList.contains("leaflet-control-layers-expanded"), list: rect(list),
    scrolls: section.scrollHeight > section.clientHeight + 1,
    tools: Array.from(box.querySelectorAll(".tp-toolbar a, .leaflet-control-zoom a, "
        + ".tp-sizeby, .tp-legend, .leaflet-control-scale"))
      .filter(function (el) { return el.getBoundingClientRect().width > 0; })
      .map(function (el) { return [el.textContent || el.className].concat(rect(el)); }) };
})()"""


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def list_covers(found) -> list:
    """What the opened layer list covers (or pushes the size control onto), or its own place
    when off the map."""
    li, tools = found["list"], found["tools"]
    wrong = [t for t in tools if overlaps(li, t[1:])]
    wrong += [(a[0], b[0]) for i, a in enumerate(tools) for b in tools[i + 1:]
              if overlaps(a[1:], b[1:])]
    return wrong + off_the_map(found, li)


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("size", [(853, 480), (1400, 860)])
def test_the_opened_layer_list_covers_none_of_the_maps_tools(
        qtbot, tmp_path, program_font, lang, size):
    """A small window (853×480): the opened layer list reached over the map's own toolbar row
    (作図, 位置移動 …) and pushed the size control onto the legend. It now keeps to the room
    right of the tools and above the foot's controls, its names wrapping and its choices
    scrolling within it; it still opens where its button was, under the pointer."""
    set_language(lang)
    plan, path = load_plan_for(None)  # the sample plan, as the window opens on it
    window = MainWindow(plan, path)
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.resize(*size)
    window.show()
    view = window.map_view
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    closed = js(qtbot, view, LIST_AND_TOOLS)
    assert not closed["open"] and list_covers(closed) == []
    view.run_js("TP.control.expand();")  # as the pointer resting on its button does
    qtbot.waitUntil(lambda: js(qtbot, view, LIST_AND_TOOLS)["open"], timeout=5_000)
    qtbot.wait(300)  # (the page places the controls again a frame later)
    found = js(qtbot, view, LIST_AND_TOOLS)
    window.grab().save(str(tmp_path / f"layers-{lang}-{size[0]}.png"))
    assert list_covers(found) == []
    button, li = closed["list"], found["list"]
    x, y = (button[0] + button[2]) / 2, (button[1] + button[3]) / 2
    assert li[0] < x < li[2] and li[1] < y < li[3]  # the pointer stays on it: it stays open
    assert found["scrolls"] == (size[1] < 600)  # all its choices at hand (by scrolling)
    view.run_js("TP.control.collapse();")
    qtbot.waitUntil(lambda: js(qtbot, view, LIST_AND_TOOLS)["list"] == button, timeout=5_000)
    assert view.page.errors == []
