"""Territory figures: visits, service hours, an honest travel estimate, workload, balance.

Everything here is vectorised (numpy/pandas, shapely 2 array functions): the
figures are recomputed after every edit, so no Python loop runs over customers.

Travel estimate (per territory, per week)
-----------------------------------------
A rep leaves the start point (home base, or the territory's visit-weighted
centre when no home is set) each working day, drives out to that day's part of the
territory, visits ``k`` stops and comes back. Following the continuous
approximation of Daganzo (1984, "The length of tours in zones of different
shapes", Transp. Res. B 18(2)) built on Beardwood, Halton & Hammersley (1959),
a week's driving is::

    L_week ≈ 2 · r · trips  +  LOCAL_FACTOR · β_k · Σ_i w_i / sqrt(ρ_i)

The line-haul ``r`` is the visit-weighted mean distance from the start point to the
customers, and the rep goes out ``trips = min(D, V)`` days a week (``D`` working days, ``V``
visits a week). The local part is the Beardwood–Halton–Hammersley tour through the week's
stops, ``β ∫ sqrt(ρ) dA``, written as a sum over the customers: each visit (``w_i`` a week)
costs the spacing ``1 / sqrt(ρ_i)`` of the stops around it, ``ρ_i`` being the visits a week
per km² among the ``DENSITY_NEIGHBOURS`` nearest customers of the same territory. For
customers spread evenly over an area ``A`` this is the textbook ``β · sqrt(V · A)``; for
customers clustered in towns it counts the towns, not the empty land between them that a
convex hull would (that made the estimate 30–50 % high). ``β_k = β · (1 +
SMALL_TOUR_CORRECTION / k)`` with ``k = V / trips`` stops a day: β = 0.7124 is the
asymptotic Euclidean constant (Johnson, McGeoch & Rothberg 1996), and short daily tours
with a depot have boundary effects that push it up. ``LOCAL_FACTOR`` takes out what the
line-haul already covers: Daganzo's local constant for zones reaching out from the depot is
0.57, 0.80 of β; fitted against the program's own calendars it is 0.72.
Straight-line kilometres are multiplied by ``settings.detour_factor`` and turned into hours
at ``settings.speed_kmh``.

Checked against the calendars the program itself builds (``benchmarks/bench_travel_estimate.py``:
customers spread evenly, the bundled sample's 8 territories and the calendar benchmark's 10
town-clustered ones; day zones and routed days): about 5 % off on average, 14 % at worst
(the convex-hull form of the same estimate was 30 % high on average, 47 % at worst).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import shapely

from planner import model as m
from planner._group_figures import hull_area_km2, stop_spacing_km
from planner._territory_balance import (
    MEASURES,
    _deviation,
    balance_summary,
    capacity_hours,
    deviation_text,
    fair_shares,
    shown_deviation,
)
from planner.errors import PlannerError
from planner.i18n import tr

#: Beardwood–Halton–Hammersley constant for Euclidean tours (large-n limit).
BHH_BETA = 0.7124
#: Small-tour correction: the effective constant is ``BHH_BETA * (1 + c / k)`` for ``k`` stops.
SMALL_TOUR_CORRECTION = 0.33
#: Multiplier on the line-haul (start point → day zone) distance.
LINE_HAUL_FACTOR = 1.0
#: Multiplier on the local part (between the day's stops): Daganzo's 0.57 for zones that
#: reach out from the depot is 0.80 of β; ``benchmarks/bench_travel_estimate.py`` fits 0.72
#: against the program's own calendars on even, town-clustered and sample customers.
LOCAL_FACTOR = 0.72
#: Neighbours whose distance and visits give a stop's local visit density.
DENSITY_NEIGHBOURS = 6
#: Kilometres per degree of latitude, and of longitude at the equator (equirectangular).
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON = 111.320


METRIC_COLUMNS = (
    "customers",
    "visits_per_cycle",
    "visits_per_4_weeks",
    "service_hours_per_week",
    "travel_km_per_week",
    "travel_hours_per_week",
    "workload_hours_per_week",
    "sales",
    "area_km2",
    "deviation",
    "capacity_use",
    "days_per_week",
    "fair_share",
)


# --- per customer -------------------------------------------------------------


def visits_per_week(customers: pd.DataFrame, *, settings: m.Settings | None = None) -> np.ndarray:
    """Visits per week of each customer: frequency / 4 (a missing frequency uses the rank rule)."""
    freq = customers[m.FREQUENCY].to_numpy(dtype=float, copy=True)
    missing = ~np.isfinite(freq)
    if missing.any():
        s = settings or m.Settings()
        ranks = customers[m.RANK].to_numpy(dtype=object)[missing]
        rule = pd.Series(ranks).map(dict(s.frequency_by_rank)).to_numpy(dtype=float)
        freq[missing] = np.where(np.isfinite(rule), rule, s.default_frequency)
    return freq / 4.0


def service_minutes(customers: pd.DataFrame, settings: m.Settings) -> np.ndarray:
    """Visit length in minutes of each customer (a missing or negative one uses the rank
    default)."""
    minutes = customers[m.SERVICE_MINUTES].to_numpy(dtype=float, copy=True)
    missing = ~np.isfinite(minutes) | (minutes < 0)
    if missing.any():
        ranks = customers[m.RANK].to_numpy(dtype=object)[missing]
        rule = pd.Series(ranks).map(dict(settings.service_minutes_by_rank)).to_numpy(dtype=float)
        minutes[missing] = np.where(np.isfinite(rule), rule, settings.default_service_minutes)
    return minutes


def service_hours_per_week(customers: pd.DataFrame, settings: m.Settings) -> np.ndarray:
    """Hours per week spent at each customer: visits per week × visit minutes / 60."""
    return (
        visits_per_week(customers, settings=settings) * service_minutes(customers, settings) / 60.0
    )


# --- travel -------------------------------------------------------------------


def _local_xy(lat: np.ndarray, lon: np.ndarray, lat0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Equirectangular kilometres about latitude ``lat0`` (per point, broadcast)."""
    x = lon * KM_PER_DEG_LON * np.cos(np.radians(lat0))
    y = lat * KM_PER_DEG_LAT
    return x, y


