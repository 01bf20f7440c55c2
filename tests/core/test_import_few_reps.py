"""A rep carrying a handful of customers beside reps carrying many (ｻﾄｳ ﾊﾅｺ on 3 rows beside
佐藤 花子 on 180, the typo 鈴木一朗 beside 鈴木 一郎) is named in the import's and the update's
report with its rows and how to put it right; a genuinely small rep of a small plan is not."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from planner._import_few_reps import few_reps
from planner.cli import main
from planner.i18n import in_language
from planner.spreadsheet import read_customers
from planner.update import update_customers

HEADERS = ["顧客コード", "顧客名", "住所", "緯度", "経度", "担当"]


def write(path: Path, reps: list[str], *, codes: list[str] | None = None) -> Path:
    """A list of one customer a rep, each at its own place in Nerima (rows from 2)."""
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADERS)
        for i, rep in enumerate(reps):
            code = codes[i] if codes else f"{i:04d}"
            out.writerow([code, f"店{code}", f"東京都練馬区豊玉北{code}", 35.70 + (i % 20) * 0.003,
                          139.60 + (i // 20) * 0.003, rep])
    return path


def big_list() -> list[str]:
    """佐藤 花子 and 鈴木 一郎 with 180 customers each; ｻﾄｳ ﾊﾅｺ on rows 12, 52, 79 and
    鈴木一朗 on rows 122 and 132."""
    reps = ["佐藤 花子"] * 90 + ["鈴木 一郎"] * 90
    reps[10] = reps[50] = reps[77] = "ｻﾄｳ ﾊﾅｺ"
    reps[120] = reps[130] = "鈴木一朗"
    return reps + ["佐藤 花子"] * 90 + ["鈴木 一郎"] * 90


def notes(result) -> list[tuple[int, str, str]]:
    return [(p.row, p.value, p.reason) for p in result.report.problems if p.note]


def test_a_kana_rep_and_a_typo_with_a_handful_of_customers_are_named_with_their_rows(tmp_path):
    result = read_customers(write(tmp_path / "list.csv", big_list()))
    assert len(result.customers) == 360  # imported, not an error
    assert sorted(t.rep for t in result.territories) == sorted(
        ["佐藤 花子", "サトウ ハナコ", "鈴木 一郎", "鈴木一朗"])
    assert notes(result) == [
        (12, "サトウ ハナコ", "Rep サトウ ハナコ is written in kana only and has 3 customers "
         "(rows 12, 52, 79), while the other reps are written in kanji and have about 178 each. "
         "Check whether it is one of the other reps written differently; if so, correct the rep "
         "in the list and import it again, or select both territories in the Territories list, "
         "right-click the one to keep and choose Merge the two selected."),
        (122, "鈴木一朗", "Rep 鈴木一朗 has only 2 customers (rows 122, 132), while the other "
         "reps have about 178 each. Check whether it is 鈴木 一郎 written differently; if so, "
         "correct the rep in the list and import it again, or select both territories in the "
         "Territories list, right-click 鈴木 一郎 and choose Merge the two selected."),
    ]
    assert all(p.kept for p in result.report.problems if p.note)


def test_the_command_prints_the_note_in_japanese_and_the_report_file_holds_it(tmp_path, capsys):
    path = write(tmp_path / "list.csv", big_list())
    report = tmp_path / "report.json"
    assert main(["--lang", "ja", "import", str(path), "-o", str(tmp_path / "p.gpkg"),
                 "--report", str(report)]) == 0
    out = capsys.readouterr().out.splitlines()
    kana = ("  担当「サトウ ハナコ」はカナだけの表記で顧客も3件（12、52、79行目）だけですが、"
            "ほかの担当者は漢字の表記でそれぞれ約178件あります。ほかの担当者の別の書き方でないか"
            "確かめ、そうであればリストの担当者名を直して読み込み直すか、テリトリー一覧で二つの"
            "テリトリーを選び、残す方の行を右クリック →「選択した二つを統合」で一つにしてください。")
    assert kana in out
    assert any(line.startswith("  担当「鈴木一朗」の顧客は2件（122、132行目）だけですが")
               and "「鈴木 一郎」の別の書き方でないか確かめ" in line for line in out)
    told = [p for p in json.loads(report.read_text(encoding="utf-8"))["problems"] if p.get("note")]
    assert [(p["row"], p["value"], p["kept"]) for p in told] == [
        (12, "サトウ ハナコ", True), (122, "鈴木一朗", True)]
    assert told[0]["reason"] == kana.strip()


@pytest.mark.parametrize("newcomer", ["田中 次郎", "ﾀﾅｶ ｼﾞﾛｳ"])
def test_a_new_rep_with_8_customers_among_reps_of_15_is_not_remarked(tmp_path, newcomer):
    reps = ["佐藤 花子"] * 15 + ["鈴木 一郎"] * 15 + ["高橋 三郎"] * 15 + [newcomer] * 8
    result = read_customers(write(tmp_path / "list.csv", reps))
    assert notes(result) == []


def test_a_kana_rep_with_2_customers_among_reps_of_15_is_remarked(tmp_path):
    reps = ["佐藤 花子"] * 15 + ["鈴木 一郎"] * 15 + ["ｻﾄｳ ﾊﾅｺ"] * 2 + ["高橋 三郎"] * 15
    result = read_customers(write(tmp_path / "list.csv", reps))
    assert [(row, rep) for row, rep, _ in notes(result)] == [(32, "サトウ ハナコ")]


def test_the_thresholds():
    """Fewer than 10 customers and at most 5 % of the other reps' median; written in kana
    only among reps in kanji: at most 25 % of it; a list of small reps says nothing."""
    def found(counts: dict[str, int]) -> list[str]:
        rep = np.array([r for r, n in counts.items() for _ in range(n)], dtype=object)
        return [f.rep for f in few_reps(rep, np.arange(len(rep)) + 2)]

    assert found({"佐藤": 180, "鈴木": 180, "田中": 9}) == ["田中"]
    assert found({"佐藤": 180, "鈴木": 180, "田中": 10}) == []  # 10 customers: a rep
    assert found({"佐藤": 100, "鈴木": 100, "田中": 5}) == ["田中"]
    assert found({"佐藤": 100, "鈴木": 100, "田中": 6}) == []  # more than 5 %
    assert found({"佐藤": 40, "鈴木": 40, "たなか": 10}) == ["たなか"]  # kana: up to 25 %
    assert found({"佐藤": 40, "鈴木": 40, "たなか": 11}) == []
    assert found({"サトウ": 40, "スズキ": 40, "タナカ": 10}) == []  # all in kana: not odd
    assert found({"佐藤": 2, "鈴木": 1, "田中": 1}) == []
    assert found({"佐藤": 180}) == []
    # the yardstick is the median of the reps not small themselves: 150 of 100 and 200 (a
    # rep of 10 is no rep of the size the others have)
    assert [(f.rep, f.median) for f in few_reps(
        np.array(["a"] * 10 + ["b"] * 100 + ["c"] * 200 + ["d"] * 5, dtype=object),
        np.arange(315))] == [("d", 150.0)]
    # four one-customer reps beside three of 60 are beside reps of 60 (were "about 30")
    rep = np.array(["佐藤"] * 60 + ["鈴木"] * 60 + ["田中"] * 60 + ["ｻﾄｳ0", "ｻﾄｳ1", "ｻﾄｳ2", "ｻﾄｳ3"],
                   dtype=object)
    assert {f.median for f in few_reps(rep, np.arange(len(rep)))} == {60.0}


def test_a_rep_one_letter_from_another_is_named_as_its_likely_spelling():
    def like(counts: dict[str, int]) -> list[tuple[str, str]]:
        rep = np.array([r for r, n in counts.items() for _ in range(n)], dtype=object)
        return [(f.rep, f.like) for f in few_reps(rep, np.arange(len(rep)))]

    assert like({"佐藤 花子": 180, "鈴木 一郎": 170, "佐藤花了": 3}) == [("佐藤花了", "佐藤 花子")]
    assert like({"佐藤 花子": 180, "鈴木 一郎": 170, "佐藤花": 3}) == [("佐藤花", "佐藤 花子")]
    assert like({"佐藤 花子": 180, "鈴木 一郎": 170, "佐藤 花子子": 3}) == [
        ("佐藤 花子子", "佐藤 花子")]
    assert like({"加藤": 180, "伊藤": 170, "佐藤": 3}) == [("佐藤", "")]  # two letters: no guess
    assert like({"佐藤 花子": 180, "鈴木 一郎": 170, "田中 次郎": 3}) == [("田中 次郎", "")]


def test_a_surname_already_told_is_not_named_twice(tmp_path):
    """山田 beside 山田 太郎 has its own note (perhaps the same person): no second one."""
    reps = ["山田 太郎"] * 100 + ["山田"] * 2 + ["鈴木 一郎"] * 100
    result = read_customers(write(tmp_path / "list.csv", reps))
    assert [(row, rep) for row, rep, _ in notes(result)] == [(102, "山田")]
    assert "may be the same person" in notes(result)[0][2]


def test_an_update_names_a_small_rep_the_plan_has_no_territory_for(tmp_path):
    """The revised list writes 3 of 佐藤 花子's customers as ｻﾄｳ ﾊﾅｺ: the update's report says
    to correct the list (merging territories is no cure: the plan has none of ｻﾄｳ ﾊﾅｺ)."""
    reps = ["佐藤 花子"] * 100 + ["鈴木 一郎"] * 100
    plan = read_customers(write(tmp_path / "old.csv", reps)).to_plan()
    reps[10] = reps[50] = reps[77] = "ｻﾄｳ ﾊﾅｺ"
    new = read_customers(write(tmp_path / "new.csv", reps))
    update = update_customers(plan, new)
    told = [p for p in update.report.problems if p.note]
    assert [(p.row, p.value) for p in told] == [(12, "サトウ ハナコ")]
    assert told[0].reason == (
        "Rep サトウ ハナコ is written in kana only and has 3 customers (rows 12, 52, 79), while "
        "the other reps are written in kanji and have about 98 each. Check whether it is one of "
        "the plan's reps written differently; if so, correct the rep in the list and update "
        "again.")
    assert len(update.plan.customers) == 200  # nobody lost
    with in_language("ja"):
        again = update_customers(plan, read_customers(tmp_path / "new.csv"))
    said = next(p.reason for p in again.report.problems if p.note)
    assert said.endswith("プランの担当者の別の書き方でないか確かめ、そうであればリストの担当者名を"
                         "直して、もう一度更新してください。")


def test_an_update_says_nothing_of_a_small_rep_the_plan_has(tmp_path):
    """A small rep the plan already has a territory of (told when it was imported) is no
    news in every month's update."""
    reps = ["佐藤 花子"] * 100 + ["鈴木 一郎"] * 100 + ["田中 次郎"] * 3
    plan = read_customers(write(tmp_path / "old.csv", reps)).to_plan()
    assert "田中 次郎" in {t.rep for t in plan.territories}
    update = update_customers(plan, read_customers(write(tmp_path / "new.csv", reps)))
    assert [p for p in update.report.problems if p.note] == []
