"""What to tell a customer, under its stop on the PDF hand-out, runs on over a second row
where it is longer than one: it was cut with 「…」 (or printed at 6 points)."""

from __future__ import annotations

import io

import pytest

from planner.export import handouts as handouts_module
from planner.export.handout_table import (
    CELL_SIZE,
    COLUMNS,
    HOURS_COLUMNS,
    fitted_cell,
    note_cells,
    note_lines,
    print_cells,
)
from planner.i18n import set_language
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan

#: The note found cut on the walk (鈴木 一郎, 第2週 12月15日(火)).
LONG = ("→ 12/16 から振替 / お知らせ: 12/23(水) は訪問なし（休業日に伴う日程調整のため）; "
        "お知らせ: 12/30(水) は訪問なし / 訪問頻度変更（毎週、旧 隔週）")


@pytest.mark.parametrize("columns", [COLUMNS, HOURS_COLUMNS])
def test_a_long_note_takes_two_rows_in_full_type_broken_between_its_news(columns):
    cells = note_cells(columns)
    assert fitted_cell(LONG, cells)[1].endswith("…") or fitted_cell(LONG, cells)[0] < 7
    rows = note_lines(LONG, cells)
    assert len(rows) == 2
    assert all(fitted_cell(row, cells) == (CELL_SIZE, row) for row in rows)  # whole, 8.5 pt
    assert rows[0].endswith((";", "/")) and rows[1].startswith("   ")  # under the text
    assert "".join(r.strip() for r in rows).replace(" ", "") == LONG.replace(" ", "")


def test_a_short_note_stays_one_row_and_a_word_longer_than_a_row_is_cut_to_fill_it():
    assert note_lines("→ 12/29 から振替", 105) == ["→ 12/29 から振替"]
    rows = note_lines("→ " + "あ" * 120, 105)
    assert len(rows) == 3 and all(print_cells(row) <= 105 for row in rows)
    assert "".join(row.strip() for row in rows) == "→ " + "あ" * 120


def test_the_handout_prints_a_long_note_whole(tmp_path, monkeypatch):
    from pypdf import PdfReader

    set_language("ja")
    try:
        plan = build_schedule(synthetic_plan(30, territories=1, seed=5), weeks=1,
                              route_seconds=0.01)
        monkeypatch.setattr(handouts_module.TellNotes, "for_rows",
                            lambda self, rows: [LONG[2:]] * len(rows))
        path = handouts_module.export_handouts(plan, tmp_path / "h.pdf")
    finally:
        set_language(None)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes()))
                   .pages)
    assert "…" not in text
    assert text.count("訪問頻度変更（毎週、旧 隔週）") == len(plan.schedule)
