"""The main window's layout between sessions: its size, its docks, the customer list's columns."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow

from planner.ui import settings_store
from planner.ui.screen_fit import clamp_to_screen


def save_layout(window: QMainWindow, customer_panel: Any) -> None:
    """Remember the window's size, dock layout and the customer list's column widths."""
    settings_store.set_window_state(bytes(window.saveGeometry().data()),
                                    bytes(window.saveState().data()))
    settings_store.set_customer_columns(customer_panel.column_widths())


def restore_layout(window: QMainWindow, customer_panel: Any) -> None:
    """Put them back as the user left them, the window on the screen (it may be smaller)."""
    geometry, state = settings_store.window_state()
    if geometry:
        window.restoreGeometry(QByteArray(geometry))
        clamp_to_screen(window)  # saved on a larger screen
    if state:
        window.restoreState(QByteArray(state))
    widths = settings_store.customer_columns()
    if widths:
        customer_panel.set_column_widths(widths)


def widen_dock(window: QMainWindow, dock: QDockWidget, wanted: int) -> None:
    """Widen a docked ``dock`` to ``wanted`` (at most 40 % of the window) when its table's
    texts outgrew it: names from a homes file, a plan opened, hid the territory table's sales
    behind a scroll bar. Never narrowed: a width the manager chose stays."""
    if dock.isFloating() or not dock.isVisible():
        return
    wanted = min(wanted, window.width() * 2 // 5)
    if wanted > dock.width():
        window.resizeDocks([dock], [wanted], Qt.Orientation.Horizontal)
