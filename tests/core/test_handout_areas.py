"""PDF hand-outs: a day's map names the municipalities (市区町村) its stops lie in, in small
grey type that covers no stop number, so a rep sees where the day is (the offline outline
has no place names); the rep's overview map names the territory's main ones."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from pypdf import PdfReader
from test_export_excel import simple_schedule

from planner import model as m
from planner.areas import municipality, territory_areas
from planner.export.fonts import pdf_rc
from planner.export.handout_areas import AREA_COLOUR, draw_area_names, stop_areas
from planner.export.handouts import A4, MAP_RECT, export_handouts
from planner.export.handouts_map import draw_route
from planner.i18n import set_language
from planner.synthetic import synthetic_plan


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


def _placed_texts(page) -> list[tuple[str, float]]:
    """Each text the page draws, with its height on the page (points from the bottom)."""
    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, _font, _size) -> None:
        if text.strip():
            found.append((text.strip(), float(cm[5] + tm[5] * cm[3])))

    page.extract_text(visitor_text=visit)
    return found


def test_the_day_map_names_the_municipality_of_its_stops_above_the_stop_table(tmp_path):
    """The map itself says 渋谷区, not only the addresses in the table under it."""
    plan = simple_schedule(synthetic_plan(24, territories=2, seed=4), weeks=1)
    t = plan.territories[0]
    out = export_handouts(plan, tmp_path / "h.pdf", territories=[t.id])
    pages = PdfReader(out).pages[1:]  # the rep's days, after their overview
    assert len(pages) >= 3
    for page in pages:
        texts = _placed_texts(page)
        header = next(y for text, y in texts if text == "No.")  # the stop table's header
        # the municipalities of the addresses in the table: where the day's stops are
        names = {municipality(text)[1] for text, y in texts
                 if y < header and municipality(text)[0]} - {""}
        on_map = {text for text, y in texts if y > header + 5}
        assert names and names <= on_map, (names, on_map)


def _crowded_day(names: list[str]):
    """Draw a 35-stop day (most in one shopping district) with ``names`` as its stops'
    areas; return the figure's renderer, the axes, the stops in pixels."""
    rng = np.random.default_rng(3)
    lon = np.r_[139.70 + rng.normal(0, 0.004, 30), rng.uniform(139.62, 139.80, 5)]
    lat = np.r_[35.65 + rng.normal(0, 0.003, 30), rng.uniform(35.60, 35.72, 5)]
    t = m.Territory(id="T01", name="東京", rep="山田", home_lon=139.69, home_lat=35.655)
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        ax = fig.add_axes(MAP_RECT)
        ax.set_xlim(139.60, 139.82)
        ax.set_ylim(35.59, 35.73)
        ax.set_aspect(1.22)
        marks = draw_route(ax, t, lon, lat)
        draw_area_names(ax, lon, lat, names, marks)
        fig.canvas.draw()
    return fig.canvas.get_renderer(), ax, ax.transData.transform(np.column_stack([lon, lat]))


def test_the_area_names_cover_no_stop_number_no_stop_and_no_other_name():
    names = ["渋谷区"] * 20 + ["目黒区"] * 10 + ["港区", "世田谷区", "", "品川区", "新宿区"]
    renderer, ax, stops = _crowded_day(names)
    numbers = [a for a in ax.texts if a.get_gid() is None]
    areas = [a for a in ax.texts if a.get_gid() == "area-name"]
    assert sorted(a.get_text() for a in areas) == sorted(set(names) - {""})  # each once
    assert all(a.get_color() == AREA_COLOUR and a.get_fontsize() < numbers[0].get_fontsize()
               for a in areas)  # quieter than the stop numbers
    number_boxes = [a.get_bbox_patch().get_window_extent(renderer) for a in numbers]
    area_boxes = [a.get_window_extent(renderer) for a in areas]
    frame = ax.get_window_extent(renderer)
    dot = 2.5 * ax.figure.dpi / 72
    for area, box in zip(areas, area_boxes, strict=True):
        assert frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
        for number, other in zip(numbers, number_boxes, strict=True):
            assert not box.overlaps(other), (area.get_text(), number.get_text())
        for x, y in stops:
            assert not (box.x0 - dot < x < box.x1 + dot and box.y0 - dot < y < box.y1 + dot), (
                area.get_text(), x, y)
    for i, a in enumerate(area_boxes):
        for b in area_boxes[i + 1:]:
            assert not a.overlaps(b)


