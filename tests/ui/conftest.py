"""UI tests: offscreen Qt, the web engine set up before pytest-qt creates the QApplication."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--no-sandbox --disable-gpu")

import PySide6.QtWebEngineWidgets  # noqa: E402,F401 - must load before the QApplication exists

from planner.ui import web_setup  # noqa: E402

web_setup.before_application()
