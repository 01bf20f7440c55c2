"""A rep's day on the shared HTML map: a rep and a calendar day chosen (or named by the
link, ``share.html#rep=T01&day=2026-12-07``) show that day's stops only, numbered in the
calendar's order, the straight route home → stops → home, and the day's figures."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebEngineCore import QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView
from test_share_html import _close, _Interceptor, _js, _open, _Page

from planner import model as m
from planner.maps.share import export_share_map, share_data
from planner.routing import clock_minutes, format_clock
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

_WEEKDAY_JA = dict(zip(m.WEEKDAYS, "月火水木金土日", strict=True))


def _calendar(start_date: str = "2026-12-07") -> m.Plan:
    plan = synthetic_plan(60, territories=2, seed=6)
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date=start_date))
    return build_schedule(plan, route_seconds=0.01)


def _busiest(plan: m.Plan) -> tuple[str, int, str]:
    """The (territory, week, weekday) with the most stops: a day worth drawing."""
    sizes = plan.schedule.groupby(["territory", "week", "day"]).size()
    t, w, d = sizes.idxmax()
    assert sizes.max() >= 3
    return str(t), int(w), str(d)


def _day_rows(plan: m.Plan, t: str, w: int, d: str):
    s = plan.schedule
    return s[(s["territory"] == t) & (s["week"] == w) & (s["day"] == d)].sort_values("seq")


def _expected(plan: m.Plan, t: str, w: int, d: str) -> tuple[list[list], list[list[float]], str]:
    """From the plan's own calendar table: the day's stops (number, customer row on the map,
    arrival), the route's vertices and the summary line, in Japanese."""
    rows = _day_rows(plan, t, w, d)
    ids = plan.customers[m.CUSTOMER_ID].astype(str).tolist()  # every customer has a position
    stops = [[int(seq), ids.index(str(cid)), str(arr)]
             for seq, cid, arr in zip(rows["seq"], rows["customer_id"], rows["arrival"],
                                      strict=True)]
    terr = plan.territory(t)
    home = [round(terr.home_lat, 6), round(terr.home_lon, 6)]
    c = plan.customers
    path = [home, *[[round(float(c[m.LAT].iloc[i]), 6), round(float(c[m.LON].iloc[i]), 6)]
                    for _n, i, _a in stops], home]
    date = str(rows["date"].iloc[0])
    km = float(rows["travel_km"].sum() + rows["return_km"].sum())
    last = rows.iloc[-1]
    end = format_clock(clock_minutes([last["departure"]])[0] + float(last["return_minutes"]))
    label = f"{int(date[5:7])}/{int(date[8:])}({_WEEKDAY_JA[d]})"
    summary = (f"{label} {terr.rep or terr.name}: {len(rows)}件 · 移動 {km:.1f}km · "
               f"{plan.settings.day_start}–{end}")
    return stops, path, summary


def _state(qtbot, page) -> dict | None:
    return json.loads(_js(qtbot, page, "JSON.stringify(TP_SHARE.day.state())"))


def _open_at(qtbot, out: Path, fragment: str, size: tuple[int, int] = (900, 700)):
    """The exported page opened from a link naming a day (``#rep=…&day=…``)."""
    profile = QWebEngineProfile()
    interceptor = _Interceptor(str(out))
    profile.setUrlRequestInterceptor(interceptor)
    page = _Page(profile)
    page.settings().setAttribute(
        QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, True)
    view = QWebEngineView()
    view.setPage(page)
    view.resize(*size)
    view.show()
    url = QUrl.fromLocalFile(str(out))
    url.setFragment(fragment)
    with qtbot.waitSignal(page.loadFinished, timeout=30_000) as loaded:
        page.load(url)
    assert loaded.args == [True]
    qtbot.waitUntil(lambda: _js(qtbot, page, "!!(window.TP_SHARE && TP_SHARE.drawn)"),
                    timeout=20_000)
    return view, page, interceptor


_CHOOSE = """(function (rep, day) {
  var box = document.querySelector('.tp-day');
  box.querySelector('.tp-day-head').click();
  var reps = box.querySelector('.tp-day-rep'), days = box.querySelector('.tp-day-day');
  var k = Array.prototype.findIndex.call(reps.options, function (o) {
    return o.textContent.indexOf(rep) >= 0; });
  reps.selectedIndex = k;
  reps.dispatchEvent(new Event('change'));
  var j = Array.prototype.findIndex.call(days.options, function (o) {
    return o.textContent.indexOf(day + ' ') === 0; });
  days.selectedIndex = j;
  days.dispatchEvent(new Event('change'));
  return j;
})(%s, %s)"""

_PICK_REP = """(function (rep) {
  var reps = document.querySelector('.tp-day-rep');
  reps.selectedIndex = Array.prototype.findIndex.call(reps.options, function (o) {
    return o.textContent.indexOf(rep) >= 0; });
  reps.dispatchEvent(new Event('change'));
  return 0;
})(%s)"""

