"""The exit status the README promises (0 done, 1 a problem in the data, 2 bad arguments, 130 /
143 interrupted) and ``--lang`` for the commands, before or after the command's name."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from planner import i18n
from planner.cli import main
from planner.store import save_plan
from planner.synthetic import synthetic_plan

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.gpkg"
    save_plan(synthetic_plan(30, territories=2, seed=3), path)
    return path


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["frequency", "{plan}", "--rule", "A=x"], "Unreadable visit frequency: x."),
        (["schedule", "{plan}", "--days", "mon,xyz", "-q"], "Unknown working day(s): xyz."),
        (["schedule", "{plan}", "--start", "2026-13-01", "-q"],
         "The start date must look like 2027-04-05."),
        (["schedule", "{plan}", "--day-hours", "50", "-q"], "at most 24"),
        (["design", "{plan}", "--territories", "abc"], "a whole number or auto, not abc"),
        (["design", "{plan}", "--territories", "0"], "must be at least 1"),
        (["design", "{plan}", "-n", "auto", "--utilisation", "2"], "between 0 and 1"),
        (["export", "{plan}", "--xlsx", "{dir}/out.txt"], "out.txt must end with .xlsx"),
        (["export", "{plan}", "--pdf", "{dir}/o.pdf", "--weeks", "x"], "Weeks must look like"),
        (["compare", "{plan}", "{plan}", "--moved", "{dir}/moved.xlsx"], "must end with .csv"),
    ],
)
def test_a_value_the_command_line_can_judge_is_a_bad_argument(
    plan_file: Path, args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit status 2 with the one sentence, before the plan is read; nothing changes."""
    before = sorted(os.listdir(plan_file.parent)), plan_file.read_bytes()
    argv = [a.format(plan=plan_file, dir=plan_file.parent) for a in args]
    i18n.set_language("en")
    try:
        assert main(argv) == 2
    finally:
        i18n.set_language(None)
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("territory-planner: ") and said in err[0]
    assert (sorted(os.listdir(plan_file.parent)), plan_file.read_bytes()) == before


