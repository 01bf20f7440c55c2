"""The PDF day pages on a rep's phone: each stop's name and address, and the day's route at
the page's foot, are links to Google Maps (the PDF's /Link annotations, read with pypdf)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from pypdf import PdfReader

from planner import model as m
from planner.export.excel_routes import sorted_schedule
from planner.export.handouts import export_handouts
from planner.export.nav_links import MAX_WAYPOINTS, stop_url
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


def _uris(page) -> list[tuple[str, list[float]]]:  # type: ignore[no-untyped-def]
    out = []
    for ref in page.get("/Annots", []) or []:
        a = ref.get_object()
        if a.get("/Subtype") == "/Link" and "/A" in a:
            out.append((str(a["/A"]["/URI"]), [float(v) for v in a["/Rect"]]))
    return out


def _route(urls: list[str]) -> list[tuple[float, float]]:
    route: list[tuple[float, float]] = []
    for url in urls:
        q = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        texts = [q["origin"], *(q["waypoints"].split("|") if "waypoints" in q else []),
                 q["destination"]]
        assert len(texts) - 2 <= MAX_WAYPOINTS
        points = [tuple(map(float, t.split(","))) for t in texts]
        route += points if not route else points[1:]  # type: ignore[arg-type]
    return route


def test_each_day_page_links_its_stops_and_its_route(tmp_path, japanese) -> None:
    plan = build_schedule(synthetic_plan(70, territories=1, seed=3), route_seconds=0.01)
    t = plan.territories[0]
    path = export_handouts(plan, tmp_path / "nav.pdf", weeks=[1])
    pages = PdfReader(path).pages
    assert _uris(pages[0]) == []  # the overview page
    c = plan.customers.set_index(m.CUSTOMER_ID)
    s = sorted_schedule(plan)
    s = s[s["week"] == 1]
    days = [rows for _k, rows in s.groupby(["week", "day"], sort=False)]
    assert len(pages) == 1 + len(days)  # one page a day here
    home = (round(t.home_lat, 6), round(t.home_lon, 6))
    for page, rows in zip(pages[1:], days, strict=True):
        links = _uris(page)
        stops = [stop_url(c.at[k, m.LAT], c.at[k, m.LON]) for k in rows["customer_id"]]
        # each stop's name and its address
        assert sorted(u for u, _r in links if "origin" not in u) == sorted(stops * 2)
        legs = [(u, r) for u, r in links if "origin" in u]
        assert legs and all(r[1] < 40 for _u, r in legs)  # at the foot of the page
        points = [(round(c.at[k, m.LAT], 6), round(c.at[k, m.LON], 6))
                  for k in rows["customer_id"]]
        assert _route([u for u, _r in legs]) == [home, *points, home]


def test_no_links_when_switched_off(tmp_path) -> None:
    plan = build_schedule(synthetic_plan(30, territories=1, seed=3), route_seconds=0.01)
    path = export_handouts(plan, tmp_path / "plain.pdf", weeks=[1], nav_links=False)
    assert all(_uris(p) == [] for p in PdfReader(path).pages)
