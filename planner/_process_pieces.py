"""Objects through a pipe in pieces, so that pickling a large plan never holds the GIL long.

Pickling holds Python's GIL for as long as one ``pickle.dumps`` runs: a 100,000-customer plan
took 0.5–0.9 s in the window's helper thread, and the window froze that long at the start of
every design run in a process (:mod:`planner.ui.process_task`). :func:`send_pieces` sends
every large data frame inside the object (a plan's customers, its calendar) as chunks of
:data:`CHUNK_ROWS` rows, each its own short ``pickle.dumps`` (about 20 ms at 5,000 rows) with
the pipe's write, which lets go of the GIL, in between; then the object itself with those
frames left out. :class:`PieceReader` puts the frames back together, equal to the sent ones
(same columns, dtypes, index and, for a ``GeoDataFrame``, geometry and CRS).
"""

from __future__ import annotations

import io
import pickle
from multiprocessing.connection import Connection
from typing import Any

import pandas as pd

CHUNK_ROWS = 5_000  # rows of a frame pickled at once (about 20 ms of a 100k-customer plan)
FRAME_FROM = 2 * CHUNK_ROWS  # frames this long go in chunks; smaller ones with the object


def send_pieces(conn: Connection, kind: str, obj: Any) -> None:
    """Send ``(kind, obj)``: its large frames in chunks first, then the rest (module doc)."""
    frames: list[pd.DataFrame] = []

    class _Pickler(pickle.Pickler):
        def persistent_id(self, o: Any) -> Any:
            if isinstance(o, pd.DataFrame) and len(o) >= FRAME_FROM:
                frames.append(o)
                return len(frames) - 1
            return None

    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    for number, frame in enumerate(frames):
        for start in range(0, len(frame), CHUNK_ROWS):
            conn.send(("chunk", number, frame.iloc[start:start + CHUNK_ROWS]))
    conn.send(("pieces", kind, buffer.getvalue()))


class PieceReader:
    """Collects the chunks :func:`send_pieces` sent; :meth:`read` turns each message into
    the one the sender meant, or ``None`` for a chunk (more is to come)."""

    def __init__(self) -> None:
        self._chunks: dict[int, list[pd.DataFrame]] = {}

    def read(self, message: tuple[Any, ...]) -> tuple[Any, ...] | None:
        if message[0] == "chunk":
            self._chunks.setdefault(message[1], []).append(message[2])
            return None
        if message[0] != "pieces":
            return message  # an ordinary message (progress, failed …)
        chunks, self._chunks = self._chunks, {}

        class _Unpickler(pickle.Unpickler):
            def persistent_load(self, pid: Any) -> Any:
                parts = chunks[int(pid)]
                return parts[0] if len(parts) == 1 else pd.concat(parts)

        return (message[1], _Unpickler(io.BytesIO(message[2])).load())
