"""The shareable HTML map: one self-contained file that runs offline in a real browser engine."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import (
    QWebEnginePage,
    QWebEngineProfile,
    QWebEngineSettings,
    QWebEngineUrlRequestInterceptor,
)
from PySide6.QtWebEngineWidgets import QWebEngineView

from planner import model as m
from planner.areas import areas_text, territory_areas
from planner.errors import PlannerError
from planner.maps.share import build_share_html, export_share_map, share_data
from planner.synthetic import synthetic_plan

XSS = "<img src=x onerror=alert(1)>"
TILE_HOSTS = ("tile.openstreetmap.org", "cyberjapandata.gsi.go.jp")


def _plan() -> m.Plan:
    plan = synthetic_plan(40, territories=3, seed=5)
    customers = plan.customers.copy()
    customers.loc[0, m.NAME] = XSS
    customers.loc[1, m.LAT] = np.nan  # one customer not yet located
    customers.loc[2, m.TERRITORY] = ""  # one without a rep: the page drew no one at all
    customers = m.set_points(customers)
    reps = list(plan.territories)
    reps[0] = reps[0].replace(rep="<b>ボス</b>", boundary=shapely_box(reps[0]))
    return plan.replace(customers=customers, territories=tuple(reps))


def shapely_box(t: m.Territory):
    import shapely

    return shapely.box(t.home_lon - 0.05, t.home_lat - 0.05, t.home_lon + 0.05, t.home_lat + 0.05)


def test_html_is_self_contained_and_data_cannot_close_the_script():
    plan = _plan()
    customers = plan.customers.copy()
    customers.loc[2, m.NAME] = "</script><script>alert(2)</script>"
    html = build_share_html(plan.replace(customers=customers))
    assert "</script><script>alert(2)" not in html
    assert not re.findall(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=", html)
    assert "https://tile.openstreetmap.org/{z}/{x}/{y}.png" in html
    assert "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png" in html
    assert "images/layers.png" not in html  # Leaflet's images are inlined


def test_export_refuses_a_plan_without_positions(tmp_path):
    plan = synthetic_plan(5, territories=1)
    customers = plan.customers.copy()
    customers[m.LAT] = np.nan
    with pytest.raises(PlannerError):
        export_share_map(plan.replace(customers=m.set_points(customers)), tmp_path / "x.html")
    assert list(tmp_path.iterdir()) == []


class _Interceptor(QWebEngineUrlRequestInterceptor):
    def __init__(self, page_file: str) -> None:
        super().__init__()
        self.page_file = page_file
        self.tiles = 0
        self.other: list[str] = []

    def interceptRequest(self, info) -> None:  # noqa: N802 - Qt override
        url = info.requestUrl()
        if url.isLocalFile() and Path(url.toLocalFile()) == Path(self.page_file):
            return
        if url.host() in TILE_HOSTS and url.path().endswith(".png"):
            self.tiles += 1
        else:
            self.other.append(url.toString())
        info.block(True)


class _Page(QWebEnginePage):
    def __init__(self, profile: QWebEngineProfile) -> None:
        super().__init__(profile)
        self.profile_kept = profile  # a profile must outlive its pages
        self.errors: list[str] = []
        self.alerts: list[str] = []

    def javaScriptConsoleMessage(self, level, message, line, source) -> None:  # noqa: N802
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            self.errors.append(f"{source}:{line}: {message}")

    def javaScriptAlert(self, origin, message) -> None:  # noqa: N802
        self.alerts.append(message)


def _js(qtbot, page: QWebEnginePage, script: str):
    box: dict[str, object] = {}
    page.runJavaScript(script, 0, lambda result: box.setdefault("r", result))
    qtbot.waitUntil(lambda: "r" in box, timeout=10_000)
    return box["r"]


def _open(qtbot, out: Path, size: tuple[int, int] = (900, 700)):
    """The exported page in a real browser engine, drawn: (view, page, interceptor)."""
    profile = QWebEngineProfile()
    interceptor = _Interceptor(str(out))
    profile.setUrlRequestInterceptor(interceptor)
    page = _Page(profile)
    # as in a desktop browser, the local file may ask for remote tiles (the interceptor blocks them)
    page.settings().setAttribute(
        QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True
    )
    view = QWebEngineView()
    view.setPage(page)
    view.resize(*size)
    view.show()
    with qtbot.waitSignal(page.loadFinished, timeout=30_000) as loaded:
        page.load(QUrl.fromLocalFile(str(out)))
    assert loaded.args == [True]
    qtbot.waitUntil(lambda: _js(qtbot, page, "!!(window.TP_SHARE && TP_SHARE.drawn)"),
                    timeout=20_000)
    return view, page, interceptor


def _close(qtbot, view, page) -> None:
    view.close()
    view.setPage(None)
    page.deleteLater()  # the page goes before its profile
    qtbot.waitUntil(lambda: not _alive(page), timeout=5_000)


def test_page_runs_offline_shows_names_as_text_and_requests_only_tiles(qtbot, tmp_path):
    plan = _plan()
    out = export_share_map(plan, tmp_path / "share.html")
    view, page, interceptor = _open(qtbot, out)
    assert _js(qtbot, page, "TP_SHARE.byDay === null") is True  # no calendar: no colour by day
    located = int(m.located_mask(plan.customers).sum())
    assert _js(qtbot, page, "TP_SHARE.points.count") == located
    tooltip = _js(qtbot, page, """(function () {
        try {
          TP_SHARE.points.showTip(0);
          var el = document.querySelector('.leaflet-tooltip');
          return JSON.stringify([el.textContent, el.querySelectorAll('img').length]);
        } catch (e) { return JSON.stringify([String(e), -1]); }
        })()""")
    tooltip = json.loads(tooltip)
    assert XSS in tooltip[0] and tooltip[1] == 0
    # the pointer over a customer finds it (one canvas draws them all); a rep's layer
    # switched off in the layer control takes their customers off the map
    where = """(function (i) { var c = TP_SHARE.points, d = JSON.parse(
        document.getElementById('tp-data').textContent).customers;
        var p = TP_SHARE.map.latLngToContainerPoint([d.lat[i], d.lon[i]]);
        var j = c.at(p.x + 1, p.y); return JSON.stringify([j, j >= 0 ? d.t[j] : null,
                                                           d.t[i]]); })(0)"""
    found, its, own = json.loads(_js(qtbot, page, where))
    assert found == 0 and its == own  # the first customer, under the pointer
    assert _js(qtbot, page, "TP_SHARE.points.at(-50, -50)") == -1
    # the pointer over a control (the layer list) shows no customer underneath it
    move = """(function (over) { var d = JSON.parse(
        document.getElementById('tp-data').textContent).customers, m = TP_SHARE.map;
        var away = L.point(-50, -50), p = m.latLngToContainerPoint([d.lat[0], d.lon[0]]);
        m.fire('mousemove', { containerPoint: away, originalEvent: { target: null } });
        m.fire('mousemove', { containerPoint: p, latlng: m.containerPointToLatLng(p),
          originalEvent: { target: document.querySelector(over) } });
        return Array.prototype.filter.call(document.querySelectorAll('.leaflet-tooltip'),
          function (t) { return t.style.opacity !== '0'; }).length; })('%s')"""
    assert _js(qtbot, page, move % "#map") == 1  # (a tooltip fading away counts as gone)
    assert _js(qtbot, page, move % ".leaflet-control-layers") == 0
    toggle = ("document.querySelectorAll('.leaflet-control-layers-overlays input')"
              f"[{own}].click(), 1")
    _js(qtbot, page, toggle)  # its rep's layer off: no customer of theirs under the pointer
    hidden, other, _own = json.loads(_js(qtbot, page, where))
    assert hidden != 0 and (hidden == -1 or other != own)
    _js(qtbot, page, toggle)
    assert json.loads(_js(qtbot, page, where))[0] == 0
    control = _js(qtbot, page, "document.querySelector('.leaflet-control-layers').textContent")
    assert "<b>ボス</b>" in control  # the rep's name is text, not markup
    legend = _js(qtbot, page, "document.querySelector('.tp-legend').textContent")
    assert all(t.name in legend for t in plan.territories)
    assert legend.endswith("Customers without a map position: 1")  # the one not drawn
    # each legend line names the territory's municipalities on hover (text, not markup)
    titles = json.loads(_js(qtbot, page, """JSON.stringify(Array.prototype.map.call(
        document.querySelectorAll('.tp-legend-rows > div'), function (d) { return d.title; }))"""))
    areas = territory_areas(plan)
    assert titles == [f"Areas (customers): {areas_text(areas[t.id])}" if areas[t.id] else ""
                      for t in plan.territories] + [""]
    # a click on the legend's title folds the list away (sixty reps cover the map) and back
    shown = "getComputedStyle(document.querySelector('.tp-legend-rows')).display !== 'none'"
    assert _js(qtbot, page, shown) is True
    _js(qtbot, page, "document.querySelector('.tp-legend h4').click(), 0")
    assert _js(qtbot, page, shown) is False
    _js(qtbot, page, "document.querySelector('.tp-legend h4').click(), 0")
    assert _js(qtbot, page, shown) is True
    assert _js(qtbot, page, "document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert _js(qtbot, page, "document.querySelectorAll('.leaflet-control-layers b').length") == 0
    assert _js(qtbot, page, "document.querySelectorAll('path.leaflet-interactive').length") == 0
    qtbot.wait(300)
    picture = view.grab().toImage()
    colours = {picture.pixel(x, y) for x in range(0, picture.width(), 37)
               for y in range(0, picture.height(), 37)}
    assert len(colours) > 3  # something was drawn
    assert page.alerts == []
    assert interceptor.other == []
    assert interceptor.tiles > 0  # the tile layer asked (and was blocked: offline)
    assert page.errors == []
    _close(qtbot, view, page)


def test_with_a_calendar_each_customer_tells_its_visit_days_and_colours_by_them(qtbot, tmp_path):
    from planner.compare import visit_day_texts
    from planner.maps.data import visit_day_groups
    from planner.schedule import build_schedule

    plan = build_schedule(synthetic_plan(40, territories=2, seed=6), route_seconds=0.01)
    out = export_share_map(plan, tmp_path / "days.html")
    view, page, interceptor = _open(qtbot, out)
    ids = plan.customers[m.CUSTOMER_ID].astype(str).to_numpy()
    words = visit_day_texts(plan, ids)
    assert all(words) and len(set(words)) > 2  # 毎週 火 …: every customer is in the calendar
    tooltip = _js(qtbot, page, """(function () { TP_SHARE.points.showTip(3);
        return document.querySelector('.leaflet-tooltip').textContent; })()""")
    shown = re.search(r"Visit days: (.*?)Planned visits", tooltip)
    assert shown and shown[1].endswith(words[3].split()[-1])  # the day (the weeks: below)
    fills = ("JSON.stringify(Array.from({length: TP_SHARE.points.count},"
             " function (_x, i) { return TP_SHARE.points.fill(i); }))")
    by_colour = {t.id: t.color for t in plan.territories}
    assert json.loads(_js(qtbot, page, fills)) == [
        by_colour[t] for t in plan.customers[m.TERRITORY]]
    chooser = _js(qtbot, page, "document.querySelector('.leaflet-top .tp-legend').textContent")
    assert "Colour by visit day" in chooser
    _js(qtbot, page, "document.querySelectorAll('input[name=tp-colour]')[1].click(); 1")
    assert _js(qtbot, page, "TP_SHARE.colourBy") == "day"
    groups = visit_day_groups(plan)
    day_colours = list(m.DAY_GROUP_COLORS)
    assert json.loads(_js(qtbot, page, fills)) == [day_colours[g] for g in groups]
    legend = _js(qtbot, page, "document.querySelector('.leaflet-bottom .tp-legend').textContent")
    assert legend.startswith("Visit day (calendar)") and f"Mon {(groups == 0).sum()} " in legend
    _js(qtbot, page, "TP_SHARE.byDay(false); 1")
    assert json.loads(_js(qtbot, page, fills))[0] == by_colour[plan.customers[m.TERRITORY][0]]
    assert page.errors == [] and page.alerts == [] and interceptor.other == []
    _close(qtbot, view, page)


#: Each of the page's controls (zoom, layers, colour box, legend, scale, credits) as its box.
_CONTROL_BOXES = """JSON.stringify(Array.from(document.querySelectorAll('.leaflet-control'))
    .map(function (el) { var r = el.getBoundingClientRect();
      return [el.className, r.left, r.top, r.right, r.bottom]; }))"""


def _overlapping(boxes: list) -> list[tuple[str, str]]:
    return [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_on_a_phone_the_controls_start_folded_and_cover_nothing_of_each_other(
        qtbot, tmp_path, lang):
    """390×844 (a phone): the reps' list and the legend start folded and no control covers
    another; the tester's phone had the reps' list over the point colour box, the two open
    lists over a third of the map."""
    from planner.i18n import set_language
    from planner.schedule import build_schedule

    plan = build_schedule(synthetic_plan(60, territories=8, seed=6), route_seconds=0.01)
    set_language(lang)
    try:
        out = export_share_map(plan, tmp_path / "phone.html")
    finally:
        set_language(None)
    view, page, interceptor = _open(qtbot, out, size=(390, 844))
    assert _js(qtbot, page, "window.innerWidth") < 600
    layers = "document.querySelector('.leaflet-control-layers')"
    assert not _js(qtbot, page, layers + ".classList.contains('leaflet-control-layers-expanded')")
    assert _js(qtbot, page, "document.querySelector('.tp-legend-rows').style.display") == "none"
    chooser = "document.querySelector('.tp-chooser-rows').style.display"
    assert _js(qtbot, page, chooser) == "none"  # the point colour box too: its title alone
    boxes = json.loads(_js(qtbot, page, _CONTROL_BOXES))
    assert len(boxes) >= 6 and any("tp-chooser" in b[0] for b in boxes)
    assert _overlapping(boxes) == []
    covered = sum((b[3] - b[1]) * (b[4] - b[2]) for b in boxes) / (390 * 844)
    assert covered < 0.15, covered
    # each rep's count: 12 customers, （佐藤）12件 (no space before a Japanese counter, as the
    # window, nor after a closing bracket)
    rows = json.loads(_js(qtbot, page, """JSON.stringify(Array.prototype.map.call(
        document.querySelectorAll('.tp-legend-rows > div'), function (d) { return d.textContent; }))"""))
    counts = [int((plan.customers[m.TERRITORY] == t.id).sum()) for t in plan.territories]
    unit = {"en": ") {n} customers", "ja": "）{n}件"}[lang]
    assert [r.endswith(unit.format(n=n)) for r, n in zip(rows, counts, strict=False)] == (
        [True] * len(counts))
    view.grab().save(str(tmp_path / "phone.png"))
    # a tap on its title opens the point colour box, another folds it again
    _js(qtbot, page, "document.querySelector('.tp-chooser h4').click(); 1")
    assert _js(qtbot, page, chooser) == ""
    assert _js(qtbot, page, "document.querySelector('.tp-chooser h4').textContent").endswith("▾")
    _js(qtbot, page, "document.querySelector('.tp-chooser h4').click(); 1")
    assert _js(qtbot, page, chooser) == "none"
    assert page.errors == [] and page.alerts == [] and interceptor.other == []
    _close(qtbot, view, page)


def test_on_a_desktop_the_reps_list_and_legend_start_open_beside_the_colour_box(qtbot, tmp_path):
    from planner.schedule import build_schedule

    plan = build_schedule(synthetic_plan(60, territories=8, seed=6), route_seconds=0.01)
    view, page, interceptor = _open(qtbot, export_share_map(plan, tmp_path / "desk.html"),
                                    size=(1200, 800))
    layers = "document.querySelector('.leaflet-control-layers')"
    assert _js(qtbot, page, layers + ".classList.contains('leaflet-control-layers-expanded')")
    assert _js(qtbot, page, "document.querySelector('.tp-legend-rows').style.display") == ""
    assert _js(qtbot, page, "document.querySelector('.tp-chooser-rows').style.display") == ""
    assert _overlapping(json.loads(_js(qtbot, page, _CONTROL_BOXES))) == []
    assert page.errors == [] and page.alerts == [] and interceptor.other == []
    _close(qtbot, view, page)


def _alive(obj) -> bool:
    from shiboken6 import isValid

    return isValid(obj)


def test_a_territory_named_after_its_rep_shows_the_name_once():
    """Imported plans name each territory after its rep: no "鈴木 — 鈴木" in the legend."""
    plan = synthetic_plan(12, territories=2, seed=1)
    first, second = plan.territories
    plan = plan.replace(territories=(first.replace(name="鈴木 一郎", rep="鈴木 一郎"),
                                     second.replace(name="東京", rep="佐藤")))
    terrs = share_data(plan)["territories"]
    assert [(t["name"], t["rep"]) for t in terrs] == [("鈴木 一郎", ""), ("東京", "佐藤")]


def test_the_legend_counts_customers_without_a_position_with_a_japanese_counter(qtbot, tmp_path):
    """It read 「地図上の位置がない顧客: 1」, a bare number; Japanese counts say 件 (1件)."""
    from planner.i18n import in_language

    plan = _plan()
    with in_language("ja"):
        assert share_data(plan)["labels"]["unlocated"] == "地図上の位置がない顧客: 1件"
        out = export_share_map(plan, tmp_path / "share.html")
    view, page, _interceptor = _open(qtbot, out)
    last = _js(qtbot, page, "document.querySelector('.tp-legend-rows').lastChild.textContent")
    assert last == "地図上の位置がない顧客: 1件"
    assert page.errors == []
    _close(qtbot, view, page)


def test_in_japanese_the_legend_and_tooltip_put_the_rep_in_full_width_brackets(qtbot, tmp_path):
    """It read 「東京エリア (鈴木 一郎) 216件」: half-width brackets with spaces round them;
    Japanese text writes 「東京エリア（鈴木 一郎）216件」. English keeps "Tokyo (Suzuki) 12
    customers"."""
    from planner.i18n import in_language

    plan = synthetic_plan(30, territories=2, seed=3)
    first, second = plan.territories
    plan = plan.replace(territories=(first.replace(name="東京エリア", rep="鈴木 一郎"),
                                     second.replace(name="佐藤 花子", rep="佐藤 花子")))
    counts = [int((plan.customers[m.TERRITORY] == t.id).sum()) for t in plan.territories]
    rows_js = """JSON.stringify(Array.prototype.map.call(
        document.querySelectorAll('.tp-legend-rows > div'), function (d) { return d.textContent; }))"""
    first_of = int(np.flatnonzero(plan.customers[m.TERRITORY].to_numpy() == first.id)[0])
    tip_js = f"""(function () {{ TP_SHARE.points.showTip({first_of});
        return document.querySelector('.leaflet-tooltip').textContent; }})()"""
    expected = {
        "ja": ([f"東京エリア（鈴木 一郎）{counts[0]}件", f"佐藤 花子 {counts[1]}件"],
               "テリトリー: 東京エリア（鈴木 一郎）"),
        "en": ([f"東京エリア (鈴木 一郎) {counts[0]} customers",
                f"佐藤 花子 {counts[1]} customers"], "Territory: 東京エリア (鈴木 一郎)"),
    }
    for lang, (rows, tip) in expected.items():
        with in_language(lang):
            out = export_share_map(plan, tmp_path / f"{lang}.html")
        view, page, _interceptor = _open(qtbot, out)
        assert json.loads(_js(qtbot, page, rows_js)) == rows
        assert _js(qtbot, page, tip_js).endswith(tip)
        assert page.errors == []
        _close(qtbot, view, page)


