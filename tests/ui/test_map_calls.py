"""Calls into the map page before its data is drawn, and the page API the View menu uses.

A fresh page (its own MapView) for the module: the first tests talk to it before any data
document exists. Every test runs under the request interceptor of ``test_map_view`` (only
tiles may leave, and they are blocked) and the module ends by checking no JS error.
"""

from types import SimpleNamespace

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWebEngineCore import QWebEngineProfile
from test_map_view import Interceptor, js, map_plan

from planner import edits
from planner import model as m
from planner.i18n import set_language
from planner.maps import data, protocol
from planner.ui.document import PlanDocument
from planner.ui.map_view import MapView


@pytest.fixture(scope="module")
def env(qapp):
    profile = QWebEngineProfile.defaultProfile()
    interceptor = Interceptor()
    profile.setUrlRequestInterceptor(interceptor)
    views: list[MapView] = []

    def make_view() -> MapView:
        view = MapView(profile=profile)
        view.resize(700, 500)
        view.show()
        views.append(view)
        return view

    yield SimpleNamespace(make_view=make_view, views=views, interceptor=interceptor)
    for view in views:
        assert view.page.errors == []
        view.close()
        view.deleteLater()
    assert interceptor.foreign == []
    profile.setUrlRequestInterceptor(None)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _colors(qtbot, view):
    return js(
        qtbot, view, "Array.from(TP.points.terr, function (t) { return TP.points.color(t); })"
    )


def test_recolor_before_the_data_waits_for_it(env, qtbot):
    view = env.make_view()
    qtbot.waitUntil(lambda: view._page_ready, timeout=60_000)
    plan = map_plan()
    moved = edits.apply_edit(plan, edits.AssignCustomers.to(["c5", "c1"], "T02"))[0]
    recolor = protocol.recolor(data.recolor_payload(moved, None), view._next_version())
    view._post(recolor)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.waitingForData()") == 1, timeout=10_000)
    assert view.page.errors == []
    document = PlanDocument(plan)
    with qtbot.waitSignal(view.mapReady, timeout=60_000):
        view.set_document(document)
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    assert js(qtbot, view, "TP.waitingForData()") == 0
    assert js(qtbot, view, "Array.from(TP.points.terr)") == [1, 1, 1, 1, 1]
    assert _colors(qtbot, view) == [m.PALETTE[1]] * 5
    assert view.page.errors == []


def test_changes_before_the_page_is_ready_end_in_the_right_colours(env, qtbot):
    """An assignment queued before ``ready``, then a reload: the stale recolor never runs."""
    view = env.make_view()
    document = PlanDocument(map_plan())
    view.set_document(document)
    assert not view._page_ready
    document.push(edits.AssignCustomers.to(["c5"], "T01"))  # queued: a recolor
    document.push(edits.ReplacePlan(document.plan))  # queued: a newer data document
    qtbot.waitUntil(view.is_ready, timeout=60_000)
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    assert js(qtbot, view, "Array.from(TP.points.terr)") == [0, 1, 1, 1, 0]
    assert _colors(qtbot, view) == [
        m.PALETTE[0],
        m.PALETTE[1],
        m.PALETTE[1],
        m.PALETTE[1],
        m.PALETTE[0],
    ]
    assert view.page.errors == []
    env.ready_view = view


def test_base_map_colour_by_and_layers(env, qtbot):
    view = env.ready_view
    view.set_base_map("outline")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.layers.baseName()") == "outline", timeout=10_000)
    assert js(qtbot, view, "TP.map.hasLayer(TP.bases.gsi_pale)") is False
    view.set_base_layer("gsi_std")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.layers.chosen") == "gsi_std", timeout=10_000)
    # gsi_std is shown, or (its tiles blocked here) the outline it fell back to
    assert js(qtbot, view, "TP.layers.baseName()") in ("gsi_std", "outline")
    assert js(qtbot, view, "TP.map.hasLayer(TP.bases.gsi_pale)") is False
    with pytest.raises(ValueError):
        view.set_base_map("satellite")
    view.set_color_by("rank")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.points.colorBy") == "rank", timeout=10_000)
    ranks = js(
        qtbot, view, "Array.from({length: 5}, function (_, i) { return TP.points.colorOf(i); })"
    )
    assert ranks == ["#d32f2f", "#f9a825", "#1976d2", "#d32f2f", "#f9a825"]  # A B C A B
    assert js(qtbot, view, "TP.layers.legendBox.textContent").startswith("Rank")
    view.set_color_by("territory")
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.points.colorBy") == "territory", timeout=10_000)
    view.set_layers(labels=False)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.hasLayer(TP.layers.labels)") is False)
    view.set_layers(labels=True)
    qtbot.waitUntil(lambda: js(qtbot, view, "TP.map.hasLayer(TP.layers.labels)") is True)
    assert view.page.errors == []


def test_language_switch_rewrites_the_page_texts(env, qtbot):
    view = env.ready_view
    set_language("en")
    try:
        assert js(qtbot, view, "TP.toolbar.buttons.lasso.textContent") == "Lasso"
        set_language("ja")
        view.retranslate()
        qtbot.waitUntil(
            lambda: js(qtbot, view, "TP.toolbar.buttons.lasso.textContent") == "投げ縄",
            timeout=10_000,
        )
        assert js(qtbot, view, "TP.toolbar.buttons.lasso.title") == "投げ縄で選択"
        assert js(qtbot, view, "TP.layers.legendBox.textContent").startswith("テリトリー")
        assert js(qtbot, view, "Array.from(TP.points.terr)") == [0, 1, 1, 1, 0]
    finally:
        set_language(None)
    assert view.page.errors == []
