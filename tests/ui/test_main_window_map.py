"""The main window and its map: View menu, tiles status, placing a customer, language, docks.

Real windows with the real page in QtWebEngine, under the request interceptor of
``test_map_view`` (tiles are blocked, anything else fails the module); each test checks
the page logged no JS error.
"""

import math

import pytest
from test_main_window import open_window
from test_map_view import blocking_requests, js

from planner import model as m
from planner.i18n import set_language, tr
from planner.maps import protocol
from planner.synthetic import synthetic_plan
from planner.ui import file_actions, settings_store
from planner.ui.main_window import MainWindow
from planner.ui.territory_panel import TerritoryPanel

pytestmark = pytest.mark.usefixtures("isolated")


@pytest.fixture(scope="module", autouse=True)
def interceptor(qapp):
    yield from blocking_requests()


def big_window(qtbot, plan=None):
    """A window the size the program opens (the map gets room beside the docks)."""
    window = open_window(qtbot, plan)
    window.resize(1400, 860)
    return window


def ready_window(qtbot, plan=None):
    window = big_window(qtbot, plan)
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    return window


def test_docks_without_the_old_table_and_ready_for_a_screenshot(qtbot):
    window = big_window(qtbot)
    assert not hasattr(window, "_table") and not hasattr(window, "_refresh")
    with qtbot.waitSignal(window.readyForScreenshot, timeout=60_000):
        pass
    docks = window.actions_ui.docks
    assert isinstance(docks["territories"].widget(), TerritoryPanel)
    assert all(dock.isVisible() for dock in docks.values())
    picture = window.grab()
    assert picture.width() >= window.width() and not picture.isNull()
    assert window.map_view.page.errors == []


def test_tiles_unavailable_are_said_once_on_the_map(qtbot, interceptor):
    """The map's notice says it, where the outline takes the tiles' place; the status bar
    says nothing of it (its right end said it a second time) and keeps an edit's note."""
    from PySide6.QtWidgets import QLabel

    window = big_window(qtbot)
    view = window.map_view
    window.statusBar().showMessage("an edit's note")
    with qtbot.waitSignal(view.tilesUnavailable, timeout=60_000):
        pass  # the blocked tiles fail; the page falls back to the outline
    expected = tr("Map tiles unavailable: showing the offline outline.")
    notices = "Array.from(document.querySelectorAll('.tp-notice')).map(e => e.textContent)"
    assert js(qtbot, view, notices) == [expected]
    said = [w for w in window.statusBar().findChildren(QLabel)
            if "tiles" in w.text() or "タイル" in w.text()]
    assert said == [] and window.statusBar().currentMessage() == "an edit's note"
    assert interceptor.tiles
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    assert js(qtbot, view, "TP.layers.baseName()") == "outline"  # nothing undid the fallback
    with qtbot.waitSignal(view.tilesUnavailable, timeout=60_000):
        window.actions_ui.view_menu.action("base_map", "osm").trigger()  # offline too
    assert js(qtbot, view, "TP.layers.baseName()") == "outline"
    assert js(qtbot, view, notices) == [expected]  # one box, said again
    window.actions_ui.switch_language("ja")
    qtbot.waitUntil(lambda: js(qtbot, view, notices) == [
        "地図タイルを取得できないため、オフラインの輪郭を表示しています。"], timeout=5_000)
    assert window.statusBar().currentMessage() == "an edit's note"
    window.actions_ui.switch_language("en")
    assert view.page.errors == []


