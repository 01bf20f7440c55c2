"""``territory-planner stats``: JSON keys and values, the readable table, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from planner import model as m
from planner._cli.stats_cmd import format_table, text_width
from planner.synthetic import synthetic_plan
from planner.territories import territory_metrics

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, lang: str = "en_US.UTF-8") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LANG": lang, "LC_ALL": "", "LC_MESSAGES": "", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "planner", "stats", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, m.Plan]:
    from planner.store import save_plan

    plan = synthetic_plan(300, territories=3, seed=11)
    customers = plan.customers.copy()
    customers.loc[0, m.TERRITORY] = ""
    t1, *others = plan.territories
    t1 = t1.replace(day_start="10:00", days_off=("2026-12-24",))
    plan = plan.replace(customers=customers, territories=(t1, *others))
    path = tmp_path_factory.mktemp("stats") / "プラン.gpkg"
    save_plan(plan, path)
    return path, plan


def test_json_has_the_documented_keys_and_values(saved: tuple[Path, m.Plan]) -> None:
    path, plan = saved
    result = _run(str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"customers", "located", "assigned", "territories", "balance", "schedule"} <= set(data)
    assert (data["customers"], data["located"], data["assigned"]) == (300, 300, 299)
    assert data["schedule"] is None
    assert data["balance"]["measure"] == "workload"
    metrics = territory_metrics(plan)
    for t in data["territories"]:
        assert {"id", "name", "rep", "customers", "visits_per_cycle", "workload_hours_per_week",
                "sales", "travel_km_per_cycle", "deviation"} <= set(t)  # fmt: skip
        row = metrics.loc[t["id"]]
        assert t["customers"] == row["customers"]
        assert t["sales"] == pytest.approx(row["sales"])
        assert t["workload_hours_per_week"] == pytest.approx(
            row["workload_hours_per_week"], abs=0.01
        )
        assert t["name"] == plan.territory(t["id"]).name  # Japanese text survives as is
        home = plan.territory(t["id"])
        assert t["home"] == ([home.home_lat, home.home_lon] if home.has_home else None)
    first, second = data["territories"][:2]
    assert (first["day_start"], first["days_off"]) == ("10:00", ["2026-12-24"])
    assert (second["day_start"], second["days_off"]) == ("09:00", [])  # the plan's start
    assert data["last_update"] == {"added": 0, "changed": 0, "removed": 0}
    assert "エリア" in result.stdout  # ensure_ascii=False


def test_balance_option_changes_the_measure(saved: tuple[Path, m.Plan]) -> None:
    path, plan = saved
    data = json.loads(_run(str(path), "--json", "--balance", "sales").stdout)
    sales = pd.Series({t["id"]: t["sales"] for t in data["territories"]})
    expected = (sales - sales.mean()) / sales.mean()
    got = pd.Series({t["id"]: t["deviation"] for t in data["territories"]})
    assert got.to_numpy() == pytest.approx(expected.to_numpy(), abs=1e-5)
    assert data["balance"]["measure"] == "sales"


def test_table_is_aligned_for_japanese_text(saved: tuple[Path, m.Plan]) -> None:
    path, plan = saved
    result = _run(str(path), lang="ja_JP.UTF-8")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    table = [line for line in lines if line.startswith(("ID", "---", "T0"))]
    assert len(table) == 2 + len(plan.territories)
    # every row ends in the same display column: the columns line up
    assert len({text_width(line) for line in table}) == 1
    assert "テリトリー名" in lines[2] and "未作成" in result.stdout


def test_missing_file_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = _run(str(tmp_path / "none.gpkg"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_format_table_pads_by_display_width() -> None:
    text = format_table(["名前", "n"], [["東京", "1"], ["abc", "22"]], [False, True])
    lines = text.splitlines()
    assert lines[0] == "名前   n"
    assert lines[2] == "東京   1"
    assert lines[3] == "abc   22"
    assert text_width("東京a") == 5


def _stats(territories: list[dict]) -> dict:
    return {"customers": 3, "located": 3, "assigned": 3 if territories else 0,
            "territories": territories,
            "balance": {"measure": "workload", "max_deviation": 0.0, "cv": 0.0},
            "schedule": None}  # fmt: skip


def test_readable_stats_show_half_visits_the_calendars_km_and_when_there_are_no_territories() -> None:
    from planner._cli.stats_cmd import format_stats
    from planner.i18n import set_language

    set_language("en")
    try:
        row = {"id": "T01", "name": "東京", "rep": "山田", "customers": 3, "sales": 0.0,
               "visits_per_cycle": 646.5, "visits_per_4_weeks": 646.5,
               "workload_hours_per_week": 1.0,
               "travel_km_per_cycle": 0.0, "deviation": 0.0}  # fmt: skip
        table = format_stats(_stats([row]))
        assert " 646.5 " in table  # the half visit, as the dock and the workbook show it
        # the estimate says it is one; with a calendar, each rep's calendar km beside it
        assert "Travel km/cycle (estimate)" in table and "Calendar km" not in table
        routed = format_stats(_stats([{**row, "travel_km_per_cycle": 348.0,
                                       "scheduled_travel_km": 985.2,
                                       "scheduled_travel_km_per_cycle": 492.6}]))
        # what the rep drives first, then the same as a full cycle, said, beside the estimate
        assert "Calendar km " in routed and " 985 " in routed
        assert "Calendar km, full cycle without days off" in routed and " 493 " in routed
        assert " 348 " in routed and "What the reps drive is" in routed
        same = format_stats(_stats([{**row, "scheduled_travel_km": 492.6,
                                     "scheduled_travel_km_per_cycle": 492.6}]))
        assert "full cycle" not in same  # a plain 4-week calendar: one calendar figure
        empty = format_stats(_stats([]))
        assert "No territories yet" in empty and "Balance" not in empty and "---" not in empty
    finally:
        set_language(None)


def test_an_interrupt_after_the_save_says_the_plan_was_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while `frequency` prints its report: the file holds the result, and the
    message must not say "nothing was saved" (the manager would run it again)."""
    import planner._cli.frequency_cmd as frequency_cmd
    from planner.cli import main
    from planner.store import save_plan

    path = tmp_path / "plan.gpkg"
    plan = synthetic_plan(20, territories=1, seed=2)
    save_plan(plan, path)

    def interrupted_before(args):  # noqa: ANN001, ANN202
        raise KeyboardInterrupt

    def interrupted_after(args):  # noqa: ANN001, ANN202
        save_plan(plan, args.plan)
        raise KeyboardInterrupt

    monkeypatch.setattr(frequency_cmd, "run", interrupted_before)
    assert main(["frequency", str(path), "--rule", "A=4"]) == 130  # 128 + SIGINT
    assert "nothing was saved" in capsys.readouterr().err
    monkeypatch.setattr(frequency_cmd, "run", interrupted_after)
    assert main(["frequency", str(path), "--rule", "A=4"]) == 130
    err = capsys.readouterr().err
    assert "nothing was saved" not in err and "saved" in err and "plan.gpkg" in err


