"""The workbook as printed: names in the visit calendar's one-line cells keep the part that
tells two shops apart."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from test_export_excel import simple_schedule

from planner import model as m
from planner.export.common import without_legal_form
from planner.export.excel import export_workbook
from planner.i18n import set_language, tr
from planner.synthetic import synthetic_plan


@pytest.fixture(autouse=True)
def _japanese():
    set_language("ja")
    yield
    set_language(None)


@pytest.mark.parametrize(("name", "short"), [
    ("株式会社さくら設備錦糸町2号店", "さくら設備錦糸町2号店"),
    ("森工業(株)", "森工業"), ("森工業（株）", "森工業"), ("㈱ABC商事", "ABC商事"),
    ("有限会社 山田商店", "山田商店"), ("(有)山田商店", "山田商店"), ("山田商店㈲", "山田商店"),
    ("合同会社みどり", "みどり"), ("合資会社みどり", "みどり"), ("合名会社みどり", "みどり"),
    ("株式会社みどり合同会社", "みどり"),
    ("田中株式会社本店", "田中株式会社本店"),  # only at the start or the end
    ("株式会社", "株式会社"),  # a name that is nothing else stays
    ("さくら設備", "さくら設備"),
])
def test_the_legal_form_is_dropped_at_the_start_or_end_of_a_name(name, short):
    assert without_legal_form(name) == short


def test_the_visit_calendar_tells_two_shops_of_a_chain_apart_and_the_route_sheet_names_them_whole(
        tmp_path):
    """株式会社さくら設備 … and 株式会社さくら設備錦糸町2号店 looked alike in the calendar's
    one-line cells: the legal form goes there, so the branch stays."""
    plan = synthetic_plan(4, territories=1, seed=2)
    c = plan.customers.copy()
    full = ["株式会社さくら設備", "株式会社さくら設備錦糸町2号店", "さくら設備本所店(株)",
            "有限会社みどりマート"]
    c[m.NAME] = full
    c[m.FREQUENCY] = 1.0
    plan = simple_schedule(plan.replace(customers=c, settings=m.Settings(
        working_days=("mon",), cycle_weeks=1)), weeks=1)
    wb = load_workbook(export_workbook(plan, tmp_path / "chain.xlsx"))
    cells = [str(v) for row in wb[tr("Visit calendar")].iter_rows(values_only=True)
             for v in row if v and "\n" in str(v) and ":" in str(v)]
    lines = [line.split(" ", 1)[1] for line in cells[0].split("\n")[1:]]
    assert sorted(lines) == sorted(["さくら設備", "さくら設備錦糸町2号店", "さくら設備本所店",
                                    "みどりマート"])  # whole, nothing cut off with …
    t = plan.territories[0]
    route = {str(v) for row in wb[t.rep or t.name].iter_rows(values_only=True) for v in row if v}
    assert set(full) <= route  # the rep's route sheet keeps the full names


def _katakana(ch: str) -> bool:
    return "\u30a1" <= ch <= "\u30fa" or ch == "ー"  # a katakana word's letters (not ・)


def test_the_summary_headers_break_between_words_and_each_line_fits_its_column(tmp_path):
    """Printed, the Summary's headers wrapped mid-word (訪問回数/サイ|クル, 未スケジュー|ルの顧客,
    移動距離(km/週・カレ|ンダー), カレンダーの訪問数（4週 | ）): each now breaks where a reader would,
    and every line fits its column, so Excel and LibreOffice break nothing themselves."""
    from planner.export.common import display_width

    plan = simple_schedule(synthetic_plan(60, territories=3, seed=3))
    ws = load_workbook(export_workbook(plan, tmp_path / "s.xlsx"))[tr("Summary")]
    heads = {}
    for cell in ws[3]:
        text = str(cell.value)
        width = ws.column_dimensions[cell.column_letter].width
        lines = text.split("\n")
        for line in lines:
            assert display_width(line) <= (width - 2) / 1.1 + 1e-9, (line, width)
        for before, after in zip(lines, lines[1:], strict=False):
            assert not (_katakana(before[-1]) and _katakana(after[0])), text  # not mid-word
            assert after[0] not in ")）"  # no closing bracket alone on a line
        heads[text.replace("\n", "")] = lines
    assert heads["訪問回数/4週"] == ["訪問回数/", "4週"]
    assert heads["カレンダーに入らない顧客"] == ["カレンダーに", "入らない顧客"]
    assert heads["カレンダーの移動km（4週）"][-1] == "（4週）"
    assert heads["カレンダーの訪問数（4週）"][-1] == "（4週）"
    assert ws.row_dimensions[3].height >= 3 * 11  # the row shows its three-line headers
