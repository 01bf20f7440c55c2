"""Territories grown around the reps' homes hold only customers their rep reaches in a day."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest

from planner import model as m
from planner._design_graph import neighbour_graph, repair_islands
from planner._design_repair import SwapModel, rebalance_few_moves
from planner.design import design_territories
from planner.rep_days import rep_day_hours
from planner.schedule import build_schedule
from planner.synthetic import synthetic_customers
from planner.territories import service_minutes
from planner.travel import round_trip_minutes, travel_matrices

LAT0, LON0 = 35.6, 139.3
KX, KY = 111.32 * np.cos(np.radians(LAT0)), 110.57


def _latlon(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Kilometres east/north of (LAT0, LON0) as latitudes and longitudes."""
    return LAT0 + np.asarray(y) / KY, LON0 + np.asarray(x) / KX


def _two_reps(seed: int = 3) -> m.Plan:
    """Rep A's home at x = 0 with the denser half (x −10…30 km), part-timer B's (5 h days) at
    x = 60 km with the lighter one (30…70 km): the balance hands B part of A's side. One
    shop lies 50 km north of the middle, as far from both homes (58 km): the cheapest to
    give B, but beyond B's day trip (5.2 min per km there and back + 20 min > 5 h); A
    reaches it (8 h)."""
    rng = np.random.default_rng(seed)
    x = np.concatenate([rng.uniform(-10, 30, 240), rng.uniform(30, 70, 120), [30.0]])
    y = np.concatenate([rng.uniform(-10, 10, 360), [50.0]])
    lat, lon = _latlon(x, y)
    c = synthetic_customers(len(x), seed=1)
    c[m.LAT], c[m.LON] = lat, lon
    c = c.set_geometry(gpd.points_from_xy(lon, lat, crs=m.CRS))
    c[m.SERVICE_MINUTES] = 20.0
    c[m.FREQUENCY] = 1.0
    (ha, hao), (hb, hbo) = zip(*_latlon(np.array([0.0, 60.0]), np.zeros(2)), strict=True)
    terrs = [
        m.Territory("T01", "A", home_lat=float(ha), home_lon=float(hao)),
        m.Territory("T02", "B", home_lat=float(hb), home_lon=float(hbo), day_hours=5.0),
    ]
    return m.new_plan(c, territories=terrs)


def _out_of_reach(plan: m.Plan) -> np.ndarray:
    """Customers whose visit and drive from their rep's home and back (the calendar's
    reckoning) take longer than the rep's day."""
    c = plan.customers
    s = plan.settings
    visit = service_minutes(c, s)
    bad = np.zeros(len(c), bool)
    for t in plan.territories:
        mine = (c[m.TERRITORY] == t.id).to_numpy()
        there = travel_matrices([t.home_lat], [t.home_lon], c[m.LAT][mine], c[m.LON][mine],
                                settings=s).minutes[0]
        limit = rep_day_hours(t, s.day_hours, len(s.working_days)) * 60.0
        bad[mine] = round_trip_minutes(there, there, visit[mine]) > limit
    return bad


FAR = -1  # the far shop is the last customer


@pytest.mark.parametrize("how", ["fresh", "also", "keep", "added"])
def test_a_far_customer_stays_with_the_rep_who_can_reach_it(how: str) -> None:
    plan = _two_reps()
    options: dict = {}
    if how == "also":
        options = {"also": "sales", "also_tolerance": 0.10}
    if how == "keep":  # a kept plan split down the middle that gave the far shop to B
        c = plan.customers.copy()
        x = (c[m.LON].to_numpy() - LON0) * KX
        c[m.TERRITORY] = np.where(x < 30, "T01", "T02")
        c.iloc[FAR, c.columns.get_loc(m.TERRITORY)] = "T02"
        plan = plan.replace(customers=c)
        assert _out_of_reach(plan)[FAR]
        options = {"keep_existing": True}
    if how == "added":  # B joins a kept plan where A held everyone: B's share carved out
        c = plan.customers.copy()
        c[m.TERRITORY] = "T01"
        plan = plan.replace(customers=c)
        options = {"keep_existing": True}
    result = design_territories(plan, count=2, seeds="homes", tolerance=0.05, **options)
    c = result.plan.customers
    assert c[m.TERRITORY].iloc[FAR] == "T01"
    assert not _out_of_reach(result.plan).any()
    assert result.max_deviation <= 0.05
    assert (c[m.TERRITORY] == "T02").sum() > 120  # B did take some of A's side


