"""The shared HTML map on a rep's phone: tapping a customer opens a popup with a link that
starts Google Maps' directions to it — a link only: the page never requests it."""

from __future__ import annotations

import json

from test_share_html import _close, _js, _open

from planner import model as m
from planner.export.nav_links import stop_url
from planner.maps.share import export_share_map
from planner.synthetic import synthetic_plan

#: A real click (tap) on customer ``i``'s circle, then the popup's text and its link.
TAP = """(function (i) {
  var s = TP_SHARE, d = JSON.parse(document.getElementById('tp-data').textContent).customers;
  // the last tap's popup closed and its pan into view ended: neither covers nor moves the spot
  s.map.closePopup(); s.map.stop();
  var p = s.map.latLngToContainerPoint([d.lat[i], d.lon[i]]);
  var box = s.map.getContainer().getBoundingClientRect();
  var at = { clientX: box.left + p.x, clientY: box.top + p.y, bubbles: true, cancelable: true,
             view: window, button: 0 };
  var under = document.elementFromPoint(at.clientX, at.clientY);
  ['mousedown', 'mouseup', 'click'].forEach(function (type) {
    under.dispatchEvent(new MouseEvent(type, at));
  });
  var pop = document.querySelector('.leaflet-popup-content');
  var a = pop && pop.querySelector('a');
  return JSON.stringify({ text: pop ? pop.textContent : null, href: a ? a.href : null,
                          target: a ? a.target : null, link: a ? a.textContent : null,
                          rel: a ? a.rel : null });
})(%d)"""


def _plan() -> m.Plan:
    return synthetic_plan(12, territories=2, seed=5)


def test_a_tapped_customer_links_to_directions_to_it(qtbot, tmp_path, japanese) -> None:
    plan = _plan()
    out = export_share_map(plan, tmp_path / "nav.html")
    view, page, interceptor = _open(qtbot, out, size=(390, 844))
    c = plan.customers
    for i in (0, 5):
        got = json.loads(_js(qtbot, page, TAP % i))
        assert got["text"] and c[m.NAME].iat[i] in got["text"]
        assert got["link"] == "ここへのナビ（Googleマップ）"
        assert got["href"] == stop_url(c[m.LAT].iat[i], c[m.LON].iat[i])
        assert got["target"] == "_blank" and "noopener" in got["rel"]
    # the link is never followed by the page: nothing but tiles left the machine
    assert not any("google" in url for url in interceptor.other), interceptor.other
    assert interceptor.other == []
    assert page.errors == []
    _close(qtbot, view, page)


def test_without_nav_links_the_popup_has_no_link(qtbot, tmp_path, japanese) -> None:
    out = export_share_map(_plan(), tmp_path / "plain.html", nav_links=False)
    assert "google.com/maps" not in out.read_text(encoding="utf-8")
    view, page, _interceptor = _open(qtbot, out, size=(390, 844))
    got = json.loads(_js(qtbot, page, TAP % 0))
    assert got["text"] and got["href"] is None
    assert page.errors == []
    _close(qtbot, view, page)
