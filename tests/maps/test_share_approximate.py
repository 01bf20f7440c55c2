"""The shared HTML map marks customers at an approximate position (geocode ``nearby:…``) as the
window's map does: a dashed dark ring round the circle and a tooltip line asking to check it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from planner import model as m
from planner.i18n import set_language
from planner.maps.share import export_share_map
from planner.synthetic import synthetic_plan
from tests.maps.test_share_html import _close, _js, _open

WORDS = {"en": "Approximate position: check it on the map",
         "ja": "おおよその位置です。地図で確認してください。"}


def _spaced_plan() -> m.Plan:
    """A grid of customers 0.02° apart (well apart on screen), two of them approximate."""
    plan = synthetic_plan(16, territories=2, seed=3)
    c = plan.customers.copy()
    c[m.LAT] = 35.60 + 0.02 * (np.arange(16) // 4)
    c[m.LON] = 139.60 + 0.02 * (np.arange(16) % 4)
    c[m.GEOCODE] = ""
    c.loc[5, m.GEOCODE] = "nearby:town"
    c.loc[10, m.GEOCODE] = "nearby:chome"
    return plan.replace(customers=m.set_points(c))


def _dark_ring_pixels(picture, x: float, y: float) -> int:
    """How many pixels 6.5 to 8.5 screen pixels from (x, y) are dark: the ring (#111, a little
    lighter where smoothed) is there; the circle's own outline (#333) ends at 4.5."""
    dark = 0
    for dy in range(-9, 10):
        for dx in range(-9, 10):
            if 6.5 <= (dx * dx + dy * dy) ** 0.5 <= 8.5:
                colour = picture.pixelColor(round(x) + dx, round(y) + dy)
                dark += max(colour.red(), colour.green(), colour.blue()) < 80
    return dark


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_approximate_customers_have_a_dashed_ring_and_say_so(qtbot, tmp_path, lang) -> None:
    set_language(lang)
    try:
        out = export_share_map(_spaced_plan(), tmp_path / "approx.html")
    finally:
        set_language(None)
    view, page, interceptor = _open(qtbot, out)
    tips = json.loads(_js(qtbot, page, """JSON.stringify([0, 5, 10].map(function (i) {
        TP_SHARE.points.showTip(i);
        var el = document.querySelector('.leaflet-tooltip .tp-approx');
        return el ? [el.textContent, getComputedStyle(el).color] : null; }))"""))
    assert tips == [None, [WORDS[lang], "rgb(183, 28, 28)"], [WORDS[lang], "rgb(183, 28, 28)"]]
    _js(qtbot, page, "TP_SHARE.map.fire('mousemove', { containerPoint: L.point(-50, -50),"
                     " originalEvent: { target: null } }), 1")  # the pointer away: no tooltip
    # the territories' names (dark text) away too: only the customers' rings are counted
    _js(qtbot, page, "document.querySelectorAll('.tp-label').forEach(function (e) {"
                     " e.style.display = 'none'; }), 1")
    qtbot.wait(300)
    places = json.loads(_js(qtbot, page, """JSON.stringify([0, 5, 6, 10].map(function (i) {
        var d = JSON.parse(document.getElementById('tp-data').textContent).customers;
        var p = TP_SHARE.map.latLngToContainerPoint([d.lat[i], d.lon[i]]);
        return [p.x, p.y]; }))"""))
    picture = view.grab().toImage()
    rings = [_dark_ring_pixels(picture, x, y) for x, y in places]
    plain, approximate, neighbour, approximate2 = rings
    assert approximate > 12 and approximate2 > 12  # a dashed ring, about half of it ink
    assert plain == 0 and neighbour == 0  # the others: no ring
    picture.save(str(tmp_path / f"approx-{lang}.png"))
    assert page.errors == [] and page.alerts == [] and interceptor.other == []
    _close(qtbot, view, page)
