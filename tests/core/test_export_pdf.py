"""PDF map handouts: a page per rep and per day, A4, Japanese font embedded, cancellable."""

from __future__ import annotations

import re

import pytest
from matplotlib.text import Text
from test_export_excel import simple_schedule

from planner import model as m
from planner.errors import Cancelled, PlannerError
from planner.export.handout_table import ROWS_ONE_PAGE_MOST, ROWS_UNDER_SMALLEST_MAP
from planner.export.handouts import export_handouts, handout_territories
from planner.export.handouts_map import DAY_STYLE
from planner.i18n import set_language
from planner.synthetic import synthetic_plan


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


def _pages(data: bytes) -> list[bytes]:
    return re.findall(rb"/Type /Page\b(?!s).*?/MediaBox \[([^\]]*)\]", data, flags=re.S)


def _day_count(plan: m.Plan) -> int:
    return int(plan.schedule[["territory", "week", "day"]].drop_duplicates().shape[0])


def test_one_overview_per_rep_and_one_page_per_day_on_a4_with_embedded_font(tmp_path):
    plan = simple_schedule(synthetic_plan(24, territories=2, seed=4), weeks=2)
    seen: list[float] = []
    out = export_handouts(plan, tmp_path / "h.pdf", progress=lambda f, _msg: seen.append(f))
    data = out.read_bytes()
    boxes = _pages(data)
    assert len(boxes) == len(plan.territories) + _day_count(plan)
    width, height = (float(v) for v in boxes[0].split()[2:4])
    assert (round(width), round(height)) == (595, 842)  # A4 portrait in points
    assert b"/FontFile2" in data and b"IPAexGothic" in data  # TrueType, embedded
    assert seen and seen == sorted(seen) and seen[-1] == 1.0


def test_a_long_day_continues_on_another_page(tmp_path):
    plan = synthetic_plan(ROWS_UNDER_SMALLEST_MAP + 6, territories=1, seed=6)
    customers = plan.customers.copy()
    customers[m.FREQUENCY] = 1.0
    plan = plan.replace(customers=customers,
                        settings=m.Settings(working_days=("mon",), cycle_weeks=1))
    plan = simple_schedule(plan, weeks=1)
    assert _day_count(plan) == 1
    data = export_handouts(plan, tmp_path / "long.pdf").read_bytes()
    assert len(_pages(data)) == 1 + 2


def test_weekdays_differ_by_marker_shape_as_well_as_colour():
    markers = [marker for marker, _colour in DAY_STYLE.values()]
    colours = [colour for _marker, colour in DAY_STYLE.values()]
    assert len(set(markers)) == len(markers) and len(set(colours)) == len(colours)


def test_cancel_leaves_no_file(tmp_path):
    plan = simple_schedule(synthetic_plan(12, territories=2, seed=4), weeks=1)
    calls = []

    def stop_after_first(fraction, _msg):
        calls.append(fraction)
        return len(calls) < 3

    with pytest.raises(Cancelled):
        export_handouts(plan, tmp_path / "h.pdf", progress=stop_after_first)
    assert list(tmp_path.iterdir()) == []


def test_needs_a_calendar(tmp_path):
    with pytest.raises(PlannerError):
        export_handouts(synthetic_plan(5, territories=1), tmp_path / "h.pdf")


