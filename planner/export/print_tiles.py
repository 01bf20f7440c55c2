"""Street backgrounds for the hand-outs' maps: 地理院タイル fetched, cached and drawn under a map.

A map's lat/lon extent and its size on paper give the Web-Mercator zoom printing at about
:data:`TARGET_DPI`; the tiles come from the on-disk cache or the server (a few threads, a short
timeout, one budget for the whole export), are stitched, their rows re-spaced from Web
Mercator to the axes' plain latitude, washed out to light grey (the route and its numbers stay
black on a black-and-white printer) and drawn under the map with 「出典：国土地理院」 in its
corner. Only GSI tiles are printed: OpenStreetMap's tile policy forbids bulk and offline use
(a 136-page export is bulk), so the window's OSM choice prints on 淡色地図.

Offline, a failing server or the budget spent: the first failure ends the fetching for the
export (no 3-second wait per page); maps whose tiles are all cached still get them, the
others print as without backgrounds, and :meth:`PrintTiles.note` says so in one sentence.

Cancel: while a map's tiles load, :meth:`PrintTiles.watching`'s check is asked every
:data:`POLL` seconds; once it says stop, no further tile is asked for, the requests under way
are cut (their connections shut, :mod:`planner.export.tile_requests`: they no longer run on
in their threads until the server answers or times out) and
:class:`~planner.errors.Cancelled` is raised once their threads have ended (at most
:data:`CUT_WAIT`; at once unless one is still connecting), not after the slow server's
timeouts.
"""

from __future__ import annotations

import hashlib
import http.client
import io
import math
import os
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_EXCEPTION, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes

from planner.errors import Cancelled
from planner.export.tile_requests import CuttableRequests
from planner.i18n import tr

#: The tile server for testing or a self-hosted mirror: a ``{z}/{x}/{y}`` URL template.
URL_ENV = "TP_PRINT_TILES_URL"
#: The tile cache folder (default: ``print_tiles`` in the user's cache folder).
CACHE_ENV = "PLANNER_TILE_CACHE"
#: The window's base map → the GSI tiles printed for it (OSM: never fetched for print).
PRINT_URLS = {
    "gsi_pale": "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png",
    "gsi_std": "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png",
}
DEFAULT_MAP = "gsi_pale"
#: GSI's terms: its tiles may be used with this credit.
ATTRIBUTION = "出典：国土地理院"
TILE = 256
MIN_ZOOM, MAX_ZOOM = 5, 18
#: The printed resolution aimed at (the zoom nearest it: 125–250 dpi).
TARGET_DPI = 175.0
#: At most this many tiles for one map (a zoom lower beyond): a bound on time and file size.
MAX_TILES = 48
CONNECT_TIMEOUT = 3.0  # seconds per request
BUDGET = 45.0  # seconds of fetching for one export, all maps together
WORKERS = 4
POLL = 0.1  # seconds between looks at Cancel while tiles load
#: After Cancel, the longest wait for the cut requests' threads to end (one still connecting
#: cannot be woken; it is left to its own timeout)
CUT_WAIT = 1.0
#: The fetching threads' names (a benchmark and a test look for them after Cancel)
THREAD_NAME = "print-tiles"
USER_AGENT = "TerritoryPlanner/1.0 (route hand-outs; print tiles)"
#: How much of the tile's darkness is kept: light grey under the black route.
STRENGTH = 0.55

Extent = tuple[float, float, float, float]  # lon0, lat0, lon1, lat1
#: Decoded tiles kept for the next maps (64 kB each).
KEEP_DECODED = 512
_BLANK = np.full((TILE, TILE), 255, dtype=np.uint8)  # a tile the server has not (sea)
#: grey → printed grey, washed out to light: the route and numbers stay legible
_WASH = np.round(255.0 - STRENGTH * (255.0 - np.arange(256))).astype(np.uint8)


def tile_x(lon: float, z: int) -> float:
    """The Web-Mercator tile column (fractional) of a longitude at zoom ``z``."""
    return (lon + 180.0) / 360.0 * 2**z