def test_view_menu_forwards_to_the_map_and_remembers_the_base_map(qtbot):
    window = ready_window(qtbot)
    view, menu = window.map_view, window.actions_ui.view_menu
    menu.action("base_map", "outline").trigger()
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.layers.baseName()") == "outline", timeout=10_000)
    assert settings_store.base_map() == "outline"
    assert menu.action("base_map", "outline").isChecked()
    assert not menu.action("base_map", "gsi_pale").isChecked()
    menu.action("color_by", "rank").trigger()
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.points.colorBy") == "rank", timeout=10_000)
    menu.action("size_by", "sales").trigger()
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.points.sizeBy") == "sales", timeout=10_000)
    for layer, page_name in (("labels", "labels"), ("territories", "polygons")):
        menu.action("layers", layer).setChecked(False)
        shown = f"TP.map.hasLayer(TP.layers.{page_name})"
        qtbot.waitUntil(lambda s=shown: js(qtbot, view, s) is False, timeout=10_000)
    menu.action("layers", "customers").setChecked(False)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.hasLayer(TP.points.layer)") is False)
    assert view.page.errors == []
    settings_store.set_base_map("gsi_std")  # as the menu or Preferences remember it
    again = big_window(qtbot, synthetic_plan(20, territories=2))
    assert again.actions_ui.view_menu.action("base_map", "gsi_std").isChecked()
    assert again.map_view._sticky["base"] == protocol.base("gsi_std")  # sent at start


def test_place_on_map_from_the_customer_context_menu(qtbot):
    plan = synthetic_plan(60, territories=2)
    customers = plan.customers.copy()
    customers.loc[customers.index[3], [m.LAT, m.LON]] = math.nan  # no coordinates
    cid = str(customers[m.CUSTOMER_ID].iloc[3])
    window = ready_window(qtbot, plan.replace(customers=customers))
    view, document = window.map_view, window.document
    panel = window.actions_ui.customer_panel
    document.set_selection([cid])
    menu = panel.selection_menu(panel)
    (place,) = [a for a in menu.actions() if a.text() == tr("Place on the map")]
    place.trigger()
    qtbot.waitUntil(lambda: js(qtbot, view, "!!TP.place.pin"), timeout=10_000)
    steps = document.undo_stack.count()
    with qtbot.waitSignal(document.planChanged, timeout=10_000):
        view.run_js("TP.place.pin.setLatLng([35.7, 139.7]); TP.place.confirm()")
    row = document.plan.customers.set_index(m.CUSTOMER_ID).loc[cid]
    assert (row[m.LAT], row[m.LON]) == (35.7, 139.7)
    assert document.undo_stack.count() == steps + 1
    document.undo_stack.undo()
    assert math.isnan(document.plan.customers.set_index(m.CUSTOMER_ID).loc[cid, m.LAT])
    # a located customer: the same action corrects its position, starting from where it is
    other = str(customers[m.CUSTOMER_ID].iloc[5])
    document.set_selection([other])
    menu = panel.selection_menu(panel)
    (correct,) = [a for a in menu.actions() if a.text() == tr("Correct the position on the map")]
    correct.trigger()
    at = tuple(customers.set_index(m.CUSTOMER_ID).loc[other, [m.LAT, m.LON]])
    pin = "(function (p) { return [p.lat, p.lng]; })(TP.place.pin.getLatLng())"
    qtbot.waitUntil(lambda: js(qtbot, view, f"TP.place.pin && {pin}") == list(at), timeout=10_000)
    assert view.page.errors == []


def test_language_switch_rewrites_the_map_toolbar(qtbot):
    window = ready_window(qtbot)
    view = window.map_view
    assert js(qtbot, view, "TP.toolbar.buttons.lasso.textContent") == "Lasso"
    window.actions_ui.switch_language("ja")
    qtbot.waitUntil(
        lambda: js(qtbot, view, "TP.toolbar.buttons.lasso.textContent") == "投げ縄", timeout=10_000
    )
    assert window.actions_ui.view_menu.menus["base_map"].title() == "背景地図(&B)"
    # the page's language, by which a notice breaks between Japanese phrases (not in オフライン)
    assert js(qtbot, view, "document.documentElement.lang") == "ja"
    window.actions_ui.switch_language("en")
    qtbot.waitUntil(
        lambda: js(qtbot, view, "TP.toolbar.buttons.lasso.textContent") == "Lasso", timeout=10_000
    )
    assert js(qtbot, view, "document.documentElement.lang") == "en"
    assert view.page.errors == []


