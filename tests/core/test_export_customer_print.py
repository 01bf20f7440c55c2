"""The customer sheet (顧客一覧) as a rep reads it on paper: A4 landscape with its Meiryo at 8 pt
or more (at 52–56 %, 5.5 pt, it was illegible), long texts wrapped in narrower columns, the
columns never read on paper folded away, and every value written as before."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from openpyxl import load_workbook

from planner import model as m
from planner.export.excel import export_workbook
from planner.export.excel_cells import FONT_SIZE, MEIRYO_UNIT_POINTS
from planner.i18n import set_language, tr
from planner.spreadsheet import read_customers, write_csv

_HEADERS = ["顧客コード", "顧客名", "住所", "電話番号", "緯度", "経度", "ランク", "担当", "備考"]
_NOTE = "搬入口は建物の裏手です。月末は棚卸しのため午前中の訪問は避けてください。担当者は店長の佐藤様。"


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _rows(n: int) -> list[list[object]]:
    rows: list[list[object]] = []
    for i in range(n):
        name = "株式会社山崎クリニック新横浜駅前第二センター" if i % 3 == 0 else f"商店{i}"
        rows.append([f"C{i:04d}", name, f"神奈川県横浜市港北区新横浜{i % 9 + 1}丁目12-{i}",
                     f"045-{i:03d}-1234", 35.5 + i / 1000, 139.6 + i / 1000, "ABC"[i % 3],
                     "鈴木 一郎", _NOTE if i % 4 == 0 else ""])
    return rows


def test_the_customer_list_prints_at_8_points_with_long_texts_wrapped(tmp_path):
    src = tmp_path / "list.csv"
    rows = _rows(40)
    write_csv(src, _HEADERS, rows)
    got = read_customers(src)
    plan = m.Plan(customers=got.customers, original_columns=got.original_columns)
    ws = load_workbook(export_workbook(plan, tmp_path / "c.xlsx"))[tr("Customer list")]
    headers = [c.value for c in ws[1]]
    dims = {h: ws.column_dimensions[c.column_letter] for h, c in zip(headers, ws[1], strict=True)}

    # positions, the territory's id and the list's own rep (担当（元のファイル）) are folded away: not printed
    folded = {h for h, d in dims.items() if d.hidden}
    assert folded == {"緯度", "経度", "担当（元のファイル）", "テリトリーID"}
    assert all(dims[h].outlineLevel == 1 for h in folded)
    # the name, the address and the note wrap within narrower columns, their rows as tall
    for header, widest in (("顧客名", 24), ("住所", 32), ("備考", 40)):
        assert dims[header].width <= widest
        column = headers.index(header) + 1
        assert all(ws.cell(r, column).alignment.wrap_text for r in range(2, 6))
    note_at = headers.index("備考") + 1
    assert (ws.row_dimensions[2].height or 15) > 15  # the first customer: name and note wrapped
    assert ws.row_dimensions[3].height is None  # one line: as tall as ever
    assert ws.cell(1, 1).alignment.wrap_text  # a header wider than its values wraps

    # fit to pages side by side at 8 pt or more, code and name repeated on each
    printed = [d.width for h, d in dims.items() if h not in folded]
    wide = ws.page_setup.fitToWidth
    repeated = dims["顧客コード"].width + dims["顧客名"].width
    per_page = (sum(printed) + repeated * (wide - 1)) / wide
    type_points = FONT_SIZE * (842 - 2 * 0.4 * 72) / (per_page * MEIRYO_UNIT_POINTS)
    assert type_points >= 8.0
    assert wide <= 2  # without doubling the paper across
    if wide > 1:
        assert ws.print_title_cols == "$A:$B"

    # every value as written before: no line break added, nothing left out
    got_rows = [list(r) for r in ws.iter_rows(min_row=2, values_only=True)]
    for row, want in zip(got_rows, rows, strict=True):
        assert row[headers.index("顧客名")] == want[1]
        assert row[headers.index("住所")] == want[2]
        assert (row[note_at - 1] or "") == want[8]