def test_a_kill_or_a_closed_terminal_stops_a_command_as_ctrl_c_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """SIGTERM (kill) or SIGHUP (the terminal closed) while a command saves: the save
    cleans up after itself and the plan stays as it was, as with Ctrl-C."""
    import os
    import signal

    import planner.store as store_module
    from planner.cli import main
    from planner.store import save_plan

    path = tmp_path / "plan.gpkg"
    save_plan(synthetic_plan(20, territories=1, seed=2), path)
    before = path.read_bytes()
    real = store_module._write_plan
    for number in (signal.SIGTERM, signal.SIGHUP):
        def killed(plan, tmp, progress, _n=number):  # noqa: ANN001, ANN202
            real(plan, tmp, progress)
            os.kill(os.getpid(), _n)  # arrives while the file is half saved

        monkeypatch.setattr(store_module, "_write_plan", killed)
        handler = signal.getsignal(number)
        assert main(["frequency", str(path), "--rule", "A=1"]) == 128 + number  # 143, 129
        assert "nothing was saved" in capsys.readouterr().err
        assert path.read_bytes() == before
        assert [p.name for p in tmp_path.iterdir()] == ["plan.gpkg"]
        assert signal.getsignal(number) is handler  # the test's own handling is back


def test_under_nohup_a_closed_terminal_does_not_stop_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    import planner._cli.frequency_cmd as frequency_cmd
    from planner.cli import main
    from planner.store import save_plan

    path = tmp_path / "plan.gpkg"
    save_plan(synthetic_plan(20, territories=1, seed=2), path)
    seen = []
    monkeypatch.setattr(frequency_cmd, "run", lambda args: seen.append(
        signal.getsignal(signal.SIGHUP)) or 0)
    previous = signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as nohup starts it
    try:
        assert main(["frequency", str(path), "--rule", "A=1"]) == 0
    finally:
        signal.signal(signal.SIGHUP, previous)
    assert seen == [signal.SIG_IGN]


def test_the_stats_table_rounds_the_weekly_hours_once(tmp_path, capsys):
    """`stats` printed 34.0 hours where the window, `design` and `compare` said 33.9: the
    table rounded the JSON's 33.95 (itself rounded from 33.9494) a second time."""
    from planner import territories as tmod
    from planner._cli.stats_cmd import format_stats
    from planner.stats import plan_stats

    plan = synthetic_plan(400, territories=10, seed=5)  # T05: 7.0528 h, in the JSON 7.05
    metrics = tmod.territory_metrics(plan)
    table = format_stats(plan_stats(plan))
    for tid, hours in metrics["workload_hours_per_week"].items():
        line = next(x for x in table.splitlines() if x.split() and x.split()[0] == tid)
        assert f"{hours:,.1f}" in line.split(), (tid, hours, line)


