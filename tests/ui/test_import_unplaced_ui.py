"""A first import of a list without coordinates while the address search is offline: the
window says first, in one notice, how many customers have no position and how to look them
up later; every row is still named below (the rows of a list without coordinates, each
alike but for its address, on one line of the table)."""

from __future__ import annotations

import socket

import pytest

from planner import model as m
from planner.i18n import set_language, tr
from planner.ui.import_dialog import ImportDialog

pytestmark = pytest.mark.usefixtures("isolated")

ROWS = 30


def _list(tmp_path) -> str:
    path = tmp_path / "list.csv"
    lines = ["顧客名,住所"] + [f"店{i},東京都新宿区西新宿{i % 7 + 1}-{i + 1}-1" for i in range(ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _offline(monkeypatch, tmp_path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("PLANNER_GSI_URL", f"http://127.0.0.1:{port}/search")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def _import(qtbot, path: str, *, search: bool) -> ImportDialog:
    dialog = ImportDialog(path, m.Settings())
    qtbot.addWidget(dialog)
    if search:
        dialog.geocode_check.setChecked(True)
        dialog.provider_combo.setCurrentIndex(dialog.provider_combo.findData("gsi"))
    with qtbot.waitSignal(dialog.imported, timeout=60_000):
        dialog.start_import()
    return dialog


def test_an_offline_first_import_says_first_how_to_look_the_positions_up(
        qtbot, tmp_path, monkeypatch) -> None:
    set_language("ja")
    _offline(monkeypatch, tmp_path)
    dialog = _import(qtbot, _list(tmp_path), search=True)
    text = dialog.summary.text()
    menu = tr("Update customers from spreadsheet…")
    box = tr("Find positions of new customers, new addresses and customers without one (online)")
    assert text.startswith(f"{ROWS}件に地図上の位置がありません（住所検索に接続できませんでした）。"
                           "インターネットに接続してから、")
    assert f"{tr('&File').split('(')[0]}→{menu}" in text and f"「{box}」" in text
    assert text.count("地図上の位置がありません") == 1  # one notice, not one a row
    assert dialog.problem_table.rowCount() == ROWS  # the rows are still listed one by one


def test_a_first_import_without_a_lookup_says_the_addresses_were_not_looked_up(
        qtbot, tmp_path) -> None:
    set_language("en")
    dialog = _import(qtbot, _list(tmp_path), search=False)
    assert dialog.summary.text().startswith(
        f"{ROWS} customers have no position on the map (the list has no coordinates and the "
        "addresses were not looked up). Connect to the internet, then choose File → Update "
        "customers from spreadsheet… with the same list")
    table = dialog.problem_table
    assert table.rowCount() == 1  # 30 rows alike but for their addresses
    assert table.text(0, 0) == f"2 (+{ROWS - 1})"
    named = ", ".join(str(r) for r in range(2, 22))  # the first 20 rows, then a count
    assert table.text(0, 5).endswith(f"The same on {ROWS} rows: {named} and {ROWS - 20} more rows.")


def test_a_list_with_a_located_customer_tells_its_rows_one_by_one(qtbot, tmp_path) -> None:
    set_language("en")
    path = tmp_path / "list.csv"
    path.write_text("顧客名,住所,緯度,経度\n山田商店,東京都新宿区1,35.69,139.70\n"
                    "佐藤商店,東京都渋谷区2,,\n", encoding="utf-8")
    dialog = _import(qtbot, str(path), search=False)
    assert "no position" not in dialog.summary.text()