#: Every title and screen-reader name on the page's Leaflet controls, with the credit's text.
_CONTROL_WORDS = """JSON.stringify({
    zoom: ['.leaflet-control-zoom-in', '.leaflet-control-zoom-out',
           '.leaflet-control-layers-toggle'].map(function (s) {
      var e = document.querySelector(s); return [e.title, e.getAttribute('aria-label')]; }),
    titles: Array.from(document.querySelectorAll('.leaflet-control [title]'))
      .map(function (e) { return e.title; }),
    credit: document.querySelector('.leaflet-control-attribution').textContent })"""


@pytest.mark.parametrize(("lang", "words"), [
    ("ja", ["拡大", "縮小", "レイヤー"]), ("en", ["Zoom in", "Zoom out", "Layers"])])
def test_leaflets_own_buttons_speak_the_pages_language(qtbot, tmp_path, lang, words):
    """A Japanese plan's shared map titled its zoom buttons "Zoom in"/"Zoom out" (and the
    layer button "Layers", the Leaflet credit "A JavaScript library for interactive maps"),
    Leaflet's English; the window's map names them in Japanese, as this page now does, with
    the same words and the same script."""
    from planner.i18n import in_language

    with in_language(lang):
        out = export_share_map(synthetic_plan(30, territories=2, seed=3), tmp_path / "map.html")
    view, page, interceptor = _open(qtbot, out)
    found = json.loads(_js(qtbot, page, _CONTROL_WORDS))
    assert found["zoom"] == [[w, w] for w in words]
    english = {"Zoom in", "Zoom out", "Layers", "A JavaScript library for interactive maps"}
    if lang == "ja":
        assert not english & set(found["titles"]), found["titles"]
    assert "A JavaScript library for interactive maps" not in found["titles"]
    assert "Leaflet" in found["credit"] and "OpenStreetMap" in found["credit"]  # credits stay
    assert page.errors == [] and page.alerts == [] and interceptor.other == []
    _close(qtbot, view, page)


