"""A local tile server for the print-tile tests and benchmark: generated PNG tiles over HTTP.

``colour`` tiles are one flat colour coded by their x and y (the red channel from x, the
green from y), so a pixel of the printed map tells which tile it came from; ``streets``
tiles draw a grid of dark "streets" along round longitudes and latitudes (every
``step`` degrees, where Web Mercator puts them) and a dark dot at each of ``dots``
(lon, lat): printed right, a customer's marker sits on its dot; ``error`` answers 503.
``latency`` slows each answer by that many seconds; ``hold`` (an event) keeps every answer
back until it is set: a server as slow as the test needs, without timing anything.
"""

from __future__ import annotations

import io
import math
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
from PIL import Image


def tile_colour(x: int, y: int) -> tuple[int, int, int]:
    """The flat colour of tile (x, y) of a ``colour`` server."""
    return (40 + (x * 37) % 200, 40 + (y * 53) % 200, 128)


def _lonlat(z: int, x: int, y: int) -> tuple[np.ndarray, np.ndarray]:
    """Longitude of each pixel column and latitude of each pixel row of tile (x, y)."""
    n = 2**z
    px = (x + (np.arange(256) + 0.5) / 256) / n
    py = (y + (np.arange(256) + 0.5) / 256) / n
    lon = px * 360.0 - 180.0
    lat = np.degrees(np.arctan(np.sinh(math.pi * (1 - 2 * py))))
    return lon, lat


def street_tile(z: int, x: int, y: int, *, step: float = 0.01,
                dots: Sequence[tuple[float, float]] = ()) -> np.ndarray:
    """A street-like tile: light ground, white blocks, grey streets every ``step`` degrees
    (wider every 5th), dark dots at ``dots``."""
    lon, lat = _lonlat(z, x, y)
    img = np.full((256, 256, 3), 235, dtype=np.uint8)
    deg_px = 360.0 / (256 * 2**z)  # degrees of longitude per pixel
    for axis, values in ((1, lon), (0, lat)):
        k = np.round(values / step)
        off = np.abs(values - k * step) / deg_px
        major = (k.astype(int) % 5) == 0
        street = off < np.where(major, 2.5, 1.2)
        if axis == 1:
            img[:, street] = np.where(major[street], 110, 170)[None, :, None]
        else:
            img[street, :] = np.where(major[street], 110, 170)[:, None, None]
    for dlon, dlat in dots:
        cols = np.abs(lon - dlon) / deg_px < 3
        rows = np.abs(lat - dlat) / (deg_px * math.cos(math.radians(dlat))) < 3
        img[np.ix_(rows, cols)] = 0
    return img


def png(img: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(img).save(out, format="PNG")
    return out.getvalue()


class TileServer:
    """The running server: ``url`` its ``{z}/{x}/{y}`` template, ``requests`` counted."""

    def __init__(self, kind: str = "colour", *, latency: float = 0.0,
                 dots: Sequence[tuple[float, float]] = (),
                 hold: threading.Event | None = None) -> None:
        self.kind, self.latency, self.dots, self.hold = kind, latency, list(dots), hold
        self.requests = 0
        self.answered = 0
        self.agents: set[str] = set()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                with server._lock:
                    server.requests += 1
                    server.agents.add(self.headers.get("User-Agent", ""))
                if server.latency:
                    time.sleep(server.latency)
                if server.hold is not None:
                    server.hold.wait()
                try:
                    z, x, y = (int(p) for p in self.path.strip("/").removesuffix(".png")
                               .split("/")[-3:])
                except ValueError:
                    self.send_error(404)
                    return
                if server.kind == "error":  # a failing server
                    self.send_error(503)
                    return
                if server.kind == "colour":
                    img = np.zeros((256, 256, 3), dtype=np.uint8)
                    img[:] = tile_colour(x, y)
                else:
                    img = street_tile(z, x, y, dots=server.dots)
                body = png(img)
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "image/png")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except ConnectionError:  # the client cut the request (Cancel): no tile sent
                    return
                with server._lock:
                    server.answered += 1

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"


@contextmanager
def tile_server(kind: str = "colour", **options: object) -> Iterator[TileServer]:
    """A :class:`TileServer` serving in a thread for the ``with`` block."""
    server = TileServer(kind, **options)  # type: ignore[arg-type]
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
        thread.join()


def dead_url() -> str:
    """A tile URL on a local port nothing listens on (connections refused at once)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png"
