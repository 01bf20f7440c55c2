"""The import's "no positions" notice knows an offline address search by the geocoder's own
count of the rows it could not reach the search for (carried in the import result), not by
the words of each row's reason: a search that timed out says so, and a list looked up in one
language is told in another."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from planner import cli
from planner._geocode_types import LookupFailure, Match
from planner._import_unplaced import WINDOW_CURE, unplaced_text
from planner.geocode import geocode_customers
from planner.i18n import set_language, tr
from planner.spreadsheet import read_customers


def _list(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "list.csv"
    lines = ["顧客名,住所"] + [f"店{i},東京都豊島区南池袋{i % 3 + 1}-{i + 7}-2" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class _NoAnswer:
    """An address search that never answers in time (a connection that hangs)."""

    name = "gsi"
    requests = 0

    def lookup(self, query: str, *, timeout: float) -> Match | None:
        self.requests += 1
        raise LookupFailure("timeout", "timed out")


@pytest.fixture
def own_cache(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PLANNER_GEOCODE_CACHE", str(tmp_path / "cache.sqlite"))


def test_a_search_that_never_answers_in_time_is_told_as_offline(
        tmp_path, monkeypatch, capsys, own_cache, japanese) -> None:
    """Three shops, each lookup timing out: no row's reason is the "cannot be reached" one,
    yet the notice says the search could not be reached, and how to look them up later."""
    import planner.geocode as geocode

    monkeypatch.setattr(geocode, "make_provider", lambda *_a, **_k: _NoAnswer())
    monkeypatch.setattr(geocode, "_sleep", lambda *_a: None)  # no back-off between retries
    sheet, plan = _list(tmp_path, 3), tmp_path / "plan.gpkg"
    assert cli.main(["import", str(sheet), "-o", str(plan), "--geocode", "gsi"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith("  3件に地図上の位置がありません（住所検索に接続できませんでした）。"
                               "インターネットに接続してから、")


def test_the_notice_knows_an_offline_search_in_another_language(
        tmp_path, monkeypatch, own_cache) -> None:
    """The rows looked up (and their reasons written) in English, the notice told in
    Japanese: still the offline notice, counting every shop."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("PLANNER_GSI_URL", f"http://127.0.0.1:{port}/search")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    set_language("en")
    try:
        result = read_customers(_list(tmp_path, 5))
        geo = geocode_customers(result.customers, provider="gsi", retries=0)
        result = result.with_geocoding(geo.customers, list(geo.problems),
                                       unreached=geo.unreached)
        assert result.unreached == 5
        set_language("ja")
        text = unplaced_text(result.customers, searched=True, cure=tr(WINDOW_CURE),
                             unreached=result.unreached)
    finally:
        set_language(None)
    assert text.startswith("5件に地図上の位置がありません（住所検索に接続できませんでした）。")
