"""The print tiles' HTTP requests, which Cancel can cut short: after Cancel the requests under
way ran on in their threads until the server answered or the timeout (up to 3 s, a program
closed meanwhile waited for them); now their connections are shut at once and the threads end.

:class:`CuttableRequests` opens URLs as :func:`urllib.request.urlopen` does (the system's
proxy settings included) but keeps each thread's open connection; :meth:`~CuttableRequests.cut`
shuts them (a duplicate of each socket is kept: the TLS handshake's socket is not the
connection's), so a thread waiting for the handshake or the answer wakes with an error at
once. A thread still connecting is told by ``halted`` as soon as it is connected (it cannot be
woken while the connection is being made; its own timeout bounds that).
"""

from __future__ import annotations

import http.client
import socket
import threading
import urllib.request
from collections.abc import Callable
from typing import Any

from planner.errors import Cancelled


class CuttableRequests:
    """Opens URLs whose connections :meth:`cut` shuts; ``halted()`` true: no new request
    gets past its connection (:class:`~planner.errors.Cancelled` raised instead)."""

    def __init__(self, halted: Callable[[], bool]) -> None:
        self._halted = halted
        self._lock = threading.Lock()
        # thread id → a duplicate of its request's socket: shutting it shuts the connection
        # in every phase (the TLS handshake too, when the connection holds no socket to shut)
        self._open: dict[int, socket.socket] = {}
        requests = self

        def connected(*args: Any, **kw: Any) -> socket.socket:
            sock = socket.create_connection(*args, **kw)
            requests._add(sock)  # a cut sees it from now on
            if requests._halted():  # cut while connecting: it had no socket to shut yet
                sock.close()
                requests.done()
                raise Cancelled()
            return sock

        def tracked(base: type[http.client.HTTPConnection]) -> Callable[..., Any]:
            def make(*args: Any, **kw: Any) -> http.client.HTTPConnection:
                connection = base(*args, **kw)
                connection._create_connection = connected  # type: ignore[attr-defined]
                return connection

            return make

        class HTTP(urllib.request.HTTPHandler):
            def do_open(self, http_class: Any, req: Any, **kw: Any) -> Any:
                return super().do_open(tracked(http_class), req, **kw)

        class HTTPS(urllib.request.HTTPSHandler):
            def do_open(self, http_class: Any, req: Any, **kw: Any) -> Any:
                return super().do_open(tracked(http_class), req, **kw)

        self._opener = urllib.request.build_opener(HTTP, HTTPS)

    def open(self, request: urllib.request.Request, *, timeout: float) -> Any:
        """The response to ``request`` (as :func:`urllib.request.urlopen`); call
        :meth:`done` in the same thread once it is read."""
        return self._opener.open(request, timeout=timeout)

    def done(self) -> None:
        """This thread's request is over: nothing of it left to cut."""
        with self._lock:
            kept = self._open.pop(threading.get_ident(), None)
        if kept is not None:
            kept.close()

    def cut(self) -> None:
        """Shut the connections of the requests under way (call once ``halted()`` is true):
        each thread waiting on its socket gets an error at once."""
        with self._lock:
            kept = list(self._open.values())
        for sock in kept:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:  # already closed by its thread
                pass

    def _add(self, sock: socket.socket) -> None:
        """Keep a duplicate of this thread's new socket (closed by :meth:`done`)."""
        with self._lock:
            old = self._open.pop(threading.get_ident(), None)
            self._open[threading.get_ident()] = sock.dup()
        if old is not None:  # a redirect's second connection
            old.close()
