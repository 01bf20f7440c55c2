"""Distance and travel-time model: great-circle distance × detour factor, or an OSRM server.

The straight-line model (haversine, vectorised with numpy) multiplies the
great-circle distance by ``settings.detour_factor`` (roads are not straight;
1.3 is the usual urban circuity, Ballou et al. 2002) and converts it to
minutes at ``settings.speed_kmh``. When ``settings.routing_url`` names an
OSRM-compatible server, its ``table`` service gives road distances and
durations; when the server cannot be reached the straight-line model is used
and :attr:`TravelMatrices.note` says so.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from planner.errors import PlannerError
from planner.i18n import tr
from planner.model import Settings

EARTH_RADIUS_KM = 6371.0088
#: Rows computed at once so a 10,000 × 10,000 matrix never needs several temporary copies.
_CHUNK_CELLS = 4_000_000
#: Largest table asked of a routing server in one request (OSRM's default max-table-size is 100).
_SERVER_MAX_POINTS = 100
_SERVER_TIMEOUT_S = 5.0

ArrayLike = Sequence[float] | np.ndarray


@dataclass(frozen=True)
class TravelMatrices:
    """Distances (km) and travel times (minutes) between two point sets, and where they came from."""

    km: np.ndarray
    minutes: np.ndarray
    source: str  # "straight-line" or "server"
    note: str = ""  # why the server was not used, "" when all went as asked


def _as_points(lat: ArrayLike, lon: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    la = np.asarray(lat, dtype=float).ravel()
    lo = np.asarray(lon, dtype=float).ravel()
    if la.shape != lo.shape:
        raise PlannerError(tr("The latitudes and longitudes differ in number."))
    if not (np.isfinite(la).all() and np.isfinite(lo).all()):
        raise PlannerError(tr("Some points have no coordinates."))
    if (np.abs(la) > 90).any() or (np.abs(lo) > 180).any():
        raise PlannerError(tr("Some coordinates are outside the globe."))
    return la, lo


def haversine_km(
    lat: ArrayLike,
    lon: ArrayLike,
    lat2: ArrayLike | None = None,
    lon2: ArrayLike | None = None,
    *,
    dtype: type = np.float64,
) -> np.ndarray:
    """Great-circle distance matrix in km (haversine), computed in row chunks."""
    la1, lo1 = _as_points(lat, lon)
    if lat2 is None or lon2 is None:
        la2, lo2 = la1, lo1
    else:
        la2, lo2 = _as_points(lat2, lon2)
    p1, l1 = np.radians(la1), np.radians(lo1)
    p2, l2 = np.radians(la2), np.radians(lo2)
    cos2 = np.cos(p2)
    out: np.ndarray = np.empty((len(la1), len(la2)), dtype=dtype)
    step = max(1, _CHUNK_CELLS // max(1, len(la2)))
    for s in range(0, len(la1), step):
        e = min(len(la1), s + step)
        dphi = p2[None, :] - p1[s:e, None]
        dlam = l2[None, :] - l1[s:e, None]
        a = np.sin(dphi * 0.5) ** 2 + np.cos(p1[s:e, None]) * cos2[None, :] * np.sin(dlam * 0.5) ** 2
        np.clip(a, 0.0, 1.0, out=a)
        out[s:e] = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))
    return out


def travel_matrices(
    lat: ArrayLike,
    lon: ArrayLike,
    lat2: ArrayLike | None = None,
    lon2: ArrayLike | None = None,
    *,
    settings: Settings | None = None,
    dtype: type = np.float64,
) -> TravelMatrices:
    """Road distance (km) and travel time (minutes) from every origin to every destination."""
    settings = settings or Settings()
    if settings.speed_kmh <= 0 or settings.detour_factor < 1:
        raise PlannerError(tr("Speed must be positive and the detour factor at least 1."))
    note = ""
    if settings.routing_url:
        try:
            km, minutes = _server_matrices(settings.routing_url, lat, lon, lat2, lon2)
            return TravelMatrices(km.astype(dtype), minutes.astype(dtype), "server")
        except _ServerUnavailable as exc:
            note = tr(
                "The routing server could not be used ({reason}); straight-line distances "
                "were used instead.",
                reason=str(exc),
            )
    km = haversine_km(lat, lon, lat2, lon2, dtype=dtype)
    km *= settings.detour_factor
    minutes = km * (60.0 / settings.speed_kmh)
    return TravelMatrices(km, minutes.astype(dtype, copy=False), "straight-line", note)


def distance_matrix_km(
    lat: ArrayLike,
    lon: ArrayLike,
    lat2: ArrayLike | None = None,
    lon2: ArrayLike | None = None,
    *,
    settings: Settings | None = None,
) -> np.ndarray:
    """Road distance in km between the points (square when ``lat2``/``lon2`` are omitted)."""
    return travel_matrices(lat, lon, lat2, lon2, settings=settings).km


def travel_minutes_matrix(
    lat: ArrayLike,
    lon: ArrayLike,
    lat2: ArrayLike | None = None,
    lon2: ArrayLike | None = None,
    *,
    settings: Settings | None = None,
) -> np.ndarray:
    """Driving time in minutes between the points (square when ``lat2``/``lon2`` are omitted)."""
    return travel_matrices(lat, lon, lat2, lon2, settings=settings).minutes


def round_trip_minutes(there: ArrayLike, back: ArrayLike, visit: ArrayLike) -> np.ndarray:
    """A day trip to each customer: the drive from the start point, the visit and the drive
    back (minutes). The calendar leaves out a customer whose day trip is longer than its
    rep's working day ("Too far from the start point"), and the design keeps customers
    within it (:mod:`planner._design_reach`)."""
    return np.asarray(there, dtype=float) + np.asarray(back, dtype=float) + np.asarray(
        visit, dtype=float)


def km_to_minutes(km: np.ndarray | float, *, settings: Settings | None = None) -> np.ndarray:
    """Minutes needed for road distances ``km`` at the plan's speed."""
    settings = settings or Settings()
    return np.asarray(km, dtype=float) * (60.0 / settings.speed_kmh)


