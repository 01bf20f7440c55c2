"""Qt's own dialogs (buttons of QMessageBox, QFileDialog …) in the current language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from planner.i18n import language

_installed: list[QTranslator] = []


def install_qt_translator(app: QApplication) -> bool:
    """Load Qt's bundled ``qtbase_<lang>`` catalogue for the current language; True if loaded."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    code = language()
    QLocale.setDefault(
        QLocale(QLocale.Language.Japanese if code == "ja" else QLocale.Language.English)
    )
    if code == "en":
        return False
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(f"qtbase_{code}", path):
        app.installTranslator(translator)
        _installed.append(translator)
        return True
    return False