def _overview(weeks: int, working: tuple[str, ...], stops: int, *, home: bool = True):
    """The overview page of a synthetic rep with ``stops`` visits a day of ``weeks`` weeks on
    ``working`` days: (the figure, its renderer)."""
    import matplotlib
    import numpy as np
    import pandas as pd
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from planner.export.fonts import pdf_rc
    from planner.export.handouts import A4, _overview_page

    plan = synthetic_plan(30, territories=1, seed=2)
    plan = plan.replace(settings=m.Settings(working_days=tuple(working)))
    rows = pd.DataFrame(
        [{"week": w, "day": d, "seq": s, "arrival": "09:00", "departure": "09:21",
          "travel_km": 1.7} for w in range(1, weeks + 1) for d in working
         for s in range(1, stops + 1)]
    )  # fmt: skip
    figures = pd.Series({"customers": 30, "visits": len(rows), "working_days": 20,
                         "days_per_week": 5, "hours": 158.0, "km": 680.0})  # fmt: skip
    c = plan.customers
    t = plan.territories[0]
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        _overview_page(fig, plan, t if home else t.replace(home_lat=None, home_lon=None), rows,
                       figures, c[m.LON].to_numpy(), c[m.LAT].to_numpy(),
                       np.full(len(c), working[0], dtype=object))
        return fig, fig.canvas.get_renderer()


@pytest.mark.parametrize(("lang", "days"), [("en", 5), ("ja", 5), ("en", 6)])
def test_visits_per_day_cells_do_not_run_into_each_other(lang, days):
    """The overview's week × weekday table: every cell stays inside its column on A4."""
    set_language(lang)
    fig, renderer = _overview(4, m.WEEKDAYS[:days], 20, home=False)
    cells: dict[float, list] = {}
    for text in fig.texts:
        x, y = text.get_position()
        if 0.05 < y < 0.36:
            cells.setdefault(round(y, 4), []).append(text.get_window_extent(renderer))
    assert not any("★" in text.get_text() for text in fig.texts)  # no home base, no ★ in the key
    week_rows = [sorted(boxes, key=lambda b: b.x0) for boxes in cells.values() if len(boxes) > 2]
    assert len(week_rows) == 1 + 4  # the weekday header and four weeks
    page_right = fig.bbox.width * 0.97
    for boxes in week_rows:
        gaps_pt = [(b.x0 - a.x1) * 72 / fig.dpi for a, b in zip(boxes[:-1], boxes[1:], strict=True)]
        assert min(gaps_pt) >= 6, gaps_pt  # a clear space between neighbouring cells
        assert boxes[-1].x1 <= page_right


def test_stop_numbers_of_neighbouring_stops_do_not_cover_each_other():
    """Shops next door to each other (a shopping street) keep readable, separate numbers."""
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from planner.export.fonts import pdf_rc
    from planner.export.handouts import A4, MAP_RECT
    from planner.export.handouts_map import draw_route

    lon = np.array([139.700, 139.7001, 139.7002, 139.7002, 139.760, 139.800])
    lat = np.array([35.600, 35.6001, 35.6000, 35.6001, 35.650, 35.700])
    t = m.Territory(id="T01", name="東京", rep="山田")
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        ax = fig.add_axes(MAP_RECT)
        ax.set_xlim(139.69, 139.81)
        ax.set_ylim(35.59, 35.71)
        draw_route(ax, t, lon, lat)
        fig.canvas.draw()  # the numbers' white boxes (a leader line may cross others)
        renderer = fig.canvas.get_renderer()
        boxes = [text.get_bbox_patch().get_window_extent(renderer) for text in ax.texts]
    assert len(boxes) == len(lon)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)


def test_territories_limits_the_handouts_to_those_reps(tmp_path):
    plan = simple_schedule(synthetic_plan(24, territories=3, seed=4), weeks=1)
    reps = handout_territories(plan)
    assert [t.id for t in reps] == [t.id for t in plan.territories]
    one = reps[1].id
    days = int(plan.schedule.loc[plan.schedule["territory"] == one, ["week", "day"]]
               .drop_duplicates().shape[0])
    data = export_handouts(plan, tmp_path / "one.pdf", territories=[one]).read_bytes()
    assert len(_pages(data)) == 1 + days
    everyone = export_handouts(plan, tmp_path / "all.pdf", territories=[t.id for t in reps])
    assert len(_pages(everyone.read_bytes())) == len(reps) + _day_count(plan)
    with pytest.raises(PlannerError, match="nowhere"):
        export_handouts(plan, tmp_path / "bad.pdf", territories=["nowhere"])
    assert not (tmp_path / "bad.pdf").exists()


