"""Qt's own dialogs in the Japanese window: Qt's catalogue plus ours for what it lacks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from planner.i18n import set_language
from planner.resources import resource_path
from planner.ui.qt_translation import install_qt_translator


def _file_dialog_labels() -> dict[str, str]:
    dialog = QFileDialog(None, "", str(Path.home()), "CSV (*.csv)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    try:
        return {label.objectName(): label.text() for label in dialog.findChildren(QLabel)}
    finally:
        dialog.deleteLater()


def test_the_file_dialog_names_its_fields_in_japanese(qtbot):
    """Qt's qtbase_ja has "Look in:" but not the dialog's "&Look in:" (nor "Files of &type:"):
    a Japanese window's open dialog said "Look in:" and "Files of type:" in English."""
    app = QApplication.instance()
    set_language("ja")
    try:
        install_qt_translator(app)
        labels = _file_dialog_labels()
        folder = QCoreApplication.translate("QAbstractFileIconProvider", "Folder")
    finally:
        set_language("en")
        install_qt_translator(app)
    assert labels["lookInLabel"] == "場所(&L):"
    assert labels["fileTypeLabel"] == "ファイルの種類(&T):"
    assert folder == "フォルダ"  # the Type column of the file list
    assert labels["fileNameLabel"] == "ファイル名(&N):"  # Qt's own catalogue still answers
    assert _file_dialog_labels()["lookInLabel"] == "&Look in:"  # and English is English again


def test_the_compiled_catalogue_is_the_compiled_source(tmp_path):
    """resources/i18n/qt_ja.qm is what lrelease makes of qt_ja.ts (an edit of the .ts without
    compiling it would not reach the window)."""
    tool = shutil.which("pyside6-lrelease") or str(Path(PySide6.__file__).parent / "lrelease")
    out = tmp_path / "qt_ja.qm"
    subprocess.run([tool, str(resource_path("i18n", "qt_ja.ts")), "-qm", str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == resource_path("i18n", "qt_ja.qm").read_bytes()
