"""The owner marker beside an open plan (``~$<name>.owner``): written, read, recognised as
another's or as left by a crash, removed; and the commands' warning when a window holds it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from planner import owner_marker as om
from planner.cli import main
from planner.i18n import tr
from planner.store import save_plan
from planner.synthetic import synthetic_plan


def dead_pid() -> int:
    """The number of a process of this computer that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def write_foreign(plan: Path, *, computer: str = "PC-OSAKA-12", user: str = "田中",
                  pid: int = 4242, opened: datetime | None = None) -> Path:
    path = om.marker_path(plan)
    when = opened or datetime(2026, 12, 2, 1, 32, tzinfo=UTC)
    path.write_text(json.dumps({"program": "Territory Planner", "version": "0.1.0",
                                "user": user, "computer": computer, "pid": pid,
                                "opened": when.isoformat()}), encoding="utf-8")
    return path


@pytest.fixture()
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.gpkg"
    save_plan(synthetic_plan(30, territories=2, seed=3), path)
    return path


def test_held_marker_names_this_process_and_goes_on_release(tmp_path: Path) -> None:
    plan = tmp_path / "共有プラン.gpkg"
    written = om.hold(plan)
    assert written == tmp_path / "~$共有プラン.gpkg.owner"
    data = json.loads(written.read_text(encoding="utf-8"))
    assert data["pid"] == os.getpid() and data["computer"] == om.computer_name()
    assert data["user"] == om.user_name() and data["version"] and data["opened"]
    assert om.read_marker(plan) is not None and om.read_marker(plan).is_ours()
    assert om.other_owner(plan) is None  # our own marker is nobody else's
    assert [p.name for p in tmp_path.iterdir()] == [written.name]  # no temporary left
    om.release(plan)
    assert not written.exists()


def test_two_windows_of_one_process_keep_the_marker_until_the_last_closes(tmp_path: Path):
    plan = tmp_path / "plan.gpkg"
    om.hold(plan)
    om.hold(plan)
    om.release(plan)
    assert om.marker_path(plan).exists()
    om.release(plan)
    assert not om.marker_path(plan).exists()


def test_another_computers_marker_is_anothers_and_never_removed_by_us(tmp_path: Path):
    plan = tmp_path / "plan.gpkg"
    path = write_foreign(plan)
    marker = om.other_owner(plan)
    assert marker is not None and marker.user == "田中" and marker.computer == "PC-OSAKA-12"
    om.release(plan)  # a window that opened it anyway closes: the other's marker stays
    assert path.exists()


def test_a_live_process_of_this_computer_is_another_owner(tmp_path: Path):
    plan = tmp_path / "plan.gpkg"
    write_foreign(plan, computer=om.computer_name(), pid=os.getppid())
    marker = om.other_owner(plan)
    assert marker is not None and not marker.is_dead() and marker.mine_elsewhere() == (
        marker.user == om.user_name())


def test_a_crashed_windows_marker_is_ignored_and_replaced(tmp_path: Path):
    plan = tmp_path / "plan.gpkg"
    write_foreign(plan, computer=om.computer_name(), pid=dead_pid())
    assert om.read_marker(plan).is_dead()
    assert om.other_owner(plan) is None
    om.hold(plan)
    assert om.read_marker(plan).is_ours()
    om.release(plan)


def test_old_marker_of_another_computer(tmp_path: Path):
    plan = tmp_path / "plan.gpkg"
    write_foreign(plan, opened=datetime.now(UTC) - timedelta(hours=30))
    assert om.other_owner(plan).is_old()
    write_foreign(plan, opened=datetime.now(UTC) - timedelta(hours=2))
    assert not om.other_owner(plan).is_old()


def test_a_damaged_marker_is_no_owner(tmp_path: Path):
    plan = tmp_path / "plan.gpkg"
    om.marker_path(plan).write_text("{not json", encoding="utf-8")
    assert om.other_owner(plan) is None


def test_a_read_only_folder_never_stops_opening(tmp_path: Path, monkeypatch, caplog):
    plan = tmp_path / "plan.gpkg"

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(om, "_write_atomically", refuse)
    with caplog.at_level("WARNING", logger="planner.owner_marker"):
        assert om.hold(plan) is None
    assert "could not write the owner marker" in caplog.text
    om.release(plan)  # nothing held: nothing happens


def test_a_name_at_the_limit_gets_a_short_marker_name(tmp_path: Path):
    plan = tmp_path / ("あ" * 82 + ".gpkg")  # 251 bytes
    name = om.marker_path(plan).name
    assert name.startswith("~$") and name.endswith(".owner")
    assert len(name.encode("utf-8")) <= 255


def test_the_time_in_japanese(japanese: None):
    marker = om.Marker(user="田中", computer="PC-OSAKA-12", pid=1,
                       opened=datetime(2026, 12, 2, 10, 32).astimezone())
    now = datetime(2026, 12, 3, 9, 0).astimezone()
    assert marker.since(now) == "12月2日 10:32"
    assert tr("This plan has been open by {user} ({computer}) since {time}. If both of you "
              "edit it, the changes saved last replace the other's.", **marker.names(),
              time=marker.since(now)) == ("このプランは田中（PC-OSAKA-12）が 12月2日 10:32 から開いて"
                                          "います。同時に編集すると、後から保存した側の変更で上書き"
                                          "されます。")
    assert marker.since(datetime(2027, 1, 5).astimezone()) == "2026年12月2日 10:32"


def test_the_program_ending_on_an_uncaught_exception_removes_its_marker(tmp_path: Path):
    plan = tmp_path / "plan.gpkg"
    code = ("import sys; from planner import owner_marker as om; "
            f"om.hold({str(plan)!r}); "
            "assert om.marker_path(sys.argv[1]).exists(); raise RuntimeError('boom')")
    env = {**os.environ, "PYTHONPATH": str(Path(om.__file__).parents[1])}
    done = subprocess.run([sys.executable, "-c", code, str(plan)], env=env,
                          capture_output=True, text=True)
    assert "boom" in done.stderr and "AssertionError" not in done.stderr
    assert not om.marker_path(plan).exists()


@pytest.mark.parametrize("command", [
    ["frequency", "{plan}", "--rule", "A=4"],
    ["schedule", "{plan}", "-q"],
])
def test_commands_that_write_a_plan_a_window_holds_warn_once(
        plan_file: Path, command: list[str], capsys: pytest.CaptureFixture[str],
        english: None) -> None:
    write_foreign(plan_file)
    args = [a.format(plan=plan_file) for a in command]
    assert main(args) == 0
    err = [line for line in capsys.readouterr().err.splitlines() if "is open in a window" in line]
    assert err == [f"territory-planner: warning: {plan_file.name} is open in a window of 田中 "
                   f"(PC-OSAKA-12) since {om.read_marker(plan_file).since()}; the plan is "
                   "written all the same, and that window asks before saving over it."]


def test_reading_commands_and_a_crashed_windows_marker_say_nothing(
        plan_file: Path, capsys: pytest.CaptureFixture[str], english: None) -> None:
    write_foreign(plan_file)
    assert main(["stats", str(plan_file)]) == 0
    assert "is open in a window" not in capsys.readouterr().err
    write_foreign(plan_file, computer=om.computer_name(), pid=dead_pid())
    assert main(["frequency", str(plan_file), "--rule", "A=4"]) == 0
    assert "is open in a window" not in capsys.readouterr().err