def test_a_day_with_visiting_hours_lists_them_beside_the_arrival(tmp_path, monkeypatch):
    import planner.export.handouts as handouts

    plan = simple_schedule(synthetic_plan(24, territories=1, seed=4), weeks=1)
    c = plan.customers.copy()
    first = plan.schedule.iloc[0]
    c.loc[c[m.CUSTOMER_ID] == first["customer_id"], m.VISIT_TIME] = "-12:00"
    plan = plan.replace(customers=c)
    drawn: list[tuple[list, list]] = []
    real = handouts.stop_table

    def spy(fig, rows, *, top, columns=handouts.COLUMNS, **more):
        drawn.append(([h for h, _x, _w in columns], list(rows)))
        real(fig, rows, top=top, columns=columns, **more)

    monkeypatch.setattr(handouts, "stop_table", spy)
    export_handouts(plan, tmp_path / "h.pdf")
    with_hours = [(heads, rows) for heads, rows in drawn if "Hours" in heads]
    assert len(with_hours) == 1  # only the day of that customer gets the column
    heads, rows = with_hours[0]
    at = heads.index("Hours")
    assert heads[at - 1] == "Arrival"
    assert [r[at] for r in rows].count("〜12:00") == 1
    assert all(len(r) == len(heads) for r in rows)
    assert all("Hours" not in h for h, _rows in drawn if h is not heads)


