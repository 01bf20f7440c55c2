"""Territory names on the map: each drawn inside its own territory, at every zoom.

The real page in QtWebEngine (offscreen); every request leaving the machine blocked and
failing the module, and no console error allowed. Before, a name sat 14 px plus its height
above its territory's label point and, when names covered each other far out, moved up or
down a line or two: at zoom 7 the names stood in a column tens of pixels from their
territories; zoomed in to a street (zoom 14) the label points were off screen and no name
was on the map at all.
"""

import pytest
import shapely
from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWebEngineCore import QWebEngineProfile
from test_map_view import Interceptor, js, open_map

from planner.ui.document import PlanDocument
from planner.ui.map_scheme import MapSchemeHandler
from planner.ui.map_view import MapView
from tests.maps.label_shapes import BOUNDARIES, labels_plan

#: Every name: territory id, shown, its middle as [lat, lon], its box in the map's pixels.
LABELS = """(function () {
  var box = TP.map.getContainer().getBoundingClientRect();
  return TP.layers.labels.getLayers().map(function (mk) {
    var e = mk.getElement().firstChild, r = e.getBoundingClientRect();
    var c = TP.map.containerPointToLatLng([(r.left + r.right) / 2 - box.left,
                                          (r.top + r.bottom) / 2 - box.top]);
    return [TP.layers.territory(mk.tpIndex).id, e.style.visibility !== 'hidden', [c.lat, c.lng],
            [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top]];
  }); })()"""

#: The map's controls (zoom buttons, tools, legend …) as boxes in the map's pixels.
CONTROLS = """(function () {
  var box = TP.map.getContainer().getBoundingClientRect();
  return Array.from(document.querySelectorAll('.leaflet-control')).map(function (e) {
    var r = e.getBoundingClientRect();
    return [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top];
  }).filter(function (b) { return b[2] > b[0] && b[3] > b[1]; }); })()"""

@pytest.fixture(scope="module")
def env(qapp):
    ns = yield from open_map(labels_plan())
    assert ns.interceptor.foreign == []


@pytest.fixture
def view(env, qtbot):
    settled(qtbot, env.view)
    return env.view


def settled(qtbot, view):
    """Wait for the page drawn and its font loaded: the names are measured in their own font
    (the font still loaded when the map first drew, and the names a view placed then were
    measured in the fallback font: a loaded machine's run saw two names overlap)."""
    qtbot.waitUntil(view.is_ready, timeout=60_000)
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    qtbot.waitUntil(lambda: js(qtbot, view, "document.fonts.status") == "loaded",
                    timeout=20_000)


def show(qtbot, view, lat, lon, zoom):
    js(qtbot, view, f"TP.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}) && 1")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.getZoom()") == zoom, timeout=10_000)
    return js(qtbot, view, LABELS)


