"""UI tests: offscreen Qt, the web engine set up before pytest-qt creates the QApplication."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import PySide6.QtWebEngineWidgets  # noqa: E402,F401 - must load before the QApplication exists

from planner.ui import web_setup  # noqa: E402

web_setup.before_application()


import pytest  # noqa: E402


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """Settings and autosaves in tmp_path, English unless a test switches (window tests)."""
    from planner.i18n import set_language
    from planner.ui import settings_store

    monkeypatch.setenv("PLANNER_DATA_DIR", str(tmp_path / "data"))
    settings_store.use_file(str(tmp_path / "settings.ini"))
    set_language("en")
    yield
    settings_store.use_file(None)
    set_language(None)


@pytest.fixture
def program_font(qapp):
    """The application's font as the program sets it: the bundled Japanese font after the
    system's, so that docks take their real widths and pictures show the Japanese."""
    from planner.ui.app import register_fonts

    before = qapp.font()
    font = qapp.font()
    font.setFamilies([font.family(), register_fonts()])
    qapp.setFont(font)
    yield
    qapp.setFont(before)
