"""A territory's name keeps a gap from another rep's home diamond: after a design, a new
territory's name sat right beside 東京エリア's diamond (read as that rep's territory) and
took the room of 東京エリア's own name. The real page in QtWebEngine, offline, no console
error."""

import dataclasses

import pytest
from test_map_labels import HOMES, LABELS, overlap, settled, show
from test_map_view import js, open_map

from planner._territory_edits import SetTerritories
from tests.maps.label_shapes import labels_plan

GAP = 16  # px at least between a name and another rep's diamond (a name's height)


@pytest.fixture(scope="module")
def env(qapp):
    ns = yield from open_map(labels_plan())
    assert ns.interceptor.foreign == []


def gap(a, b) -> float:
    """The distance in pixels between two boxes (0 when they touch or overlap)."""
    dx = max(b[0] - a[2], a[0] - b[2], 0)
    dy = max(b[1] - a[3], a[1] - b[3], 0)
    return max(dx, dy)


def test_a_name_keeps_a_gap_from_another_reps_home(env, qtbot):
    view, doc = env.view, env.document
    settled(qtbot, view)
    labels = {label[0]: label for label in show(qtbot, view, 35.525, 139.70, 12)}
    _tid, shown, _at, box = labels["T06"]  # 中央エリア, on its usual point
    assert shown
    # 南エリア's rep moves house to just right of 中央エリア's name: 3 px from it
    y = (box[1] + box[3]) / 2
    lat, lon = js(qtbot, view, f"(function () {{ var p = TP.map.containerPointToLatLng("
                               f"[{box[2] + 3 + 8}, {y}]); return [p.lat, p.lng]; }})()")
    territories = tuple(dataclasses.replace(t, home_lat=lat, home_lon=lon) if t.id == "T05"
                        else t for t in doc.plan.territories)
    doc.push(SetTerritories(territories, label="home"))
    qtbot.waitUntil(view.is_up_to_date, timeout=10_000)
    qtbot.waitUntil(lambda: len(js(qtbot, view, HOMES)) == 6, timeout=10_000)
    homes = js(qtbot, view, HOMES)
    south = min(homes, key=lambda h: abs((h[0] + h[2]) / 2 - (box[2] + 11)) + abs(
        (h[1] + h[3]) / 2 - y))
    assert gap(box, south) < 6  # where the name was: beside the diamond
    labels = {label[0]: label for label in js(qtbot, view, LABELS)}
    _tid, shown, _at, moved = labels["T06"]
    assert shown and gap(moved, south) >= GAP
    # and no other name covers it or sits beside it either
    for tid, on, _at, other in labels.values():
        if on and tid != "T05":
            assert gap(other, south) >= GAP, tid
    assert not any(overlap(label[3], south) for label in labels.values() if label[1])
    assert view.page.errors == []
