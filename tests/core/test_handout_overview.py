"""The PDF hand-out's overview page: its 担当エリア line and its week-by-day table."""

from __future__ import annotations

import dataclasses

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from planner import model as m
from planner.areas import AreaShare
from planner.export.common import display_width
from planner.export.handout_table import AREAS_SIZE_MIN, areas_fitting, fitted_cell
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


SHARES = [AreaShare(name, n, n + 40) for name, n in [
    ("さいたま市浦和区", 44), ("八王子市", 2), ("川崎市中原区", 30), ("横浜市港北区", 28),
    ("相模原市中央区", 25), ("町田市", 20), ("さいたま市大宮区", 18), ("東村山市", 12),
    ("小平市", 10), ("国分寺市", 9), ("日野市", 8), ("立川市", 7), ("府中市", 5)]]


def test_the_areas_line_stops_at_a_whole_municipality_and_counts_the_rest() -> None:
    """Cut mid-word in 6 pt type (「…八王子市 2/44、さいたま市浦…」) it said nothing of the rest:
    now whole municipalities, 「ほか N件」, in readable type."""
    from planner.export.handouts import AREAS_WIDTH

    text = areas_fitting(SHARES, AREAS_WIDTH)
    line = tr("Areas: {areas}", areas=text)
    size, shown = fitted_cell(line, AREAS_WIDTH)
    assert size >= AREAS_SIZE_MIN and shown == line  # whole, not cut with an ellipsis
    shown_names = [a.name for a in SHARES if f"{a.name} {a.customers}/" in text]
    rest = len(SHARES) - len(shown_names)
    assert 1 <= len(shown_names) < len(SHARES) and text.endswith(f"ほか{rest}件")
    assert shown_names == [a.name for a in SHARES[:len(shown_names)]]
    # a short list is given whole, and one too long still names its first municipality
    assert areas_fitting(SHARES[:2], AREAS_WIDTH) == "さいたま市浦和区 44/84、八王子市 2/42"
    assert areas_fitting(SHARES, 20).startswith("さいたま市浦和区 44/84")
    assert display_width(areas_fitting([], AREAS_WIDTH)) == 0


def test_the_overview_table_says_hours_as_時間_in_japanese() -> None:
    """「16件 6.8h 37km」 read as English: 「16件 6.8時間 37km」; English keeps h."""
    from planner.export.fonts import pdf_rc
    from planner.export.handouts import A4, _overview_page

    plan = synthetic_plan(30, territories=1, seed=2)
    rows = pd.DataFrame([{"week": w, "day": "mon", "seq": 1, "arrival": "09:00",
                          "departure": "09:20", "travel_km": 1.0, "travel_minutes": 5.0}
                         for w in (1, 2, 3, 4)])
    calendar = rows.assign(customer_id=plan.customers[m.CUSTOMER_ID].iloc[0], territory="T01")
    plan = plan.replace(schedule=calendar, meta={**plan.meta, "schedule_weeks": 4},
                        settings=dataclasses.replace(plan.settings, cycle_weeks=4))
    figures = pd.Series({"customers": 30, "visits": 4, "working_days": 20,
                         "days_per_week": 5, "hours": 38.0, "km": 68.0})
    c = plan.customers
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        _overview_page(fig, plan, plan.territories[0], rows, figures, c[m.LON].to_numpy(),
                       c[m.LAT].to_numpy(), np.full(len(c), "mon", dtype=object))
    cells = [t.get_text() for t in fig.texts if t.get_text().startswith("1件")]
    assert len(cells) == 4 and all("時間" in t and "h" not in t for t in cells)
    set_language("en")
    assert tr("{stops} · {hours} h · {km:.0f} km", stops=16, hours="6.8", km=37) == (
        "16 · 6.8 h · 37 km")


@pytest.mark.parametrize("lang, said", [
    ("ja", "「存在しない」に当たるテリトリー・担当者はこのプランにありません（担当者: T01 "),
    ("en", "No territory or rep “存在しない” in the plan; its reps are T01 "),
])
def test_export_reps_names_an_unknown_rep_in_quotes(tmp_path, capsys, lang, said) -> None:
    """「テリトリー 存在しないはこのプランにありません。」 ran the name into the sentence."""
    from planner.cli import main
    from planner.store import save_plan
    from tests.core.test_export_excel import simple_schedule

    path = tmp_path / "plan.gpkg"
    save_plan(simple_schedule(synthetic_plan(12, territories=2, seed=3)), path)
    capsys.readouterr()
    assert main(["--lang", lang, "export", str(path), "--pdf", str(tmp_path / "x.pdf"),
                 "--reps", "存在しない"]) == 1
    assert said in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_shared_areas_note_explains_a_figure_of_this_plan(tmp_path, monkeypatch) -> None:
    """The note under the 担当エリア line explained 「12/50」, figures of no plan, beside
    「練馬区 5/12」: it now says what this rep's own shared area's figure means."""
    import planner.export.handouts as handouts
    from planner.export.handouts import export_handouts
    from tests.core.test_export_excel import simple_schedule

    plan = synthetic_plan(12, territories=2, seed=3)
    c = plan.customers.copy()
    c[m.ADDRESS] = [f"東京都練馬区練馬{k % 4 + 1}丁目{k + 1}-1" for k in range(len(c))]
    plan = simple_schedule(plan.replace(customers=c), weeks=1)
    mine = int((c[m.TERRITORY] == plan.territories[0].id).sum())
    said: list[list[str]] = []
    real = handouts._overview_page

    def spy(fig, *args, **kwargs):
        real(fig, *args, **kwargs)
        said.append([t.get_text() for t in fig.texts])

    monkeypatch.setattr(handouts, "_overview_page", spy)
    export_handouts(plan, tmp_path / "h.pdf")
    assert 0 < mine < len(c) and len(said) == 2
    note = f"練馬区 {mine}/{len(c)}: 練馬区の顧客{len(c)}件のうち{mine}件がこの担当者、残りは他の担当者です。"
    assert note in said[0]
    assert not any("12/50" in text for text in said[0])