def test_a_reps_home_base_from_the_territory_menu(qtbot, tmp_path, monkeypatch):
    """Place on the map (the pin), from an address (looked up, then the pin to confirm), clear."""
    import dataclasses

    from tests.core.fake_geocoder import FakeGeocoder

    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    monkeypatch.setenv("PLANNER_GEOCODE_MIN_DELAY", "0")
    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))
    with FakeGeocoder() as server:
        plan = synthetic_plan(60, territories=2)
        plan = plan.replace(
            settings=dataclasses.replace(plan.settings, gsi_url=server.gsi_url),
            territories=tuple(t.replace(home_lat=None, home_lon=None) for t in plan.territories),
        )
        window = ready_window(qtbot, plan)
        view, document = window.map_view, window.document
        panel = window.actions_ui.territory_panel
        tid = panel.model.territory_id(0)
        assert not document.plan.territory(tid).has_home

        def home_action(text):
            (home,) = [a.menu() for a in panel.territory_menu(0).actions() if a.menu()]
            return next(a for a in home.actions() if a.text() == tr(text))

        home_action("Place on the map").trigger()
        qtbot.waitUntil(lambda: js(qtbot, view, "!!TP.place.pin"), timeout=10_000)
        label = js(qtbot, view, "TP.place.pin.getTooltip().getContent().textContent")
        assert label.startswith("Home base of")
        with qtbot.waitSignal(document.planChanged, timeout=10_000):
            view.run_js("TP.place.pin.setLatLng([35.7, 139.7]); TP.place.confirm()")
        t = document.plan.territory(tid)
        assert (t.home_lat, t.home_lon) == (35.7, 139.7)

        panel.ask_address = lambda _tid: "東京都新宿区西新宿2-8-1"
        with qtbot.waitSignal(panel.homeSet, timeout=30_000):
            home_action("From an address…").trigger()
        t = document.plan.territory(tid)
        assert t.has_home and (t.home_lat, t.home_lon) != (35.7, 139.7)
        assert server.requests == 1
        pin = "(function (p) { return [p.lat, p.lng]; })(TP.place.pin.getLatLng())"
        want = [t.home_lat, t.home_lon]
        qtbot.waitUntil(lambda: js(qtbot, view, f"TP.place.pin && {pin}") == want, timeout=10_000)

        home_action("Clear").trigger()
        assert not document.plan.territory(tid).has_home
        document.undo_stack.undo()
        assert document.plan.territory(tid).has_home
        assert view.page.errors == []


def test_right_click_on_the_map_offers_the_selection_menu(qtbot):
    plan = synthetic_plan(40, territories=2)
    window = ready_window(qtbot, plan)
    view, document, actions = window.map_view, window.document, window.actions_ui
    c = plan.customers.iloc[7]
    cid = str(c[m.CUSTOMER_ID])
    view.run_js(f"TP.map.setView([{c[m.LAT]}, {c[m.LON]}], 15)")
    script = (
        f"(function () {{ var p = TP.map.latLngToContainerPoint([{c[m.LAT]}, {c[m.LON]}]);"
        " TP.map.fire('contextmenu', {containerPoint: p, latlng: TP.map.containerPointToLatLng(p),"
        " originalEvent: {preventDefault: function () {}}}); return true; })()"
    )
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.points.grid && TP.points.grid.cols > 0"),
                    timeout=10_000)
    with qtbot.waitSignal(view.menuRequested, timeout=10_000) as asked:
        view.run_js(script)
    assert asked.args[1] == cid
    assert document.selection == frozenset({cid})  # the customer right-clicked is selected
    texts = [a.text() for a in actions.map_menu.actions()]
    assert tr("Remove from plan…") in texts and tr("Lock") in texts
    actions.map_menu.close()
    # on an empty spot with nothing selected: only adding a customer
    document.set_selection([])
    with qtbot.waitSignal(view.menuRequested, timeout=10_000) as asked:
        view.run_js("TP.map.fire('contextmenu', {containerPoint: L.point(3, 3),"
                    " latlng: TP.map.containerPointToLatLng(L.point(3, 3))})")
    assert asked.args[1] == ""
    assert [a.text() for a in actions.map_menu.actions()] == [tr("Add customer…")]
    actions.map_menu.close()
    assert view.page.errors == []


