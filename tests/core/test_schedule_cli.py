"""The frequency and schedule sub-commands on a real plan file."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

from planner import model as m
from planner.cli import main
from planner.i18n import set_language
from planner.store import load_plan, save_plan
from planner.synthetic import synthetic_plan


@pytest.fixture()
def plan_file(tmp_path: Path) -> Path:
    plan = synthetic_plan(40, territories=2, seed=4)
    no_home = plan.territories[1].replace(home_lat=None, home_lon=None)
    plan = plan.replace(territories=(plan.territories[0], no_home))
    path = tmp_path / "plan.gpkg"
    save_plan(plan, path)
    return path


def test_frequency_then_schedule(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frequency", str(plan_file), "--rule", "A=4", "--rule", "B=隔週",
                 "--rule", "C=1", "--sales-band", "20,000,000=8"]) == 0
    out = capsys.readouterr().out
    assert "40" in out
    plan = load_plan(plan_file)
    ranks = plan.customers[m.RANK]
    freq = plan.customers[m.FREQUENCY]
    sales = plan.customers[m.SALES]
    assert (freq[(ranks == "B") & (sales < 2e7)] == 2.0).all()
    assert (freq[sales >= 2e7] == 8.0).all()

    assert main(["schedule", str(plan_file), "--days", "mon,tue,wed,thu", "--day-hours", "9",
                 "-q"]) == 0
    out = capsys.readouterr().out
    plan = load_plan(plan_file)
    assert plan.schedule is not None and len(plan.schedule) > 0
    assert set(plan.schedule["day"]) <= {"mon", "tue", "wed", "thu"}
    assert plan.meta["schedule_day_hours"] == 9.0
    for t in plan.territories:
        assert t.id in out
    assert plan.territories[1].id in plan.meta["schedule_no_home"]
    assert "centre" in out or "中心" in out


def test_schedule_bad_days_exit_2(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = plan_file.read_bytes()
    assert main(["schedule", str(plan_file), "--days", "mon,funday", "-q"]) == 2
    err = capsys.readouterr().err
    assert "funday" in err and "Traceback" not in err
    assert plan_file.read_bytes() == before


def test_working_days_written_the_japanese_way() -> None:
    from planner._cli.schedule_cmd import _parse_days

    assert _parse_days("月〜金") == _parse_days("月火水木金") == list(m.WEEKDAYS[:5])
    assert _parse_days("月水金") == ["mon", "wed", "fri"] and _parse_days("土日") == ["sat", "sun"]
    assert _parse_days("mon,Thursday,土曜日") == ["mon", "thu", "sat"]


def test_frequency_bad_rule_exit_2(plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frequency", str(plan_file), "--rule", "A"]) == 2
    assert "A=4" in capsys.readouterr().err
    assert main(["frequency", str(plan_file)]) == 2  # no rule at all: an option missing
    assert "at least one frequency rule" in capsys.readouterr().err
    for bad in (["--rule", "A=x"], ["--sales-band", "x=1"], ["--abc", "1,2,3"]):
        assert main(["frequency", str(plan_file), *bad]) == 2
        err = capsys.readouterr().err.splitlines()  # one sentence, before the plan is read
        assert len(err) == 1 and err[0].startswith("territory-planner: "), bad
    missing = plan_file.with_name("none.gpkg")
    assert main(["frequency", str(missing), "--rule", "A=4"]) == 1  # the data's problem: 1
    assert missing.name in capsys.readouterr().err


def test_schedule_read_only_plan_fails_before_building(
    plan_file: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import planner.schedule
    import planner.store

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the calendar was built for a file that cannot be written")

    real_access = os.access

    def access(path: object, mode: int) -> bool:  # a read-only file, even for root
        if Path(str(path)) == plan_file and mode & os.W_OK:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(planner.schedule, "build_schedule", no_build)
    monkeypatch.setattr(planner.store.os, "access", access)
    before = plan_file.read_bytes()
    set_language("en")
    try:
        assert main(["schedule", str(plan_file), "-q"]) == 1
    finally:
        set_language(None)
    err = capsys.readouterr().err
    assert "read-only" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert plan_file.read_bytes() == before


def test_schedule_summary_singular_and_thousands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from planner._cli.schedule_cmd import summary_rows

    plan = synthetic_plan(30, territories=1, seed=4)
    c = plan.customers.copy()
    c.loc[c.index[0], m.TERRITORY] = ""  # one customer in no territory
    path = tmp_path / "one.gpkg"
    save_plan(plan.replace(customers=c), path)
    set_language("en")
    try:
        assert main(["schedule", str(path), "-q"]) == 0
        out = capsys.readouterr().out
        assert "1 customer could not be scheduled" in out and "1 customers" not in out
        built = load_plan(path)
        sched = built.schedule.copy()
        sched["travel_km"] = 0.0
        sched.loc[sched.index[0], "travel_km"] = 1129.7
        sched["return_km"] = 0.0
        rows = summary_rows(built.replace(schedule=sched))
        assert rows[0][6] == "1,129.7"
    finally:
        set_language(None)


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_schedule_progress_only_on_a_terminal_and_never_twice() -> None:
    from planner._cli.schedule_cmd import terminal_progress

    assert terminal_progress(False, io.StringIO()) is None  # piped or redirected: no progress lines
    assert terminal_progress(True, _Tty()) is None
    tty = _Tty()
    progress = terminal_progress(False, tty)
    assert progress is not None
    for fraction in (0.0, 0.01, 0.05, 0.82, 0.82, 0.83, 0.85, 1.0):
        progress(fraction, "Calendar for T1…")
    lines = tty.getvalue().splitlines()
    assert len(lines) == len(set(lines)) == 3  # 0 %, 80 %, 100 %


def test_frequency_rule_for_a_missing_rank_warns(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = synthetic_plan(1000, territories=2, seed=4)
    c = plan.customers.copy()
    c[m.RANK] = np.where(np.arange(len(c)) % 2 == 0, "A", "B")
    c[m.FREQUENCY] = 1.0
    path = tmp_path / "big.gpkg"
    save_plan(plan.replace(customers=c), path)
    set_language("en")
    try:
        assert main(["frequency", str(path), "--rule", "Z=4", "--rule", "Ａ=4"]) == 0
    finally:
        set_language(None)
    captured = capsys.readouterr()
    assert "rank Z" in captured.err and "Ａ" not in captured.err and "rank A" not in captured.err
    assert "500 of 1,000 customers changed frequency" in captured.out
    freq = load_plan(path).customers[m.FREQUENCY].to_numpy()
    assert (freq[::2] == 4.0).all() and (freq[1::2] == 1.0).all()


def test_schedule_lunch_options_are_kept_in_the_plan(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("en")
    try:
        assert main(["schedule", str(plan_file), "--lunch", "45", "--lunch-at", "11:30",
                     "-q"]) == 0
        plan = load_plan(plan_file)
        assert (plan.settings.lunch_start, plan.settings.lunch_minutes) == ("11:30", 45.0)
        assert "Lunch break: 45 minutes from 11:30" in capsys.readouterr().out
        taken = plan.schedule.loc[plan.schedule["lunch"] != "", "lunch"]
        assert len(taken) > 0 and (taken >= "11:30").all()
        assert main(["schedule", str(plan_file), "--lunch", "0", "-q"]) == 0
        assert "Lunch break" not in capsys.readouterr().out
        plan = load_plan(plan_file)
        assert plan.settings.lunch_minutes == 0 and (plan.schedule["lunch"] == "").all()
        before = plan_file.read_bytes()
        for bad, said in ((["--lunch", "240"], "between 0 and 180"),
                          (["--lunch-at", "noon"], "must look like 12:00")):
            assert main(["schedule", str(plan_file), *bad, "-q"]) == 2
            err = capsys.readouterr().err
            assert said in err and "Traceback" not in err
            assert plan_file.read_bytes() == before
    finally:
        set_language(None)


def test_the_calendars_days_and_hours_are_kept_for_the_next_build(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Next month's ``schedule --keep-days`` keeps Saturdays and the 7-hour day of the first."""
    assert main(["schedule", str(plan_file), "--days", "mon,tue,wed,thu,fri,sat",
                 "--day-hours", "7", "--weeks", "2", "-q"]) == 0
    plan = load_plan(plan_file)
    assert plan.settings.working_days == ("mon", "tue", "wed", "thu", "fri", "sat")
    assert (plan.settings.day_hours, plan.settings.cycle_weeks) == (7.0, 2)
    capsys.readouterr()
    assert main(["schedule", str(plan_file), "--keep-days", "-q"]) == 0
    again = load_plan(plan_file)
    assert again.meta["schedule_days"] == ["mon", "tue", "wed", "thu", "fri", "sat"]
    assert again.meta["schedule_day_hours"] == 7.0 and again.meta["schedule_cycle_weeks"] == 2
    assert "sat" in set(again.schedule["day"])
    assert (again.schedule.groupby(["territory", "week", "day"])["day_hours"].max() <= 7.0).all()