_TIP_LINES = """(function (i) { TP_SHARE.points.showTip(i);
    return JSON.stringify(Array.from(document.querySelector('.leaflet-tooltip .tp-tip').children)
      .map(function (e) { return e.textContent; })); })"""


def test_the_popups_visit_days_do_not_repeat_the_frequency_above_them(qtbot, tmp_path):
    """It read 「訪問頻度: 毎週」 then 「訪問曜日: 毎週 月」: the days line now says only what
    the frequency line does not (「月」, 「第1・3週 水」), in the calendar's own words."""
    from planner.compare import visit_day_texts
    from planner.frequency import frequency_words
    from planner.i18n import in_language
    from planner.schedule import build_schedule

    plan = synthetic_plan(40, territories=2, seed=6)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize([4.0, 2.0, 1.0], len(c))  # 毎週, 隔週, 4週に1回
    plan = build_schedule(plan.replace(customers=c), weeks=4, route_seconds=0.01)
    ids = plan.customers[m.CUSTOMER_ID].astype(str).to_numpy()
    with in_language("ja"):
        words = visit_day_texts(plan, ids)
        freqs = [frequency_words(f) for f in plan.customers[m.FREQUENCY]]
        out = export_share_map(plan, tmp_path / "ja.html")
    view, page, _interceptor = _open(qtbot, out)
    seen = set()
    for i in range(12):
        if not words[i].startswith(freqs[i]):
            continue
        seen.add(freqs[i])
        lines = json.loads(_js(qtbot, page, f"{_TIP_LINES}({i})"))
        assert f"訪問頻度: {freqs[i]}" in lines
        (days,) = [x for x in lines if x.startswith("訪問曜日: ")]
        assert freqs[i] not in days, lines
        shown = days.removeprefix("訪問曜日: ")
        if freqs[i] == "毎週":
            assert re.fullmatch(r"[月火水木金土日](・[月火水木金土日])*", shown), days
        else:  # 隔週(第1・3週) 水 → 第1・3週 水
            assert re.fullmatch(r"第[\d・]+週 [月火水木金土日・]+", shown), days
        assert words[i].replace("(", "").replace(")", " ").replace("  ", " ").endswith(shown)
    assert seen == {"毎週", "隔週", "4週に1回"}
    assert page.errors == []
    _close(qtbot, view, page)
