"""Preferences → 印刷の地図に背景: the window's PDF and print preview put the hand-outs' maps
on the street tiles (on by default), without them when switched off; offline, one sentence
says the maps printed without them."""

from __future__ import annotations

import pytest

from planner.export.print_tiles import PRINT_URLS
from planner.schedule import build_schedule
from planner.synthetic import synthetic_plan
from planner.ui import settings_store
from planner.ui.export_choice import ExportChoice, print_background
from tests.core.tile_server import tile_server
from tests.ui.test_preferences_note import close_preferences
from tests.ui.test_recovery_offer import open_window

pytestmark = pytest.mark.usefixtures("isolated")

OFFLINE = "The map backgrounds could not be fetched (offline). The maps were printed without them."
#: The preview's: nothing is printed yet, and it says how to try again or go without.
PREVIEW_OFFLINE = (
    "The map backgrounds could not be fetched (offline): the maps show without them. Close the "
    "preview and print again to try again, or switch them off in Edit → Preferences… (Map "
    "background in print).")


@pytest.fixture(scope="module")
def plan():
    return build_schedule(synthetic_plan(30, territories=2, seed=3), weeks=1,
                          route_seconds=0.01)


def _export_pdf(qtbot, window, path) -> str:  # type: ignore[no-untyped-def]
    files = window.actions_ui.files
    files.ask_export_choice = lambda *_a, **_k: ExportChoice()  # every rep
    files.ask_save_path = lambda *_a: str(path)
    with qtbot.waitSignal(files.exported, timeout=120_000):
        window.actions_ui.actions["export_pdf"].trigger()
    return window.statusBar().currentMessage()


def test_the_window_follows_the_switch_and_the_base_map(qtbot, tmp_path, plan, monkeypatch):
    monkeypatch.setenv("PLANNER_TILE_CACHE", str(tmp_path / "cache"))
    window = open_window(qtbot, plan)
    assert settings_store.map_background()  # on unless switched off
    with tile_server("colour") as server:
        monkeypatch.setenv("TP_PRINT_TILES_URL", server.url)
        said = _export_pdf(qtbot, window, tmp_path / "on.pdf")
        asked = server.requests
        assert asked > 0 and "map background" not in said

        def off(dialog) -> None:  # type: ignore[no-untyped-def]
            assert dialog.map_background.isChecked()
            dialog.map_background.setChecked(False)

        close_preferences(window, off)
        window.actions_ui.show_preferences()
        assert "Map background in print included → left out" in (
            window.statusBar().currentMessage())
        assert settings_store.map_background() is False and print_background() is None
        _export_pdf(qtbot, window, tmp_path / "off.pdf")
        assert server.requests == asked
    # the window's base map chooses the GSI tiles; OpenStreetMap's are never printed
    monkeypatch.delenv("TP_PRINT_TILES_URL")
    settings_store.set_map_background(True)
    for base, printed in (("gsi_std", "gsi_std"), ("gsi_pale", "gsi_pale"),
                          ("osm", "gsi_pale")):
        settings_store.set_base_map(base)
        tiles = print_background()
        assert tiles is not None and tiles.url == PRINT_URLS[printed]


def _preview_notes(qtbot, window) -> list[str]:  # type: ignore[no-untyped-def]
    """File → Print handouts… of every rep: the preview's note (the dialog not shown)."""
    printing = window.actions_ui.printing
    notes: list[str] = []

    def preview(pdf_path: str) -> None:  # instead of the modal preview
        dialog = printing.preview_dialog(pdf_path)
        qtbot.addWidget(dialog)
        notes.append(dialog.note_label.text())
        dialog.close()

    printing.show_preview = preview
    window.actions_ui.files.ask_export_choice = lambda *_a, **_k: ExportChoice()
    with qtbot.waitSignal(printing.pdfReady, timeout=120_000):
        window.actions_ui.actions["print_handouts"].trigger()
    qtbot.waitUntil(lambda: bool(notes), timeout=10_000)
    return notes


def test_offline_the_export_and_the_preview_say_so(qtbot, tmp_path, plan):
    """The session's tiles are on a refused port: as a computer offline."""
    window = open_window(qtbot, plan)
    assert OFFLINE in _export_pdf(qtbot, window, tmp_path / "down.pdf")
    assert _preview_notes(qtbot, window) == [PREVIEW_OFFLINE]


def test_the_japanese_preview_offline_says_shown_not_printed_and_where_to_switch(
        qtbot, plan, japanese):
    """A manager looking at the preview has printed nothing: 「表示しています」, not
    「印刷しました」, with the way to try again and the switch named as the menus name it."""
    from planner.i18n import tr
    from planner.ui.menu_table import without_access_key

    window = open_window(qtbot, plan)
    [note] = _preview_notes(qtbot, window)
    assert note.startswith("地図の背景を取得できませんでした（オフライン）。地図は背景なしで表示しています。")
    assert "。 " not in note  # Japanese sentences run on, no space after 。
    assert "印刷しました" not in note and "プレビューを閉じてもう一度印刷" in note
    menus = [without_access_key(a.text()) for a in window.menuBar().actions()]
    preferences = without_access_key(window.actions_ui.actions["preferences"].text())
    assert "編集" in menus and preferences == "設定…"  # as the window shows them
    assert "「編集」→「設定…」" in note
    assert f"「{tr('Map background in print')}」" in note


def test_cancel_while_the_tiles_load_stops_the_print_build_at_once(qtbot, tmp_path, plan,
                                                                   monkeypatch):
    """File → Print handouts… on a slow server: Cancel while the first map's tiles load ends
    the build before the server has answered one tile, and the server is not taken for down."""
    import threading

    monkeypatch.setenv("PLANNER_TILE_CACHE", str(tmp_path / "cache"))
    window = open_window(qtbot, plan)
    printing = window.actions_ui.printing
    printing.show_preview = lambda _path: pytest.fail("cancelled: no preview")
    hold = threading.Event()  # the server answers nothing until the build has stopped
    with tile_server("colour", hold=hold) as server:
        monkeypatch.setenv("TP_PRINT_TILES_URL", server.url)
        try:
            task = printing.start(ExportChoice())
            assert task is not None
            qtbot.waitUntil(lambda: server.requests > 0, timeout=60_000)
            with qtbot.waitSignal(task.cancelled, timeout=60_000):
                task.cancel()  # the progress dialog's Cancel
            answered = server.answered
        finally:
            hold.set()
    assert answered == 0  # stopped while every tile was still held back
    assert printing._background is not None and not printing._background.failed
    assert printing._tmpdir is None  # nothing left behind
