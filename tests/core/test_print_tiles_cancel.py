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


def test_cancel_leaves_no_tile_request_running(long_day_plan, tmp_path):
    """The requests under way at Cancel ran on in their threads until the server answered or
    the timeout (a program closed meanwhile waited for them): now they are cut, and when the
    export has stopped no fetching thread is left, though the server still holds its answers."""
    from planner.export.print_tiles import THREAD_NAME

    def fetching() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name.startswith(THREAD_NAME)]

    hold = threading.Event()
    with tile_server("colour", hold=hold) as server:
        tiles = PrintTiles(url=server.url, cache_dir=tmp_path / "cache", timeout=60.0)
        try:
            with pytest.raises(Cancelled):
                export_handouts(long_day_plan, tmp_path / "h.pdf", background=tiles,
                                progress=lambda *_a: server.requests == 0)
            left = fetching()
            answered = server.answered
        finally:
            hold.set()
    assert server.requests > 0 and answered == 0  # stopped while every request was held
    assert left == []
    assert not tiles.failed and tiles.missed == 0  # the cut is not the server failing
    assert not list((tmp_path / "cache").rglob("*.png"))  # no tile cached after Cancel
