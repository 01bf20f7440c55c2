"""Every territory can be told on the map: a new territory a rebalance carved round another
rep's home gets its name (in its colour) at once, and the pointer over any territory's area
names it and its rep, also one whose name gave way to its neighbours' far out.

The real page in QtWebEngine (offscreen); every request leaving the machine blocked and
failing the module, and no console error allowed. Before, the name of a new territory
around 東京エリア's home diamond (a rebalance of the sample plan giving 新エリア the middle of
東京エリア) had no room clear of the diamond at the zoom the plan opens at and was hidden, and
nothing on the map said which small area was whose.
"""

import pytest
import shapely
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from test_map_view import js, open_map

from planner import model as m
from planner.edits import ReplacePlan

pytestmark = pytest.mark.usefixtures("isolated")

#: Each name: [territory id, shown, its middle as [lat, lng], its colour].
LABELS = """TP.layers.labels.getLayers().map(function (mk) {
  var e = mk.getElement().firstChild, r = e.getBoundingClientRect();
  var box = TP.map.getContainer().getBoundingClientRect();
  var c = TP.map.containerPointToLatLng([(r.left + r.right) / 2 - box.left,
                                        (r.top + r.bottom) / 2 - box.top]);
  return [TP.layers.territory(mk.tpIndex).id, e.style.visibility !== 'hidden', [c.lat, c.lng],
          e.style.getPropertyValue('--tp-color')];
})"""

EAST = shapely.box(139.70, 35.60, 139.90, 35.76)
NEW = shapely.box(139.72, 35.62, 139.82, 35.70)  # round 東京エリア's home (35.69, 139.77)
WEST = shapely.box(139.50, 35.60, 139.70, 35.76)


def before_rebalance() -> m.Plan:
    """西 and 東京 with their reps' homes, and an empty 新エリア (Territory → New territory)."""
    new_ones = [(35.63 + 0.01 * k, 139.74 + 0.015 * k) for k in range(5)]
    customers = m.make_customers({
        m.CUSTOMER_ID: [f"c{k}" for k in range(11)],
        m.NAME: [f"店{k}" for k in range(11)],
        m.LAT: [35.74, 35.745, 35.75, 35.61, 35.615, 35.62] + [p[0] for p in new_ones],
        m.LON: [139.86, 139.87, 139.88, 139.52, 139.53, 139.54] + [p[1] for p in new_ones],
        m.TERRITORY: ["T01"] * 3 + ["T02"] * 3 + ["T01"] * 5,
    })
    return m.new_plan(customers, territories=[
        m.Territory("T01", "東京エリア", rep="鈴木", color=m.PALETTE[0], boundary=EAST,
                    home_lat=35.69, home_lon=139.77),
        m.Territory("T02", "西エリア", rep="山田", color=m.PALETTE[1], boundary=WEST,
                    home_lat=35.68, home_lon=139.60),
        m.Territory("T03", "新エリア", color=m.PALETTE[2]),
    ])


def rebalanced(plan: m.Plan) -> m.Plan:
    """The rebalance: 新エリア takes the five customers in the middle of 東京エリア."""
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID].isin([f"c{k}" for k in range(6, 11)]), m.TERRITORY] = "T03"
    return plan.replace(customers=c, territories=(
        plan.territory("T01").replace(boundary=EAST.difference(NEW)),
        plan.territory("T02"), plan.territory("T03").replace(boundary=NEW)))


@pytest.fixture(scope="module")
def env(qapp):
    ns = yield from open_map(before_rebalance())
    assert ns.interceptor.foreign == []


@pytest.fixture
def view(env, qtbot):
    qtbot.waitUntil(env.view.is_ready, timeout=60_000)
    qtbot.waitUntil(env.view.is_up_to_date, timeout=10_000)
    return env.view


def far_out(qtbot, view) -> None:
    """The zoom the sample plan opens at (its eight territories in the window)."""
    js(qtbot, view, "TP.map.setView([35.68, 139.72], 9, {animate: false}) && 1")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.getZoom()") == 9, timeout=10_000)


