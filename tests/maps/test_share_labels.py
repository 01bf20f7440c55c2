"""The shared HTML map names each territory on the map, inside it, as the window's map does.

The exported page in a real browser engine (offscreen, tiles blocked). Before, the shared map
had no territory name on the map at all: a rep on a phone matched colours with the legend.
"""

from __future__ import annotations

import json

import pytest
import shapely
from test_share_html import _close, _js, _open

from planner.maps.share import export_share_map
from tests.maps.label_shapes import BOUNDARIES, labels_plan
from tests.maps.label_shapes import NAMES as TERRITORY_NAMES

#: Every name: territory index, shown, its middle as [lat, lon], its box in the map's pixels.
NAMES = """JSON.stringify((function () {
  var map = TP_SHARE.map, box = map.getContainer().getBoundingClientRect();
  return TP_SHARE.names.map(function (mk) {
    var el = mk.getElement(), e = el && el.firstChild;
    if (!e || !map.hasLayer(mk)) { return [null, false, null, null]; }
    var r = e.getBoundingClientRect();
    var c = map.containerPointToLatLng([(r.left + r.right) / 2 - box.left,
                                       (r.top + r.bottom) / 2 - box.top]);
    return [e.textContent, e.style.visibility !== 'hidden', [c.lat, c.lng],
            [r.left - box.left, r.top - box.top, r.right - box.left, r.bottom - box.top]];
  }); })())"""

NAME_OF = {"西エリア": "T01", "東エリア": "T02", "北エリア": "T03", "湾岸エリア": "T04",
           "南エリア": "T05", "中央エリア": "T06"}


@pytest.fixture
def page(qtbot, tmp_path):
    out = export_share_map(labels_plan(), tmp_path / "share.html")
    view, page, interceptor = _open(qtbot, out)
    yield page
    assert page.errors == [] and interceptor.other == []
    _close(qtbot, view, page)


def names_at(qtbot, page, lat, lon, zoom):
    _js(qtbot, page, f"TP_SHARE.map.setView([{lat}, {lon}], {zoom}, {{animate: false}}); 1")
    return json.loads(_js(qtbot, page, NAMES))


def test_each_name_is_inside_its_territory_and_named_zoomed_in(qtbot, page) -> None:
    first = json.loads(_js(qtbot, page, NAMES))  # the whole plan, as the page opens
    assert sum(name[1] for name in first) >= 2
    for lat, lon, zoom in ((35.65, 139.75, 9), (35.62, 139.70, 11), (35.65, 139.70, 14),
                           (35.78, 139.56, 14)):
        shown = [n for n in names_at(qtbot, page, lat, lon, zoom) if n[1]]
        assert shown, zoom
        for text, _shown, (y, x), _box in shown:
            assert BOUNDARIES[NAME_OF[text]].contains(shapely.Point(x, y)), (text, zoom)
        if zoom == 14:  # on a border: both territories named, their names in view
            assert len(shown) == 2, shown


def test_a_reps_layer_switched_off_hides_their_territorys_name(qtbot, page) -> None:
    names_at(qtbot, page, 35.65, 139.70, 12)
    _js(qtbot, page, "(function () { var m = TP_SHARE.map, mk = TP_SHARE.names[0];"
                     " m.eachLayer(function (g) { if (g.hasLayer && g.hasLayer(mk) && g !== m)"
                     " { m.removeLayer(g); m.fire('overlayremove', {layer: g}); } }); return 1; })()")
    names = json.loads(_js(qtbot, page, NAMES))
    assert names[0][1] is False and names[1][1] is True


#: The tooltip shown after the pointer moves to [lat, lon]: its text, or "(none)".
HOVER = """(function (lat, lon) {
  var m = TP_SHARE.map, p = m.latLngToContainerPoint([lat, lon]);
  m.fire('mousemove', { containerPoint: p, latlng: L.latLng(lat, lon),
                        originalEvent: { target: m.getContainer() } });
  var tips = Array.prototype.filter.call(document.querySelectorAll('.leaflet-tooltip'),
    function (t) { return t.style.opacity !== '0' && t.textContent; });
  return tips.length ? tips[0].textContent : "(none)"; })(%s, %s)"""

#: A point inside each territory, away from its customers and its rep's home.
INSIDE = {"T01": (35.78, 139.53), "T02": (35.68, 139.80), "T03": (35.80, 139.75),
          "T04": (35.68, 139.95), "T05": (35.58, 139.55), "T06": (35.54, 139.70)}


def test_the_pointer_over_a_territorys_area_names_it_and_its_rep(qtbot, page) -> None:
    """Far out a small territory's name gives way to its neighbours'; the pointer over its
    area still tells whose it is (as on the window's map)."""
    _js(qtbot, page, "TP_SHARE.map.setView([35.65, 139.75], 10, {animate: false}); 1")
    for k, (tid, (lat, lon)) in enumerate(INSIDE.items()):
        assert BOUNDARIES[tid].contains(shapely.Point(lon, lat))
        text = _js(qtbot, page, HOVER % (lat, lon))
        assert TERRITORY_NAMES[tid] in text and f"担当{k}" in text, (tid, text)
        others = [n for t, n in TERRITORY_NAMES.items() if t != tid]
        assert not any(n in text for n in others), text
    assert _js(qtbot, page, HOVER % (35.20, 139.20)) == "(none)"  # outside every territory
    # a customer under the pointer still gets its own tooltip, not its territory's
    first = json.loads(_js(qtbot, page, "JSON.stringify((function () { var d = JSON.parse("
                           "document.getElementById('tp-data').textContent).customers;"
                           " return [d.lat[0], d.lon[0]]; })())"))
    assert "商店c00" in _js(qtbot, page, HOVER % tuple(first))
