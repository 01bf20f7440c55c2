"""The local hand-over of a reshape (planner/_hand_over.py) against the plain one.

A vertex dragged on the map comes back with every coordinate rounded to the page's
precision, so the area a territory gives up is hundreds of slivers; the fast version
must hand each to the same neighbour as the plain one.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from planner import _hand_over
from planner import model as m
from planner.design import design_territories
from planner.geometry import polygonal, reshape_territory
from planner.maps.actions import clean_polygon, reshape_edit
from planner.maps.data import _geometry_json
from planner.synthetic import synthetic_customers


@pytest.fixture(scope="module")
def designed() -> m.Plan:
    plan = m.new_plan(synthetic_customers(1500, seed=7))
    return design_territories(plan, count=8, balance="workload", tolerance=0.05).plan


def _page_drag(
    plan: m.Plan, territory_id: str, k: int, factor: float, *, raw: bool = False
) -> shapely.Polygon:
    """The polygon the page sends after vertex ``k`` was dragged ``factor`` × its distance
    from the centre outwards (negative: inwards), every coordinate as the page has it
    (``raw``: as sent, else made valid as :func:`clean_polygon` does)."""
    boundary = plan.territory(territory_id).boundary
    parts = list(shapely.get_parts(shapely.geometry.shape(_geometry_json(boundary))))
    big = max(range(len(parts)), key=lambda i: parts[i].area)  # drag a vertex of the largest
    ring = np.array(parts[big].exterior.coords)
    c = boundary.centroid
    k = k % (len(ring) - 1)
    ring[k] += factor * (ring[k] - (c.x, c.y))
    ring[-1] = ring[0]
    parts[big] = shapely.Polygon(ring, [r.coords for r in parts[big].interiors])
    sent = parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    return sent if raw else clean_polygon(sent)


def _reshape_both(plan, territory_id, polygon, monkeypatch):
    fast = reshape_territory(plan, territory_id, polygon)
    with monkeypatch.context() as patch:
        patch.setattr(_hand_over, "hand_over", _hand_over.hand_over_plain)
        plain = reshape_territory(plan, territory_id, polygon)
    return fast, plain


def test_fast_hand_over_gives_the_plain_territories_and_customers(designed, monkeypatch):
    slivers = 0
    for n, t in enumerate(designed.territories[:4]):
        for factor in (0.3, -0.3):
            polygon = _page_drag(designed, t.id, 7 * n + 3, factor)
            given = shapely.difference(t.boundary, polygon)
            slivers = max(slivers, len(shapely.get_parts(given)))
            fast, plain = _reshape_both(designed, t.id, polygon, monkeypatch)
            assert fast.customer_ids == plain.customer_ids
            assert fast.new_territories == plain.new_territories
            assert [x.id for x in fast.territories] == [x.id for x in plain.territories]
            for a, b in zip(fast.territories, plain.territories, strict=True):
                assert (a.boundary is None) == (b.boundary is None)
                if a.boundary is not None:  # the same area, to rounding (the unions' order
                    # may leave one vertex more, 1e-18 deg² off the line, on a drawn bridge)
                    assert len(shapely.get_parts(a.boundary)) == len(
                        shapely.get_parts(b.boundary)), (t.id, factor, a.id)
                    off = shapely.symmetric_difference(a.boundary, b.boundary).area
                    assert off <= 1e-12 * b.boundary.area, (t.id, factor, a.id)
    assert slivers > 20  # the rounding really cut the given-up area into many pieces


@pytest.mark.parametrize("east_first", [True, False])
def test_a_piece_next_to_one_already_handed_over_follows_it(east_first):
    """Two strips given up, 5e-6° apart: the eastern one borders T2, the western one only
    the eastern one. Taken east first, the western strip follows it to T2 (T2's edge now
    runs along it); taken west first, it borders no one yet and stays with no one."""
    t1 = m.Territory("T1", "一", boundary=shapely.box(0.0, 0.0, 0.1, 0.1))
    t2 = m.Territory("T2", "二", boundary=shapely.box(0.3, 0.0, 0.4, 0.1))
    t3 = m.Territory("T3", "三", boundary=shapely.box(0.0, 0.5, 0.1, 0.6))
    west, east = shapely.box(0.1, 0.0, 0.2, 0.1), shapely.box(0.200005, 0.0, 0.3, 0.1)
    given = shapely.MultiPolygon([east, west] if east_first else [west, east])
    out = {}
    for name, how in (("fast", _hand_over.hand_over), ("plain", _hand_over.hand_over_plain)):
        out[name] = how([t1, t2, t3], "T1", given, polygonal)
    for a, b in zip(out["fast"], out["plain"], strict=True):
        assert a.boundary.equals(b.boundary)
    got = out["fast"][1].boundary.area
    want = 0.1 * (0.1 + 0.099995 + (0.1 if east_first else 0.0))
    assert got == pytest.approx(want, rel=1e-9)
    assert out["fast"][2] is t3  # far away: untouched


def test_a_dragged_vertex_moves_alone_the_others_keep_their_exact_place(designed):
    """The page has every vertex rounded to 1e-6°; the edit puts back the ones it did not
    move, so the area given up is the dragged corner's, not slivers along the whole ring,
    and only the customers between the old and the new line change territory."""
    moved_at_all = 0
    for n, t in enumerate(designed.territories[:4]):
        for factor in (0.3, -0.3):
            sent = _page_drag(designed, t.id, 5 * n + 2, factor, raw=True)
            edit = reshape_edit(designed, t.id, sent)
            old = set(map(tuple, shapely.get_coordinates(t.boundary).tolist()))
            new = set(map(tuple, shapely.get_coordinates(edit.boundary).tolist()))
            assert len(new - old) <= 5  # the dragged vertex (and where its edges cross)
            assert len(old - new) <= 1
            given = shapely.get_parts(shapely.difference(t.boundary, edit.boundary))
            assert len(given) <= 2
            # only customers between the old and the new line change territory
            moved = reshape_territory(designed, t.id, edit.boundary).customer_ids
            between = shapely.symmetric_difference(t.boundary, edit.boundary).buffer(1e-9)
            c = designed.customers.set_index(m.CUSTOMER_ID).loc[list(moved)]
            assert shapely.contains_xy(between, c[m.LON], c[m.LAT]).all()
            moved_at_all += len(moved)
    assert moved_at_all > 0
