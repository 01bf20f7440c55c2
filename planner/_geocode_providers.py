"""Geocoder providers: GSI address search, Nominatim and other geopy geocoders, jageocoder.

Each provider answers ``lookup(query, timeout=…)`` with a :class:`Match`, None
("not found") or raises :class:`LookupFailure` whose ``kind`` tells the batch
what to do: ``transient`` (retry with back-off), ``unreachable`` (connection
refused / DNS failure: stop early), ``refused`` (bad API key or quota: stop)
or ``rejected`` (this one address was refused: report it).
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import socket
import threading
import urllib.parse
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any
from urllib.error import URLError

from geopy import exc as gexc
from geopy.adapters import AdapterHTTPError, URLLibAdapter
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service

from planner._geocode_address import better, match_quality, normalize_address
from planner._geocode_types import (
    BUILTIN_PROVIDERS,
    GSI_MIN_DELAY,
    KEYED_PROVIDERS,
    NOMINATIM_MIN_DELAY,
    PUBLIC_NOMINATIM_HOST,
    USER_AGENT,
    GeocoderConfig,
    LookupFailure,
    Match,
    Provider,
)
from planner.errors import PlannerError
from planner.i18n import tr

# --- HTTP error classification ------------------------------------------------

_UNREACHABLE_ERRNOS = {"ECONNREFUSED", "ENETUNREACH", "EHOSTUNREACH", "EADDRNOTAVAIL"}


def _is_unreachable(reason: object) -> bool:
    if isinstance(reason, (ConnectionRefusedError, socket.gaierror)):
        return True
    if isinstance(reason, OSError) and reason.errno is not None:
        import errno

        return errno.errorcode.get(reason.errno, "") in _UNREACHABLE_ERRNOS
    return False


class _Adapter(URLLibAdapter):
    """geopy's urllib adapter that tells "cannot connect at all" apart from other errors."""

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        try:
            return str(super().get_text(url, timeout=timeout, headers=headers))
        except gexc.GeocoderServiceError as error:
            cause = error.__context__
            if isinstance(cause, URLError) and _is_unreachable(cause.reason):
                raise gexc.GeocoderUnavailable(str(cause.reason)) from cause
            raise


def _adapter_factory(*, proxies: Any, ssl_context: Any) -> _Adapter:
    return _Adapter(proxies=proxies, ssl_context=ssl_context)


def classify(error: Exception) -> LookupFailure:
    """Map a geopy/adapter exception to a :class:`LookupFailure` kind."""
    if isinstance(error, LookupFailure):
        return error
    if isinstance(error, AdapterHTTPError):
        code = error.status_code
        if code == 429:
            from geopy.adapters import get_retry_after

            return LookupFailure(
                "transient", "HTTP 429", retry_after=get_retry_after(error.headers)
            )
        if code in (401, 402, 403, 407):
            return LookupFailure("refused", f"HTTP {code}")
        if code >= 500 or code == 408:
            return LookupFailure("transient", f"HTTP {code}")
        return LookupFailure("rejected", f"HTTP {code}")
    if isinstance(error, gexc.GeocoderRateLimited):
        return LookupFailure("transient", str(error), retry_after=error.retry_after)
    if isinstance(
        error,
        (
            gexc.GeocoderAuthenticationFailure,
            gexc.GeocoderInsufficientPrivileges,
            gexc.GeocoderQuotaExceeded,
        ),
    ):
        return LookupFailure("refused", str(error))
    if isinstance(error, gexc.GeocoderUnavailable):
        return LookupFailure("unreachable", str(error))
    if isinstance(error, gexc.GeocoderTimedOut):
        return LookupFailure("timeout", str(error))
    if isinstance(error, gexc.GeocoderQueryError):
        return LookupFailure("rejected", str(error))
    if isinstance(error, gexc.GeocoderParseError):
        return LookupFailure("transient", tr("unreadable answer"))
    if isinstance(error, (gexc.GeocoderServiceError, OSError, ValueError)):
        return LookupFailure("transient", str(error))
    raise error


# --- GSI ------------------------------------------------------------------------


class GsiProvider:
    """国土地理院 address search: a JSON list of point features with a ``title``."""

    name = "gsi"

    def __init__(self, config: GeocoderConfig) -> None:
        self.url = config.gsi_url
        self.headers = {"User-Agent": config.user_agent, "Accept": "application/json"}
        self.adapter = _Adapter(proxies=None, ssl_context=None)
        delay = GSI_MIN_DELAY if config.min_delay is None else config.min_delay
        self._fetch = RateLimiter(
            self._get, min_delay_seconds=delay, max_retries=0, swallow_exceptions=False
        )
        self.requests = 0

    def _get(self, url: str, timeout: float) -> Any:
        self.requests += 1
        return self.adapter.get_json(url, timeout=timeout, headers=self.headers)

    def lookup(self, query: str, *, timeout: float) -> Match | None:
        """Ask GSI for ``query`` (a normalised address) and grade the best feature."""
        url = f"{self.url}?{urllib.parse.urlencode({'q': query})}"
        try:
            data = self._fetch(url, timeout)
        except Exception as error:  # noqa: BLE001 - classified, never swallowed blindly
            raise classify(error) from error
        return parse_gsi(query, data)


