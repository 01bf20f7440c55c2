"""What QtWebEngine needs before the QApplication exists (URL schemes, shared GL contexts)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt

_done = False


def before_application() -> None:
    """Call once before creating the QApplication."""
    global _done
    if _done:
        return
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    try:
        from planner.ui.map_scheme import register_scheme
    except ModuleNotFoundError:
        register_scheme = None
    if register_scheme is not None:
        register_scheme()
    _done = True
