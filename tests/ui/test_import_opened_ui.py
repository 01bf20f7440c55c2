"""The main window after a first import: the import window's notice went with it, and a list
without coordinates opened on an empty map that said nothing. The status line now says how
many customers came in and, first, that none is on the map yet and how to place them."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from planner.i18n import set_language
from planner.synthetic import synthetic_plan
from planner.ui import file_actions
from planner.ui.import_dialog import ImportDialog
from planner.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("isolated")


def _open_through_the_import_window(window: MainWindow, path: str) -> None:
    """ファイル → 顧客リストから新規プラン: the real import window, its Import then 「プランを開く」."""

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ImportDialog):
            QTimer.singleShot(50, drive)
            return
        dialog.imported.connect(lambda _result: dialog.accept_button.click())
        dialog.start_import()

    QTimer.singleShot(0, drive)
    window.actions_ui.files.import_sheet(path)


def _window(qtbot) -> MainWindow:
    window = MainWindow(synthetic_plan(20, territories=2), "")
    qtbot.addWidget(window)
    window.actions_ui.files.ask_save_changes = lambda: file_actions.DISCARD
    window.show()
    return window


def test_a_list_without_coordinates_says_in_the_window_why_the_map_is_empty(
        qtbot, tmp_path) -> None:
    set_language("ja")
    path = tmp_path / "得意先一覧.csv"
    lines = ["得意先CD,得意先名,住所,担当者",
             "1000,山崎クリニック,東京都千代田区東京4丁目7-16,鈴木 一郎",
             "1001,合同会社双葉マート,神奈川県横浜市港北区新横浜2丁目4-12,伊藤 由美",
             "合計,,,"]
    path.write_bytes("\r\n".join(lines).encode("cp932"))
    window = _window(qtbot)
    _open_through_the_import_window(window, str(path))
    assert len(window.actions_ui.files.doc.plan.customers) == 2
    assert window.statusBar().currentMessage() == (
        "2件に地図上の位置がありません（リストに座標がなく、住所から位置を求めていません）。"
        "インターネットに接続してから、ファイル→顧客リストを更新…で同じリストを選び、「新規顧客・"
        "住所が変わった顧客・位置のない顧客の位置を住所から求める（オンライン）」にチェックを入れて"
        "位置を求めてください。2件の顧客を取り込みました。")


def test_a_list_with_positions_says_how_many_came_in(qtbot, tmp_path) -> None:
    set_language("ja")
    path = tmp_path / "list.csv"
    path.write_text("顧客名,住所,緯度,経度\n山田商店,東京都新宿区1,35.69,139.70\n",
                    encoding="utf-8")
    window = _window(qtbot)
    _open_through_the_import_window(window, str(path))
    assert window.statusBar().currentMessage() == "1件の顧客を取り込みました。"