def test_a_municipality_two_prefectures_share_carries_its_prefecture():
    assert stop_areas(["東京都府中市宮西町2-24", "広島県府中市府川町315", "東京都練馬区豊玉北6-12",
                       None, "住所不明"]) == ["東京都府中市", "広島県府中市", "練馬区", "", ""]


def _main_areas(plan: m.Plan, t: m.Territory) -> list[str]:
    """The territory's municipalities the overview should name: most customers first, up to
    eight, each with two customers or more."""
    return [a.name for a in territory_areas(plan)[t.id][:8] if a.customers >= 2]


def test_the_overview_map_names_the_territorys_main_municipalities(tmp_path):
    """The rep's overview map had no place names at all (only the 担当エリア line under it):
    now the municipalities with the most customers are named on the map itself."""
    plan = simple_schedule(synthetic_plan(120, territories=2, seed=4), weeks=1)
    for t in plan.territories:
        out = export_handouts(plan, tmp_path / f"{t.id}.pdf", territories=[t.id])
        texts = _placed_texts(PdfReader(out).pages[0])  # the overview
        line = next(y for text, y in texts if text.startswith("担当エリア"))
        on_map = [text for text, y in texts if y > line + 5]
        main = _main_areas(plan, t)
        assert len(main) == 8 and set(main) <= set(on_map), (main, on_map)
        others = {a.name for a in territory_areas(plan)[t.id]} - set(main)
        assert others and not others & set(on_map)  # the rest only in the line under it


def test_the_overview_names_cover_no_customer_no_home_star_no_legend_and_no_other_name():
    from planner.export.excel_routes import sorted_schedule
    from planner.export.figures import calendar_figures
    from planner.export.handouts import _overview_page

    plan = simple_schedule(synthetic_plan(160, territories=1, seed=7), weeks=4)
    t = plan.territories[0]
    c = plan.customers
    days = np.resize(np.array(m.WEEKDAYS[:5], dtype=object), len(c))
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        _overview_page(fig, plan, t, sorted_schedule(plan), calendar_figures(plan).loc[t.id],
                       c[m.LON].to_numpy(), c[m.LAT].to_numpy(), days,
                       addresses=c[m.ADDRESS].to_numpy(dtype=object))
        fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    areas = [a for a in ax.texts if a.get_gid() == "area-name"]
    assert sorted(a.get_text() for a in areas) == sorted(_main_areas(plan, t))
    assert all(a.get_color() == AREA_COLOUR for a in areas)
    boxes = [a.get_window_extent(renderer) for a in areas]
    frame = ax.get_window_extent(renderer)
    legend = ax.get_legend().get_window_extent(renderer)
    # every marker drawn (the customers by weekday, the home star), as its box in pixels
    markers = []
    for scatter in ax.collections:
        if not isinstance(scatter, PathCollection):  # (the offline outline's polygons)
            continue
        half = np.sqrt(scatter.get_sizes()[0]) / 2 * fig.dpi / 72
        for x, y in ax.transData.transform(scatter.get_offsets()):
            markers.append((x - half, y - half, x + half, y + half))
    assert len(markers) == len(c) + 1
    for area, box in zip(areas, boxes, strict=True):
        assert frame.contains(box.x0, box.y0) and frame.contains(box.x1, box.y1)
        assert not box.overlaps(legend), area.get_text()
        for x0, y0, x1, y1 in markers:
            assert not (box.x0 < x1 and x0 < box.x1 and box.y0 < y1 and y0 < box.y1), (
                area.get_text(), (x0, y0))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b)


def test_the_coarse_outline_is_left_off_a_day_map_of_a_few_wards() -> None:
    """The bundled prefecture outline's coast runs in ~5 km segments: on a day's map across a
    few Tokyo wards it drew Tokyo Bay over 渋谷区. It is drawn only on maps wide enough for it
    (a territory's or the region's overview)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.collections import PolyCollection
    from matplotlib.figure import Figure

    from planner.export.handouts_map import OUTLINE_MIN_KM, setup_map

    def outlines(extent: tuple[float, float, float, float]) -> int:
        ax = Figure().add_subplot()
        setup_map(ax, extent)
        return sum(isinstance(c, PolyCollection) for c in ax.collections)

    wards = (139.68, 35.60, 139.84, 35.72)  # 千代田 … 品川: about 15 km across
    kanto = (138.9, 35.1, 140.4, 36.3)  # about 135 km across
    assert 111.32 * (wards[3] - wards[1]) < OUTLINE_MIN_KM < 111.32 * (kanto[3] - kanto[1])
    assert outlines(wards) == 0 and outlines(kanto) == 1