def test_a_problem_in_the_data_stays_1(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", str(plan_file.with_name("none.gpkg"))]) == 1
    assert main(["design", str(plan_file), "--territories", "400"]) == 1  # > its customers
    assert main(["export", str(plan_file), "--ics", str(plan_file.parent)]) == 1  # no calendar
    assert len(capsys.readouterr().err.splitlines()) == 3


def test_a_kill_exits_143_and_ctrl_c_130(plan_file: Path, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """By the shells' convention, 128 + the signal's number; the same sentence as before."""
    import planner.store as store_module

    real = store_module._write_plan
    before = plan_file.read_bytes()
    for number in (signal.SIGTERM, signal.SIGINT):
        def stopped(plan, tmp, progress, _n=number):  # noqa: ANN001, ANN202
            real(plan, tmp, progress)
            os.kill(os.getpid(), _n)  # arrives while the file is half saved

        monkeypatch.setattr(store_module, "_write_plan", stopped)
        assert main(["frequency", str(plan_file), "--rule", "A=1"]) == 128 + number
        assert capsys.readouterr().err == "territory-planner: Interrupted; nothing was saved.\n"
        assert plan_file.read_bytes() == before


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_an_interrupt_a_library_turned_into_its_own_error_is_still_an_interrupt(
        plan_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        number: int) -> None:
    """A KeyboardInterrupt raised inside a C callback (pandas, pyogrio, OR-Tools) comes out as
    a SystemError or a TypeError: the same exit status and sentence, no traceback, the plan
    as it was."""
    import planner.store as store_module

    real = store_module._write_plan
    before = plan_file.read_bytes()

    def stopped(plan, tmp, progress):  # noqa: ANN001, ANN202
        real(plan, tmp, progress)
        try:
            os.kill(os.getpid(), number)
        except KeyboardInterrupt as exc:
            raise SystemError("<built-in function> returned a result with an exception set") from exc

    monkeypatch.setattr(store_module, "_write_plan", stopped)
    assert main(["frequency", str(plan_file), "--rule", "A=1"]) == 128 + number
    assert capsys.readouterr().err == "territory-planner: Interrupted; nothing was saved.\n"
    assert plan_file.read_bytes() == before
    assert sorted(p.name for p in plan_file.parent.iterdir()) == ["plan.gpkg"]


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_a_library_swallowed_still_keeps_the_plan(
        plan_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        number: int) -> None:
    """A Python callback inside C code whose KeyboardInterrupt the library swallows (as
    OR-Tools' routing callbacks do): the command goes on, but the plan is not replaced."""
    import planner.store as store_module

    real = store_module._write_plan
    before = plan_file.read_bytes()

    def swallowed(plan, tmp, progress):  # noqa: ANN001, ANN202
        real(plan, tmp, progress)
        try:
            os.kill(os.getpid(), number)
        except KeyboardInterrupt:
            pass  # the library's callback wrapper

    monkeypatch.setattr(store_module, "_write_plan", swallowed)
    assert main(["frequency", str(plan_file), "--rule", "A=1"]) == 128 + number
    assert capsys.readouterr().err == "territory-planner: Interrupted; nothing was saved.\n"
    assert plan_file.read_bytes() == before
    assert sorted(p.name for p in plan_file.parent.iterdir()) == ["plan.gpkg"]
    monkeypatch.setattr(store_module, "_write_plan", real)  # the signal is not kept after
    assert main(["frequency", str(plan_file), "--rule", "A=1"]) == 0


def test_a_closed_terminal_still_exits_129_with_the_plan_kept(
        plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """SIGHUP: the terminal is gone, so telling it fails (EIO); the status stays 129."""
    import errno
    import io

    import planner.store as store_module

    class Gone(io.StringIO):
        def write(self, _text: str) -> int:
            raise OSError(errno.EIO, "Input/output error")

    real = store_module._write_plan
    before = plan_file.read_bytes()

    def hung_up(plan, tmp, progress):  # noqa: ANN001, ANN202
        real(plan, tmp, progress)
        monkeypatch.setattr(sys, "stderr", Gone())
        os.kill(os.getpid(), signal.SIGHUP)

    monkeypatch.setattr(store_module, "_write_plan", hung_up)
    assert main(["frequency", str(plan_file), "--rule", "A=1"]) == 129
    assert plan_file.read_bytes() == before


def test_an_export_interrupted_inside_a_library_tells_the_files_written(
        plan_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The workbook written, the map's writing interrupted inside a library (a TypeError):
    the files listed, the sentence that only they were written, 143; no map file."""
    import planner.maps.share as share

    def stopped(*_args, **_kwargs):  # noqa: ANN002, ANN003, ANN202
        try:
            os.kill(os.getpid(), signal.SIGTERM)
        except KeyboardInterrupt as exc:
            raise TypeError("an error of the library's") from exc

    monkeypatch.setattr(share, "export_share_map", stopped)
    xlsx, html = plan_file.with_name("out.xlsx"), plan_file.with_name("out.html")
    assert main(["export", str(plan_file), "--xlsx", str(xlsx), "--html", str(html)]) == 143
    out, err = capsys.readouterr()
    assert out == f"{xlsx}\n" and xlsx.exists() and not html.exists()
    assert err == "territory-planner: Interrupted; only the files listed above were written.\n"


def test_an_error_after_the_command_with_no_signal_stays_a_bug(
        plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a signal a TypeError is a bug: its traceback, even after an earlier
    interrupted command."""
    import planner.store as store_module

    def broken(plan, tmp, progress):  # noqa: ANN001, ANN202
        raise TypeError("a bug")

    monkeypatch.setattr(store_module, "_write_plan", broken)
    with pytest.raises(TypeError, match="a bug"):
        main(["frequency", str(plan_file), "--rule", "A=1"])


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": "",
           "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True,
                          text=True, encoding="utf-8", env=env, timeout=300, cwd=ROOT)


@pytest.mark.parametrize("args", [["export", "--help", "--lang", "ja"],
                                  ["--lang", "ja", "export", "--help"],
                                  ["--lang=ja", "export", "--help"]])
def test_lang_chooses_the_commands_language_before_or_after_its_name(args: list[str]) -> None:
    """``--lang ja`` before the command showed the window's help; after it, English."""
    done = _run(*args)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("使い方: territory-planner export [-h]")
    assert "--ics FOLDER" in done.stdout and "show this help" not in done.stdout


def test_lang_sets_a_commands_messages_then_gives_the_language_back(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    i18n.set_language("en")
    try:
        assert main(["design", str(plan_file), "--lang", "ja", "--territories", "0"]) == 2
        assert "テリトリー" in capsys.readouterr().err
        assert i18n.language() == "en"  # as it was before the command
        assert main(["--lang", "ja", "stats", str(plan_file)]) == 0
        assert "テリトリー" in capsys.readouterr().out
        with pytest.raises(SystemExit) as stopped:  # argparse's own refusal
            main(["--lang", "fr", "stats", str(plan_file)])
        assert stopped.value.code == 2 and "fr" in capsys.readouterr().err
        assert i18n.language() == "en"
    finally:
        i18n.set_language(None)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_commands_list_says_export_writes_phone_calendars(
    lang: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # the line unwrapped
    assert main(["--help", "--lang", lang]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.strip().startswith("export"))
    assert ".ics" in line


def test_gdal_notes_never_reach_the_terminal(plan_file: Path) -> None:
    """A table listed in the GeoPackage but gone (dropped in a database viewer) makes GDAL
    warn through pyogrio at every read: the user sees the program's one sentence alone."""
    import sqlite3

    db = sqlite3.connect(plan_file)
    with db:
        db.execute("DROP TABLE original_columns")
    db.close()
    done = _run("stats", str(plan_file), "--lang", "en")
    assert done.returncode == 1
    assert done.stderr == "territory-planner: plan.gpkg is damaged and cannot be opened.\n"



def test_a_frozen_builds_worker_runs_its_work_before_the_program_starts(monkeypatch):
    """``entry`` calls ``multiprocessing.freeze_support`` before anything else: in a frozen
    build a spawned worker (calendar, save, design) enters through it and must not open the
    program again."""
    import multiprocessing

    from planner import cli

    order: list[str] = []
    monkeypatch.setattr(multiprocessing, "freeze_support", lambda: order.append("freeze"))
    monkeypatch.setattr(cli, "main", lambda: order.append("main") or 0)
    with pytest.raises(SystemExit) as stopped:
        cli.entry()
    assert stopped.value.code == 0
    assert order == ["freeze", "main"]