def _page_day_colours(qtbot, view):
    return js(
        qtbot, view,
        "Array.from({length: TP.points.n}, function (_, i) { return TP.points.colorOf(i); })",
    )


def test_colour_by_visit_day_shows_the_calendar_and_follows_its_edits(qtbot):
    from planner import edits
    from planner.maps import data
    from planner.schedule import build_schedule

    plan = build_schedule(synthetic_plan(80, territories=2, seed=6), route_seconds=0.01)
    window = ready_window(qtbot, plan)
    view, menu = window.map_view, window.actions_ui.view_menu
    menu.action("color_by", "weekday").trigger()
    assert menu.action("color_by", "weekday").isChecked()
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.points.colorBy") == "weekday", timeout=10_000)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.points.days !== null"), timeout=10_000)
    groups = data.visit_day_groups(plan).tolist()
    colours = list(m.DAY_GROUP_COLORS)
    expected = [colours[g] if g >= 0 else "#9e9e9e" for g in groups]
    assert _page_day_colours(qtbot, view) == expected
    assert len(set(expected)) >= 4  # the calendar spreads the customers over the week
    legend = js(qtbot, view, "TP.layers.legendBox.textContent")
    assert legend.startswith(tr("Visit day (calendar)"))
    monday = groups.count(0)
    assert f"{tr('Mon')}{monday}" in legend
    # Every visit of the calendar onto Wednesday: the page follows the calendar's edit.
    wednesday = plan.schedule.assign(day="wed")
    window.document.push(edits.SetSchedule(wednesday))
    qtbot.waitUntil(
        lambda: set(_page_day_colours(qtbot, view)) <= {m.DAY_COLORS["wed"], "#9e9e9e"},
        timeout=10_000,
    )
    assert f"{tr('Wed')}{sum(g >= 0 for g in groups)}" in js(
        qtbot, view, "TP.layers.legendBox.textContent"
    )
    window.document.undo_stack.undo()
    qtbot.waitUntil(lambda: _page_day_colours(qtbot, view) == expected, timeout=10_000)
    menu.action("color_by", "territory").trigger()
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.points.colorBy") == "territory", timeout=10_000)
    assert js(qtbot, view, "TP.layers.legendBox.textContent").startswith(tr("Territories"))
    assert view.page.errors == []


def test_a_hand_move_names_the_closed_date_whose_visit_stayed() -> None:
    """Moved to Thursdays while Thursday 4/29 is Showa Day: the status sentence says that
    week's visit stayed on its day."""
    import dataclasses

    from planner.edits import MoveVisits, apply_edit
    from planner.schedule import build_schedule
    from planner.ui.calendar_notes import held_back, move_message

    plan = synthetic_plan(40, territories=1, seed=5)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0
    c[m.SERVICE_MINUTES] = 15.0
    plan = plan.replace(customers=c, settings=dataclasses.replace(
        plan.settings, start_date="2027-04-05"))
    built = build_schedule(plan, route_seconds=0.01)
    s = built.schedule
    rec = next(r for r in s[(s.week == 1) & (s.day == "mon")].itertuples(index=False))
    moved, _, _ = apply_edit(built, MoveVisits((rec.customer_id,), (1, "mon"), (1, "thu")))
    assert held_back(moved, [rec.customer_id], "thu") == ["4/29(Thu)"]
    text = move_message(1, (1, "thu"), True,
                        held=held_back(moved, [rec.customer_id], "thu"))
    assert "4/29(Thu) is closed: that visit stays on its day" in text