def tile_y(lat: float | np.ndarray, z: int) -> np.ndarray:
    """The Web-Mercator tile row (fractional) of latitude(s) at zoom ``z``."""
    phi = np.radians(np.asarray(lat, dtype=float))
    return np.asarray((1.0 - np.arcsinh(np.tan(phi)) / math.pi) / 2.0 * 2**z)


def choose_zoom(extent: Extent, width_in: float, *, dpi: float = TARGET_DPI) -> int:
    """The zoom whose tiles print the map ``width_in`` inches wide nearest ``dpi``, lowered
    until the map needs at most :data:`MAX_TILES` tiles."""
    lon0, lat0, lon1, lat1 = extent
    span = max(lon1 - lon0, 1e-9)
    z = round(math.log2(width_in * dpi * 360.0 / (TILE * span)))
    z = min(max(z, MIN_ZOOM), MAX_ZOOM)
    while z > MIN_ZOOM and len(tiles_for(extent, z)) > MAX_TILES:
        z -= 1
    return z


def tiles_for(extent: Extent, z: int) -> list[tuple[int, int]]:
    """The (x, y) tiles covering ``extent`` at zoom ``z``."""
    lon0, lat0, lon1, lat1 = extent
    x0, x1 = int(math.floor(tile_x(lon0, z))), int(math.floor(tile_x(lon1, z)))
    y0, y1 = int(math.floor(float(tile_y(lat1, z)))), int(math.floor(float(tile_y(lat0, z))))
    return [(x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]


def cache_root() -> Path:
    """``$PLANNER_TILE_CACHE``, else ``print_tiles`` in the user's cache folder."""
    override = os.environ.get(CACHE_ENV, "")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("TerritoryPlanner", appauthor=False)) / "print_tiles"


class _Offline(Exception):
    """A tile could not be fetched: the server is out of reach, failing or too slow."""