#: The customers the pointer finds at each customer's place: -1 where none is drawn.
_FOUND = """(function () { var d = TP_SHARE.data.customers, out = [];
  for (var i = 0; i < d.lat.length; i++) {
    var p = TP_SHARE.map.latLngToContainerPoint([d.lat[i], d.lon[i]]);
    var inside = p.x >= 0 && p.y >= 0 && p.x < 900 && p.y < 700;
    out.push(inside ? TP_SHARE.points.at(p.x, p.y) : -2); }
  return JSON.stringify(out); })()"""


def test_a_chosen_rep_and_day_show_that_days_stops_in_order_and_the_route(
        qtbot, tmp_path, japanese):
    plan = _calendar()
    t, w, d = _busiest(plan)
    stops, path, summary = _expected(plan, t, w, d)
    terr = plan.territory(t)
    out = export_share_map(plan, tmp_path / "day.html")
    view, page, interceptor = _open(qtbot, out)
    assert _js(qtbot, page, "document.querySelector('.tp-day-head').textContent") == "1日のルート ▸"
    label = summary.split(" ")[0]
    assert _js(qtbot, page, _CHOOSE % (json.dumps(terr.name), json.dumps(label))) >= 0
    state = _state(qtbot, page)
    assert state["rep"] == t and state["day"] == str(_day_rows(plan, t, w, d)["date"].iloc[0])
    assert state["stops"] == stops  # the calendar's order, numbers and arrivals
    assert state["numbers"] == [str(n) for n, _i, _a in stops]  # drawn on the map
    assert state["path"] == path  # home → stops in order → home, straight
    assert state["summary"] == summary
    shown = _js(qtbot, page, "document.querySelector('.tp-day-line').textContent")
    assert shown == summary
    # only that day's customers are on the map now; the view holds them all
    found = json.loads(_js(qtbot, page, _FOUND))
    day = {i for _n, i, _a in stops}
    assert all(found[i] == i for i in day)
    assert all(f in (-1, -2) or f in day for i, f in enumerate(found) if i not in day)
    # the link a manager sends: the address now names the day
    assert _js(qtbot, page, "location.hash") == f"#rep={t}&day={state['day']}"
    # a tap on a stop's number: the customer's popup
    text = _js(qtbot, page, """(function () {
        document.querySelector('.tp-stop-no').parentNode.click();
        return document.querySelector('.leaflet-popup-content').textContent; })()""")
    assert plan.customers[m.NAME].iloc[stops[0][1]] in text
    # one tap back to every customer
    _js(qtbot, page, "document.querySelector('.tp-day-all').click(), 0")
    assert _state(qtbot, page) is None
    assert _js(qtbot, page, "location.hash") == ""
    assert _js(qtbot, page, "document.querySelectorAll('.tp-stop-no').length") == 0
    found = json.loads(_js(qtbot, page, _FOUND))
    assert all(f >= 0 for f in found if f != -2) and found.count(-2) == 0
    assert page.errors == [] and interceptor.other == []
    _close(qtbot, view, page)


def test_the_link_opens_straight_into_a_day_and_unknown_values_open_the_whole_map(
        qtbot, tmp_path, japanese):
    plan = _calendar()
    t, w, d = _busiest(plan)
    stops, path, summary = _expected(plan, t, w, d)
    date = str(_day_rows(plan, t, w, d)["date"].iloc[0])
    out = export_share_map(plan, tmp_path / "link.html")
    view, page, interceptor = _open_at(qtbot, out, f"rep={t}&day={date}", size=(390, 844))
    state = _state(qtbot, page)
    assert (state["stops"], state["path"], state["summary"]) == (stops, path, summary)
    bounds = json.loads(_js(qtbot, page, """JSON.stringify((function (b) {
        return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })(
        TP_SHARE.map.getBounds()))"""))
    assert all(bounds[0] <= lat <= bounds[2] and bounds[1] <= lon <= bounds[3]
               for lat, lon in path)  # zoomed to the day (home included)
    # a second link opened in the same tab: its day; a link naming no day: every customer
    other = plan.schedule[(plan.schedule["territory"] != t)].iloc[0]
    _js(qtbot, page, f"location.hash = '#rep={other['territory']}&day={other['date']}', 0")
    qtbot.waitUntil(lambda: (_state(qtbot, page) or {}).get("rep") == other["territory"])
    assert _state(qtbot, page)["day"] == other["date"]
    _js(qtbot, page, "location.hash = '#rep=NOPE', 0")
    qtbot.waitUntil(lambda: _state(qtbot, page) is None)
    assert page.errors == [] and interceptor.other == []
    _close(qtbot, view, page)
    for fragment in ("rep=NOPE&day=" + date, f"rep={t}&day=1999-01-04", f"rep={t}", "x=1&&="):
        view, page, interceptor = _open_at(qtbot, out, fragment)
        assert _state(qtbot, page) is None
        assert _js(qtbot, page, "document.querySelectorAll('.tp-stop-no').length") == 0
        assert page.errors == [] and interceptor.other == []
        _close(qtbot, view, page)