def test_a_long_address_prints_whole_in_smaller_type_before_it_is_cut():
    from planner.export.common import display_width
    from planner.export.handout_table import CELL_SIZE, CELL_SIZE_MIN, fitted_cell

    short = "東京都千代田区丸の内1-1"
    assert fitted_cell(short, 38) == (CELL_SIZE, short)
    usual = "神奈川県相模原市中央区相模原3丁目12-5"  # 38 cells: too wide for 30 at 8.5 pt
    size, text = fitted_cell(usual, 30)
    assert text == usual and CELL_SIZE_MIN <= size < CELL_SIZE
    assert display_width(usual) * size <= 30 * CELL_SIZE  # as wide as the column
    for width in (30, 38):  # one cell wider than the column: whole, a little smaller
        one_more = "東京都" + "あ" * ((width - 8) // 2) + "1-2" + "3" * ((width - 8) % 2)
        assert display_width(one_more) == width + 1
        assert fitted_cell(one_more, width)[1] == one_more
    long = usual + " サンハイツ相模原壱番館201号室 管理人室横"
    size, text = fitted_cell(long, 30)
    assert size == CELL_SIZE_MIN and text.endswith("…") and text.startswith(usual)


def test_the_lunch_break_is_a_row_before_the_stop_it_comes_before(tmp_path, monkeypatch):
    import planner.export.handouts as handouts

    plan = simple_schedule(synthetic_plan(24, territories=1, seed=4), weeks=1)
    s = plan.schedule.copy()
    s["lunch"] = ""
    day = s[(s["week"] == 1) & (s["day"] == s["day"].iloc[0])]
    at = day.index[2]  # before the day's third stop
    s.loc[at, "lunch"] = "12:10"
    plan = plan.replace(schedule=s)
    drawn: list[list] = []
    real = handouts.stop_table

    def spy(fig, rows, *, top, columns=handouts.COLUMNS, **more):
        drawn.append(list(rows))
        real(fig, rows, top=top, columns=columns, **more)

    monkeypatch.setattr(handouts, "stop_table", spy)
    export_handouts(plan, tmp_path / "h.pdf")
    lunch_rows = [(t, i) for t in drawn for i, r in enumerate(t) if "13:10" in r[2]]
    assert len(lunch_rows) == 1  # 昼休憩（13:10 まで）, one hour from 12:10
    table, i = lunch_rows[0]
    assert table[i][:2] == ("", "12:10") and table[i + 1][0] == "3"
    assert sum(1 for t in drawn for r in t if r[0]) == len(s)  # every stop still listed


def test_customers_new_in_the_last_update_are_starred(tmp_path, monkeypatch):
    import planner.export.handouts as handouts
    from planner.update import LAST_UPDATE_KEY

    plan = simple_schedule(synthetic_plan(24, territories=1, seed=4), weeks=1)
    fresh = str(plan.schedule["customer_id"].iloc[0])
    plan = plan.replace(meta={**plan.meta, LAST_UPDATE_KEY: {"added": [fresh]}})
    names = dict(zip(plan.customers[m.CUSTOMER_ID], plan.customers[m.NAME], strict=True))
    drawn: list[list] = []
    titles: list[str] = []
    real_table, real_title = handouts.stop_table, handouts._title

    def spy(fig, rows, *, top, columns=handouts.COLUMNS, **more):
        drawn.append(list(rows))
        real_table(fig, rows, top=top, columns=columns, **more)

    def spy_title(fig, title, subtitle):
        titles.append(subtitle)
        real_title(fig, title, subtitle)

    monkeypatch.setattr(handouts, "stop_table", spy)
    monkeypatch.setattr(handouts, "_title", spy_title)
    export_handouts(plan, tmp_path / "h.pdf")
    starred = [r[2] for t in drawn for r in t if r[2].startswith("★")]
    assert starred and set(starred) == {"★" + names[fresh]}
    assert sum("★" in s for s in titles) >= 1 and not all("★" in s for s in titles)


def test_weeks_limit_the_day_pages_to_those_weeks(tmp_path):
    plan = simple_schedule(synthetic_plan(24, territories=3, seed=4), weeks=2)
    s = plan.schedule
    week2 = s[s["week"] == 2]
    reps = week2["territory"].nunique()
    data = export_handouts(plan, tmp_path / "w2.pdf", weeks=[2]).read_bytes()
    # an overview per rep with visits that week, and a page per day of week 2
    assert len(_pages(data)) == reps + int(week2[["territory", "day"]].drop_duplicates().shape[0])
    both = export_handouts(plan, tmp_path / "w12.pdf", weeks=[1, 2]).read_bytes()
    assert len(_pages(both)) == len(_pages(export_handouts(plan, tmp_path / "all.pdf").read_bytes()))
    with pytest.raises(PlannerError, match="第3週"):
        export_handouts(plan, tmp_path / "bad.pdf", weeks=[3])
    assert not (tmp_path / "bad.pdf").exists()


def test_export_command_prints_one_weeks_handouts(tmp_path, capsys):
    from planner.cli import main
    from planner.store import save_plan

    plan = simple_schedule(synthetic_plan(24, territories=2, seed=4), weeks=2)
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    out = tmp_path / "week.pdf"
    assert main(["export", str(path), "--pdf", str(out), "--weeks", "2"]) == 0
    s = plan.schedule
    days = int(s.loc[s["week"] == 2, ["territory", "day"]].drop_duplicates().shape[0])
    assert len(_pages(out.read_bytes())) == s.loc[s["week"] == 2, "territory"].nunique() + days
    assert main(["export", str(path), "--pdf", str(tmp_path / "x.pdf"), "--weeks", "5"]) == 1
    assert main(["export", str(path), "--pdf", str(tmp_path / "x.pdf"), "--weeks", "zwei"]) == 2
    # the workbook's route sheets take the weeks too; the map has none to take
    assert main(["export", str(path), "--html", str(tmp_path / "x.html"), "--weeks", "1"]) == 2
    assert not list(tmp_path.glob("x.*"))
    assert "第5週" in capsys.readouterr().err
    assert main(["export", str(path), "--pdf", str(tmp_path / "x.pdf"), "--weeks", "2-1"]) == 2
    err = capsys.readouterr().err
    assert "2-1" in err and "1-2" in err and "第0週" not in err  # a reversed range, not week 0


def test_the_overview_names_the_areas_under_the_map_within_the_page():
    """担当エリア under the map: clipped to the page, clear of the map and the table."""
    import matplotlib
    import numpy as np
    import pandas as pd
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from planner.areas import AreaShare, areas_text
    from planner.export.fonts import pdf_rc
    from planner.export.handouts import A4, MAP_RECT, _overview_page

    plan = synthetic_plan(30, territories=1, seed=2)
    rows = pd.DataFrame([{"week": 1, "day": "mon", "seq": 1, "arrival": "09:00",
                          "departure": "09:20", "travel_km": 1.0}])
    figures = pd.Series({"customers": 30, "visits": 4, "working_days": 20,
                         "days_per_week": 5, "hours": 38.0, "km": 68.0})
    many = areas_text([AreaShare(f"長い名前の市区町村{i}区", 10, 12) for i in range(12)], most=12)
    c = plan.customers
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        _overview_page(fig, plan, plan.territories[0], rows, figures, c[m.LON].to_numpy(),
                       c[m.LAT].to_numpy(), np.full(len(c), "mon", dtype=object), many)
        renderer = fig.canvas.get_renderer()
        line = next(t for t in fig.texts if t.get_text().startswith("担当エリア: 長い名前"))
        box = line.get_window_extent(renderer)
    assert line.get_text().endswith("…")  # too long for one line: cut, not run off the page
    assert box.x1 <= fig.bbox.width * 0.97
    assert box.y1 <= MAP_RECT[1] * fig.bbox.height + 1  # under the map
    assert box.y0 >= 0.385 * fig.bbox.height  # above the visits-per-day table


def test_a_character_the_japanese_font_lacks_is_drawn_from_another_font(tmp_path, recwarn):
    """IPAexGothic has no ‽ (nor 𠮷); the handout takes it from the next font that has it
    (DejaVu Sans, which matplotlib ships, where the computer has no fuller Japanese font)."""
    from fontTools.ttLib import TTFont

    from planner.export.fonts import fallback_families
    from planner.fonts import japanese_font_path

    assert 0x203D not in TTFont(str(japanese_font_path()), lazy=True).getBestCmap()
    plan = simple_schedule(synthetic_plan(24, territories=1, seed=4), weeks=1)
    first = plan.schedule["customer_id"].iloc[0]
    customers = plan.customers.copy()
    customers.loc[customers[m.CUSTOMER_ID] == first, m.NAME] = "びっくり‽商店"
    data = export_handouts(plan.replace(customers=customers), tmp_path / "h.pdf").read_bytes()
    assert not [w for w in recwarn if "missing from font" in str(w.message)]
    embedded = {n.decode() for n in re.findall(rb"/BaseFont /[A-Z]{6}\+([\w-]+)", data)}
    others = {n.replace("-", " ") for n in embedded} - {"IPAexGothic"}
    assert "IPAexGothic" in embedded and others  # the fallback font embedded beside it
    assert {n.replace(" ", "") for n in others} <= {
        n.replace(" ", "") for n in fallback_families()
    }


@pytest.mark.filterwarnings("error:Glyph:UserWarning")  # matplotlib's "Glyph … missing from font(s)"
def test_an_emoji_in_a_name_prints_no_empty_box(tmp_path, monkeypatch):
    """No bundled font has 🍜 or 🌸: they printed as empty boxes. A pictograph no font has is
    left out (with the joiners an emoji family is built of), one DejaVu Sans has stays (☕,
    ☎), a letter no font has prints 〓; each page's texts go through it before saving."""
    from planner.export import fonts, handouts

    plan = simple_schedule(synthetic_plan(24, territories=1, seed=4), weeks=1)
    first = plan.schedule.iloc[:4]["customer_id"].tolist()
    names = ["カフェ☕ 本店", "🍜ラーメン太郎", "花屋 🌸 さくら 👨‍👩‍👧 店", "★スター☎商会❤️"]
    customers = plan.customers.copy()
    for cid, name in zip(first, names, strict=True):
        customers.loc[customers[m.CUSTOMER_ID] == cid, m.NAME] = name
    saved: list[str] = []

    def spy(fig):
        fonts.make_printable(fig)
        saved.extend(t.get_text() for t in fig.findobj(Text))

    monkeypatch.setattr(handouts, "make_printable", spy)
    export_handouts(plan.replace(customers=customers), tmp_path / "h.pdf")
    assert {"カフェ☕ 本店", "ラーメン太郎", "花屋 さくら 店", "★スター☎商会❤"} <= set(saved)
    assert fonts.printable("🍜") == "〓"  # a name of nothing but emoji still shows a mark
    monkeypatch.setattr(fonts, "_drawable", lambda: frozenset(map(ord, "野家")))
    assert fonts.printable.__wrapped__("𠮷野家") == "〓野家"  # a kanji no font has


def test_the_overview_names_the_closed_days_without_visits():
    """Week 4's empty Tue–Fri of 年末年始 read 休業日 / 元日, not a bare dash."""
    import dataclasses

    from planner.export.handouts import _closed_labels

    plan = synthetic_plan(20, territories=1, seed=4)
    settings = dataclasses.replace(
        plan.settings, start_date="2026-12-07", company_days_off=("2026-12-29", "2026-12-30"))
    labels = _closed_labels(plan.replace(settings=settings), plan.territories[0], 4)
    assert labels[(4, "fri")] == "元日"  # 2027-01-01
    assert labels[(4, "tue")] == labels[(4, "wed")] != "—"
    assert (4, "mon") not in labels and (1, "tue") not in labels


def test_a_week_closed_throughout_keeps_its_row_on_the_overview():
    """Week 4 of a calendar closed all week (no visits at all) still has its row, which
    says why (休業日), instead of the table stopping at week 3."""
    import dataclasses

    import matplotlib
    import numpy as np
    import pandas as pd
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from planner.export.fonts import pdf_rc
    from planner.export.handouts import A4, _overview_page

    plan = synthetic_plan(30, territories=1, seed=2)
    off = tuple(f"2026-12-{d}" for d in range(28, 32))
    settings = dataclasses.replace(plan.settings, start_date="2026-12-07",
                                   company_days_off=off + ("2027-01-01",))
    rows = pd.DataFrame([{"week": w, "day": "mon", "seq": 1, "arrival": "09:00",
                          "departure": "09:20", "travel_km": 1.0, "travel_minutes": 5.0}
                         for w in (1, 2, 3)])
    calendar = rows.assign(customer_id=plan.customers[m.CUSTOMER_ID].iloc[0], territory="T01")
    plan = plan.replace(settings=settings, schedule=calendar,
                        meta={**plan.meta, "schedule_weeks": 4})
    plan = plan.replace(settings=dataclasses.replace(settings, cycle_weeks=4))
    figures = pd.Series({"customers": 30, "visits": 4, "working_days": 20,
                         "days_per_week": 5, "hours": 38.0, "km": 68.0})
    c = plan.customers
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        _overview_page(fig, plan, plan.territories[0], rows, figures, c[m.LON].to_numpy(),
                       c[m.LAT].to_numpy(), np.full(len(c), "mon", dtype=object))
    texts = [t.get_text() for t in fig.texts]
    assert "第4週" in texts and texts.count("休業日") >= 4


def test_a_long_calendars_overview_rows_stay_below_the_tables_rule():
    """24 weeks squeeze the rows of the overview's day table: the first week's row still
    starts below the header's rule (it was cut through), and no row overlaps the next."""
    from matplotlib.lines import Line2D

    set_language("ja")
    fig, renderer = _overview(24, m.WEEKDAYS[:5], 3)
    (rule,) = [a for a in [*fig.lines, *fig.artists] if isinstance(a, Line2D)]
    rule_y = rule.get_ydata()[0] * fig.bbox.height
    weeks = sorted((t for t in fig.texts if t.get_text().startswith("第")
                    and t.get_text().endswith("週")), key=lambda t: -t.get_position()[1])
    boxes = [t.get_window_extent(renderer) for t in weeks]
    gap_pt = (rule_y - boxes[0].y1) * 72 / fig.dpi
    assert len(boxes) == 24 and gap_pt >= 2, gap_pt  # clear of the rule (0.4 pt before)
    assert all(a.y0 >= b.y1 - 0.5 for a, b in zip(boxes[:-1], boxes[1:], strict=True))


def test_export_command_prints_one_reps_handouts(tmp_path, capsys):
    """60 reps' hand-outs run to thousands of pages: ``--reps`` prints the chosen ones."""
    from planner.cli import main
    from planner.store import save_plan

    plan = simple_schedule(synthetic_plan(60, territories=3, seed=3))
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["export", str(path), "--pdf", str(tmp_path / "all.pdf")]) == 0
    t = plan.territories[1]
    assert main(["export", str(path), "--pdf", str(tmp_path / "one.pdf"), "--reps", t.rep]) == 0
    every = _pages((tmp_path / "all.pdf").read_bytes())
    one = _pages((tmp_path / "one.pdf").read_bytes())
    days = plan.schedule[plan.schedule.territory == t.id][["week", "day"]].drop_duplicates()
    assert len(one) == 1 + len(days) and len(every) == len(plan.territories) + _day_count(plan)
    assert main(["export", str(path), "--pdf", str(tmp_path / "x.pdf"), "--reps", "T99"]) == 1
    assert main(["export", str(path), "--html", str(tmp_path / "x.html"), "--reps", "T01"]) == 2
    # the family name alone, as the README's example has it (山田 for 山田 太郎), when it is
    # one rep's; a name several reps share asks for the whole name
    family = t.rep.split()[0]
    assert main(["export", str(path), "--pdf", str(tmp_path / "fam.pdf"), "--reps", family]) == 0
    assert len(_pages((tmp_path / "fam.pdf").read_bytes())) == len(one)
    twins = plan.replace(territories=tuple(
        x.replace(rep=f"{family} {k}") for k, x in enumerate(plan.territories)))
    save_plan(twins, path)
    capsys.readouterr()
    assert main(["export", str(path), "--pdf", str(tmp_path / "x.pdf"), "--reps", family]) == 1
    assert "担当者が複数います" in capsys.readouterr().err  # the file is in Japanese here
    from planner._cli.export_cmd import _reps

    assert len(family) > 1
    with pytest.raises(PlannerError, match="ありません"):  # whole names only: 佐 is no one
        _reps(plan, family[:1])
    one_rep = plan.replace(territories=tuple(  # one rep with two territories: both of them
        x.replace(rep=t.rep) if k < 2 else x for k, x in enumerate(plan.territories)))
    assert _reps(one_rep, t.rep) == tuple(x.id for x in one_rep.territories[:2])
    assert _reps(one_rep, family) == tuple(x.id for x in one_rep.territories[:2])