def _group_sums(codes: np.ndarray, weights: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(codes, weights=weights, minlength=n)[:n]


def _group_rows(codes: np.ndarray, n: int) -> list[np.ndarray]:
    """The row numbers of each group 0..n-1 (a Python loop over the groups may follow: a few
    dozen territories, each vectorised inside)."""
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(n + 1))
    return [order[bounds[g] : bounds[g + 1]] for g in range(n)]


def _hull_areas_km2(codes: np.ndarray, x: np.ndarray, y: np.ndarray, n: int) -> np.ndarray:
    """Convex-hull area (km²) of each group's points (0 for fewer than three or a line)."""
    areas = np.zeros(n)
    for g, idx in enumerate(_group_rows(codes, n)):  # one Qhull call per territory
        if len(idx) < 3:
            continue
        xy = np.column_stack([x[idx], y[idx]])
        areas[g] = hull_area_km2(xy)  # unchanged territories: from the cache
    return areas


def _local_spacing_km(
    codes: np.ndarray, x: np.ndarray, y: np.ndarray, w: np.ndarray, n: int
) -> np.ndarray:
    """Each stop's spacing from its own group's visit density, ``sqrt(π r² / W)`` (km).

    ``r`` is the distance to the ``DENSITY_NEIGHBOURS``-th nearest stop of the same group and
    ``W`` the visits a week of those neighbours, so ``W / (π r²)`` is the visits per km² around
    the stop; its inverse square root is the stop's share of a tour (Beardwood–Halton–
    Hammersley: a tour through density ρ is ``β ∫ sqrt(ρ) dA = β Σ w / sqrt(ρ)``). Stops of
    groups with fewer than three stops get 0 (the line-haul covers them).
    """
    spacing = np.zeros(len(codes))
    for idx in _group_rows(codes, n):  # one k-d tree per territory
        if len(idx) < 3:
            continue
        xy, wi = np.column_stack([x[idx], y[idx]]), w[idx]
        spacing[idx] = stop_spacing_km(xy, wi, DENSITY_NEIGHBOURS)
    return spacing