def parse_gsi(query: str, data: Any) -> Match | None:
    """The best-graded feature of a GSI answer (None when nothing matches the query's place)."""
    if not isinstance(data, list):
        raise LookupFailure("transient", tr("unreadable answer"))
    best: Match | None = None
    for feature in data:
        try:
            lon, lat = (float(v) for v in feature["geometry"]["coordinates"][:2])
            title = str(feature.get("properties", {}).get("title", ""))
        except (KeyError, TypeError, ValueError):
            continue
        quality = match_quality(query, normalize_address(title))
        if quality is None:
            continue
        if best is None or better(quality, best.quality):
            best = Match(lat, lon, quality, title)
    return best


# --- geopy geocoders (Nominatim, Google …) ------------------------------------


def _nominatim_quality(raw: Mapping[str, Any]) -> str:
    try:
        rank = int(raw.get("place_rank", 0))
    except (TypeError, ValueError):
        return "unknown"
    if rank >= 28:
        return "exact"
    if rank >= 24:
        return "chome"
    if rank >= 17:
        return "town"
    return "city"


_GOOGLE_QUALITY = {
    "ROOFTOP": "exact",
    "RANGE_INTERPOLATED": "chome",
    "GEOMETRIC_CENTER": "town",
    "APPROXIMATE": "city",
}


def _google_quality(raw: Mapping[str, Any]) -> str:
    kind = str(raw.get("geometry", {}).get("location_type", ""))
    return _GOOGLE_QUALITY.get(kind, "unknown")


class GeopyProvider:
    """Any geopy geocoder, paced by geopy's RateLimiter."""

    def __init__(
        self,
        name: str,
        geocoder: Any,
        *,
        min_delay: float,
        options: Mapping[str, Any] | None = None,
        grade: Callable[[Mapping[str, Any]], str] | None = None,
    ) -> None:
        self.name = name
        self.geocoder = geocoder
        self.options = dict(options or {})
        self.grade = grade
        self._lock = threading.Lock()
        self._geocode = RateLimiter(
            self._call, min_delay_seconds=min_delay, max_retries=0, swallow_exceptions=False
        )
        self.requests = 0

    def _call(self, query: str, timeout: float) -> Any:
        self.requests += 1
        return self.geocoder.geocode(query, exactly_one=True, timeout=timeout, **self.options)

    def lookup(self, query: str, *, timeout: float) -> Match | None:
        """Ask the geocoder for ``query``; grade the answer from its raw fields."""
        try:
            location = self._geocode(query, timeout)
        except Exception as error:  # noqa: BLE001 - classified, never swallowed blindly
            raise classify(error) from error
        if location is None:
            return None
        raw = location.raw if isinstance(location.raw, Mapping) else {}
        quality = self.grade(raw) if self.grade else "unknown"
        return Match(
            float(location.latitude),
            float(location.longitude),
            quality,
            str(location.address or ""),
        )


def _split_url(url: str) -> tuple[str, str]:
    parts = urllib.parse.urlsplit(url if "://" in url else f"https://{url}")
    domain = parts.netloc + parts.path.rstrip("/")
    return parts.scheme or "https", domain


def nominatim_provider(config: GeocoderConfig) -> GeopyProvider:
    """Nominatim with a real User-Agent, at most one request per second on the public server."""
    from geopy.geocoders import Nominatim

    scheme, domain = _split_url(config.nominatim_url)
    delay = NOMINATIM_MIN_DELAY if config.min_delay is None else config.min_delay
    if PUBLIC_NOMINATIM_HOST in domain:
        delay = max(delay, NOMINATIM_MIN_DELAY)  # the usage policy is not negotiable
    geocoder = Nominatim(
        user_agent=config.user_agent, domain=domain, scheme=scheme, adapter_factory=_adapter_factory
    )
    return GeopyProvider(
        "nominatim",
        geocoder,
        min_delay=delay,
        options={"country_codes": "jp", "language": "ja"},
        grade=_nominatim_quality,
    )


def _key_parameter(cls: type) -> str | None:
    params = inspect.signature(cls).parameters
    for name in ("api_key", "apikey", "key"):
        if name in params:
            return name
    return None


