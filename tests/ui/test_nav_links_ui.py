"""Preferences → Program → Google Maps links: a company that forbids Google turns the Google Maps
links off, and the exports made from the window leave them out (on by default)."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import settings_store
from planner.ui.export_choice import ExportChoice
from tests.ui.test_preferences_note import close_preferences
from tests.ui.test_recovery_offer import open_window

pytestmark = pytest.mark.usefixtures("isolated")


def _export(qtbot, window, tmp_path, name: str, action: str):  # type: ignore[no-untyped-def]
    files = window.actions_ui.files
    files.ask_export_choice = lambda *_a, **_k: ExportChoice()  # every rep
    files.ask_save_path = lambda *_a: str(tmp_path / name)
    with qtbot.waitSignal(files.exported, timeout=60_000):
        window.actions_ui.actions[action].trigger()
    return tmp_path / name


def _links(path) -> int:  # type: ignore[no-untyped-def]
    wb = load_workbook(path)
    return sum(1 for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.hyperlink)


def test_the_switch_leaves_the_links_out_of_the_exports(qtbot, tmp_path):
    window = open_window(qtbot, build_schedule(synthetic_plan(30, territories=2, seed=3),
                                               route_seconds=0.01))
    assert settings_store.nav_links()  # on unless switched off
    assert _links(_export(qtbot, window, tmp_path, "on.xlsx", "export_excel")) > 0
    assert "google.com/maps" in _export(qtbot, window, tmp_path, "on.html",
                                        "export_html").read_text(encoding="utf-8")

    def off(dialog) -> None:
        assert dialog.nav_links.isChecked()
        dialog.nav_links.setChecked(False)

    close_preferences(window, off)
    window.actions_ui.show_preferences()
    assert "Google Maps links included → left out" in window.statusBar().currentMessage()
    assert settings_store.nav_links() is False
    assert _links(_export(qtbot, window, tmp_path, "off.xlsx", "export_excel")) == 0
    assert "google.com/maps" not in _export(qtbot, window, tmp_path, "off.html",
                                            "export_html").read_text(encoding="utf-8")