def overlap(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(("lat", "lon", "zoom"), [
    (35.65, 139.75, 7), (35.65, 139.75, 9), (35.65, 139.75, 10), (35.62, 139.70, 11),
    (35.78, 139.56, 12), (35.52, 139.70, 12), (35.65, 139.70, 14), (35.545, 139.60, 16),
])
def test_every_name_shown_is_inside_its_territory(view, qtbot, lat, lon, zoom):
    labels = show(qtbot, view, lat, lon, zoom)
    size = js(qtbot, view, "[TP.map.getSize().x, TP.map.getSize().y]")
    shown = [label for label in labels if label[1]]
    # at least the largest territory's name; far out (zoom 7, each territory some 20 px) the
    # reps' home diamonds may leave none room enough (the legend names them)
    assert shown or zoom == 7
    for tid, _shown, (y, x), box in shown:
        assert BOUNDARIES[tid].contains(shapely.Point(x, y)), (tid, zoom, y, x)
        assert 0 <= box[0] and box[2] <= size[0] and 0 <= box[1] and box[3] <= size[1]
    boxes = [label[3] for label in shown]
    assert not any(overlap(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]), shown
    assert view.page.errors == []


@pytest.mark.parametrize(("lat", "lon"), [
    (35.65, 139.70),  # on the border of 西 and 東, both label points far off screen
    (35.78, 139.56),  # on 西's arm and 北 beside it
    (35.55, 139.70),  # on 中央's edge, in the hole of 南 around it
])
def test_zoomed_in_to_a_street_each_territory_in_view_is_named_in_view(view, qtbot, lat, lon):
    labels = {label[0]: label for label in show(qtbot, view, lat, lon, 14)}
    controls = js(qtbot, view, CONTROLS)
    south, west, north, east = js(qtbot, view, "(function () { var b = TP.map.getBounds();"
                                  " return [b.getSouth(), b.getWest(), b.getNorth(),"
                                  " b.getEast()]; })()")
    seen = shapely.box(west, south, east, north)
    in_view = [tid for tid, shape in BOUNDARIES.items()
               if shape.intersection(seen).area > 0.2 * seen.area]
    assert len(in_view) >= 2
    for tid in in_view:
        _tid, shown, (y, x), box = labels[tid]
        assert shown, tid
        assert shapely.Point(x, y).within(BOUNDARIES[tid].intersection(seen)), tid
        assert not any(overlap(box, c) for c in controls), tid  # not under the legend
    # panned along the street, the names come along
    js(qtbot, view, "TP.map.panBy([-300, 0], {animate: false}) && 1")
    labels = {label[0]: label for label in js(qtbot, view, LABELS)}
    for tid in in_view:
        _tid, shown, (y, x), _box = labels[tid]
        if shown:
            assert BOUNDARIES[tid].contains(shapely.Point(x, y)), tid
    assert sum(labels[tid][1] for tid in in_view) >= 1
    assert view.page.errors == []


def test_a_name_keeps_clear_of_a_notice_over_the_map(view, qtbot):
    """A passing notice (or a tool's hint) at the top of the map hid the name under it."""
    show(qtbot, view, 35.525, 139.70, 12)
    js(qtbot, view, "TP.layers.notice('offline') && 1")
    notice = """(function () { var box = TP.map.getContainer().getBoundingClientRect();
      var r = document.querySelector('.tp-notice').getBoundingClientRect();
      return [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top];
    })()"""
    box = js(qtbot, view, notice)
    # the map moved so that 中央's label point is under the notice (中央 has the most
    # customers: no other name moves it)
    at = js(qtbot, view, "TP.map.latLngToContainerPoint(TP.layers.byId.T06.label)")
    dx, dy = at["x"] - (box[0] + box[2]) / 2, at["y"] - (box[1] + box[3]) / 2
    js(qtbot, view, f"TP.map.panBy([{dx}, {dy}], {{animate: false}}) && 1")
    labels = {label[0]: label for label in js(qtbot, view, LABELS)}
    _tid, shown, (y, x), name = labels["T06"]
    assert js(qtbot, view, notice) == box  # still showing
    assert shown and BOUNDARIES["T06"].contains(shapely.Point(x, y))
    assert not overlap(name, box)
    assert view.page.errors == []


#: The box of the first message over the map shown now (a notice or a tool's hint).
MESSAGE = """(function () { var box = TP.map.getContainer().getBoundingClientRect();
  var shown = Array.from(document.querySelectorAll('.tp-messages > *')).filter(function (e) {
    return e.getBoundingClientRect().height > 0; });
  if (!shown.length) { return null; }
  var r = shown[0].getBoundingClientRect();
  return [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top];
})()"""
#: Whether 中央's name is off its label point.
CENTRAL_MOVED = ("TP.layers.labels.getLayers().filter(function (mk) {"
                 " return TP.layers.territory(mk.tpIndex).id === 'T06'; })[0].tpMoved")


def quiet(qtbot, view):
    """The outline for a base map (no tiles failing later, their notice coming up amid a
    test) and no message over the map (the notice of those that failed passed)."""
    view.set_base_map("outline")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.layers.baseName()") == "outline", timeout=10_000)
    qtbot.waitUntil(lambda: js(qtbot, view, MESSAGE) is None, timeout=20_000)


def under_the_message(qtbot, view):
    """Move the map so that 中央's label point is under the message shown (中央 has the most
    customers: no other name moves it); its name then keeps clear of the message."""
    box = js(qtbot, view, MESSAGE)
    at = js(qtbot, view, "TP.map.latLngToContainerPoint(TP.layers.byId.T06.label)")
    dx, dy = at["x"] - (box[0] + box[2]) / 2, at["y"] - (box[1] + box[3]) / 2
    js(qtbot, view, f"TP.map.panBy([{dx}, {dy}], {{animate: false}}) && 1")
    central = {label[0]: label for label in js(qtbot, view, LABELS)}["T06"]
    assert central[1] and not overlap(central[3], box)
    assert js(qtbot, view, CENTRAL_MOVED)


def back_on_its_point(qtbot, view):
    """中央's name back on its label point, without the map moving."""
    qtbot.waitUntil(lambda: js(qtbot, view, CENTRAL_MOVED) is False, timeout=10_000)
    _tid, shown, _at, box = {label[0]: label for label in js(qtbot, view, LABELS)}["T06"]
    point = js(qtbot, view, "TP.map.latLngToContainerPoint(TP.layers.byId.T06.label)")
    assert shown
    assert abs((box[0] + box[2]) / 2 - point["x"]) < 2
    assert abs((box[1] + box[3]) / 2 - point["y"]) < 2


def test_a_name_goes_back_to_its_place_as_soon_as_the_notice_passes(view, qtbot):
    """The name kept clear of a passing notice came back only at the next move of the map."""
    quiet(qtbot, view)
    show(qtbot, view, 35.525, 139.70, 12)
    js(qtbot, view, "TP.layers.notice('offline') && 1")
    under_the_message(qtbot, view)
    moves = "TP.__moves"
    js(qtbot, view, f"({moves} = 0, TP.map.on('movestart', function () {{ {moves}++; }})) && 1")
    # the notice passes (after its 8 s): the name goes back on its own
    qtbot.waitUntil(lambda: js(qtbot, view, MESSAGE) is None, timeout=20_000)
    back_on_its_point(qtbot, view)
    assert js(qtbot, view, moves) == 0
    assert view.page.errors == []


def test_a_name_goes_back_to_its_place_as_soon_as_the_tools_hint_goes(view, qtbot):
    """The drawing tool's hint at the top of the map: the name under it kept clear, and came
    back only at the next move of the map once the tool was put down."""
    quiet(qtbot, view)
    show(qtbot, view, 35.525, 139.70, 12)
    view.set_tool("draw")
    qtbot.waitUntil(lambda: js(qtbot, view, MESSAGE) is not None, timeout=10_000)
    under_the_message(qtbot, view)
    view.set_tool("pan")
    qtbot.waitUntil(lambda: js(qtbot, view, MESSAGE) is None, timeout=10_000)
    back_on_its_point(qtbot, view)
    # and the other way: the hint shown without the map moving, the name keeps clear at once
    view.set_tool("draw")
    qtbot.waitUntil(lambda: js(qtbot, view, MESSAGE) is not None, timeout=10_000)
    box = js(qtbot, view, MESSAGE)
    qtbot.waitUntil(lambda: not overlap(
        {label[0]: label for label in js(qtbot, view, LABELS)}["T06"][3], box), timeout=10_000)
    view.set_tool("pan")
    assert view.page.errors == []


#: Every rep's home diamond shown, as its box in the map's pixels.
HOMES = """(function () { var box = TP.map.getContainer().getBoundingClientRect(), out = [];
  TP.layers.homes.eachLayer(function (home) {
    var r = home.getElement().firstChild.getBoundingClientRect();
    out.push([r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top]);
  }); return out; })()"""


@pytest.mark.parametrize("zoom", [7, 8, 9])
def test_far_out_no_name_covers_a_reps_home(view, qtbot, zoom):
    """At zoom 7 two names were drawn over the reps' home diamonds (kept clear of them only
    where the territory had room): the diamonds are kept clear of as the other names are."""
    labels = show(qtbot, view, 35.65, 139.75, zoom)
    homes = js(qtbot, view, HOMES)
    assert len(homes) == len(BOUNDARIES)
    shown = [label for label in labels if label[1]]
    covered = [(tid, home) for tid, _shown, _at, box in shown for home in homes
               if overlap(box, home)]
    assert covered == []
    # the diamonds hidden (View menu), the names take the room they left, without a move
    view.set_layers(homes=False)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.hasLayer(TP.layers.homes)") is False,
                    timeout=10_000)
    alone = [label for label in js(qtbot, view, LABELS) if label[1]]
    view.set_layers(homes=True)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.hasLayer(TP.layers.homes)"), timeout=10_000)
    assert len(alone) > len(shown)
    assert [label for label in js(qtbot, view, LABELS) if label[1]] == shown
    assert view.page.errors == []


