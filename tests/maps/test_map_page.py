"""The map page's HTML: nothing from the internet but tiles, scripts from the project."""

import re

import folium

from planner import model as m
from planner.maps import page
from planner.maps.tiles import TILE_HOSTS


def test_page_loads_nothing_from_the_internet_but_tiles():
    before_js, before_css = list(folium.Map.default_js), list(folium.Map.default_css)
    html = page.build_page()
    srcs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert srcs, "the page links its scripts"
    assert all(s.startswith(page.BASE_URL) for s in srcs), srcs
    for cdn in ("jsdelivr", "jquery", "bootstrap", "cloudflare", "fontawesome", "unpkg"):
        assert cdn not in html
    urls = re.findall(r"https?://[^\"'\s\\]+", html)
    for url in urls:
        host = url.split("/")[2]
        assert host in TILE_HOSTS or "{z}" not in url
    assert "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png" in html
    assert "https://cyberjapandata.gsi.go.jp/xyz/pale/{z}/{x}/{y}.png" in html
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in html
    # folium's class-level lists are untouched (other maps keep working).
    assert folium.Map.default_js == before_js and folium.Map.default_css == before_css


def test_page_includes_project_scripts_in_order():
    html = page.build_page()
    positions = [html.index(f"static/{name}") for name in page.SCRIPTS]
    assert positions == sorted(positions)
    assert html.index("leaflet/leaflet.js") < html.index("qwebchannel.js") < positions[0]
    assert "TP.boot(" in html


def test_config_cannot_close_the_script_element():
    html = page.build_page(config={"evil": "</script><script>alert(1)</script>"})
    assert "</script><script>alert(1)" not in html


def test_static_files_exist_and_are_small():
    from pathlib import Path

    static = Path(page.__file__).parent / "static"
    for name in page.SCRIPTS + page.STYLES:
        text = (static / name).read_text(encoding="utf-8")
        assert len(text.splitlines()) < 500
        assert "innerHTML" not in text  # data is shown with textContent only


def test_outline_is_bundled_and_small():
    import json

    from planner.resources import resource_path

    path = resource_path("japan", "prefectures.geojson")
    assert path.stat().st_size < 1_000_000
    gj = json.loads(path.read_text(encoding="utf-8"))
    assert len(gj["features"]) == 47
    assert gj["features"][12]["properties"]["name"] == "東京都"


def test_the_tooltips_frequency_words_and_brackets_follow_the_language():
    """The tooltip says a frequency as the customer list does, in each language, and puts
    the rep in brackets of that language (「東エリア（佐藤）」 / "東エリア (佐藤)")."""
    from planner.i18n import in_language
    from planner.maps import data
    from planner.synthetic import synthetic_plan

    plan = synthetic_plan(5, territories=1, seed=1)
    c = plan.customers.copy()
    c[m.FREQUENCY] = [2.0, 4.0 / 6.0, 4.0, 0.0, 4.0 / 7.5]
    plan = plan.replace(customers=c)
    with in_language("ja"):
        ja = page.page_strings()
        ja_words = data.points_payload(plan)["freq_words"]  # the words come with the data
    with in_language("en"):
        en = page.page_strings()
        en_words = data.points_payload(plan)["freq_words"]
    assert ja_words["200"] == "隔週" and en_words["200"] == "every 2 weeks"
    assert en_words["67"] == "once every 6 weeks"  # worded from 4/6, not from its code 0.67
    assert en_words["400"] == "weekly" and en_words["0"] == "no visits"
    assert ja_words["53"] == "4週に0.53回（約8週に1回）"
    assert ja["bracket"] == "{a}（{b}）" and en["bracket"] == "{a} ({b})"
    assert ja["gap"] == "\u3000" and en["gap"] == " · "
    assert ja["week_line"] == "訪問週: 第{n}週" and en["week_line"] == "Visit week: {n}"