def test_the_new_territorys_name_shows_in_its_colour_at_once_and_goes_with_an_undo(
        env, view, qtbot):
    document = env.document
    far_out(qtbot, view)
    with qtbot.waitSignal(document.planChanged, timeout=10_000):
        document.push(ReplacePlan(rebalanced(document.plan), label="Rebalance"))
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    qtbot.waitUntil(lambda: js(qtbot, view, "Array.from(TP.points.terr)")[6:] == [2] * 5,
                    timeout=10_000)
    labels = {tid: rest for tid, *rest in js(qtbot, view, LABELS)}
    shown, (y, x), colour = labels["T03"]
    assert shown, labels
    assert NEW.contains(shapely.Point(x, y))  # its middle on its own area
    assert colour == m.PALETTE[2]
    legend = js(qtbot, view, "Array.from(document.querySelectorAll('.tp-legend-name'))"
                             ".map(function (e) { return e.textContent; })")
    assert "新エリア" in legend
    with qtbot.waitSignal(document.planChanged, timeout=10_000):
        document.undo_stack.undo()
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    assert {tid for tid, *_rest in js(qtbot, view, LABELS)} == {"T01", "T02"}
    assert view.page.errors == []


#: Per territory, a spot of its area in view well off the customers and the home diamonds
#: (the pointer there meets the area, not a customer or a diamond): {id: [lat, lng]}.
SPOTS = """(function () {
  var size = TP.map.getSize(), homes = [], out = {};
  TP.layers.homes.eachLayer(function (h) { homes.push(TP.map.latLngToContainerPoint(h.getLatLng())); });
  for (var y = 20; y < size.y - 20; y += 2) {
    for (var x = 60; x < size.x - 60; x += 2) {
      var p = L.point(x, y), t = TP.layers.territoryAt(TP.map.containerPointToLatLng(p));
      if (!t || out[t.id] || TP.points.hit(p, 6) >= 0) { continue; }
      if (homes.some(function (h) { return h.distanceTo(p) < 14; })) { continue; }
      var at = TP.map.containerPointToLatLng(p);
      out[t.id] = [at.lat, at.lng];
    }
  }
  return out; })()"""


def hover(qtbot, view, lat: float, lon: float, *, tip: bool = True) -> str:
    """A real pointer moved over ``lat, lon`` (Qt → Chromium → the page): the tooltip shown
    there (``tip``), or "" once none shows (not ``tip``)."""
    at = js(qtbot, view, f"TP.map.latLngToContainerPoint([{lat}, {lon}])")
    spot = QPointF(at["x"], at["y"])
    target = view.view.focusProxy()
    moved = f"'{round(at['x']) + 14}px'"

    def seen() -> bool:  # moved again until the page has seen it (it may drop early moves)
        for where in (spot + QPointF(-3, 0), spot):
            QApplication.sendEvent(target, QMouseEvent(
                QEvent.Type.MouseMove, where, view.view.mapToGlobal(where),
                Qt.MouseButton.NoButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier))
        QApplication.processEvents()
        box = "document.querySelector('.tp-tooltip')"
        if not tip:
            return js(qtbot, view, f"{box} === null || {box}.style.display === 'none'")
        return js(qtbot, view, f"{box} !== null && {box}.style.display === 'block' && "
                               f"{box}.style.left === {moved}")

    qtbot.waitUntil(seen, timeout=10_000)
    return js(qtbot, view, "TP.points.tooltipText()") if tip else ""


def test_the_pointer_over_a_territory_names_it_and_its_rep(env, view, qtbot):
    document = env.document
    with qtbot.waitSignal(document.planChanged, timeout=10_000):
        document.push(ReplacePlan(rebalanced(document.plan), label="Rebalance"))
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    js(qtbot, view, "TP.map.setView([35.68, 139.72], 8, {animate: false}) && 1")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.getZoom()") == 8, timeout=10_000)
    # far out, the names have no room inside their small areas
    assert not any(shown for _tid, shown, *_rest in js(qtbot, view, LABELS))
    spots = js(qtbot, view, SPOTS)
    assert set(spots) == {"T01", "T02", "T03"}
    for t in document.plan.territories:
        expected = t.name + (f"Rep: {t.rep}" if t.rep else "")  # 新エリア has no rep yet
        assert hover(qtbot, view, *spots[t.id]) == expected, t.id
        # the spot is really that territory's (東京エリア's: round 新エリア, not in it)
        assert (t.boundary.contains(shapely.Point(spots[t.id][1], spots[t.id][0])))
    hover(qtbot, view, 36.3, 139.72, tip=False)  # in no territory: none (else times out)
    # over a customer, the customer's own tooltip
    c3 = document.plan.customers.set_index(m.CUSTOMER_ID).loc["c3"]
    assert hover(qtbot, view, c3[m.LAT], c3[m.LON]).startswith("店3")
    document.undo_stack.undo()
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    assert view.page.errors == []