def test_a_frequency_rule_without_a_calendar_rhythm_says_what_the_calendar_does(
    plan_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_language("en")
    try:
        assert main(["frequency", str(plan_file), "--rule", "A=3", "--rule", "B=2",
                     "--rule", "C=0.25"]) == 0
        out = capsys.readouterr().out
        lines = {line.split(":")[0].strip(): line for line in out.splitlines()
                 if line.startswith("  ")}  # the counts, in the words of the window
        assert lines["3 per 4 weeks"].endswith(
            "(no calendar rhythm: the calendar visits them 4 times)")
        assert lines["once every 16 weeks"].endswith("visits them 0.333 times)")
        assert "rhythm" not in lines["every 2 weeks"]
        assert main(["schedule", str(plan_file), "-q"]) == 0
        assert "visits per 4 weeks: 0.25 → 0.333, 3 → 4)" in capsys.readouterr().out
    finally:
        set_language(None)


def test_the_japanese_table_calls_the_territory_name_a_territory_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """「顧客名」 (the customer's name) headed the territory names of schedule's table."""
    path = tmp_path / "one.gpkg"
    save_plan(synthetic_plan(20, territories=1, seed=4), path)
    set_language("ja")
    try:
        assert main(["schedule", str(path), "-q"]) == 0
        head = capsys.readouterr().out.splitlines()[0]
    finally:
        set_language(None)
    assert "テリトリー名" in head and "顧客名" not in head


@pytest.mark.parametrize("start", ["9999-12-25", "0001-01-01", "1900-01-01"])
def test_a_start_date_out_of_any_plans_years_is_one_sentence(
    plan_file: Path, capsys: pytest.CaptureFixture[str], start: str
) -> None:
    """9999-12-25 ended in an OverflowError from the holiday calendar; 0001 was taken."""
    before = plan_file.read_bytes()
    assert main(["schedule", str(plan_file), "--start", start, "-q"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["territory-planner: The start date must be a date from 2000 to 2099, like "
                   "2027-04-05."]
    assert plan_file.read_bytes() == before


def test_schedule_names_the_reps_without_a_home_base_and_how_to_set_one(
        plan_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """「T02 には拠点がない」 said a code the manager never typed, and not where to set it."""
    plan = load_plan(plan_file)
    first, second = plan.territories
    plan = plan.replace(territories=(first, second.replace(name="東京エリア", rep="鈴木 一郎")))
    save_plan(plan, plan_file)
    set_language("ja")
    try:
        assert main(["schedule", str(plan_file), "-q"]) == 0
    finally:
        set_language(None)
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "拠点がない" in x)
    assert line.startswith("鈴木 一郎（東京エリア）には拠点がないため")
    assert second.id not in line
    assert f"homes {plan_file} HOMES.csv" in line and "テリトリーはそのまま" in line and "担当者の拠点をファイルから読み込む…" in line


def test_a_territory_named_after_its_rep_is_named_once() -> None:
    """The import names each territory after its rep: 「鈴木 一郎（鈴木 一郎）」 said it twice."""
    from planner._schedule_no_home import rep_label

    plan = synthetic_plan(10, territories=2, seed=1)
    first, second = plan.territories
    plan = plan.replace(territories=(first.replace(name="佐藤 花子", rep="佐藤　花子"),
                                     second.replace(name="東京エリア", rep="鈴木 一郎")))
    set_language("ja")
    try:
        assert rep_label(plan, first.id) == "佐藤　花子"
        assert rep_label(plan, second.id) == "鈴木 一郎（東京エリア）"
    finally:
        set_language(None)
