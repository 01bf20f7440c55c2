"""The shared HTML map on a rep's phone: tapping a customer tells its phone number and its
visiting hours (時間指定), as the route sheet does."""

from __future__ import annotations

from test_share_html import _close, _js, _open

from planner import model as m
from planner.maps.share import export_share_map, share_data
from planner.synthetic import synthetic_plan


def _plan() -> m.Plan:
    plan = synthetic_plan(20, territories=2, seed=5)
    c = plan.customers.copy()
    c.loc[3, m.PHONE] = "03-1234-5678"
    c.loc[3, m.VISIT_TIME] = "10:00-12:00"
    c.loc[4, m.PHONE] = None  # a shop without a number: no line for it
    return plan.replace(customers=c)


def test_the_data_carries_each_customers_phone_and_visiting_hours(japanese) -> None:
    data = share_data(_plan())
    cs, labels = data["customers"], data["labels"]
    assert cs["phone"][3] == "03-1234-5678" and cs["hours"][3] == "10:00〜12:00"
    assert cs["phone"][4] == "" and cs["hours"][4] == ""
    assert (labels["phone"], labels["hours"]) == ("電話番号", "時間指定")


def test_the_tooltip_tells_the_phone_number_and_visiting_hours(qtbot, tmp_path, japanese):
    out = export_share_map(_plan(), tmp_path / "phone.html")
    view, page, _interceptor = _open(qtbot, out, size=(390, 844))
    tip = """(function (i) { TP_SHARE.points.showTip(i);
        return document.querySelector('.leaflet-tooltip').textContent; })(%d)"""
    text = _js(qtbot, page, tip % 3)
    assert "電話番号: 03-1234-5678" in text and "時間指定: 10:00〜12:00" in text
    assert "電話番号" not in _js(qtbot, page, tip % 4)
    assert page.errors == []
    _close(qtbot, view, page)