#: How many names keep a measured size for the next view.
KEPT_SIZES = "TP.layers.labels.getLayers().filter(function (mk) { return mk.tpSize; }).length"


def test_a_name_measured_while_the_font_loads_is_measured_again(view, qtbot):
    """The names were measured once and kept: measured in the fallback font while the page's
    font still loaded (just after the map opens), they kept that narrower size, and names
    placed apart by it overlapped once drawn in the font."""
    loading = ("Object.defineProperty(document.fonts, 'status', {configurable: true,"
               " get: function () { return 'loading'; }}) && 1")
    js(qtbot, view, loading)
    try:
        js(qtbot, view, "TP.layers.remeasureLabels() || 1")
        assert js(qtbot, view, KEPT_SIZES) == 0
    finally:
        js(qtbot, view, "delete document.fonts.status || 1")
    assert js(qtbot, view, "document.fonts.status") == "loaded"
    js(qtbot, view, "TP.layers.declutter() || 1")
    assert js(qtbot, view, KEPT_SIZES) == len(BOUNDARIES)
    assert view.page.errors == []


def test_the_names_are_measured_in_the_pages_font_from_the_first_drawing(qapp, qtbot,
                                                                         monkeypatch):
    """The page said ready while its font still loaded: the plan's names were first measured
    and placed in the fallback font, and placed again (a jump) once the font came. (The font
    served a second late here, as a busy machine may; a profile of its own, in whose memory
    no earlier page left the font.)"""
    serve = MapSchemeHandler.requestStarted

    def late_font(handler, job):  # noqa: ANN001
        if job.requestUrl().path().endswith("font/ipaexg.ttf"):
            QTimer.singleShot(1000, job, lambda: serve(handler, job))
        else:
            serve(handler, job)

    monkeypatch.setattr(MapSchemeHandler, "requestStarted", late_font)
    profile = QWebEngineProfile()
    interceptor = Interceptor()
    profile.setUrlRequestInterceptor(interceptor)
    view = MapView(profile=profile)
    view.resize(800, 600)
    view.show()
    view.set_document(PlanDocument(labels_plan()))
    try:
        qtbot.waitUntil(view.is_ready, timeout=60_000)
        assert js(qtbot, view, "document.fonts.check('bold 14px IPAexGothic')")
        qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
        assert js(qtbot, view, KEPT_SIZES) == len(BOUNDARIES)
        assert view.page.errors == []
        assert interceptor.foreign == []
    finally:
        view.close()
        view.deleteLater()  # the page goes before its profile
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
