"""What the territory designer balances: per-customer values and true per-territory loads.

Workload is visit time plus travel; travel depends on the whole territory's
spread, so each customer carries a *marginal* weight (its service hours plus a
share of travel proportional to its visits times the local customer spacing)
that is re-calibrated against the true territory estimate every round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from planner import model as m
from planner import territories as tmod
from planner.i18n import tr
from planner.progress import Progress, report

MEASURES = m.BALANCE_MEASURES

#: Beardwood–Halton–Hammersley constant: a tour through n random points in area A ≈ 0.7124·√(nA).
BHH = 0.7124
#: Customers whose spacing is measured between two progress reports (~50 ms).
SPACING_CHUNK = 10_000


def visits_and_service(
    customers: pd.DataFrame, settings: m.Settings
) -> tuple[np.ndarray, np.ndarray]:
    """Visits per week and service hours per week per customer (``territories``' definitions)."""
    vpw = np.asarray(tmod.visits_per_week(customers, settings=settings), dtype=float)
    hours = np.asarray(tmod.service_hours_per_week(customers, settings), dtype=float)
    return np.maximum(np.nan_to_num(vpw), 0.0), np.maximum(np.nan_to_num(hours), 0.0)


@dataclass
class Values:
    """Per-customer inputs of the design (located customers only, in table order)."""

    xy: np.ndarray  # km
    lat: np.ndarray
    lon: np.ndarray
    vpw: np.ndarray  # visits per week
    service: np.ndarray  # service hours per week
    sales: np.ndarray
    spacing: np.ndarray  # local spacing proxy for travel per visit (km)
    settings: m.Settings
    measure: str
    homes: dict[int, np.ndarray]  # territory index → home (km)
    homes_latlon: dict[int, tuple[float, float]]
    days: np.ndarray | None = None  # each territory's working days a week (None: the plan's)
    #: per territory, the load of its customers the design cannot move (no map position)
    extra: np.ndarray | None = None

    def fixed(self, k: int) -> np.ndarray:
        """The load each of the ``k`` territories carries whatever the design does."""
        return np.zeros(k) if self.extra is None else self.extra[:k]

    @property
    def travel_proxy(self) -> np.ndarray:
        """Visits times local spacing: the un-calibrated travel share of each customer."""
        return self.vpw * self.spacing

    def base_weight(self) -> np.ndarray:
        """Weights before any calibration (travel at the straight-line speed)."""
        if self.measure == "customers":
            return np.ones(len(self.xy))
        if self.measure == "visits":
            return self.vpw
        if self.measure == "sales":
            return np.maximum(np.nan_to_num(self.sales), 0.0)
        km_per_h = self.settings.speed_kmh / self.settings.detour_factor
        return self.service + BHH * self.travel_proxy / km_per_h * 0.5

    def loads(self, labels: np.ndarray, k: int) -> np.ndarray:
        """True value of the measure per territory for an assignment ``labels`` (0..k-1)."""
        ok = labels >= 0
        if self.measure == "customers":
            return np.bincount(labels[ok], minlength=k).astype(float) + self.fixed(k)
        if self.measure in ("sales", "visits"):
            return np.bincount(labels[ok], weights=self.base_weight()[ok], minlength=k) + self.fixed(
                k
            )
        service = np.bincount(labels[ok], weights=self.service[ok], minlength=k)
        return service + self.travel_hours(labels, k) + self.fixed(k)

    def travel_hours(self, labels: np.ndarray, k: int) -> np.ndarray:
        """Travel hours per week of each territory (the shared estimate of ``territories``)."""
        ok = labels >= 0
        home_lat = np.full(k, np.nan)
        home_lon = np.full(k, np.nan)
        for t, (hla, hlo) in self.homes_latlon.items():
            if t < k:
                home_lat[t], home_lon[t] = hla, hlo
        codes = np.where(ok, labels, -1)
        hours = tmod.workload_by_group(
            codes,
            k,
            self.lat,
            self.lon,
            self.vpw,
            np.zeros(len(labels)),
            home_lat=home_lat,
            home_lon=home_lon,
            settings=self.settings,
            days=None if self.days is None else self.days[:k],
        )
        return np.asarray(hours, dtype=float)

    def calibrated_weight(self, labels: np.ndarray, k: int) -> np.ndarray:
        """Marginal weights whose per-territory sums equal the true loads of ``labels``."""
        base = self.base_weight()
        if self.measure != "workload":
            return base
        ok = labels >= 0
        travel = self.travel_hours(labels, k)
        proxy = self.travel_proxy
        psum = np.bincount(labels[ok], weights=proxy[ok], minlength=k)
        factor = np.where(psum > 0, travel / np.where(psum > 0, psum, 1.0), 0.0)
        if (psum > 0).any():
            typical = float(np.median(factor[psum > 0]))
        else:
            typical = 0.0
        out = base.copy()
        out[ok] = self.service[ok] + factor[labels[ok]] * proxy[ok]
        out[~ok] = self.service[~ok] + typical * proxy[~ok]
        return out


def local_spacing(xy: np.ndarray, *, k: int = 8, progress: Progress | None = None) -> np.ndarray:
    """Distance (km) to the k-th nearest other customer: the local spacing between stops.

    ``progress`` hears the share measured before every :data:`SPACING_CHUNK` customers (half
    a second at 100,000) and may cancel."""
    n = len(xy)
    if n < 2:
        return np.ones(n)
    kk = min(k, n - 1)
    tree = cKDTree(xy)
    d = np.empty(n)
    for start in range(0, n, SPACING_CHUNK):
        report(progress, start / n, tr("Measuring how far apart the customers are…"))
        part = slice(start, start + SPACING_CHUNK)
        d[part] = tree.query(xy[part], k=kk + 1)[0][:, -1]
    spacing = d * np.sqrt(np.pi / kk)
    floor = max(float(np.median(spacing)) * 0.05, 0.01)
    return np.maximum(spacing, floor)
