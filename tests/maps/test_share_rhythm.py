"""The shared HTML map's popup of a customer the calendar visits at another rhythm than its
frequency: 「訪問頻度: 6週に1回（カレンダーでは8週に1回）」 above 「訪問曜日: 8週に1回(第n週) 曜」
(it read 「6週に1回」 above 「8週に1回(第4週) 火」, the manager left guessing)."""

from __future__ import annotations

import json

import numpy as np

from planner import model as m
from planner.i18n import in_language
from planner.maps.share import export_share_map
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from tests.maps.test_share_html import _TIP_LINES, _close, _js, _open


def test_the_popup_says_the_calendars_rhythm_beside_the_frequency(qtbot, tmp_path):
    plan = synthetic_plan(30, territories=2, seed=6)
    c = plan.customers.copy()
    c[m.FREQUENCY] = np.resize([4.0, 4.0 / 6.0, 2.0], len(c))  # 毎週, 6週に1回, 隔週
    plan = build_schedule(plan.replace(customers=c), weeks=4, route_seconds=0.01)
    with in_language("ja"):
        out = export_share_map(plan, tmp_path / "ja.html")
    view, page, _interceptor = _open(qtbot, out)
    lines = json.loads(_js(qtbot, page, f"{_TIP_LINES}(1)"))
    assert "訪問頻度: 6週に1回（カレンダーでは8週に1回）" in lines, lines
    (days,) = [x for x in lines if x.startswith("訪問曜日: ")]
    assert days.startswith("訪問曜日: 8週に1回"), lines
    weekly = json.loads(_js(qtbot, page, f"{_TIP_LINES}(0)"))
    assert "訪問頻度: 毎週" in weekly  # the calendar's rhythm is the customer's: no note
    assert page.errors == []
    _close(qtbot, view, page)
