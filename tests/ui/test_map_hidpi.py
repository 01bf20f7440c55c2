"""The window's map on a high-resolution screen (device pixel ratio 2: most laptops, Windows
at 200 %, a Retina Mac), against the same map at 1.

Qt takes its scale factor when the application starts, so each ratio runs the map in its
own process (``map_view_probe.py``), both at once.
"""

from __future__ import annotations

from pathlib import Path

from tests.maps.scale_probe import ROOT, probe_at_scales


def _probe(tmp_path: Path) -> dict[int, dict]:
    return probe_at_scales(ROOT / "tests" / "ui" / "map_view_probe.py", tmp_path, timeout=180)


def test_at_twice_the_pixels_the_map_draws_customers_in_place_and_finds_and_selects_them(
        tmp_path):
    found = _probe(tmp_path)
    # the customer picture's pixels per CSS pixel: 40 customers, the screen's (sharp); 20,000
    # in view, 1.25 (BUDGET / r² = 40,000 / 1.25² ≥ 20,000, at steps of 1/4): at 2 a pan of
    # 100,000 customers took half as long again as at 1
    assert [found[s]["spaced"]["picture"] for s in (1, 2)] == [1, 2]
    assert [found[s]["dense"]["picture"] for s in (1, 2)] == [1, 1.25]
    for scale, pages in found.items():
        assert pages["spaced"]["ratio"] == scale  # the page sees the screen's ratio
        for page in pages.values():
            assert page["errors"] == [] and page["requests"] == []  # no JS error, offline
            assert page["declared"] == page["picture"]
            assert page["height"] == round(page["cssHeight"] * page["picture"])
        spaced = pages["spaced"]
        # each customer's pixel, read back where the map puts it, is its colour; the pointer
        # finds it (the page's hit test, and a real mouse move over the first one)
        assert [c["pixel"] for c in spaced["customers"]] == [
            c["fill"] for c in spaced["customers"]], scale
        assert [c["hit"] for c in spaced["customers"]] == list(range(40))
        assert spaced["tooltip"].startswith(spaced["customers"][0]["name"])
        # a real drag of the rectangle tool around the grid's bottom row selects that row
        assert spaced["box"] == spaced["row"] and len(spaced["row"]) == 8
