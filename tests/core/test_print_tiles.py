"""The hand-outs' maps on a street background (:mod:`planner.export.print_tiles`): the tiles
of a local server land where they belong under the markers, the cache spares the server,
and offline the PDF prints as without them, said in one sentence, asking once."""

from __future__ import annotations

import math
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from planner import model as m
from planner.export.handouts import export_handouts
from planner.export.print_tiles import (
    MAX_TILES,
    TARGET_DPI,
    TILE,
    PrintTiles,
    choose_zoom,
    tile_x,
    tile_y,
    tiles_for,
)
from tests.core.tile_server import dead_url, tile_colour, tile_server

A4_IN = (8.27, 11.69)
DPI = 100


class Recording(PrintTiles):
    """A :class:`PrintTiles` noting each map it drew: its extent and its place on the page."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.maps: list[tuple[tuple[float, float, float, float], tuple[float, ...], bool]] = []

    def draw(self, ax, extent):  # type: ignore[no-untyped-def]
        drawn = super().draw(ax, extent)
        self.maps.append((extent, tuple(ax.get_position().bounds), drawn))
        return drawn


def _page(pdf: Path, page: int, tmp_path: Path) -> np.ndarray:
    """Page ``page`` (1-based) rendered at :data:`DPI` as a grey array (0 black, 255 white)."""
    out = tmp_path / f"page-{pdf.stem}-{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page),
                    "-singlefile", str(pdf), str(out)], check=True)
    return np.asarray(Image.open(f"{out}.png").convert("L"), dtype=float)


def _washed(rgb: tuple[int, int, int]) -> float:
    """The printed grey of a tile of colour ``rgb`` (greyscale, then washed out)."""
    from planner.export.print_tiles import STRENGTH

    grey = np.asarray(Image.new("RGB", (1, 1), rgb).convert("L"))[0, 0] / 255.0
    return 255.0 * (1.0 - STRENGTH * (1.0 - grey))


def test_the_zoom_prints_near_the_target_resolution():
    for extent, width in (((139.70, 35.60, 139.80, 35.70), 7.3),
                          ((139.50, 35.50, 139.95, 35.80), 7.3),
                          ((139.76, 35.68, 139.77, 35.69), 7.3)):
        z = choose_zoom(extent, width)
        dpi = (tile_x(extent[2], z) - tile_x(extent[0], z)) * TILE / width
        assert TARGET_DPI / math.sqrt(2) <= dpi <= TARGET_DPI * math.sqrt(2)
        assert len(tiles_for(extent, z)) <= MAX_TILES


def test_the_rows_are_respaced_from_web_mercator_to_the_axes_latitude(tmp_path):
    """On a map tall enough for Mercator to matter (20°–45° N) each printed row is the tile
    row of its own latitude: the axes are plain lat/lon, the tiles are not."""
    extent = (130.0, 20.0, 140.0, 45.0)
    with tile_server("colour") as server:
        tiles = PrintTiles(url=server.url, cache_dir=tmp_path)
        picture = tiles.image(extent, 2.0)
    assert picture is not None
    z = choose_zoom(extent, 2.0)
    rows = picture.shape[0]
    lats = 45.0 - (np.arange(rows) + 0.5) / rows * 25.0
    tile_rows = np.floor(tile_y(lats, z)).astype(int)
    col = picture.shape[1] // 2
    x = int(math.floor(tile_x(135.0, z)))
    expected = np.array([_washed(tile_colour(x, int(y))) for y in tile_rows]) / 255.0
    frac = tile_y(lats, z) % 1.0
    clear = (frac > 0.02) & (frac < 0.98)  # not on a tile's edge
    assert np.allclose(picture[clear, col, 0] / 255.0, expected[clear], atol=0.01)
    # plain lat/lon would have put 30° N on another tile row
    linear = (tile_y(45.0, z) + (np.arange(rows) + 0.5) / rows
              * (tile_y(20.0, z) - tile_y(45.0, z)))
    assert (np.floor(linear).astype(int) != tile_rows).mean() > 0.1


def test_the_page_prints_the_tiles_under_the_markers_where_they_belong(long_day_plan, tmp_path):
    with tile_server("colour") as server:
        tiles = Recording(url=server.url, cache_dir=tmp_path / "cache")
        pdf = export_handouts(long_day_plan, tmp_path / "h.pdf", background=tiles)
    assert server.requests > 0 and all(drawn for *_rest, drawn in tiles.maps)
    assert any("TerritoryPlanner" in agent for agent in server.agents)
    assert tiles.note() == ""
    extent, (fx, fy, fw, fh), _ = tiles.maps[1]  # the first day's map (page 2)
    page = _page(pdf, 2, tmp_path)
    lon0, lat0, lon1, lat1 = extent
    z = choose_zoom(extent, fw * A4_IN[0])
    hits = total = 0
    seen = set()
    for u in np.linspace(0.05, 0.95, 19):
        for v in np.linspace(0.08, 0.95, 19):
            lon, lat = lon0 + u * (lon1 - lon0), lat0 + v * (lat1 - lat0)
            tx, ty = tile_x(lon, z), float(tile_y(lat, z))
            if min(tx % 1, 1 - tx % 1, ty % 1, 1 - ty % 1) * TILE < 4:
                continue  # near a tile's edge
            px = int((fx + u * fw) * A4_IN[0] * DPI)
            py = int((1 - (fy + v * fh)) * A4_IN[1] * DPI)
            total += 1
            want = _washed(tile_colour(int(tx), int(ty)))
            if abs(page[py, px] - want) <= 4:
                hits += 1
                seen.add((int(tx), int(ty)))
    assert total > 200 and hits / total > 0.8  # the rest: the route, numbers, key, credit
    assert len(seen) >= 2
    # the stops are drawn over it: the first stop's black dot
    t = long_day_plan.territories[0]
    rows = long_day_plan.schedule.sort_values(["week", "day", "seq"])
    first = rows[(rows["day"] == "mon")].iloc[0]
    c = long_day_plan.customers.set_index(m.CUSTOMER_ID).loc[first["customer_id"]]
    assert t is not None
    u = (c[m.LON] - lon0) / (lon1 - lon0)
    v = (c[m.LAT] - lat0) / (lat1 - lat0)
    dot = page[int((1 - (fy + v * fh)) * A4_IN[1] * DPI), int((fx + u * fw) * A4_IN[0] * DPI)]
    assert dot < 80


def test_the_credit_is_printed_on_each_map(long_day_plan, tmp_path):
    from pypdf import PdfReader

    with tile_server("colour") as server:
        pdf = export_handouts(long_day_plan, tmp_path / "h.pdf",
                              background=PrintTiles(url=server.url, cache_dir=tmp_path))
    pages = PdfReader(pdf).pages
    assert "出典：国土地理院" in pages[0].extract_text()
    assert "出典：国土地理院" in pages[1].extract_text()


def test_the_cache_spares_the_server_the_second_time(long_day_plan, tmp_path):
    with tile_server("colour") as server:
        first = PrintTiles(url=server.url, cache_dir=tmp_path / "cache")
        export_handouts(long_day_plan, tmp_path / "a.pdf", background=first)
        asked = server.requests
        again = PrintTiles(url=server.url, cache_dir=tmp_path / "cache")
        export_handouts(long_day_plan, tmp_path / "b.pdf", background=again)
    assert asked > 0 and first.fetched == asked
    assert server.requests == asked and again.fetched == 0
    assert again.drawn == first.drawn > 0


@pytest.mark.parametrize("kind", ["down", "error"])
def test_offline_the_pdf_prints_as_without_and_says_so_asking_once(long_day_plan, tmp_path,
                                                                     japanese, kind):
    plain = export_handouts(long_day_plan, tmp_path / "plain.pdf")
    if kind == "down":
        tiles = PrintTiles(url=dead_url(), cache_dir=tmp_path / "cache")
        pdf = export_handouts(long_day_plan, tmp_path / "off.pdf", background=tiles)
        first_map = tiles.fetched
    else:
        with tile_server("error") as server:
            tiles = PrintTiles(url=server.url, cache_dir=tmp_path / "cache")
            pdf = export_handouts(long_day_plan, tmp_path / "off.pdf", background=tiles)
        first_map = server.requests
        assert 0 < server.requests <= MAX_TILES  # the first map's tiles, then no more asked
    assert tiles.drawn == 0 and tiles.missed == 3  # the overview and two days
    assert tiles.fetched == first_map <= MAX_TILES
    assert tiles.note() == "地図の背景を取得できませんでした（オフライン）。背景なしで印刷しました。"
    for page in (1, 2):  # as today, pixel for pixel
        assert np.array_equal(_page(plain, page, tmp_path), _page(pdf, page, tmp_path))
    assert not list((tmp_path / "cache").rglob("*.png"))  # nothing cached from a failure


def test_the_export_command_prints_the_background_unless_told_not_to(long_day_plan, tmp_path,
                                                                      monkeypatch, capsys):
    from planner.cli import main
    from planner.store import save_plan

    path = tmp_path / "plan.gpkg"
    save_plan(long_day_plan, path)
    with tile_server("colour") as server:
        monkeypatch.setenv("TP_PRINT_TILES_URL", server.url)
        assert main(["export", str(path), "--pdf", str(tmp_path / "off.pdf"),
                     "--no-map-background"]) == 0
        assert server.requests == 0
        assert main(["export", str(path), "--pdf", str(tmp_path / "on.pdf")]) == 0
        assert server.requests > 0
    assert "map background" not in capsys.readouterr().err
    monkeypatch.setenv("TP_PRINT_TILES_URL", dead_url())
    monkeypatch.setenv("PLANNER_TILE_CACHE", str(tmp_path / "empty-cache"))
    assert main(["export", str(path), "--pdf", str(tmp_path / "down.pdf"), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert ("territory-planner: The map backgrounds could not be fetched (offline). The maps "
            "were printed without them.") in err
    assert (tmp_path / "down.pdf").is_file()


def test_the_next_page_keeps_no_earlier_map_background(tmp_path):
    """The page's figure is reused: a map printed without its background (offline by then)
    must not show the previous map's streets, nor the PDF carry every earlier picture."""
    from matplotlib.figure import Figure

    from planner.export.handout_page import A4, reset_page

    fig = Figure(figsize=A4)
    with tile_server("colour") as server:
        tiles = PrintTiles(url=server.url, cache_dir=tmp_path)
        ax = reset_page(fig)
        assert tiles.draw(ax, (139.70, 35.60, 139.80, 35.70))
    assert len(ax.images) == 1
    ax = reset_page(fig)
    assert not ax.images and not ax.texts  # the picture and its credit
