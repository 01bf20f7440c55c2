"""``--screenshot OUT.png``: wait until the window has drawn the plan, save a picture, exit."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from planner.i18n import tr

TIMEOUT_MS = 60_000
SETTLE_MS = 400  # let the compositor paint the last frame after "ready"


def save_when_ready(app: QApplication, window: QWidget, out: str) -> int:
    """Run the event loop until ``window`` is ready, grab it to ``out``; 0 on success, 1 on timeout."""
    result = {"status": 1}

    def grab() -> None:
        pixmap = window.grab()
        if pixmap.isNull() or not pixmap.save(out):
            print(tr("Could not save the screenshot to {path}.", path=out), file=sys.stderr)
            result["status"] = 1
        else:
            result["status"] = 0
        app.quit()

    def on_ready() -> None:
        QTimer.singleShot(SETTLE_MS, grab)

    def on_timeout() -> None:
        print(tr("The map did not become ready within 60 seconds."), file=sys.stderr)
        result["status"] = 1
        app.quit()

    ready_signal = getattr(window, "readyForScreenshot", None)
    if ready_signal is not None and not getattr(window, "is_ready", lambda: False)():
        ready_signal.connect(on_ready)
    else:
        QTimer.singleShot(0, on_ready)
    timer = QTimer(window)
    timer.setSingleShot(True)
    timer.timeout.connect(on_timeout)
    timer.start(TIMEOUT_MS)
    app.exec()
    return result["status"]
