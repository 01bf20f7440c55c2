"""Travel model: haversine × detour, minutes at speed, OSRM table server with fallback."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from planner import travel
from planner.errors import PlannerError
from planner.model import Settings


def test_known_distance_tokyo_osaka() -> None:
    # Tokyo station → Osaka station is about 403 km great-circle.
    d = travel.haversine_km([35.6812], [139.7671], [34.7025], [135.4959])
    assert d.shape == (1, 1)
    assert 400 < d[0, 0] < 406


def test_detour_and_speed_apply() -> None:
    lat, lon = [35.0, 35.1, 35.2], [139.0, 139.1, 139.0]
    base = travel.haversine_km(lat, lon)
    s = Settings(detour_factor=1.5, speed_kmh=20.0)
    km = travel.distance_matrix_km(lat, lon, settings=s)
    minutes = travel.travel_minutes_matrix(lat, lon, settings=s)
    np.testing.assert_allclose(km, base * 1.5)
    np.testing.assert_allclose(minutes, base * 1.5 * 3.0)
    assert np.allclose(np.diag(km), 0.0)
    np.testing.assert_allclose(km, km.T)


def test_large_rectangular_matrix_matches_pointwise() -> None:
    rng = np.random.default_rng(1)
    lat = rng.uniform(35, 36, 10_000)
    lon = rng.uniform(139, 140, 10_000)
    d = travel.haversine_km(lat, lon, lat[:7], lon[:7], dtype=np.float32)
    assert d.shape == (10_000, 7)
    i = 9_876
    one = travel.haversine_km(lat[i : i + 1], lon[i : i + 1], lat[:7], lon[:7])
    np.testing.assert_allclose(d[i], one[0], rtol=1e-5)


def test_chunked_square_matrix_matches_unchunked(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(2)
    lat = rng.uniform(35, 36, 300)
    lon = rng.uniform(139, 140, 300)
    full = travel.haversine_km(lat, lon)
    monkeypatch.setattr(travel, "_CHUNK_CELLS", 1000)
    np.testing.assert_allclose(travel.haversine_km(lat, lon), full)


def test_missing_coordinates_is_a_user_error() -> None:
    with pytest.raises(PlannerError):
        travel.haversine_km([35.0, np.nan], [139.0, 139.0])
    with pytest.raises(PlannerError):
        travel.haversine_km([35.0], [139.0, 139.1])


class _OsrmHandler(BaseHTTPRequestHandler):
    """Answers ``/table/v1/driving/…`` with distance = 2 km × |index gap|, 3 min per km."""

    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        type(self).requests.append(self.path)
        url = urlsplit(self.path)
        coords = url.path.split("/table/v1/driving/", 1)[1].split(";")
        q = parse_qs(url.query)
        src = [int(x) for x in q["sources"][0].split(";")]
        dst = [int(x) for x in q["destinations"][0].split(";")]
        lons = [float(c.split(",")[0]) for c in coords]
        dist = [[2000.0 * abs(lons[i] - lons[j]) * 10 for j in dst] for i in src]
        dur = [[d / 1000.0 * 180.0 for d in row] for row in dist]
        body = json.dumps({"code": "Ok", "distances": dist, "durations": dur}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def osrm_server():
    server = HTTPServer(("127.0.0.1", 0), _OsrmHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _OsrmHandler.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_server_table_is_used(osrm_server: str) -> None:
    lon = [139.0, 139.1, 139.3]
    s = Settings(routing_url=osrm_server)
    res = travel.travel_matrices([35.0] * 3, lon, settings=s)
    assert res.source == "server" and res.note == ""
    np.testing.assert_allclose(res.km[0], [0.0, 2.0, 6.0], atol=1e-6)
    np.testing.assert_allclose(res.minutes[0], [0.0, 6.0, 18.0], atol=1e-6)
    assert _OsrmHandler.requests and "annotations=duration,distance" in _OsrmHandler.requests[0]


def test_server_blocks_cover_large_tables(osrm_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(travel, "_SERVER_MAX_POINTS", 4)
    lon = [139.0 + 0.1 * i for i in range(5)]
    res = travel.travel_matrices([35.0] * 5, lon, settings=Settings(routing_url=osrm_server))
    expected = 2.0 * np.abs(np.subtract.outer(np.arange(5), np.arange(5)))
    np.testing.assert_allclose(res.km, expected, atol=1e-6)
    assert len(_OsrmHandler.requests) == 9  # 3 × 3 blocks of 2 × 2


def test_unreachable_server_falls_back_with_note() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    s = Settings(routing_url=f"http://127.0.0.1:{port}/table/v1/driving/")
    res = travel.travel_matrices([35.0, 35.1], [139.0, 139.0], settings=s)
    assert res.source == "straight-line"
    assert res.note
    np.testing.assert_allclose(res.km, travel.haversine_km([35.0, 35.1], [139.0, 139.0]) * 1.3)
