"""A local stand-in for GSI address search and Nominatim (127.0.0.1, port 0), counting requests.

Unknown queries are found: GSI answers a feature whose title is the query,
Nominatim a house-level place; the position is derived from the query so it
is stable. :meth:`FakeGeocoder.script` makes a query answer differently, one
reply per request (the last one repeats): 429 with Retry-After, a 500, a
sleep longer than the client's timeout, an empty list, malformed JSON.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    """One scripted answer."""

    status: int = 200
    body: str | None = None  # None = the default "found" answer for the service
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


EMPTY = Reply(body="[]")
MALFORMED = Reply(body='[{"geometry": {"coordinates": [139.7, 35.6')
SERVER_ERROR = Reply(status=500, body="internal error")


def too_many(retry_after: str = "0") -> Reply:
    """HTTP 429 with a Retry-After header."""
    return Reply(status=429, body="slow down", headers={"Retry-After": retry_after})


def position(query: str) -> tuple[float, float]:
    """A stable (lat, lon) in the Kanto plain for ``query``."""
    digest = hashlib.sha1(query.encode("utf-8")).digest()
    lat = 35.3 + digest[0] / 255 * 0.8
    lon = 139.3 + digest[1] / 255 * 0.6
    return round(lat, 6), round(lon, 6)


def gsi_body(title: str, lat: float, lon: float) -> str:
    """A GSI address-search answer with one feature."""
    feature = {
        "geometry": {"coordinates": [lon, lat], "type": "Point"},
        "type": "Feature",
        "properties": {"addressCode": "", "title": title},
    }
    return json.dumps([feature], ensure_ascii=False)


def nominatim_body(name: str, lat: float, lon: float, place_rank: int = 30) -> str:
    """A Nominatim /search answer with one place."""
    place = {
        "lat": str(lat),
        "lon": str(lon),
        "display_name": name,
        "place_rank": place_rank,
        "class": "place",
        "type": "house",
        "importance": 0.1,
    }
    return json.dumps([place], ensure_ascii=False)


class FakeGeocoder:
    """The server; use as a context manager. ``gsi_url`` / ``nominatim_url`` point at it."""

    def __init__(self) -> None:
        self.requests = 0
        self.queries: Counter[str] = Counter()
        self.paths: list[str] = []
        self.user_agents: list[str] = []
        self._scripts: dict[str, list[Reply]] = {}
        self._lock = threading.Lock()
        handler = self._handler_class()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # type: ignore[attr-defined]
        self.server.handle_error = lambda request, address: None  # type: ignore[method-assign]
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def gsi_url(self) -> str:
        return f"{self.base_url}/address-search/AddressSearch"

    @property
    def nominatim_url(self) -> str:
        return self.base_url

    def script(self, query: str, *replies: Reply) -> None:
        """Answer ``query`` with ``replies`` in turn (the last one repeats)."""
        with self._lock:
            self._scripts[query] = list(replies)

    def __enter__(self) -> FakeGeocoder:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _next_reply(self, query: str) -> Reply | None:
        with self._lock:
            self.requests += 1
            self.queries[query] += 1
            replies = self._scripts.get(query)
            if not replies:
                return None
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = urllib.parse.urlsplit(self.path)
                params = urllib.parse.parse_qs(parts.query)
                query = params.get("q", [""])[0]
                fake.paths.append(parts.path)
                fake.user_agents.append(self.headers.get("User-Agent", ""))
                if parts.path.endswith("/status"):
                    self._send(200, "OK", {})
                    return
                reply = fake._next_reply(query)
                if reply is None:
                    reply = Reply()
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body
                if body is None:
                    lat, lon = position(query)
                    if parts.path.endswith("/search"):
                        body = nominatim_body(query, lat, lon)
                    else:
                        body = gsi_body(query, lat, lon)
                self._send(reply.status, body, reply.headers)

            def _send(self, status: int, body: str, headers: dict[str, str]) -> None:
                data = body.encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (timeout test)

        return Handler
