"""The shared HTML map on a rep's phone: tapping a customer tells its phone number and its
visiting hours (時間指定), as the route sheet does."""

from __future__ import annotations

from test_share_html import _close, _js, _open

from planner import model as m
from planner.maps.share import export_share_map, share_data
from planner.maps.share_visits import visit_stop_texts
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


_WEEKDAY_JA = dict(zip(m.WEEKDAYS, "月火水木金土日", strict=True))


def _day_ja(iso: str) -> str:
    """``12/16(水)``."""
    import datetime as dt

    d = dt.date.fromisoformat(iso)
    return f"{d.month}/{d.day}({_WEEKDAY_JA[m.WEEKDAYS[d.weekday()]]})"


def _dated_calendar() -> m.Plan:
    import dataclasses

    from planner.schedule import build_schedule

    plan = synthetic_plan(40, territories=2, seed=6)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    return build_schedule(plan, route_seconds=0.01)


def test_a_tapped_customer_tells_each_visits_date_stop_number_and_arrival(
        qtbot, tmp_path, japanese):
    """The rep on the road: which day, the how-many-th stop and at what time, as the route
    sheet numbers the day's stops (the map alone told only the weekday)."""
    plan = _dated_calendar()
    s = plan.schedule
    busy = s["customer_id"].value_counts()
    cid = str(busy.index[0])  # a customer visited more than once in the cycle
    assert busy.iloc[0] > 1
    mine = s[s["customer_id"].astype(str) == cid].sort_values("date")
    expected = [f"{int(d[5:7])}/{int(d[8:])}({_WEEKDAY_JA[day]}) {seq}番目 {arrival}着"
                + (f"（{_day_ja(was)}から振替）" if was else "")  # off a holiday (1/11 成人の日)
                for d, day, seq, arrival, was in zip(
                    mine["date"], mine["day"], mine["seq"], mine["arrival"],
                    mine["moved_from"].astype(str), strict=True)]
    ids = plan.customers[m.CUSTOMER_ID].astype(str).tolist()
    i = ids.index(cid)
    data = share_data(plan)
    assert visit_stop_texts(data["customers"]["stops"], i) == expected
    assert data["labels"]["stops"] == "訪問予定（順番・到着）"
    out = export_share_map(plan, tmp_path / "stops.html")
    view, page, _interceptor = _open(qtbot, out, size=(390, 844))
    text = _js(qtbot, page, f"TP_SHARE.points.showPopup({i}).innerText")
    lines = [line.strip("\u3000 ") for line in text.splitlines()]
    at = lines.index("訪問予定（順番・到着）:")
    assert lines[at + 1:at + 1 + len(expected)] == expected
    assert page.errors == []
    _close(qtbot, view, page)


def test_a_visit_moved_off_a_closed_day_says_the_day_it_moved_from(qtbot, tmp_path, japanese):
    """A visit moved off a company holiday: the popup said 「訪問曜日: 第2週 水」 and then a
    visit on another day without a word why (the route sheet says 「12/16(水) から振替」).
    Now the visit says the day it left, in Japanese and in English."""
    import dataclasses

    from planner.i18n import in_language
    from planner.schedule import build_schedule

    plan = synthetic_plan(40, territories=2, seed=6)
    closed = ("2026-12-16", "2026-12-17")  # week 2's Wednesday and Thursday
    plan = plan.replace(settings=dataclasses.replace(
        plan.settings, start_date="2026-12-07", company_days_off=closed))
    plan = build_schedule(plan, route_seconds=0.01)
    s = plan.schedule
    moved = s[s["moved_from"].astype(str).isin(closed)]
    assert len(moved)
    row = moved.iloc[0]
    cid, was = str(row["customer_id"]), str(row["moved_from"])
    ids = plan.customers[m.CUSTOMER_ID].astype(str).tolist()
    i = ids.index(cid)
    mine = s[s["customer_id"].astype(str) == cid].sort_values("date")
    day = f"{int(was[5:7])}/{int(was[8:])}"
    texts = visit_stop_texts(share_data(plan)["customers"]["stops"], i)
    assert len(texts) == len(mine)
    k = list(mine["date"].astype(str)).index(str(row["date"]))
    assert texts[k].endswith(f"着（{_day_ja(was)}から振替）")
    assert sum("から振替" in t for t in texts) == int(
        (mine["moved_from"].astype(str) != "").sum())  # the others say nothing more
    with in_language("en"):
        english = visit_stop_texts(share_data(plan)["customers"]["stops"], i)
    assert english[k].endswith(f" (moved from {day}({'Wed' if was.endswith('16') else 'Thu'}))")
    out = export_share_map(plan, tmp_path / "moved.html")
    view, page, _interceptor = _open(qtbot, out, size=(390, 844))
    text = _js(qtbot, page, f"TP_SHARE.points.showPopup({i}).innerText")
    assert f"（{_day_ja(was)}から振替）" in text
    assert page.errors == []
    _close(qtbot, view, page)
