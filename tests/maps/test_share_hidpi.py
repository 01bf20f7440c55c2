"""The shared HTML map on a high-resolution screen (device pixel ratio 2: most laptops,
Windows at 200 %, a Retina Mac), against the same page at 1.

Qt takes its scale factor when the application starts, so each ratio runs the page in its
own process (``share_page_probe.py``), both at once.
"""

from __future__ import annotations

import statistics
from pathlib import Path

from tests.maps.scale_probe import ROOT, probe_at_scales


def _probe(tmp_path: Path) -> dict[int, dict]:
    return probe_at_scales(ROOT / "tests" / "maps" / "share_page_probe.py", tmp_path, timeout=120)


def test_at_twice_the_pixels_customers_are_drawn_in_place_the_same_size_and_found(tmp_path):
    found = _probe(tmp_path)
    # the customer picture's pixels per CSS pixel: 40 customers, the screen's (sharp); 20,000
    # in the picture, 1.25 (BUDGET / r² = 40,000 / 1.25² ≥ 20,000, at steps of 1/4): at 2 they
    # made every zoom step several times slower than at 1
    assert [found[s]["spaced"]["picture"] for s in (1, 2)] == [1, 2]
    assert [found[s]["dense"]["picture"] for s in (1, 2)] == [1, 1.25]
    for scale, pages in found.items():
        assert pages["spaced"]["ratio"] == scale  # the page sees the screen's ratio
        for name, page in pages.items():
            assert page["errors"] == [] and page["requests"] == []  # no JS error, offline
            assert page["declared"] == page["picture"]  # the page knows what it drew at
            assert page["height"] == round(page["cssHeight"] * page["picture"])
            # each customer's pixel, read back where the map puts it, is its colour
            assert [c["pixel"] for c in page["customers"]] == [
                c["fill"] for c in page["customers"]], (scale, name)
        spaced = pages["spaced"]
        # the pointer finds each customer (the page's hit test, and a real mouse move)
        assert [c["hit"] for c in spaced["customers"]] == list(range(40))
        assert spaced["tooltip"].startswith(spaced["customers"][0]["name"])
    # a circle is as wide on screen at 2 as at 1 (in CSS pixels, from grabs of the window)
    widths = [statistics.median(found[s]["spaced"]["circle"]) for s in (1, 2)]
    assert 6 <= widths[0] <= 8 and abs(widths[1] - widths[0]) <= 1, widths
    dense = [found[s]["dense"]["circle"][0] for s in (1, 2)]
    assert abs(dense[1] - dense[0]) <= 1, dense