def _two_week_plan(long_day_plan) -> m.Plan:
    """鈴木 一郎's calendar of two weeks: week 1 with its 45-stop Wednesday (longer than his
    day), week 2 its Monday's 8 stops again."""
    s = long_day_plan.schedule
    week2 = s[s["day"] == "mon"].assign(week=2)
    return long_day_plan.replace(
        schedule=pd.concat([s, week2], ignore_index=True),
        settings=dataclasses.replace(long_day_plan.settings, cycle_weeks=2))


def _week_rows(text: str) -> list[str]:
    """The overview table's row heads (「第1週」…), in order."""
    return [line.split()[0] for line in text.split("\n") if line.startswith("第")
            and line.split()[0].endswith("週")]


def test_one_weeks_overview_lists_that_week_alone(long_day_plan, tmp_path):
    """With week 2 chosen (the print preview's week, ``--weeks 2``), the overview's table
    still listed every week of the calendar, and week 1's long day in red under it."""
    from pypdf import PdfReader

    from planner.export.handouts import export_handouts

    plan = _two_week_plan(long_day_plan)
    every = PdfReader(export_handouts(plan, tmp_path / "all.pdf")).pages[0].extract_text()
    assert _week_rows(every) == ["第1週", "第2週"]
    assert "鈴木 一郎 第1週 水曜日（3時間10分超過）" in every  # the long day, in red
    reader = PdfReader(export_handouts(plan, tmp_path / "w2.pdf", weeks=[2]))
    text = reader.pages[0].extract_text()
    assert _week_rows(text) == ["第2週"]
    assert "長い日" not in text and "超過" not in text  # week 1's Wednesday is not in these handouts
    assert len(reader.pages) == 2  # the overview and week 2's Monday
    # the command line makes the same file
    from planner.cli import main
    from planner.store import save_plan

    save_plan(plan, tmp_path / "plan.gpkg")
    out = tmp_path / "cli.pdf"
    assert main(["export", str(tmp_path / "plan.gpkg"), "--pdf", str(out), "--rep", "鈴木 一郎",
                 "--weeks", "2"]) == 0
    assert _week_rows(PdfReader(out).pages[0].extract_text()) == ["第2週"]


def _overview_texts(plan: m.Plan, rows: pd.DataFrame, weeks: list[int] | None = None) -> list[str]:
    from planner.export.fonts import pdf_rc
    from planner.export.handouts import A4, _overview_page

    figures = pd.Series({"customers": 30, "visits": len(rows), "working_days": 19,
                         "days_per_week": 5, "hours": 38.0, "km": 68.0})
    c = plan.customers
    with matplotlib.rc_context(pdf_rc()):
        fig = Figure(figsize=A4)
        FigureCanvasAgg(fig)
        _overview_page(fig, plan, plan.territories[0], rows, figures, c[m.LON].to_numpy(),
                       c[m.LAT].to_numpy(), np.full(len(c), "mon", dtype=object), weeks=weeks)
    return [t.get_text() for t in fig.texts]


def test_the_overview_table_says_which_weeks_and_dates_it_holds() -> None:
    """A rep handed December's and then January's pages: the overview's week table read
    「第1週 … 第4週」 alike in both (成人の日 aside); its heading now gives the dates, the first
    to the last open working day of the weeks it shows (1/11 成人の日 is a holiday, but the
    week runs on); an undated calendar keeps the bare heading."""
    plan = synthetic_plan(30, territories=1, seed=2)
    rows = pd.DataFrame([{"week": w, "day": "tue", "seq": 1, "arrival": "09:00",
                          "departure": "09:20", "travel_km": 1.0, "travel_minutes": 5.0}
                         for w in (1, 2, 3, 4)])
    calendar = rows.assign(customer_id=plan.customers[m.CUSTOMER_ID].iloc[0], territory="T01")
    plan = plan.replace(schedule=calendar, meta={**plan.meta, "schedule_weeks": 4},
                        settings=dataclasses.replace(plan.settings, cycle_weeks=4))
    bare = tr("Visits per day (stops · day's hours with driving · travel km)")
    assert bare in _overview_texts(plan, rows)
    january = plan.replace(settings=dataclasses.replace(plan.settings, start_date="2027-01-04"))
    assert f"{bare} — 第1〜4週（1/4(月)〜1/29(金)）" in _overview_texts(january, rows)
    # next week's hand-out (week 2 alone): that week's dates
    assert f"{bare} — 第2週（1/12(火)〜1/15(金)）" in _overview_texts(january, rows, [2])
