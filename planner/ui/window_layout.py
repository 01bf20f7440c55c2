"""The main window's layout between sessions: its size, its docks, the customer list's columns."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray
from PySide6.QtWidgets import QMainWindow

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