class PrintTiles:
    """One export's map backgrounds: which tiles, the cache, and whether the server failed.

    ``base_map``: the window's choice (``gsi_pale``, ``gsi_std``; anything else prints on
    淡色地図). ``url``: a ``{z}/{x}/{y}`` template instead (default ``$TP_PRINT_TILES_URL``).
    """

    def __init__(self, base_map: str = DEFAULT_MAP, *, url: str | None = None,
                 cache_dir: Path | None = None, budget: float = BUDGET,
                 timeout: float = CONNECT_TIMEOUT, workers: int = WORKERS) -> None:
        self.url = url or os.environ.get(URL_ENV, "") or PRINT_URLS.get(
            base_map, PRINT_URLS[DEFAULT_MAP])
        key = hashlib.sha1(self.url.encode("utf-8")).hexdigest()[:12]
        self.cache = (cache_dir or cache_root()) / key
        self.budget, self.timeout, self.workers = budget, timeout, workers
        self.failed = False  # a fetch failed: no more requests in this export
        self.drawn = 0  # maps that got their background
        self.missed = 0  # maps printed without (offline)
        self.fetched = 0  # tiles asked of the server
        self._lock = threading.Lock()
        self._decoded: dict[tuple[int, int, int], np.ndarray] = {}
        self._spent = 0.0
        self._stopped: Callable[[], bool] | None = None  # asks whether Cancel was pressed
        self._halt = threading.Event()  # Cancel seen: the fetch threads ask for no more
        self._requests = CuttableRequests(self._halt.is_set)  # and those under way are cut

    @contextmanager
    def watching(self, stopped: Callable[[], bool] | None) -> Iterator[None]:
        """Within the block, tile loading stops as soon as ``stopped()`` is true (Cancel)."""
        self._stopped = stopped
        self._halt.clear()
        try:
            yield
        finally:
            self._stopped = None
            self._halt.clear()  # (the next export through this object starts afresh)

    # -- the tiles -------------------------------------------------------------------------
    def _path(self, z: int, x: int, y: int) -> Path:
        return self.cache / str(z) / str(x) / f"{y}.png"

    def _fetch(self, z: int, x: int, y: int, deadline: float) -> bytes:
        """The tile's PNG from the server into the cache (b"" for a tile it has not: sea)."""
        if self._halt.is_set():  # cancelled: a tile not yet asked for is not asked for
            raise Cancelled()
        left = deadline - time.monotonic()
        if left <= 0 or self.failed:  # the budget spent, or another tile failed just now
            raise _Offline("budget")
        with self._lock:
            self.fetched += 1
        request = urllib.request.Request(self.url.format(z=z, x=x, y=y),
                                         headers={"User-Agent": USER_AGENT})
        try:
            with self._requests.open(request, timeout=min(self.timeout, left)) as response:
                data = bytes(response.read())
        except urllib.error.HTTPError as exc:
            if exc.code != 404:
                self.failed = True
                raise _Offline(str(exc)) from exc
            data = b""  # no tile there (open sea): printed white
        except (OSError, ValueError, http.client.HTTPException) as exc:
            if self._halt.is_set():  # cut by Cancel: not the server failing
                raise Cancelled() from exc
            self.failed = True  # URLError, refused, timeout, a bad URL, an answer cut off
            raise _Offline(str(exc)) from exc
        finally:
            self._requests.done()
        path = self._path(z, x, y)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{x}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return data

    def _tiles(self, z: int, wanted: list[tuple[int, int]]) -> dict[tuple[int, int], bytes] | None:
        """The PNG bytes of each tile (cache first); ``None`` when any could not be had."""
        out: dict[tuple[int, int], bytes] = {}
        missing = []
        for x, y in wanted:
            path = self._path(z, x, y)
            if path.is_file():
                out[(x, y)] = path.read_bytes()
            else:
                missing.append((x, y))
        if not missing:
            return out
        if self.failed:
            return None
        start = time.monotonic()
        deadline = start + self.budget - self._spent
        pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix=THREAD_NAME)
        futures = [pool.submit(self._fetch, z, x, y, deadline) for x, y in missing]
        cancelled = False
        try:
            self._wait(futures)
        except _Offline:
            self.failed = True
            return None
        except Cancelled:
            cancelled = True
            raise
        finally:
            # the first failure ends the map: the tiles not yet asked for are called off
            if cancelled:
                self._call_off(pool, futures)
            else:
                pool.shutdown(wait=True, cancel_futures=True)
            self._spent += time.monotonic() - start
        out.update(zip(missing, (f.result() for f in futures), strict=True))
        return out

    def _wait(self, futures: list[Future[bytes]]) -> None:
        """Until every tile is in or one failed (its :class:`_Offline` raised), looking at
        Cancel every :data:`POLL` seconds (:class:`Cancelled` raised at once)."""
        pending = set(futures)
        while pending:
            done, pending = wait(pending, timeout=POLL if self._stopped else None,
                                 return_when=FIRST_EXCEPTION)
            for future in done:
                error = future.exception()
                if error is not None:
                    raise error
            if pending and self._stopped is not None and self._stopped():
                self._halt.set()
                self._requests.cut()
                raise Cancelled()

    def _call_off(self, pool: ThreadPoolExecutor, futures: list[Future[bytes]]) -> None:
        """After Cancel: the tiles not yet asked for called off; the cut requests' threads
        waited for (they end at once), at most :data:`CUT_WAIT` (one still connecting is left
        to its timeout)."""
        pool.shutdown(wait=False, cancel_futures=True)
        # (a future called off is done() but never notifies: wait() would count it pending)
        under_way = [f for f in futures if not f.done()]
        if not wait(under_way, timeout=CUT_WAIT).not_done:
            pool.shutdown(wait=True)  # nothing left running: the threads are gone too

    # -- the picture -----------------------------------------------------------------------
    def image(self, extent: Extent, width_in: float) -> np.ndarray | None:
        """The background of ``extent`` for a map ``width_in`` inches wide: a grey RGB array
        (uint8: matplotlib and the PDF take it as it is) whose rows are evenly spaced in latitude (as the axes are), top row north; ``None``
        when its tiles could not be had."""
        z = choose_zoom(extent, width_in)
        wanted = tiles_for(extent, z)
        # a rep's day maps share most tiles: those decoded for an earlier map are kept
        tiles = self._tiles(z, [xy for xy in wanted if (z, *xy) not in self._decoded])
        if tiles is None:
            return None
        from PIL import Image

        for (x, y), data in tiles.items():
            try:
                grey = (np.asarray(Image.open(io.BytesIO(data)).convert("L").resize(
                    (TILE, TILE)), dtype=np.uint8) if data else _BLANK)
            except (OSError, ValueError):  # not an image: a broken server or cache file
                self._path(z, x, y).unlink(missing_ok=True)
                return None
            if len(self._decoded) >= KEEP_DECODED:
                self._decoded.pop(next(iter(self._decoded)))
            self._decoded[(z, x, y)] = grey
        xs = sorted({x for x, _ in wanted})
        ys = sorted({y for _, y in wanted})
        sheet = np.empty((len(ys) * TILE, len(xs) * TILE), dtype=np.uint8)
        for x, y in wanted:
            r, c = (y - ys[0]) * TILE, (x - xs[0]) * TILE
            sheet[r:r + TILE, c:c + TILE] = self._decoded.get((z, x, y), _BLANK)
        lon0, lat0, lon1, lat1 = extent
        px0, px1 = (tile_x(lon0, z) - xs[0]) * TILE, (tile_x(lon1, z) - xs[0]) * TILE
        py_top = float(tile_y(lat1, z) - ys[0]) * TILE
        py_bottom = float(tile_y(lat0, z) - ys[0]) * TILE
        cols, rows = max(int(round(px1 - px0)), 1), max(int(round(py_bottom - py_top)), 1)
        # each printed row's latitude (even steps, as the axes) → its row in Mercator pixels
        lats = lat1 - (np.arange(rows) + 0.5) / rows * (lat1 - lat0)
        src_rows = (tile_y(lats, z) - ys[0]) * TILE
        src_cols = px0 + (np.arange(cols) + 0.5) / cols * (px1 - px0)
        r_idx = np.clip(src_rows.astype(int), 0, sheet.shape[0] - 1)
        c_idx = np.clip(src_cols.astype(int), 0, sheet.shape[1] - 1)
        washed = _WASH[sheet[np.ix_(r_idx, c_idx)]]
        return np.repeat(washed[:, :, None], 3, axis=2)

    def draw(self, ax: Axes, extent: Extent) -> bool:
        """Draw the background under the map on ``ax`` (limits ``extent``), the credit in its
        lower-left corner; False (nothing drawn) when the tiles could not be had."""
        ax.apply_aspect()
        fig = ax.get_figure(root=True)
        assert fig is not None  # (a map on a page)
        width_in = ax.get_position().width * float(fig.get_figwidth())
        picture = self.image(extent, width_in)
        if picture is None:
            self.missed += 1
            return False
        lon0, lat0, lon1, lat1 = extent
        # "none": embedded as fetched (its own ~175 dpi), not resampled at the figure's dpi
        ax.imshow(picture, extent=(lon0, lon1, lat0, lat1), origin="upper",
                  interpolation="none", aspect=ax.get_aspect(), zorder=0)
        ax.set_xlim(lon0, lon1)
        ax.set_ylim(lat0, lat1)
        ax.text(0.005, 0.006, ATTRIBUTION, transform=ax.transAxes, fontsize=6, ha="left",
                va="bottom", color="#333333", zorder=7,
                bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none",
                      "alpha": 0.8})
        self.drawn += 1
        return True

    def note(self) -> str:
        """The sentence for the user when maps printed without their background ("" else)."""
        if not self.missed:
            return ""
        if not self.drawn:
            return tr("The map backgrounds could not be fetched (offline). The maps were "
                      "printed without them.")
        return tr("Some map backgrounds could not be fetched (offline). Those maps were "
                  "printed without them.")
