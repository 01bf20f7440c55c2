"""``territory-planner import`` of a list without coordinates while offline: one notice first
(how many customers have no position, why, and the command that looks them up), the rows
still listed; the command it names does locate them once online."""

from __future__ import annotations

import shlex
import socket
from pathlib import Path

import pytest

from planner import cli
from planner import model as m
from planner.store import load_plan
from tests.core.fake_geocoder import FakeGeocoder

ROWS = 12


def _list(tmp_path: Path) -> Path:
    path = tmp_path / "list.csv"
    lines = ["顧客名,住所"] + [f"店{i},東京都新宿区西新宿{i % 5 + 1}-{i + 1}-1" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_offline_import_says_first_how_to_look_the_positions_up(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        japanese: None) -> None:
    monkeypatch.setenv("PLANNER_GSI_URL", f"http://127.0.0.1:{_closed_port()}/search")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    sheet, plan = _list(tmp_path), tmp_path / "plan.gpkg"
    assert cli.main(["import", str(sheet), "-o", str(plan), "--geocode", "gsi"]) == 0
    lines = capsys.readouterr().out.splitlines()
    command = f"territory-planner update {shlex.quote(str(plan))} {shlex.quote(str(sheet))} " \
              "--geocode gsi"
    assert lines[1] == (f"  {ROWS}件に地図上の位置がありません（住所検索に接続できませんでした）。"
                        f"インターネットに接続してから、次のコマンドで位置を求めてください: {command}")
    assert sum("地図上の位置がありません" in line for line in lines) == 1
    assert any(line.startswith(f"  {ROWS}件 × 住所検索に接続できない") for line in lines)
    # the command it names locates them once the search answers
    with FakeGeocoder() as server:
        monkeypatch.setenv("PLANNER_GSI_URL", server.gsi_url)
        assert cli.main(shlex.split(command)[1:]) == 0
    assert m.located_mask(load_plan(plan).customers).all()


def test_an_import_without_a_lookup_says_the_addresses_were_not_looked_up(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], english: None) -> None:
    sheet, plan = _list(tmp_path), tmp_path / "plan.gpkg"
    assert cli.main(["import", str(sheet), "-o", str(plan)]) == 0
    second = capsys.readouterr().out.splitlines()[1]
    assert second.startswith(f"  {ROWS} customers have no position on the map (the list has no "
                             "coordinates and the addresses were not looked up). Connect to the "
                             "internet, then run: territory-planner update ")
    assert second.endswith(" --geocode gsi")