#: Each control of the map as the page lays it out: [left, top, right, bottom] in the map.
CONTROLS = """(function () {
  var box = TP.map.getContainer(), at = box.getBoundingClientRect();
  var names = { zoom: ".leaflet-control-zoom", tools: ".tp-toolbar",
    layers: ".leaflet-control-layers", size: ".tp-sizeby", legend: ".tp-legend",
    scale: ".leaflet-control-scale", messages: ".tp-messages" };
  var out = { width: at.width, height: at.height,
    folded: TP.layers.legendBox.classList.contains("tp-folded"), rects: {} };
  Object.keys(names).forEach(function (key) {
    var el = box.querySelector(names[key]), r = el && el.getBoundingClientRect();
    if (!r || !r.width) { return; }  // no message shown
    out.rects[key] = [r.left - at.left, r.top - at.top, r.right - at.left, r.bottom - at.top];
  });
  return out;
})()"""


def controls_apart(layout) -> list[str]:
    """What is wrong with ``layout`` (:data:`CONTROLS`): a control off the map or over another."""
    rects, wrong = layout["rects"], []
    for key, (left, top, right, bottom) in rects.items():
        if left < 0 or top < 0 or right > layout["width"] or bottom > layout["height"]:
            wrong.append(f"{key} off the map: {rects[key]}")
    keys = sorted(rects)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            ra, rb = rects[a], rects[b]
            if ra[0] < rb[2] and rb[0] < ra[2] and ra[1] < rb[3] and rb[1] < ra[3]:
                wrong.append(f"{a} over {b}: {ra} {rb}")
    return wrong


def settled(qtbot, view) -> None:
    """Half a second, then two more frames of the page: the controls placed again after a
    size they watch changed (a ResizeObserver places them in the next frame)."""
    qtbot.wait(500)
    view.run_js("window.tpFrames = 0; requestAnimationFrame(function () {"
                " requestAnimationFrame(function () { window.tpFrames = 2; }); });")
    qtbot.waitUntil(lambda: js(qtbot, view, "window.tpFrames") == 2, timeout=10_000)


