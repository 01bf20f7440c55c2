"""The day pages of the PDF hand-outs as a rep reads them in the car: a long name or address
in the stop table's full type where the page has room, and a box beside each stop to tick.

Each test reads the written PDF back with pypdf (its text, the type sizes it is drawn in).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_export_excel import simple_schedule

from planner import model as m
from planner.export.handout_table import CELL_SIZE
from planner.export.handouts import export_handouts
from planner.i18n import set_language
from planner.synthetic import synthetic_plan

LONG_NAME = "有限会社みどりベーカリー 蒲田2号店"
LONG_ADDRESS = "神奈川県川崎市中原区武蔵小杉2丁目17-7"


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


@pytest.fixture(scope="module")
def handout(tmp_path_factory) -> tuple[m.Plan, PdfReader]:  # type: ignore[no-untyped-def]
    """One week of a rep whose first stop has a long name and address and visiting hours
    (the day's table takes its narrower 時間指定 columns)."""
    set_language("ja")
    try:
        plan = simple_schedule(synthetic_plan(24, territories=1, seed=4), weeks=1)
        c = plan.customers.copy()
        first = c[m.CUSTOMER_ID] == plan.schedule.sort_values(["week", "seq"])[
            "customer_id"].iloc[0]
        c.loc[first, m.NAME] = LONG_NAME
        c.loc[first, m.ADDRESS] = LONG_ADDRESS
        c.loc[first, m.VISIT_TIME] = "9:00-12:00"
        plan = plan.replace(customers=c)
        path = export_handouts(plan, tmp_path_factory.mktemp("h") / "h.pdf")
        return plan, PdfReader(Path(path))
    finally:
        set_language(None)


def _sizes(reader: PdfReader) -> list[tuple[int, str, float]]:
    """(page, text, type size in points) of every piece of text drawn."""
    out: list[tuple[int, str, float]] = []
    for k, page in enumerate(reader.pages):
        def seen(text, cm, tm, _font, size, k=k):  # type: ignore[no-untyped-def]
            if text.strip():
                out.append((k, text.strip(), size * abs(tm[0] or 1) * abs(cm[0] or 1)))
        page.extract_text(visitor_text=seen)
    return out


def test_a_long_name_and_address_print_in_full_type_where_the_row_has_room(handout):
    """有限会社みどりベーカリー 蒲田2号店 printed at 6.5 points beside an empty 時間指定 column
    and room to spare: the columns were measured for Latin letters."""
    _plan, reader = handout
    sizes = _sizes(reader)
    name = [s for _k, t, s in sizes if len(t) > 4 and t in LONG_NAME]
    address = [s for _k, t, s in sizes if "武蔵小杉" in t and t in LONG_ADDRESS]
    assert name and address
    assert min(name) >= 8.0 and min(address) >= 8.0 and max(name) <= CELL_SIZE


def test_every_stop_has_a_box_to_tick_under_a_済_header(handout):
    """A rep ticking the day's visits off had nowhere to tick on the PDF."""
    plan, reader = handout
    day_pages = [p for p in reader.pages if "到着" in p.extract_text()]
    assert day_pages
    for page in day_pages:
        lines = page.extract_text().split("\n")
        assert any("電話番号" in line and line.rstrip().endswith("済") for line in lines)
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from planner.export.handout_table import COLUMNS, NOTE_ROW, stop_table

    fig = Figure()
    rows = [("1", "09:00", "甲", "東京都", "03"), ("", "12:00", "昼休憩", "", ""),
            (NOTE_ROW, "→ お知らせ"), ("2", "13:00", "乙", "東京都", "03")]
    stop_table(fig, rows, top=0.5, columns=COLUMNS)
    boxes = [a for a in fig.artists if isinstance(a, Rectangle) and not a.get_fill()]
    assert len(boxes) == 2  # the two stops, not the lunch break nor the note
