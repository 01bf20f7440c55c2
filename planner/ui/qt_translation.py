"""Qt's own dialogs (buttons of QMessageBox, QFileDialog …) in the current language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from planner.i18n import language
from planner.resources import resource_path

_installed: list[QTranslator] = []


def install_qt_translator(app: QApplication) -> bool:
    """Load Qt's bundled ``qtbase_<lang>`` catalogue for the current language, and our own
    ``resources/i18n/qt_<lang>.qm`` for the few texts it lacks; True if Qt's loaded."""
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
    if not translator.load(f"qtbase_{code}", path):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    gaps = QTranslator(app)
    if gaps.load(str(resource_path("i18n", f"qt_{code}.qm"))):
        app.installTranslator(gaps)  # asked first: installed last
        _installed.append(gaps)
    return True
