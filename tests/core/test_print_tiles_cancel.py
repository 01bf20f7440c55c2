"""Cancel while a map's street tiles load (:mod:`planner.export.print_tiles`): the export stops
at once, asks the slow server for no further tile, and does not take the server for failed."""

from __future__ import annotations

import threading

import pytest

from planner.errors import Cancelled
from planner.export.handouts import export_handouts
from planner.export.print_tiles import WORKERS, PrintTiles
from tests.core.tile_server import tile_server


def test_cancel_while_the_tiles_load_stops_without_waiting_for_them(long_day_plan, tmp_path):
    hold = threading.Event()  # the server answers no tile until the export has stopped
    with tile_server("colour", hold=hold) as server:
        tiles = PrintTiles(url=server.url, cache_dir=tmp_path / "cache", timeout=20.0)

        def progress(_fraction: float, _message: str) -> bool:
            return server.requests == 0  # Cancel pressed once the first tile is asked for

        try:
            with pytest.raises(Cancelled):
                export_handouts(long_day_plan, tmp_path / "h.pdf", progress=progress,
                                background=tiles)
            answered, asked = server.answered, server.requests
        finally:
            hold.set()
    assert answered == 0  # it returned while the server still held every tile
    assert 0 < asked <= WORKERS  # the tiles not yet asked for never were
    assert not tiles.failed and tiles.missed == 0  # Cancel is not the server failing
    assert not (tmp_path / "h.pdf").exists()


def test_after_a_cancel_the_same_tiles_serve_the_next_export(long_day_plan, tmp_path):
    """The preview keeps one PrintTiles: a rep's build cancelled, the next one has its maps."""
    with tile_server("colour") as server:
        tiles = PrintTiles(url=server.url, cache_dir=tmp_path / "cache")
        with pytest.raises(Cancelled):
            export_handouts(long_day_plan, tmp_path / "a.pdf", background=tiles,
                            progress=lambda *_a: server.requests == 0)
        export_handouts(long_day_plan, tmp_path / "b.pdf", background=tiles,
                        progress=lambda *_a: True)
    assert tiles.drawn > 0 and tiles.missed == 0 and tiles.note() == ""