def geopy_provider(name: str, config: GeocoderConfig) -> GeopyProvider:
    """Another geopy geocoder by service name (e.g. ``google``), with the configured API key."""
    try:
        cls = get_geocoder_for_service(name)
    except gexc.GeocoderNotFound:
        raise PlannerError(tr("Unknown geocoder {name!r}.", name=name)) from None
    key_param = _key_parameter(cls)
    kwargs: dict[str, Any] = {"adapter_factory": _adapter_factory}
    params = inspect.signature(cls).parameters
    if "user_agent" in params:
        kwargs["user_agent"] = config.user_agent
    if key_param:
        if not config.api_key:
            raise PlannerError(
                tr("The geocoder {name} needs an API key; enter it in the settings.", name=name)
            )
        kwargs[key_param] = config.api_key
    delay = 0.0 if config.min_delay is None else config.min_delay
    options: dict[str, Any] = {}
    grade = None
    if name == "google":
        options = {"region": "jp", "language": "ja"}
        grade = _google_quality
    return GeopyProvider(name, cls(**kwargs), min_delay=delay, options=options, grade=grade)


# --- jageocoder (offline) -----------------------------------------------------

_JAGEO_LOCK = threading.Lock()
_JAGEO_READY: bool | None = None


def jageocoder_status() -> tuple[bool, str]:
    """(usable, reason): jageocoder and its address dictionary are installed."""
    global _JAGEO_READY
    if importlib.util.find_spec("jageocoder") is None:
        return False, tr("The jageocoder package is not installed (pip install jageocoder).")
    with _JAGEO_LOCK:
        if _JAGEO_READY is None:
            try:
                import jageocoder

                jageocoder.init()
                _JAGEO_READY = True
            except Exception:  # noqa: BLE001 - any failure means "no dictionary"
                _JAGEO_READY = False
    if not _JAGEO_READY:
        return False, tr(
            "jageocoder's address dictionary is not installed (jageocoder install-dictionary)."
        )
    return True, ""


class JageocoderProvider:
    """Offline geocoding with jageocoder's installed address dictionary."""

    name = "jageocoder"

    def __init__(self) -> None:
        ok, reason = jageocoder_status()
        if not ok:
            raise PlannerError(reason)
        import jageocoder

        self._search = jageocoder.search
        self.requests = 0

    def lookup(self, query: str, *, timeout: float) -> Match | None:
        """Search the local dictionary; the level of the best candidate sets the quality."""
        self.requests += 1
        result = self._search(query)
        candidates = result.get("candidates") or []
        if not candidates:
            return None
        best = candidates[0]
        level = int(best.get("level", 0))
        whole = normalize_address(str(result.get("matched", ""))).rstrip("-") == query
        if level >= 7 and whole:
            quality = "exact"
        elif level >= 6:
            quality = "chome"
        elif level >= 5:
            quality = "town"
        else:
            quality = "city"
        return Match(float(best["y"]), float(best["x"]), quality, "".join(best.get("fullname", [])))


# --- choosing -----------------------------------------------------------------


def provider_known(name: str) -> bool:
    """True for a built-in provider or any geopy service name."""
    if name in BUILTIN_PROVIDERS:
        return True
    try:
        get_geocoder_for_service(name)
    except gexc.GeocoderNotFound:
        return False
    return True


@lru_cache(maxsize=16)
def make_provider(name: str, config: GeocoderConfig) -> Provider:
    """The provider called ``name`` (PlannerError when unknown or not usable).

    Providers are kept per (name, config) so their rate limiter also paces
    consecutive batches (a cancelled run restarted at once still waits).
    """
    if name == "gsi":
        return GsiProvider(config)
    if name == "nominatim":
        return nominatim_provider(config)
    if name == "jageocoder":
        return JageocoderProvider()
    return geopy_provider(name, config)


def available_providers(settings: object = None) -> list[tuple[str, bool, str]]:
    """(name, available, reason) for each provider the settings dialog offers."""
    config = GeocoderConfig.resolve(settings)
    out: list[tuple[str, bool, str]] = [("gsi", True, ""), ("nominatim", True, "")]
    for name in KEYED_PROVIDERS:
        if config.api_key:
            out.append((name, True, ""))
        else:
            out.append((name, False, tr("Needs an API key in the settings.")))
    ok, reason = jageocoder_status()
    out.append(("jageocoder", ok, reason))
    return out


def probe_url(name: str, config: GeocoderConfig) -> str | None:
    """A cheap URL that shows whether ``name`` can be reached (None: no network needed)."""
    if name == "gsi":
        return f"{config.gsi_url}?{urllib.parse.urlencode({'q': '東京都'})}"
    if name == "nominatim":
        scheme, domain = _split_url(config.nominatim_url)
        return f"{scheme}://{domain}/status"
    if name == "jageocoder":
        return None
    if name == "google":
        return "https://maps.googleapis.com/maps/api/geocode/json"
    return None


def answers(url: str, *, timeout: float, user_agent: str = USER_AGENT) -> bool:
    """True when something answers HTTP at ``url`` (any status counts as reachable)."""
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read(64)
        return True
    except urllib.error.HTTPError:
        return True
    except (OSError, ValueError, json.JSONDecodeError):
        return False
