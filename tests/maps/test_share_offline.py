"""The shared HTML map opened without internet (a rep's PC on the road): the tiles fail and
the map would be blank grey, so it shows the window's offline outline of Japan (embedded, no
request) and a small notice on the map says the background cannot load and the customers
and territories are all there; it goes as soon as a tile loads, and a
page whose tiles load never shows it.

The real page in QtWebEngine under the request interceptor of ``test_share_html`` (tiles are
blocked, anything else leaving the machine fails the test); tiles "load" from a picture
inside the page (a ``data:`` address, nothing leaves the machine).
"""

from __future__ import annotations

import base64
import json

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QColor, QImage
from test_share_html import _CONTROL_BOXES, _close, _js, _open, _overlapping

from planner.maps.share import build_share_html, export_share_map
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

OSM = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
NOTICE = "地図の背景を読み込めません（オフライン）。日本の輪郭の上に顧客とエリアを表示しています。"
SHOWN = "TP_SHARE.offline()"
TEXT = "(document.querySelector('.tp-offline') || {}).textContent"



def _tile() -> str:
    """A 256-pixel tile as a ``data:`` address: the page's tiles "load" without a network."""
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor("#e8f0e0"))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(bytes(buffer.data())).decode("ascii")


def _plan():
    return build_schedule(synthetic_plan(60, territories=8, seed=6), route_seconds=0.01)


@pytest.mark.usefixtures("japanese")
@pytest.mark.parametrize("size", [(1200, 800), (390, 844)])  # a desktop, a phone
def test_offline_the_map_says_why_it_is_blank_and_a_tile_loaded_takes_the_notice_away(
        qtbot, tmp_path, size):
    out = export_share_map(_plan(), tmp_path / "map.html")
    view, page, interceptor = _open(qtbot, out, size=size)
    qtbot.waitUntil(lambda: _js(qtbot, page, SHOWN) is True, timeout=20_000)
    assert interceptor.tiles >= 4  # the tiles were asked for, and failed
    assert _js(qtbot, page, TEXT) == NOTICE
    # on the map, covering no other control (the scale, the legend, the colour box …)
    boxes = json.loads(_js(qtbot, page, _CONTROL_BOXES))
    (notice,) = [b for b in boxes if "tp-offline" in b[0]]
    assert 0 <= notice[1] < notice[3] <= size[0] and 0 <= notice[2] < notice[4] <= size[1]
    assert _overlapping(boxes) == []
    view.grab().save(str(tmp_path / f"offline-{size[0]}.png"))
    # the connection back: a tile loads, the notice goes
    _js(qtbot, page, f"TP_SHARE.bases.osm.setUrl({json.dumps(_tile())}), 0")
    qtbot.waitUntil(lambda: _js(qtbot, page, SHOWN) is False, timeout=20_000)
    assert _js(qtbot, page, "document.querySelectorAll('.tp-offline').length") == 0
    assert page.errors == [] and page.alerts == [] and interceptor.other == []
    _close(qtbot, view, page)


@pytest.mark.usefixtures("japanese")
def test_online_the_tiles_load_and_no_notice_shows(qtbot, tmp_path):
    html = build_share_html(_plan())
    assert OSM in html
    out = tmp_path / "online.html"
    out.write_text(html.replace(OSM, _tile()), encoding="utf-8")
    view, page, interceptor = _open(qtbot, out, size=(1200, 800))
    loaded = "(function (t) { var k = Object.keys(t); return k.length > 0 && k.every(" \
             "function (x) { return t[x].loaded; }); })(TP_SHARE.bases.osm._tiles)"
    qtbot.waitUntil(lambda: _js(qtbot, page, loaded) is True, timeout=20_000)
    assert _js(qtbot, page, SHOWN) is False and interceptor.tiles == 0
    # the other base map chosen fails (this one offline): the notice then, not before
    _js(qtbot, page, "document.querySelectorAll('.leaflet-control-layers-base input')[1]"
                     ".click(), 0")
    qtbot.waitUntil(lambda: _js(qtbot, page, SHOWN) is True, timeout=20_000)
    assert page.errors == [] and page.alerts == [] and interceptor.other == []
    _close(qtbot, view, page)