def test_the_maps_controls_keep_clear_of_each_other_in_a_small_window(qtbot):
    """A 1280×720 laptop at 150 % (853×480): the docks gave the map 610×165 pixels, where the
    tools ran into the scale and the legend covered the size control and half the map. The
    docks give way (the map gets half the window's height), the tools run in one row, the
    legend folds into its title (a click opens it, within the map); a big window keeps the
    tools in a column and the legend open."""
    set_language("ja")
    window = MainWindow(synthetic_plan(300, territories=8, seed=2))
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.resize(853, 480)
    window.show()
    qtbot.waitUntil(window.is_ready, timeout=60_000)
    view = window.map_view
    assert view.height() >= window.height() // 2
    # (the page fits its controls on Leaflet's resize event, a frame after the view's size)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.layers.legendBox.className").endswith(
        "tp-folded"), timeout=10_000)
    view.run_js("TP.setTool('draw')")  # its hint, with the tiles' notice, at the map's foot
    qtbot.waitUntil(lambda: "messages" in js(qtbot, view, CONTROLS)["rects"], timeout=10_000)
    # (in the page's own font, and placed in the frames after the hint's size shows: read at
    # once, a loaded machine's run saw the hint where it stood before)
    qtbot.waitUntil(lambda: js(qtbot, view, "document.fonts.status") == "loaded",
                    timeout=20_000)
    settled(qtbot, view)
    small = js(qtbot, view, CONTROLS)
    assert small["width"] < 720 and small["folded"]
    assert controls_apart(small) == []
    view.run_js("TP.setTool('pan')")
    left, top, right, bottom = small["rects"]["tools"]
    assert right - left > 3 * (bottom - top)  # one row
    view.run_js("TP.layers.legendBox.querySelector('.tp-legend-title').click()")
    qtbot.waitUntil(lambda: not js(qtbot, view, CONTROLS)["folded"], timeout=10_000)
    opened = js(qtbot, view, CONTROLS)
    assert controls_apart(opened) == []
    # its hint beside the opened legend, above the scale; where the hint, wrapped in the room
    # left, would reach the tools (the machine's fonts decide), the legend folds for it
    view.run_js("TP.setTool('draw')")
    qtbot.waitUntil(lambda: "messages" in js(qtbot, view, CONTROLS)["rects"], timeout=10_000)
    settled(qtbot, view)  # (placed in the frames after the hint's size shows)
    hinted = js(qtbot, view, CONTROLS)
    assert "messages" in hinted["rects"] and controls_apart(hinted) == []
    view.run_js("TP.setTool('pan')")
    if not hinted["folded"]:
        view.run_js("TP.layers.legendBox.querySelector('.tp-legend-title').click()")  # folded
    qtbot.waitUntil(lambda: js(qtbot, view, CONTROLS)["folded"], timeout=10_000)

    window.resize(1400, 860)  # a big window opens it
    qtbot.waitUntil(lambda: not js(qtbot, view, "TP.map.getContainer().className").count(
        "tp-narrow"), timeout=10_000)
    big = js(qtbot, view, CONTROLS)
    assert big["height"] > 400 and not big["folded"] and controls_apart(big) == []
    left, top, right, bottom = big["rects"]["tools"]
    assert bottom - top > right - left  # a column
    assert view.page.errors == []


def test_a_territory_fitted_to_the_map_lies_clear_of_the_legend_and_the_tools(qtbot):
    """Territory → Fit to map put the east side of a territory under the opened legend
    (bottom right) and its west side under the tools: the fit keeps to the free part."""
    from planner.maps import data

    window = ready_window(qtbot, synthetic_plan(400, territories=6, seed=2))
    view = window.map_view
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    free = ("(function () { var box = TP.map.getContainer().getBoundingClientRect();"
            " return [document.querySelector('.tp-toolbar').getBoundingClientRect().right"
            " - box.left, TP.layers.legendBox.getBoundingClientRect().left - box.left]; })()")
    tools, legend = js(qtbot, view, free)
    assert js(qtbot, view, "TP.map.getSize().x") - legend > 150  # an opened legend
    for t in window.document.plan.territories:
        (south, west), (north, east) = data.territory_bounds(window.document.plan, t.id)
        view.fit_territory(t.id)
        corners = f"[TP.map.latLngToContainerPoint([{south}, {west}]).x," \
                  f" TP.map.latLngToContainerPoint([{north}, {east}]).x]"
        qtbot.waitUntil(lambda c=corners: js(qtbot, view, c)[0] > tools, timeout=10_000)
        left, right = js(qtbot, view, corners)
        assert tools < left and right < legend, t.name
    assert view.page.errors == []


def test_the_console_says_the_tiles_are_missing_in_the_managers_language(qtbot, caplog):
    """`territory-planner FILE --lang ja` printed the English "map tiles unavailable: …"."""
    import logging

    window = open_window(qtbot)
    set_language("ja")
    try:
        with caplog.at_level(logging.INFO, logger="planner.ui.main_window"):
            window.map_view.tilesUnavailable.emit()
            window.map_view.tilesRestored.emit()
    finally:
        set_language(None)
    said = [r.getMessage() for r in caplog.records if r.name == "planner.ui.main_window"]
    assert said == ["地図タイルを取得できないため、オフラインの輪郭を表示しています。",
                    "地図タイルを再び表示しています。"]
