"""Customers assigned by hand take their cells of the territory areas with them
(:class:`planner.edits.AssignWithAreas`); every other boundary stays as it is."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from planner import geometry as G
from planner import model as m
from planner._area_follow import moved_cells
from planner.edits import AssignCustomers, AssignWithAreas, apply_edit
from planner.synthetic import synthetic_plan

#: Areas compared in degrees² (1e-9: about 10 m²).
TINY = 1e-9


@pytest.fixture(scope="module")
def designed() -> m.Plan:
    plan = synthetic_plan(1500, territories=6, seed=5)
    return plan.replace(territories=G.boundaries_from_assignment(plan))


def _full_cells(plan: m.Plan, ids: tuple[str, ...]) -> shapely.Geometry:
    """The customers' Voronoi cells among all assigned located customers, clipped to the
    coverage: worked out from the whole plan, as boundaries_from_assignment does."""
    c = plan.customers
    ok = (c[m.TERRITORY] != "") & m.located_mask(c)
    lat, lon = c[m.LAT].to_numpy(dtype=float)[ok], c[m.LON].to_numpy(dtype=float)[ok]
    lat0 = float(np.mean(lat))
    x, y = G._to_km(lat, lon, lat0)
    cells = shapely.get_parts(shapely.voronoi_polygons(
        shapely.multipoints(np.column_stack([x, y])),
        extend_to=shapely.box(x.min() - 50, y.min() - 50, x.max() + 50, y.max() + 50),
        ordered=True))
    cover = G._coverage_km(x, y, G.BOUNDARY_BUFFER_KM)
    mine = c.loc[ok, m.CUSTOMER_ID].isin(ids).to_numpy()
    return G._from_km(shapely.intersection(shapely.union_all(cells[mine]), cover), lat0)


def _border_customers(plan: m.Plan, source: str, target: str, n: int) -> tuple[str, ...]:
    """``n`` customers of ``source`` nearest to ``target``'s customers (a lasso at the border)."""
    c = plan.customers
    theirs = c[c[m.TERRITORY] == target]
    mine = c[c[m.TERRITORY] == source]
    d = np.hypot(mine[m.LAT].to_numpy()[:, None] - theirs[m.LAT].to_numpy()[None, :],
                 mine[m.LON].to_numpy()[:, None] - theirs[m.LON].to_numpy()[None, :]).min(axis=1)
    return tuple(mine[m.CUSTOMER_ID].to_numpy()[np.argsort(d)[:n]].tolist())


def _neighbours(plan: m.Plan) -> tuple[str, str]:
    """Two territories sharing the longest border."""
    best, pair = -1.0, ("", "")
    for a in plan.territories:
        for b in plan.territories:
            if a.id < b.id:
                length = shapely.length(shapely.intersection(
                    shapely.boundary(a.boundary), shapely.boundary(b.boundary)))
                if length > best:
                    best, pair = length, (a.id, b.id)
    return pair


def test_the_moved_customers_cells_go_to_the_receiving_territory(designed) -> None:
    source, target = _neighbours(designed)
    ids = _border_customers(designed, source, target, 40)
    after, inverse, changes = apply_edit(designed, AssignWithAreas.to(ids, target))
    assert changes.territories and changes.assignment
    assert set(after.customers.loc[after.customers[m.CUSTOMER_ID].isin(ids), m.TERRITORY]) == {
        target}
    cells = _full_cells(designed, ids)
    was_s, was_t = designed.territory(source).boundary, designed.territory(target).boundary
    now_s, now_t = after.territory(source).boundary, after.territory(target).boundary
    assert cells.area > 100 * TINY
    # the source gave up exactly the cells, the target gained exactly them
    assert shapely.symmetric_difference(now_s, shapely.difference(was_s, cells)).area < TINY
    assert shapely.symmetric_difference(now_t, shapely.union(was_t, cells)).area < TINY
    assert shapely.intersection(now_s, now_t).area < TINY and now_s.is_valid and now_t.is_valid
    # every other territory's boundary is the very same shape
    for t0, t1 in zip(designed.territories, after.territories, strict=True):
        if t0.id not in (source, target):
            assert t1.boundary is t0.boundary
    # every customer lies in its own territory's area, the moved ones included
    polys = [t.boundary for t in after.territories]
    inside = G.assign_by_polygons(after.customers[m.LAT], after.customers[m.LON], polys)
    ids_of = np.array(after.territory_ids, dtype=object)[inside]
    assert (ids_of == after.customers[m.TERRITORY].to_numpy()).all()
    # one undo gives the customers and the boundaries back exactly
    back, _, _ = apply_edit(after, inverse)
    assert back.customers[m.TERRITORY].equals(designed.customers[m.TERRITORY])
    assert back.customers[m.LOCKED].equals(designed.customers[m.LOCKED])
    assert all(b.boundary is d.boundary for b, d in zip(back.territories, designed.territories,
                                                        strict=True))
    assert back.territories == designed.territories


def test_unassigned_customers_leave_their_cells_to_no_one(designed) -> None:
    source, target = _neighbours(designed)
    ids = _border_customers(designed, source, target, 15)
    after, inverse, _ = apply_edit(designed, AssignWithAreas.to(ids, ""))
    cells = _full_cells(designed, ids)
    was = designed.territory(source).boundary
    assert shapely.symmetric_difference(after.territory(source).boundary,
                                        shapely.difference(was, cells)).area < TINY
    for t0, t1 in zip(designed.territories, after.territories, strict=True):
        if t0.id != source:
            assert t1.boundary is t0.boundary
    c = after.customers.set_index(m.CUSTOMER_ID).loc[list(ids)]
    polys = [t.boundary for t in after.territories]
    assert (G.assign_by_polygons(c[m.LAT], c[m.LON], polys) == -1).all()  # in no area
    back, _, _ = apply_edit(after, inverse)
    assert back.territories == designed.territories
    # and assigned again, the cells come back to their territory
    again, _, _ = apply_edit(after, AssignWithAreas.to(ids, source))
    assert shapely.symmetric_difference(again.territory(source).boundary, was).area < TINY


