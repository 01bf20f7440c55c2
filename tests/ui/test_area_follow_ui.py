"""Customers assigned to another territory in the window take their part of the area with
them: through the map's selection menu (right-click) and the customer list's territory cell,
one undo step, the page redrawing only the two territories and logging no JS error."""

import numpy as np
import pytest
import shapely
from test_main_window import open_window
from test_map_view import blocking_requests, js

from planner import model as m
from planner._design_changes import territory_label
from planner.geometry import boundaries_from_assignment
from planner.synthetic import synthetic_plan
from planner.ui.customer_model import COLUMNS

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(scope="module", autouse=True)
def interceptor(qapp):
    yield from blocking_requests()


def designed_plan() -> m.Plan:
    plan = synthetic_plan(300, territories=3, seed=2)
    return plan.replace(territories=boundaries_from_assignment(plan))


def _border_customer(plan: m.Plan, source: str, target: str) -> int:
    """The row of ``source``'s customer nearest to a customer of ``target``."""
    c = plan.customers
    lat, lon = c[m.LAT].to_numpy(), c[m.LON].to_numpy()
    mine = np.flatnonzero(c[m.TERRITORY].to_numpy() == source)
    theirs = np.flatnonzero(c[m.TERRITORY].to_numpy() == target)
    d = np.hypot(lat[mine, None] - lat[None, theirs], lon[mine, None] - lon[None, theirs])
    return int(mine[d.min(axis=1).argmin()])


def _contains(boundary, c, row: int) -> bool:
    return bool(shapely.contains_xy(boundary, c[m.LON].iat[row], c[m.LAT].iat[row]))


def test_a_customer_assigned_from_the_maps_menu_takes_its_area_along(qtbot):
    plan = designed_plan()
    window = open_window(qtbot, plan)
    window.resize(1400, 860)
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    view, document, actions = window.map_view, window.document, window.actions_ui
    source, target = "T01", "T02"
    row = _border_customer(plan, source, target)
    c = plan.customers
    cid = str(c[m.CUSTOMER_ID].iat[row])
    assert _contains(plan.territory(source).boundary, c, row)
    view.run_js(f"TP.map.setView([{c[m.LAT].iat[row]}, {c[m.LON].iat[row]}], 14)")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.points.grid && TP.points.grid.cols > 0"),
                    timeout=10_000)
    script = (
        f"(function () {{ var p = TP.map.latLngToContainerPoint([{c[m.LAT].iat[row]}, "
        f"{c[m.LON].iat[row]}]); TP.map.fire('contextmenu', {{containerPoint: p, latlng: "
        "TP.map.containerPointToLatLng(p), originalEvent: {preventDefault: function () {}}}); "
        "return true; })()"
    )
    with qtbot.waitSignal(view.menuRequested, timeout=10_000):
        view.run_js(script)
    assert document.selection == frozenset({cid})
    assign = next(a.menu() for a in actions.map_menu.actions()
                  if a.text() == "Assign selection to territory")
    item = next(a for a in assign.actions() if a.text() == territory_label(plan, target))
    item.trigger()
    actions.map_menu.close()
    after = document.plan
    assert after.customers[m.TERRITORY].iat[row] == target
    assert _contains(after.territory(target).boundary, c, row)  # its cell went along
    assert not _contains(after.territory(source).boundary, c, row)
    assert after.territory("T03").boundary is plan.territory("T03").boundary
    qtbot.waitUntil(view.is_up_to_date, timeout=20_000)
    # the page drew the two territories' new areas, and only those
    assert sorted(js(qtbot, view, "Object.keys(TP.layers.changed)")) == [source, target]
    assert document.undo_stack.count() == 1
    document.undo_stack.undo()  # one step gives back the customer and both areas
    assert document.plan.customers[m.TERRITORY].equals(plan.customers[m.TERRITORY])
    assert all(a.boundary is b.boundary for a, b in zip(document.plan.territories,
                                                        plan.territories, strict=True))
    qtbot.waitUntil(view.is_up_to_date, timeout=20_000)
    assert sorted(js(qtbot, view, "Object.keys(TP.layers.changed)")) == [source, target]
    document.undo_stack.redo()
    assert document.plan.territories == after.territories
    qtbot.waitUntil(view.is_up_to_date, timeout=20_000)
    assert view.page.errors == []


def test_the_customer_lists_territory_cell_moves_the_area_too(qtbot):
    plan = designed_plan()
    window = open_window(qtbot, plan)
    model = window.actions_ui.customer_panel.model
    row = _border_customer(plan, "T02", "T03")
    cid = str(plan.customers[m.CUSTOMER_ID].iat[row])
    shown = next(r for r in range(model.rowCount()) if model.customer_id(r) == cid)
    column = next(i for i, col in enumerate(COLUMNS) if col.key == m.TERRITORY)
    assert model.setData(model.index(shown, column), "T03")
    after = window.document.plan
    assert _contains(after.territory("T03").boundary, plan.customers, row)
    assert after.territory("T01").boundary is plan.territory("T01").boundary
    window.document.undo_stack.undo()
    assert window.document.plan.territories == plan.territories
