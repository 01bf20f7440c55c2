"""Google Maps links for the reps' hand-outs: parsed back, they name the day's stops in order."""

from __future__ import annotations

import math
from urllib.parse import parse_qs, urlsplit

from planner.export.nav_links import (
    MAX_WAYPOINTS,
    STOP_URL_TEMPLATE,
    day_stop_links,
    leg_span,
    leg_title,
    route_legs,
    stop_url,
)


def _query(url: str) -> dict[str, str]:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.google.com", "/maps/dir/")
    found = parse_qs(parts.query, strict_parsing=True)
    assert all(len(v) == 1 for v in found.values())
    return {k: v[0] for k, v in found.items()}


def _point(text: str) -> tuple[float, float]:
    lat, lon = text.split(",")
    assert len(lat.split(".")[1]) == 6 and len(lon.split(".")[1]) == 6  # 6 decimals
    return float(lat), float(lon)


def _stops(n: int) -> list[tuple[int, float, float]]:
    return [(k, 35.6 + k * 0.0123457, 139.7 - k * 0.0098765) for k in range(1, n + 1)]


def test_a_stop_links_to_directions_to_its_position() -> None:
    url = stop_url(35.6812362, 139.7671248)
    assert url == ("https://www.google.com/maps/dir/?api=1&destination=35.681236,139.767125"
                   "&travelmode=driving")
    q = _query(url)
    assert q == {"api": "1", "destination": "35.681236,139.767125", "travelmode": "driving"}
    assert STOP_URL_TEMPLATE.format(lat="35.681236", lon="139.767125") == url


def test_a_customer_without_a_position_gets_no_link() -> None:
    assert stop_url(float("nan"), 139.7) is None
    assert stop_url(None, None) is None
    assert day_stop_links([35.6, math.nan], [139.7, 139.8]) == [stop_url(35.6, 139.7), None]
    assert day_stop_links([35.6], [139.7], enabled=False) == [None]


def _route(legs: list, start: tuple[float, float] | None) -> list[tuple[float, float]]:
    """The legs' points joined: each leg starts where the last one ended."""
    out: list[tuple[float, float]] = []
    for leg in legs:
        q = _query(leg.url)
        assert q["api"] == "1" and q["travelmode"] == "driving"
        points = [_point(q["origin"])]
        if "waypoints" in q:
            points += [_point(p) for p in q["waypoints"].split("|")]
        points.append(_point(q["destination"]))
        assert len(points) - 2 <= MAX_WAYPOINTS
        if out:
            assert points[0] == out[-1]
            points = points[1:]
        out += points
    return out


def test_a_short_day_is_one_leg_from_home_through_the_stops_and_back() -> None:
    stops = _stops(9)
    home = (35.5, 139.6)
    legs = route_legs(stops, start=home)
    assert len(legs) == 1
    assert _route(legs, home) == [home, *[(round(a, 6), round(o, 6)) for _n, a, o in stops],
                                  home]
    assert (legs[0].origin, legs[0].destination) == (0, 0)


def test_a_long_day_is_split_into_legs_of_at_most_nine_waypoints_in_stop_order() -> None:
    stops = _stops(23)
    home = (35.5, 139.6)
    legs = route_legs(stops, start=home)
    assert len(legs) == 3  # 24 stretches: three legs of 8
    expected = [home, *[(round(a, 6), round(o, 6)) for _n, a, o in stops], home]
    assert _route(legs, home) == expected
    assert [s for leg in legs for s in leg.stops] == [1, 2, 3, 4, 5, 6, 7, 8, 8, 9, 10, 11, 12,
                                                      13, 14, 15, 16, 16, *range(17, 24)]
    assert legs[0].origin == 0 and legs[-1].destination == 0
    assert legs[1].origin == legs[0].destination


def test_stops_without_a_position_are_left_out_of_the_route() -> None:
    stops = [(1, 35.6, 139.7), (2, math.nan, math.nan), (3, 35.7, 139.8)]
    legs = route_legs(stops, start=(35.5, 139.6))
    assert _route(legs, None) == [(35.5, 139.6), (35.6, 139.7), (35.7, 139.8), (35.5, 139.6)]
    assert legs[0].stops == (1, 3)


def test_without_a_start_point_the_route_runs_from_the_first_stop_to_the_last() -> None:
    legs = route_legs(_stops(3), start=None)
    assert _route(legs, None) == [(round(a, 6), round(o, 6)) for _n, a, o in _stops(3)]
    assert route_legs(_stops(1), start=None) == []
    assert route_legs([], start=(35.5, 139.6)) == []


def test_the_link_texts_in_japanese(japanese) -> None:
    assert leg_title(1, 1) == "Googleマップで道順"
    assert leg_title(1, 2) == "Googleマップで道順（1/2）"
    legs = route_legs(_stops(12), start=(35.5, 139.6))
    assert [leg_span(leg) for leg in legs] == ["出発地 → No.6", "No.6 → 出発地"]
