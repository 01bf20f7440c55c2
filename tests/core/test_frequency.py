"""Frequency words and rules by rank and sales, with hand-set overrides."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from planner import model as m
from planner.errors import PlannerError
from planner.frequency import (
    OVERRIDES_KEY,
    apply_frequency_rules,
    clear_overrides,
    frequency_words,
    mark_overrides,
    overridden_ids,
    parse_frequency,
)


def _plan() -> m.Plan:
    customers = m.make_customers(
        {
            m.CUSTOMER_ID: ["c1", "c2", "c3", "c4", "c5"],
            m.NAME: ["一", "二", "三", "四", "五"],
            m.RANK: ["A", "B", "C", "c", "D"],
            m.SALES: [5e6, 2e7, 3e7, np.nan, 1e5],
            m.FREQUENCY: [1.0, 1.0, 1.0, 1.0, 0.5],
            m.LAT: [35.6, 35.61, 35.62, 35.63, 35.64],
            m.LON: [139.7, 139.71, 139.72, 139.73, 139.74],
        }
    )
    return m.new_plan(customers)


def _freq(plan: m.Plan) -> list[float]:
    return plan.customers[m.FREQUENCY].tolist()


@pytest.mark.parametrize(
    "text, expected",
    [("週1", 4.0), ("隔週", 2.0), ("月1回", 1.0), ("monthly", 1.0), ("２ヶ月に１回", 0.5), (3, 3.0),
     ("不定期", 0.0), ("随時", 0.0)],
)
def test_parse_frequency_words(text: object, expected: float) -> None:
    assert parse_frequency(text) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("週2(月木)", (8.0, "mon,thu")), ("週２（火・金）", (8.0, "tue,fri")), ("毎週火曜", (4.0, "tue")),
     ("毎週月・木", (8.0, "mon,thu")), ("週1(月・木)", (4.0, "mon,thu")),
     ("隔週 水曜日", (2.0, "wed")), ("週3(月水金)", (12.0, "mon,wed,fri")),
     ("週2", None), ("月2回", None), ("毎月", None), ("月木", None), ("週2(第1)", None)],
)
def test_a_frequency_naming_its_weekdays_gives_both(text: str, expected: object) -> None:
    from planner.frequency import frequency_with_days

    assert frequency_with_days(text) == expected


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_programs_own_frequency_words_read_back(language: str) -> None:
    """The workbook writes frequencies in words (毎週, 4週に3回); reading it back gives each
    frequency again, in either language."""
    from planner.export.common import frequency_text
    from planner.i18n import set_language

    set_language(language)
    try:
        for freq in (8.0, 4.0, 3.0, 2.0, 1.5, 1.0, 0.5, 1 / 3, 0.25, 0.0, 4 / 6, 4 / 5):
            assert parse_frequency(frequency_text(freq)) == pytest.approx(freq), freq
    finally:
        set_language("en")


@pytest.mark.parametrize("language", ["ja", "en"])
def test_a_frequency_in_no_whole_weeks_says_about_how_often_and_reads_back(language: str):
    """4/7.5 visits per 4 weeks read "0.533333 per 4 weeks" (「4週に0.533333回」): now the
    weeks a visit comes about every too, two decimals on screen, every digit in the
    workbook, which reads back as the same frequency."""
    from planner.export.common import frequency_text
    from planner.i18n import set_language

    set_language(language)
    try:
        said = frequency_words(4.0 / 7.5)
        assert said == {"ja": "4週に0.53回（約8週に1回）",
                        "en": "0.53 per 4 weeks (about once every 8 weeks)"}[language]
        assert frequency_words(0.3).endswith({"ja": "（約13週に1回）",
                                              "en": " (about once every 13 weeks)"}[language])
        assert "約" not in frequency_words(1.5) and "about" not in frequency_words(1.5)
        for freq in (4.0 / 7.5, 0.3, 0.9, 4.0 / 6.0, 1.5):
            assert parse_frequency(frequency_text(freq, exact=True)) == pytest.approx(freq)
        assert parse_frequency(said) == pytest.approx(0.53)
    finally:
        set_language("en")


def test_rank_rules_keep_uncovered_customers() -> None:
    out = apply_frequency_rules(_plan(), by_rank={"A": 4, "B": "隔週", "C": 1})
    assert _freq(out) == [4.0, 2.0, 1.0, 1.0, 0.5]  # "c" matches C, D has no rule
    assert out.settings.frequency_by_rank["B"] == 2.0


def test_sales_bands_pick_highest_band_reached() -> None:
    out = apply_frequency_rules(_plan(), sales_bands=[(1e7, 2), (2.5e7, 4), (0, 1)])
    assert _freq(out) == [1.0, 2.0, 4.0, 1.0, 1.0]  # NaN sales keeps its frequency
    assert out.meta["frequency_sales_bands"][0] == [0.0, 1.0]


def test_rank_and_sales_the_more_frequent_wins() -> None:
    out = apply_frequency_rules(_plan(), by_rank={"A": 4, "C": 1}, sales_bands=[(2.5e7, 8)])
    assert _freq(out) == [4.0, 1.0, 8.0, 1.0, 0.5]


def test_overrides_are_kept_unless_ignored() -> None:
    plan = mark_overrides(_plan(), ["c2"])
    assert overridden_ids(plan) == {"c2"}
    kept = apply_frequency_rules(plan, by_rank={"B": 4})
    assert _freq(kept)[1] == 1.0
    forced = apply_frequency_rules(plan, by_rank={"B": 4}, keep_overrides=False)
    assert _freq(forced)[1] == 4.0
    assert clear_overrides(plan).meta[OVERRIDES_KEY] == []


def test_set_frequency_edit_records_overrides_and_undo_restores_them() -> None:
    from planner.edits import SetFrequency, apply_edit

    plan = _plan()
    assert OVERRIDES_KEY not in plan.meta
    hand, inverse, _ = apply_edit(plan, SetFrequency(("c2", "c3"), (8.0, 2.0)))
    assert overridden_ids(hand) == {"c2", "c3"}
    ruled = apply_frequency_rules(hand, by_rank={"B": 4, "C": 4}, keep_overrides=True)
    assert _freq(ruled)[1:4] == [8.0, 2.0, 4.0]  # hand-set c2, c3 kept; c4 (rank c) ruled
    back, redo, _ = apply_edit(hand, inverse)
    assert OVERRIDES_KEY not in back.meta and _freq(back) == _freq(plan)
    again, _, _ = apply_edit(back, redo)
    assert overridden_ids(again) == {"c2", "c3"}
    # NaN (= use the rank rule again) clears the mark; its undo restores the previous list
    cleared, undo, _ = apply_edit(hand, SetFrequency(("c3",), (float("nan"),)))
    assert overridden_ids(cleared) == {"c2"}
    assert _freq(apply_frequency_rules(cleared, by_rank={"C": 4}))[2] == 4.0
    restored, _, _ = apply_edit(cleared, undo)
    assert restored.meta[OVERRIDES_KEY] == ["c2", "c3"] and _freq(restored)[2] == 2.0


def test_changing_frequencies_marks_calendar_stale() -> None:
    plan = _plan().replace(schedule=pd.DataFrame(columns=list(m.SCHEDULE_COLUMNS)))
    assert apply_frequency_rules(plan, by_rank={"A": 4}).meta["schedule_stale"] is True
    same = apply_frequency_rules(plan, by_rank={"A": 1})
    assert same.meta.get("schedule_stale") is not True


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"by_rank": {"A": "often"}},
        {"by_rank": {"": 4}},
        {"by_rank": {"A": -1}},
        {"sales_bands": [(1e6, 2), (1e6, 4)]},
        {"sales_bands": [("lots", 2)]},
    ],
)
def test_bad_rules_are_user_errors(kwargs: dict) -> None:
    with pytest.raises(PlannerError):
        apply_frequency_rules(_plan(), **kwargs)


def test_original_plan_unchanged() -> None:
    plan = _plan()
    apply_frequency_rules(plan, by_rank={"A": 8})
    assert _freq(plan) == [1.0, 1.0, 1.0, 1.0, 0.5]


def test_full_width_rank_rule_and_rules_matching_no_customer() -> None:
    from planner.frequency import normalise_rank, unmatched_ranks

    plan = _plan()
    new = apply_frequency_rules(plan, by_rank={"Ａ": 4, "ｃ": "隔週"})
    freq = dict(zip(new.customers[m.CUSTOMER_ID], new.customers[m.FREQUENCY], strict=True))
    assert freq["c1"] == 4.0 and freq["c3"] == 2.0 and freq["c4"] == 2.0
    assert new.settings.frequency_by_rank.get("A") == 4.0
    assert normalise_rank(" ｂ ") == "B"
    assert unmatched_ranks(plan, {"Z": 4, "Ａ": 4, "ｚ": 1}) == ["Z"]


def test_rules_can_keep_the_frequencies_the_list_gives(tmp_path, capsys) -> None:
    """週2 for one A customer is the office's choice: `frequency --keep-listed` keeps it, and
    a customer the list gives no frequency follows the rule."""
    import openpyxl

    from planner.cli import main
    from planner.frequency import listed_ids
    from planner.spreadsheet import read_customers
    from planner.store import load_plan, save_plan

    wb = openpyxl.Workbook()
    for row in (["顧客コード", "顧客名", "住所", "ランク", "訪問頻度"],
                ["1", "週2の店", "東京都新宿区1", "A", "週2"],
                ["2", "月1の店", "東京都新宿区2", "A", "月1"],
                ["3", "空欄の店", "東京都新宿区3", "A", None]):
        wb.active.append(row)
    wb.save(tmp_path / "list.xlsx")
    plan = read_customers(tmp_path / "list.xlsx").to_plan()
    assert listed_ids(plan) == {"1", "2"}
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["frequency", str(path), "--rule", "A=4", "--keep-listed"]) == 0
    assert list(load_plan(path).customers[m.FREQUENCY]) == [8.0, 1.0, 4.0]
    capsys.readouterr()
    assert main(["frequency", str(path), "--rule", "A=4"]) == 0  # the rules decide
    assert list(load_plan(path).customers[m.FREQUENCY]) == [4.0, 4.0, 4.0]
    out = capsys.readouterr().out  # and the output says which were the list's own
    assert "2 of 3 customers changed frequency." in out
    assert "2 of them had a frequency of their own in the customer list" in out, out


def test_a_listed_frequency_equal_to_the_ranks_rule_is_not_the_lists_own(tmp_path, capsys):
    """A B customer listed 隔週 while B's rule is 隔週 only follows the rule: --keep-listed
    kept it, so `frequency --rule B=4 --keep-listed` changed nobody on a list that fills
    訪問頻度 on every row. The list's exceptions (毎週 for a B customer) are still kept."""
    import openpyxl

    from planner.cli import main
    from planner.frequency import listed_ids
    from planner.spreadsheet import read_customers
    from planner.store import load_plan, save_plan

    wb = openpyxl.Workbook()
    for row in (["顧客コード", "顧客名", "住所", "ランク", "訪問頻度"],
                ["1", "隔週の店", "東京都新宿区1", "B", "隔週"],
                ["2", "隔週の店2", "東京都新宿区2", "B", "隔週"],
                ["3", "毎週の店", "東京都新宿区3", "B", "毎週"],
                ["4", "週1の店", "東京都新宿区4", "A", "週1"]):
        wb.active.append(row)
    wb.save(tmp_path / "list.xlsx")
    plan = read_customers(tmp_path / "list.xlsx").to_plan()
    assert listed_ids(plan) == {"3"}  # B's rule is 隔週, A's 毎週: only 3 is the list's own
    new = apply_frequency_rules(plan, by_rank={"B": 4}, keep_listed=True)
    assert list(new.customers[m.FREQUENCY]) == [4.0, 4.0, 4.0, 4.0]
    # the 隔週 ones follow the rules now: B back to 隔週 moves them back, 3 keeps its 毎週
    assert listed_ids(new) == {"3"}
    back = apply_frequency_rules(new, by_rank={"B": 2}, keep_listed=True)
    assert list(back.customers[m.FREQUENCY]) == [2.0, 2.0, 4.0, 4.0]
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    assert main(["frequency", str(path), "--rule", "B=4", "--keep-listed"]) == 0
    assert "2 of 4 customers changed frequency." in capsys.readouterr().out
    assert list(load_plan(path).customers[m.FREQUENCY]) == [4.0, 4.0, 4.0, 4.0]


@pytest.mark.parametrize("cell", [100, "100", "inf", "Infinity", "1e400", float("inf")])
def test_more_than_a_visit_a_day_is_no_frequency(cell) -> None:
    """A cell of 100 was read as 100 visits per 4 weeks: stats counted 112 visits a cycle
    where the calendar held 32, and design balanced on 2,965 hours a week."""
    from planner.frequency import parse_frequency

    assert parse_frequency(cell) is None
    assert parse_frequency(28) == 28.0 and parse_frequency("毎日") == 20.0


def test_a_rule_of_more_than_a_visit_a_day_is_refused() -> None:
    from planner.errors import PlannerError
    from planner.frequency import apply_frequency_rules
    from planner.synthetic import synthetic_plan

    plan = synthetic_plan(20, territories=1)
    with pytest.raises(PlannerError, match="at most 28 visits per 4 weeks"):
        apply_frequency_rules(plan, by_rank={"A": 1000})
