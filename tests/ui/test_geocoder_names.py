"""The address-search choice names its services in the window's language."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from planner import i18n
from planner import model as m
from planner.ui.import_dialog import geocoder_row


def _items(qtbot) -> list[str]:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    _check, combo, _row = geocoder_row(parent, "Find positions online", m.Settings())
    return [combo.itemText(i) for i in range(combo.count())]


def test_english_window_names_gsi_in_english(qtbot) -> None:  # type: ignore[no-untyped-def]
    items = _items(qtbot)
    gsi = next(t for t in items if "GSI" in t)
    assert gsi.startswith("Japan GSI address search")
    assert "国土地理院" not in "".join(items)


def test_japanese_window_names_gsi_in_japanese(qtbot) -> None:  # type: ignore[no-untyped-def]
    i18n.set_language("ja")
    try:
        assert any(t.startswith("国土地理院 住所検索") for t in _items(qtbot))
    finally:
        i18n.set_language("en")