# --- OSRM-compatible server ---------------------------------------------------


class _ServerUnavailable(Exception):
    """The routing server did not answer usefully (network, HTTP, format)."""


def _table_prefix(url: str) -> str:
    """``http://host:5000`` or ``…/table/v1/driving/…`` → ``http://host:5000/table/v1/driving/``."""
    url = url.strip()
    marker = "/table/v1/"
    if marker in url:
        head, tail = url.split(marker, 1)
        profile = tail.split("/", 1)[0] or "driving"
        return f"{head}{marker}{profile}/"
    return url.rstrip("/") + "/table/v1/driving/"


def _server_matrices(
    url: str,
    lat: ArrayLike,
    lon: ArrayLike,
    lat2: ArrayLike | None,
    lon2: ArrayLike | None,
) -> tuple[np.ndarray, np.ndarray]:
    la1, lo1 = _as_points(lat, lon)
    if lat2 is None or lon2 is None:
        la2, lo2 = la1, lo1
    else:
        la2, lo2 = _as_points(lat2, lon2)
    prefix = _table_prefix(url)
    km = np.empty((len(la1), len(la2)))
    minutes = np.empty((len(la1), len(la2)))
    half = _SERVER_MAX_POINTS // 2
    for s in range(0, len(la1), half):
        src = np.arange(s, min(len(la1), s + half))
        for t in range(0, len(la2), half):
            dst = np.arange(t, min(len(la2), t + half))
            coords = [(lo1[i], la1[i]) for i in src] + [(lo2[j], la2[j]) for j in dst]
            d_km, d_min = _server_block(prefix, coords, len(src))
            km[np.ix_(src, dst)] = d_km
            minutes[np.ix_(src, dst)] = d_min
    return km, minutes


def _server_block(
    prefix: str, coords: list[tuple[float, float]], n_src: int
) -> tuple[np.ndarray, np.ndarray]:
    path = ";".join(f"{x:.6f},{y:.6f}" for x, y in coords)
    n = len(coords)
    sources = ";".join(str(i) for i in range(n_src))
    destinations = ";".join(str(i) for i in range(n_src, n))
    query = f"?annotations=duration,distance&sources={sources}&destinations={destinations}"
    try:
        with urllib.request.urlopen(prefix + path + query, timeout=_SERVER_TIMEOUT_S) as resp:
            data = json.loads(resp.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise _ServerUnavailable(str(getattr(exc, "reason", exc))) from exc
    if not isinstance(data, dict) or data.get("code") != "Ok":
        raise _ServerUnavailable(str(data.get("code") if isinstance(data, dict) else "bad answer"))
    try:
        durations = np.array(data["durations"], dtype=float)
        distances = np.array(data["distances"], dtype=float)
    except (KeyError, TypeError, ValueError) as exc:
        raise _ServerUnavailable("bad answer") from exc
    shape = (n_src, n - n_src)
    if durations.shape != shape or distances.shape != shape:
        raise _ServerUnavailable("bad answer")
    if not (np.isfinite(durations).all() and np.isfinite(distances).all()):
        raise _ServerUnavailable("unroutable points")
    return distances / 1000.0, durations / 60.0
