"""Geocoding customers: pluggable providers, a persistent cache, retries and an offline stop.

``geocode_customers`` looks up only the customers that have an address but no
coordinates, each distinct address once, answers what it can from the SQLite
cache, and reports every row it could not place well (not found, town level
only, geocoder unreachable) as a problem the manager fixes by dragging the
customer on the map. It never raises for a network problem and never drops a
row; only a cancel (:class:`planner.errors.Cancelled`) or a user mistake
(unknown provider) leaves it early.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd

from planner import model as m
from planner._geocode_address import LOW_QUALITY, QUALITIES, match_quality, normalize_address
from planner._geocode_cache import CachedAnswer, GeocodeCache, default_cache_path
from planner._geocode_nearby import NEARBY, nearby_places, nearby_reason, trusted_mask
from planner._geocode_providers import (
    answers,
    available_providers,
    make_provider,
    probe_url,
    provider_known,
)
from planner._geocode_reasons import failure_reason, refused_reason, unreachable_reason
from planner._geocode_types import GeocoderConfig, LookupFailure, Match, Provider
from planner.errors import PlannerError
from planner.i18n import tr
from planner.progress import Progress, report

__all__ = [
    "LOW_QUALITY",
    "QUALITIES",
    "GeocodeCache",
    "GeocodeResult",
    "GeocoderConfig",
    "Match",
    "available_providers",
    "default_cache_path",
    "geocode_customers",
    "is_online",
    "match_quality",
    "normalize_address",
]

#: Lookups in a row that may fail to connect before the batch stops (none succeeded yet).
UNREACHABLE_LIMIT = 3
#: The same once the geocoder has answered at least once (the network may have dropped).
DROPPED_LIMIT = 10
#: Longest wait a Retry-After header may impose, in seconds.
MAX_RETRY_AFTER = 120.0
#: Longest back-off between two attempts, in seconds.
MAX_BACKOFF = 60.0


@dataclass
class GeocodeResult:
    """The customers with positions filled in, the rows to check by hand, and counts."""

    customers: gpd.GeoDataFrame
    problems: list[dict[str, Any]] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def unreachable(self) -> bool:
        """True when the batch stopped because the geocoder could not be reached."""
        return bool(self.stats.get("unreachable"))

    @property
    def unreached(self) -> int:
        """How many rows are left without a position because the search could not be
        reached for their address (no connection, no answer in time)."""
        return int(self.stats.get("unreached", 0))


@dataclass(frozen=True)
class _Outcome:
    """What became of one distinct address."""

    match: Match | None = None
    cached: bool = False
    reason: str = ""  # why it was not located, "" when found or plainly not found
    nearby: bool = False  # placed approximately at known customers of its area
    offline: bool = False  # the search could not be reached for it


def is_online(provider: str, settings: object = None, *, timeout: float = 2.0) -> bool:
    """Quick check that ``provider`` answers (for the import's default); never raises."""
    config = GeocoderConfig.resolve(settings)
    if provider in ("", "none"):
        return False
    if provider == "jageocoder":
        return any(n == "jageocoder" and ok for n, ok, _ in available_providers(config))
    url = probe_url(provider, config)
    if url is None:
        return False
    return answers(url, timeout=timeout, user_agent=config.user_agent)


def _validate(customers: Any, provider: str, timeout: float, retries: int, backoff: float) -> None:
    if not isinstance(customers, gpd.GeoDataFrame):
        raise PlannerError(tr("The customer table is not a map table (GeoDataFrame)."))
    missing = [c for c in (m.ADDRESS, m.LAT, m.LON) if c not in customers.columns]
    if missing:
        raise PlannerError(
            tr("The customer table lacks the column(s): {names}.", names=", ".join(missing))
        )
    if not isinstance(provider, str) or not provider.strip():
        raise PlannerError(tr("Choose a geocoder (gsi, nominatim …) or none."))
    name = provider.strip().lower()
    if name != "none" and not provider_known(name):
        raise PlannerError(tr("Unknown geocoder {name!r}.", name=name))
    if not timeout > 0:
        raise PlannerError(tr("The geocoder timeout must be more than 0 seconds."))
    if retries < 0:
        raise PlannerError(tr("The number of geocoder retries cannot be negative."))
    if backoff < 0:
        raise PlannerError(tr("The geocoder back-off cannot be negative."))


def geocode_customers(
    customers: gpd.GeoDataFrame,
    *,
    provider: str,
    settings: object = None,
    cache_path: str | Path | None = None,
    progress: Progress | None = None,
    timeout: float = 10,
    retries: int = 3,
    backoff: float = 1.0,
    address_header: str = "住所",
    known: pd.DataFrame | None = None,
) -> GeocodeResult:
    """Locate the customers that have an address but no coordinates.

    Returns a new table (the input is left untouched) with ``lat``/``lon``/
    geometry and ``geocode`` = ``"{provider}:{quality}"`` filled for the rows
    found, the problems (``kept`` is always True) and the counts ``found``,
    ``cached``, ``failed``, ``low_quality``, ``requests``. Network errors,
    timeouts, HTTP 429 and 5xx are retried ``retries`` times with exponential
    back-off (``backoff`` seconds base, with jitter; Retry-After honoured).

    An address the search cannot reach, or does not find (or every address, with
    ``provider`` "none"), is placed approximately at the customers of its 丁目, town or
    municipality (:mod:`planner._geocode_nearby`) among ``known`` (the plan's customers)
    and the table's own located rows: ``geocode`` = ``"nearby:{level}"``, counted in
    ``approximate`` and told as a problem to check on the map.
    """
    _validate(customers, provider, timeout, retries, backoff)
    provider = provider.strip().lower()
    stats: dict[str, Any] = {
        "found": 0,
        "cached": 0,
        "failed": 0,
        "low_quality": 0,
        "requests": 0,
        "addresses": 0,
        "unreachable": False,
        "unreached": 0,
        "approximate": 0,
    }
    out = customers.copy()
    config = GeocoderConfig.resolve(settings)

    addresses = out[m.ADDRESS].fillna("").astype(str).to_numpy()
    todo = ~m.located_mask(out)
    groups: dict[str, list[int]] = {}
    key_of: dict[str, str] = {}
    for pos in np.flatnonzero(todo):
        text = addresses[pos]
        if not text.strip():
            continue
        key = key_of.get(text)
        if key is None:
            key = key_of[text] = normalize_address(text)
        if key:
            groups.setdefault(key, []).append(int(pos))
    stats["addresses"] = len(groups)
    # no search ("none"): the addresses are only placed at the customers of their 丁目, town
    report(progress, 0.0, tr("Locating addresses…") if provider != "none" else tr(
        "Placing addresses at the customers of the same 丁目 or town (no online search)…"))
    if not groups:
        return GeocodeResult(out, [], stats)

    outcomes: dict[str, _Outcome] = {}
    if provider != "none":
        _search(groups, outcomes, provider, config, stats, cache_path=cache_path,
                progress=progress, timeout=timeout, retries=retries, backoff=backoff)
    _place_nearby(out, groups, outcomes, known, addresses)
    if provider == "none":  # no search: only the rows placed nearby are told
        groups = {k: v for k, v in groups.items() if k in outcomes}
    problems = _apply(out, groups, outcomes, provider, stats, address_header, addresses)
    out = m.set_points(out)
    report(progress, 1.0, tr("Addresses located.") if provider != "none" else tr(
        "Addresses placed at the customers of their 丁目 or town."))
    return GeocodeResult(out, problems, stats)


def _search(
    groups: Mapping[str, list[int]],
    outcomes: dict[str, _Outcome],
    provider: str,
    config: GeocoderConfig,
    stats: dict[str, Any],
    *,
    cache_path: str | Path | None,
    progress: Progress | None,
    timeout: float,
    retries: int,
    backoff: float,
) -> None:
    """The address search's answers (cached, else asked) for ``groups``, into ``outcomes``."""
    cache = GeocodeCache(cache_path)
    cached_as = config.cache_name(provider)  # a test or other server's answers kept apart
    try:
        for key, answer in cache.get_many(cached_as, groups).items():
            match = (
                Match(float(answer.lat), float(answer.lon), answer.quality, answer.matched)
                if answer.found and answer.lat is not None and answer.lon is not None
                else None
            )
            outcomes[key] = _Outcome(match=match, cached=True)
        pending = [k for k in groups if k not in outcomes]
        if pending:
            source = make_provider(provider, config)
            sent_before = source.requests
            try:
                _look_up(
                    source,
                    pending,
                    outcomes,
                    (cache, cached_as),
                    stats,
                    progress=progress,
                    timeout=timeout,
                    retries=retries,
                    backoff=backoff,
                )
            finally:
                stats["requests"] = source.requests - sent_before
    finally:
        cache.close()


def _place_nearby(
    out: gpd.GeoDataFrame,
    groups: Mapping[str, list[int]],
    outcomes: dict[str, _Outcome],
    known: pd.DataFrame | None,
    addresses: np.ndarray,
) -> None:
    """An approximate position for each address the search did not place: the middle of the
    known customers (``known`` and ``out``'s own trusted rows) of its 丁目, town or city."""
    left = [k for k in groups if (o := outcomes.get(k)) is None or o.match is None]
    if not left:
        return
    columns = [m.ADDRESS, m.LAT, m.LON]
    own = out.loc[trusted_mask(out), columns]
    sources = [own, *([] if known is None else [known.loc[trusted_mask(known), columns]])]
    places = nearby_places(pd.concat(sources, ignore_index=True),
                           [addresses[groups[k][0]] for k in left])
    for key in left:
        match = places.find(addresses[groups[key][0]])
        if match is not None:
            outcomes[key] = _Outcome(match=match, nearby=True)


def locate_address(
    address: str,
    *,
    provider: str,
    settings: object = None,
    progress: Progress | None = None,
    timeout: float = 5,
    retries: int = 1,
) -> tuple[float, float] | None:
    """(lat, lon) of one address typed in the window (a rep's office), None when the address
    search does not find it; raises :class:`PlannerError` with one sentence when the search
    cannot be reached (offline). The answer is cached like the import's."""
    from planner._geocode_one import find_address  # it looks up through this module

    found = find_address(address, provider=provider, settings=settings, progress=progress,
                         timeout=timeout, retries=retries)
    return None if found is None else (found.lat, found.lon)


def _look_up(
    source: Provider,
    pending: list[str],
    outcomes: dict[str, _Outcome],
    store: tuple[GeocodeCache, str],
    stats: dict[str, Any],
    *,
    progress: Progress | None,
    timeout: float,
    retries: int,
    backoff: float,
) -> None:
    """Ask ``source`` for each pending key, cache definite answers (in ``store``: the cache and
    the name they are kept under), stop early when offline."""
    cache, cached_as = store
    total = len(pending)
    failures_in_row = 0
    answered = False
    stop_reason = ""
    for i, key in enumerate(pending):
        report(progress, i / total, tr("Locating addresses… {done}/{total}", done=i, total=total))
        if stop_reason:
            outcomes[key] = _Outcome(reason=stop_reason, offline=bool(stats["unreachable"]))
            continue
        try:
            match = _with_retries(
                source,
                key,
                timeout=timeout,
                retries=retries,
                backoff=backoff,
                progress=progress,
                fraction=i / total,
            )
        except LookupFailure as failure:
            outcomes[key] = _Outcome(reason=failure_reason(failure, retries),
                                     offline=failure.kind in ("unreachable", "timeout"))
            if failure.kind == "refused":
                stop_reason = refused_reason(failure.detail)
            elif failure.kind in ("unreachable", "timeout"):
                failures_in_row += 1
                if failures_in_row >= (DROPPED_LIMIT if answered else UNREACHABLE_LIMIT):
                    stop_reason = unreachable_reason()
                    stats["unreachable"] = True
            continue
        answered = True
        failures_in_row = 0
        if match is None:
            cache.put(cached_as, key, CachedAnswer(False), query=key)
        else:
            cache.put(
                cached_as,
                key,
                CachedAnswer(True, match.lat, match.lon, match.quality, match.matched),
                query=key,
            )
        outcomes[key] = _Outcome(match=match)
    if not answered and 0 < failures_in_row == total:
        # too few addresses to stop early (one typed in the window), yet none got through
        stats["unreachable"] = True
    cache.flush()


def _with_retries(
    source: Provider,
    key: str,
    *,
    timeout: float,
    retries: int,
    backoff: float,
    progress: Progress | None,
    fraction: float,
) -> Match | None:
    """One lookup, retried on transient errors with exponential back-off and jitter."""
    attempt = 0
    while True:
        try:
            return source.lookup(key, timeout=timeout)
        except LookupFailure as failure:
            if failure.kind not in ("transient", "timeout") or attempt >= retries:
                raise
            if failure.retry_after is not None:
                wait = min(max(float(failure.retry_after), 0.0), MAX_RETRY_AFTER)
            else:
                wait = min(backoff * (2**attempt), MAX_BACKOFF) * random.uniform(0.5, 1.5)
            _sleep(wait, progress, fraction)
            attempt += 1


def _sleep(seconds: float, progress: Progress | None, fraction: float) -> None:
    """Wait, still answering Cancel every tenth of a second."""
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return
        report(progress, fraction, tr("Waiting for the address search…"))
        time.sleep(min(0.1, left))


def _apply(
    out: gpd.GeoDataFrame,
    groups: Mapping[str, list[int]],
    outcomes: Mapping[str, _Outcome],
    provider: str,
    stats: dict[str, Any],
    address_header: str,
    addresses: np.ndarray,
) -> list[dict[str, Any]]:
    """Write positions and problems into ``out`` (in place); return the problem list."""
    n = len(out)
    lat = out[m.LAT].to_numpy(dtype=float).copy()
    lon = out[m.LON].to_numpy(dtype=float).copy()
    how = (
        out[m.GEOCODE].fillna("").to_numpy(dtype=object).copy()
        if m.GEOCODE in out
        else np.full(n, "", dtype=object)
    )
    notes = (
        out[m.PROBLEMS].fillna("").to_numpy(dtype=object).copy()
        if m.PROBLEMS in out
        else np.full(n, "", dtype=object)
    )
    rows = out[m.SOURCE_ROW].to_numpy() if m.SOURCE_ROW in out else np.arange(2, n + 2)
    problem_at: dict[int, str] = {}
    for key, positions in groups.items():
        outcome = outcomes.get(key, _Outcome(reason=tr("Not located.")))
        match = outcome.match
        if outcome.cached:
            stats["cached"] += len(positions)
        if match is not None and outcome.nearby:
            stats["approximate"] += len(positions)
            lat[positions] = match.lat
            lon[positions] = match.lon
            how[positions] = f"{NEARBY}:{match.quality}"
            for pos in positions:
                problem_at[pos] = nearby_reason(match)
        elif match is not None:
            stats["found"] += len(positions)
            lat[positions] = match.lat
            lon[positions] = match.lon
            how[positions] = f"{provider}:{match.quality}"
            if match.quality in LOW_QUALITY:
                stats["low_quality"] += len(positions)
                if match.quality == "town":
                    reason = tr(
                        "Located only at town level ({matched}); check the position on the map.",
                        matched=match.matched,
                    )
                else:
                    reason = tr(
                        "Located only at city level ({matched}); check the position on the map.",
                        matched=match.matched,
                    )
                for pos in positions:
                    problem_at[pos] = reason
        else:
            stats["failed"] += len(positions)
            stats["unreached"] += len(positions) if outcome.offline else 0
            reason = outcome.reason or tr(
                "Address not found by the geocoder; place the customer on the map by hand."
            )
            for pos in positions:
                problem_at[pos] = reason
    problems = []
    for pos in sorted(problem_at):
        reason = problem_at[pos]
        note = str(notes[pos] or "")
        if reason not in note.split("; "):
            notes[pos] = f"{note}; {reason}" if note else reason
        problems.append(
            {
                "row": int(rows[pos]),
                "column": address_header,
                "value": str(addresses[pos]),
                "reason": reason,
                "kept": True,
            }
        )
    out[m.LAT] = lat
    out[m.LON] = lon
    out[m.GEOCODE] = how
    out[m.PROBLEMS] = notes
    return problems
