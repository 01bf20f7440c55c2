"""A territory added by a design's Apply (a rep joining: 「ここに担当者を追加」) gets its name
on the map at once, placed by the label rule with its real customer count.

The real page in QtWebEngine (offscreen); every request leaving the machine blocked and
failing the module, and no console error allowed. Before, the page sorted the names by
customer count when the territories arrived, before the customers' new territories did: the
new territory counted no customer, its name went last and was moved or hidden, and stayed
so until the plan was opened again.
"""


import pytest
import shapely
from test_map_view import js, open_map

from planner import model as m
from planner.edits import ReplacePlan

#: Each name's [shown, gave way: moved off its place, shrunk or hidden] in the territories' order.
LABELS = """TP.layers.labels.getLayers().map(function (mk) {
  var e = mk.getElement().firstChild;
  return [TP.layers.territory(mk.tpIndex).id, e.style.visibility !== 'hidden',
          mk.tpState !== 'full' || mk.tpMoved];
})"""


def _territory(tid: str, name: str, colour: int, box: tuple[float, ...]) -> m.Territory:
    return m.Territory(tid, name, rep=name[:2], color=m.PALETTE[colour],
                       boundary=shapely.box(*box))


def before_join() -> m.Plan:
    """西 with one customer; 東 with four, three of them in its north."""
    customers = m.make_customers({
        m.CUSTOMER_ID: ["c1", "c2", "c3", "c4", "c5"],
        m.NAME: ["西商店", "東商店", "北一", "北二", "北三"],
        m.LAT: [35.65, 35.65, 35.74, 35.75, 35.76],
        m.LON: [139.65, 139.75, 139.74, 139.75, 139.76],
        m.TERRITORY: ["T01", "T02", "T02", "T02", "T02"],
    })
    return m.new_plan(customers, territories=[
        _territory("T01", "西エリア", 0, (139.6, 35.6, 139.7, 35.7)),
        _territory("T02", "東エリア", 1, (139.7, 35.6, 139.8, 35.8)),
    ])


def after_join(plan: m.Plan) -> m.Plan:
    """A rep joined beside 東: 北エリア takes the three customers of 東's north."""
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID].isin(["c3", "c4", "c5"]), m.TERRITORY] = "T03"
    east = plan.territory("T02").replace(boundary=shapely.box(139.7, 35.6, 139.8, 35.7))
    return plan.replace(customers=c, territories=(
        plan.territory("T01"), east, _territory("T03", "北エリア", 2, (139.7, 35.7, 139.8, 35.8))))


@pytest.fixture(scope="module")
def env(qapp):
    ns = yield from open_map(before_join())
    assert ns.interceptor.foreign == []


def test_the_joined_territorys_name_is_placed_with_its_customers_at_once(env, qtbot) -> None:
    view, document = env.view, env.document
    qtbot.waitUntil(view.is_ready, timeout=60_000)
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    # far enough out that 東's and 北's names would cover each other
    js(qtbot, view, "TP.map.setView([35.70, 139.75], 8, {animate: false}) && 1")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.getZoom()") == 8, timeout=10_000)
    with qtbot.waitSignal(document.planChanged, timeout=10_000):
        document.push(ReplacePlan(after_join(document.plan), label="Add a rep"))
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    qtbot.waitUntil(lambda: js(qtbot, view, "Array.from(TP.points.terr)") == [0, 1, 2, 2, 2],
                    timeout=10_000)
    labels = {tid: (shown, moved) for tid, shown, moved in js(qtbot, view, LABELS)}
    # 北 (3 customers) keeps its name in place; 東 (now 1) gives way, as on a reopened plan
    assert labels["T03"] == (True, False), labels
    assert labels["T02"] != (True, False), labels
    # undone: 東 has its four customers and its name back in place
    with qtbot.waitSignal(document.planChanged, timeout=10_000):
        document.undo_stack.undo()
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    labels = {tid: (shown, moved) for tid, shown, moved in js(qtbot, view, LABELS)}
    assert set(labels) == {"T01", "T02"} and labels["T02"] == (True, False)
    assert view.page.errors == []
