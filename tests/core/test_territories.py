"""Territory figures: visits, service hours, the travel estimate, metrics, balance, stats."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
import shapely

from planner import model as m
from planner import territories as T
from planner.errors import PlannerError
from planner.synthetic import synthetic_plan

KM_LAT = 1 / 110.574  # degrees of latitude per km


def _plan(records: dict, territories: list[m.Territory], **settings) -> m.Plan:
    return m.new_plan(
        m.make_customers(records), territories=territories, settings=m.Settings(**settings)
    )


def _tour_length(x: np.ndarray, y: np.ndarray) -> float:
    """Nearest-neighbour tour improved by 2-opt (a good tour, the estimate's reference)."""
    pts = np.column_stack([x, y])
    n = len(pts)
    order = [0]
    left = set(range(1, n))
    while left:
        last = pts[order[-1]]
        nxt = min(left, key=lambda j: float(np.hypot(*(pts[j] - last))))
        order.append(nxt)
        left.remove(nxt)
    improved = True
    while improved:
        improved = False
        for i, j in itertools.combinations(range(1, n), 2):
            a, b = pts[order[i - 1]], pts[order[i]]
            c, d = pts[order[j]], pts[order[(j + 1) % n]]
            old = np.hypot(*(a - b)) + np.hypot(*(c - d))
            new = np.hypot(*(a - c)) + np.hypot(*(b - d))
            if new < old - 1e-9:
                order[i : j + 1] = order[i : j + 1][::-1]
                improved = True
    closed = pts[order + [order[0]]]
    return float(np.hypot(*np.diff(closed, axis=0).T).sum())


def test_visits_and_service_hours_use_rank_defaults_for_missing_values() -> None:
    settings = m.Settings(service_minutes_by_rank={"A": 60.0}, default_service_minutes=30.0)
    customers = m.make_customers(
        {
            m.CUSTOMER_ID: ["a", "b", "c"],
            m.RANK: ["A", "B", "A"],
            m.FREQUENCY: [8.0, np.nan, 2.0],
            m.SERVICE_MINUTES: [np.nan, np.nan, 15.0],
        }
    )
    vpw = T.visits_per_week(customers, settings=settings)
    # b has no frequency: rank B's rule (2 per 4 weeks) gives 0.5 a week
    assert vpw == pytest.approx([2.0, 0.5, 0.5])
    hours = T.service_hours_per_week(customers, settings)
    assert hours == pytest.approx([2.0 * 60 / 60, 0.5 * 30 / 60, 0.5 * 15 / 60])


def test_travel_estimate_tracks_a_real_tour_within_a_quarter() -> None:
    rng = np.random.default_rng(3)
    k = 40
    x_km, y_km = rng.uniform(0, 10, k), rng.uniform(0, 10, k)
    lat = 35.0 + y_km * KM_LAT
    lon = 139.0 + x_km / (111.32 * np.cos(np.radians(35.0)))
    settings = m.Settings(working_days=("mon",), detour_factor=1.0)
    home = (35.0 + 5 * KM_LAT, 139.0 + 5 / (111.32 * np.cos(np.radians(35.0))))
    est = T.estimate_travel_km_per_week(lat, lon, np.ones(k), home=home, settings=settings)
    hx = np.append(x_km, 5.0)
    hy = np.append(y_km, 5.0)
    reference = _tour_length(hx, hy)
    assert est == pytest.approx(reference, rel=0.25)


def test_travel_estimate_tracks_a_week_of_day_routes() -> None:
    # 50 weekly customers in a 15 km square, home in the middle, five working days;
    # the reference week sweeps them into five sectors and routes each day from home
    for seed in (0, 1):
        rng = np.random.default_rng(seed)
        x, y = rng.uniform(0, 15, 50), rng.uniform(0, 15, 50)
        days = np.array_split(np.argsort(np.arctan2(y - 7.5, x - 7.5)), 5)
        week = sum(_tour_length(np.append(x[g], 7.5), np.append(y[g], 7.5)) for g in days)
        km_lon = 111.32 * np.cos(np.radians(35.0))
        est = T.estimate_travel_km_per_week(
            35.0 + y * KM_LAT,
            139.0 + x / km_lon,
            np.ones(50),
            home=(35.0 + 7.5 * KM_LAT, 139.0 + 7.5 / km_lon),
            settings=m.Settings(detour_factor=1.0),
        )
        assert est == pytest.approx(week, rel=0.15)


def _calendar_km_a_week(plan: m.Plan) -> float:
    from planner.schedule import build_schedule

    s = build_schedule(plan, weeks=4).schedule
    return float((s["travel_km"].sum() + s["return_km"].sum()) / s["week"].max())


@pytest.mark.parametrize("towns", [1, 3])
def test_travel_estimate_tracks_the_programs_own_calendar_in_towns(towns: int) -> None:
    """Customers in towns with empty land between them: the estimate follows the customers'
    density, not the land their hull covers (the convex hull made it 30-50 % high)."""
    rng = np.random.default_rng(11)
    n = 90
    km_lon = 111.32 * np.cos(np.radians(35.8))
    centres = [(0.0, 0.0), (14.0, 3.0), (5.0, -12.0)][:towns]
    town = rng.integers(0, towns, n)
    x = np.array([centres[t][0] for t in town]) + rng.normal(0, 1.2, n)
    y = np.array([centres[t][1] for t in town]) + rng.normal(0, 1.2, n)
    freq = rng.choice([4.0, 2.0, 1.0], n, p=[0.4, 0.3, 0.3])
    plan = _plan(
        {
            m.CUSTOMER_ID: [f"c{i}" for i in range(n)],
            m.LAT: 35.8 + y * KM_LAT,
            m.LON: 139.4 + x / km_lon,
            m.FREQUENCY: freq,
            m.SERVICE_MINUTES: np.full(n, 15.0),
            m.TERRITORY: ["T1"] * n,
        },
        [m.Territory(id="T1", name="T1", home_lat=35.8 - 1 * KM_LAT, home_lon=139.4)],
    )
    estimate = float(T.territory_metrics(plan)["travel_km_per_week"].iloc[0])
    assert estimate == pytest.approx(_calendar_km_a_week(plan), rel=0.15)


def test_travel_estimate_grows_with_spread_distance_and_detour() -> None:
    rng = np.random.default_rng(1)
    lat = 35.5 + rng.normal(0, 0.02, 200)
    lon = 139.5 + rng.normal(0, 0.02, 200)
    v = np.full(200, 0.25)
    s = m.Settings()
    tight = T.estimate_travel_km_per_week(lat, lon, v, settings=s)
    wide = T.estimate_travel_km_per_week(
        35.5 + (lat - 35.5) * 3, 139.5 + (lon - 139.5) * 3, v, settings=s
    )
    far_home = T.estimate_travel_km_per_week(lat, lon, v, home=(35.9, 139.5), settings=s)
    detour = T.estimate_travel_km_per_week(lat, lon, v, settings=m.Settings(detour_factor=2.6))
    assert 0 < tight < wide
    assert far_home > tight + 2 * 40 * 5 * 0.9  # ~44 km each way, five days
    assert detour == pytest.approx(2 * tight)
    assert T.estimate_travel_km_per_week(lat, lon, np.zeros(200), settings=s) == 0.0
    with pytest.raises(PlannerError):
        T.estimate_travel_km_per_week(lat, lon[:5], v, settings=s)


def test_territory_metrics_match_an_independent_groupby() -> None:
    plan = synthetic_plan(600, territories=5, seed=4)
    # one unassigned and one territory left empty
    customers = plan.customers.copy()
    customers.loc[0, m.TERRITORY] = ""
    customers.loc[customers[m.TERRITORY] == "T05", m.TERRITORY] = "T04"
    plan = plan.replace(customers=customers)
    metrics = T.territory_metrics(plan)
    assert list(metrics.index) == ["T01", "T02", "T03", "T04", "T05"]
    assert tuple(metrics.columns) == T.METRIC_COLUMNS
    frame = pd.DataFrame(customers.drop(columns="geometry"))
    frame["v"] = frame[m.FREQUENCY] / 4
    frame["h"] = frame["v"] * frame[m.SERVICE_MINUTES] / 60
    g = frame[frame[m.TERRITORY] != ""].groupby(m.TERRITORY)
    for tid in ["T01", "T02", "T03", "T04"]:
        row = metrics.loc[tid]
        assert row["customers"] == len(g.get_group(tid))
        assert row["visits_per_cycle"] == pytest.approx(g["v"].sum()[tid] * 4)
        assert row["service_hours_per_week"] == pytest.approx(g["h"].sum()[tid])
        assert row["sales"] == pytest.approx(g[m.SALES].sum()[tid])
        sub = g.get_group(tid)
        t = plan.territory(tid)
        km = T.estimate_travel_km_per_week(
            sub[m.LAT], sub[m.LON], sub["v"], home=(t.home_lat, t.home_lon), settings=plan.settings
        )
        assert row["travel_km_per_week"] == pytest.approx(km)
        assert row["travel_hours_per_week"] == pytest.approx(km / plan.settings.speed_kmh)
        assert row["workload_hours_per_week"] == pytest.approx(
            row["service_hours_per_week"] + row["travel_hours_per_week"]
        )
        assert row["capacity_use"] == pytest.approx(row["workload_hours_per_week"] / 40.0)
    empty = metrics.loc["T05"]
    assert empty["customers"] == 0 and empty["travel_km_per_week"] == 0
    # the empty T05 has no deviation, and the others' mean is their own
    assert np.isnan(metrics.at["T05", "deviation"])
    w = metrics["workload_hours_per_week"].drop("T05")
    assert metrics["deviation"].drop("T05").to_numpy() == pytest.approx(
        ((w - w.mean()) / w.mean()).to_numpy())
    by_sales = T.territory_metrics(plan, balance="sales")
    s = by_sales["sales"].drop("T05")
    assert by_sales["deviation"].drop("T05").to_numpy() == pytest.approx(
        ((s - s.mean()) / s.mean()).to_numpy())
    with pytest.raises(PlannerError):
        T.territory_metrics(plan, balance="profit")


def test_area_uses_the_boundary_else_the_hull() -> None:
    # four customers on the corners of a 2 km × 2 km square
    dlon = 1 / (111.32 * np.cos(np.radians(35.0)))
    records = {
        m.CUSTOMER_ID: list("abcd"),
        m.LAT: [35.0, 35.0, 35.0 + 2 * KM_LAT, 35.0 + 2 * KM_LAT],
        m.LON: [139.0, 139.0 + 2 * dlon, 139.0, 139.0 + 2 * dlon],
        m.TERRITORY: ["T1", "T1", "T2", "T2"],
        m.FREQUENCY: [4, 4, 4, 4],
    }
    box = shapely.box(139.0, 35.0, 139.0 + 3 * dlon, 35.0 + 3 * KM_LAT)
    t1 = m.Territory("T1", "一", home_lat=35.0, home_lon=139.0)
    t2 = m.Territory("T2", "二", boundary=box)
    plan = _plan(records, [t1, t2])
    metrics = T.territory_metrics(plan)
    assert metrics.loc["T1", "area_km2"] == pytest.approx(0.0)  # two points: no area
    assert metrics.loc["T2", "area_km2"] == pytest.approx(9.0, rel=0.01)
    hull_plan = plan.replace(
        customers=plan.customers.assign(**{m.TERRITORY: ["T1"] * 4}),
    )
    assert T.territory_metrics(hull_plan).loc["T1", "area_km2"] == pytest.approx(4.0, rel=0.01)


def test_balance_summary_known_values() -> None:
    metrics = pd.DataFrame({"sales": [1.0, 2.0, 3.0], "customers": [0, 0, 0]})
    summary = T.balance_summary(metrics, "sales")
    assert summary["measure"] == "sales"
    assert summary["max_deviation"] == pytest.approx(0.5)
    assert summary["cv"] == pytest.approx(np.std([1, 2, 3]) / 2)
    assert T.balance_summary(metrics, "customers") == {
        "measure": "customers",
        "max_deviation": 0.0,
        "cv": 0.0,
    }


def test_compactness_is_the_mean_distance_to_the_centre() -> None:
    angles = np.linspace(0, 2 * np.pi, 12, endpoint=False)
    dlon = 1 / (111.32 * np.cos(np.radians(35.0)))
    lat = np.concatenate([35.0 + 3 * KM_LAT * np.sin(angles), 35.5 + 3 * KM_LAT * np.sin(angles)])
    lon = np.concatenate([139.0 + 3 * dlon * np.cos(angles), 139.5 + 3 * dlon * np.cos(angles)])
    records = {
        m.CUSTOMER_ID: [f"c{i}" for i in range(24)],
        m.LAT: lat,
        m.LON: lon,
        m.TERRITORY: ["T1"] * 12 + ["T2"] * 12,
        m.FREQUENCY: [4.0] * 24,
    }
    plan = _plan(records, [m.Territory("T1", "一"), m.Territory("T2", "二")])
    assert T.compactness(plan) == pytest.approx(3.0, rel=0.01)
    merged = plan.replace(customers=plan.customers.assign(**{m.TERRITORY: ["T1"] * 24}))
    assert T.compactness(merged) > 20


def test_plan_stats_keys_and_values() -> None:
    plan = synthetic_plan(300, territories=3, seed=2)
    stats = T.plan_stats(plan)
    assert {"customers", "located", "assigned", "territories", "balance", "schedule"} <= set(stats)
    assert stats["customers"] == stats["located"] == stats["assigned"] == 300
    assert stats["schedule"] is None
    keys = {"id", "name", "rep", "customers", "visits_per_cycle", "workload_hours_per_week",
            "sales", "travel_km_per_cycle", "deviation"}  # fmt: skip
    assert all(keys <= set(t) for t in stats["territories"])
    assert sum(t["customers"] for t in stats["territories"]) == 300
    assert set(stats["balance"]) >= {"measure", "max_deviation", "cv"}
    metrics = T.territory_metrics(plan)
    first = stats["territories"][0]
    assert first["travel_km_per_cycle"] == pytest.approx(
        metrics.iloc[0]["travel_km_per_week"] * 4, abs=0.1
    )
    assert stats["balance"]["max_deviation"] == pytest.approx(
        metrics["deviation"].abs().max(), abs=1e-6
    )


def test_plan_stats_summarises_the_schedule() -> None:
    plan = synthetic_plan(50, territories=2, seed=2)
    rows = [
        ("T01", "C000001", 1, "mon", 1, "09:20", "09:50", 10.0, 20.0),
        ("T01", "C000002", 1, "mon", 2, "10:00", "17:30", 5.0, 10.0),
        ("T02", "C000003", 2, "tue", 1, "09:10", "10:00", 2.5, 10.0),
    ]
    schedule = pd.DataFrame(rows, columns=list(m.SCHEDULE_COLUMNS))
    unscheduled = pd.DataFrame({"customer_id": ["C000004"], "territory": ["T02"], "reason": ["x"]})
    planned = plan.replace(schedule=schedule, unscheduled=unscheduled, meta={"schedule_weeks": 4})
    summary = T.plan_stats(planned)["schedule"]
    assert summary["weeks"] == 4
    assert summary["visits"] == 3
    assert summary["unscheduled"] == 1
    assert summary["max_day_hours"] == pytest.approx(8.5)  # 09:00 → 17:30
    assert summary["travel_km"] == pytest.approx(17.5)
    assert summary["stale"] is False
    by_id = {t["id"]: t for t in T.plan_stats(planned)["territories"]}
    assert by_id["T01"]["scheduled_travel_km"] == pytest.approx(15.0)
    assert by_id["T02"]["scheduled_travel_km"] == pytest.approx(2.5)
    assert (by_id["T01"]["scheduled_visits"], by_id["T02"]["scheduled_visits"]) == (2, 1)
    assert (by_id["T01"]["unscheduled_customers"], by_id["T02"]["unscheduled_customers"]) == (0, 1)
    # with the schedule's own day length and drives home (as build_schedule writes them)
    full = schedule.assign(return_km=[0.0, 4.0, 1.5], day_hours=[9.0, 9.0, 1.4])
    summary = T.plan_stats(planned.replace(schedule=full))["schedule"]
    assert summary["max_day_hours"] == pytest.approx(9.0)
    assert summary["travel_km"] == pytest.approx(23.0)


def test_day_summary_lists_each_day_with_its_hours_and_km() -> None:
    from planner.stats import day_summary

    plan = synthetic_plan(50, territories=2, seed=2)
    rows = [
        ("T01", "C000001", 1, "mon", 1, "09:20", "09:50", 10.0, 20.0),
        ("T01", "C000002", 1, "mon", 2, "10:00", "17:30", 5.0, 10.0),
        ("T01", "C000003", 1, "tue", 1, "09:10", "10:00", 2.5, 10.0),
    ]
    schedule = pd.DataFrame(rows, columns=list(m.SCHEDULE_COLUMNS))
    days = day_summary(plan.replace(schedule=schedule), territory_id="T01")
    assert days[["week", "day", "visits"]].values.tolist() == [[1, "mon", 2], [1, "tue", 1]]
    assert days["hours"].tolist() == pytest.approx([8.5, 1.0])  # from 09:00
    assert days["travel_km"].tolist() == pytest.approx([15.0, 2.5])
    # the way home counts, in hours (return_minutes) and km (return_km)
    home = schedule.assign(return_km=[0.0, 6.0, 3.0], return_minutes=[0.0, 30.0, 12.0])
    days = day_summary(plan.replace(schedule=home), territory_id="T01")
    assert days["hours"].tolist() == pytest.approx([9.0, 1.2])
    assert days["travel_km"].tolist() == pytest.approx([21.0, 5.5])
    assert day_summary(plan.replace(schedule=schedule), territory_id="T02").empty


# --- geometry -----------------------------------------------------------------------


def test_assign_by_polygons_matches_shapely_and_first_polygon_wins() -> None:
    left = shapely.box(139.0, 35.0, 139.5, 35.5)
    right = shapely.box(139.5, 35.0, 140.0, 35.5)
    overlap = shapely.box(139.4, 35.0, 139.6, 35.5)
    rng = np.random.default_rng(0)
    lon = rng.uniform(138.9, 140.1, 2000)
    lat = rng.uniform(34.9, 35.6, 2000)
    lat[:3] = [35.2, np.nan, 35.2]
    lon[:3] = [139.5, 139.2, 139.45]  # on the shared edge, unlocated, inside the overlap
    got = T.assign_by_polygons(lat, lon, [left, None, right, overlap])
    assert got[0] == 0  # an edge point counts as inside; the first polygon wins
    assert got[1] == -1
    assert got[2] == 0
    expected = np.full(2000, -1)
    for k, poly in reversed(list(enumerate([left, None, right, overlap]))):
        if poly is not None:
            expected[shapely.intersects_xy(poly, lon, lat)] = k
    assert (got[3:] == expected[3:]).all()
    assert set(np.unique(got)) == {-1, 0, 2}
    with pytest.raises(PlannerError):
        T.assign_by_polygons(lat, lon[:10], [left])


def _box_plan() -> m.Plan:
    """Three side-by-side territories with boxes as boundaries and customers on a grid."""
    xs = np.linspace(139.005, 139.295, 30)
    ys = np.linspace(35.005, 35.095, 10)
    lon, lat = (a.ravel() for a in np.meshgrid(xs, ys))
    boxes = [shapely.box(139.0 + 0.1 * k, 35.0, 139.1 + 0.1 * k, 35.1) for k in range(3)]
    terr = np.array(["T1", "T2", "T3"], dtype=object)[
        np.minimum((lon - 139.0) // 0.1, 2).astype(int)
    ]
    records = {
        m.CUSTOMER_ID: [f"c{i:03d}" for i in range(len(lat))],
        m.LAT: lat,
        m.LON: lon,
        m.TERRITORY: terr,
        m.FREQUENCY: np.full(len(lat), 2.0),
    }
    territories = [m.Territory(f"T{k + 1}", f"区域{k + 1}", boundary=boxes[k]) for k in range(3)]
    return _plan(records, territories)


def test_reshape_territory_trims_neighbours_and_moves_customers() -> None:
    plan = _box_plan()
    c = plan.customers
    # T1 grows east into T2 and gives up its western strip
    new_shape = shapely.box(139.03, 35.0, 139.15, 35.1)
    locked_in_t2 = c.index[(c[m.TERRITORY] == "T2") & (c[m.LON] < 139.15)][0]
    locked = c[m.LOCKED].to_numpy().copy()
    locked[locked_in_t2] = True
    plan = plan.replace(customers=c.assign(**{m.LOCKED: locked}))
    result = T.reshape_territory(plan, "T1", new_shape)
    by_id = dict(zip(result.customer_ids, result.new_territories, strict=True))
    lon = c[m.LON].to_numpy()
    cid = c[m.CUSTOMER_ID].to_numpy()
    gained = (c[m.TERRITORY] == "T2").to_numpy() & (lon < 139.15)
    for i in np.flatnonzero(gained):
        if i == locked_in_t2:
            assert cid[i] not in by_id
        else:
            assert by_id[cid[i]] == "T1"
    lost = (c[m.TERRITORY] == "T1").to_numpy() & (lon < 139.03)
    assert lost.sum() > 0
    assert all(by_id[x] == "" for x in cid[lost])  # no neighbour polygon holds them
    t = {tt.id: tt for tt in result.territories}
    assert t["T1"].boundary.equals(new_shape)
    assert shapely.intersection(t["T2"].boundary, new_shape).area == pytest.approx(0, abs=1e-12)
    assert t["T3"].boundary.equals(plan.territory("T3").boundary)
    assert len(by_id) == (gained.sum() - 1) + lost.sum()
    # a shape without area is refused
    with pytest.raises(PlannerError):
        T.reshape_territory(plan, "T1", shapely.LineString([(139, 35), (139.1, 35.1)]))
    with pytest.raises(PlannerError):
        T.reshape_territory(plan, "T9", new_shape)


def test_reshape_sends_leavers_to_the_neighbour_that_holds_them() -> None:
    plan = _box_plan()
    result = T.reshape_territory(plan, "T2", shapely.box(139.1, 35.0, 139.15, 35.1))
    by_id = dict(zip(result.customer_ids, result.new_territories, strict=True))
    # T2's eastern half borders T3: the boundary between them moves as one line, so T3's
    # edge follows and T2's eastern customers join T3 instead of becoming unassigned
    assert by_id and set(by_id.values()) == {"T3"}
    t3 = dict((t.id, t) for t in result.territories)["T3"].boundary
    assert t3.equals(shapely.box(139.15, 35.0, 139.3, 35.1).normalize()) or abs(
        t3.area - shapely.box(139.15, 35.0, 139.3, 35.1).area) < 1e-12
    # T1's western strip borders no one: its customers are unassigned
    edge = T.reshape_territory(plan, "T1", shapely.box(139.03, 35.0, 139.1, 35.1))
    assert set(edge.new_territories) == {""}
    # shrink T2 after T3 took its east: those customers now go to T3
    grown = plan.replace(
        territories=T.reshape_territory(
            plan, "T3", shapely.box(139.15, 35.0, 139.3, 35.1)
        ).territories
    )
    again = T.reshape_territory(grown, "T2", shapely.box(139.1, 35.0, 139.14, 35.1))
    moved = dict(zip(again.customer_ids, again.new_territories, strict=True))
    lon = plan.customers.set_index(m.CUSTOMER_ID)[m.LON]
    assert all(v == "T3" for k, v in moved.items() if lon[k] > 139.15)
    assert any(v == "T3" for v in moved.values())


def test_boundaries_from_assignment_partition_the_customers() -> None:
    plan = synthetic_plan(1500, territories=6, seed=5)
    c = plan.customers.copy()
    # a duplicate position in another territory, and one territory with no customers
    c.loc[1, [m.LAT, m.LON]] = c.loc[0, [m.LAT, m.LON]].to_numpy()
    c.loc[1, m.TERRITORY] = "T02" if c.loc[0, m.TERRITORY] != "T02" else "T03"
    c = m.set_points(c)
    extra = m.Territory("T07", "空")
    plan = plan.replace(customers=c, territories=plan.territories + (extra,))
    territories = T.boundaries_from_assignment(plan)
    assert [t.id for t in territories] == plan.territory_ids
    assert territories[-1].boundary is None
    polys = [t.boundary for t in territories[:-1]]
    assert all(p is not None and p.is_valid for p in polys)
    for a, b in itertools.combinations(polys, 2):
        assert shapely.intersection(a, b).area < 1e-9
    got = T.assign_by_polygons(c[m.LAT], c[m.LON], polys)
    ids = np.array(plan.territory_ids[:-1], dtype=object)
    same = ids[got] == c[m.TERRITORY].to_numpy()
    assert same[2:].all()  # everyone but the duplicate sits in their own territory
    # the area stays near the customers: 10 km from all of them is outside every boundary
    lat, lon = c[m.LAT].to_numpy(), c[m.LON].to_numpy()
    probe_lat, probe_lon = 35.45, 139.85  # Tokyo Bay: water, no customers nearby
    d = np.hypot((lat - probe_lat) * 110.6, (lon - probe_lon) * 90.5).min()
    assert d > 4
    assert T.assign_by_polygons([probe_lat], [probe_lon], polys)[0] == -1
    with pytest.raises(PlannerError):
        T.boundaries_from_assignment(plan, buffer_km=0)


def test_figures_after_an_edit_recompute_only_the_territories_it_changed(monkeypatch) -> None:
    """The k-d trees and hulls of territories an edit left alone come from the cache, and
    every figure equals the one worked out from nothing."""
    from planner import _group_figures

    plan = synthetic_plan(3000, territories=6, seed=4)
    T.territory_metrics(plan)
    c = plan.customers.copy()
    moved = c.index[c[m.TERRITORY] == "T01"][:40]
    c.loc[moved, m.TERRITORY] = "T02"
    edited = plan.replace(customers=c)
    built: list[int] = []
    real = _group_figures._spacing

    def counted(xy, *args):
        built.append(len(xy))
        return real(xy, *args)

    monkeypatch.setattr(_group_figures, "_spacing", counted)
    cached = T.territory_metrics(edited)
    assert len(built) == 2  # T01 and T02 only
    _group_figures.FIGURES.clear()
    fresh = T.territory_metrics(edited)
    assert len(built) == 2 + 6
    pd.testing.assert_frame_equal(cached, fresh)


def test_reshape_leaves_customers_the_line_does_not_cross_where_the_manager_put_them() -> None:
    """A customer assigned by hand to another territory than its polygon's (Assign selection)
    stays there when a vertex elsewhere on the boundary is dragged: only customers between
    the old and the new line change territory."""
    plan = _box_plan()
    c = plan.customers
    lon = c[m.LON].to_numpy()
    terr = c[m.TERRITORY].to_numpy(dtype=object).copy()
    in_t1_box = np.flatnonzero((terr == "T1") & (lon > 139.05))[:3]  # east of T1, not crossed
    in_t3_box = np.flatnonzero(terr == "T3")[:2]
    terr[in_t1_box] = "T2"  # the manager gave them to T2 ...
    terr[in_t3_box] = "T1"  # ... and these to T1, though T3's polygon holds them
    plan = plan.replace(customers=c.assign(**{m.TERRITORY: terr}))
    result = T.reshape_territory(plan, "T1", shapely.box(139.03, 35.0, 139.1, 35.1))
    by_id = dict(zip(result.customer_ids, result.new_territories, strict=True))
    cid = c[m.CUSTOMER_ID].to_numpy()
    assert not set(cid[in_t1_box]) & set(by_id)
    assert not set(cid[in_t3_box]) & set(by_id)
    lost = (terr == "T1") & (lon < 139.03)
    assert lost.sum() > 0 and set(by_id) == set(cid[lost])  # the western strip only