def _travel_by_group(
    codes: np.ndarray,
    n: int,
    lat: np.ndarray,
    lon: np.ndarray,
    vpw: np.ndarray,
    home_lat: np.ndarray,
    home_lon: np.ndarray,
    settings: m.Settings,
    days: np.ndarray | None = None,
    *,
    with_area: bool = False,
) -> tuple[np.ndarray, np.ndarray | None]:
    """Weekly travel km of each group (see the module docstring), and with ``with_area`` the
    convex-hull area (km²) of its customers (the figures' area; the estimate needs none).

    ``codes`` are group numbers 0..n-1 of located customers; ``home_lat``/``home_lon``
    (length ``n``) are NaN where the group has no start point (its centre is used);
    ``days`` (length ``n``) are each group's working days a week (default: the plan's).
    """
    visits = _group_sums(codes, vpw, n)
    wsum = np.where(visits > 0, visits, 1.0)
    centre_lat = _group_sums(codes, vpw * lat, n) / wsum
    centre_lon = _group_sums(codes, vpw * lon, n) / wsum
    no_home = ~(np.isfinite(home_lat) & np.isfinite(home_lon))
    start_lat = np.where(no_home, centre_lat, home_lat)
    start_lon = np.where(no_home, centre_lon, home_lon)
    lat0 = np.where(np.isfinite(start_lat), start_lat, 35.0)
    x, y = _local_xy(lat, lon, lat0[codes])
    area = _hull_areas_km2(codes, x, y, n) if with_area else None
    sx, sy = _local_xy(start_lat, start_lon, lat0)
    dist = np.hypot(x - sx[codes], y - sy[codes])
    stops = vpw > 0
    spacing = np.zeros(len(codes))
    spacing[stops] = _local_spacing_km(codes[stops], x[stops], y[stops], vpw[stops], n)
    line_haul = _group_sums(codes, vpw * dist, n) / wsum
    if days is None:
        days = np.full(n, float(len(settings.working_days)))
    trips = np.minimum(days, visits)
    k = np.where(trips > 0, visits / np.maximum(trips, 1e-12), 1.0)
    beta = BHH_BETA * (1.0 + SMALL_TOUR_CORRECTION / np.maximum(k, 1.0))
    local = LOCAL_FACTOR * beta * _group_sums(codes, vpw * spacing, n)
    km = (2.0 * LINE_HAUL_FACTOR * line_haul * trips + local) * settings.detour_factor
    km = np.where(visits > 0, km, 0.0)
    return km, area


def workload_by_group(
    codes: np.ndarray,
    n: int,
    lat: np.ndarray,
    lon: np.ndarray,
    vpw: np.ndarray,
    service_hours: np.ndarray,
    *,
    home_lat: np.ndarray,
    home_lon: np.ndarray,
    settings: m.Settings,
    days: np.ndarray | None = None,
) -> np.ndarray:
    """Workload hours per week (service + estimated travel) of groups 0..n-1 of customers.

    For designers and splitters trying candidate groupings; ``codes`` < 0 are ignored,
    customers without coordinates add service time but no travel; ``days`` are each
    group's working days a week (default: the plan's).
    """
    use = codes >= 0
    service = _group_sums(codes[use], service_hours[use], n)
    located = use & np.isfinite(lat) & np.isfinite(lon)
    km, _area = _travel_by_group(
        codes[located], n, lat[located], lon[located], vpw[located], home_lat, home_lon, settings,
        days,
    )
    return service + km / settings.speed_kmh