#: Pixels of the outline's land colour (#f6f3ea) in a grab of the view.
LAND = (0xF6, 0xF3, 0xEA)


def _land_share(view) -> float:
    image = view.grab().toImage()
    step, land, seen = 8, 0, 0
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            c = image.pixelColor(x, y)
            seen += 1
            land += (c.red(), c.green(), c.blue()) == LAND
    return land / max(seen, 1)


@pytest.mark.usefixtures("japanese")
def test_offline_the_map_shows_the_outline_of_japan_embedded_in_the_page(qtbot, tmp_path):
    """Opened without internet it was blank grey under the customers: the window's offline
    outline now lies under the tiles, from the page itself (no request leaves the machine)."""
    out = export_share_map(_plan(), tmp_path / "map.html")
    view, page, interceptor = _open(qtbot, out, size=(1200, 800))
    qtbot.waitUntil(lambda: _js(qtbot, page, SHOWN) is True, timeout=20_000)
    shapes = "document.querySelectorAll('.leaflet-tpOutline-pane path.tp-outline').length"
    assert _js(qtbot, page, shapes) == 47  # the prefectures
    assert _js(qtbot, page, "TP_SHARE.map.getZoom() < TP_SHARE.outlineNear") is True
    qtbot.waitUntil(lambda: _land_share(view) > 0.2, timeout=20_000)  # drawn: land, not grey
    view.grab().save(str(tmp_path / "outline.png"))
    # zoomed in to a few wards, the coarse coast gives way to a plain background
    _js(qtbot, page, "TP_SHARE.map.setZoom(TP_SHARE.outlineNear, { animate: false }), 0")
    near = "document.getElementById('map').classList.contains('tp-outline-near')"
    qtbot.waitUntil(lambda: _js(qtbot, page, near) is True, timeout=20_000)
    assert page.errors == [] and page.alerts == [] and interceptor.other == []
    _close(qtbot, view, page)


@pytest.mark.usefixtures("japanese")
def test_on_a_phone_the_notice_stays_clear_of_the_day_legend_and_the_open_reps_list(
        qtbot, tmp_path):
    """Offline on a phone (390×844), colouring by visit day or opening the reps' list put
    that box, bottom right, over the notice's text, bottom left: the notice moves up."""
    view, page, interceptor = _open(qtbot, export_share_map(_plan(), tmp_path / "map.html"),
                                    size=(390, 844))
    qtbot.waitUntil(lambda: _js(qtbot, page, SHOWN) is True, timeout=20_000)
    _js(qtbot, page, "document.querySelectorAll('input[name=tp-colour]')[1].click(); 1")
    assert _js(qtbot, page, "TP_SHARE.colourBy") == "day"
    boxes = json.loads(_js(qtbot, page, _CONTROL_BOXES))
    assert any("tp-offline" in b[0] for b in boxes) and _overlapping(boxes) == []
    view.grab().save(str(tmp_path / "by-day.png"))
    _js(qtbot, page, "document.querySelectorAll('input[name=tp-colour]')[0].click(); 1")
    _js(qtbot, page, "document.querySelector('.leaflet-bottom .tp-legend h4').click(); 1")
    assert _js(qtbot, page, "document.querySelector('.tp-legend-rows').style.display") == ""
    boxes = json.loads(_js(qtbot, page, _CONTROL_BOXES))
    (notice,) = [b for b in boxes if "tp-offline" in b[0]]
    assert _overlapping(boxes) == [] and notice[2] >= 0  # still on the map
    # folded again, the notice goes back down to the scale
    _js(qtbot, page, "document.querySelector('.leaflet-bottom .tp-legend h4').click(); 1")
    assert _js(qtbot, page, "document.querySelector('.tp-offline').style.marginBottom") == ""
    view.grab().save(str(tmp_path / "list.png"))
    assert page.errors == [] and page.alerts == [] and interceptor.other == []
    _close(qtbot, view, page)