def test_the_calendars_km_beside_the_estimate_cover_one_cycle_as_it_does() -> None:
    """Customers seen every 8 weeks make the calendar run 8 weeks on a 4-week cycle: its km
    per cycle (half its total), not the whole calendar's, stand beside the estimate per cycle."""
    from planner._cli.stats_cmd import format_stats
    from planner.i18n import set_language
    from planner.stats import plan_stats

    plan = synthetic_plan(50, territories=2, seed=2)
    assert plan.settings.cycle_weeks == 4
    rows = [("T01", "C000001", 1, "mon", 1, "09:20", "09:50", 10.0, 20.0),
            ("T01", "C000002", 7, "mon", 1, "10:00", "10:30", 30.0, 10.0),
            ("T02", "C000003", 2, "tue", 1, "09:10", "10:00", 8.0, 10.0)]  # fmt: skip
    schedule = pd.DataFrame(rows, columns=list(m.SCHEDULE_COLUMNS))
    planned = plan.replace(schedule=schedule, meta={"schedule_weeks": 8})
    stats = plan_stats(planned)
    by_id = {t["id"]: t for t in stats["territories"]}
    assert stats["schedule"]["weeks"] == 8 and stats["schedule"]["travel_km"] == 48.0
    assert by_id["T01"]["scheduled_travel_km"] == pytest.approx(40.0)  # the whole calendar
    assert by_id["T01"]["scheduled_travel_km_per_cycle"] == pytest.approx(20.0)  # 4 of 8 weeks
    assert by_id["T02"]["scheduled_travel_km_per_cycle"] == pytest.approx(4.0)
    set_language("en")
    try:
        table = format_stats(stats)
    finally:
        set_language(None)
    header, _rule, first = table.splitlines()[2:5]
    assert "Calendar km (8 weeks)" in header and "Travel km/cycle (estimate)" in header
    assert "Calendar km, full cycle without days off" in header
    cells = first.split()
    # the whole calendar's 40 km, then per cycle, as the estimate beside it
    assert cells[-4:-2] == ["40", "20"]


def test_a_deviation_that_rounds_to_nothing_reads_plus_zero() -> None:
    """-0.0003 reads 0.0% in the stats table, as in the workbook (it read -0.0%); the design
    table and the comparison use the same words."""
    from planner._cli.stats_cmd import format_stats
    from planner.territories import deviation_text

    row = {"id": "T01", "name": "東京", "rep": "山田", "customers": 3, "sales": 0.0,
           "visits_per_cycle": 6.0, "visits_per_4_weeks": 6.0,
           "workload_hours_per_week": 1.0,
           "travel_km_per_cycle": 0.0, "deviation": -0.0003}  # fmt: skip
    table = format_stats(_stats([row]))
    assert " 0.0%" in table and "-0.0%" not in table
    assert [deviation_text(v) for v in (-0.0003, 0.0, -0.0, 0.0004, -0.0006, 0.032)] == [
        "0.0%", "0.0%", "0.0%", "0.0%", "-0.1%", "+3.2%"]


@pytest.mark.parametrize("name", ["得意先 一覧.xlsx", "customers.csv"])
def test_a_customer_list_given_as_the_plan_says_to_import_it_first(tmp_path: Path, name: str) -> None:
    """A first command on the office's list (stats customers.xlsx): 「… はプランファイルでは
    ありません」 said nothing of the import; the line gives the command making the plan."""
    import openpyxl

    path = tmp_path / name
    if name.endswith(".xlsx"):
        wb = openpyxl.Workbook()
        wb.active.append(["得意先コード", "得意先名", "緯度", "経度"])
        wb.active.append(["T1", "中村酒店", 34.70, 135.50])
        wb.save(path)
    else:
        path.write_bytes("得意先コード,得意先名,緯度,経度\nT1,中村酒店,34.70,135.50\n"
                         .encode("cp932"))
    proc = _run(str(path), "--lang", "ja")
    assert proc.returncode == 1 and proc.stdout == ""
    quoted = f'"{path}"' if " " in str(path) else str(path)
    assert proc.stderr == (
        f"territory-planner: {name} は顧客リストで、プランファイルではありません。先にプランを"
        f"作ってください（territory-planner import {quoted} -o PLAN.gpkg）。\n")
    png = tmp_path / "map.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)  # no list: the line as before
    assert "is not a plan file (GeoPackage)" in _run(str(png)).stderr
