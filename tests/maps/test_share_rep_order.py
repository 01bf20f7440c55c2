"""The shared map's layers list names each territory as its legend and popups do,
「東京エリア（鈴木 一郎）」 (it read 「鈴木 一郎 — 東京エリア」, the rep first)."""

from __future__ import annotations

import json

from planner.i18n import in_language
from planner.maps.share import export_share_map, share_data
from planner.synthetic import synthetic_plan
from tests.maps.test_share_html import _close, _js, _open


def test_the_layers_list_names_territories_as_the_legend_does(qtbot, tmp_path):
    plan = synthetic_plan(20, territories=2, seed=3)
    t1, t2 = plan.territories
    plan = plan.replace(territories=(t1.replace(name="東京エリア", rep="鈴木 一郎"),
                                     t2.replace(name="鈴木 花子", rep="鈴木 花子")))
    with in_language("ja"):
        out = export_share_map(plan, tmp_path / "ja.html")
        labels = [t["label"] for t in share_data(plan)["territories"]]
    view, page, _interceptor = _open(qtbot, out)
    names = json.loads(_js(qtbot, page, """JSON.stringify(Array.prototype.map.call(
        document.querySelectorAll('.leaflet-control-layers-overlays label'),
        function (s) { return s.textContent.trim(); }))"""))
    assert labels == ["東京エリア（鈴木 一郎）", "鈴木 花子"]
    assert names[:2] == labels, names
    assert page.errors == []
    _close(qtbot, view, page)
