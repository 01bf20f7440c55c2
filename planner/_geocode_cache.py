"""The persistent geocode cache: one SQLite file in the user data folder, shared by every plan.

Keyed by (provider, normalised address); the provider name carries its endpoint when that
is not the public one (``GeocoderConfig.cache_name``: "gsi http://127.0.0.1:8080/search"), so
a test or another server's answers are never served as the public service's. "Not found" answers are kept too, so
an address is never sent twice; network errors are never stored. WAL mode and
one lock per connection make it safe to use from a worker thread while the
GUI thread reads.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import platformdirs

CACHE_ENV = "PLANNER_GEOCODE_CACHE"
CACHE_FILE = "geocode_cache.sqlite"
DATA_DIR_ENV = "PLANNER_DATA_DIR"
_SCHEMA_VERSION = 1
_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS geocode (
    provider TEXT NOT NULL,
    key TEXT NOT NULL,
    found INTEGER NOT NULL,
    lat REAL,
    lon REAL,
    quality TEXT NOT NULL DEFAULT '',
    matched TEXT NOT NULL DEFAULT '',
    query TEXT NOT NULL DEFAULT '',
    created REAL NOT NULL,
    PRIMARY KEY (provider, key)
) WITHOUT ROWID
"""


@dataclass(frozen=True)
class CachedAnswer:
    """One stored answer: found (with position and quality) or a remembered "not found"."""

    found: bool
    lat: float | None = None
    lon: float | None = None
    quality: str = ""
    matched: str = ""
    created: float = 0.0


def default_cache_path() -> Path:
    """The cache file: ``$PLANNER_GEOCODE_CACHE``, else ``geocode_cache.sqlite`` in
    ``$PLANNER_DATA_DIR`` (as the autosaves) or the user data folder."""
    env = os.environ.get(CACHE_ENV, "").strip()
    if env:
        return Path(env)
    data = os.environ.get(DATA_DIR_ENV, "").strip()
    if data:
        return Path(data) / CACHE_FILE
    return Path(platformdirs.user_data_dir("TerritoryPlanner")) / CACHE_FILE


class GeocodeCache:
    """A connection to the cache file; use as a context manager, commit with :meth:`flush`."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self._lock = threading.Lock()
        self.in_memory = False
        self._conn = self._open()
        self._pending = 0

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(str(self.path))
        except sqlite3.DatabaseError:
            # a damaged cache is only a cache: keep it aside and start afresh
            try:
                aside = self.path.with_name(f"{self.path.name}.damaged-{int(time.time())}")
                os.replace(self.path, aside)
                return self._connect(str(self.path))
            except (OSError, sqlite3.Error):
                pass
        except OSError:
            pass
        # an unwritable folder: work from memory for this session rather than fail
        self.in_memory = True
        return self._connect(":memory:")

    @staticmethod
    def _connect(target: str) -> sqlite3.Connection:
        conn = sqlite3.connect(target, timeout=30.0, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(_SCHEMA)
            conn.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
            conn.commit()
        except sqlite3.Error:
            conn.close()
            raise
        return conn

    def __enter__(self) -> GeocodeCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_many(self, provider: str, keys: Iterable[str]) -> dict[str, CachedAnswer]:
        """The stored answers of ``provider`` for ``keys`` (missing keys are left out)."""
        wanted = list(dict.fromkeys(keys))
        out: dict[str, CachedAnswer] = {}
        with self._lock:
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._conn.execute(
                    "SELECT key, found, lat, lon, quality, matched, created FROM geocode "
                    f"WHERE provider = ? AND key IN ({marks})",
                    [provider, *chunk],
                ).fetchall()
                for key, found, lat, lon, quality, matched, created in rows:
                    out[key] = CachedAnswer(bool(found), lat, lon, quality, matched, created)
        return out

    def get(self, provider: str, key: str) -> CachedAnswer | None:
        """The stored answer for one address, or None."""
        return self.get_many(provider, [key]).get(key)

    def put(
        self,
        provider: str,
        key: str,
        answer: CachedAnswer,
        *,
        query: str = "",
    ) -> None:
        """Store an answer (found or not found); committed at the next :meth:`flush`."""
        with self._lock:
            self._conn.execute(
                "INSERT OR REPLACE INTO geocode "
                "(provider, key, found, lat, lon, quality, matched, query, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    provider,
                    key,
                    int(answer.found),
                    answer.lat,
                    answer.lon,
                    answer.quality,
                    answer.matched,
                    query,
                    answer.created or time.time(),
                ),
            )
            self._pending += 1
            if self._pending >= 20:
                self._conn.commit()
                self._pending = 0

    def flush(self) -> None:
        """Commit the stored answers."""
        with self._lock:
            self._conn.commit()
            self._pending = 0

    def count(self, provider: str | None = None) -> int:
        """How many answers are stored (for one provider, or all)."""
        with self._lock:
            if provider is None:
                row = self._conn.execute("SELECT COUNT(*) FROM geocode").fetchone()
            else:
                row = self._conn.execute(
                    "SELECT COUNT(*) FROM geocode WHERE provider = ?", (provider,)
                ).fetchone()
        return int(row[0])

    def close(self) -> None:
        """Commit and close the connection."""
        with self._lock:
            try:
                self._conn.commit()
            finally:
                self._conn.close()
