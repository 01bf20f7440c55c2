"""Japanese sentences read as Japanese: no space after 。 between joined sentences, 、 and ・
for lists, no stray space between a Japanese name and the text around it, none between a
number and its counter (3人, 8時間, 85%, 12km)."""

from __future__ import annotations

import json
import re

import pytest

from planner import i18n
from planner.cli import main
from planner.resources import resource_path


def test_a_japanese_name_runs_on_into_the_text(japanese: None) -> None:
    tr = i18n.tr
    assert tr("Hand over {name}'s customers", name="練馬エリア") == "練馬エリアの顧客を引き継ぐ"
    assert tr("Hand over {name}'s customers", name="佐藤 花子") == "佐藤 花子の顧客を引き継ぐ"
    assert tr("Hand over {name}'s customers", name="Nerima") == "Nerima の顧客を引き継ぐ"
    assert tr("{a} against {b}: {n} customers in both.", a=tr("This plan"), b="sample.gpkg",
              n="1,500") == "このプランと sample.gpkg の比較: 両方にいる顧客 1,500件。"
    assert tr("Set visiting hours of {n} customers", n=3) == "3件の顧客の訪問時間帯を設定"
    # a label keeps its space before a Japanese value
    assert tr("Calendar of {weeks} weeks, working days {days}, at most {hours:g} hours a day.",
              weeks=4, days=i18n.day_list(["月", "火", "水"]), hours=8) == (
        "4週間のカレンダー、稼働日 月・火・水、1日最大8時間。")
    assert tr("Home base of {rep}", rep="佐藤 花子") == "佐藤 花子の拠点"
    assert tr("Visit week of the {n} selected customers (e.g. 2, 第2週, none):", n=3).startswith(
        "選択した3件の顧客")  # one style with 選択した3件の顧客の定休日


def test_a_message_written_without_the_space_is_still_recognised(japanese: None) -> None:
    stored = i18n.tr("Hand over {name}'s customers", name="練馬エリア")
    i18n.set_language("en")
    assert i18n.retranslate(stored) == "Hand over 練馬エリア's customers"
    i18n.set_language("ja")
    assert i18n.retranslate("Hand over 練馬エリア's customers") == stored


def test_sentences_clauses_and_day_lists(japanese: None) -> None:
    assert i18n.sentences("取り込みました。", "", "問題のある行: 2行。") == "取り込みました。問題のある行: 2行。"
    assert i18n.clauses("移動 6,380km", "祝日・休みの日で外れた訪問 283件") == (
        "移動 6,380km、祝日・休みの日で外れた訪問 283件")
    assert i18n.day_list(["月", "火", "水"]) == "月・火・水"
    i18n.set_language("en")
    assert i18n.sentences("Imported 3 customers.", "2 rows have problems.") == (
        "Imported 3 customers. 2 rows have problems.")
    assert i18n.clauses("6,380 km", "283 visits left out") == "6,380 km; 283 visits left out"
    assert i18n.day_list(["Mon", "Tue"]) == "Mon, Tue"


def test_an_unknown_command_in_japanese(japanese: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["exprot"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("territory-planner: 'exprot' というコマンドはありません。export のことですか？"
                   "コマンド: import、update、design、homes、frequency、schedule、export、stats、compare。")


#: A number or a number's field, a space, then a counter or unit: 3 人, {hours:g} 時間, 85 %.
_SPACED_COUNTER = re.compile(
    r"(?:\d|\})[ \u3000](?:時間|人|件|分|日|週|回|か所|ページ|行|つ|年|か月|種類|テリトリー|km|%)")


def test_a_number_runs_on_into_its_counter() -> None:
    """Japanese business writing puts no space between a number and its counter; the
    catalogue wrote 3件 but 3 人, 8 時間, 1 日, 30 分 and 85 % in about a third of its
    counted messages. A spin box's unit (8時間, 30分, 10%) reads the same way."""
    catalogue = json.loads(resource_path("i18n", "ja.json").read_text(encoding="utf-8"))
    spaced = sorted(text for text in catalogue.values() if _SPACED_COUNTER.search(text))
    assert spaced == []
    units = [catalogue[s] for s in (" h", " min", " h a week", " %", " km/h")]
    assert units == ["時間", "分", "時間/週", "%", "km/h"]


def test_counted_messages_in_japanese(japanese: None) -> None:
    tr = i18n.tr
    assert tr("{n} of {total} reps work fewer hours than the others.", n=2, total=5).startswith(
        "5人中 2人の担当者")
    assert tr("{day}: {visits} visits, {hours:.1f} h, {km:.0f} km", day="月", visits=6,
              hours=7.25, km=41.6) == "月: 訪問 6件、7.2時間、42km"
    assert tr("moved {km:.1f} km", km=1.25) == "1.2km 移動"


def test_a_message_stored_with_the_old_space_is_still_recognised(japanese: None) -> None:
    """Problems and notes saved in a plan before the counters closed up (行目 was 3 行目)."""
    i18n.set_language("en")
    assert i18n.retranslate("12 行目、住所: 空欄") == "row 12, 住所: 空欄"
    assert i18n.retranslate("担当者 4 人の移動時間を見積もっています…") == "Estimating the travel of 4 reps…"
    i18n.set_language("ja")
    assert i18n.retranslate("row 12, 住所: 空欄") == "12行目、住所: 空欄"


def test_the_changes_of_an_updated_customer_are_joined_by_a_comma(japanese: None) -> None:
    """「ランク C → A; 訪問頻度 …」 had a half-width semicolon in a Japanese line."""
    from planner import model as m
    from planner._update_changes import CustomerChange

    change = CustomerChange("C1", "山田商店", "T01", fields=(m.RANK, m.FREQUENCY),
                            values=(("C", "A"), ("4週に1回", "毎週")))
    assert change.describe() == "ランク C → A、訪問頻度 4週に1回 → 毎週"
    assert i18n.tr("Dry run: {name} is unchanged.", name="u.gpkg") == (
        "確認のみ: u.gpkg は変更していません。")
    i18n.set_language("en")
    assert change.describe() == "Rank C → A; Visit frequency 4週に1回 → 毎週"


def test_a_unit_after_a_japanese_label_is_in_full_width_brackets() -> None:
    """The Compare dialog read カレンダーの走行距離（km） over カレンダーの稼働1週あたりの移動距離 (km):
    a unit after a Japanese label takes （…） like the rest, with no space before it."""
    catalogue = json.loads(resource_path("i18n", "ja.json").read_text(encoding="utf-8"))
    half = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff] ?\((?:km|h|%|時間|件)\)")
    assert sorted(v for v in catalogue.values() if half.search(v)) == []