def estimate_travel_km_per_week(
    lat: Sequence[float] | np.ndarray,
    lon: Sequence[float] | np.ndarray,
    visits_per_week: Sequence[float] | np.ndarray,
    *,
    home: tuple[float, float] | None = None,
    settings: m.Settings,
) -> float:
    """Road kilometres per week to visit these customers from ``home`` (Daganzo/BHH estimate)."""
    la = np.asarray(lat, dtype=float).ravel()
    lo = np.asarray(lon, dtype=float).ravel()
    v = np.asarray(visits_per_week, dtype=float).ravel()
    if not (la.shape == lo.shape == v.shape):
        raise PlannerError(tr("Latitudes, longitudes and visit counts differ in number."))
    ok = np.isfinite(la) & np.isfinite(lo) & np.isfinite(v) & (v > 0)
    if not ok.any():
        return 0.0
    hl = np.array([np.nan if home is None else float(home[0])])
    ho = np.array([np.nan if home is None else float(home[1])])
    km, _area = _travel_by_group(
        np.zeros(int(ok.sum()), dtype=np.int64), 1, la[ok], lo[ok], v[ok], hl, ho, settings
    )
    return float(km[0])


# --- per territory --------------------------------------------------------------


def _codes(plan: m.Plan) -> np.ndarray:
    """Territory number (position in ``plan.territories``) per customer, -1 when unassigned."""
    ids = pd.Index(plan.territory_ids)
    return ids.get_indexer(plan.customers[m.TERRITORY].to_numpy(dtype=object))


def territory_metrics(plan: m.Plan, *, balance: str | None = None) -> pd.DataFrame:
    """One row per territory (index: territory id, plan order) with its figures.

    Columns: customers, visits_per_cycle, visits_per_4_weeks (the frequencies' own period,
    whole however long the cycle; what the tables show), service_hours_per_week, travel_km_per_week,
    travel_hours_per_week, workload_hours_per_week, sales, area_km2 (boundary, else the
    customers' convex hull), deviation (of the balance measure from the mean), capacity_use
    (workload / capacity hours; for a rep with own working days the capacity is at most those
    days × ``settings.day_hours``) and days_per_week (the rep's working days a week).
    """
    measure = balance or plan.settings.balance
    if measure not in MEASURES:
        raise PlannerError(tr("Balance must be workload, visits, sales or customers."))
    settings = plan.settings
    n = len(plan.territories)
    customers = plan.customers
    codes = _codes(plan)
    assigned = codes >= 0
    c = codes[assigned]
    vpw = visits_per_week(customers, settings=settings)
    service_h = vpw * service_minutes(customers, settings) / 60.0
    sales = np.nan_to_num(customers[m.SALES].to_numpy(dtype=float), nan=0.0)
    lat = customers[m.LAT].to_numpy(dtype=float)
    lon = customers[m.LON].to_numpy(dtype=float)
    located = assigned & np.isfinite(lat) & np.isfinite(lon)
    home_lat = np.array([np.nan if t.home_lat is None else t.home_lat for t in plan.territories])
    home_lon = np.array([np.nan if t.home_lon is None else t.home_lon for t in plan.territories])
    # each rep's own working days (planner.rep_days): trips a week and the hours they can give
    days = np.array([len(t.working_days or settings.working_days) for t in plan.territories],
                    dtype=float)
    travel_km, hull = _travel_by_group(
        codes[located], n, lat[located], lon[located], vpw[located], home_lat, home_lon, settings,
        days, with_area=True,
    )
    count = np.bincount(c, minlength=n)[:n].astype(np.int64)
    visits_week = _group_sums(c, vpw[assigned], n)
    service = _group_sums(c, service_h[assigned], n)
    travel_h = travel_km / settings.speed_kmh
    workload = service + travel_h
    boundary_area = np.array([_boundary_area_km2(t.boundary) for t in plan.territories])
    assert hull is not None  # asked for (with_area)
    area = np.where(np.isfinite(boundary_area), boundary_area, hull)
    capacity = capacity_hours(plan.territories, settings)
    shares = fair_shares(plan.territories, settings)
    frame = pd.DataFrame(
        {
            "customers": count,
            "visits_per_cycle": visits_week * settings.cycle_weeks,
            "visits_per_4_weeks": visits_week * 4.0,
            "service_hours_per_week": service,
            "travel_km_per_week": travel_km,
            "travel_hours_per_week": travel_h,
            "workload_hours_per_week": workload,
            "sales": _group_sums(c, sales[assigned], n),
            "area_km2": area,
        },
        index=pd.Index(plan.territory_ids, name="territory", dtype=object),
    )
    frame["deviation"] = _deviation(frame[MEASURES[measure]].to_numpy(dtype=float), shares,
                                    count > 0)
    frame["capacity_use"] = np.where(
        capacity > 0, workload / np.where(capacity > 0, capacity, 1), np.nan
    )
    frame["days_per_week"] = days
    frame["fair_share"] = shares
    return frame


