"""Help → Getting started: the welcome line over the sample, once dismissed, was the only
guide from a customer list to the reps' route sheets; the Help menu held only the keyboard
shortcuts and About."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.main_window import MainWindow
from planner.ui.menu_table import without_access_key

pytestmark = pytest.mark.usefixtures("isolated")


def test_help_opens_the_steps_naming_the_menus_as_the_japanese_window_shows_them(qtbot):
    set_language("ja")
    window = MainWindow(synthetic_plan(40, territories=2), "")
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.actions_ui.retranslate()
    help_menu = window.actions_ui.menus["help"]
    first = help_menu.actions()[0]
    assert without_access_key(first.text()) == "使い方"
    first.trigger()
    box = window.findChild(QMessageBox, "getting_started")
    assert box is not None and box.isVisible()
    text = box.text()
    assert text.startswith("自社の顧客でプランを作る手順")
    assert "「座標のない行の位置を住所から求める（オンライン）」にチェック" in text  # its box
    # the window's own names, without access keys or the trailing "…"
    for path in ("ファイル → 顧客リスト（Excel・CSV）から新規プラン:", "スケジュール → 訪問頻度のルール:",
                 "テリトリー → 自動設計:", "スケジュール → カレンダー作成:",
                 "ファイル → Excel に出力、"):
        assert path in text
    assert "(&" not in text and "…:" not in text and "{" not in text
    # the homes file before the design: without it the territories grow from anywhere
    assert "（先に「テリトリー → 担当者の拠点をファイルから読み込む」で担当者の拠点を読み込むと" in text
    box.close()


def test_the_toolbar_starts_with_importing_a_customer_list(qtbot):
    """A manager's first step, their own list, had no toolbar button (open, save, undo …
    auto-design, calendar, Excel): only File → New plan from spreadsheet… in the menu."""
    set_language("ja")
    window = MainWindow(synthetic_plan(40, territories=2), "")
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    ui = window.actions_ui
    ui.retranslate()
    first = ui.toolbar.actions()[0]
    assert first is ui.actions["new"]
    assert first.iconText() == "顧客リストを取り込む"  # short on the button
    assert first.toolTip() == "顧客リスト（Excel・CSV）から新規プラン…"  # the menu's words on hover
    assert without_access_key(first.text()) == "顧客リスト（Excel・CSV）から新規プラン…"  # the menu


def test_the_welcome_line_points_at_the_import_button_and_the_steps(qtbot):
    """The welcome line named only File → New plan from spreadsheet…, not the toolbar's
    first button nor Help → Getting started, the two a first-time manager looks for."""
    set_language("ja")
    window = MainWindow(synthetic_plan(40, territories=2), "")
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    ui = window.actions_ui
    ui.show_banner()
    ui.retranslate()
    said = ui._banner_label.text()
    assert f"「{ui.actions['new'].iconText()}」" in said
    assert without_access_key(ui.actions["new"].text()) in said
    help_first = without_access_key(ui.menus["help"].actions()[0].text())
    assert f"ヘルプ → {help_first}" in said