def test_a_territory_without_a_boundary_gets_none(designed) -> None:
    source, target = _neighbours(designed)
    plan = designed.replace(territories=designed.territories + (m.Territory("T99", "新エリア"),))
    ids = _border_customers(plan, source, target, 10)
    after, _, _ = apply_edit(plan, AssignWithAreas.to(ids, "T99"))
    assert after.territory("T99").boundary is None
    assert after.territory(source).boundary.area < plan.territory(source).boundary.area
    assert after.territory(target).boundary is plan.territory(target).boundary


def test_a_customer_far_from_its_new_territory_is_an_island_of_it(designed) -> None:
    c = designed.customers
    one = str(c.loc[c[m.TERRITORY] == "T01", m.CUSTOMER_ID].iloc[0])
    far = next(t.id for t in designed.territories
               if not shapely.intersects(t.boundary, designed.territory("T01").boundary))
    after, _, _ = apply_edit(designed, AssignWithAreas.to((one,), far))
    parts = shapely.get_num_geometries(after.territory(far).boundary)
    assert parts == shapely.get_num_geometries(designed.territory(far).boundary) + 1
    row = c[m.CUSTOMER_ID] == one
    assert shapely.contains_xy(after.territory(far).boundary, c.loc[row, m.LON].iloc[0],
                               c.loc[row, m.LAT].iloc[0])


def test_without_boundaries_or_by_the_plain_edit_no_area_changes(designed) -> None:
    source, target = _neighbours(designed)
    ids = _border_customers(designed, source, target, 10)
    plain, _, _ = apply_edit(designed, AssignCustomers.to(ids, target))
    assert all(a.boundary is b.boundary for a, b in zip(plain.territories, designed.territories,
                                                        strict=True))
    bare = designed.replace(territories=tuple(t.replace(boundary=None)
                                              for t in designed.territories))
    after, _, changes = apply_edit(bare, AssignWithAreas.to(ids, target))
    assert after.territories == bare.territories and not changes.territories
    same, _, nothing = apply_edit(after, AssignWithAreas.to(ids, target))
    assert same is after and nothing == type(nothing)()


def test_local_cells_equal_the_cells_of_the_whole_diagram() -> None:
    """Widened until exact: a dense town, a few customers far out (cells reaching the
    coverage's edge) and one alone, each compared with the diagram of all the points."""
    rng = np.random.default_rng(3)
    xy = np.vstack([rng.normal(0, 1.5, (800, 2)), rng.uniform(-40, 40, (30, 2)), [[90.0, 5.0]]])
    xy = pd.DataFrame(xy).drop_duplicates().to_numpy()
    moving = np.array([0, 5, 400, 805, 820, len(xy) - 1])
    got, _ = moved_cells(xy, moving, 2.5)
    cells = shapely.get_parts(shapely.voronoi_polygons(
        shapely.multipoints(xy), extend_to=shapely.box(-200, -200, 200, 200), ordered=True))
    want = shapely.intersection(cells[moving], G._coverage_km(xy[:, 0], xy[:, 1], 2.5))
    assert (shapely.area(shapely.symmetric_difference(got, want)) < 1e-6).all()
    assert (shapely.area(want) > 0).all()


def test_cells_whose_edges_do_not_meet_exactly_are_joined_all_the_same() -> None:
    """Every customer of a 1,000-customer plan given to one rep: the cells clipped to their
    squares meet in edges GEOS's coverage union refuses ("incorrectly noded"); the union of
    any shapes then joins them."""
    plan = synthetic_plan(1000, territories=8, seed=1)
    plan = plan.replace(territories=G.boundaries_from_assignment(plan))
    ids = tuple(plan.customers[m.CUSTOMER_ID])
    after, _, _ = apply_edit(plan, AssignWithAreas.to(ids, "T08"))
    cells = _full_cells(plan, ids)
    assert shapely.symmetric_difference(after.territory("T08").boundary, shapely.union(
        plan.territory("T08").boundary, cells)).area < TINY
    for t0, t1 in zip(plan.territories[:-1], after.territories[:-1], strict=True):
        left = shapely.difference(t0.boundary, cells)
        assert (t1.boundary is None and left.area < TINY) or shapely.symmetric_difference(
            t1.boundary, left).area < TINY


def test_more_customers_at_once_than_the_areas_follow_leave_the_areas_as_they_are(
        designed, monkeypatch) -> None:
    """Thousands of scattered rows given to one rep drew thousands of islands (10 s at
    100,000 customers): above MAX_FOLLOWED the customers move and the areas stay."""
    from planner import _area_follow

    source, target = _neighbours(designed)
    ids = _border_customers(designed, source, target, 40)
    monkeypatch.setattr(_area_follow, "MAX_FOLLOWED", 39)
    after, _, changes = apply_edit(designed, AssignWithAreas.to(ids, target))
    assert set(after.customers.loc[after.customers[m.CUSTOMER_ID].isin(ids), m.TERRITORY]) == {
        target}
    assert all(a.boundary is d.boundary for a, d in zip(after.territories, designed.territories,
                                                        strict=True))
    monkeypatch.setattr(_area_follow, "MAX_FOLLOWED", 40)
    after, _, _ = apply_edit(designed, AssignWithAreas.to(ids, target))
    assert after.territory(target).boundary is not designed.territory(target).boundary
