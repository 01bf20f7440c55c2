"""「ここに担当者を追加」's first dialog says what will happen to the new territory."""

from __future__ import annotations

from planner.i18n import set_language
from planner.ui.new_rep_dialog import NewRepDialog


def test_the_intro_follows_whether_a_home_address_is_typed(qtbot) -> None:
    """A typed address grows the territory around it; the intro said 「離れた側」 regardless."""
    set_language("ja")
    dialog = NewRepDialog("東京エリア")
    qtbot.addWidget(dialog)
    assert "今の担当者の拠点から離れた側" in dialog.intro.text()
    dialog.address_edit.setText("東京都新宿区西新宿2丁目8-1")
    assert dialog.intro.text().startswith("入力した拠点の周りに")
    assert "離れた側" not in dialog.intro.text() and "「東京エリア」" in dialog.intro.text()
    dialog.address_edit.setText("   ")  # blanks are no address
    assert "今の担当者の拠点から離れた側" in dialog.intro.text()