def test_a_calendar_without_dates_names_its_days_by_week_and_weekday(qtbot, tmp_path, japanese):
    plan = _calendar(start_date="")
    assert "date" not in plan.schedule or not plan.schedule["date"].astype(str).str.match(
        r"\d{4}-").any()
    t, w, d = _busiest(plan)
    rows = _day_rows(plan, t, w, d)
    data = share_data(plan)
    keys = data["customers"]["stops"]["keys"]
    assert f"w{w}-{d}" in keys
    out = export_share_map(plan, tmp_path / "weeks.html")
    view, page, interceptor = _open_at(qtbot, out, f"rep={t}&day=w{w}-{d}")
    state = _state(qtbot, page)
    assert [n for n, _i, _a in state["stops"]] == rows["seq"].tolist()
    assert state["summary"].startswith(f"第{w}週 {_WEEKDAY_JA[d]} ")
    options = json.loads(_js(qtbot, page, """JSON.stringify(Array.prototype.map.call(
        document.querySelectorAll('.tp-day-day option'), function (o) {
          return o.textContent; }))"""))
    assert options[0].startswith("第1週 ")
    assert page.errors == [] and interceptor.other == []
    _close(qtbot, view, page)


def test_a_plan_without_a_calendar_has_no_day_control(qtbot, tmp_path):
    plan = synthetic_plan(30, territories=2, seed=6)
    assert share_data(plan)["day_view"] is None
    out = export_share_map(plan, tmp_path / "none.html")
    view, page, interceptor = _open_at(qtbot, out, "rep=T01&day=2026-12-07")
    assert _js(qtbot, page, "document.querySelectorAll('.tp-day').length") == 0
    assert _js(qtbot, page, "TP_SHARE.day === null") is True
    assert page.errors == [] and interceptor.other == []
    _close(qtbot, view, page)


@pytest.mark.parametrize("lang", ["en"])
def test_the_day_line_in_english(lang):
    from planner.i18n import set_language

    set_language(lang)
    try:
        labels = share_data(_calendar())["day_view"]["labels"]
    finally:
        set_language(None)
    assert labels["summary"] == "{day} {rep}: {n} stops · travel {km} km · {start}–{end}"
    assert labels["summary_one"] == "{day} {rep}: {n} stop · travel {km} km · {start}–{end}"
    assert labels["all"] == "Back to all customers" and labels["title"] == "Day route"


def test_a_stop_without_a_map_position_is_counted_not_lost(qtbot, tmp_path, japanese):
    """The day's line counts the calendar's stops; one whose customer has no position (not
    on the map) is said in red, and the numbers drawn skip it."""
    import numpy as np

    plan = _calendar()
    t, w, d = _busiest(plan)
    rows = _day_rows(plan, t, w, d)
    gone = str(rows["customer_id"].iloc[1])  # the day's second stop
    c = plan.customers.copy()
    c.loc[c[m.CUSTOMER_ID].astype(str) == gone, m.LAT] = np.nan
    plan = plan.replace(customers=m.set_points(c))
    date = str(rows["date"].iloc[0])
    out = export_share_map(plan, tmp_path / "gone.html")
    view, page, interceptor = _open_at(qtbot, out, f"rep={t}&day={date}")
    state = _state(qtbot, page)
    numbers = [str(n) for n in rows["seq"] if n != rows["seq"].iloc[1]]
    assert state["numbers"] == numbers
    assert f": {len(rows)}件 · " in state["summary"]  # the plan's count, all of them
    missing = _js(qtbot, page, "document.querySelector('.tp-day-missing').textContent")
    assert missing == "地図上の位置がない訪問先: 1件"
    assert page.errors == [] and interceptor.other == []
    _close(qtbot, view, page)


def test_a_rep_chosen_alone_opens_on_today_or_their_next_day(qtbot, tmp_path, japanese):
    """The morning question: picking a rep shows their day today, else their next one (the
    first day of a calendar still to come)."""
    import datetime as dt

    plan = _calendar()
    t, _w, _d = _busiest(plan)
    dates = sorted(set(plan.schedule.loc[plan.schedule["territory"] == t, "date"].astype(str)))
    today = dt.date.today().isoformat()
    want = next((d for d in dates if d >= today), dates[0])
    out = export_share_map(plan, tmp_path / "rep.html")
    view, page, interceptor = _open(qtbot, out, size=(390, 844))
    _js(qtbot, page, _PICK_REP % json.dumps(plan.territory(t).name))
    assert _state(qtbot, page)["day"] == want
    # the colour box says nothing of numbered stops: it makes room while a day is shown
    chooser = "getComputedStyle(document.querySelector('.tp-chooser')).display"
    assert _js(qtbot, page, chooser) == "none"
    _js(qtbot, page, "document.querySelector('.tp-day-all').click(), 0")
    assert _js(qtbot, page, chooser) != "none"
    assert page.errors == [] and interceptor.other == []
    _close(qtbot, view, page)
