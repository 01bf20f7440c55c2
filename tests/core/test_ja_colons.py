"""One colon for "label: value" in Japanese: the catalogue's own majority, the ASCII one
(「顧客の移動先: 東京エリア 1件。」, 「個別の稼働日:」); 「元に戻しました：…」 and 28 other
values had the full-width one (scripts/ja_colons.py counts both)."""

from __future__ import annotations

import json
import re

from planner import i18n
from planner.resources import resource_path


def catalogue_values() -> list[str]:
    return list(json.loads(resource_path("i18n", "ja.json").read_text(encoding="utf-8")).values())


def test_no_japanese_text_takes_the_full_width_colon() -> None:
    assert [v for v in catalogue_values() if "：" in v] == []


def test_the_ascii_colon_is_followed_by_one_space_inside_a_sentence() -> None:
    """「週の稼働時間: 40」, never 「週の稼働時間:40」 (a time, 09:00, a ratio, 12/50, or a URL
    is not a label's colon)."""
    label = re.compile(r"(?<!\d):(?=[^\s\d/])")
    fields = re.compile(r"\{[^}]*\}")  # {dev:.1%}: a format, not text
    assert [v for v in catalogue_values() if label.search(fields.sub("{}", v))] == []


def test_undo_and_redo_read_alike_with_the_other_notes() -> None:
    i18n.set_language("ja")
    try:
        assert i18n.tr("Undone: {step}", step="顧客の編集") == "元に戻しました: 顧客の編集"
        assert i18n.tr("Redone: {step}", step="顧客の編集") == "やり直しました: 顧客の編集"
        assert i18n.tr("Weekly hours: {hours}", hours="40") == "週の稼働時間: 40"
    finally:
        i18n.set_language(None)


def menu_titles() -> list[str]:
    """The menu bar's titles as the Japanese window shows them (「スケジュール」 of
    「スケジュール(&S)」)."""
    table = json.loads(resource_path("i18n", "ja.json").read_text(encoding="utf-8"))
    return [re.sub(r"\(&\w\)$", "", v) for k, v in table.items()
            if re.fullmatch(r"&\w+", k)]


def test_a_menu_path_hint_is_a_sentence_not_a_label_colon() -> None:
    """「カレンダーはまだありません。「スケジュール → カレンダー作成…」で作成してください。」,
    not 「カレンダーはまだありません: スケジュール → …」: the colon is for "label: value"."""
    titles = menu_titles()
    assert "スケジュール" in titles
    path = re.compile(r": 「?(?:" + "|".join(map(re.escape, titles)) + r") →")
    assert [v for v in catalogue_values() if path.search(v)] == []
    i18n.set_language("ja")
    try:
        assert i18n.tr("No calendar yet: Schedule → Build calendar…") == (
            "カレンダーはまだありません。「スケジュール → カレンダー作成…」で作成してください。")
    finally:
        i18n.set_language(None)
