"""Windows and dialogs sized within the screen they open on.

A 1280×720 laptop at 150 % leaves 853×480 logical pixels (less the task bar): a dialog
asked for 900×620 would put its buttons below the screen. Every window that sets its own
size goes through :func:`fit_to_screen`; a window whose size was restored from the
settings (made on a larger screen) through :func:`clamp_to_screen`.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

#: The share of the available screen a window may take at most: room for its title bar
#: and frame, which the window's own size leaves out.
WIDTH_SHARE = 0.95
HEIGHT_SHARE = 0.9


def available_room(widget: QWidget) -> QRect | None:
    """The available geometry (without task bars) of the screen ``widget`` opens on."""
    screen = widget.screen()
    parent = widget.parentWidget()
    if parent is not None and parent.window().screen() is not None:
        screen = parent.window().screen()  # a dialog opens over its window
    if screen is None:
        screen = QGuiApplication.primaryScreen()
    return None if screen is None else screen.availableGeometry()


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize ``widget`` to ``width`` × ``height``, or smaller so that it fits its screen."""
    room = available_room(widget)
    if room is not None:
        width = min(width, int(room.width() * WIDTH_SHARE))
        height = min(height, int(room.height() * HEIGHT_SHARE))
    widget.resize(width, height)


def clamp_to_screen(widget: QWidget) -> None:
    """After a restored geometry: no larger than the available room, and on it."""
    room = available_room(widget)
    if room is None or widget.isMaximized() or widget.isFullScreen():
        return
    frame = widget.frameGeometry()
    extra_w = max(0, frame.width() - widget.width())
    extra_h = max(0, frame.height() - widget.height())
    width = min(widget.width(), room.width() - extra_w)
    height = min(widget.height(), room.height() - extra_h)
    if (width, height) != (widget.width(), widget.height()):
        widget.resize(width, height)
    frame = widget.frameGeometry()
    x = min(max(frame.x(), room.left()), room.right() + 1 - frame.width())
    y = min(max(frame.y(), room.top()), room.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        widget.move(max(x, room.left()), max(y, room.top()))
