"""Google Maps navigation links for the reps' hand-outs: a stop's, and a day's route in legs.

Built from coordinates alone: no request, no API key (the "Maps URLs" Google documents,
https://developers.google.com/maps/documentation/urls/get-started#directions-action). A rep
taps one on the phone and Google Maps starts navigating. Customers without a map position
get no link. ``export --no-nav-links`` (and the Preferences switch) leaves them all out, for
companies that forbid Google.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from planner.i18n import tr

#: Google Maps' directions URL ("Maps URLs", api=1).
DIRECTIONS = "https://www.google.com/maps/dir/"
#: Google documents at most nine waypoints between a directions URL's origin and destination
#: ("up to three waypoints supported on mobile browsers, and a maximum of nine waypoints
#: supported otherwise" — a phone with the Google Maps app opens it there, with nine): a
#: longer day's route is split into legs of at most this many, each leg starting where the
#: last one ended.
MAX_WAYPOINTS = 9

Point = tuple[float, float]


def point_text(lat: float, lon: float) -> str:
    """``35.681236,139.767125``: latitude, longitude with 6 decimals (about 0.1 m)."""
    return f"{lat:.6f},{lon:.6f}"


def located(lat: object, lon: object) -> bool:
    """True when ``lat``/``lon`` are finite numbers (a customer with a map position)."""
    try:
        return math.isfinite(float(lat)) and math.isfinite(float(lon))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def _url(params: dict[str, str]) -> str:
    # commas kept as Google writes them; the waypoints' | becomes %7C
    return DIRECTIONS + "?" + urlencode({"api": "1", **params, "travelmode": "driving"},
                                        quote_via=quote, safe=",")


def stop_url(lat: object, lon: object) -> str | None:
    """The link that starts navigation to a stop (from where the phone is), or None for a
    customer without a map position."""
    if not located(lat, lon):
        return None
    return _url({"destination": point_text(float(lat), float(lon))})  # type: ignore[arg-type]


#: :func:`stop_url` with ``{lat}`` and ``{lon}`` for the shared HTML map's script to fill in.
STOP_URL_TEMPLATE = _url({"destination": "LAT,LON"}).replace("LAT,LON", "{lat},{lon}")


@dataclass(frozen=True)
class Leg:
    """One directions link of a day's route: from ``origin`` to ``destination`` through the
    stops between; each end a stop number, or 0 for the rep's start point."""

    url: str
    origin: int
    destination: int
    stops: tuple[int, ...]  # the stop numbers it visits, in order (its ends included)


def route_legs(
    stops: Sequence[tuple[int, float, float]], *, start: Point | None = None,
) -> list[Leg]:
    """A day's route as directions links: from ``start`` (the rep's home or office) through
    ``stops`` (stop number, latitude, longitude) in order and back to ``start``, split into
    legs of at most :data:`MAX_WAYPOINTS` waypoints, as even as they come. Stops without a
    position are left out; without a start point the route runs from the first stop to the
    last. No legs for a day with nothing to route."""
    points: list[tuple[int, Point]] = [(n, (float(a), float(o))) for n, a, o in stops
                                       if located(a, o)]
    if start is not None and located(*start):
        home = (float(start[0]), float(start[1]))
        points = [(0, home), *points, (0, home)] if points else []
    segments = len(points) - 1
    if segments < 1:
        return []
    count = math.ceil(segments / (MAX_WAYPOINTS + 1))
    bounds = [k * segments // count for k in range(count + 1)]
    legs = []
    for i, j in zip(bounds, bounds[1:], strict=False):
        part = points[i:j + 1]
        params = {"origin": point_text(*part[0][1]), "destination": point_text(*part[-1][1])}
        if len(part) > 2:
            params["waypoints"] = "|".join(point_text(*p) for _n, p in part[1:-1])
        legs.append(Leg(_url(params), part[0][0], part[-1][0],
                        tuple(n for n, _p in part if n)))
    return legs


def leg_title(number: int, legs: int) -> str:
    """The link text of a day's route: 「Googleマップで道順」, one of several
    「Googleマップで道順（1/2）」."""
    if legs <= 1:
        return tr("Route in Google Maps")
    return tr("Route in Google Maps ({number}/{legs})", number=number, legs=legs)


def leg_span(leg: Leg) -> str:
    """Where a leg runs: 「出発地 → No.6」, 「No.6 → 出発地」 (0: the rep's start point)."""
    def end(n: int) -> str:
        return tr("start point") if n == 0 else f"No.{n}"

    return f"{end(leg.origin)} → {end(leg.destination)}"


def day_stop_links(
    lat: Sequence[float], lon: Sequence[float], *, enabled: bool = True,
) -> list[str | None]:
    """Each of a day's stops' :func:`stop_url` (None without a position; all None when the
    links are switched off)."""
    if not enabled:
        return [None] * len(lat)
    return [stop_url(a, o) for a, o in zip(lat, lon, strict=True)]