def test_the_calendar_then_visits_every_customer_from_home() -> None:
    result = design_territories(_two_reps(), count=2, seeds="homes", tolerance=0.05)
    out = build_schedule(result.plan)
    far = out.unscheduled[out.unscheduled["reason"].str.startswith("Too far")]
    assert far.empty, far.to_string()


def test_a_customer_no_rep_reaches_goes_to_the_nearest_home() -> None:
    plan = _two_reps()
    c = plan.customers.copy()
    lat, lon = _latlon(np.array([75.0]), np.array([-120.0]))  # 122 km from B, 144 km from A
    c.iloc[FAR, c.columns.get_loc(m.LAT)] = lat[0]
    c.iloc[FAR, c.columns.get_loc(m.LON)] = lon[0]
    c = c.set_geometry(gpd.points_from_xy(c[m.LON], c[m.LAT], crs=m.CRS))
    result = design_territories(plan.replace(customers=c), count=2, seeds="homes")
    assert result.plan.customers[m.TERRITORY].iloc[FAR] == "T02"
    assert _out_of_reach(result.plan).sum() == 1


def _grid() -> tuple[np.ndarray, np.ndarray]:
    """A 4 × 4 grid: the left half (x < 2) territory 0, the right half territory 1."""
    xy = np.array([(x, y) for x in range(4) for y in range(4)], dtype=float)
    return xy, (xy[:, 0] >= 2).astype(np.int64)


def test_an_island_its_neighbours_cannot_reach_stays_where_it_is() -> None:
    xy, labels = _grid()
    island = int(np.flatnonzero((xy[:, 0] == 3) & (xy[:, 1] == 1))[0])
    labels[island] = 0
    graph = neighbour_graph(xy)
    free = np.zeros(len(xy), bool)
    assert repair_islands(graph, labels, np.ones(len(xy)), free)[island] == 1
    reach = np.ones((len(xy), 2), bool)
    reach[island, 1] = False
    out = repair_islands(graph, labels, np.ones(len(xy)), free, reach=reach)
    assert out[island] == 0
    assert (np.delete(out, island) == np.delete(labels, island)).all()


def test_rebalancing_hands_no_customer_to_a_rep_who_cannot_reach_it() -> None:
    xy, labels = _grid()
    weight = np.ones(len(xy))
    weight[xy[:, 0] == 0] = 2.075
    weight[xy[:, 0] == 1] = [0.1, 0.6, 0.1, 0.1]  # loads 9.2 and 8.0: 7 % off the mean
    heavy = int(np.flatnonzero((xy[:, 0] == 1) & (xy[:, 1] == 1))[0])
    model = SwapModel(weight, np.zeros(len(xy)), np.zeros(2), np.zeros(2))
    graph = neighbour_graph(xy)
    reach = np.ones((len(xy), 2), bool)
    reach[heavy, 1] = False  # the move that balances best alone is out of reach
    out = rebalance_few_moves(
        graph, graph.adjacency_lists(), labels, lambda lab: model,
        locked=np.zeros(len(xy), bool), xy=xy, mass=np.ones(len(xy)),
        centres=np.array([[0.5, 1.5], [2.5, 1.5]]), tolerance=0.05, reach=reach,
    )
    assert out[heavy] == 0
    assert (out != labels).any()
    assert reach[np.arange(len(xy)), out].all()
