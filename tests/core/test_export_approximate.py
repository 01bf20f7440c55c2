"""A customer placed approximately (``nearby:chome``: at its 丁目's customers, the address not
found) is marked on what the rep prints: the route sheet's notes and the hand-out's day table
say the map position is only approximate, so the rep goes by the address."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.export.excel import export_workbook
from planner.i18n import set_language, tr
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan


@pytest.fixture(scope="module")
def built() -> tuple[m.Plan, str]:
    """A small plan with a calendar, one of its visited customers placed approximately."""
    plan = build_schedule(synthetic_plan(30, territories=1, seed=5), weeks=2)
    rough = str(plan.schedule["customer_id"].iloc[0])
    c = plan.customers.copy()
    c[m.GEOCODE] = "sheet"
    c.loc[c[m.CUSTOMER_ID] == rough, m.GEOCODE] = "nearby:chome"
    return plan.replace(customers=c), rough


@pytest.fixture(params=["ja", "en"])
def lang(request):
    set_language(request.param)
    yield request.param
    set_language(None)


MARK = {"ja": "位置はおおよそです（住所で確認してください）",
        "en": "Approximate position: go by the address"}
LEGEND = {"ja": "△ 位置はおおよそ（住所で確認）", "en": "△ approximate position: go by the address"}


def test_the_route_sheet_notes_an_approximate_position_at_that_customer_only(
        built, lang, tmp_path):
    plan, rough = built
    ws = load_workbook(export_workbook(plan, tmp_path / "r.xlsx"))[plan.territories[0].rep]
    stops = [(row[2].value, row[7].value or "") for row in ws.iter_rows(min_row=3)
             if isinstance(row[0].value, int)]
    marked = {code for code, note in stops if MARK[lang] in note}
    assert marked == {rough}
    assert sum(code == rough for code, _n in stops) >= 1


def test_the_handout_marks_an_approximate_position_at_that_customer_only(
        built, lang, tmp_path, monkeypatch):
    import planner.export.handouts as handouts

    plan, rough = built
    names = dict(zip(plan.customers[m.CUSTOMER_ID], plan.customers[m.NAME], strict=True))
    drawn: list[tuple[str, ...]] = []
    subtitles: list[str] = []
    real_table, real_title = handouts.stop_table, handouts._title

    def spy(fig, rows, *, top, columns=handouts.COLUMNS, **more):
        drawn.extend(rows)
        real_table(fig, rows, top=top, columns=columns, **more)

    def spy_title(fig, title, subtitle):
        subtitles.append(subtitle)
        real_title(fig, title, subtitle)

    monkeypatch.setattr(handouts, "stop_table", spy)
    monkeypatch.setattr(handouts, "_title", spy_title)
    handouts.export_handouts(plan, tmp_path / "h.pdf")
    marked = {row[-3] for row in drawn if "△" in row[-3]}
    assert marked == {"△" + names[rough]}
    with_legend = [s for s in subtitles if LEGEND[lang] in s]
    assert 0 < len(with_legend) < len(subtitles)  # the key on the days it is visited, only


def test_the_customer_sheet_says_which_position_to_check_on_the_map(built, lang, tmp_path):
    """The office's customer list: the 問題 cell of that customer alone asks to check it."""
    plan, rough = built
    ws = load_workbook(export_workbook(plan, tmp_path / "c.xlsx"))[tr("Customer list")]
    headers = [cell.value for cell in ws[1]]
    code, problems = headers.index(tr("Customer code")), headers.index(tr("Problems"))
    check = {"ja": "おおよその位置です。地図で確認してください。",
             "en": "Approximate position: check it on the map"}[lang]
    marked = {row[code] for row in ws.iter_rows(min_row=2, values_only=True)
              if check in (row[problems] or "")}
    assert marked == {rough}


RING_KEY = {"ja": "位置はおおよそ（住所で確認）", "en": "approximate position: go by the address"}


def test_the_handout_maps_ring_an_approximate_position_and_their_key_says_so(
        built, lang, tmp_path, monkeypatch):
    """The overview's and each day's map draw a dashed ring round the approximate customer
    (as the window's map does) and nowhere else, and the map's key explains the ring."""
    import numpy as np

    import planner.export.handouts as handouts

    plan, rough = built
    at = plan.customers.loc[plan.customers[m.CUSTOMER_ID] == rough, [m.LON, m.LAT]]
    where = at.to_numpy(dtype=float)[0]
    pages: list[tuple[list[np.ndarray], list[str]]] = []
    real = handouts.make_printable

    def spy(fig):
        ax = fig.axes[0]
        rings = [c for c in ax.collections if c.get_label() == RING_KEY[lang]]
        for ring in rings:
            assert ring.get_linestyle()[0][1] is not None  # dashed
        legend = ax.get_legend()
        keys = [t.get_text() for t in legend.get_texts()] if legend is not None else []
        pages.append(([ring.get_offsets() for ring in rings], keys))
        real(fig)

    monkeypatch.setattr(handouts, "make_printable", spy)
    handouts.export_handouts(plan, tmp_path / "h.pdf")
    ringed = [(offsets, keys) for offsets, keys in pages if offsets]
    visits = int((plan.schedule["customer_id"] == rough).sum())
    assert len(ringed) == 1 + visits  # the overview and the days it is visited
    for offsets, keys in ringed:
        assert len(offsets) == 1 and np.allclose(offsets[0], [where])
        assert RING_KEY[lang] in keys
    assert all(RING_KEY[lang] not in keys for offsets, keys in pages if not offsets)


@pytest.fixture(scope="module")
def dated(built) -> tuple[m.Plan, str]:
    """The plan's calendar with dates (the phone's calendar needs them)."""
    import dataclasses

    plan, rough = built
    plan = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2026-12-07"))
    return build_schedule(plan, weeks=2), rough


def test_the_phone_calendar_says_an_approximate_position_and_gives_no_position(
        dated, lang, tmp_path):
    """The .ics event of the approximate customer says so in its notes, in the route
    sheet's words, and carries no GEO (the phone's map would route to the 丁目's middle);
    the other customers' events keep their position and say nothing of it."""
    import icalendar

    from planner.export.ical import export_calendars

    plan, rough = dated
    (path,) = export_calendars(plan, tmp_path)
    events = list(icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    code = tr("Customer code: {code}", code=rough)
    mine = [e for e in events if str(e["DESCRIPTION"]).split("\n")[0] == code]
    others = [e for e in events if str(e["DESCRIPTION"]).split("\n")[0] != code]
    assert mine and others
    assert all(MARK[lang] in str(e["DESCRIPTION"]) and "GEO" not in e for e in mine)
    assert all(MARK[lang] not in str(e["DESCRIPTION"]) and "GEO" in e for e in others)
    assert all(str(e["LOCATION"]) for e in mine)  # the address, to go by
