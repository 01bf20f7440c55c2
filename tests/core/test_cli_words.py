"""The command line's help and argparse's own messages: the right program name, in the
language of the command line."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from planner import i18n
from planner.cli import COMMANDS, build_parser, main


@pytest.fixture
def japanese(japanese: None) -> Iterator[None]:
    """The shared Japanese fixture, then argparse's words back to the system's language."""
    yield
    i18n.set_language(None)
    build_parser()


def _exit_status(argv: list[str]) -> int:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    return int(stopped.value.code or 0)


def test_missing_argument_names_the_command_alone(capsys: pytest.CaptureFixture[str]) -> None:
    i18n.set_language("en")
    try:
        assert _exit_status(["design"]) == 2
    finally:
        i18n.set_language(None)
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("usage: territory-planner design [-h]")
    assert err[-1] == ("territory-planner design: error: the following arguments are required: "
                       "PLAN.gpkg")
    assert not any("COMMAND [options]" in line for line in err)


def test_missing_argument_in_japanese(japanese: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert _exit_status(["design"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("使い方: territory-planner design [-h]")
    assert err[-1] == "territory-planner design: エラー: 次の引数が必要です: PLAN.gpkg"
    # the usage's continued lines sit under its first option ("使い方: " is 8 columns wide)
    assert err[1].index("[") == len("usage: territory-planner design ") + 1


def test_bad_choice_in_japanese(japanese: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert _exit_status(["design", "x.gpkg", "--balance", "foo"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "territory-planner design: エラー: 引数 --balance: 'foo' は選べません"
        "（選択肢: 'workload', 'visits', 'sales', 'customers'）")


def test_help_in_japanese(japanese: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("使い方: territory-planner [FILE]")
    assert "\n        territory-planner COMMAND [options]\n" in out
    for words in ("位置引数:", "オプション:", "このヘルプを表示して終了します",
                  "均等なテリトリーを自動で作ります"):
        assert words in out
    assert _exit_status(["schedule", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("使い方: territory-planner schedule [-h]")
    assert "訪問カレンダーと日ごとのルートを作ります" in out
    assert "show this help" not in out and "positional arguments" not in out


def test_every_option_is_explained_in_japanese(japanese: None) -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(sub.choices) == set(COMMANDS)
    for name, command in sub.choices.items():
        assert command.prog == f"territory-planner {name}"
        assert command.description and not command.description.isascii()
        for action in command._actions:
            assert action.help and not action.help.isascii(), (name, action.dest, action.help)


def test_english_help_stays_english(capsys: pytest.CaptureFixture[str]) -> None:
    i18n.set_language("en")
    try:
        assert _exit_status(["schedule", "--help"]) == 0
    finally:
        i18n.set_language(None)
    out = capsys.readouterr().out
    assert out.startswith("usage: territory-planner schedule [-h]")
    assert "show this help message and exit" in out and "positional arguments:" in out
    assert "使い方" not in out and "オプション" not in out


def test_japanese_help_fits_the_terminal(japanese: None, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse wraps by characters: a line of kanji took twice the terminal's width."""
    from planner._cli.stats_cmd import text_width

    monkeypatch.setenv("COLUMNS", "80")
    for command in COMMANDS:
        assert _exit_status([command, "--help"]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert max(text_width(line) for line in lines) <= 80, command
        assert not any(line.strip().startswith(("。", "、", "）")) for line in lines), command


def test_an_unknown_option_names_the_command(japanese: None,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """argparse reported it under the program's usage (territory-planner: error: …)."""
    assert _exit_status(["frequency", "x.gpkg", "--dry-run"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("使い方: territory-planner frequency [-h]")
    assert err[-1] == "territory-planner frequency: エラー: 認識できない引数: --dry-run"


def test_every_schedule_option_the_plan_keeps_says_so_in_its_help() -> None:
    """--lunch-at and --holidays are kept in the plan like --lunch and --start (a later run
    without them uses the plan's); their help said "default 12:00" and "skip, the default"."""
    from planner import model as m
    from planner._cli.schedule_cmd import _with_dates, _with_lunch

    plan = m.Plan(customers=m.empty_customers())
    kept = _with_dates(_with_lunch(plan, None, "12:30"), None, "keep").settings
    assert (kept.lunch_start, kept.skip_holidays) == ("12:30", False)  # the plan's settings
    i18n.set_language("en")
    try:
        parser = build_parser()
    finally:
        i18n.set_language(None)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {a.option_strings[0]: a.help for a in sub.choices["schedule"]._actions
             if a.option_strings}
    for option in ("--weeks", "--days", "--day-hours", "--lunch", "--lunch-at", "--start",
                   "--holidays", "--company-days-off"):
        assert "kept in the plan" in str(helps[option]), (option, helps[option])
    assert "default: the plan's, 12:00" in str(helps["--lunch-at"])
    assert "default: the plan's, skip" in str(helps["--holidays"])


def test_design_also_names_every_measure_it_takes() -> None:
    """--also visits evens the visits per cycle; the help named sales, customers or workload."""
    from planner import model as m
    from planner._cli.design_cmd import parse_also

    i18n.set_language("en")
    try:
        parser = build_parser()
    finally:
        i18n.set_language(None)
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    also = next(a for a in sub.choices["design"]._actions if "--also" in a.option_strings)
    for measure in m.BALANCE_MEASURES:
        assert parse_also(measure) == (measure, 0.10)
        assert measure in str(also.help), measure
