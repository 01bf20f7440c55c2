"""The route sheet on a rep's phone: each stop's address opens Google Maps' directions to it,
and under each day's title a row linking to each leg of the day's route, read back with openpyxl."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.export.excel import export_workbook
from planner.export.nav_links import MAX_WAYPOINTS, stop_url
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def plan() -> m.Plan:
    # few territories: long days, so some routes take two legs
    return build_schedule(synthetic_plan(120, territories=2, seed=7), route_seconds=0.01)


def _days(ws) -> list[dict]:  # type: ignore[no-untyped-def]
    """Each day of the sheet: its legs' links and its stops (number, code, address link)."""
    days: list[dict] = []
    for row in ws.iter_rows(min_row=3):
        a, d = row[0].value, row[3].value
        if isinstance(a, str) and "続き" not in a:  # a day's title
            days.append({"title": a, "legs": [], "stops": []})
        elif isinstance(d, str) and d.startswith("Googleマップで道順"):  # a cell a leg
            days[-1]["legs"] = [(cell.value, cell.hyperlink) for cell in row if cell.hyperlink]
        elif isinstance(a, int):
            link = row[4].hyperlink
            days[-1]["stops"].append((a, str(row[2].value), link.target if link else None))
    return [d for d in days if d["stops"]]


def _points(url: str) -> list[tuple[float, float]]:
    q = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    texts = [q["origin"], *(q["waypoints"].split("|") if "waypoints" in q else []),
             q["destination"]]
    assert len(texts) - 2 <= MAX_WAYPOINTS
    return [tuple(map(float, t.split(","))) for t in texts]  # type: ignore[misc]


def test_every_stop_and_every_day_links_to_google_maps(plan, tmp_path, japanese) -> None:
    path = export_workbook(plan, tmp_path / "nav.xlsx")
    wb = load_workbook(path)
    c = plan.customers.set_index(m.CUSTOMER_ID)
    two_legs = 0
    for t in plan.territories:
        days = _days(wb[t.rep or t.name])
        assert days
        home = (round(t.home_lat, 6), round(t.home_lon, 6))
        for day in days:
            # each stop's address: directions to that customer's position
            for _seq, code, target in day["stops"]:
                assert target == stop_url(c.at[code, m.LAT], c.at[code, m.LON])
            # the legs: from home through the stops in order and back, each leg from the last
            route: list[tuple[float, float]] = []
            for k, (text, link) in enumerate(day["legs"], start=1):
                if len(day["legs"]) > 1:
                    assert text == f"Googleマップで道順（{k}/{len(day['legs'])}）"
                points = _points(link.target)
                route += points if not route else points[1:]
            stops = [(round(c.at[code, m.LAT], 6), round(c.at[code, m.LON], 6))
                     for _s, code, _u in day["stops"]]
            assert route == [home, *stops, home], day["title"]
            two_legs += len(day["legs"]) > 1
    assert two_legs  # the split was tried


def test_the_links_are_left_out_when_switched_off(plan, tmp_path, japanese) -> None:
    path = export_workbook(plan, tmp_path / "plain.xlsx", nav_links=False)
    wb = load_workbook(path)
    for t in plan.territories:
        ws = wb[t.rep or t.name]
        assert not any(cell.hyperlink for row in ws.iter_rows() for cell in row)
        assert not any(isinstance(v, str) and "Googleマップ" in v
                       for row in ws.iter_rows(values_only=True) for v in row)


def test_the_export_command_leaves_the_links_out_with_no_nav_links(plan, tmp_path) -> None:
    from pypdf import PdfReader

    from planner.cli import main
    from planner.store import save_plan

    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    for flag, name in (([], "on"), (["--no-nav-links"], "off")):
        out = [tmp_path / f"{name}.{ext}" for ext in ("xlsx", "pdf", "html")]
        assert main(["export", str(path), "--xlsx", str(out[0]), "--pdf", str(out[1]),
                     "--html", str(out[2]), "--weeks", "1", *flag]) == 0
        wb = load_workbook(out[0])
        links = sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row
                    if c.hyperlink)
        annots = sum(len(p["/Annots"].get_object()) for p in PdfReader(out[1]).pages
                     if "/Annots" in p)
        html = "google.com/maps" in out[2].read_text(encoding="utf-8")
        assert (links > 0, annots > 0, html) == ((True,) * 3 if name == "on" else (False,) * 3)
