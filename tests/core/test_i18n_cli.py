"""Language selection, the Japanese catalogue and the command line's error contract."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from planner import i18n
from planner._schedule_dates import holiday_label
from planner.resources import resource_path


def test_language_follows_locale_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "ja_JP.UTF-8")
    assert i18n.system_language() == "ja"
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    assert i18n.system_language() == "en"


def test_catalogue_is_valid_json_with_string_values() -> None:
    data = json.loads(resource_path("i18n", "ja.json").read_text(encoding="utf-8"))
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in data.items())


def test_tr_translates_when_japanese(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(resource_path("i18n", "ja.json").read_text(encoding="utf-8"))
    key = next(iter(data))
    i18n.set_language("ja")
    try:
        assert i18n.tr(key) == data[key]
    finally:
        i18n.set_language(None)
    i18n.set_language("en")
    try:
        assert i18n.tr(key) == key
    finally:
        i18n.set_language(None)



def test_stored_messages_are_shown_in_the_current_language() -> None:
    """Import problems saved in Japanese read in English after a switch, and back."""
    i18n.set_language("ja")
    try:
        stored = "; ".join(
            [
                i18n.tr("Duplicate customer code; imported as {code}.", code="C001-2"),
                i18n.tr(
                    "Located only at town level ({matched}); check the position on the map.",
                    matched="東京都港区; 芝",
                ),
                "担当者メモ",
            ]
        )
        assert i18n.retranslate(stored) == stored
    finally:
        i18n.set_language(None)
    i18n.set_language("en")
    try:
        english = i18n.retranslate(stored)
        assert english == (
            "Duplicate customer code; imported as C001-2.; "
            "Located only at town level (東京都港区; 芝); check the position on the map.; "
            "担当者メモ"
        )
        i18n.set_language("ja")
        assert i18n.retranslate(english) == stored
    finally:
        i18n.set_language(None)
    assert i18n.retranslate("") == ""
    # a field with a format spec ({hours:g}) comes back as the text it was written with
    full = "The working days are full: the visits do not fit in {hours:g} hours a day."
    i18n.set_language("ja")
    try:
        japanese = i18n.tr(full, hours=7.5)
    finally:
        i18n.set_language(None)
    i18n.set_language("en")
    try:
        assert i18n.retranslate(japanese) == full.format(hours=7.5)
    finally:
        i18n.set_language(None)

def test_stored_reasons_show_their_day_names_in_the_current_language() -> None:
    """A calendar reason written in Japanese names its weekdays in English after a switch."""
    from planner.closed_days import unserved_reason
    from planner.rep_days import too_few_days_reason

    i18n.set_language("ja")
    try:
        stored = "; ".join(
            [
                too_few_days_reason(8.0, "", ("mon",), rep="山田"),
                unserved_reason(frozenset({1, 2}), ("mon", "tue", "wed"), 2) or "",
                "日曜のみ",  # a manager's note that is not ours stays as written
            ]
        )
    finally:
        i18n.set_language(None)
    assert "月" in stored and "Mon" not in stored
    i18n.set_language("en")
    try:
        english = i18n.retranslate(stored)
        assert english == (
            "The customer is visited 2 times a week but 山田 works only 1 days a week (Mon).; "
            "The customer is visited 2 times a week but open on only 1 of the working days "
            "(closed Tue, Wed).; 日曜のみ"
        )
        i18n.set_language("ja")
        assert i18n.retranslate(english) == stored
    finally:
        i18n.set_language(None)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planner", *args], capture_output=True, text=True, timeout=120
    )


def test_bad_arguments_exit_2() -> None:
    result = _run("stats")
    assert result.returncode == 2


def test_help_lists_every_subcommand() -> None:
    result = _run("--help")
    assert result.returncode == 0
    for name in ("import", "design", "frequency", "schedule", "export", "stats"):
        assert name in result.stdout


def test_user_error_is_one_line_without_traceback(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = _run("stats", str(tmp_path / "missing.gpkg"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_mistyped_command_suggests_the_right_one() -> None:
    result = _run("exprot", "plan.gpkg")
    assert result.returncode == 2
    assert "export" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_every_literal_tr_text_has_a_japanese_translation() -> None:
    """Every ``tr("…")`` (and ``N_("…")``, text marked in tables) in the program is in the
    Japanese catalogue."""
    import ast
    from pathlib import Path

    import planner

    catalogue = json.loads(resource_path("i18n", "ja.json").read_text(encoding="utf-8"))
    missing: list[str] = []
    root = Path(planner.__file__).parent
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = {"tr": 1, "N_": 1, "trn": 2}.get(node.func.id, 0)  # trn: one, many
            for arg in node.args[:texts]:
                if (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                        and arg.value not in catalogue):
                    missing.append(f"{path.relative_to(root)}:{node.lineno}: {arg.value!r}")
    assert not missing, "\n".join(missing)


def test_one_of_a_thing_is_singular_in_english_and_the_same_word_in_japanese() -> None:
    """"1 customers", "Undo Assign 1 customers", "1 visits" read wrong in English."""
    from planner import edits as E
    from planner._cli.frequency_cmd import count_line
    from planner.i18n import set_language, trn
    from planner.ui.calendar_notes import move_message

    assert E.AssignCustomers.to(["C1"], "T01").describe() == "Assign 1 customer"
    assert E.AssignCustomers.to(["C1", "C2"], "T01").describe() == "Assign 2 customers"
    assert E.LockCustomers(("C1",)).describe() == "Lock 1 customer"
    assert move_message(1, (1, "fri"), False).startswith(
        "Moved 1 customer to week 1 Fri.")
    assert [count_line(1.0, 1), count_line(4.0, 1234)] == [
        "  every 4 weeks: 1 customer", "  weekly: 1,234 customers"]
    set_language("ja")
    try:
        assert E.AssignCustomers.to(["C1"], "T01").describe() == E.AssignCustomers.to(
            ["C1", "C2"], "T01").describe().replace("2", "1")
        assert trn("{n} customer", "{n} customers", 1) == "1件"
        steps = [E.AssignCustomers.to(ids, "T01").describe() for ids in (["C1"], ["C1", "C2"])]
        set_language("en")  # the undo steps read again after a switch of language
        assert [i18n.retranslate(t) for t in steps] == ["Assign 1 customer", "Assign 2 customers"]
    finally:
        set_language(None)


def test_a_message_inside_a_stored_message_is_shown_in_the_current_language() -> None:
    """The holiday reason holds "a company holiday" as a field: after a switch it is read
    whole in the new language, while a name that merely contains such words stays."""
    template = ("The visit of {date} falls on {what}, and no other day of that week has room "
                "for it.")
    i18n.set_language("en")
    try:
        stored = "; ".join([
            i18n.tr(template, date="2026-12-31", what=i18n.tr("a company holiday")),
            i18n.tr(template, date="2027-01-01", what=i18n.tr("a public holiday ({name})",
                                                         name="元日")),
            i18n.tr("Duplicate customer code; imported as {code}.", code="a company holiday 2"),
        ])
        i18n.set_language("ja")
        japanese = i18n.retranslate(stored)
    finally:
        i18n.set_language(None)
    assert "company" not in japanese.split("; ")[0] and "public" not in japanese.split("; ")[1]
    assert i18n.catalogue("ja")["a company holiday"] in japanese
    assert "元日" in japanese and "a company holiday 2" in japanese


def test_a_holiday_reason_stored_in_japanese_reads_whole_in_english() -> None:
    template = ("The visit of {date} falls on {what}, and no other day of that week has room "
                "for it.")
    i18n.set_language("ja")
    try:
        stored = i18n.tr(template, date="2026-12-29",
                         what=i18n.tr("a public holiday ({name})", name="元日"))
        i18n.set_language("en")
        english = i18n.retranslate(stored)
    finally:
        i18n.set_language(None)
    assert english == ("The visit of 2026-12-29 falls on a public holiday (New Year's Day), and "
                       "no other day of that week has room for it.")


def test_a_holiday_reason_names_the_holiday_in_the_language_it_is_read_in() -> None:
    """A calendar built in English stores "(New Year's Day)"; the Japanese window reads 元日,
    a substitute holiday 振替休日 (the reason kept the build's holiday name in either)."""
    template = ("The visit of {date} falls on {what}, and no other day of that week has room "
                "for it.")
    i18n.set_language("en")
    try:
        stored = i18n.JOINER.join(
            i18n.tr(template, date=date, what=i18n.tr("a public holiday ({name})",
                                                      name=holiday_label(name)))
            for date, name in (("2027-01-01", "元日"), ("2026-05-06", "憲法記念日 振替休日")))
        i18n.set_language("ja")
        japanese = i18n.retranslate(stored)
        i18n.set_language("en")
        english = i18n.retranslate(japanese)
    finally:
        i18n.set_language(None)
    assert "New Year" in stored and "(substitute)" in stored
    assert "元日" in japanese and "憲法記念日 振替休日" in japanese and "Day" not in japanese
    assert english == stored


def test_the_systems_reasons_for_refusing_a_file_are_in_the_users_language() -> None:
    """"フォルダー … に書き込めません（Read-only file system）": the system's words in English."""
    import errno

    from planner.errors import os_reason
    from planner.i18n import set_language

    full = OSError(errno.ENOSPC, "No space left on device")
    assert os_reason(full) == "the disk is full"
    set_language("ja")
    try:
        assert os_reason(OSError(errno.EROFS, "Read-only file system")) == "ディスクが読み取り専用です"
        assert os_reason(OSError(errno.ELOOP, "Too many levels")) == "Too many levels"
    finally:
        set_language(None)


def test_frequency_counts_use_the_words_of_the_window() -> None:
    """The frequency command's counts say 毎週 / 隔週 / 訪問なし as the window's menus do (it
    printed 4週に4回, 4週に2回, 4週に0回)."""
    from planner._cli.frequency_cmd import count_line
    from planner.frequency import frequency_label

    i18n.set_language("ja")
    try:
        lines = [count_line(f, 150) for f in (8.0, 4.0, 2.0, 1.0, 0.0, 3.0, float("nan"))]
        assert lines == ["  週2回: 150件", "  毎週: 150件", "  隔週: 150件", "  4週に1回: 150件",
                         "  訪問なし: 150件", "  4週に3回: 150件", "  訪問頻度未設定: 150件"]
        assert lines[1].split(":")[0].strip() == i18n.tr(frequency_label(4.0))  # the menu's word
    finally:
        i18n.set_language(None)
    i18n.set_language("en")
    try:
        assert count_line(2.0, 1500) == "  every 2 weeks: 1,500 customers"
        assert count_line(0.0, 2) == "  no visits: 2 customers"
    finally:
        i18n.set_language(None)