def test_the_handouts_have_a_bookmark_per_rep_week_and_day_on_its_first_page(tmp_path):
    from pypdf import PdfReader

    from planner.export.common import day_label
    from planner.export.handout_table import ROWS_FULL_PAGE

    plan = synthetic_plan(100, territories=2, seed=5)
    customers = plan.customers.copy()
    customers.loc[customers.index[::2], m.FREQUENCY] = 4.0  # long days of two pages too
    plan = simple_schedule(plan.replace(customers=customers, settings=m.Settings(
        working_days=("mon", "tue"), cycle_weeks=2)), weeks=2)
    out = export_handouts(plan, tmp_path / "h.pdf")
    reader = PdfReader(out)
    assert len(reader.pages) == len(_pages(out.read_bytes())) > 2 * 3
    assert reader.page_mode == "/UseOutlines"
    reps, rep_children = reader.outline[0::2], reader.outline[1::2]
    territories = handout_territories(plan)
    assert [r.title for r in reps] == [f"{t.rep}（{t.name}）" for t in territories]
    by_label = {day_label(d, long=True): d for d in m.WEEKDAYS}
    page = 0  # where each bookmark must point, counted from the calendar
    for t, rep, weeks in zip(territories, reps, rep_children, strict=True):
        assert reader.get_destination_page_number(rep) == page  # the overview
        page += 1
        rows = plan.schedule[plan.schedule["territory"] == t.id]
        assert [w.title for w in weeks[0::2]] == [f"第{w}週" for w in sorted(set(rows["week"]))]
        for week, days in zip(weeks[0::2], weeks[1::2], strict=True):
            assert reader.get_destination_page_number(week) == page
            week_rows = rows[rows["week"] == int(week.title.strip("第週"))]
            assert len(days) == week_rows["day"].nunique()
            for day in days:
                assert reader.get_destination_page_number(day) == page
                stops = int((week_rows["day"] == by_label[day.title.split()[0]]).sum())
                # a day too long for the smallest map goes on over whole pages
                page += 1 if stops <= ROWS_ONE_PAGE_MOST else (
                    1 + -(-(stops - ROWS_UNDER_SMALLEST_MAP) // ROWS_FULL_PAGE))
    assert page == len(reader.pages)
    assert any(len(rows) > ROWS_UNDER_SMALLEST_MAP for _k, rows in plan.schedule.groupby(
        ["territory", "week", "day"]))  # a day of two pages was counted


def test_a_calendar_without_a_visit_says_so_rather_than_asking_for_one(tmp_path, english) -> None:
    """Every visit fell on company days off: "Build the visit calendar first" for a calendar
    just built (the hand-outs and the phone calendars alike)."""
    import dataclasses

    from planner.errors import PlannerError
    from planner.export.handouts import export_handouts
    from planner.export.ical import export_calendars
    from planner.schedule import build_schedule
    from planner.synthetic import synthetic_plan

    plan = synthetic_plan(20, territories=1)
    c = plan.customers.copy()
    c[m.FREQUENCY] = 4.0  # weekly: a one-week calendar
    plan = plan.replace(customers=c, settings=dataclasses.replace(
        plan.settings, start_date="2027-01-04", cycle_weeks=1,
        company_days_off=("2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07",
                          "2027-01-08")))
    built = build_schedule(plan, weeks=1, route_seconds=0.01)
    assert built.schedule is not None and built.schedule.empty
    for export in (lambda: export_handouts(built, tmp_path / "h.pdf"),
                   lambda: export_calendars(built, tmp_path / "ics")):
        with pytest.raises(PlannerError, match="The calendar holds no visit"):
            export()
    assert not list(tmp_path.iterdir())


def test_every_page_of_an_out_of_date_calendar_says_so(tmp_path):
    """Frequencies changed after the calendar was built: the hand-outs gave the old visits
    with nothing on the paper to tell them from an up-to-date calendar."""
    from pypdf import PdfReader

    plan = simple_schedule(synthetic_plan(24, territories=2, seed=4), weeks=2)
    warning = "訪問カレンダーは最新ではありません"
    current = PdfReader(export_handouts(plan, tmp_path / "now.pdf"))
    assert not any(warning in p.extract_text() for p in current.pages)
    stale = plan.replace(meta={**plan.meta, "schedule_stale": True})
    pages = PdfReader(export_handouts(stale, tmp_path / "stale.pdf")).pages
    assert len(pages) == len(current.pages) and all(warning in p.extract_text() for p in pages)
