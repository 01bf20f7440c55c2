"""Plain values shared by the geocoding modules: endpoints, config, answers, failures."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Protocol

GSI_URL = "https://msearch.gsi.go.jp/address-search/AddressSearch"
NOMINATIM_URL = "https://nominatim.openstreetmap.org"
USER_AGENT = "TerritoryPlanner/0.1"
PUBLIC_NOMINATIM_HOST = "nominatim.openstreetmap.org"
#: Nominatim's usage policy: at most one request per second on the public server.
NOMINATIM_MIN_DELAY = 1.0
#: A polite pace for GSI, which publishes no limit.
GSI_MIN_DELAY = 0.1

BUILTIN_PROVIDERS = ("gsi", "nominatim", "jageocoder")
KEYED_PROVIDERS = ("google",)  # shown in the settings dialog; any geopy service name also works


@dataclass(frozen=True)
class GeocoderConfig:
    """Where and how to reach the geocoders (endpoints, API key, pace)."""

    gsi_url: str = GSI_URL
    nominatim_url: str = NOMINATIM_URL
    api_key: str = ""
    user_agent: str = USER_AGENT
    min_delay: float | None = None  # None = the provider's polite default

    @classmethod
    def resolve(cls, settings: object = None) -> GeocoderConfig:
        """Config from a plan's Settings, a GeocoderConfig, a mapping or None, with env fallbacks."""
        if isinstance(settings, GeocoderConfig):
            return settings
        values: Mapping[str, Any]
        if settings is None:
            values = {}
        elif isinstance(settings, Mapping):
            values = settings
        else:
            values = {
                k: getattr(settings, k)
                for k in ("gsi_url", "nominatim_url", "geocoder_api_key")
                if hasattr(settings, k)
            }
        env = os.environ
        delay_text = env.get("PLANNER_GEOCODE_MIN_DELAY", "").strip()
        delay: float | None = values.get("min_delay")
        if delay is None and delay_text:
            try:
                delay = max(0.0, float(delay_text))
            except ValueError:
                delay = None
        return cls(
            gsi_url=str(values.get("gsi_url") or env.get("PLANNER_GSI_URL") or GSI_URL),
            nominatim_url=str(
                values.get("nominatim_url") or env.get("PLANNER_NOMINATIM_URL") or NOMINATIM_URL
            ),
            api_key=str(
                values.get("api_key")
                or values.get("geocoder_api_key")
                or env.get("PLANNER_GEOCODER_API_KEY")
                or ""
            ),
            user_agent=str(values.get("user_agent") or USER_AGENT),
            min_delay=delay,
        )

    def cache_name(self, provider: str) -> str:
        """The name ``provider``'s answers are cached under: the provider alone at its public
        endpoint (so answers cached before endpoints were told apart still count), else the
        provider and the endpoint, so a test or another server never fills the real answers."""
        endpoint = {"gsi": (self.gsi_url, GSI_URL), "nominatim": (self.nominatim_url, NOMINATIM_URL)}
        if provider not in endpoint:
            return provider  # a fixed public service (google …) or an offline dictionary
        url, default = endpoint[provider]
        if _endpoint(url) == _endpoint(default):
            return provider
        return f"{provider} {_endpoint(url)}"

    def with_delay(self, seconds: float) -> GeocoderConfig:
        """A copy with another minimum delay between requests."""
        return replace(self, min_delay=seconds)


def _endpoint(url: str) -> str:
    """``url`` compared loosely: scheme and host in lower case, no trailing slash."""
    text = url.strip()
    parts = urllib.parse.urlsplit(text if "://" in text else f"https://{text}")
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}{path}{query}"


@dataclass(frozen=True)
class Match:
    """A geocoder's answer: position, quality (see QUALITIES) and the matched address text."""

    lat: float
    lon: float
    quality: str
    matched: str = ""


class LookupFailure(Exception):
    """A lookup that got no usable answer; ``kind`` says whether to retry, stop or report."""

    def __init__(self, kind: str, detail: str = "", *, retry_after: float | None = None) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.retry_after = retry_after


class Provider(Protocol):
    """What the batch needs from a provider."""

    name: str
    requests: int

    def lookup(self, query: str, *, timeout: float) -> Match | None: ...