def _boundary_area_km2(boundary: Any) -> float:
    """Area (km²) of a lon/lat polygon, NaN when there is none."""
    if boundary is None or shapely.is_empty(boundary):
        return float("nan")
    lat0 = float(shapely.centroid(boundary).y)
    coords_scale = (KM_PER_DEG_LON * np.cos(np.radians(lat0)), KM_PER_DEG_LAT)
    projected = shapely.transform(boundary, lambda xy: xy * np.asarray(coords_scale))
    return float(shapely.area(projected))


def compactness(plan: m.Plan) -> float:
    """Mean visit-weighted distance (km) from customers to their territory's weighted centre."""
    n = len(plan.territories)
    customers = plan.customers
    codes = _codes(plan)
    lat = customers[m.LAT].to_numpy(dtype=float)
    lon = customers[m.LON].to_numpy(dtype=float)
    ok = (codes >= 0) & np.isfinite(lat) & np.isfinite(lon)
    if not ok.any():
        return 0.0
    c, la, lo = codes[ok], lat[ok], lon[ok]
    w = visits_per_week(customers, settings=plan.settings)[ok]
    if w.sum() <= 0:
        w = np.ones_like(w)
    wsum = np.maximum(_group_sums(c, w, n), 1e-12)
    clat = _group_sums(c, w * la, n) / wsum
    clon = _group_sums(c, w * lo, n) / wsum
    x, y = _local_xy(la, lo, clat[c])
    cx, cy = _local_xy(clat[c], clon[c], clat[c])
    dist = np.hypot(x - cx, y - cy)
    return float((w * dist).sum() / w.sum())


# --- the stats command's figures (in planner/stats.py) ---------------------------------


def plan_stats(plan: m.Plan, *, balance: str | None = None) -> dict[str, Any]:
    """The figures of ``territory-planner stats --json`` (see :func:`planner.stats.plan_stats`)."""
    from planner.stats import plan_stats as _plan_stats

    return _plan_stats(plan, balance=balance)


# Geometry lives in planner/geometry.py; re-exported so callers find all territory tools here.
from planner.geometry import (  # noqa: E402
    ReshapeResult,
    assign_by_polygons,
    boundaries_from_assignment,
    reshape_territory,
)

__all__ = [
    "BHH_BETA",
    "LINE_HAUL_FACTOR",
    "SMALL_TOUR_CORRECTION",
    "ReshapeResult",
    "assign_by_polygons",
    "balance_summary",
    "boundaries_from_assignment",
    "capacity_hours",
    "compactness",
    "deviation_text",
    "estimate_travel_km_per_week",
    "fair_shares",
    "plan_stats",
    "reshape_territory",
    "service_hours_per_week",
    "shown_deviation",
    "territory_metrics",
    "visits_per_week",
    "workload_by_group",
]
