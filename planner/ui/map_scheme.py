"""The ``tpmap://`` URL scheme: serves the map page, Leaflet, the project's scripts, the
Japanese font, the outline of Japan and the plan's data without touching the network.

:func:`register_scheme` must run before the QApplication exists (``web_setup`` calls
it); :func:`handler_for` installs one handler per web profile. Views publish their
page and data documents with :meth:`MapSchemeHandler.publish` under their own path.
"""

from __future__ import annotations

import mimetypes
import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QFile, QIODevice, QObject
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from planner.fonts import japanese_font_path
from planner.maps.page import SCHEME
from planner.resources import resource_path

SCHEME_BYTES = SCHEME.encode("ascii")
_STATIC_DIR = Path(__file__).resolve().parent.parent / "maps" / "static"
_registered = False

_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
    ".json": "application/json",
    ".geojson": "application/json",
    ".png": "image/png",
    ".ttf": "font/ttf",
}


def register_scheme() -> None:
    """Declare ``tpmap`` to QtWebEngine (once, before the QApplication is created)."""
    global _registered
    if _registered:
        return
    scheme = QWebEngineUrlScheme(SCHEME_BYTES)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
        | QWebEngineUrlScheme.Flag.CorsEnabled
        | QWebEngineUrlScheme.Flag.FetchApiAllowed  # Qt ≥ 6.6: the page fetches its data
    )
    QWebEngineUrlScheme.registerScheme(scheme)
    _registered = True


def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as leaflet

    return Path(leaflet.BASE_DIR)


def _qwebchannel_js() -> bytes:
    f = QFile(":/qtwebchannel/qwebchannel.js")
    if not f.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError("qwebchannel.js missing from Qt's resources")
    data = bytes(f.readAll().data())
    f.close()
    return data


class MapSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers ``tpmap://app/<path>`` from bundled files or published in-memory documents."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._published: dict[str, tuple[bytes, str]] = {}
        self._roots = {
            "leaflet": _leaflet_dir(),
            "static": _STATIC_DIR,
            "japan": resource_path("japan"),
        }

    # -- documents ------------------------------------------------------------
    def publish(self, path: str, data: bytes, mime: str = "application/json") -> str:
        """Serve ``data`` at ``tpmap://app/<path>``; returns the URL."""
        with self._lock:
            self._published[path.lstrip("/")] = (data, mime)
        return f"{SCHEME}://app/{path.lstrip('/')}"

    def unpublish(self, prefix: str) -> None:
        """Forget every published document whose path starts with ``prefix`` (or is it)."""
        with self._lock:
            for key in [k for k in self._published if k.startswith(prefix.lstrip("/"))]:
                del self._published[key]

    def lookup(self, path: str) -> tuple[bytes, str] | None:
        """The body and MIME type for ``path``, None when there is none."""
        path = path.lstrip("/")
        with self._lock:
            if path in self._published:
                return self._published[path]
        if path == "qwebchannel.js":
            return _qwebchannel_js(), "text/javascript"
        if path == "font/ipaexg.ttf":
            return japanese_font_path().read_bytes(), "font/ttf"
        head, _, rest = path.partition("/")
        root = self._roots.get(head)
        if root is None or not rest:
            return None
        file = (root / rest).resolve()
        if not file.is_relative_to(root.resolve()) or not file.is_file():
            return None
        mime = (
            _TYPES.get(file.suffix)
            or mimetypes.guess_type(file.name)[0]
            or "application/octet-stream"
        )
        return file.read_bytes(), mime

    # -- Qt ---------------------------------------------------------------------
    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 - Qt's name
        url = job.requestUrl()
        if url.host() != "app":
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        found = self.lookup(url.path())
        if found is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        data, mime = found
        buffer = QBuffer(job)  # parented to the job: lives exactly as long as the request
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime.encode("ascii"), buffer)


#: Handlers by profile, held from Python: the wrapper Qt hands back for an installed handler
#: can lose its Python attributes once Python's own reference is gone.
_handlers: list[tuple[QWebEngineProfile, MapSchemeHandler]] = []


def handler_for(profile: QWebEngineProfile) -> MapSchemeHandler:
    """The profile's ``tpmap`` handler (installed on first use)."""
    _handlers[:] = [(p, h) for p, h in _handlers if shiboken6.isValid(p) and shiboken6.isValid(h)]
    address = shiboken6.getCppPointer(profile)[0]
    for known, handler in _handlers:
        if shiboken6.getCppPointer(known)[0] == address:
            return handler
    if profile.urlSchemeHandler(SCHEME_BYTES) is not None:
        profile.removeUrlScheme(SCHEME_BYTES)
    handler = MapSchemeHandler(profile)
    profile.installUrlSchemeHandler(SCHEME_BYTES, handler)
    _handlers.append((profile, handler))
    return handler
